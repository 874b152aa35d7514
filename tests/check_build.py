"""Small disclosures built by hand for rule tests: each test states the printed facts it needs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from yusuan.check.engine import check, select_rules
from yusuan.check.findings import Finding
from yusuan.extract.indicator_values import parse_value
from yusuan.model import (
    Amount,
    Disclosure,
    Indicator,
    IndicatorValueModel,
    Passage,
    Project,
    SourceRef,
    TableModel,
    TableRow,
    ThreePublic,
)


def amt(value: str, line: int = 1) -> Amount:
    return Amount(value=Decimal(value), raw=f"{value}万元", source=f"doc.txt:{line}")


def ind(
    level3: str,
    raw: str,
    category2: str = "数量",
    category1: str = "产出",
    description: str | None = None,
) -> Indicator:
    v = parse_value(raw)
    value = IndicatorValueModel(
        raw=v.raw, operator=v.operator, number=v.number, unit=v.unit, text=v.text
    )  # type: ignore[arg-type]
    return Indicator(
        level1=category1 + "指标",
        level2=category2 + "指标",
        level3=level3,
        category1=category1,
        category2=category2,
        description=description,
        value=value,
        source="doc.txt:10",
    )


def project(name: str = "办案业务经费", **kw: Any) -> Project:
    return Project(name=name, source="doc.txt:5", **kw)


def passages(*texts: str, section: str = "overview") -> list[Passage]:
    return [Passage(section=section, text=t, source=f"doc.txt:{n}") for n, t in enumerate(texts, 1)]


def disclosure(**kw: Any) -> Disclosure:
    kw.setdefault("year", 2023)
    return Disclosure(source=SourceRef(path="doc.txt", sha256="0", format="text"), **kw)


def findings(d: Disclosure, code: str) -> list[Finding]:
    return [f for f in check(d, select_rules([code])).findings if f.code == code]


def status(d: Disclosure, code: str) -> str:
    report = check(d, select_rules([code]))
    return next(c.status for c in report.coverage if c.code == code)


# --- printed forms shared by rule tests and the mutation tests ----------------------------


def signed(v: str) -> Amount:
    return Amount(value=Decimal(v), raw=f"{v.lstrip('-')}万元", source="doc.txt:3")


def tp(change: str, **parts: str) -> ThreePublic:
    return ThreePublic(
        total=amt("12.5"), change=signed(change), changes={k: signed(v) for k, v in parts.items()}
    )


ASSETS = (
    "本年度拟购置固定资产总额为72.51万元，包括：高清球机38台，每台0.87万元，计32.87万元；配电箱38个，"
    "每个0.08万元，计3.04万元；云存储服务器1台，26.95万元；云存储软件1套，9.65万元。已按要求列入政府采购预算。"
)


def row(name: str, side: str, value: str | None, col: str) -> TableRow:
    return TableRow(
        name=name, side=side, values={col: amt(value) if value else None}, source="doc.txt:9"
    )


def final_summary(total_out: str) -> TableModel:
    i, o = "收入/决算数", "支出/决算数"
    return TableModel(
        kind="final_income_expenditure_summary",
        title="收入支出决算总表",
        columns=[i, o],
        rows=[
            row("一、一般公共预算财政拨款收入", "收入", "2940.05", i),
            row("二、其他收入", "收入", "6.20", i),
            row("本年收入合计", "收入", "2946.25", i),
            row("年初结转和结余", "收入", "49.14", i),
            row("总计", "收入", "2995.39", i),
            row("一、一般公共服务支出", "支出", "2940.05", o),
            row("本年支出合计", "支出", "2940.05", o),
            row("年末结转和结余", "支出", "55.34", o),
            row("总计", "支出", total_out, o),
        ],
    )


def three_columns(total: str) -> TableModel:
    head = "财政拨款“三公”经费/"
    cols = [
        head + "合计/预算数",
        head + "因公出国（境）费/预算数",
        head + "公务用车购置及运行费/小计/预算数",
        head + "公务用车购置及运行费/公务用车购置费/预算数",
        head + "公务用车购置及运行费/公务用车运行费/预算数",
        head + "公务接待费/预算数",
    ]
    values = [total, "0", "2.00", "0", "2.00", "0.95"]
    return TableModel(
        kind="final_three_public",
        title="财政拨款“三公”经费支出决算表",
        columns=cols,
        rows=[TableRow(values={c: amt(v) for c, v in zip(cols, values, strict=True)})],
    )

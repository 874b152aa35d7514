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

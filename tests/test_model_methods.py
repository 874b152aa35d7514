"""What the model answers itself: every amount of a disclosure, a table's total row and column."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import (
    Amount,
    Disclosure,
    Project,
    SourceRef,
    TableModel,
    TableRow,
)
from yusuan.model.disclosure import AssetItem


def _a(v: str, where: str = "t.txt:1") -> Amount:
    return Amount(value=Decimal(v), raw=v, source=where)


def _two_sided() -> TableModel:
    return TableModel(
        kind="income_expenditure_summary",
        title="收支预算总表",
        columns=["收入/预算数", "支出/预算数"],
        rows=[
            TableRow(name="一、一般公共预算拨款", side="收入", values={"收入/预算数": _a("80")}),
            TableRow(name="二、政府性基金", side="收入", values={"收入/预算数": _a("20")}),
            TableRow(name="收 入 总 计", side="收入", values={"收入/预算数": _a("100")}),
            TableRow(name="一、一般公共服务支出", side="支出", values={"支出/预算数": _a("70")}),
            TableRow(name="支出总计", side="支出", values={"支出/预算数": _a("100")}),
        ],
    )


def test_rows_and_columns_of_one_side() -> None:
    t = _two_sided()
    assert [r.name for r in t.rows_on("支出")] == ["一、一般公共服务支出", "支出总计"]
    assert t.row("政府性基金", side="收入") is t.rows[1]  # numbering does not count
    assert t.row("政府性基金", side="支出") is None
    assert t.column("预算数", side="支出") == "支出/预算数"
    assert t.total_row() is None  # 收入总计 is not 合计/总计/共计 by itself


def test_total_row_and_column() -> None:
    t = TableModel(
        kind="expenditure",
        title="支出预算总表",
        columns=["科目名称", "合计", "基本支出/小计", "项目支出"],
        rows=[
            TableRow(code="201", name="一般公共服务支出", values={"合计": _a("5")}),
            TableRow(name="合 计", values={"合计": _a("9"), "项目支出": _a("4")}),
        ],
    )
    assert t.total_row() is t.rows[1]
    assert t.total_column() == "合计"
    assert t.column("基本支出") == "基本支出/小计"
    assert t.total() == _a("9")
    # Jiangsu 支出预算总表: one unnamed line of amounts under a 合计 column.
    one = TableModel(kind="expenditure", title="x", columns=["合计"], rows=[TableRow(values={})])
    assert one.total_row() is one.rows[0]


def test_amounts_walks_every_amount_in_section_order() -> None:
    d = Disclosure(source=SourceRef(path="t.txt", sha256="0", format="text"))
    d.overview.income_total = _a("100", "t.txt:3")
    d.overview.basic = _a("60", "t.txt:4")
    d.overview.income_by_source = {"财政拨款收入": _a("80", "t.txt:3")}
    d.three_public.total = _a("2", "t.txt:9")
    d.three_public.changes = {"reception": _a("-1", "t.txt:9")}
    d.tables = [_two_sided()]
    d.performance.projects = [
        Project(name="p", budget=_a("4"), amounts={"预算数": _a("4")}),
    ]
    d.assets.items = [AssetItem(category="车辆", value=_a("30"))]
    got = [(at.section, at.key, at.amount.value) for at in d.amounts()]
    assert got == [
        ("overview", "income_total", 100),
        ("overview", "basic", 60),
        ("income_by_source", "财政拨款收入", 80),
        ("three_public", "total", 2),
        ("three_public_changes", "reception", -1),
        ("table", "收入/预算数", 80),
        ("table", "收入/预算数", 20),
        ("table", "收入/预算数", 100),
        ("table", "支出/预算数", 70),
        ("table", "支出/预算数", 100),
        ("project", "budget", 4),
        ("project_amounts", "预算数", 4),
        ("asset_item", "value", 30),
    ]
    by_section = {at.section: at for at in d.amounts()}
    assert by_section["income_by_source"].path == "overview.income_by_source.财政拨款收入"
    assert by_section["three_public"].path == "three_public.total"
    assert by_section["three_public_changes"].path == "three_public.changes.reception"
    assert by_section["table"].table is d.tables[0]
    assert by_section["table"].holder is d.tables[0].rows[-1]
    assert by_section["asset_item"].holder is d.assets.items[0]

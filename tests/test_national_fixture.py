"""A hand-written disclosure in the national (财政部) template — a layout no seed uses.

tests/fixtures/national_2024.txt: "第一部分/第二部分" parts, "（一）机关运行经费" sub-headings under
"其他重要事项的情况说明", tables in 元 with a "项目 预算数 | 项目 预算数" header. Expected values
are the figures written into that file.
"""

from decimal import Decimal
from pathlib import Path

from yusuan.check.engine import check
from yusuan.extract import extract
from yusuan.readers import read_document

D = Decimal
FIXTURE = Path(__file__).parent / "fixtures" / "national_2024.txt"
d = extract(read_document(FIXTURE))


def test_header_and_duties() -> None:
    assert (d.unit.name, d.year, d.kind) == ("某县自然资源局", 2024, "budget")
    assert d.unit.nature == "行政单位" and d.unit.rank == "正科级"
    assert len(d.responsibilities) == 3
    assert [g.term for g in d.glossary] == ["机关运行经费", "“三公”经费"]


def test_narrative_figures() -> None:
    ov = d.overview
    assert ov.income_total and ov.income_total.value == D("1250.40")
    assert {k: v.value for k, v in ov.income_by_source.items()} == {
        "一般公共预算拨款收入": D("1200.40"),
        "政府性基金预算拨款收入": D("50.00"),
    }
    assert (ov.basic.value, ov.project.value) == (D("820.30"), D("430.10"))  # type: ignore[union-attr]
    assert (ov.personnel.value, ov.public_operating.value) == (D("700.10"), D("120.20"))  # type: ignore[union-attr]
    # "收入预算总额比上年增加…", "支出预算比上年增加…": said of each total apart.
    assert ov.changes["income_total"].value == ov.changes["expenditure_total"].value == D("100.40")
    assert ov.changes["basic"].value == D("20.30") and ov.changes["project"].value == D("80.10")


def test_sub_headings_under_other_matters() -> None:
    assert d.operating_costs.amount and d.operating_costs.amount.value == D("120.20")
    assert d.operating_costs.change and d.operating_costs.change.value == D("-3.00")
    tp = d.three_public
    assert [
        getattr(tp, k).value for k in ("total", "vehicle_total", "vehicle_operation", "reception")
    ] == [
        D("8.00"),
        D("6.00"),
        D("6.00"),
        D("2.00"),
    ]
    assert tp.change and tp.change.value == D("-1.00") and tp.reason
    assert d.procurement.total and d.procurement.total.value == D("50.00")


def test_tables_in_yuan_become_wan_yuan() -> None:
    summary, expenditure = d.tables
    assert summary.kind == "income_expenditure_summary"
    income = {r.name: r.values["收入/预算数"] for r in summary.rows if r.side == "收入"}
    assert income["一、一般公共预算拨款收入"].value == D("1200.4")  # type: ignore[union-attr]
    assert income["一、一般公共预算拨款收入"].raw == "12004000.00"  # type: ignore[union-attr]
    rows = {r.code: r for r in expenditure.rows if r.code}
    assert rows["2200101"].values["基本支出"].value == D("820.3")  # type: ignore[union-attr]
    assert rows["2200104"].values["基本支出"] is None


def test_check_runs_the_identities_and_finds_nothing_wrong() -> None:
    report = check(d)
    assert not [f for f in report.findings if f.severity == "error"]
    passed = {c.code for c in report.coverage if c.status == "passed"}
    assert {
        "T001",
        "T002",
        "T003",
        "T005",
        "T007",
        "T009",
        "N001",
        "N002",
        "N003",
        "N005",
    } <= passed

"""N: figures of the narrative agree with each other and with the tables. Each test changes one
figure of the text of county_2024.txt; the expected values are the figures written there."""

from __future__ import annotations

from tests.rules.conftest import (
    BASE,
    BASIC,
    EXPENDITURE,
    SUMMARY,
    D,
    Run,
    assert_passes,
    edit,
    line_of,
)
from yusuan.check.findings import Finding

INCOME_LINE = "2024年收入预算总额"
SPENDING_LINE = "2024年支出预算总额"
CHANGE_LINE = "支出预算比上年增加"
OPERATING_LINE = "2024年机关运行经费"
THREE_LINE = "2024年“三公”经费预算"


def test_N001_income_is_the_sum_of_its_sources(run: Run) -> None:
    # 一般公共预算拨款收入 500.00 + 政府性基金预算拨款收入 100.00 = 600.00; the text says 610.00.
    doc = run(edit(BASE, "收入预算总额600.00万元", "收入预算总额610.00万元"))
    f = doc.one("N001")
    assert {loc.line for loc in f.locations} == {line_of(doc.text, INCOME_LINE)}
    assert [loc.text for loc in f.locations] == ["610.00万元", "500.00万元", "100.00万元"]
    assert (f.expected, f.actual) == (D("600.00"), D("610.00"))
    assert f.arithmetic == "500.00 + 100.00 = 600.00 ≠ 610.00"
    assert_passes("N001")


def test_N002_spending_is_basic_plus_project(run: Run) -> None:
    doc = run(edit(BASE, "项目支出300.00万元", "项目支出310.00万元"))
    f = doc.one("N002")
    assert {loc.line for loc in f.locations} == {line_of(doc.text, SPENDING_LINE)}
    assert (f.expected, f.actual) == (D("610.00"), D("600.00"))
    assert f.arithmetic == "300.00 + 310.00 = 610.00 ≠ 600.00"
    assert_passes("N002")


def test_N003_basic_is_personnel_plus_public(run: Run) -> None:
    doc = run(edit(BASE, "人员经费250.00万元", "人员经费260.00万元"))
    f = doc.one("N003")
    assert [loc.text for loc in f.locations] == ["300.00万元", "260.00万元", "50.00万元"]
    assert {loc.line for loc in f.locations} == {line_of(doc.text, SPENDING_LINE)}
    assert (f.expected, f.actual) == (D("310.00"), D("300.00"))
    assert f.arithmetic == "260.00 + 50.00 = 310.00 ≠ 300.00"
    assert_passes("N003")


def test_N004_income_equals_spending(run: Run) -> None:
    # Income 600.00 (and its sources) unchanged; the spending total and its parts say 610.00.
    text = edit(BASE, "支出预算总额600.00万元", "支出预算总额610.00万元")
    doc = run(edit(text, "项目支出300.00万元", "项目支出310.00万元"))
    assert doc.of("N002") == []
    f = doc.one("N004")
    assert [loc.line for loc in f.locations] == [
        line_of(doc.text, INCOME_LINE),
        line_of(doc.text, SPENDING_LINE),
    ]
    assert (f.expected, f.actual) == (D("600.00"), D("610.00"))
    assert f.arithmetic == "收入 600.00 ≠ 支出 610.00"
    assert_passes("N004")


def test_N005_three_public_total_is_the_sum_of_three(run: Run) -> None:
    # 因公出国（境）费 0 + 公务用车 8.00 + 公务接待费 2.00 = 10.00; the text says 11.00.
    doc = run(edit(BASE, "“三公”经费预算10.00万元", "“三公”经费预算11.00万元"))
    f = doc.one("N005")
    assert {loc.line for loc in f.locations} == {line_of(doc.text, THREE_LINE)}
    assert (f.expected, f.actual) == (D("10.00"), D("11.00"))
    assert f.arithmetic == "0 + 8.00 + 2.00 = 10.00 ≠ 11.00"
    assert_passes("N005")


def test_N006_vehicle_is_purchase_plus_operation(run: Run) -> None:
    doc = run(edit(BASE, "公务用车购置及运行费8.00万元", "公务用车购置及运行费9.00万元"))
    f = doc.one("N006")
    assert [loc.text for loc in f.locations] == ["9.00万元", "0万元", "8.00万元"]
    assert (f.expected, f.actual) == (D("8.00"), D("9.00"))
    assert f.arithmetic == "0 + 8.00 = 8.00 ≠ 9.00"
    assert_passes("N006")


def test_N007_total_change_is_basic_plus_project_change(run: Run) -> None:
    # 基本支出 +20.00 + 项目支出 +30.00 = +50.00; the text says the total rose 60.00.
    doc = run(edit(BASE, "比上年增加50.00万元", "比上年增加60.00万元"))
    f = doc.one("N007")
    assert {loc.line for loc in f.locations} == {line_of(doc.text, CHANGE_LINE)}
    assert (f.expected, f.actual) == (D("50.00"), D("60.00"))
    assert f.arithmetic == "20.00 + 30.00 = 50.00 ≠ 60.00"
    assert_passes("N007")


def test_N008_basic_change_counts_a_decrease_as_negative(run: Run) -> None:
    # 人员经费 +15.00, 公用经费 now "减少5.00": 15.00 − 5.00 = 10.00 ≠ 基本支出 +20.00.
    doc = run(edit(BASE, "公用经费增加5.00万元", "公用经费减少5.00万元"))
    f = doc.one("N008")
    assert [loc.text for loc in f.locations] == ["20.00万元", "15.00万元", "5.00万元"]
    assert {loc.line for loc in f.locations} == {line_of(doc.text, CHANGE_LINE)}
    assert (f.expected, f.actual) == (D("10.00"), D("20.00"))
    assert f.arithmetic == "15.00 + -5.00 = 10.00 ≠ 20.00"
    assert_passes("N008")


def test_N009_operating_cost_change_is_this_year_less_last(run: Run) -> None:
    # 50.00 this year, 45.00 in 2023: an increase of 5.00, printed as a decrease.
    doc = run(edit(BASE, "比上年增加5.00万元", "比上年减少5.00万元", after="机关运行经费"))
    f = doc.one("N009")
    assert {loc.line for loc in f.locations} == {line_of(doc.text, OPERATING_LINE)}
    assert (f.expected, f.actual) == (D("5.00"), D("-5.00"))
    assert f.arithmetic == "50.00 − 45.00 = 5.00 ≠ -5.00"
    assert_passes("N009")


def test_N010_operating_costs_equal_the_public_funds_of_the_text(run: Run) -> None:
    doc = run(edit(BASE, "财政拨款预算50.00万元", "财政拨款预算55.00万元"))
    f = doc.one("N010")
    assert [loc.line for loc in f.locations] == [
        line_of(doc.text, SPENDING_LINE),
        line_of(doc.text, OPERATING_LINE),
    ]
    assert (f.expected, f.actual) == (D("50.00"), D("55.00"))
    assert f.arithmetic == "公用经费 50.00 ≠ 机关运行经费 55.00"
    assert_passes("N010")


def test_N011_operating_costs_equal_the_basic_table_public_funds(run: Run) -> None:
    doc = run(edit(BASE, "财政拨款预算50.00万元", "财政拨款预算55.00万元"))
    f = doc.one("N011")
    assert (f.locations[0].table, f.locations[0].column) == (BASIC, "公用经费")
    assert f.locations[0].line == line_of(doc.text, "\t合计\t300.00\t250.00\t50.00")
    assert f.locations[1].line == line_of(doc.text, OPERATING_LINE)
    assert (f.expected, f.actual) == (D("50.00"), D("55.00"))
    assert f.arithmetic == "基本支出表公用经费 50.00 ≠ 机关运行经费 55.00"
    assert_passes("N011")


def _text_vs_table(doc_text: str, f: Finding, text_line: str, table_line: tuple[str, str]) -> None:
    """The text's figure first, then the table's cell (below the title ``table_line[0]``)."""
    locs = f.locations
    assert locs[0].line == line_of(doc_text, text_line)
    assert locs[1].line == line_of(doc_text, table_line[1], after=table_line[0])


def test_N012_income_in_the_text_is_the_summary_income(run: Run) -> None:
    doc = run(edit(BASE, "收入预算总额600.00万元", "收入预算总额610.00万元"))
    f = doc.one("N012")
    _text_vs_table(doc.text, f, INCOME_LINE, (SUMMARY, "本年收入合计"))
    assert (f.expected, f.actual) == (D("600.00"), D("610.00"))
    assert f.arithmetic == "表 600.00 ≠ 文字 610.00"
    assert_passes("N012")


def test_N013_spending_in_the_text_is_the_expenditure_table_total(run: Run) -> None:
    doc = run(edit(BASE, "支出预算总额600.00万元", "支出预算总额610.00万元"))
    f = doc.one("N013")
    _text_vs_table(doc.text, f, SPENDING_LINE, (EXPENDITURE, "\t合计\t600.00"))
    assert (f.expected, f.actual) == (D("600.00"), D("610.00"))
    assert f.arithmetic == "表 600.00 ≠ 文字 610.00"
    assert_passes("N013")


def test_N014_basic_in_the_text_is_the_expenditure_table_basic(run: Run) -> None:
    doc = run(edit(BASE, "基本支出300.00万元", "基本支出310.00万元"))
    f = doc.one("N014")
    _text_vs_table(doc.text, f, SPENDING_LINE, (EXPENDITURE, "\t合计\t600.00"))
    assert f.locations[1].column == "基本支出"
    assert (f.expected, f.actual) == (D("300.00"), D("310.00"))
    assert_passes("N014")


def test_N015_project_in_the_text_is_the_expenditure_table_project(run: Run) -> None:
    doc = run(edit(BASE, "项目支出300.00万元", "项目支出310.00万元"))
    f = doc.one("N015")
    _text_vs_table(doc.text, f, SPENDING_LINE, (EXPENDITURE, "\t合计\t600.00"))
    assert f.locations[1].column == "项目支出"
    assert (f.expected, f.actual) == (D("300.00"), D("310.00"))
    assert_passes("N015")


def test_N016_personnel_in_the_text_is_the_basic_table_personnel(run: Run) -> None:
    doc = run(edit(BASE, "人员经费250.00万元", "人员经费260.00万元"))
    f = doc.one("N016")
    _text_vs_table(doc.text, f, SPENDING_LINE, ("基本支出表", "\t合计\t300.00"))
    assert f.locations[1].column == "人员经费"
    assert (f.expected, f.actual) == (D("250.00"), D("260.00"))
    assert f.arithmetic == "表 250.00 ≠ 文字 260.00"
    assert_passes("N016")


def test_N017_three_public_in_the_text_is_the_table(run: Run) -> None:
    doc = run(edit(BASE, "公务接待费2.00万元", "公务接待费3.00万元"))
    f = doc.one("N017")
    assert f.message == "文字说明中的公务接待费与《2024年部门“三公”经费支出表》不一致。"
    _text_vs_table(doc.text, f, THREE_LINE, ("“三公”经费支出表", "公务接待费\t2.00"))
    assert (f.expected, f.actual) == (D("2.00"), D("3.00"))
    assert_passes("N017")


# The “三公” table as many units print it: last year's column first, then this year's.
TWO_YEARS = (
    BASE.replace(
        "项目\t预算数\n合计\t10.00", "项目\t2023年预算数\t2024年预算数\n合计\t11.00\t10.00"
    )
    .replace("因公出国（境）费\t0.00", "因公出国（境）费\t0.00\t0.00")
    .replace("公务用车购置及运行费\t8.00", "公务用车购置及运行费\t8.00\t8.00")
    .replace("其中：公务用车购置费\t0.00", "其中：公务用车购置费\t0.00\t0.00")
    .replace("公务用车运行费\t8.00", "公务用车运行费\t8.00\t8.00")
    .replace("公务接待费\t2.00", "公务接待费\t3.00\t2.00")
)


def test_N017_compares_the_text_with_this_years_column(run: Run) -> None:
    doc = run(TWO_YEARS)
    assert doc.of("T010") == []  # both columns add up
    assert doc.of("N017") == []


def test_N018_procurement_in_the_text_is_the_table_total(run: Run) -> None:
    doc = run(edit(BASE, "政府采购预算总额30.00万元", "政府采购预算总额35.00万元"))
    f = doc.one("N018")
    assert [loc.line for loc in f.locations] == [
        line_of(doc.text, "政府采购预算总额"),
        line_of(doc.text, "合计\t\t\t\t\t\t\t30.00"),
    ]
    assert (f.expected, f.actual) == (D("30.00"), D("35.00"))
    assert f.arithmetic == "表 30.00 ≠ 文字 35.00"
    assert_passes("N018")


def test_N019_assets_in_the_text_are_the_table_total(run: Run) -> None:
    doc = run(edit(BASE, "固定资产金额为500.00万元", "固定资产金额为510.00万元"))
    f = doc.one("N019")
    assert [loc.line for loc in f.locations] == [
        line_of(doc.text, "上年末固定资产金额"),
        line_of(doc.text, "合计\t--\t500.00"),
    ]
    assert (f.expected, f.actual) == (D("500.00"), D("510.00"))
    assert f.arithmetic == "表 500.00 ≠ 文字 510.00"
    assert_passes("N019")


def test_N020_income_sources_in_the_text_are_the_summary_lines(run: Run) -> None:
    doc = run(edit(BASE, "政府性基金预算拨款收入100.00万元", "政府性基金预算拨款收入110.00万元"))
    f = doc.one("N020")
    _text_vs_table(doc.text, f, INCOME_LINE, (SUMMARY, "二、政府性基金预算拨款收入"))
    assert (f.expected, f.actual) == (D("100.00"), D("110.00"))
    assert f.arithmetic == "表 100.00 ≠ 文字 110.00"
    assert_passes("N020")


def test_N021_planned_purchase_is_not_the_asset_stock(run: Run) -> None:
    doc = run(edit(BASE, "拟购置固定资产总额为10.00万元", "拟购置固定资产总额为500.00万元"))
    f = doc.one("N021")
    assert f.message == "本年拟购置固定资产 500.00 万元与上年末固定资产总额相同，疑似复制错误。"
    assert [loc.line for loc in f.locations] == [line_of(doc.text, "拟购置固定资产")] * 2
    assert f.actual == D("500.00")
    assert_passes("N021")

"""X: the same quantity agrees across tables. Each test changes one table of county_2024.txt."""

from __future__ import annotations

from tests.rules.conftest import (
    BASE,
    BASIC,
    EXPENDITURE,
    FISCAL,
    FUND,
    GENERAL,
    INCOME,
    SUMMARY,
    D,
    Run,
    assert_passes,
    edit,
    line_of,
)


def test_X001_summary_income_total_is_the_income_table_total(run: Run) -> None:
    doc = run(edit(BASE, "\t合计\t600.00\t600.00", "\t合计\t660.00\t600.00", after=INCOME))
    f = doc.one("X001")
    assert [(loc.table, loc.line) for loc in f.locations] == [
        (SUMMARY, line_of(doc.text, "收入总计", after=SUMMARY)),
        (INCOME, line_of(doc.text, "\t合计\t660.00")),
    ]
    assert (f.expected, f.actual) == (D("600.00"), D("660.00"))
    assert f.arithmetic == f"《{SUMMARY}》600.00 ≠ 《{INCOME}》660.00"
    assert_passes("X001")


def test_X002_summary_year_expenditure_is_the_expenditure_table_total(run: Run) -> None:
    doc = run(edit(BASE, "\t合计\t600.00\t300.00", "\t合计\t650.00\t300.00", after=EXPENDITURE))
    f = doc.one("X002")
    assert [(loc.table, loc.line, loc.column) for loc in f.locations] == [
        (SUMMARY, line_of(doc.text, "本年支出合计", after=SUMMARY), "支出/预算数"),
        (EXPENDITURE, line_of(doc.text, "\t合计\t650.00"), "合计"),
    ]
    assert (f.expected, f.actual) == (D("600.00"), D("650.00"))
    assert_passes("X002")


def test_X003_general_public_table_matches_the_fiscal_summary(run: Run) -> None:
    # 财政拨款收支总表 本年支出合计, 一般公共预算 column: 500.00 printed 520.00.
    doc = run(
        edit(BASE, "本年支出合计\t600.00\t500.00", "本年支出合计\t600.00\t520.00", after=FISCAL)
    )
    f = doc.one("X003")
    assert [(loc.table, loc.line, loc.column) for loc in f.locations] == [
        (GENERAL, line_of(doc.text, "\t合计\t500.00", after=GENERAL), "合计"),
        (FISCAL, line_of(doc.text, "本年支出合计", after=FISCAL), "支出/一般公共预算"),
    ]
    assert (f.expected, f.actual) == (D("500.00"), D("520.00"))
    assert f.arithmetic == f"《{GENERAL}》500.00 ≠ 《{FISCAL}》520.00"
    assert_passes("X003")


def test_X004_general_public_basic_is_the_basic_table_total(run: Run) -> None:
    doc = run(edit(BASE, "\t合计\t300.00\t250.00", "\t合计\t310.00\t250.00", after=BASIC))
    f = doc.one("X004")
    assert [(loc.table, loc.line, loc.column) for loc in f.locations] == [
        (GENERAL, line_of(doc.text, "\t合计\t500.00", after=GENERAL), "基本支出"),
        (BASIC, line_of(doc.text, "\t合计\t310.00"), "合计"),
    ]
    assert (f.expected, f.actual) == (D("300.00"), D("310.00"))
    assert_passes("X004")


def test_X005_fund_table_matches_the_fiscal_summary(run: Run) -> None:
    doc = run(edit(BASE, "\t合计\t100.00\t\t100.00", "\t合计\t110.00\t\t100.00", after=FUND))
    f = doc.one("X005")
    assert [(loc.table, loc.line, loc.column) for loc in f.locations] == [
        (FUND, line_of(doc.text, "\t合计\t110.00"), "合计"),
        (FISCAL, line_of(doc.text, "本年支出合计", after=FISCAL), "支出/政府性基金预算"),
    ]
    assert (f.expected, f.actual) == (D("110.00"), D("100.00"))
    assert_passes("X005")


def test_X006_state_capital_spending_needs_its_table(run: Run) -> None:
    # The fiscal summary now spends 20.00 of 国有资本经营预算; its table stays an empty table.
    doc = run(edit(BASE, "\t500.00\t100.00\t0.00", "\t500.00\t100.00\t20.00", after=FISCAL))
    f = doc.one("X006")
    assert f.message == "财政拨款收支总表有国有资本经营预算支出，但国有资本经营预算支出表为空表。"
    loc = f.locations[0]
    assert (loc.table, loc.line, loc.column) == (
        FISCAL,
        line_of(doc.text, "本年支出合计", after=FISCAL),
        "支出/国有资本经营预算",
    )
    assert f.actual == D("20.00")
    assert_passes("X006")


def test_X007_general_public_is_within_total_spending_per_code(run: Run) -> None:
    # 支出总表 2040220 执法办案 180.00 while the 一般公共预算支出表 spends 200.00 on it.
    doc = run(
        edit(BASE, "2040220\t执法办案\t200.00\t\t200.00", "2040220\t执法办案\t180.00\t\t180.00")
    )
    found = doc.of("X007")
    assert [loc.column for f in found for loc in f.locations[:1]] == ["合计", "项目支出"]
    for f in found:
        assert [(loc.table, loc.line) for loc in f.locations] == [
            (GENERAL, line_of(doc.text, "2040220", after=GENERAL)),
            (EXPENDITURE, line_of(doc.text, "2040220", after=EXPENDITURE)),
        ]
        assert (f.expected, f.actual, f.arithmetic) == (D("180.00"), D("200.00"), "200.00 > 180.00")
    assert_passes("X007")


def test_X008_income_table_total_is_the_expenditure_table_total(run: Run) -> None:
    doc = run(edit(BASE, "\t合计\t600.00\t600.00", "\t合计\t660.00\t600.00", after=INCOME))
    f = doc.one("X008")
    assert [(loc.table, loc.line) for loc in f.locations] == [
        (INCOME, line_of(doc.text, "\t合计\t660.00")),
        (EXPENDITURE, line_of(doc.text, "\t合计\t600.00", after=EXPENDITURE)),
    ]
    assert (f.expected, f.actual) == (D("660.00"), D("600.00"))
    assert f.arithmetic == f"《{INCOME}》660.00 ≠ 《{EXPENDITURE}》600.00"
    assert_passes("X008")


def test_X009_summary_income_lines_match_the_fiscal_summary(run: Run) -> None:
    doc = run(
        edit(BASE, "一、一般公共预算拨款\t500.00", "一、一般公共预算拨款\t510.00", after=FISCAL)
    )
    f = doc.one("X009")
    assert [(loc.table, loc.line) for loc in f.locations] == [
        (SUMMARY, line_of(doc.text, "一、一般公共预算拨款收入", after=SUMMARY)),
        (FISCAL, line_of(doc.text, "一、一般公共预算拨款\t510.00")),
    ]
    assert (f.expected, f.actual) == (D("500.00"), D("510.00"))
    assert_passes("X009")


def test_X010_project_budgets_are_within_project_spending(run: Run) -> None:
    # 执法办案经费 200.00 + 土地整理项目 150.00 = 350.00 > 项目支出 300.00.
    doc = run(edit(BASE, "预算数\t100.00", "预算数\t150.00", after="土地整理项目绩效目标表"))
    f = doc.one("X010")
    assert f.message == "2 个项目绩效目标表的预算之和大于项目支出总额。"
    assert f.locations[0].line == line_of(doc.text, "\t合计\t600.00\t300.00\t300.00")
    assert (f.expected, f.actual) == (D("300.00"), D("350.00"))
    assert f.arithmetic == "Σ 项目预算 350.00 > 项目支出 300.00"
    assert_passes("X010")


def test_X011_department_target_table_matches_the_budget(run: Run) -> None:
    doc = run(edit(BASE, "\t项目支出\t300.00", "\t项目支出\t320.00", after="部门整体绩效目标表"))
    f = doc.one("X011")
    assert f.message == "部门绩效目标表的项目支出与预算表不一致。"
    assert [loc.line for loc in f.locations] == [
        line_of(doc.text, "\t合计\t600.00\t300.00\t300.00"),
        line_of(doc.text, "\t项目支出\t320.00"),
    ]
    assert (f.expected, f.actual) == (D("300.00"), D("320.00"))
    assert_passes("X011")

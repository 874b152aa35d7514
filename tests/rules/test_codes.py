"""C: classification codes. Each test changes one code or name in county_2024.txt."""

from __future__ import annotations

from tests.rules.conftest import (
    BASE,
    BASIC,
    EXPENDITURE,
    INCOME,
    Run,
    assert_passes,
    drop,
    edit,
    line_of,
)


def test_C001_code_belongs_to_the_table_system(run: Run) -> None:
    # A functional-looking 202… code in the 基本支出表, which uses the economic 30x codes.
    doc = run(edit(BASE, "30211\t差旅费", "20211\t差旅费"))
    f = doc.one("C001")
    assert f.message == f"《{BASIC}》中的科目编码 20211 不属于该表应使用的分类体系。"
    assert (f.locations[0].line, f.locations[0].table) == (line_of(doc.text, "20211"), BASIC)
    assert f.actual == "20211"
    assert_passes("C001")


def test_C002_code_that_cannot_be_a_code(run: Run) -> None:
    # The code printed into the name cell, one digit short: "2040 公安".
    doc = run(edit(BASE, "20402\t公安", "\t2040 公安", after=EXPENDITURE))
    f = doc.one("C002")
    assert f.message == f"《{EXPENDITURE}》中“2040公安”的科目编码无法识别。"
    assert f.locations[0].line == line_of(doc.text, "2040 公安")
    assert_passes("C002")


def test_C002_malformed_code_in_the_code_column(run: Run) -> None:
    doc = run(edit(BASE, "20402\t公安", "2040\t公安", after=EXPENDITURE))
    (f,) = doc.of("C002")
    assert f.locations[0].line == line_of(doc.text, "2040\t公安")


def test_C003_item_needs_its_parent_codes(run: Run) -> None:
    doc = run(drop(BASE, "21208\t国有土地", after=EXPENDITURE))
    f = doc.one("C003")
    assert f.message == (
        f"《{EXPENDITURE}》列出了 2120899 其他国有土地使用权出让收入安排的支出，"
        "但没有列出其上级科目 21208。"
    )
    assert f.locations[0].line == line_of(doc.text, "2120899", after=EXPENDITURE)
    assert f.expected == "21208"
    assert_passes("C003")


def test_C004_code_not_in_the_code_list(run: Run) -> None:
    doc = run(edit(BASE, "30102\t津贴补贴", "30104\t社会保障缴费"))
    f = doc.one("C004")
    assert f.message == "科目编码 30104 社会保障缴费 不在已收录的编码表中，请对照当年科目表确认。"
    assert f.locations[0].line == line_of(doc.text, "30104")
    assert f.actual == "30104"
    assert_passes("C004")


def test_C005_name_matches_the_code(run: Run) -> None:
    doc = run(edit(BASE, "30201\t办公费", "30201\t印刷费"))
    f = doc.one("C005")
    assert f.message == "科目 30201 的名称“印刷费”与编码表中的“办公费”不一致。"
    assert f.locations[0].line == line_of(doc.text, "30201")
    assert (f.expected, f.actual) == ("办公费", "印刷费")
    assert_passes("C005")


def test_C005_a_former_name_is_the_rename_rule_s_finding_not_a_mismatch() -> None:
    """210 printed "医疗卫生与计划生育支出": right for 2018, renamed from 2019 (W006 says so
    once; C005 does not report it again as a wrong name)."""
    from tests.check_build import disclosure, findings
    from yusuan.model import TableModel, TableRow

    def table(name: str) -> TableModel:
        return TableModel(
            kind="expenditure",
            title="支出总表",
            columns=["合计"],
            rows=[TableRow(code="210", name=name, values={}, source="doc.txt:9")],
        )

    old = table("医疗卫生与计划生育支出")
    for year in (2018, 2024):
        assert findings(disclosure(year=year, tables=[old]), "C005") == []
    assert len(findings(disclosure(year=2024, tables=[old]), "W006")) == 1
    assert findings(disclosure(year=2018, tables=[old]), "W006") == []
    assert len(findings(disclosure(year=2024, tables=[table("教育支出")]), "C005")) == 1


def test_C006_code_once_per_table(run: Run) -> None:
    doc = run(edit(BASE, "2040220\t执法办案", "2040201\t执法办案", after=EXPENDITURE))
    f = doc.one("C006")
    assert f.message == f"《{EXPENDITURE}》中科目编码 2040201 出现了两次。"
    first = line_of(doc.text, "2040201", after=EXPENDITURE)
    assert [loc.line for loc in f.locations] == [first, first + 1]
    assert_passes("C006")


def test_C007_one_name_per_code_across_tables(run: Run) -> None:
    doc = run(edit(BASE, "2040220\t执法办案", "2040220\t办案业务", after="一般公共预算支出表"))
    f = doc.one("C007")
    assert f.message == (
        f"科目 2040220 在《{INCOME}》中名为“执法办案”，"
        "在《2024年部门一般公共预算支出表》中名为“办案业务”。"
    )
    assert [loc.line for loc in f.locations] == [
        line_of(doc.text, "2040220", after=INCOME),
        line_of(doc.text, "2040220\t办案业务"),
    ]
    assert (f.expected, f.actual) == ("执法办案", "办案业务")
    assert_passes("C007")


def test_C008_procurement_catalogue_number(run: Run) -> None:
    # 13 digits after the letter: no catalogue number is that long.
    doc = run(edit(BASE, "A02010105", "A020101050001"))
    f = doc.one("C008")
    assert f.message == "采购品目“执法记录仪”的目录序号“A020101050001”格式不正确。"
    assert f.locations[0].line == line_of(doc.text, "执法记录仪")
    assert_passes("C008")

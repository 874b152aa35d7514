"""Reading what other provinces print: header forms, narrative phrasings, 决算 wording, table
layouts of text copies, partial documents. Small hand-written documents, one behaviour each;
the real corpus (tests/test_real_corpus.py) checks the same on published files."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yusuan.extract import extract
from yusuan.model import Disclosure
from yusuan.readers import read_document


def read(tmp_path: Path, text: str, name: str = "doc.txt") -> Disclosure:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(read_document(path))


# --- header facts ------------------------------------------------------------------------------


def test_the_cover_label_names_the_unit_not_the_first_sentence(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "上海市某区2025年区级部门预算\n预算主管部门：上海市某区人民政府某街道办事处\n\n目 录\n"
        "一、部门主要职能\n二、部门预算编制说明\n\n2025年部门预算编制说明\n"
        "2025年，某街道办事处收入预算18,976.76万元，其中：财政拨款收入18,976.76万元，"
        "比2024年预算增加3,355.65万元。支出预算18,976.76万元。\n",
    )
    assert d.unit.name == "上海市某区人民政府某街道办事处"
    assert (d.year, d.kind, d.scope) == (2025, "budget", "department")
    assert d.overview.income_total is not None and d.overview.income_total.value == D("18976.76")
    assert d.overview.changes["财政拨款收入"].value == D("3355.65")


def test_a_title_broken_over_two_cover_lines(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "2018 年度某省高级\n人民法院预算公开\n2018年2月24日\n\n"
        "一、收支预算总体情况说明\n收入、支出预算总计 33,172.15 万元。\n",
    )
    assert (d.unit.name, d.year) == ("某省高级人民法院", 2018)


def test_unit_before_the_year_and_scope_unit(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "某区社会福利院2024年单位预算\n预算单位：某区社会福利院\n\n2024年单位预算编制说明\n"
        "2024年，某区社会福利院收入预算1,212.12万元，其中：财政拨款收入950.12万元；事业收入\n"
        "262.00万元。\n",
    )
    assert (d.unit.name, d.scope) == ("某区社会福利院", "unit")
    # The sentence goes on after the line break: 事业收入 keeps its amount.
    assert d.overview.income_by_source["事业收入"].value == D("262.00")


def test_final_accounts_kind_and_a_part_heading_never_names_the_unit(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "某区财政局\n2024年度部门决算\n\n目 录\n第一部分 某区财政局概况\n第二部分 某区财政局2024年度部门决算表\n"
        "\n第一部分 某区财政局概况\n一、主要职能\n（一）负责财政工作。\n"
        "第二部分 某区财政局2024年度部门决算表\n",
    )
    assert (d.unit.name, d.year, d.kind, d.scope) == (
        "某区财政局",
        2024,
        "final_accounts",
        "department",
    )


def test_the_year_comes_from_the_title_not_the_most_frequent_year(tmp_path: Path) -> None:
    compared = "2023年预算执行数为10.00万元，比2023年增加1.00万元。" * 5
    d = read(tmp_path, f"某局2024年部门预算\n\n二、部门预算安排的总体情况\n{compared}\n")
    assert d.year == 2024


def test_a_year_inside_a_name_is_not_the_budget_year(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "某局部门预算\n预算年度：2024\n单位：某局\n\n"
        "二、部门预算安排的总体情况\n24年预算资金安排100.00万元。\n2024年收入预算100.00万元。\n",
    )
    assert d.year == 2024


def test_cpc_unit_names(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "中国共产党某县委员会办公室2024年部门预算\n\n二、部门预算安排的总体情况\n收入预算10万元。\n",
    )
    assert d.unit.name == "中国共产党某县委员会办公室"


# --- narrative figures -----------------------------------------------------------------------


def test_jiangsu_phrasing(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "某厅2018年度部门预算\n\n第三部分 2018年度部门预算情况说明\n一、收支预算总体情况说明\n"
        "某厅2018年度收入、支出预算总计10,150.48万元，与上年相比收、支预算总计各增加 1,003.69 万元。\n"
        "（一）收入预算总计 10,150.48 万元。包括：\n"
        "1.财政拨款收入预算总计 10,070.48 万元。\n"
        "（1）一般公共预算收入预算 10,070.48 万元，与上年相比增加 1,003.69 万元。\n"
        "2.其他资金收入预算总计 80 万元，与上年数一致。\n"
        "（二）支出预算总计 10,150.48 万元。包括：\n"
        "1.一般公共服务（类）支出 7,827.46 万元，与上年相比增加 1,283.91 万元。\n"
        "此外，基本支出预算数为 5,678.17 万元。与上年相比减少238.10 万元。\n"
        "项目支出预算数为 3,314.68 万元。与上年相比未发生变化。\n"
        "四、财政拨款收支预算总体情况说明\n财政拨款收、支总预算 10,070.48 万元。\n",
    )
    ov = d.overview
    assert ov.income_total and ov.income_total.value == D("10150.48")
    assert ov.expenditure_total and ov.expenditure_total.value == D("10150.48")
    assert {k: v.value for k, v in ov.income_by_source.items()} == {
        "财政拨款收入": D("10070.48"),
        "一般公共预算收入": D("10070.48"),
        "其他资金收入": D("80"),
    }
    assert {k: v.value for k, v in ov.changes.items()} == {
        "total": D("1003.69"),
        "一般公共预算收入": D("1003.69"),
        "其他资金收入": D("0"),
        "basic": D("-238.10"),
        "project": D("0"),
    }
    assert ov.basic and ov.basic.value == D("5678.17")


def test_spending_of_one_fund_is_not_the_total(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "某局2024年部门预算\n\n2024年部门预算编制说明\n"
        "支出预算15621.11万元，其中：财政拨款支出预算15621.11万元，比2023年预算减少876.75万元；"
        "政府性基金拨款支出预算0.00万元，与2023年预算持平。\n",
    )
    assert d.overview.expenditure_total and d.overview.expenditure_total.value == D("15621.11")
    assert d.overview.changes == {}


def test_amounts_in_yuan_in_the_text(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "某局2024年部门预算\n\n二、部门预算安排的总体情况\n2024年收入预算1,234,500.00元，比上年增加10,000元。\n",
    )
    assert d.overview.income_total and d.overview.income_total.value == D("123.45")
    assert d.overview.changes["income_total"].value == D("1")


def test_final_accounts_phrasing(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "某局\n2024年度部门决算\n\n第三部分 某局2024年度部门决算情况说明\n"
        "一、收入支出决算总体情况说明\n某局2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元。\n"
        "二、收入决算情况说明\n本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.2万元。\n"
        "三、支出决算情况说明\n本年支出合计2940.05万元，其中：基本支出2336.91万元；项目支出603.14万元，比年初预算增加3.00万元。\n"
        "七、财政拨款“三公”经费支出决算情况说明\n"
        "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%。"
        "其中：因公出国（境）费年初预算数1.00万元。\n"
        "2024年度“三公”经费财政拨款支出决算数与2023年度持平。\n"
        "（一）机关运行经费支出情况\n2024年度机关运行经费支出184.65万元，比年初预算减少1.00万元。\n",
    )
    ov = d.overview
    assert ov.income_total and ov.income_total.value == D("2946.25")
    assert ov.expenditure_total and ov.expenditure_total.value == D("2940.05")
    assert ov.project and ov.project.value == D("603.14")
    assert "project" not in ov.changes  # against 年初预算, not against last year
    tp = d.three_public
    assert tp.total and tp.total.value == D("0.00")  # the 决算 figure, not the 年初预算
    assert tp.change and tp.change.value == 0
    assert tp.outbound and tp.outbound.value == D("1.00")  # only the budget is printed: kept
    assert d.operating_costs.amount and d.operating_costs.amount.value == D("184.65")


def test_nothing_arranged_is_zero(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "某局2024年部门预算\n\n四、“三公”经费预算情况说明\n"
        "2024年“三公”经费预算5.00万元。本年无因公出国（境）费用预算。公务用车购置为 0，与上年持平。"
        "公务接待费5.00万元。\n五、机关运行经费\n2024年本单位无机关运行经费。\n",
    )
    tp = d.three_public
    assert (tp.outbound.value, tp.vehicle_purchase.value) == (0, 0)  # type: ignore[union-attr]
    assert tp.reception and tp.reception.value == D("5.00")
    assert d.operating_costs.amount and d.operating_costs.amount.value == 0


def test_traditional_characters(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "某局2024年部門預算\n\n三、機關運行經費安排情況\n2024年機關運行經費預算20.00萬元，比上年減少1.00萬元。\n",
    )
    oc = d.operating_costs
    assert oc.amount and oc.amount.value == D("20.00")
    assert oc.change and oc.change.value == D("-1.00")
    assert oc.amount.raw == "20.00万元" and oc.amount.source.endswith(":4")


# --- tables in text copies -------------------------------------------------------------------


def test_pipe_and_space_aligned_tables(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "某局2024年部门预算\n\n2024年部门收支总表\n单位：万元\n"
        "| 项目 | 预算数 | 项目 | 预算数 |\n|---|---|---|---|\n"
        "| 一、一般公共预算拨款收入 | 300.50 | 一、社会保障和就业支出 | 320.50 |\n"
        "| 二、政府性基金预算拨款收入 | 20.00 | | |\n"
        "| 收入总计 | 320.50 | 支出总计 | 320.50 |\n\n"
        "2024年部门支出总表\n单位：元\n"
        "科目编码    科目名称              合计          基本支出      项目支出\n"
        "            合计                3,205,000.00  2,000,000.00  1,205,000.00\n"
        "208         社会保障和就业支出    3,205,000.00  2,000,000.00  1,205,000.00\n",
    )
    summary, spending = d.tables
    assert summary.kind == "income_expenditure_summary"
    totals = [r for r in summary.rows if r.name in ("收入总计", "支出总计")]
    assert [next(iter(r.values.values())).value for r in totals] == [D("320.50")] * 2  # type: ignore[union-attr]
    assert spending.kind == "expenditure" and [r.code for r in spending.rows] == [None, "208"]
    assert [v.value for v in spending.rows[1].values.values()] == [  # type: ignore[union-attr]
        D("320.5"),
        D("200"),
        D("120.5"),
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["201", "20101", "2010101", "208", "20805"]),
            st.sampled_from(["一般公共服务支出", "行政运行", "社会保障和就业支出"]),
            st.decimals(min_value=0, max_value=99999, places=2),
        ),
        min_size=2,
        max_size=8,
    )
)
def test_space_aligned_rows_keep_every_amount(rows: list[tuple[str, str, D]]) -> None:
    from yusuan.readers.text import parse_text

    lines = ["科目编码    科目名称        金额"] + [f"{c}    {n}      {v:,.2f}" for c, n, v in rows]
    (table,) = parse_text("\n".join(lines), "x.txt")
    got = [[c.text for c in r] for r in table.rows[1:]]  # type: ignore[union-attr]
    assert got == [[c, n, f"{v:,.2f}"] for c, n, v in rows]


# --- partial documents and tables of contents ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "某局2024年“三公”经费预算情况说明\n2024年“三公”经费预算10.00万元，比上年减少1.00万元。\n",
        "某局2023年度部门决算情况说明\n一、收入支出决算总体情况说明\n本年收入合计100.00万元。\n",
    ],
)
def test_a_part_of_a_disclosure_is_read_for_what_it_states(tmp_path: Path, text: str) -> None:
    d = read(tmp_path, text)
    assert d.year in (2023, 2024)
    assert d.three_public.total or d.overview.income_total


def test_a_table_of_contents_opens_no_section_and_no_table(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "某局2024年部门预算\n目 录\n一、部门主要职能……………1\n二、部门收支总表…………3\n"
        "三、政府性基金预算支出表……4\n\n一、部门主要职能\n（一）负责某项工作。\n",
    )
    assert d.tables == []  # the contents lines name tables but are none
    assert d.responsibilities == ["（一）负责某项工作。"]


def test_a_misprinted_code_stays_as_printed_and_becomes_no_other_code() -> None:
    """Digits in the code columns that make no code are kept in front of the name (C002 sees
    them), never read again as a different valid code; a 款 printed without its 0 is read."""
    from yusuan.blocks import Cell, Source
    from yusuan.extract.tables import _label_of

    def cells(*texts: str) -> list[Cell]:
        return [Cell(t, Source("t.txt", line=1)) for t in texts]

    assert _label_of(cells("2040", "2", "行政运行"), ["行政运行"], [0, 1]) == (
        "2040 2 行政运行",
        None,
    )
    assert _label_of(cells("2040", "公安"), ["公安"], [0]) == ("2040 公安", None)
    assert _label_of(cells("301", "2", "津贴补贴"), ["津贴补贴"], [0, 1]) == ("津贴补贴", "30102")

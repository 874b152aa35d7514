"""The reviewer's check sheet (`yusuan check FILE... -f review`): one row per required item,
是/否 with the problems found for it, 无法判断 where yusuan cannot judge, and a summary sheet."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.check_build import amt, disclosure, passages
from tests.conftest import seed_path
from yusuan.check.engine import check
from yusuan.check.review import NO, UNKNOWN, YES, items_for, review_workbook
from yusuan.cli import app
from yusuan.model import Overview


def _items(d: object) -> dict[str, tuple[str, str]]:
    report = check(d)  # type: ignore[arg-type]
    return {i.name: (i.verdict(), i.problems()) for i in items_for(d, report)}  # type: ignore[arg-type]


def test_a_wrong_sum_in_the_narrative_marks_the_explanation() -> None:
    ov = Overview(
        basic=amt("5089.05", 40), personnel=amt("4820.17", 40), public_operating=amt("988.88", 40)
    )
    d = disclosure(
        overview=ov, narrative=passages("二、部门预算安排的总体情况", "基本支出5089.05万元。")
    )
    items = _items(d)
    verdict, problems = items["预算编制说明"]
    assert verdict == NO and "N003" in problems and "第40行" in problems
    assert items["及时性"][0] == UNKNOWN
    assert items["目录"] == (NO, "未见目录。")


def test_items_present_and_clean_say_yes() -> None:
    d = disclosure(
        narrative=passages("目录", "一、主要职能", section="toc")
        + passages("一、主要职能", "负责全区财政工作。", section="duties")
        + passages("八、名词解释", "“三公”经费：指……", section="glossary")
    )
    items = _items(d)
    assert items["目录"][0] == YES and items["主要职能"][0] == YES and items["名词解释"][0] == YES
    assert items["收支总表"][0] == NO  # not published


def test_cli_writes_one_sheet_per_disclosure_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "检查表.xlsx"
    files = [str(seed_path("000")), str(seed_path("004"))]
    result = CliRunner().invoke(app, ["check", *files, "-f", "review", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 3
    summary = list(wb["汇总"].iter_rows(values_only=True))
    assert summary[0][:5] == ("序号", "单位名称", "年度", "文件", "不符合项数")
    assert [r[1] for r in summary[1:]] == [
        "河北省廊坊市公安局安次分局",
        "唐山市公安局高新技术产业开发区分局(本级)",
    ]
    sheet = wb.worksheets[1]
    header = {r[0]: r[1] for r in sheet.iter_rows(max_row=5, values_only=True) if r[0]}
    assert header["单位名称"] == "河北省廊坊市公安局安次分局" and header["年度"] == 2020
    rows = {r[1]: (r[2], r[3]) for r in sheet.iter_rows(min_row=8, values_only=True)}
    # 000 says 基本支出 5089.05 where its parts add to 5809.05 (a known transposition).
    assert rows["预算编制说明"][0] == NO and "N003" in rows["预算编制说明"][1]
    names = list(rows)
    assert names[:7] == [
        "及时性",
        "封面",
        "目录",
        "主要职能",
        "机构设置",
        "名词解释",
        "预算编制说明",
    ]
    assert names[-2:] == ["其他相关说明", "项目经费情况说明"] and len(names) == 18


def test_workbook_of_nothing_is_only_a_summary() -> None:
    wb = load_workbook(io.BytesIO(review_workbook([])))
    assert wb.sheetnames == ["汇总"]


def test_a_summary_over_budgets_and_final_accounts_names_both() -> None:
    """The summary's columns hold the same item for every disclosure: where 预算 and 决算
    name it differently, the header gives both names."""
    budget, final = disclosure(kind="budget"), disclosure(kind="final_accounts")
    wb = load_workbook(
        io.BytesIO(review_workbook([(budget, check(budget)), (final, check(final))]))
    )
    head = next(wb["汇总"].iter_rows(values_only=True))
    assert "预算编制说明/决算情况说明" in head
    assert "收支总表/收入支出决算总表" in head
    assert "目录" in head  # named alike in both


def test_the_address_stops_where_the_chinese_text_begins() -> None:
    from yusuan.check.review import _url

    d = disclosure(narrative=passages("已在http://www.czj.gov.cn/yjsgk公开，请查阅。"))
    assert _url(d) == "http://www.czj.gov.cn/yjsgk"


def test_a_finding_in_a_budget_table_of_a_final_account_goes_to_its_table() -> None:
    """A 决算 whose table reads as a budget kind: its finding is still that table's item."""
    from yusuan.check.findings import Finding, Location
    from yusuan.check.review import _item_of

    f = Finding(code="T001", severity="error", message="x", locations=[Location(table="支出表")])
    kinds = {"final_expenditure": "支出决算表"}
    assert _item_of(f, {"支出表": "expenditure"}, kinds) == "支出决算表"
    assert _item_of(f, {"支出表": "final_expenditure"}, kinds) == "支出决算表"

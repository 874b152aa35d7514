"""D: the disclosure holds what the rules require. Each test leaves one part out of
county_2024.txt."""

from __future__ import annotations

import pytest

from tests.rules.conftest import BASE, Run, assert_passes, drop, edit, line_of

THREE_LINE = "2024年“三公”经费预算"


def test_D001_the_eight_tables(run: Run) -> None:
    doc = run(
        drop(BASE, "2024年部门政府性基金预算支出表", "2120899", after="一般公共预算基本支出表")
    )
    f = doc.one("D001")
    assert f.message == "未公开政府性基金预算支出表。"
    assert f.expected == "政府性基金预算支出表"
    assert_passes("D001")


def test_D002_the_state_capital_table(run: Run) -> None:
    doc = run(drop(BASE, "2024年部门国有资本经营预算支出表", "注：本部门无国有资本"))
    f = doc.one("D002")
    assert f.message == "未公开国有资本经营预算支出表。"
    assert_passes("D002")


def test_D003_an_empty_table_says_why(run: Run) -> None:
    doc = run(drop(BASE, "注：本部门无国有资本经营预算支出"))
    f = doc.one("D003")
    assert f.message == "《2024年部门国有资本经营预算支出表》没有数据，但未注明空表及原因。"
    assert f.locations[0].line == line_of(doc.text, "2024年部门国有资本经营预算支出表")
    assert_passes("D003")


def test_D004_three_public_split_into_its_parts(run: Run) -> None:
    doc = run(edit(BASE, "公务用车购置费0万元，", ""))
    f = doc.one("D004")
    assert f.message == "“三公”经费未分项说明：缺少公务用车购置费。"
    assert (f.locations[0].line, f.locations[0].text) == (
        line_of(doc.text, THREE_LINE),
        "10.00万元",
    )
    assert_passes("D004")


@pytest.mark.parametrize(
    ("old", "new", "message", "at"),
    [
        ("，主要原因是压减公务接待", "", "“三公”经费比上年有增减，但未说明原因。", "1.00万元"),
        (
            "比上年减少1.00万元，主要原因是压减公务接待。",
            "",
            "“三公”经费未说明与上年相比的增减情况。",
            "10.00万元",
        ),
    ],
    ids=["no reason", "no change"],
)
def test_D005_three_public_change_and_its_reason(
    run: Run, old: str, new: str, message: str, at: str
) -> None:
    doc = run(edit(BASE, old, new, after=THREE_LINE))
    f = doc.one("D005")
    assert f.message == message
    assert (f.locations[0].line, f.locations[0].text) == (line_of(doc.text, THREE_LINE), at)
    assert_passes("D005")


def test_D006_every_part_of_the_narrative(run: Run) -> None:
    doc = run(drop(BASE, "第四部分 名词解释", "2、“三公”经费"))
    f = doc.one("D006")
    assert f.message == "文字说明缺少“名词解释”。"
    assert_passes("D006")


def test_D007_money_unit_stated(run: Run) -> None:
    doc = run(BASE.replace("\n单位：万元\n", "\n"))
    f = doc.one("D007")
    assert f.message == "未注明金额单位。"
    assert_passes("D007")


def test_D008_table_year_is_the_document_year(run: Run) -> None:
    doc = run(edit(BASE, "2024年部门一般公共预算支出表", "2023年部门一般公共预算支出表"))
    f = doc.one("D008")
    assert f.message == "《2023年部门一般公共预算支出表》的年度与文件年度 2024 不一致。"
    assert f.locations[0].line == line_of(doc.text, "2023年部门一般公共预算支出表")
    assert (f.expected, f.actual) == ("2024", "2023")
    assert_passes("D008")


def test_D009_glossary_explains_three_public_and_operating_costs(run: Run) -> None:
    doc = run(drop(BASE, "2、“三公”经费："))
    f = doc.one("D009")
    assert f.message.startswith("名词解释中没有") and "“三公”经费" in f.message
    assert_passes("D009")


def test_D010_project_targets_published(run: Run) -> None:
    doc = run(drop(BASE, "1、执法办案经费绩效目标表", "受益群众满意度"))
    f = doc.one("D010")
    assert f.message == "未公开项目绩效目标。"
    assert_passes("D010")


def test_D011_procurement_split_into_goods_works_services(run: Run) -> None:
    doc = run(edit(BASE, "，其中：货物类10.00万元，工程类0万元，服务类20.00万元", ""))
    f = doc.one("D011")
    assert f.message == "政府采购说明未写明货物、工程、服务的构成。"
    assert f.locations[0].line == line_of(doc.text, "2024年政府采购预算总额")
    assert_passes("D011")

"""W001–W008: wording and form. A case each rule must find and a close case it must not;
texts follow the wording of real disclosures."""

from __future__ import annotations

from tests.check_build import disclosure, findings, passages

# --- wording ---------------------------------------------------------------------------------------


def test_W001_doubled_punctuation() -> None:
    assert len(findings(disclosure(narrative=passages("深入落实从优待警举措。。")), "W001")) == 1
    assert (
        len(findings(disclosure(narrative=passages("加快视频智能化应用建设，。推进")), "W001")) == 1
    )
    assert findings(disclosure(narrative=passages("详见下表……如下。")), "W001") == []


def test_W002_unbalanced_marks() -> None:
    open_quote = passages("实现政治、社会、法律“三个效果的统一。", "下一段。")
    assert len(findings(disclosure(narrative=open_quote), "W002")) == 1
    broken = passages("依据《中华人民共和国", "预算法》编制。")
    listed = passages("1）加强组织领导。")
    assert findings(disclosure(narrative=broken + listed), "W002") == []


def test_W003_broken_off_sentence() -> None:
    d = disclosure(
        narrative=passages("公务用车购置费0万元，与2023年预算持平，主要原因是。其中：运行费0万元。")
    )
    assert len(findings(d, "W003")) == 1
    fine = passages("项目支出的日常公用经费支出不再列入其中。预决算持平的不用说明变动原因。")
    assert findings(disclosure(narrative=fine), "W003") == []


def test_W004_comparison_year() -> None:
    d = disclosure(year=2020, narrative=passages("“三公”经费比2018年减少0.31万元。"))
    assert findings(d, "W004")[0].actual == "2018"
    fine = disclosure(year=2020, narrative=passages("比2019年减少0.31万元，与2020年持平。"))
    assert findings(fine, "W004") == []


def test_W005_department_wording_in_a_unit_budget() -> None:
    unit = disclosure(scope="unit", narrative=passages("第一部分 部门整体绩效目标"))
    assert len(findings(unit, "W005")) == 1
    names = disclosure(
        scope="unit", narrative=passages("一般公共预算基本支出部门预算经济分类预算表")
    )
    assert findings(names, "W005") == []
    dept = disclosure(
        scope="department", narrative=passages("包括：本级决算、下属行政事业单位决算。")
    )
    assert findings(dept, "W005") == []


def test_W006_renamed_classification() -> None:
    old = disclosure(year=2024, narrative=passages("三、医疗卫生与计划生育支出50.37万元"))
    assert findings(old, "W006")[0].expected == "卫生健康支出"
    before = disclosure(year=2018, narrative=passages("三、医疗卫生与计划生育支出50.37万元"))
    assert findings(before, "W006") == []


def test_W007_blank_pages() -> None:
    d = disclosure(blank_pages=["doc.pdf:p14"])
    assert findings(d, "W007")[0].locations[0].page == 14
    assert findings(disclosure(), "W007") == []


def test_W008_heading_numbers() -> None:
    heads = passages("一、部门职责", "二、机构设置", "四、部门预算安排的总体情况", "八、名词解释")
    found = findings(disclosure(narrative=heads), "W008")
    assert len(found) == 2
    glued = passages(
        "一、部门职责", "二、机构设置", "预留项目预算为34万元。三、绩效目标设置情况", "四、国有资产"
    )
    assert findings(disclosure(narrative=glued), "W008") == []


def test_W008_numbers_past_ten_and_misprinted_numerals() -> None:
    # 十一 follows 九 with 十 missing: found (numbers past 十 used to be passed over).
    heads = passages("八、资产", "九、绩效", "十一、名词解释", "十十、附表")
    (found,) = findings(disclosure(narrative=heads), "W008")
    assert "十一、名词解释" in found.message and "跳" in found.message
    # "十十、" is no number: left out, never a crash.
    assert (
        findings(disclosure(narrative=passages("一、a", "二、b", "十十、c", "三、d")), "W008") == []
    )

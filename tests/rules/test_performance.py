"""P: performance targets. Each test changes one cell of the two project target tables
(执法办案经费, 土地整理项目) or the department table of county_2024.txt."""

from __future__ import annotations

import pytest

from tests.rules.conftest import BASE, D, Run, assert_passes, drop, edit, line_of

CASE = "执法办案经费绩效目标表"  # project 1: budget 200.00, procurement 30.00
LAND = "土地整理项目绩效目标表"  # project 2: budget 100.00


def _indicator_line(text: str, name: str) -> int:
    return line_of(text, f"\t{name}\t")


def test_P001_project_table_has_indicators(run: Run) -> None:
    doc = run(drop(BASE, "一级指标", "受益群众满意度", after=LAND))
    f = doc.one("P001")
    assert f.message == "项目“土地整理项目”的绩效目标表没有三级指标。"
    assert f.locations[0].line == line_of(doc.text, LAND)
    assert_passes("P001")


def test_P002_output_and_outcome_indicators(run: Run) -> None:
    doc = run(drop(BASE, "效益指标\t社会效益指标", after=LAND))
    f = doc.one("P002")
    assert f.message == "项目“土地整理项目”缺少效益指标。"
    assert f.locations[0].line == line_of(doc.text, LAND)
    assert_passes("P002")


def test_P003_satisfaction_indicator(run: Run) -> None:
    doc = run(drop(BASE, "满意度指标\t服务对象满意度指标", after=LAND))
    f = doc.one("P003")
    assert f.message == "项目“土地整理项目”没有满意度指标。"
    assert f.locations[0].line == line_of(doc.text, LAND)
    assert_passes("P003")


def test_P004_output_has_quantity_quality_and_time(run: Run) -> None:
    doc = run(drop(BASE, "\t时效指标\t", after=LAND))
    f = doc.one("P004")
    assert f.message == "项目“土地整理项目”的产出指标缺少时效指标。"
    assert f.locations[0].line == line_of(doc.text, LAND)
    assert_passes("P004")


def test_P005_qualitative_indicators_listed(run: Run) -> None:
    doc = run(edit(BASE, "\t100%\t", "\t合格\t", after=LAND))
    f = doc.one("P005")
    assert f.message == "项目“土地整理项目”有 1 个定性指标：验收合格率。"
    assert f.locations[0].line == line_of(doc.text, LAND)
    assert_passes("P005")


@pytest.mark.parametrize("vague", ["以实际数为准", "进一步提高"])
def test_P006_vague_value(run: Run, vague: str) -> None:
    doc = run(edit(BASE, "≥300件", vague))
    f = doc.one("P006")
    assert f.message == f"项目“执法办案经费”的指标“办理刑事案件数量”的指标值“{vague}”无法考核。"
    loc = f.locations[0]
    assert (loc.line, loc.row, loc.column) == (
        _indicator_line(doc.text, "办理刑事案件数量"),
        "办理刑事案件数量",
        "指标值",
    )
    assert f.actual == vague
    assert_passes("P006")


def test_P007_rate_at_most_100_percent(run: Run) -> None:
    doc = run(edit(BASE, "≥95%", "≥105%"))
    f = doc.one("P007")
    assert f.message == "项目“执法办案经费”的指标“案件办结率”为 ≥105%，比率超过 100%。"
    assert f.locations[0].line == _indicator_line(doc.text, "案件办结率")
    assert (f.expected, f.actual, f.arithmetic) == (D(100), D(105), "105% > 100%")
    assert_passes("P007")


def test_P008_satisfaction_is_a_floor(run: Run) -> None:
    doc = run(edit(BASE, "≥90%", "≤90%"))
    f = doc.one("P008")
    assert f.message == "项目“执法办案经费”的满意度指标“群众满意度”写作“≤90%”，方向反了。"
    assert f.locations[0].line == _indicator_line(doc.text, "群众满意度")
    assert_passes("P008")


def test_P009_rate_in_percent(run: Run) -> None:
    doc = run(edit(BASE, "≥95%", "≥95件"))
    f = doc.one("P009")
    assert f.message == "项目“执法办案经费”的指标“案件办结率”是比率，指标值却以“件”计（≥95件）。"
    assert f.locations[0].line == _indicator_line(doc.text, "案件办结率")
    assert_passes("P009")


def test_P010_cost_within_the_project_budget(run: Run) -> None:
    # 成本 ≤220万元 against 预算数 200.00.
    doc = run(edit(BASE, "≤200万元", "≤220万元"))
    f = doc.one("P010")
    assert f.message == "项目“执法办案经费”的成本指标 ≤220万元 超过项目预算 200.00 万元。"
    assert [loc.line for loc in f.locations] == [
        _indicator_line(doc.text, "办案经费成本"),
        line_of(doc.text, "预算数\t200.00"),
    ]
    assert (f.expected, f.actual, f.arithmetic) == (D("200.00"), D(220), "220 > 200.00")
    assert_passes("P010")


def test_P011_cost_is_a_ceiling(run: Run) -> None:
    doc = run(edit(BASE, "≤100万元", "≥100万元"))
    f = doc.one("P011")
    assert f.message == "项目“土地整理项目”的成本指标“项目成本”写作“≥100万元”，应为上限（≤）。"
    assert f.locations[0].line == _indicator_line(doc.text, "项目成本")
    assert_passes("P011")


def test_P012_cost_not_below_the_procurement(run: Run) -> None:
    # The project buys 执法记录仪 10.00 + 物业管理服务 20.00 = 30.00; its cost ceiling says 20.
    doc = run(edit(BASE, "≤200万元", "≤20万元"))
    f = doc.one("P012")
    assert f.message == "项目“执法办案经费”的成本指标 ≤20万元 低于其政府采购金额 30.00 万元。"
    assert f.locations[0].line == _indicator_line(doc.text, "办案经费成本")
    assert (f.expected, f.actual, f.arithmetic) == (D("30.00"), D(20), "20 < 30.00")
    assert_passes("P012")


def test_P013_projects_with_identical_indicators(run: Run) -> None:
    lines = BASE.split("\n")
    first = line_of(BASE, "一级指标", after=CASE)  # header and six rows of project 1
    second = line_of(BASE, "一级指标", after=LAND)
    lines[second - 1 : second + 6] = lines[first - 1 : first + 6]
    doc = run("\n".join(lines))
    f = doc.one("P013")
    assert f.message == "2 个项目的绩效指标完全相同：“执法办案经费”、“土地整理项目”。"
    assert [loc.line for loc in f.locations] == [line_of(doc.text, CASE), line_of(doc.text, LAND)]
    assert_passes("P013")


def test_P014_number_left_in_a_worded_value(run: Run) -> None:
    worded = edit(BASE, "≥2000人", "符号 文字描述 值 单位 惠及辖区群众")
    doc = run(edit(worded, "值 单位", "值 2000 单位"))
    f = doc.one("P014")
    assert f.message == "项目“土地整理项目”的指标“受益群众人数”按文字描述填写，却残留数字 2000。"
    assert f.locations[0].line == _indicator_line(doc.text, "受益群众人数")
    assert_passes("P014", run(worded))  # the base has no worded value: P014 would not run


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (
            "\t25%\t50%\t40%\t100%",
            "项目“执法办案经费”的资金支出计划累计比例出现下降：3月底 25%、6月底 50%、9月底 40%、12月底 100%",
        ),
        ("\t25%\t50%\t75%\t90%", "项目“执法办案经费”的资金支出计划最后一期为 90%，未达到 100%。"),
    ],
    ids=["falls", "short of 100%"],
)
def test_P015_spending_plan_rises_to_100_percent(run: Run, plan: str, message: str) -> None:
    doc = run(edit(BASE, "\t25%\t50%\t75%\t100%", plan))
    f = doc.one("P015")
    assert f.message == message
    assert f.locations[0].line == line_of(doc.text, CASE)
    assert_passes("P015")


def test_P016_time_indicator_names_a_time(run: Run) -> None:
    doc = run(edit(BASE, "2024年11月底前", "按时完成"))
    f = doc.one("P016")
    assert f.message == "项目“土地整理项目”的时效指标“完成时间”为“按时完成”，没有时间或期限。"
    assert f.locations[0].line == _indicator_line(doc.text, "完成时间")
    assert_passes("P016")


def test_P017_time_indicator_in_the_budget_year(run: Run) -> None:
    doc = run(edit(BASE, "2024年11月底前", "2023年11月底前"))
    f = doc.one("P017")
    assert (
        f.message == "项目“土地整理项目”的时效指标“完成时间”写的是 2023 年，而预算年度为 2024 年。"
    )
    assert f.locations[0].line == _indicator_line(doc.text, "完成时间")
    assert (f.expected, f.actual) == ("2024", "2023")
    assert_passes("P017")


def test_P018_value_not_blank(run: Run) -> None:
    doc = run(edit(BASE, "≥20亩", ""))
    f = doc.one("P018")
    assert f.message == "项目“土地整理项目”的指标“整理土地面积”没有指标值。"
    assert f.locations[0].line == _indicator_line(doc.text, "整理土地面积")
    assert_passes("P018")


def test_P019_goal_is_not_a_template(run: Run) -> None:
    doc = run(edit(BASE, "完成辖区国有土地整理，改善社区环境。", "1.目标内容1"))
    f = doc.one("P019")
    assert f.message == "项目“土地整理项目”的绩效目标只有模板文字“1.目标内容1”。"
    assert f.locations[0].line == line_of(doc.text, LAND)
    assert_passes("P019")


def test_P020_at_least_three_indicators(run: Run) -> None:
    doc = run(drop(BASE, "\t质量指标\t", "效益指标", after=LAND))
    f = doc.one("P020")
    assert f.message == "项目“土地整理项目”只有 2 个绩效指标。"
    assert f.locations[0].line == line_of(doc.text, LAND)
    assert_passes("P020")


def test_P021_satisfaction_target_at_least_80_percent(run: Run) -> None:
    doc = run(edit(BASE, "≥85%", "≥75%"))
    f = doc.one("P021")
    assert f.message == "项目“土地整理项目”的满意度目标“≥75%”低于 80%。"
    assert f.locations[0].line == _indicator_line(doc.text, "受益群众满意度")
    assert f.actual == D(75)
    assert_passes("P021")


def test_P022_department_overall_goal(run: Run) -> None:
    doc = run(drop(BASE, "年度履职目标"))
    f = doc.one("P022")
    assert f.message == "部门整体绩效目标没有写明总体目标。"
    assert_passes("P022")

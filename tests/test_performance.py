"""Performance targets (issue #3): department goals and every project's 绩效目标表.

Counts and sampled values were taken from the seed texts by hand (grep/sed on
../shared/seeds), not from yusuan's output:

* 000 Hebei 2020: 18 titles "N. XXX绩效目标表" (no. 10 printed without the dot), one-cell-per-line
  tables; three satisfaction/cost rows print the 指标值 over three tab-separated cells.
* 001 Hebei 2023: 54 titles "N.XXX绩效目标表", each with 项目编码, 预算数 and 资金支出计划; goal and
  purpose cells spill over blank lines out of the table.
* 002 Henan 2020: 71 "…绩效目标表" titles = 70 projects (69 行政支出 + 1 特警支队) + the
  department-level 济源市公安局绩效目标表; each project is printed as three tables.
* 003 Hebei 2020: 27 titles "N、XXX绩效目标表", tab-separated (PDF) tables.
* 004 Hebei 2023: 13 titles under Markdown headings of varying level.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from yusuan.blocks import Table
from yusuan.extract.performance import extract_performance
from yusuan.extract.sections import split_sections
from yusuan.model import Disclosure, Indicator, Project
from yusuan.readers.text import parse_text
from yusuan.vocab.text import squash

COUNTS = {"000": 18, "001": 54, "002": 70, "003": 27, "004": 13}


def projects(seed: Any, prefix: str) -> list[Project]:
    d: Disclosure = seed(prefix)
    return d.performance.projects


def ind(p: Project, level3: str, n: int = 0) -> Indicator:
    found = [i for i in p.indicators if squash(i.level3 or "") == squash(level3)]
    assert len(found) > n, f"{level3} not in {p.name}: {[i.level3 for i in p.indicators]}"
    return found[n]


def value(i: Indicator) -> tuple[str | None, Decimal | None, str | None]:
    assert i.value is not None
    return i.value.operator, i.value.number, i.value.unit


def named(seed: Any, prefix: str, name: str) -> Project:
    return next(p for p in projects(seed, prefix) if squash(p.name) == squash(name))


# --- counts and names --------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", sorted(COUNTS))
def test_every_project_table_is_found_once(seed: Any, prefix: str) -> None:
    ps = projects(seed, prefix)
    assert len(ps) == COUNTS[prefix]
    assert all(p.indicators for p in ps)
    assert len({p.source for p in ps}) == len(ps)


@pytest.mark.parametrize("prefix", sorted(COUNTS))
def test_no_target_table_is_left_unparsed(seed: Any, prefix: str) -> None:
    d: Disclosure = seed(prefix)
    for u in d.unparsed:
        assert "三级指标" not in u.text and "绩效目标" not in u.text, u.source


def test_names_in_document_order(seed: Any) -> None:
    names = [p.name for p in projects(seed, "000")]
    assert names[0] == "安次分局办案业务经费（冀财政法〔2019〕22号）"
    assert names[1] == "定位车维护费"
    assert names[9] == "安次分局业务装备经费（冀财政法〔2019〕22号）"  # "10 安次…" without a dot
    assert names[17] == "人民警察岗位值勤津贴、加班费"
    assert projects(seed, "003")[0].name == "2020年度城区天网网络租金"  # PDF space
    assert projects(seed, "003")[26].name == "县、乡综治中心建设经费二期建设"
    names4 = [p.name for p in projects(seed, "004")]
    assert names4[:2] == ["办案及维稳经费", "大学生公寓村视频监控建设"]
    assert names4[11:] == ["唐丰路派出所建设项目", "智慧平安社区建设及维护费"]
    p1 = projects(seed, "001")
    assert p1[0].name == "2022年第二批中央政法转移支付扫黑除恶资金"
    assert p1[53].name == "森林公安2023年违法野外用火严打经费"


# --- 000: one cell per line, template values ---------------------------------------------------


def test_000_first_project(seed: Any) -> None:
    p = projects(seed, "000")[0]
    assert p.goal == "办理各类案件所需费用共计100万元"
    assert p.budget is None and p.spending_plan == []
    assert len(p.indicators) == 6  # the blank spacer row is not an indicator
    i = ind(p, "办理刑事案件数")
    assert (i.level1, i.level2, i.description) == ("产出指标", "数量指标", "办理刑事案件数")
    assert i.value is not None and i.value.raw == "符号>=值100单位起"
    assert value(i) == (">=", Decimal(100), "起")
    assert i.basis == "办理刑事案件数"
    i = ind(p, "办理案件的投诉率")
    assert i.level1 == "产出指标"  # filled down from the merged cell
    assert value(i) == ("<=", Decimal(5), "%")
    assert (i.category1, i.category2) == ("产出", "质量")
    i = ind(p, "及时性")
    assert i.value is not None and i.value.raw == "及时立案及时破案" and i.value.number is None
    i = ind(p, "辖区发案下降率")
    assert (i.level1, i.level2, i.category1) == ("效果指标", "社会效益指标", "效益")
    i = ind(p, "辖区群众安全感")
    assert (i.category1, i.category2) == ("满意度", "服务对象满意度")
    assert i.basis == "辖区群众安全感调查"


def test_000_value_spread_over_tab_cells_stays_in_its_row(seed: Any) -> None:
    ps = projects(seed, "000")
    p = ps[13]  # 14. 移动警务终端手机年服务费
    assert len(p.indicators) == 7
    i = ind(p, "民警满意度")
    assert (i.level1, i.description, i.basis) == ("满意度指标", "使用感受", "调查问卷")
    assert value(i) == (">=", Decimal("95.00"), "%")
    p = ps[16]  # 17. 物业管理经费
    assert value(ind(p, "群众评价")) == (">=", Decimal("95.00"), "%")
    assert ind(p, "群众评价").basis == "调查问卷"
    p = ps[17]  # 18. 人民警察岗位值勤津贴、加班费
    assert len(p.indicators) == 6
    i = ind(p, "总成本控制")
    assert value(i) == ("<=", Decimal("565.98"), "万")
    assert i.basis == "成本吻合度"
    i = ind(p, "提高警察工作积极性")
    assert i.level1 == "效果指标" and i.basis == "实际情况"
    assert value(ind(p, "民警满意度")) == ("<=", Decimal(95), "%")  # printed "<=" (a defect)


def test_000_template_values(seed: Any) -> None:
    ps = projects(seed, "000")
    p = ps[7]  # 8. 京台高速冀津主线站检查站建设资金
    assert value(ind(p, "检查站数量")) == ("=", Decimal("1.00"), "个")
    assert value(ind(p, "项目成本")) == ("<=", Decimal("139.23"), "万元")
    p = ps[5]  # 6. 垃圾环保发电项目运行经费
    assert len(p.indicators) == 8
    assert value(ind(p, "总成本")) == ("<=", Decimal("619.06"), "万元")
    p = ps[8]  # 9. 会议、办公系统运维费
    assert value(ind(p, "使用满意度")) == (">=", Decimal("95.00"), None)


def test_000_department(seed: Any) -> None:
    dep = seed("000").performance.department
    assert dep.overall_goal is not None and dep.overall_goal.startswith("紧紧围绕维护国家政治安全")
    assert [g.title for g in dep.goals] == [
        "维护国家政治安全",
        "维护社会大局稳定",
        "严厉打击违法犯罪",
        "加强公共安全管理",
        "优化辖区发展环境",
    ]
    g = dep.goals[2]
    assert g.goal is not None and g.goal.startswith("用战斗力最强的民警组建扫黑专业中队")
    assert g.indicators is not None and g.indicators.startswith("2020年侦破涉黑恶犯罪大于等于1起")
    assert len(dep.measures) == 7
    assert dep.measures[0].startswith("完善制度建设。制定完善预算绩效管理制度")
    assert dep.measures[6].startswith("加强宣传培训调研等。")
    assert dep.tasks == [] and dep.budget == {} and dep.indicators == []


# --- 001: codes, budgets, spending plans, cells spilling out of the table ----------------------


def test_001_header_budget_and_plan(seed: Any) -> None:
    p = projects(seed, "001")[0]
    assert p.code == "13060022P00R6BL100478"
    assert (p.unit_code, p.unit) == ("312001", "保定市公安局本级")
    assert p.budget is not None and p.budget.value == Decimal("50.00")
    assert p.fiscal is not None and p.fiscal.value == Decimal("50.00")
    assert p.other is None  # printed blank
    assert p.purpose == "用于办案业务支出"
    assert [(s.by, s.percent) for s in p.spending_plan] == [
        ("3月底", Decimal(25)),
        ("6月底", Decimal(50)),
        ("10月底", Decimal(100)),
        ("12月底", Decimal(100)),
    ]
    assert p.goal == "1.打击违法犯罪，维护社会稳定"
    assert len(p.indicators) == 6
    i = ind(p, "案件结案率(%)")
    assert value(i) == (">=", Decimal(80), "%") and i.value.raw == "≥80百分比"  # type: ignore[union-attr]
    assert value(ind(p, "治安、刑事案件处理及时性（小时")) == ("<=", Decimal(24), "小时")
    assert ind(p, "群众满意度(%)").level1 == "满意度指标"


def test_001_goal_continued_after_blank_lines_is_joined(seed: Any) -> None:
    p = projects(seed, "001")[6]  # 7. 公安局2023年安保维稳工作经费
    assert p.goal == (
        "1.提高反恐处突能力，最大限度地减少人员伤亡和社会危害，维护我市的政治安定和社会稳定\n"
        "2.保护国家和群众的生命财产安全；突发事件得到及时处置，大型活动成功举办。"
    )
    assert p.budget is not None and p.budget.value == Decimal(300)
    assert len(p.indicators) == 6
    assert value(ind(p, "资金到位率")) == (None, Decimal(100), "%")  # "100百分比", no sign
    assert value(ind(p, "安保投入警力数量")) == (">=", Decimal(200), "人")
    assert [s.percent for s in p.spending_plan] == [25, 50, 75, 100]


def test_001_purpose_continued_after_blank_line_is_joined(seed: Any) -> None:
    p = projects(seed, "001")[49]  # 50. 保涿分局2023年达标公用经费
    assert p.code == "13060023P00FH20100360" and p.unit_code == "312016"
    assert p.purpose is not None
    assert p.purpose.startswith("用于打击防范违法犯罪和社会管控所需日常办案差旅费")
    assert p.purpose.endswith(
        "协助办案的各项劳务支出；执法执勤车辆日常运行费用；民警值班值勤用餐消耗费用。"
    )
    assert [s.percent for s in p.spending_plan] == [20, 60, 80, 100]
    assert len(p.indicators) == 6
    assert p.budget is not None and p.budget.value == Decimal("44.96")


def test_001_spending_plan_with_blank_points(seed: Any) -> None:
    ps = projects(seed, "001")
    p = ps[13]  # 14. 公安局保安员考试考务费: only 10月底 is filled
    assert [(s.by, s.percent) for s in p.spending_plan] == [
        ("3月底", None),
        ("6月底", None),
        ("10月底", Decimal(100)),
        ("12月底", None),
    ]
    p = ps[43]  # 44. 看守所2023年购买医疗服务经费: only 12月底
    assert [s.percent for s in p.spending_plan] == [None, None, None, 100]
    assert len(p.indicators) == 9
    assert p.unit == "河北省保定市看守所"


def test_001_indicator_counts(seed: Any) -> None:
    counts = [len(p.indicators) for p in projects(seed, "001")]
    expected = dict.fromkeys(range(1, 55), 6)
    expected |= dict.fromkeys((17, 41, 42, 43), 5)
    expected |= dict.fromkeys((32, 33, 40), 7)
    expected |= dict.fromkeys((37, 38, 39, 44, 45, 46, 47, 48), 9)
    assert counts == [expected[n] for n in range(1, 55)]


def test_001_department(seed: Any) -> None:
    dep = seed("001").performance.department
    assert dep.overall_goal is not None and dep.overall_goal.startswith("2023年，全市公安机关")
    assert len(dep.goals) == 7
    assert dep.goals[0].title == "打造精准防范的“京南屏障”公安场景"
    assert dep.goals[0].goal is not None and dep.goals[0].goal.startswith("打造生态“护城河”")
    assert dep.goals[6].title == "打造人心思进的“魅力警营”公安场景"
    assert len(dep.measures) == 7 and dep.measures[0].startswith("加强组织领导。")


# --- 002: Henan, three tables per project, category rows, shifted 一级 labels ------------------


def test_002_header_details_and_goals(seed: Any) -> None:
    p = projects(seed, "002")[0]
    assert p.name == "办案业务费"
    assert p.title == "济源市公安局行政支出项目绩效目标表"
    assert (p.unit_code, p.purpose) == ("020001001", "业务类")
    assert (p.owner, p.contact, p.phone) == ("张五星", "何小艳", "6855160")
    assert (p.start, p.end) == ("2020-01-01", "2020-12-31")
    assert p.total is not None and p.total.value == Decimal(1200)
    assert p.budget is not None and p.budget.value == Decimal(1200)
    assert p.amounts["项目上年度金额"].value == 0
    assert p.details["项目概况"].startswith("公安机关是人民民主专政的重要工具")
    assert p.details["项目配套制度措施"] == "济源市公安局财务报销审批管理工作规定"
    assert p.details["项目实施计划"] == "根据办案部门的需求及时兑现"
    assert p.details["备注"] == "加强政府资金管理，严格审批。"
    assert p.details["项目总目标"] == "破案数高于去年数"
    assert p.goal == "整体破案数高于去年数"  # 年度绩效目标


def test_002_category_rows_are_kept_without_inventing(seed: Any) -> None:
    p = projects(seed, "002")[0]
    assert len(p.indicators) == 25
    assert sum(1 for i in p.indicators if i.level3) == 18
    empty = [(i.level1, i.level2) for i in p.indicators if i.level3 is None]
    assert empty == [
        ("投入与目标管理", "资产管理"),
        ("产出目标", "成本"),
        ("影响力目标", "人力资源"),
        ("影响力目标", "部门协助"),
        ("影响力目标", "配套设施"),
        ("影响力目标", "信息共享"),
        ("影响力目标", "其它"),
    ]
    assert all(i.value is None for i in p.indicators if i.level3 is None)
    i = ind(p, "预算编制合理性")
    assert (i.level1, i.level2, i.category1) == ("投入与目标管理", "投入管理", "投入与管理")
    assert i.value is not None and i.value.text == "合理"
    assert value(ind(p, "整体破案数")) == ("=", Decimal(1000), "起")
    i = ind(p, "全年挽回经济损失")
    assert (i.level1, i.level2, value(i)) == ("效果目标", "经济效益", (">=", Decimal(1000), "万元"))
    assert ind(p, "社会治安环境平稳").category2 == "生态效益"  # 环境效益


def test_002_shifted_level1_labels_follow_their_level2(seed: Any) -> None:
    # 邮递费 prints 产出目标 four rows early (at 合同管理完备性), 效果目标 at 数量 and
    # 影响力目标 at 经济效益.
    p = named(seed, "002", "邮递费")
    assert p.budget is not None and p.budget.value == 10
    assert ind(p, "合同管理完备性").level1 == "投入与目标管理"
    assert ind(p, "每年邮寄数").level1 == "产出目标"
    assert value(ind(p, "每年邮寄数")) == (">=", Decimal("2.8"), "万条")
    assert ind(p, "车辆违法告知及时性").level1 == "效果目标"
    assert ind(p, "长效管理制度健全性").level1 == "影响力目标"
    assert len([i for i in p.indicators if i.level3]) == 15


def test_002_slid_category_labels(seed: Any) -> None:
    p = named(seed, "002", "道路交通管理专项-电子警察维护")
    assert p.details["项目概况"].startswith("1、项目背景")  # "<p>" markup removed
    assert sum(1 for i in p.indicators if i.level3) == 18
    slid = [(i.level1, i.level2) for i in p.indicators if i.level3 is None][:4]
    assert slid == [
        ("投入与目标管理", "资产管理"),
        ("产出目标", "成本"),
        ("效果目标", "经济效益"),
        ("效果目标", "环境效益"),
    ]
    p = named(seed, "002", "酒精检测费")
    assert p.total is not None and p.total.value == 0
    assert p.budget is not None and p.budget.value == 7
    assert sum(1 for i in p.indicators if i.level3) == 16
    assert named(seed, "002", "其他公共安全专项-民警奖励金").indicators
    assert (
        sum(1 for i in named(seed, "002", "其他公共安全专项-民警奖励金").indicators if i.level3)
        == 18
    )


def test_002_special_police_project(seed: Any) -> None:
    p = named(seed, "002", "城区巡防经费")
    assert p.title == "济源市公安局特警支队支出项目绩效目标表"
    assert (p.unit_code, p.owner) == ("020007", "刘峰")
    assert p.budget is not None and p.budget.value == Decimal("1163.30")
    assert ind(p, "群众对公安工作的满意度").level1 == "效果目标"
    assert value(ind(p, "保障辅警数")) == ("=", Decimal(300), "人")


def test_002_department_table(seed: Any) -> None:
    dep = seed("002").performance.department
    assert dep.unit == "济源市公安局"
    assert dep.overall_goal is not None and dep.overall_goal.startswith("坚持以习近平新时代")
    assert len(dep.tasks) == 8
    assert dep.tasks[2].name == "社会公众服务"
    assert dep.tasks[2].content == "负责全市出入境证件、身份证件、行车证、驾驶证的制作与发放工作。"
    assert dep.tasks[7].name == "监所安全管理"
    budget = {k: a.value for k, a in dep.budget.items()}
    assert budget == {
        "total": Decimal("27606.5"),
        "fiscal": Decimal("27606.5"),
        "basic": Decimal("14342.1"),
        "project": Decimal("13264.4"),
    }
    assert len(dep.indicators) == 41
    i = ind_of(dep.indicators, "专项资金细化率")
    assert (i.level1, i.level2) == ("投入管理指标", "预算和财务管理")
    assert value(i) == (">=", Decimal(95), "%")
    assert i.description is not None and i.description.startswith("专项资金细化率=")
    assert ind_of(dep.indicators, "侦办经济犯罪案件").level2 == "重点工作任务完成"


def ind_of(indicators: list[Indicator], level3: str) -> Indicator:
    return next(i for i in indicators if i.level3 == level3)


# --- 003: PDF tab tables ------------------------------------------------------------------------


def test_003_projects(seed: Any) -> None:
    ps = projects(seed, "003")
    p = ps[0]
    assert p.goal is not None and p.goal.startswith("牢固树立以人民为中心的公共安全观")
    assert len(p.indicators) == 8
    assert value(ind(p, "年效果")) == (">=", Decimal(350), "天")
    assert value(ind(p, "合同款")) == ("<=", Decimal(55), "万元")
    assert ind(p, "发案情况").level1 == "效果指标"
    p = ps[11]  # 12、扫黑除恶专项斗争经费: four rows named 宣传
    assert len(p.indicators) == 9
    assert value(ind(p, "宣传", 3)) == (">=", Decimal(15), "万条")
    assert value(ind(p, "经费")) == ("<=", Decimal(20), "万元")


def test_003_orphan_basis_line_is_not_an_indicator(seed: Any) -> None:
    p = projects(seed, "003")[10]  # 11、农村天网网络租金: a line holding only "合同约定"
    assert len(p.indicators) == 8
    assert ind(p, "发案数").basis == "工作要求\n合同约定"
    assert ind(p, "群众满意度").level1 == "满意度指标"


def test_003_misplaced_row_keeps_its_printed_block(seed: Any) -> None:
    # 9、“天网”电费 prints a 社会效益 row inside 产出指标 and a 数量 row under 效果指标; that
    # is the document's own placement, not a shifted merge, so it is kept.
    p = projects(seed, "003")[8]
    assert len(p.indicators) == 9
    assert ind(p, "发案数").level1 == "产出指标"
    assert ind(p, "畅通率", 1).level1 == "效果指标"
    assert value(ind(p, "电业")) == ("<=", Decimal("16.89"), None)


def test_003_department(seed: Any) -> None:
    dep = seed("003").performance.department
    assert dep.overall_goal is not None
    assert dep.overall_goal.startswith("1、维护政治安全。")
    assert len(dep.overall_goal.split("\n")) == 7
    assert [g.title for g in dep.goals] == [
        "强化政法队伍建设",
        "维护国家政治安全和社会大局稳定",
        "强化社会治理，推进平安建设",
        "推进依法治县进程",
    ]
    goal = dep.goals[1].goal
    assert goal is not None and goal.endswith("确保全县社会大局持续平稳。")  # wrapped line joined
    assert "\n" not in goal
    assert len(dep.measures) == 7 and dep.measures[0].startswith("完善制度建设。")


# --- 004: Markdown headings --------------------------------------------------------------------


def test_004_projects(seed: Any) -> None:
    ps = projects(seed, "004")
    p = ps[1]
    assert p.goal == "1.对大学生公寓村开展视频监控补点，建设视频监控摄像头34个，视频存储90天。"
    assert len(p.indicators) == 7
    assert value(ind(p, "预算资金控制数")) == ("<=", Decimal("5.84"), "万元")
    assert value(ind(p, "安装摄像头数量")) == (None, Decimal(34), "套")
    i = ind(p, "完成时限")
    assert i.value is not None and i.value.raw == "≤12 月份" and i.value.operator == "<="
    p = ps[11]
    i = ind(p, "项目完成时限")
    assert i.value is not None and i.value.raw == "不迟于 2023 年 12 月底"
    assert value(ind(p, "建筑面积")) == (None, Decimal("3007.87"), "平方米")
    assert value(ind(p, "用户满意度")) == (">", Decimal(90), "%")
    assert ind(p, "节省资金").level2 == "经济效益指标"


def test_004_department(seed: Any) -> None:
    dep = seed("004").performance.department
    assert dep.overall_goal is not None and dep.overall_goal.startswith("坚持以习近平新时代")
    assert [g.title for g in dep.goals] == [
        "加强公安日常整治工作",
        "加强公安严打整治工作",
        "加强公安科技化建设",
        "加强公安规范化执法建设",
        "加强公安队伍建设",
        "加强公安基础设施建设",
    ]
    goal = dep.goals[0].goal
    assert goal is not None and "实现信访工作“两降一升”的目标。" in goal  # page wrap joined
    assert dep.goals[2].indicators is not None and "6个线路的维护" in dep.goals[2].indicators
    assert len(dep.measures) == 8
    assert "对绩绩效评价进行监督" in dep.measures[0]  # wrapped line joined as printed
    assert dep.measures[1].startswith("完善制度建设。")


# --- other layouts (the next county's) ---------------------------------------------------------


def _read(text: str) -> tuple[list[Project], list[Table], list[Table]]:
    blocks = parse_text(text, "t.txt")
    perf, used = extract_performance(blocks, split_sections(blocks))
    return perf.projects, used, [b for b in blocks if isinstance(b, Table)]


def test_single_table_national_template_and_page_break() -> None:
    text = (
        "（一）城市照明维护项目绩效目标表\n"
        "项目名称\t城市照明维护\t主管部门及代码\t某某局 101\n"
        "实施单位\t某某路灯所\t项目属性\t经常性项目\n"
        "项目资金（万元）\t年度资金总额：\t120.5\t\n"
        "\t其中：财政拨款\t100\t\n"
        "\t其他资金\t20.5\t\n"
        "年度目标\t完成路灯维护3000盏，亮灯率98%以上。\t\t\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
        "\t产出指标\t数量指标\t维护路灯数量\t≥3000盏\n"
        "\t\t\t更换灯具\t≥200套\n"
        "\t成本指标\t经济成本指标\t维护成本\t≤120.5万元\n"
        "\t满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\n"
        "第 12 页\n"
        "\t\t\t投诉处理及时率\t100%\n"
        "七、其他需要说明的事项\n"
        "项目名称\t预算资金\t采购品目\n"
        "办公用品\t1.0\tA0101\n"
    )
    ps, used, tables = _read(text)
    assert len(ps) == 1 and len(used) == 2 and len(tables) == 3
    p = ps[0]
    assert (p.name, p.unit) == ("城市照明维护", "某某路灯所")
    assert p.details["主管部门及代码"] == "某某局101"
    assert [a.value for a in (p.budget, p.fiscal, p.other)] == [  # type: ignore[union-attr]
        Decimal("120.5"),
        Decimal(100),
        Decimal("20.5"),
    ]
    assert p.goal == "完成路灯维护3000盏，亮灯率98%以上。"
    assert [(i.level1, i.level2, i.level3) for i in p.indicators] == [
        ("产出指标", "数量指标", "维护路灯数量"),
        ("产出指标", "数量指标", "更换灯具"),
        ("成本指标", "经济成本指标", "维护成本"),
        ("满意度指标", "服务对象满意度指标", "群众满意度"),
        ("满意度指标", "服务对象满意度指标", "投诉处理及时率"),  # continued after the page break
    ]
    assert p.indicators[2].category1 == "成本"


def test_titles_inside_tables_and_consecutive_projects() -> None:
    text = (
        "某某项目绩效目标表\t\t\t\n"
        "绩效目标\t完成任务。\t\t\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t任务数\t≥3个\n"
        "\n"
        "另一项目绩效目标表\t\t\t\n"
        "绩效目标\t再完成任务。\t\t\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t时效指标\t完成时间\t2023年12月底前\n"
    )
    ps, used, _ = _read(text)
    assert [(p.name, p.goal, len(p.indicators)) for p in ps] == [
        ("某某项目", "完成任务。", 1),
        ("另一项目", "再完成任务。", 1),
    ]
    assert len(used) == 2


def test_wrapped_level3_continues_the_row_above() -> None:
    text = (
        "1、某项目绩效目标表\n"
        "绩效目标\t目标。\t\t\t\n"
        "一级指标\t二级指标\t三级指标\t指标值\t指标值确定依据\n"
        "产出指标\t时效指标\t治安、刑事案件处理及时性（小\t≤24小时\t计划\n"
        "\t\t时）\t\t\n"
        "\t质量指标\t合格率\t=100%\t计划\n"
    )
    ps, _, _ = _read(text)
    assert [(i.level2, i.level3) for i in ps[0].indicators] == [
        ("时效指标", "治安、刑事案件处理及时性（小时）"),
        ("质量指标", "合格率"),
    ]


def test_department_narrative_without_a_numbered_section() -> None:
    text = (
        "部门整体绩效目标\n"
        "总体绩效目标\n"
        "完成全年任务，确保辖区\n"
        "社会稳定。\n"
        "分项绩效目标\n"
        "（一）维护稳定\n"
        "绩效目标：稳定。\n"
        "绩效指标：发案下降。\n"
        "工作保障措施\n"
        "一是加强领导。\n"
        "二是强化监督。\n"
        "1、某项目绩效目标表\n"
        "绩效目标\t目标。\t\t\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t任务数\t≥3个\n"
    )
    blocks = parse_text(text, "n.txt")
    perf, _ = extract_performance(blocks, split_sections(blocks))
    dep = perf.department
    assert dep.overall_goal == "完成全年任务，确保辖区社会稳定。"
    assert [(g.title, g.goal, g.indicators) for g in dep.goals] == [
        ("维护稳定", "稳定。", "发案下降。")
    ]
    assert dep.measures == ["加强领导。", "强化监督。"]
    assert [p.name for p in perf.projects] == ["某项目"]


def test_indicators_printing_the_same_value_cannot_change_each_other(seed: Any) -> None:
    """The extractor shares one value model per printed value in a document: it is frozen."""
    from pydantic import ValidationError

    values = [i.value for p in seed("002").performance.projects for i in p.indicators if i.value]
    assert len({id(v) for v in values}) < len(values)  # some are shared
    with pytest.raises(ValidationError):
        values[0].number = Decimal(1)  # type: ignore[misc]

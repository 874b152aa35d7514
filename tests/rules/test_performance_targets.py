"""P023–P031: performance targets against their money, plans, directions, repeats and texts.

Each rule has a case that must be found and a close case that must not."""

from __future__ import annotations

from decimal import Decimal

from tests.check_build import amt, disclosure, findings, ind, project, status
from yusuan.model import Performance
from yusuan.model.disclosure import SpendingStep


def perf(*projects: object) -> Performance:
    return Performance(projects=list(projects))  # type: ignore[arg-type]


COSTS = [ind("办案经费", "≤40万元", "成本"), ind("装备购置", "≤20万元", "成本")]


def test_P023_costs_adding_up_beyond_the_budget() -> None:
    over = project(budget=amt("50"), indicators=COSTS)
    (f,) = findings(disclosure(performance=perf(over)), "P023")
    assert f.actual == Decimal(60) and f.expected == Decimal(50)
    within = project(budget=amt("60"), indicators=COSTS)
    assert findings(disclosure(performance=perf(within)), "P023") == []
    # a unit price is not part of the total
    priced = project(budget=amt("50"), indicators=[COSTS[0], ind("单价", "≤20万元", "成本")])
    assert findings(disclosure(performance=perf(priced)), "P023") == []


def test_P024_cost_in_yuan_too_small_for_the_project() -> None:
    tiny = project(indicators=[ind("办案奖励经费", "≤8 元", "成本")])
    (f,) = findings(disclosure(performance=perf(tiny)), "P024")
    assert "万元" in (f.diagnosis or "")
    per_head = project(indicators=[ind("人均补助标准", "≤8 元", "成本")])
    wan = project(indicators=[ind("办案奖励经费", "≤8万元", "成本")])
    budgeted = project(budget=amt("1"), indicators=[ind("材料费", "≤5000元", "成本")])
    assert findings(disclosure(performance=perf(per_head, wan, budgeted)), "P024") == []


def test_P025_total_below_this_year() -> None:
    zero = project(total=amt("0.00"), budget=amt("272.50"))
    less = project("改造费", total=amt("150.00"), budget=amt("210.00"))
    found = findings(disclosure(performance=perf(zero, less)), "P025")
    assert [f.actual for f in found] == [Decimal("0.00"), Decimal("150.00")]
    equal = project(total=amt("12.80"), budget=amt("12.80"))
    assert findings(disclosure(performance=perf(equal)), "P025") == []


def test_P026_goal_amount_against_budget_and_costs() -> None:
    costs = project(
        goal="保障办案所需装备，共计金额240万元。", indicators=[ind("总成本", "≤290万元", "成本")]
    )
    (f,) = findings(disclosure(performance=perf(costs)), "P026")
    assert f.actual == Decimal(240)
    budget = project(goal="项目资金50万元", budget=amt("60"))
    assert len(findings(disclosure(performance=perf(budget)), "P026")) == 1
    same = project(goal="办理各类案件所需费用共计100万元", budget=amt("100.00"))
    assert findings(disclosure(performance=perf(same)), "P026") == []


def plan(*pcts: str | None) -> list[SpendingStep]:  # four steps
    bys = ["3月底", "6月底", "9月底", "12月底"]
    return [
        SpendingStep(by=b, percent=Decimal(p) if p else None)
        for b, p in zip(bys, pcts, strict=True)
    ]


def test_P027_spending_plan_gap_or_over_100() -> None:
    gap = project(spending_plan=plan("50", None, "100", None))
    (f,) = findings(disclosure(performance=perf(gap)), "P027")
    assert "6月底" in f.message and "12月底" not in f.message
    over = project(spending_plan=plan("25", "50", "120", "120"))
    assert "超过 100%" in findings(disclosure(performance=perf(over)), "P027")[0].message
    fine = project(spending_plan=plan("25", "50", "75", "100"))
    assert findings(disclosure(performance=perf(fine)), "P027") == []


def test_P028_good_rate_capped_instead_of_floored() -> None:
    capped = project(indicators=[ind("正常使用率", "≤100%", "质量")])
    assert len(findings(disclosure(performance=perf(capped)), "P028")) == 1
    floor = project(indicators=[ind("正常使用率", "≥95%", "质量")])
    cost_cap = project(indicators=[ind("按预算资金完成率", "≤100%", "成本")])
    bad_rate = project(indicators=[ind("事故发生率", "≤1%", "质量")])
    control = project(indicators=[ind("“三公经费”控制率", "≤100%", "质量")])
    d = disclosure(performance=perf(floor, cost_cap, bad_rate, control))
    assert findings(d, "P028") == []


def test_P029_same_indicator_twice_with_other_target() -> None:
    twice = project(
        indicators=[
            ind("畅通率", "≥90%", description="1262条链路畅通"),
            ind("畅通率", "≥80%", "社会效益", "效益", description="1262条链路畅通"),
        ]
    )
    assert len(findings(disclosure(performance=perf(twice)), "P029")) == 1
    kinds = project(
        indicators=[
            ind("设备", "=142 套", description="星光级枪球摄像机到位"),
            ind("设备", "=198 套", description="微卡抓拍单元到位"),
        ]
    )
    same = project(indicators=[ind("畅通率", "≥90%"), ind("畅通率", "≥90%")])
    assert findings(disclosure(performance=perf(kinds, same)), "P029") == []


ROWS = [ind("投保数", "=2193 人"), ind("奖励数", "=135 人"), ind("群众满意度", "≥80%", "满意度")]


def test_P030_copied_goal_and_indicators() -> None:
    goal = "加强特殊人群服务管理，防止发生个人极端案事件。"
    a = project("监护人责任险", goal=goal, indicators=ROWS)
    b = project("以奖代补经费", goal=goal, indicators=ROWS)
    (f,) = findings(disclosure(performance=perf(a, b)), "P030")
    assert "监护人责任险" in f.message and "以奖代补经费" in f.message
    c = project("以奖代补经费", goal=goal + "按时发放。", indicators=ROWS)
    assert findings(disclosure(performance=perf(a, c)), "P030") == []


def test_P031_goal_rate_against_its_indicator() -> None:
    goal = "1、新增高清固定监控探头150个；2、监控覆盖面增长率达到10%。"
    wrong = project(goal=goal, indicators=[ind("监控覆盖面增长率", "≥35%", "社会效益", "效益")])
    (f,) = findings(disclosure(performance=perf(wrong)), "P031")
    assert f.actual == Decimal(10) and f.expected == Decimal(35)
    right = project(goal=goal, indicators=[ind("监控覆盖面增长率", "≥10%", "社会效益", "效益")])
    assert findings(disclosure(performance=perf(right)), "P031") == []
    assert status(disclosure(performance=perf(project(goal="无比率"))), "P031") == "not_applicable"


def test_P028_rates_of_other_sectors() -> None:
    """Not only police work: 入学率, 成活率, 接种率 are floors; 辍学率 and 失业率 are caps."""
    for good in ("义务教育入学率", "苗木成活率", "疫苗接种率"):
        d = disclosure(performance=perf(project(indicators=[ind(good, "≤100%", "质量")])))
        assert len(findings(d, "P028")) == 1, good
    for bad in ("学生辍学率", "城镇登记失业率"):
        d = disclosure(performance=perf(project(indicators=[ind(bad, "≤2%", "质量")])))
        assert findings(d, "P028") == [], bad

"""P: performance targets against the money — cost indicators, project totals, goal texts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from yusuan.check.arith import fmt, half_unit, prose_tolerance
from yusuan.check.context import Context
from yusuan.check.findings import Finding
from yusuan.check.registry import no_data, rule
from yusuan.check.rules.passages import NUMBER, wan
from yusuan.check.rules.performance import WHY_88, _loc, _projects, _view
from yusuan.model import Amount, Indicator, Project

# A cost indicator that prices one unit of something (元/人, 单价, 人均 …) is not a total.
_PER_UNIT = re.compile(r"单价|单位|每|人均|户均|平均|标准|定额|/|／|次均|亩均|元/")
# "共计金额300万元", "项目资金100万元", "总投资50万元": an amount the goal says the project has.
_GOAL_AMOUNT = re.compile(
    r"(?:共计|合计|总计|总额|总投资|金额|资金|经费|预算)(?:金额|资金|为|约|是|：|:)?\s*"
    rf"({NUMBER})\s*(万元|元)"
)


def _ceiling(i: Indicator) -> bool:
    return i.value is None or i.value.operator not in (">=", ">")


@lru_cache(maxsize=4096)
def _per_unit(name: str) -> bool:
    return _PER_UNIT.search(name) is not None


def _totals(costs: list[tuple[Indicator, Decimal]]) -> list[tuple[Indicator, Decimal]]:
    return [(i, c) for i, c in costs if _ceiling(i) and not _per_unit(i.level3 or "")]


def _costs_by_project(ctx: Context) -> list[tuple[Project, list[tuple[Indicator, Decimal]]]]:
    by: dict[int, tuple[Project, list[tuple[Indicator, Decimal]]]] = {}
    for p, i, cost in _view(ctx).costs:
        by.setdefault(id(p), (p, []))[1].append((i, cost))
    return list(by.values())


@rule(
    "P023",
    "warning",
    "各成本指标之和不超过项目预算",
    what="一个项目列有两个以上以万元/元计的成本指标（总额，不含单价、人均等）时，其合计不大于项目本年预算。",
    why=WHY_88 + " 成本指标是项目预算的分解，合计超过预算说明指标或预算填错。",
    example="某公安分局“执法办案经费”预算 50 万元，成本指标“办案经费 ≤40 万元”“装备购置 ≤20 万元”，"
    "合计 60 万元超过预算。",
    fix="核对各成本指标与项目预算，删去重复的成本指标或更正金额。",
)
def costs_add_up_within_budget(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, costs in _costs_by_project(ctx):
        totals = _totals(costs)
        if p.budget is None or len(totals) < 2:
            continue
        ran = True
        s = sum((c for _, c in totals), Decimal(0))
        tol = prose_tolerance(len(totals))
        if s > p.budget.value + tol:
            yield ctx.finding(
                f"项目“{p.name}”的 {len(totals)} 个成本指标合计 {fmt(s)} 万元，超过项目预算 "
                f"{fmt(p.budget.value)} 万元。",
                locations=[_loc(p, i) for i, _ in totals] + [Context.at(p.budget)],
                expected=p.budget.value,
                actual=s,
                arithmetic=" + ".join(fmt(c) for _, c in totals) + f" = {fmt(s)} > "
                f"{fmt(p.budget.value)}",
                section="绩效目标",
                suggestion="成本指标合计应不超过项目预算。",
            )
    if not ran:
        raise no_data("没有列有两个以上成本指标且有预算的项目")


@rule(
    "P024",
    "warning",
    "成本指标的金额单位与项目规模相符",
    what="以“元”计的总成本指标（不是单价、人均）小到与项目预算不成比例（不到预算的千分之一，"
    "或无预算时不足 1000 元），多半是把“万元”写成了“元”。",
    why=WHY_88 + " 金额单位错误使成本指标失去约束作用。",
    example="大城县委政法委2020年“大要案准备金”：成本指标“办案奖励经费 ≤8 元”，一年的办案奖励不会只有"
    "8 元，应为“≤8 万元”。",
    fix="更正成本指标的金额单位（元/万元）。",
)
def cost_unit_plausible(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, i, cost in _view(ctx).costs:
        v = i.value
        if v is None or v.unit != "元" or v.number is None or _per_unit(i.level3 or ""):
            continue
        if not _ceiling(i) or v.number <= 0:
            continue
        ran = True
        small = (
            cost * 1000 < p.budget.value
            if p.budget is not None and p.budget.value > 0
            else v.number < 1000
        )
        if small:
            scale = f"项目预算 {fmt(p.budget.value)} 万元" if p.budget is not None else "一个项目"
            yield ctx.finding(
                f"项目“{p.name}”的成本指标“{i.level3}”为“{v.raw}”，对{scale}而言过小，疑似单位应为万元。",
                locations=[_loc(p, i)],
                actual=v.raw,
                section="绩效目标",
                diagnosis="疑似金额单位错误（元/万元混用）",
                suggestion="核对成本指标的金额单位。",
            )
    if not ran:
        raise no_data("没有以“元”计的总成本指标")


@rule(
    "P025",
    "error",
    "项目总金额不小于本年度金额",
    what="项目绩效目标表的“项目总金额”（各年合计）不小于“项目本年度金额”。",
    why="项目总金额包括本年度金额，本年度金额不能超过总额；为 0.00 的总金额说明漏填。",
    example="济源市公安局2020年“车管业务经费”：项目总金额 0.00、项目本年度金额 272.50；"
    "“业务技术用房供电和冷暖设备增容改造费”：项目总金额 150.00 < 本年度金额 210.00。",
    fix="补填或更正项目总金额。",
    identity="项目总金额 ≥ 本年度金额",
)
def total_not_below_year(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p in _projects(ctx):
        if p.total is None or p.budget is None:
            continue
        ran = True
        tol = half_unit(p.total) + half_unit(p.budget)
        if p.total.value + tol < p.budget.value:
            yield ctx.finding(
                f"项目“{p.name}”的项目总金额 {fmt(p.total.value)} 万元小于本年度金额 "
                f"{fmt(p.budget.value)} 万元。",
                locations=[Context.at(p.total), Context.at(p.budget)],
                expected=p.budget.value,
                actual=p.total.value,
                arithmetic=f"{fmt(p.total.value)} < {fmt(p.budget.value)}",
                section="绩效目标",
                suggestion="项目总金额应不小于本年度金额。",
            )
    if not ran:
        raise no_data("没有同时给出项目总金额和本年度金额的项目")


def _goal_amounts(p: Project) -> list[Decimal]:
    found = []
    for m in _GOAL_AMOUNT.finditer(re.sub(r"\s+", "", p.goal or "")):
        found.append(wan(m.group(1), m.group(2)))
    return found


def _near(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= Decimal("0.01") + abs(b) * Decimal("0.0005")


@rule(
    "P026",
    "warning",
    "绩效目标中的金额与项目预算一致",
    what="项目绩效目标的文字写明金额（“共计100万元”“项目资金50万元”）时，该金额等于项目预算；"
    "无预算数时，不小于成本指标的合计。",
    why=WHY_88 + "（相应匹配：目标与预算相匹配）",
    example="廊坊市公安局安次分局2020年“业务装备经费”：目标写“共计金额240万元”，"
    "成本指标却为“总成本 ≤290 万元”。",
    fix="核对绩效目标中的金额与项目预算、成本指标。",
)
def goal_amount_matches(ctx: Context) -> Iterator[Finding]:
    costs = {id(p): _totals(c) for p, c in _costs_by_project(ctx)}
    ran = False
    for p in _projects(ctx):
        stated = _goal_amounts(p)
        if not stated:
            continue
        if p.budget is not None:
            ran = True
            if not any(_near(a, p.budget.value) for a in stated):
                yield _goal_finding(ctx, p, stated, p.budget, "项目预算")
            continue
        parts = costs.get(id(p), [])
        if not parts:
            continue
        ran = True
        s = sum((c for _, c in parts), Decimal(0))
        if all(a + Decimal("0.01") < s for a in stated) or (
            len(parts) == 1 and not any(_near(a, s) for a in stated)
        ):
            yield _goal_finding(ctx, p, stated, None, "成本指标", s)
    if not ran:
        raise no_data("绩效目标中没有可比较的金额")


def _goal_finding(
    ctx: Context,
    p: Project,
    stated: list[Decimal],
    budget: Amount | None,
    what: str,
    value: Decimal | None = None,
) -> Finding:
    other = budget.value if budget is not None else value
    assert other is not None
    said = "、".join(dict.fromkeys(fmt(a) for a in stated))
    return ctx.finding(
        f"项目“{p.name}”的绩效目标写明金额 {said} 万元，与{what} {fmt(other)} 万元不符。",
        locations=[_loc(p)] + ([Context.at(budget)] if budget is not None else []),
        expected=other,
        actual=stated[0],
        arithmetic=f"{said} ≠ {fmt(other)}",
        section="绩效目标",
        suggestion=f"核对绩效目标中的金额与{what}。",
    )

"""P: performance targets (绩效目标) — structure and the quality of each indicator."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from yusuan.check.arith import fmt
from yusuan.check.context import Context
from yusuan.check.findings import Finding, Location
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.model import Indicator, Project

WHY_88 = "《中央部门预算绩效目标管理办法》(财预〔2015〕88号)：绩效目标应指向明确、细化量化、合理可行、相应匹配。"
WHY_101 = "《项目支出核心绩效目标和指标设置及取值指引》(财预〔2021〕101号)：指标值应清晰、可衡量。"
_VAGUE = re.compile(
    r"以实际(数)?为准|进一步|明显|有所|逐步|大幅|显著|不断|提高|提升|降低|改善|长期|持续|尽可能|力争|应.尽."
)
_RATE_NAME = re.compile(r"率|满意度|比例|占比|百分比")
_COUNT_UNITS = {
    "个",
    "辆",
    "人",
    "次",
    "件",
    "套",
    "台",
    "条",
    "份",
    "起",
    "项",
    "万元",
    "元",
    "天",
    "小时",
    "路",
    "所",
    "户",
}
_MONEY = {"万元": Decimal(1), "元": Decimal("0.0001")}
_TIME_WORDS = re.compile(r"\d|月|日|年|天|小时|季度|周|前|底|内")
_YEAR = re.compile(r"(20\d{2})\s*年")


def _projects(ctx: Context) -> list[Project]:
    if not ctx.d.performance.projects:
        raise not_applicable("没有项目绩效目标表")
    return ctx.d.performance.projects


Pair = tuple[Project, Indicator]


@dataclass(slots=True)
class _View:
    """The named (third-level) indicators, sorted once per document into the groups that
    the rules below look at, so that each rule walks only its own candidates (in document order)."""

    named: list[tuple[Project, list[Indicator]]] = field(default_factory=list)  # per project
    count: int = 0
    unsatisfied: list[Project] = field(default_factory=list)  # named indicators, none 满意度
    blank: list[Pair] = field(default_factory=list)  # no value printed
    worded: list[Pair] = field(default_factory=list)  # a printed value without a number
    described: list[Pair] = field(default_factory=list)  # "文字描述" in the value
    percent: list[Pair] = field(default_factory=list)  # a number in %
    measured: list[Pair] = field(default_factory=list)  # a number with a unit
    # Measuring satisfaction itself, by name (a 投诉率 under 满意度 is the opposite).
    satisfaction: list[Pair] = field(default_factory=list)
    timely: list[Pair] = field(default_factory=list)
    costs: list[tuple[Project, Indicator, Decimal]] = field(default_factory=list)  # in 万元


def _build_view(projects: list[Project]) -> _View:
    # One pass with the tests written out: documents can have thousands of indicators.
    # Cost indicators: category2 "成本", or category1 "成本" (some tables put 成本 one level up).
    view = _View()
    worded, described, measured = view.worded, view.described, view.measured
    percent, satisfaction, timely = view.percent, view.satisfaction, view.timely
    for p in projects:
        named = [i for i in p.indicators if i.level3]
        view.named.append((p, named))
        view.count += len(named)
        satisfied = False
        for i in named:
            v = i.value
            if v is None:
                view.blank.append((p, i))
            else:
                raw, number = v.raw, v.number
                if raw:
                    if number is None:
                        worded.append((p, i))
                    if "文字描述" in raw:
                        described.append((p, i))
                    if raw.isspace():  # as `not raw.strip()`
                        view.blank.append((p, i))
                else:
                    view.blank.append((p, i))
                if number is not None and v.unit is not None:
                    measured.append((p, i))
                    if v.unit == "%":
                        percent.append((p, i))
            if "满意" in i.level3:  # type: ignore[operator]  # named: level3 is set
                satisfaction.append((p, i))
                satisfied = True
            elif i.category1 == "满意度":
                satisfied = True
            c2 = i.category2
            if c2 == "时效":
                timely.append((p, i))
            if c2 == "成本" or i.category1 == "成本":
                cost = _money(i)
                if cost is not None:
                    view.costs.append((p, i, cost))
        if named and not satisfied:
            view.unsatisfied.append(p)
    return view


def _view(ctx: Context) -> _View:
    projects = _projects(ctx)
    return ctx.shared("performance", lambda: _build_view(projects))


def _loc(p: Project, i: Indicator | None = None) -> Location:
    if i is None:
        return Location.at(p.source, text=p.name, table=p.name)
    raw = i.value.raw if i.value else None
    return Location.at(i.source or p.source, text=raw, table=p.name, row=i.level3, column="指标值")


@rule(
    "P001",
    "warning",
    "项目绩效目标表有绩效指标",
    what="每个项目绩效目标表至少列出一个三级指标。",
    why="中发〔2018〕34号：绩效目标是预算安排的前置条件，须以指标体现。",
    example="唐山市公安局高新区分局2023年“办案及维稳经费”列有 6 个三级指标。",
    fix="补充产出、效益、满意度等绩效指标。",
)
def has_indicators(ctx: Context) -> Iterator[Finding]:
    for p, named in _view(ctx).named:
        if not named:
            yield ctx.finding(
                f"项目“{p.name}”的绩效目标表没有三级指标。",
                locations=[_loc(p)],
                section="绩效目标",
                suggestion="补充绩效指标。",
            )


@rule(
    "P002",
    "warning",
    "指标体系包括产出指标和效益指标",
    what="每个项目的一级指标中既有产出指标，也有效益（效果）指标。",
    why="中发〔2018〕34号：绩效目标须反映产出和效益；domain P02。",
    example="唐山市公安局高新区分局2023年各项目均有产出指标和效益指标。",
    fix="补充缺少的一级指标。",
)
def output_and_outcome(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, named in _view(ctx).named:
        cats = {i.category1 for i in named}
        if not cats:
            continue
        ran = True
        missing = [
            name for key, name in (("产出", "产出指标"), ("效益", "效益指标")) if key not in cats
        ]
        if missing:
            yield ctx.finding(
                f"项目“{p.name}”缺少{'、'.join(missing)}。",
                locations=[_loc(p)],
                section="绩效目标",
                suggestion="补充" + "、".join(missing) + "。",
            )
    if not ran:
        raise no_data("没有可分类的指标")


@rule(
    "P003",
    "info",
    "设置服务对象满意度指标",
    what="项目设有满意度指标（服务对象满意度）。",
    why="中发〔2018〕34号要求反映服务对象满意度；未设满意度时其权重可调整（财预〔2020〕10号），故仅提示。",
    example="唐山市公安局高新区分局2023年“视频监控维护”：用户满意度 >90%。",
    fix="补充服务对象满意度指标。",
)
def has_satisfaction(ctx: Context) -> Iterator[Finding]:
    for p in _view(ctx).unsatisfied:
        yield ctx.finding(
            f"项目“{p.name}”没有满意度指标。", locations=[_loc(p)], section="绩效目标"
        )


@rule(
    "P004",
    "info",
    "产出指标包括数量、质量、时效",
    what="产出指标下设数量、质量、时效二级指标。",
    why="domain P04：产出指标应有数量、质量、时效（及成本）二级指标（财预〔2015〕88号）。",
    example="唐山市公安局高新区分局2023年“视频监控维护”：数量 7246 个，质量 在线率 ≥95%，时效 <24 小时。",
    fix="补充缺少的二级指标。",
)
def output_dimensions(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, named in _view(ctx).named:
        outputs = {i.category2 for i in named if i.category1 == "产出"}
        if not outputs:
            continue
        ran = True
        missing = [k for k in ("数量", "质量", "时效") if k not in outputs]
        if missing:
            yield ctx.finding(
                f"项目“{p.name}”的产出指标缺少{'、'.join(missing)}指标。",
                locations=[_loc(p)],
                section="绩效目标",
            )
    if not ran:
        raise no_data("没有产出指标")


@rule(
    "P005",
    "info",
    "定性指标（无数值）",
    what="列出项目中没有“运算符+数值+单位”的指标值（定性指标），供复核是否可以量化。",
    why=WHY_101 + " 能量化的指标应量化，定性指标应分级分档（domain P06）。",
    example="济源市公安局2020年“办案业务费”：预算编制合理性 “合理”。",
    fix="能量化的改为量化指标，例如“≥95%”；不能量化的写明分级标准。",
)
def qualitative(ctx: Context) -> Iterator[Finding]:
    for p, named in _view(ctx).named:
        names = [
            i.level3
            for i in named
            if i.value and i.value.raw and i.value.number is None and i.value.unit != "日期"
        ]
        if names:
            yield ctx.finding(
                f"项目“{p.name}”有 {len(names)} 个定性指标：{'、'.join(n for n in names if n)[:120]}。",
                locations=[_loc(p)],
                section="绩效目标",
            )


@rule(
    "P006",
    "warning",
    "指标值含糊（“以实际数为准”“提高”“长期”等）",
    what="指标值使用“以实际数为准”“进一步提高”“明显改善”“长期”等无法考核的表述。",
    why="domain P08：避免“进一步提高”“明显改善”“有效促进”等含糊表述（财预〔2021〕101号）。",
    example="唐山市公安局高新区分局2023年“公安专项业务费”：采购专项材料数 “以实际数为准”。",
    fix="写明可考核的目标值，如“≥40 件”“2023 年 12 月底前”。",
)
def vague_values(ctx: Context) -> Iterator[Finding]:
    view = _view(ctx)
    if not view.count:
        raise no_data("没有三级指标")
    for p, i in view.worded:
        raw = i.value.raw if i.value else ""
        if _vague(raw):
            yield ctx.finding(
                f"项目“{p.name}”的指标“{i.level3}”的指标值“{raw}”无法考核。",
                locations=[_loc(p, i)],
                actual=raw,
                section="绩效目标",
                suggestion="改为可考核的数值或时间。",
            )


@rule(
    "P007",
    "error",
    "比率类指标值不超过 100%",
    what="以 % 为单位的指标值（完成率、合格率、满意度……）不超过 100%。",
    why="比率的取值范围是 0–100%（domain P10）。",
    example="—",
    fix="更正指标值或单位。",
)
def rate_over_100(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, i in _view(ctx).percent:
        v = i.value
        if v is None or v.number is None:
            continue
        ran = True
        if v.number > 100 and v.operator not in ("<=", "<"):
            yield ctx.finding(
                f"项目“{p.name}”的指标“{i.level3}”为 {v.raw}，比率超过 100%。",
                locations=[_loc(p, i)],
                actual=v.number,
                expected=Decimal(100),
                arithmetic=f"{fmt(v.number)}% > 100%",
                section="绩效目标",
            )
    if not ran:
        raise no_data("没有百分比指标")


@rule(
    "P008",
    "warning",
    "满意度指标方向为“≥”",
    what="满意度指标的目标应为“≥ N%”（或“> N%”），不应为“≤”。",
    why="满意度是越高越好的正向指标（domain P11）。",
    example="廊坊市公安局安次分局2020年有一项满意度写作“<=95%”。",
    fix="改为“≥ N%”。",
)
def satisfaction_direction(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, i in _view(ctx).satisfaction:
        if i.value is None or i.value.operator is None:
            continue
        ran = True
        if i.value.operator in ("<=", "<"):
            yield ctx.finding(
                f"项目“{p.name}”的满意度指标“{i.level3}”写作“{i.value.raw}”，方向反了。",
                locations=[_loc(p, i)],
                actual=i.value.raw,
                section="绩效目标",
                suggestion="满意度应写作“≥ N%”。",
            )
    if not ran:
        raise no_data("没有带运算符的满意度指标")


@rule(
    "P009",
    "warning",
    "指标单位与指标含义相符",
    what="名称为“××率”“满意度”“比例”的指标应以 % 计，不应以个、辆、万元等计量。",
    why=WHY_101,
    example="—",
    fix="更正指标单位或指标名称。",
)
def unit_fits(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, i in _view(ctx).measured:
        v = i.value
        if v is None or v.unit is None:
            continue
        name = i.level3 or ""
        if not _rate_name(name):
            continue
        ran = True
        if v.unit in _COUNT_UNITS:
            yield ctx.finding(
                f"项目“{p.name}”的指标“{name}”是比率，指标值却以“{v.unit}”计（{v.raw}）。",
                locations=[_loc(p, i)],
                actual=v.raw,
                section="绩效目标",
                suggestion="比率类指标以 % 计。",
            )
    if not ran:
        raise no_data("没有带单位的比率类指标")


# Indicator names and values repeat across projects (templates): test each text once.
@lru_cache(maxsize=4096)
def _rate_name(name: str) -> bool:
    return bool(_RATE_NAME.search(name)) and "数" not in name.replace("指数", "")


@lru_cache(maxsize=4096)
def _vague(raw: str) -> bool:
    return _VAGUE.search(raw) is not None


def _money(i: Indicator) -> Decimal | None:
    v = i.value
    if v is None or v.number is None or v.unit not in _MONEY:
        return None
    return v.number * _MONEY[v.unit]


@rule(
    "P010",
    "error",
    "成本指标不超过项目预算",
    what="以万元/元计的成本指标上限不大于项目本年预算。",
    why=WHY_88 + "（相应匹配：目标与预算相匹配）",
    example="唐山市公安局高新区分局2023年“视频监控维护”：成本 168 万元 = 采购预算 168.00 万元。",
    fix="核对成本指标或项目预算。",
)
def cost_within_budget(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, i, cost in _view(ctx).costs:
        if p.budget is None:
            continue
        if i.value is not None and i.value.operator in (">=", ">"):
            continue  # a floor, not a ceiling (see P011)
        ran = True
        if cost > p.budget.value + Decimal("0.005"):
            yield ctx.finding(
                f"项目“{p.name}”的成本指标 {i.value.raw if i.value else ''} 超过项目预算 {fmt(p.budget.value)} 万元。",
                locations=[_loc(p, i), Context.at(p.budget)],
                expected=p.budget.value,
                actual=cost,
                arithmetic=f"{fmt(cost)} > {fmt(p.budget.value)}",
                section="绩效目标",
                suggestion="成本指标应与项目预算一致。",
            )
    if not ran:
        raise no_data("没有同时给出成本指标和项目预算的项目")


@rule(
    "P011",
    "warning",
    "成本指标为上限（“≤”）",
    what="成本指标应写作“≤ 金额”（控制成本），写作“≥”表示鼓励多花钱。",
    why=WHY_88,
    example="大城县委政法委2020年“见义勇为基金”：成本 专项经费 “≥30万元”。",
    fix="改为“≤ 金额”。",
)
def cost_is_ceiling(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, i, _cost in _view(ctx).costs:
        if i.value is None:
            continue
        ran = True
        if i.value.operator in (">=", ">"):
            yield ctx.finding(
                f"项目“{p.name}”的成本指标“{i.level3}”写作“{i.value.raw}”，应为上限（≤）。",
                locations=[_loc(p, i)],
                actual=i.value.raw,
                section="绩效目标",
                suggestion="成本指标写作“≤ 金额”。",
            )
    if not ran:
        raise no_data("没有金额类成本指标")


@rule(
    "P012",
    "warning",
    "成本指标不低于该项目的政府采购金额",
    what="项目在政府采购预算表中有采购金额时，其成本指标上限不应低于采购金额。",
    why=WHY_88 + " 成本指标与政府采购预算应相互印证。",
    example="唐山市公安局高新区分局2023年“视频监控维护”：成本 168 万元 = 采购 168.00 万元。",
    fix="核对成本指标与采购预算。",
)
def cost_vs_procurement(ctx: Context) -> Iterator[Finding]:
    items = ctx.d.procurement.items
    if not items:
        raise not_applicable("没有政府采购明细")
    by_project: dict[str, Decimal] = {}
    for it in items:
        if it.project and it.amount:
            by_project[it.project] = by_project.get(it.project, Decimal(0)) + it.amount.value
    ran = False
    for p, i, cost in _view(ctx).costs:
        if p.name not in by_project:
            continue
        if i.value is not None and i.value.operator in (">=", ">"):
            continue
        ran = True
        bought = by_project[p.name]
        if cost + Decimal("0.005") < bought:
            yield ctx.finding(
                f"项目“{p.name}”的成本指标 {i.value.raw if i.value else ''} 低于其政府采购金额 {fmt(bought)} 万元。",
                locations=[_loc(p, i)],
                expected=bought,
                actual=cost,
                arithmetic=f"{fmt(cost)} < {fmt(bought)}",
                section="绩效目标",
            )
    if not ran:
        raise no_data("没有与采购表对应的成本指标")


@rule(
    "P013",
    "info",
    "不同项目的绩效指标完全相同",
    what="两个以上项目的三级指标及指标值完全相同（常见于照抄模板）。",
    why=WHY_88 + " 指标应体现各项目自身的产出和效果。",
    example="保定市公安局2023年：两个“中央政法转移支付”项目的指标表完全相同。",
    fix="按各项目的实际内容设置指标。",
)
def identical_tables(ctx: Context) -> Iterator[Finding]:
    named_lists = _view(ctx).named
    # Identical lists share their length and first and last names: only such projects need
    # the full comparison (a project alone in its group never makes a finding).
    shape = Counter(
        (len(named), named[0].level3, named[-1].level3)
        for _, named in named_lists
        if len(named) >= 3
    )
    groups: dict[tuple[tuple[str, str], ...], list[Project]] = {}
    for p, named in named_lists:
        if len(named) >= 3 and shape[(len(named), named[0].level3, named[-1].level3)] > 1:
            key = tuple([(i.level3 or "", i.value.raw if i.value else "") for i in named])
            groups.setdefault(key, []).append(p)
    for same in groups.values():
        if len(same) > 1:
            names = "、".join(f"“{p.name}”" for p in same[:6])
            yield ctx.finding(
                f"{len(same)} 个项目的绩效指标完全相同：{names}{'等' if len(same) > 6 else ''}。",
                locations=[_loc(p) for p in same[:6]],
                section="绩效目标",
                suggestion="按各项目的实际内容设置指标。",
            )


_TEMPLATE_NUMBER = re.compile(r"值\s*([\d.]+)")


@rule(
    "P014",
    "warning",
    "文字描述类指标值中残留数字",
    what="按“文字描述”填写的指标值中又出现“值 95.00”等数字，这些数字往往是从相邻表格带过来的。",
    why=WHY_101 + " 指标值前后矛盾，无法考核。",
    example="廊坊市公安局安次分局2020年：“符号 文字描述 值 95.00 单位 长期”。",
    fix="删去残留数字，或改为量化指标。",
)
def leaked_numbers(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, i in _view(ctx).described:
        raw = i.value.raw if i.value else ""
        ran = True
        m = _TEMPLATE_NUMBER.search(raw)
        if m and i.value is not None and i.value.number is None:
            yield ctx.finding(
                f"项目“{p.name}”的指标“{i.level3}”按文字描述填写，却残留数字 {m.group(1)}。",
                locations=[_loc(p, i)],
                actual=raw,
                section="绩效目标",
                suggestion="删去残留数字或改为量化指标。",
            )
    if not ran:
        raise no_data("没有文字描述类指标值")


@rule(
    "P015",
    "warning",
    "资金支出计划逐期递增并达到 100%",
    what="资金支出计划（3月底、6月底……）的累计比例不递减，最后一期达到 100%。",
    why="支出计划是累计进度，应单调递增并全部支出。",
    example="保定市公安局2023年：3月底 25%、6月底 50%、10月底 100%、12月底 100%。",
    fix="更正各期累计支出比例。",
)
def spending_plan(ctx: Context) -> Iterator[Finding]:
    plans = [p for p in _projects(ctx) if p.spending_plan]
    if not plans:
        raise no_data("没有资金支出计划")
    for p in plans:
        pcts = [s.percent for s in p.spending_plan if s.percent is not None]
        if not pcts:
            continue
        if any(b < a for a, b in pairwise(pcts)):
            yield ctx.finding(
                f"项目“{p.name}”的资金支出计划累计比例出现下降："
                + "、".join(
                    f"{s.by} {fmt(s.percent)}%" for s in p.spending_plan if s.percent is not None
                ),
                locations=[_loc(p)],
                section="绩效目标",
                suggestion="支出计划按累计比例填写。",
            )
        elif pcts[-1] != 100:
            yield ctx.finding(
                f"项目“{p.name}”的资金支出计划最后一期为 {fmt(pcts[-1])}%，未达到 100%。",
                locations=[_loc(p)],
                expected=Decimal(100),
                actual=pcts[-1],
                section="绩效目标",
            )


@rule(
    "P016",
    "warning",
    "时效指标写明时间或期限",
    what="时效指标的指标值写明完成时间（如“2023年12月底前”）或期限（如“≤24小时”）。",
    why="domain P12：时效指标须有日期或期限（例见河北公安 2023 单位预算）。",
    example="唐山市公安局高新区分局2023年：涉案物品移交入监管中心 “≤24 小时”。",
    fix="写明完成时间或期限。",
)
def timeliness_has_time(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, i in _view(ctx).timely:
        if i.value is None:
            continue
        ran = True
        v = i.value
        if v.number is None and v.unit != "日期" and not _TIME_WORDS.search(v.raw or ""):
            yield ctx.finding(
                f"项目“{p.name}”的时效指标“{i.level3}”为“{v.raw}”，没有时间或期限。",
                locations=[_loc(p, i)],
                actual=v.raw,
                section="绩效目标",
                suggestion="写明完成时间或期限。",
            )
    if not ran:
        raise no_data("没有时效指标")


@rule(
    "P017",
    "warning",
    "时效指标的年份是预算年度",
    what="时效指标（指标值或描述）中的年份应是本预算年度，而不是上一年。",
    why="预算绩效目标针对本预算年度。",
    example="大城县委政法委2020年预算中有“工作时限 2019年1月-2019年12月”。",
    fix="更正年份。",
)
def timeliness_year(ctx: Context) -> Iterator[Finding]:
    year = ctx.d.year
    if year is None:
        raise no_data("没有预算年度")
    ran = False
    for p, i in _view(ctx).timely:
        text = " ".join(x for x in (i.value.raw if i.value else "", i.description or "") if x)
        years = {int(y) for y in _YEAR.findall(text)}
        if not years:
            continue
        ran = True
        if max(years) < year:
            yield ctx.finding(
                f"项目“{p.name}”的时效指标“{i.level3}”写的是 {max(years)} 年，而预算年度为 {year} 年。",
                locations=[_loc(p, i)],
                expected=str(year),
                actual=str(max(years)),
                section="绩效目标",
            )
    if not ran:
        raise no_data("时效指标没有年份")


@rule(
    "P018",
    "warning",
    "指标值不为空",
    what="每个三级指标都填写了指标值。",
    why=WHY_101,
    example="—",
    fix="填写指标值。",
)
def value_present(ctx: Context) -> Iterator[Finding]:
    view = _view(ctx)
    if not view.count:
        raise no_data("没有三级指标")
    for p, i in view.blank:
        yield ctx.finding(
            f"项目“{p.name}”的指标“{i.level3}”没有指标值。",
            locations=[_loc(p, i)],
            section="绩效目标",
            suggestion="填写指标值。",
        )


_PLACEHOLDER = re.compile(r"^\s*\d*[.、]?\s*(目标内容|目标)\s*\d*\s*[:：]?\s*$")


@rule(
    "P019",
    "warning",
    "项目绩效目标有实际内容",
    what="项目的绩效目标（年度目标）不是空白或“目标内容1”这类模板文字。",
    why=WHY_88,
    example="唐山市公安局高新区分局2023年“智慧平安社区建设及维护费”的绩效目标只有“1.目标内容 1”。",
    fix="写明项目本年度要达到的产出和效果。",
)
def goal_present(ctx: Context) -> Iterator[Finding]:
    for p in _projects(ctx):
        goal = (p.goal or "").strip()
        if not goal or _PLACEHOLDER.match(goal):
            yield ctx.finding(
                f"项目“{p.name}”的绩效目标{'为空' if not goal else '只有模板文字“' + goal + '”'}。",
                locations=[_loc(p)],
                actual=goal or None,
                section="绩效目标",
                suggestion="写明项目本年度的绩效目标。",
            )


@rule(
    "P020",
    "info",
    "每个项目至少 3 个绩效指标",
    what="项目至少设置 3 个三级指标（部分地方的要求）。",
    why="domain P13（地方规定，如至少 3 个指标），仅作提示。",
    example="唐山市公安局高新区分局2023年各项目 6–7 个指标。",
    fix="补充绩效指标。",
)
def enough_indicators(ctx: Context) -> Iterator[Finding]:
    for p, named in _view(ctx).named:
        n = len(named)
        if 0 < n < 3:
            yield ctx.finding(
                f"项目“{p.name}”只有 {n} 个绩效指标。", locations=[_loc(p)], section="绩效目标"
            )


@rule(
    "P021",
    "warning",
    "满意度目标不低于 80%",
    what="满意度目标值通常为 85%–98%；低于 80% 的目标值得复核。",
    why="domain P11：实践中满意度目标多为 85–98%，阈值可配置（默认 80%）。",
    example="唐山市公安局高新区分局2023年：用户满意度 >90%。",
    fix="核对满意度目标值。",
)
def satisfaction_level(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, i in _view(ctx).satisfaction:
        v = i.value
        if v is None or v.number is None or v.unit != "%":
            continue
        ran = True
        if v.number < 80 and v.operator not in ("<=", "<"):
            yield ctx.finding(
                f"项目“{p.name}”的满意度目标“{v.raw}”低于 80%。",
                locations=[_loc(p, i)],
                actual=v.number,
                section="绩效目标",
            )
    if not ran:
        raise no_data("没有百分比满意度指标")


@rule(
    "P022",
    "warning",
    "部门整体绩效目标有总体目标",
    what="公开部门整体绩效目标时写明年度总体目标。",
    why="domain P14：部门整体绩效目标包括年度总体目标、履职目标和绩效指标。",
    example="唐山市公安局高新区分局2023年“（一）总体绩效目标”。",
    fix="补写总体绩效目标。",
)
def department_goal(ctx: Context) -> Iterator[Finding]:
    dep = ctx.d.performance.department
    if not (dep.goals or dep.measures or dep.indicators or dep.tasks):
        raise not_applicable("没有部门整体绩效目标")
    if not (dep.overall_goal or "").strip():
        yield ctx.finding("部门整体绩效目标没有写明总体目标。", section="绩效目标")

"""P: performance targets row by row — spending plans, rate directions, repeated and copied
indicators, and goal texts that contradict their own indicators."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from yusuan.check.arith import fmt
from yusuan.check.context import Context
from yusuan.check.findings import Finding
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.check.rules.performance import _PLACEHOLDER, WHY_88, WHY_101, _loc, _projects, _view
from yusuan.model import Indicator, Project
from yusuan.vocab.performance import BAD_RATE_WORDS, GOOD_RATE_WORDS
from yusuan.vocab.text import squash

# Rates where more is better (vocab.performance.GOOD_RATE_WORDS): "≤100%" sets no floor.
_GOOD_RATE = re.compile(f"(?:{'|'.join(GOOD_RATE_WORDS)})率|满意度")
_BAD_RATE = re.compile("|".join(BAD_RATE_WORDS))
# "发案率下降3%", "破案率达到95%": a rate the goal text names with a number.
_MONEY_RATE = re.compile(r"成本|预算|资金|经费|支出")
_GOAL_RATE = re.compile(
    r"([\u4e00-\u9fff]{2,10}?(?:率|满意度))[^，。；;\d%]{0,8}?(\d+(?:\.\d+)?)\s*[%％]"
)
_MOVES = re.compile(r"下降|降低|减少|提高|提升|增加|增长|上升")


def _pct_steps(p: Project) -> list[tuple[str, Decimal | None]]:
    return [(s.by, s.percent) for s in p.spending_plan]


@rule(
    "P027",
    "warning",
    "资金支出计划各期填写完整且不超过 100%",
    what="资金支出计划（3月底、6月底……）中间不留空期，各期累计比例不超过 100%。",
    why="支出计划是累计进度：中间空缺的期次无法考核，超过 100% 的累计比例不可能。",
    example="保定市公安局2023年“公安局长城汽车租赁费”：3月底 50%、6月底（空）、10月底 100%。",
    fix="补填空缺期次的累计支出比例，更正超过 100% 的比例。",
)
def spending_plan_complete(ctx: Context) -> Iterator[Finding]:
    plans = [p for p in _projects(ctx) if p.spending_plan]
    if not plans:
        raise no_data("没有资金支出计划")
    for p in plans:
        steps = _pct_steps(p)
        filled = [i for i, (_, pct) in enumerate(steps) if pct is not None]
        if not filled:
            continue
        gaps = [by for by, pct in steps[filled[0] : filled[-1] + 1] if pct is None]
        over = [(by, pct) for by, pct in steps if pct is not None and pct > 100]
        if gaps:
            yield ctx.finding(
                f"项目“{p.name}”的资金支出计划缺少{'、'.join(gaps)}的累计比例。",
                locations=[_loc(p)],
                section="绩效目标",
                suggestion="补填各期累计支出比例。",
            )
        if over:
            yield ctx.finding(
                f"项目“{p.name}”的资金支出计划超过 100%："
                + "、".join(f"{by} {fmt(pct)}%" for by, pct in over)
                + "。",
                locations=[_loc(p)],
                expected=Decimal(100),
                actual=over[0][1],
                section="绩效目标",
                suggestion="累计支出比例最多为 100%。",
            )


@lru_cache(maxsize=4096)
def _good_rate(name: str) -> bool:
    return _GOOD_RATE.search(name) is not None and _BAD_RATE.search(name) is None


@rule(
    "P028",
    "warning",
    "正向比率指标写作“≥”（不是“≤100%”）",
    what="合格率、完成率、覆盖率等越高越好的比率，目标应写作“≥ N%”；写作“≤100%”“≤95%”"
    "等于没有设下限。",
    why=WHY_101 + " 正向指标的目标值是下限，“≤100%”对任何结果都成立，无法考核。",
    example="唐山市公安局高新区分局2023年“智慧平安社区建设及维护费”：“正常使用率 ≤100%”"
    "（成本类、控制率等上限指标除外）。",
    fix="改为“≥ N%”，如“≥95%”。",
)
def good_rate_is_floor(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, i in _view(ctx).percent:
        v = i.value
        name = i.level3 or ""
        if v is None or v.number is None or not _good_rate(name):
            continue
        if "成本" in (i.category1 or "", i.category2 or "") or _MONEY_RATE.search(name):
            continue  # "按预算资金完成率 ≤100%" caps spending: a ceiling is meant
        if "满意" in name and v.number < 100:
            continue  # satisfaction below 100 % written with ≤: P008's
        ran = True
        if v.operator in ("<=", "<"):
            yield ctx.finding(
                f"项目“{p.name}”的指标“{name}”写作“{v.raw}”，正向比率应设下限（≥）。",
                locations=[_loc(p, i)],
                actual=v.raw,
                section="绩效目标",
                suggestion=f"改为“≥{fmt(v.number)}%”或更符合实际的下限。",
            )
    if not ran:
        raise no_data("没有正向比率指标")


def _key(i: Indicator) -> str:
    return squash(i.level3 or "")


def _same_measure(i: Indicator) -> tuple[str, str, str | None]:
    """Name, description and unit: "设备 142套" and "设备 198套" describing two kinds of device
    are two indicators under one loose name, not one indicator twice."""
    return _key(i), squash(i.description or ""), i.value.unit if i.value else None


@rule(
    "P029",
    "warning",
    "同一项目中同一指标只出现一次",
    what="一个项目的绩效指标中，同名三级指标出现两次以上且指标值不同。",
    why=WHY_88 + " 同一指标两个目标值，考核时无所适从。",
    example="大城县委政法委2020年““天网”治安监控系统电费”：“畅通率（1262条链路畅通）≥90%”"
    "与“畅通率（1262条链路畅通）≥80%”并列。",
    fix="删去重复的指标，或改为不同的指标名称。",
)
def repeated_indicator(ctx: Context) -> Iterator[Finding]:
    view = _view(ctx)
    if not view.count:
        raise no_data("没有三级指标")
    for p, named in view.named:
        seen: dict[tuple[str, str, str | None], Indicator] = {}
        for i in named:
            k = _same_measure(i)
            first = seen.get(k)
            if first is None:
                seen[k] = i
                continue
            a = squash(first.value.raw if first.value else "")
            b = squash(i.value.raw if i.value else "")
            if a != b:
                yield ctx.finding(
                    f"项目“{p.name}”的指标“{i.level3}”出现两次，指标值不同："
                    f"“{first.value.raw if first.value else ''}”与“{i.value.raw if i.value else ''}”。",
                    locations=[_loc(p, first), _loc(p, i)],
                    section="绩效目标",
                    suggestion="删去重复的指标或更正指标名称。",
                )


@rule(
    "P030",
    "warning",
    "不同项目的绩效目标表不应整表相同",
    what="两个以上项目的绩效目标文字和全部三级指标、指标值都相同（整表复制）。",
    why=WHY_88 + " 绩效目标应反映各项目自身的产出和效果，整表复制的目标无法考核。",
    example="大城县委政法委2020年“严重精神障碍患者监护人责任险”与“严重精神障碍患者监护人以奖代补经费”："
    "绩效目标和指标表逐字相同。",
    fix="按各项目的实际内容重写绩效目标和指标。",
)
def copied_tables(ctx: Context) -> Iterator[Finding]:
    groups: dict[tuple[str, tuple[tuple[str, str], ...]], list[Project]] = {}
    ran = False
    for p, named in _view(ctx).named:
        goal = squash(p.goal or "")
        if len(named) < 3 or len(goal) < 6 or _PLACEHOLDER.match(p.goal or ""):
            continue
        ran = True
        rows = tuple((_key(i), squash(i.value.raw if i.value else "")) for i in named)
        groups.setdefault((goal, rows), []).append(p)
    if not ran:
        raise no_data("没有写明目标和指标的项目")
    for same in groups.values():
        if len(same) > 1:
            names = "、".join(f"“{p.name}”" for p in same[:6])
            yield ctx.finding(
                f"{len(same)} 个项目的绩效目标和指标表完全相同：{names}{'等' if len(same) > 6 else ''}。",
                locations=[_loc(p) for p in same[:6]],
                section="绩效目标",
                suggestion="按各项目的实际内容设置目标和指标。",
            )


def _rates_in(text: str) -> list[tuple[str, Decimal, bool]]:
    """(rate name, number, whether it is a change) stated in a goal text."""
    out = []
    for m in _GOAL_RATE.finditer(squash(text)):
        name = m.group(1)
        moved = _MOVES.search(m.group(0)[len(name) :]) is not None
        out.append((name, Decimal(m.group(2)), moved))
    return out


def _matching(name: str, indicators: list[Indicator]) -> Indicator | None:
    for i in indicators:
        level3 = _key(i)
        v = i.value
        if v is None or v.number is None or v.unit != "%" or not level3:
            continue
        if level3 == name or (len(level3) >= 3 and level3 in name) or name.endswith(level3):
            return i
    return None


@rule(
    "P031",
    "warning",
    "绩效目标文字与同名指标的目标值一致",
    what="绩效目标文字中写出的比率（“破案率达到95%”“发案率下降3%”）与同一项目中同名指标的指标值一致。",
    why=WHY_88 + " 目标文字和指标表是同一目标的两种表述，数字应相同。",
    example="济源市公安局2020年“道路交通管理专项-电子警察维护”：目标写“监控覆盖面增长率达到10%”，"
    "指标表为“监控覆盖面增长率 ≥35%”。",
    fix="统一目标文字和指标表中的数字。",
)
def goal_text_vs_indicator(ctx: Context) -> Iterator[Finding]:
    ran = False
    for p, named in _view(ctx).named:
        if not p.goal or not named:
            continue
        for name, number, moved in _rates_in(p.goal):
            i = _matching(name, named)
            if i is None or i.value is None or i.value.number is None:
                continue
            ran = True
            if i.value.number != number:
                what = "变化" if moved else "目标"
                yield ctx.finding(
                    f"项目“{p.name}”的绩效目标写“{name}”{what} {fmt(number)}%，"
                    f"指标“{i.level3}”却为“{i.value.raw}”。",
                    locations=[_loc(p), _loc(p, i)],
                    expected=i.value.number,
                    actual=number,
                    section="绩效目标",
                    suggestion="统一目标文字与指标值。",
                )
    if not ran:
        raise not_applicable("绩效目标文字中没有与指标同名的比率")

"""Unit-cost benchmarking: projects stating a quantity (1260 路) and a cost (190.92 万元).

``derive`` runs at load time on each project and stores one ``unit_costs`` row: the kind of item
counted (from the indicator's name and unit, then the project's name), what is done with it
(运维, 建设 …), the quantity, the cost and where the cost came from, and the unit cost in 元 per
item per year. ``benchmark`` groups similar projects across all stored disclosures and flags
those far from the median of the *other* disclosures' projects (one outlier cannot move its own
yardstick).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.model import Indicator, Project
from yusuan.store import schema as s

# (item, keywords in the indicator or project text, measures that count that item)
CATEGORIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "视频监控点位",
        ("摄像", "视频", "监控", "点位", "天网", "雪亮", "卡口", "前端", "探头"),
        ("路", "个", "处", "点", "台", "套", "只", "个点位"),
    ),
    (
        "网络线路",
        ("专线", "线路", "链路", "宽带", "光纤", "网线", "带宽"),
        ("条", "路", "个", "处"),
    ),
    ("公务车辆", ("车辆", "车"), ("辆", "台")),
    ("体检人员", ("体检",), ("人", "名", "人次")),
    ("被装人员", ("服装", "被装", "警服"), ("人", "名", "套")),
    ("辅助人员", ("辅警", "劳务", "巡防", "协警", "辅助人员"), ("人", "名")),
    ("培训人员", ("培训", "训练"), ("人", "名", "人次")),
    ("在押人员", ("在押", "羁押", "在拘", "被拘留", "监管"), ("人", "名", "人次")),
    ("警犬", ("警犬",), ("条", "只", "头")),
    ("移动警务终端", ("警务通", "移动警务", "终端"), ("台", "部", "个", "名")),
    ("建筑面积", ("面积", "建筑", "用房", "场地"), ("平方米", "㎡", "m2", "m²")),
    ("证件号牌", ("证", "号牌", "牌照", "合格标志"), ("份", "个", "付", "副", "张", "本")),
)
# Ordered: the first activity whose word appears wins (a 建设及维护 project is a 建设 one).
ACTIVITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("建设", ("建设", "安装", "新建", "改造", "增建", "扩建", "工程")),
    ("购置", ("购置", "采购", "购买设备")),
    ("运维", ("运维", "维护", "维保", "保养", "维修", "运行")),
    ("服务", ("服务", "租赁", "租金", "租用", "费")),
)
# Units that are not a count of things.
NOT_COUNTS = {
    "%",
    "％",
    "万元",
    "元",
    "亿元",
    "千元",
    "天",
    "日",
    "小时",
    "分钟",
    "月",
    "年",
    "日期",
    "GB",
    "M",
    "次/年",
    "分",
}
MULTIPLIERS = {"万": Decimal(10000), "千": Decimal(1000), "亿": Decimal(100_000_000)}
CENT = Decimal("0.01")


def _text(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _measure(unit: str) -> tuple[Decimal, str]:
    """ "万个" → (10000, "个")."""
    unit = unit.strip()
    if len(unit) > 1 and unit[0] in MULTIPLIERS:
        return MULTIPLIERS[unit[0]], unit[1:]
    return Decimal(1), unit


def _is_count(i: Indicator) -> bool:
    v = i.value
    if v is None or v.number is None or v.unit is None or v.number <= 0:
        return False
    if v.operator in ("<", "<="):
        return False  # an upper bound (事故 ≤ 1) is no quantity delivered
    if not any("数量" in t for t in (i.level2, i.category2, i.level3) if t):
        return False
    return _measure(v.unit)[1] not in NOT_COUNTS


def classify(i: Indicator, project_name: str) -> str | None:
    """The kind of item counted, or None when no known kind fits the indicator."""
    assert i.value is not None and i.value.unit is not None
    measure = _measure(i.value.unit)[1]
    own = _text(i.level3, i.description)
    for texts in (own, _text(own, project_name)):
        for item, words, measures in CATEGORIES:
            if measure not in measures or not any(w in texts for w in words):
                continue
            # "购买服务数量 7 个" in a video project counts services, not cameras: the video kind
            # needs the indicator itself to name it, unless the measure is 路 (channels).
            if item == "视频监控点位" and texts is not own and measure != "路":
                continue
            return item
    return None


def activity(project_name: str) -> str:
    for name, words in ACTIVITIES:
        if any(w in project_name for w in words):
            return name
    return "其他"


def _cost_indicator(p: Project) -> tuple[Decimal, str] | None:
    for i in p.indicators:
        v = i.value
        if v is None or v.number is None or v.unit not in ("万元", "元"):
            continue
        if "成本" in _text(i.level2, i.category2, i.level3) or "预算" in (i.level3 or ""):
            value = v.number if v.unit == "万元" else v.number / 10000
            return value, v.raw
    return None


def derive(p: Project) -> dict[str, Any] | None:
    """The unit-cost row of one project, or None when it states no quantity or no cost."""
    counts = [i for i in p.indicators if _is_count(i)]
    if not counts:
        return None
    if p.budget is not None and p.budget.value > 0:
        cost, raw, basis = p.budget.value, p.budget.raw, "budget"
    elif p.fiscal is not None and p.fiscal.value > 0:
        cost, raw, basis = p.fiscal.value, p.fiscal.raw, "fiscal"
    elif (ci := _cost_indicator(p)) is not None and ci[0] > 0:
        cost, raw, basis = ci[0], ci[1], "cost_indicator"
    else:
        return None
    chosen, item = counts[0], None
    for i in counts:
        if (item := classify(i, p.name)) is not None:
            chosen = i
            break
    v = chosen.value
    assert v is not None and v.number is not None and v.unit is not None
    factor, measure = _measure(v.unit)
    quantity = v.number * factor
    return {
        "item": item or f"其他·{measure}",
        "activity": activity(p.name),
        "measure": measure,
        "indicator": chosen.level3,
        "quantity": quantity,
        "quantity_raw": v.raw,
        "cost": cost,
        "cost_raw": raw,
        "cost_basis": basis,
        "unit_cost": (cost * 10000 / quantity).quantize(CENT, ROUND_HALF_UP),
    }


@dataclass
class CostRow:
    unit: str | None
    year: int | None
    disclosure_id: int
    project: str
    item: str
    activity: str
    measure: str
    indicator: str | None
    quantity: Decimal
    cost: Decimal
    cost_basis: str
    unit_cost: Decimal
    peers: int = 0  # similar projects in other disclosures
    median: Decimal | None = None  # their median unit cost
    ratio: Decimal | None = None
    outlier: str = ""  # "high" | "low" | ""


def benchmark(
    session: Session,
    *,
    item: str | None = None,
    activity_: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    factor: Decimal = Decimal(3),
    loose: bool = False,
    outliers_only: bool = False,
) -> list[CostRow]:
    """Unit costs of current disclosures with their peers' median, grouped by (item, activity).

    ``loose`` also compares projects whose item is only known by its measure (其他·人).
    """
    uc = s.UnitCost
    q = (
        select(
            uc.disclosure_id,
            uc.item,
            uc.activity,
            uc.measure,
            uc.indicator,
            uc.quantity,
            uc.cost,
            uc.cost_basis,
            uc.unit_cost,
            s.Project.name,
            s.Disclosure.unit_name,
            s.Disclosure.year,
        )
        .join(s.Project, s.Project.id == uc.project_id)
        .join(s.Disclosure, s.Disclosure.id == uc.disclosure_id)
        .where(s.Disclosure.is_current.is_(True))
    )
    if item:
        q = q.where(uc.item.contains(item))
    if activity_:
        q = q.where(uc.activity == activity_)
    rows = [
        CostRow(
            unit=r.unit_name,
            year=r.year,
            disclosure_id=r.disclosure_id,
            project=r.name,
            item=r.item,
            activity=r.activity,
            measure=r.measure,
            indicator=r.indicator,
            quantity=r.quantity,
            cost=r.cost,
            cost_basis=r.cost_basis,
            unit_cost=r.unit_cost,
        )
        for r in session.execute(q)
    ]
    groups: dict[tuple[str, str], list[CostRow]] = defaultdict(list)
    for r in rows:
        groups[(r.item, r.activity)].append(r)
    for (it, _), members in groups.items():
        comparable = loose or not it.startswith("其他")
        ordered = sorted(r.unit_cost for r in members)
        own: dict[int, list[Decimal]] = defaultdict(list)
        for r in members:
            own[r.disclosure_id].append(r.unit_cost)
        medians = {did: _median_without(ordered, sorted(vals)) for did, vals in own.items()}
        for r in members:
            r.peers = len(ordered) - len(own[r.disclosure_id])
            med = medians[r.disclosure_id]
            if med is None:
                continue
            r.median = med.quantize(CENT, ROUND_HALF_UP)
            if r.median > 0:
                r.ratio = (r.unit_cost / r.median).quantize(CENT, ROUND_HALF_UP)
                if comparable and r.ratio >= factor:
                    r.outlier = "high"
                elif comparable and r.ratio <= 1 / factor:
                    r.outlier = "low"
    out = rows
    if unit:
        out = [r for r in out if r.unit and unit in r.unit]
    if year is not None:
        out = [r for r in out if r.year == year]
    if outliers_only:
        out = [r for r in out if r.outlier]
    out.sort(key=lambda r: (r.item, r.activity, -r.unit_cost, r.unit or "", r.project))
    return out


def _median_without(ordered: list[Decimal], removed: list[Decimal]) -> Decimal | None:
    """The median of ``ordered`` less the (sorted) values ``removed``, in O(k log n) — a group
    can hold thousands of projects, and each disclosure needs the median of the others."""
    n = len(ordered) - len(removed)
    if n <= 0:
        return None
    positions: list[int] = []
    for v in removed:  # the i-th duplicate of v sits i places after its first occurrence
        first = bisect_left(ordered, v)
        positions.append(first + sum(1 for p in positions if ordered[p] == v))
    positions.sort()

    def kth(k: int) -> Decimal:
        idx = k
        for p in positions:
            if p <= idx:
                idx += 1
        return ordered[idx]

    lo, hi = kth((n - 1) // 2), kth(n // 2)
    return lo if lo == hi else (lo + hi) / 2


def measure_label(r: CostRow) -> str:
    return f"元/{r.measure}/年"

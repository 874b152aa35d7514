"""Unit-cost derivation and the peers' median, without a database."""

from __future__ import annotations

import statistics
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from yusuan.model import Amount, Indicator, IndicatorValueModel, Project
from yusuan.store.unitcost import _median_without, activity, derive


def ind(
    name: str, number: str, unit: str, level2: str = "数量指标", op: str | None = "="
) -> Indicator:
    return Indicator(
        level1="产出指标",
        level2=level2,
        level3=name,
        value=IndicatorValueModel(
            raw=f"{number}{unit}", operator=op, number=Decimal(number), unit=unit
        ),  # type: ignore[arg-type]
    )


def test_budget_first_then_cost_indicator() -> None:
    p = Project(
        name="公共安全视频监控前端运维项目经费",
        indicators=[
            ind("运维数量", "1260.00", "路"),
            ind("项目成本", "190.92", "万元", "成本指标", "<="),
        ],
    )
    row = derive(p)
    assert row is not None
    assert (row["item"], row["activity"], row["measure"]) == ("视频监控点位", "运维", "路")
    assert (row["cost"], row["cost_basis"], row["unit_cost"]) == (
        Decimal("190.92"),
        "cost_indicator",
        Decimal("1515.24"),
    )
    p.budget = Amount(value=Decimal("200"), raw="200")
    row = derive(p)
    assert (
        row is not None and row["cost_basis"] == "budget" and row["unit_cost"] == Decimal("1587.30")
    )


def test_multiplied_units_and_costs_in_yuan() -> None:
    p = Project(
        name="道路交通管理专项-机动车号牌费",
        indicators=[
            ind("每年车辆牌照数量", "3.5", "万付", op=">="),
            ind("成本", "20000", "元", "成本指标"),
        ],
    )
    row = derive(p)
    assert row is not None
    assert (row["quantity"], row["measure"], row["item"]) == (Decimal("35000.0"), "付", "证件号牌")
    assert row["cost"] == Decimal(2) and row["unit_cost"] == Decimal("0.57")  # 20000 元 / 35000


def test_no_quantity_or_no_cost_means_no_row() -> None:
    assert derive(Project(name="x", indicators=[ind("在线率", "95", "%")])) is None
    assert derive(Project(name="x", indicators=[ind("事故数", "1", "起", op="<=")])) is None
    assert derive(Project(name="x", indicators=[ind("设备", "5", "台")])) is None  # no cost


def test_video_needs_the_indicator_to_say_so() -> None:
    # "购买服务数量 7 个" in a video project counts services, not cameras.
    p = Project(
        name="公共安全视频图像智能化应用平台联网应用项目",
        budget=Amount(value=Decimal("60"), raw="60"),
        indicators=[ind("购买服务数量", "7", "个")],
    )
    row = derive(p)
    assert row is not None and row["item"] == "其他·个"


def test_activity_words() -> None:
    assert activity("智慧平安社区建设及维护费") == "建设"
    assert activity("视频监控维护") == "运维"
    assert activity("警用服装购置") == "购置"
    assert activity("派出所勤务指挥室网线租赁费") == "服务"
    assert activity("大要案准备金") == "其他"


@given(
    st.lists(st.integers(1, 30), min_size=1, max_size=15),
    st.data(),
)
def test_median_of_the_others(values: list[int], data: st.DataObject) -> None:
    vals = [Decimal(v) for v in values]
    removed = sorted(data.draw(st.lists(st.sampled_from(vals), max_size=len(vals), unique_by=id)))
    rest = list(vals)
    for r in removed:
        if r in rest:
            rest.remove(r)
        else:
            return  # drew a value more often than it occurs
    expected = statistics.median(rest) if rest else None
    assert _median_without(sorted(vals), removed) == expected

"""N022–N030: stated changes against their parts, rates against their amounts, one item
given twice, planned asset purchases, 决算 against 年初预算. A case each rule must find and a
close case it must not; texts follow the wording of real disclosures."""

from __future__ import annotations

from decimal import Decimal

from tests.check_build import ASSETS, amt, disclosure, findings, passages, status, tp
from yusuan.model import (
    Procurement,
    ProcurementItem,
)

# --- "三公" changes -----------------------------------------------------------------------------


def test_N022_change_against_all_three_parts() -> None:
    wrong = tp("-4.6", outbound="0", vehicle_total="-3", reception="-1")
    (f,) = findings(disclosure(three_public=wrong), "N022")
    assert f.expected == Decimal(-4) and f.actual == Decimal("-4.6")
    right = tp("-4", outbound="0", vehicle_purchase="0", vehicle_operation="-3", reception="-1")
    assert findings(disclosure(three_public=right), "N022") == []


def test_N023_change_left_partly_unexplained() -> None:
    partly = tp("-2.5", outbound="0", vehicle_total="-2")
    (f,) = findings(disclosure(three_public=partly), "N023")
    assert "公务接待费" in f.message
    explained = tp("-2", outbound="0", vehicle_total="-2")
    assert findings(disclosure(three_public=explained), "N023") == []
    assert (
        status(
            disclosure(three_public=tp("-2", outbound="0", vehicle_total="-2", reception="0")),
            "N023",
        )
        == "not_applicable"
    )


# --- rates ---------------------------------------------------------------------------------------


def test_N024_rate_off_or_wrong_way() -> None:
    off = passages("一般行政管理事务（项）支出3,666万元，与上年相比增加21.8万元，增长0.06%。")
    (f,) = findings(disclosure(narrative=off), "N024")
    assert f.expected == Decimal("0.60")
    wrong_way = passages("本年支出合计100万元，比上年减少10万元，增长12.40%。")
    assert "方向" in findings(disclosure(narrative=wrong_way), "N024")[0].message
    right = passages(
        "收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。"
    )
    assert findings(disclosure(narrative=right), "N024") == []


def test_N026_last_digit_of_a_rate() -> None:
    slip = passages("提租补贴（项）支出1959.99万元，与上年相比增加865.57万元，增长79.05%。")
    d = disclosure(narrative=slip)
    assert len(findings(d, "N026")) == 1 and findings(d, "N024") == []
    exact = passages("提租补贴（项）支出1959.99万元，与上年相比增加865.57万元，增长79.09%。")
    assert findings(disclosure(narrative=exact), "N026") == []


def test_N025_one_item_two_amounts() -> None:
    two = passages(
        "本年支出合计8579.96万元，基本支出5089.05万元；基本支出5809.05万元，其中人员经费4820.17万元。"
    )
    (f,) = findings(disclosure(narrative=two), "N025")
    assert f.actual == Decimal("5809.05")
    years = passages("基本支出5089.05万元，上年基本支出5225.37万元。")
    assert findings(disclosure(narrative=years), "N025") == []


# --- planned assets --------------------------------------------------------------------------------


def item(name: str, value: str) -> ProcurementItem:
    return ProcurementItem(item=name, amount=amt(value))


def test_N027_planned_items_price_and_sum() -> None:
    text = "本年度拟购置固定资产共计4.30万元，包括：打印机5台，每台0.30万元，计1.80万元；计算机5台，每台0.50万元，计2.50万元。"
    found = findings(disclosure(narrative=passages(text, section="assets")), "N027")
    assert [f.expected for f in found] == [Decimal("1.50")]
    # 0.3 printed with one decimal may be 0.35: 5 × 0.35 = 1.75, which prints as 1.8.
    rounded = text.replace("0.30万元，计1.80", "0.3万元，计1.8")
    assert findings(disclosure(narrative=passages(rounded, section="assets")), "N027") == []
    # The price's rounding grows with the quantity: 38 × 0.865 = 32.87, printed 0.9.
    many = "本年度拟购置固定资产共计32.87万元，包括：高清球机38台，每台0.9万元，计32.87万元。"
    assert findings(disclosure(narrative=passages(many, section="assets")), "N027") == []
    # 38 × 0.87 = 33.06, but 0.87 may be a rounded 0.865: no finding
    assert findings(disclosure(narrative=passages(ASSETS, section="assets")), "N027") == []
    short = ASSETS.replace("72.51", "80.00")
    assert len(findings(disclosure(narrative=passages(short, section="assets")), "N027")) == 1


def test_N028_planned_assets_missing_from_procurement() -> None:
    other = Procurement(
        table_total=amt("217"), items=[item("制服", "30"), item("硬件运维服务", "168")]
    )
    d = disclosure(narrative=passages(ASSETS, section="assets"), procurement=other)
    assert "高清球机" in findings(d, "N028")[0].message
    listed = Procurement(
        table_total=amt("217"),
        items=[item("高清球机", "32.87"), item("配电箱", "3.04"), item("云存储服务器", "26.95")],
    )
    d = disclosure(narrative=passages(ASSETS, section="assets"), procurement=listed)
    assert findings(d, "N028") == []
    small = Procurement(table_total=amt("30"), items=[item("高清球机", "30")])
    d = disclosure(narrative=passages(ASSETS, section="assets"), procurement=small)
    assert findings(d, "N028")[0].actual == Decimal(30)


# --- 决算 statements -------------------------------------------------------------------------------


def final(*texts: str) -> object:
    return disclosure(kind="final_accounts", narrative=passages(*texts, section="general_public"))


def test_N029_completion_rate() -> None:
    right = final(
        "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。"
    )
    assert findings(right, "N029") == []  # type: ignore[arg-type]
    wrong = final(
        "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的89.20%。"
    )
    assert findings(wrong, "N029")[0].expected == Decimal("98.20")  # type: ignore[arg-type]
    budget = disclosure(
        narrative=passages("年初预算为10万元，支出决算为9万元，完成年初预算的80%。")
    )
    assert status(budget, "N029") == "not_applicable"


def test_N030_comparison_with_the_budget() -> None:
    less = "年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因：人员减少。"
    assert findings(final(less), "N030") == []  # type: ignore[arg-type]
    more = less.replace("小于", "大于")
    assert len(findings(final(more), "N030")) == 1  # type: ignore[arg-type]
    flat = "年初预算为10.00万元，支出决算为10.00万元。决算数与预算数基本持平。"
    assert findings(final(flat), "N030") == []  # type: ignore[arg-type]
    diff = "年初预算为100万元，支出决算为90万元，比年初预算减少5万元。"
    assert findings(final(diff), "N030")[0].actual == Decimal(-5)  # type: ignore[arg-type]

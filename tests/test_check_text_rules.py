"""N022–N030, T016–T017 (with T005–T009 on 决算 summaries), W001–W008: a case each rule must
find and a close case it must not. Texts follow the wording of real disclosures."""

from __future__ import annotations

from decimal import Decimal

from tests.check_build import amt, disclosure, findings, passages, status
from yusuan.model import (
    Amount,
    Performance,
    Procurement,
    ProcurementItem,
    Project,
    TableModel,
    TableRow,
    ThreePublic,
)


def signed(v: str) -> Amount:
    return Amount(value=Decimal(v), raw=f"{v.lstrip('-')}万元", source="doc.txt:3")


# --- "三公" changes -----------------------------------------------------------------------------


def tp(change: str, **parts: str) -> ThreePublic:
    return ThreePublic(
        total=amt("12.5"), change=signed(change), changes={k: signed(v) for k, v in parts.items()}
    )


def test_n022_change_against_all_three_parts() -> None:
    wrong = tp("-4.6", outbound="0", vehicle_total="-3", reception="-1")
    (f,) = findings(disclosure(three_public=wrong), "N022")
    assert f.expected == Decimal(-4) and f.actual == Decimal("-4.6")
    right = tp("-4", outbound="0", vehicle_purchase="0", vehicle_operation="-3", reception="-1")
    assert findings(disclosure(three_public=right), "N022") == []


def test_n023_change_left_partly_unexplained() -> None:
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


def test_n024_rate_off_or_wrong_way() -> None:
    off = passages("一般行政管理事务（项）支出3,666万元，与上年相比增加21.8万元，增长0.06%。")
    (f,) = findings(disclosure(narrative=off), "N024")
    assert f.expected == Decimal("0.60")
    wrong_way = passages("本年支出合计100万元，比上年减少10万元，增长12.40%。")
    assert "方向" in findings(disclosure(narrative=wrong_way), "N024")[0].message
    right = passages(
        "收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。"
    )
    assert findings(disclosure(narrative=right), "N024") == []


def test_n026_last_digit_of_a_rate() -> None:
    slip = passages("提租补贴（项）支出1959.99万元，与上年相比增加865.57万元，增长79.05%。")
    d = disclosure(narrative=slip)
    assert len(findings(d, "N026")) == 1 and findings(d, "N024") == []
    exact = passages("提租补贴（项）支出1959.99万元，与上年相比增加865.57万元，增长79.09%。")
    assert findings(disclosure(narrative=exact), "N026") == []


def test_n025_one_item_two_amounts() -> None:
    two = passages(
        "本年支出合计8579.96万元，基本支出5089.05万元；基本支出5809.05万元，其中人员经费4820.17万元。"
    )
    (f,) = findings(disclosure(narrative=two), "N025")
    assert f.actual == Decimal("5809.05")
    years = passages("基本支出5089.05万元，上年基本支出5225.37万元。")
    assert findings(disclosure(narrative=years), "N025") == []


# --- planned assets --------------------------------------------------------------------------------

ASSETS = (
    "本年度拟购置固定资产总额为72.51万元，包括：高清球机38台，每台0.87万元，计32.87万元；配电箱38个，"
    "每个0.08万元，计3.04万元；云存储服务器1台，26.95万元；云存储软件1套，9.65万元。已按要求列入政府采购预算。"
)


def item(name: str, value: str) -> ProcurementItem:
    return ProcurementItem(item=name, amount=amt(value))


def test_n027_planned_items_price_and_sum() -> None:
    text = "本年度拟购置固定资产共计4.3万元，包括：打印机5台，每台0.3万元，计1.8万元；计算机5台，每台0.5万元，计2.5万元。"
    found = findings(disclosure(narrative=passages(text, section="assets")), "N027")
    assert [f.expected for f in found] == [Decimal("1.5")]
    # 38 × 0.87 = 33.06, but 0.87 may be a rounded 0.865: no finding
    assert findings(disclosure(narrative=passages(ASSETS, section="assets")), "N027") == []
    short = ASSETS.replace("72.51", "80.00")
    assert len(findings(disclosure(narrative=passages(short, section="assets")), "N027")) == 1


def test_n028_planned_assets_missing_from_procurement() -> None:
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


def test_n029_completion_rate() -> None:
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


def test_n030_comparison_with_the_budget() -> None:
    less = "年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因：人员减少。"
    assert findings(final(less), "N030") == []  # type: ignore[arg-type]
    more = less.replace("小于", "大于")
    assert len(findings(final(more), "N030")) == 1  # type: ignore[arg-type]
    flat = "年初预算为10.00万元，支出决算为10.00万元。决算数与预算数基本持平。"
    assert findings(final(flat), "N030") == []  # type: ignore[arg-type]
    diff = "年初预算为100万元，支出决算为90万元，比年初预算减少5万元。"
    assert findings(final(diff), "N030")[0].actual == Decimal(-5)  # type: ignore[arg-type]


# --- tables ----------------------------------------------------------------------------------------


def row(name: str, side: str, value: str | None, col: str) -> TableRow:
    return TableRow(
        name=name, side=side, values={col: amt(value) if value else None}, source="doc.txt:9"
    )


def final_summary(total_out: str) -> TableModel:
    i, o = "收入/决算数", "支出/决算数"
    return TableModel(
        kind="final_income_expenditure_summary",
        title="收入支出决算总表",
        columns=[i, o],
        rows=[
            row("一、一般公共预算财政拨款收入", "收入", "2940.05", i),
            row("二、其他收入", "收入", "6.20", i),
            row("本年收入合计", "收入", "2946.25", i),
            row("年初结转和结余", "收入", "49.14", i),
            row("总计", "收入", "2995.39", i),
            row("一、一般公共服务支出", "支出", "2940.05", o),
            row("本年支出合计", "支出", "2940.05", o),
            row("年末结转和结余", "支出", "55.34", o),
            row("总计", "支出", total_out, o),
        ],
    )


def test_final_summary_balances() -> None:
    good = disclosure(kind="final_accounts", tables=[final_summary("2995.39")])
    for code in ("T005", "T006", "T007", "T008", "T009"):
        assert status(good, code) == "passed", code
    bad = disclosure(kind="final_accounts", tables=[final_summary("2959.39")])
    assert findings(bad, "T008") and findings(bad, "T009")


def three_columns(total: str) -> TableModel:
    head = "财政拨款“三公”经费/"
    cols = [
        head + "合计/预算数",
        head + "因公出国（境）费/预算数",
        head + "公务用车购置及运行费/小计/预算数",
        head + "公务用车购置及运行费/公务用车购置费/预算数",
        head + "公务用车购置及运行费/公务用车运行费/预算数",
        head + "公务接待费/预算数",
    ]
    values = [total, "0", "2.00", "0", "2.00", "0.95"]
    return TableModel(
        kind="final_three_public",
        title="财政拨款“三公”经费支出决算表",
        columns=cols,
        rows=[TableRow(values={c: amt(v) for c, v in zip(cols, values, strict=True)})],
    )


def test_t016_three_public_by_column() -> None:
    assert findings(disclosure(tables=[three_columns("2.95")]), "T016") == []
    (f,) = findings(disclosure(tables=[three_columns("3.95")]), "T016")
    assert f.expected == Decimal("2.95")


def test_t017_numbering_skips_and_repeats() -> None:
    c = "支出/合计"
    names = [
        "一、一般公共服务支出",
        "二、外交支出",
        "四、公共安全支出",
        "四、教育支出",
        "五、科学技术支出",
    ]
    t = TableModel(
        kind="fiscal_summary",
        title="财政拨款收支总表",
        columns=[c],
        rows=[row(n, "支出", "1", c) for n in names],
    )
    found = findings(disclosure(tables=[t]), "T017")
    assert [f.message.split("：")[-1] for f in found] == ["序号从 2 跳到 4。", "序号“4”重复。"]
    ok = ["一、一般公共服务支出", "二、外交支出", "三、国防支出", "一、上年结转"]
    t2 = TableModel(
        kind="fiscal_summary",
        title="财政拨款收支总表",
        columns=[c],
        rows=[row(n, "支出", "1", c) for n in ok],
    )
    assert findings(disclosure(tables=[t2]), "T017") == []
    projects = [Project(name=f"项目{n}", title=f"{n}.项目{n}绩效目标表") for n in (1, 2, 3, 5)]
    assert len(findings(disclosure(performance=Performance(projects=projects)), "T017")) == 1


# --- wording ---------------------------------------------------------------------------------------


def test_w001_doubled_punctuation() -> None:
    assert len(findings(disclosure(narrative=passages("深入落实从优待警举措。。")), "W001")) == 1
    assert (
        len(findings(disclosure(narrative=passages("加快视频智能化应用建设，。推进")), "W001")) == 1
    )
    assert findings(disclosure(narrative=passages("详见下表……如下。")), "W001") == []


def test_w002_unbalanced_marks() -> None:
    open_quote = passages("实现政治、社会、法律“三个效果的统一。", "下一段。")
    assert len(findings(disclosure(narrative=open_quote), "W002")) == 1
    broken = passages("依据《中华人民共和国", "预算法》编制。")
    listed = passages("1）加强组织领导。")
    assert findings(disclosure(narrative=broken + listed), "W002") == []


def test_w003_broken_off_sentence() -> None:
    d = disclosure(
        narrative=passages("公务用车购置费0万元，与2023年预算持平，主要原因是。其中：运行费0万元。")
    )
    assert len(findings(d, "W003")) == 1
    fine = passages("项目支出的日常公用经费支出不再列入其中。预决算持平的不用说明变动原因。")
    assert findings(disclosure(narrative=fine), "W003") == []


def test_w004_comparison_year() -> None:
    d = disclosure(year=2020, narrative=passages("“三公”经费比2018年减少0.31万元。"))
    assert findings(d, "W004")[0].actual == "2018"
    fine = disclosure(year=2020, narrative=passages("比2019年减少0.31万元，与2020年持平。"))
    assert findings(fine, "W004") == []


def test_w005_department_wording_in_a_unit_budget() -> None:
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


def test_w006_renamed_classification() -> None:
    old = disclosure(year=2024, narrative=passages("三、医疗卫生与计划生育支出50.37万元"))
    assert findings(old, "W006")[0].expected == "卫生健康支出"
    before = disclosure(year=2018, narrative=passages("三、医疗卫生与计划生育支出50.37万元"))
    assert findings(before, "W006") == []


def test_w007_blank_pages() -> None:
    d = disclosure(blank_pages=["doc.pdf:p14"])
    assert findings(d, "W007")[0].locations[0].page == 14
    assert findings(disclosure(), "W007") == []


def test_w008_heading_numbers() -> None:
    heads = passages("一、部门职责", "二、机构设置", "四、部门预算安排的总体情况", "八、名词解释")
    found = findings(disclosure(narrative=heads), "W008")
    assert len(found) == 2
    glued = passages(
        "一、部门职责", "二、机构设置", "预留项目预算为34万元。三、绩效目标设置情况", "四、国有资产"
    )
    assert findings(disclosure(narrative=glued), "W008") == []

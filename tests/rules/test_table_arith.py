"""T: arithmetic inside one table. Each test breaks one cell of county_2024.txt."""

from __future__ import annotations

import pytest

from tests.rules.conftest import (
    BASE,
    EXPENDITURE,
    INCOME,
    SUMMARY,
    THREE,
    D,
    Run,
    assert_passes,
    drop,
    edit,
    line_of,
)


def test_T001_total_row_is_the_sum_of_the_classes(run: Run) -> None:
    # 合计 600.00 = 204 公共安全支出 500.00 + 212 城乡社区支出 100.00; print 650.00 instead.
    doc = run(edit(BASE, "\t合计\t600.00\t300.00", "\t合计\t650.00\t300.00", after=EXPENDITURE))
    f = doc.one("T001")
    assert f.locations[0].line == line_of(doc.text, "\t合计\t650.00", after=EXPENDITURE)
    assert (f.locations[0].table, f.locations[0].column) == (EXPENDITURE, "合计")
    assert [loc.row for loc in f.locations[1:]] == ["204 公共安全支出", "212 城乡社区支出"]
    assert (f.expected, f.actual) == (D("600.00"), D("650.00"))
    assert f.arithmetic == "500.00 + 100.00 = 600.00 ≠ 650.00"
    assert_passes("T001")


def test_T001_a_misprinted_class_is_not_a_class_of_its_own(run: Run) -> None:
    # "2120899" printed as "7120899" (a Shanghai unit printed 类 "7" for "210"): the row's
    # parents are gone, but 合计 600.00 = 204 500.00 + 212 100.00 without it. The code is the
    # error (C001), not the total.
    doc = run(edit(BASE, "2120899\t其他", "7120899\t其他", after=EXPENDITURE))
    assert doc.of("T001") == []
    assert [f.actual for f in doc.of("C001")] == ["7120899"]


def test_T002_parent_code_is_the_sum_of_its_children(run: Run) -> None:
    # 302 商品和服务支出 公用经费 = 30201 20.00 + 30211 22.00 + 30231 8.00 = 50.00; print 55.00.
    doc = run(
        edit(BASE, "302\t商品和服务支出\t50.00\t\t50.00", "302\t商品和服务支出\t50.00\t\t55.00")
    )
    f = doc.one("T002")
    assert f.locations[0].line == line_of(doc.text, "302\t商品和服务支出")
    assert (f.locations[0].row, f.locations[0].column) == ("302 商品和服务支出", "公用经费")
    assert (f.expected, f.actual) == (D("50.00"), D("55.00"))
    assert f.arithmetic == "20.00 + 22.00 + 8.00 = 50.00 ≠ 55.00"
    assert_passes("T002")


def test_T002_names_a_child_printed_in_another_table(run: Run) -> None:
    # 2040220 执法办案 dropped from the 一般公共预算支出表 but printed in the 支出总表 with 200.00.
    doc = run(drop(BASE, "2040220\t执法办案", after="一般公共预算支出表"))
    (f,) = [f for f in doc.of("T002") if f.locations[0].column == "合计"]
    assert f.locations[0].line == line_of(doc.text, "20402\t公安", after="一般公共预算支出表")
    assert f.arithmetic == "300.00 = 300.00 ≠ 500.00"
    assert f.diagnosis is not None and "2040220 执法办案" in f.diagnosis


def test_T003_row_total_is_the_sum_of_its_columns(run: Run) -> None:
    # 204 公共安全支出: 合计 = 基本支出 300.00 + 项目支出 200.00 = 500.00; print 530.00.
    doc = run(
        edit(BASE, "204\t公共安全支出\t500.00", "204\t公共安全支出\t530.00", after=EXPENDITURE)
    )
    f = doc.one("T003")
    assert f.locations[0].line == line_of(doc.text, "204\t公共安全支出\t530.00")
    assert (f.locations[0].row, f.locations[0].column) == ("204 公共安全支出", "合计")
    assert (f.expected, f.actual) == (D("500.00"), D("530.00"))
    assert f.arithmetic == "300.00 + 200.00 = 500.00 ≠ 530.00"
    assert_passes("T003")


def test_T003_a_total_column_headed_gongji(run: Run) -> None:
    # The 合计 column headed 共计 (a total by another name): 204 公共安全支出 共计 530.00 ≠
    # 基本支出 300.00 + 项目支出 200.00.
    text = edit(BASE, "科目名称\t合计\t基本支出", "科目名称\t共计\t基本支出", after=EXPENDITURE)
    doc = run(
        edit(text, "204\t公共安全支出\t500.00", "204\t公共安全支出\t530.00", after=EXPENDITURE)
    )
    f = doc.one("T003")
    assert (f.locations[0].row, f.locations[0].column) == ("204 公共安全支出", "共计")
    assert f.arithmetic == "300.00 + 200.00 = 500.00 ≠ 530.00"


def test_T004_subtotal_column_is_the_sum_of_the_columns_under_it(run: Run) -> None:
    # 收入总表 合计 row: 本年收入/小计 = 一般公共预算 500.00 + 政府性基金 100.00; print 650.00.
    doc = run(edit(BASE, "\t合计\t600.00\t600.00", "\t合计\t600.00\t650.00", after=INCOME))
    f = doc.one("T004")
    assert f.locations[0].line == line_of(doc.text, "\t合计\t600.00\t650.00")
    assert (f.locations[0].table, f.locations[0].column) == (INCOME, "本年收入/小计")
    assert (f.expected, f.actual) == (D("600.00"), D("650.00"))
    assert f.arithmetic == "500.00 + 100.00 = 600.00 ≠ 650.00"
    assert_passes("T004")


def test_T005_income_lines_add_up_to_the_year_income(run: Run) -> None:
    # 收支总表: 本年收入合计 = 500.00 + 100.00 = 600.00; print 660.00.
    doc = run(edit(BASE, "本年收入合计\t600.00", "本年收入合计\t660.00", after=SUMMARY))
    f = doc.one("T005")
    assert f.locations[0].line == line_of(doc.text, "本年收入合计\t660.00")
    assert (f.locations[0].table, f.locations[0].column) == (SUMMARY, "收入/预算数")
    assert (f.expected, f.actual) == (D("600.00"), D("660.00"))
    assert f.arithmetic == "500.00 + 100.00 = 600.00 ≠ 660.00"
    assert_passes("T005")


def test_T006_expenditure_lines_add_up_to_the_year_expenditure(run: Run) -> None:
    # 收支总表: 城乡社区支出 100.00 printed 120.00, so 500.00 + 120.00 = 620.00 ≠ 本年支出合计 600.00.
    doc = run(edit(BASE, "二、城乡社区支出\t100.00", "二、城乡社区支出\t120.00", after=SUMMARY))
    f = doc.one("T006")
    assert f.locations[0].line == line_of(doc.text, "本年支出合计", after=SUMMARY)
    assert f.locations[0].column == "支出/预算数"
    assert f.locations[2].line == line_of(doc.text, "二、城乡社区支出\t120.00")
    assert (f.expected, f.actual) == (D("620.00"), D("600.00"))
    assert f.arithmetic == "500.00 + 120.00 = 620.00 ≠ 600.00"
    assert_passes("T006")


def test_T007_income_grand_total_adds_last_year_balance(run: Run) -> None:
    # 收入总计 = 本年收入合计 600.00 + 上年结转结余 0.00; print 610.00.
    doc = run(edit(BASE, "收入总计\t600.00", "收入总计\t610.00", after=SUMMARY))
    f = doc.one("T007")
    assert f.locations[0].line == line_of(doc.text, "收入总计\t610.00")
    assert f.locations[1].line == line_of(doc.text, "本年收入合计", after=SUMMARY)
    assert (f.expected, f.actual) == (D("600.00"), D("610.00"))
    assert f.arithmetic == "600.00 + 0.00 = 600.00 ≠ 610.00"
    assert_passes("T007")


def test_T008_expenditure_grand_total_adds_the_year_end_balance(run: Run) -> None:
    # 支出总计 = 本年支出合计 600.00 + 年终结转结余 0.00; print 610.00.
    doc = run(edit(BASE, "支出总计\t600.00", "支出总计\t610.00", after=SUMMARY))
    f = doc.one("T008")
    assert f.locations[0].line == line_of(doc.text, "支出总计\t610.00")
    assert (f.locations[0].table, f.locations[0].column) == (SUMMARY, "支出/预算数")
    assert (f.expected, f.actual) == (D("600.00"), D("610.00"))
    assert f.arithmetic == "600.00 + 0.00 = 600.00 ≠ 610.00"
    assert_passes("T008")


def test_T009_the_two_sides_balance(run: Run) -> None:
    # 上年结转结余 10.00 and 收入总计 610.00 (T007 holds), but 支出总计 stays 600.00.
    text = edit(BASE, "上年结转结余\t0.00", "上年结转结余\t10.00", after=SUMMARY)
    doc = run(edit(text, "收入总计\t600.00", "收入总计\t610.00", after=SUMMARY))
    assert doc.of("T007") == []
    f = doc.one("T009")
    line = line_of(doc.text, "收入总计\t610.00")
    assert [(loc.line, loc.column) for loc in f.locations] == [
        (line, "收入/预算数"),
        (line, "支出/预算数"),
    ]
    assert (f.expected, f.actual) == (D("610.00"), D("600.00"))
    assert f.arithmetic == "收入总计 610.00 ≠ 支出总计 600.00"
    assert_passes("T009")


def test_T010_three_public_total_is_the_sum_of_three_parts(run: Run) -> None:
    # 合计 = 出国 0.00 + 公务用车 8.00 + 接待 2.00 = 10.00; print 12.00.
    doc = run(edit(BASE, "合计\t10.00", "合计\t12.00", after=THREE))
    f = doc.one("T010")
    assert f.locations[0].line == line_of(doc.text, "合计\t12.00", after=THREE)
    assert (f.expected, f.actual) == (D("10.00"), D("12.00"))
    assert f.arithmetic == "0.00 + 8.00 + 2.00 = 10.00 ≠ 12.00"
    assert_passes("T010")


def test_T011_vehicle_total_is_purchase_plus_operation(run: Run) -> None:
    # 公务用车购置及运行费 = 购置 0.00 + 运行 8.00; print 9.00.
    doc = run(edit(BASE, "公务用车购置及运行费\t8.00", "公务用车购置及运行费\t9.00", after=THREE))
    f = doc.one("T011")
    assert f.locations[0].line == line_of(doc.text, "公务用车购置及运行费\t9.00")
    assert (f.expected, f.actual) == (D("8.00"), D("9.00"))
    assert f.arithmetic == "0.00 + 8.00 = 8.00 ≠ 9.00"
    assert_passes("T011")


def test_T012_procurement_total_is_the_sum_of_the_items(run: Run) -> None:
    # 合计 = 执法记录仪 10.00 + 物业管理服务 20.00 = 30.00; print 35.00.
    doc = run(edit(BASE, "合计\t\t\t\t\t\t\t30.00", "合计\t\t\t\t\t\t\t35.00"))
    f = doc.one("T012")
    assert [loc.line for loc in f.locations] == [
        line_of(doc.text, "合计\t\t\t\t\t\t\t35.00"),
        line_of(doc.text, "执法记录仪"),
        line_of(doc.text, "物业管理服务"),
    ]
    assert (f.expected, f.actual) == (D("30.00"), D("35.00"))
    assert f.arithmetic == "10.00 + 20.00 = 30.00 ≠ 35.00"
    assert_passes("T012")


def test_T013_amount_is_quantity_times_unit_price(run: Run) -> None:
    # 执法记录仪: 30 台 × 0.50 = 15.00, but the amount stays 10.00.
    doc = run(edit(BASE, "台\t20\t0.50\t10.00", "台\t30\t0.50\t10.00"))
    f = doc.one("T013")
    assert f.locations[0].line == line_of(doc.text, "执法记录仪")
    assert (f.expected, f.actual) == (D("15.00"), D("10.00"))
    assert f.arithmetic == "30 × 0.50 = 15.00 ≠ 10.00"
    assert_passes("T013")


def test_T014_asset_total_is_the_sum_of_the_categories(run: Run) -> None:
    # 二、通用设备 150.00 printed 170.00: 300.00 + 170.00 + 50.00 = 520.00 ≠ 合计 500.00.
    doc = run(edit(BASE, "二、通用设备\t50\t150.00", "二、通用设备\t50\t170.00"))
    f = doc.one("T014")
    assert (f.expected, f.actual) == (D("520.00"), D("500.00"))
    assert f.arithmetic == "300.00 + 170.00 + 50.00 = 520.00 ≠ 500.00"
    assert f.locations[2].line == line_of(doc.text, "二、通用设备")
    assert_passes("T014")


def test_T014_checks_the_table_total_not_the_narrative(run: Run) -> None:
    # The table adds up (合计 500.00 = 300.00 + 150.00 + 50.00); only the text says 510.00,
    # which is N019's finding, not T014's.
    doc = run(edit(BASE, "固定资产金额为500.00万元", "固定资产金额为510.00万元"))
    assert doc.of("N019")
    assert doc.of("T014") == []


def test_T014_points_at_the_table_total(run: Run) -> None:
    doc = run(edit(BASE, "二、通用设备\t50\t150.00", "二、通用设备\t50\t170.00"))
    f = doc.one("T014")
    assert f.locations[0].line == line_of(doc.text, "合计\t--\t500.00")


@pytest.mark.parametrize(
    ("old", "new", "what", "arithmetic"),
    [
        ("其中：车辆\t5\t80.00", "其中：车辆\t5\t180.00", "价值", "180.00 > 150.00"),
        ("其中：车辆\t5\t80.00", "其中：车辆\t60\t80.00", "数量", "60 > 50"),
    ],
    ids=["value", "quantity"],
)
def test_T015_of_which_is_not_larger_than_its_category(
    run: Run, old: str, new: str, what: str, arithmetic: str
) -> None:
    # 二、通用设备 50 件 150.00 万元; its 其中：车辆 may not exceed either.
    doc = run(edit(BASE, old, new))
    f = doc.one("T015")
    assert f.message == f"“其中：车辆”的{what}大于其所属的“二、通用设备”。"
    assert f.locations[0].line == line_of(doc.text, "其中：车辆")
    assert f.locations[1].line == line_of(doc.text, "二、通用设备")
    assert f.arithmetic == arithmetic
    assert_passes("T015")

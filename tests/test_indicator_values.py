"""Indicator value grammar and category labels (yusuan.extract.indicator_values).

Expected values are written from reading the cells in /work/shared/seeds, not from the parser.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from yusuan.extract.indicator_values import (
    IndicatorValue,
    _parse,
    format_value,
    normalise_level1,
    normalise_level2,
    parse_value,
)

D = Decimal
Fields = tuple[str | None, Decimal | None, str | None, str | None]


def fields(v: IndicatorValue) -> Fields:
    return (v.operator, v.number, v.unit, v.text)


# (cell as printed, (operator, number, unit, text))
QUANTITIES: list[tuple[str, Fields]] = [
    ("≥80百分比", (">=", D("80"), "%", None)),
    ("≤24小时", ("<=", D("24"), "小时", None)),
    ("=2193 人", ("=", D("2193"), "人", None)),
    ("≥15万条", (">=", D("15"), "万条", None)),
    ("100%", (None, D("100"), "%", None)),
    (">90%", (">", D("90"), "%", None)),
    ("<24 小时", ("<", D("24"), "小时", None)),
    ("34 套", (None, D("34"), "套", None)),
    ("≤5.84 万元", ("<=", D("5.84"), "万元", None)),
    ("3007.87 平方米", (None, D("3007.87"), "平方米", None)),
    ("≥1元/人", (">=", D("1"), "元/人", None)),
    ("=365天", ("=", D("365"), "天", None)),
    ("≥38000份", (">=", D("38000"), "份", None)),
    ("0", (None, D("0"), None, None)),
    ("=0", ("=", D("0"), None, None)),
    ("≥85", (">=", D("85"), None, None)),
    ("≤6 千元", ("<=", D("6"), "千元", None)),
    ("=300M", ("=", D("300"), "M", None)),
    ("≥1.8万人次", (">=", D("1.8"), "万人次", None)),
    ("=12月", ("=", D("12"), "月", None)),  # 每月工作正常运行: 12 months, not December
    ("≥3 年", (">=", D("3"), "年", None)),
    ("27,606.5万元", (None, D("27606.5"), "万元", None)),
    ("≥1,000,000元", (">=", D("1000000"), "元", None)),
    ("≥-5%", (">=", D("-5"), "%", None)),
    # full-width signs and digits
    ("≥９５％", (">=", D("95"), "%", None)),
    ("＞９０％", (">", D("90"), "%", None)),
    ("＝２１９３人", ("=", D("2193"), "人", None)),
    ("＜２４小时", ("<", D("24"), "小时", None)),
    ("≧95%", (">=", D("95"), "%", None)),
    ("９５．５％", (None, D("95.5"), "%", None)),
    # word operators before the number
    ("大于等于95%", (">=", D("95"), "%", None)),
    # the longest operator word wins (大于或等于 over 等于, =< over <)
    ("大于或等于95%", (">=", D("95"), "%", None)),
    ("完成率大于等于90%", (">=", D("90"), "%", "完成率")),
    ("=<5人", ("<=", D("5"), "人", None)),
    ("不低于95%", (">=", D("95"), "%", None)),
    ("不少于10个", (">=", D("10"), "个", None)),
    ("至少3次", (">=", D("3"), "次", None)),
    ("小于等于5万元", ("<=", D("5"), "万元", None)),
    ("不高于2%", ("<=", D("2"), "%", None)),
    ("不超过30万元", ("<=", D("30"), "万元", None)),
    ("不多于2次", ("<=", D("2"), "次", None)),
    ("大于90%", (">", D("90"), "%", None)),
    ("高于80%", (">", D("80"), "%", None)),
    ("超过100人", (">", D("100"), "人", None)),
    ("小于24小时", ("<", D("24"), "小时", None)),
    ("低于1%", ("<", D("1"), "%", None)),
    ("等于100%", ("=", D("100"), "%", None)),
    ("不低于 95 %", (">=", D("95"), "%", None)),
    # operator words after the unit
    ("90%以上", (">=", D("90"), "%", None)),
    ("5万元以内", ("<=", D("5"), "万元", None)),
    ("24小时以内", ("<=", D("24"), "小时", None)),
    ("3天以下", ("<=", D("3"), "天", None)),
    ("百分之95", (None, D("95"), "%", None)),
    # words on one side of the quantity
    ("派出所建成后 1 个月内", ("<=", D("1"), "个月", "派出所建成后")),
    ("每年酒精检测人员 ≥1000人", (">=", D("1000"), "人", "每年酒精检测人员")),
    ("完成计划还款率100%", (None, D("100"), "%", "完成计划还款率")),
    ("完成率：不低于95%", (">=", D("95"), "%", "完成率")),
]

TEMPLATES: list[tuple[str, Fields]] = [
    ("符号 >= 值 95.00 单位 %", (">=", D("95.00"), "%", None)),
    ("符号=值4单位各岗位", ("=", D("4"), "各岗位", None)),
    ("符号>=值100单位起", (">=", D("100"), "起", None)),
    ("符号>=值95单位百分比", (">=", D("95"), "%", None)),
    ("符号 >= 值 95.00 单位 百分比", (">=", D("95.00"), "%", None)),
    ("符号>=\t值95.00\t单位%", (">=", D("95.00"), "%", None)),
    ("符号<=\t值565.98\t单位万", ("<=", D("565.98"), "万", None)),
    ("符号  <=  值  12.00  单位  万元", ("<=", D("12.00"), "万元", None)),
    ("符号= 值281.00 单位人", ("=", D("281.00"), "人", None)),
    ("符号 = 值 1260.00 单位 路", ("=", D("1260.00"), "路", None)),
    ("符号 >= 值 95.00 单位", (">=", D("95.00"), None, None)),
    ("符号<=值0单位%", ("<=", D("0"), "%", None)),
    # a stray word where the 单位 label should be: the last token is the unit
    ("符号 <= 值 2.00 辆 %", ("<=", D("2.00"), "%", None)),
    ("符号 = 值 100.00 辆 百分比", ("=", D("100.00"), "%", None)),
    ("符号 <= 值 139.23 个 万元", ("<=", D("139.23"), "万元", None)),
    ("符号 = 值 1.00 个 个", ("=", D("1.00"), "个", None)),
    # 文字描述: the unit slot is the target, the 值 number is filler
    ("符号 文字描述 值 100.00 单位 保障", (None, None, None, "保障")),
    ("符号 文字描述 值 95.00 单位 长期", (None, None, None, "长期")),
    ("符号文字描述值0单位长期", (None, None, None, "长期")),
    ("符号文字描述单位提高", (None, None, None, "提高")),
    ("符号文字描述\t值12\t单位提高", (None, None, None, "提高")),
    ("符号 文字描述 值 17.00 辆 及时", (None, None, None, "及时")),
    ("符号 文字描述 值 200.00 单位 较上年下降", (None, None, None, "较上年下降")),
    ("符号 文字描述 值 200.00 单位 十月前", ("<=", None, "日期", "XXXX-10")),
    ("符号 文字描述 值 60.00 单位 10月前", ("<=", None, "日期", "XXXX-10")),
    ("符号 文字描述 值 20.00 个 十月", (None, None, "日期", "XXXX-10")),
    ("符号 文字描述 值 76.01 单位 12月31日", (None, None, "日期", "XXXX-12-31")),
    ("符号 文字描述 值 100.00 单位 800元每人", (None, D("800"), "元每人", None)),
    ("符号文字描述 值2 单位 每月10日", (None, D("10"), "日", "每月")),
    ("符号 文字描述", (None, None, None, None)),
]

DATES: list[tuple[str, Fields]] = [
    ("2023 年 11 月 15 日前完成", ("<=", None, "日期", "2023-11-15 完成")),
    ("不迟于 2023 年底", ("<=", None, "日期", "2023-12-31")),
    ("不迟于 2023 年 12 月底", ("<=", None, "日期", "2023-12-31")),
    ("2023 年 12 月底前完成", ("<=", None, "日期", "2023-12-31 完成")),
    ("2023 年 12 月底", (None, None, "日期", "2023-12-31")),
    ("2024年2月底前", ("<=", None, "日期", "2024-02-29")),
    ("≤12 月份", ("<=", None, "日期", "XXXX-12")),
    ("2020年底前完成改造工作", ("<=", None, "日期", "2020-12-31 完成改造工作")),
    ("在2023年6月30日前完成", ("<=", None, "日期", "2023-06-30 完成")),
    ("2023年", (None, None, "日期", "2023")),
    ("2023年10月", (None, None, "日期", "2023-10")),
    ("2023年度内", ("<=", None, "日期", "2023")),
    ("2023年1月1日起", (">=", None, "日期", "2023-01-01")),
    ("截至2023年9月", ("<=", None, "日期", "2023-09")),
    ("不迟于12月", ("<=", None, "日期", "XXXX-12")),
    ("12月底", (None, None, "日期", "XXXX-12")),
    ("２０２３年１１月１５日前", ("<=", None, "日期", "2023-11-15")),
    (
        "链路费时间 2023 年 1 月 1 日至 2023 年 12 月 31 日",
        (None, None, "日期", "链路费时间 2023-01-01/2023-12-31"),
    ),
    ("2023年1月1日至12月31日", (None, None, "日期", "2023-01-01/2023-12-31")),
    ("≤2023-11-15", ("<=", None, "日期", "2023-11-15")),  # the canonical form reads back
]

QUALITATIVE: list[tuple[str, Fields]] = [
    ("以实际数为准", (None, None, None, "以实际数为准")),
    ("是", (None, None, None, "是")),
    ("长期", (None, None, None, "长期")),
    ("高清", (None, None, None, "高清")),
    ("持续、稳定", (None, None, None, "持续、稳定")),
    ("单位资质齐全，质量验收合格", (None, None, None, "单位资质齐全，质量验收合格")),
    ("提升相关案件公正度 有效提升", (None, None, None, "提升相关案件公正度 有效提升")),
    ("发1破1", (None, None, None, "发1破1")),  # two numbers: not one quantity
    ("10-20人", (None, None, None, "10-20人")),
    ("不低于上年", (">=", None, None, "上年")),
    ("2023年2月30日前", (None, None, None, "2023年2月30日前")),  # no such day
    (
        "保证城区202个天网治安监控终端网络通畅",
        (None, None, None, "保证城区202个天网治安监控终端网络通畅"),
    ),
    ("无", (None, None, None, "无")),
]

BLANKS = ["", "   ", "-", "—", "/", "——", "…"]

ALL_CASES = QUANTITIES + TEMPLATES + DATES + QUALITATIVE


@pytest.mark.parametrize(("raw", "expected"), ALL_CASES, ids=[c[0] for c in ALL_CASES])
def test_parse_value(raw: str, expected: Fields) -> None:
    v = parse_value(raw)
    assert fields(v) == expected
    if v.number is not None:  # printed precision is kept
        assert str(v.number) == str(expected[1])


@pytest.mark.parametrize("raw", BLANKS)
def test_blank_placeholders_are_all_none(raw: str) -> None:
    assert fields(parse_value(raw)) == (None, None, None, None)


def test_raw_is_kept_with_outer_whitespace_stripped() -> None:
    v = parse_value("  ≥９５ ％\t")
    assert v.raw == "≥９５ ％"
    assert fields(v) == (">=", D("95"), "%", None)


def test_value_is_frozen_and_slotted() -> None:
    v = parse_value("≥95%")
    with pytest.raises(AttributeError):
        v.number = D(1)  # type: ignore[misc]
    assert not hasattr(v, "__dict__")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (IndicatorValue("", ">=", D("95"), "%", None), "≥95%"),
        (IndicatorValue("", "<=", D("5.84"), "万元", None), "≤5.84万元"),
        (IndicatorValue("", "=", D("4"), "各岗位", None), "=4各岗位"),
        (IndicatorValue("", None, D("100.00"), "%", None), "100.00%"),
        (IndicatorValue("", ">", D("1E+3"), "人", None), ">1000人"),
        (IndicatorValue("", None, None, None, "长期"), "长期"),
        (IndicatorValue("", "<=", None, "日期", "2023-11-15 完成"), "≤2023-11-15 完成"),
        (IndicatorValue("", None, None, "日期", "2023"), "2023年"),  # "2023" alone is a number
        (IndicatorValue("", "<=", D("1"), "个月", "派出所建成后"), "派出所建成后 ≤1个月"),
        (IndicatorValue("", ">=", None, "%", None), "符号>=单位%"),
        (IndicatorValue("", None, None, None, None), ""),
    ],
)
def test_format_value(value: IndicatorValue, expected: str) -> None:
    assert format_value(value) == expected


@pytest.mark.parametrize(("raw", "expected"), ALL_CASES, ids=[c[0] for c in ALL_CASES])
def test_format_then_parse_is_stable(raw: str, expected: Fields) -> None:
    v = parse_value(raw)
    assert fields(parse_value(format_value(v))) == fields(v)


# --- categories ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("产出指标", "产出"),
        ("效益指标", "效益"),
        ("效果指标", "效益"),
        ("满意度指标", "满意度"),
        ("成本指标", "成本"),
        ("成本", "成本"),
        ("投入管理指标", "投入与管理"),
        ("投入与目标管理", "投入与管理"),
        ("产出目标", "产出"),
        ("效果目标", "效益"),
        ("影响力目标", "影响力"),
        ("满意度", "满意度"),
        (" 产出 指标 ", "产出"),
        ("一、产出指标", "产出"),
        ("资产管理", None),  # a 二级 label in the wrong column
        ("一级指标", None),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_normalise_level1(label: str | None, expected: str | None) -> None:
    assert normalise_level1(label) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("数量指标", "数量"),
        ("数量", "数量"),
        ("质量指标", "质量"),
        ("质量", "质量"),
        ("时效指标", "时效"),
        ("时效", "时效"),
        ("成本指标", "成本"),
        ("成本", "成本"),
        ("经济效益指标", "经济效益"),
        ("经济效益", "经济效益"),
        ("社会效益指标", "社会效益"),
        ("生态效益指标", "生态效益"),
        ("环境效益", "生态效益"),
        ("可持续影响指标", "可持续影响"),
        ("可持续影响", "可持续影响"),
        ("服务对象满意度指标", "服务对象满意度"),
        ("满意度", "服务对象满意度"),
        ("满意度指标", "服务对象满意度"),
        ("投入管理", "投入管理"),
        ("财务管理", "财务管理"),
        ("项目管理", "项目管理"),
        ("资产管理", "资产管理"),
        ("工作目标管理", "工作目标管理"),
        ("预算和财务管理", "预算和财务管理"),
        ("绩效管理", "绩效管理"),
        ("重点工作任务完成", "重点工作任务完成"),
        ("履职效益", "履职效益"),
        ("长效管理", "长效管理"),
        ("人力资源", "人力资源"),
        ("部门协助", "部门协助"),
        ("配套设施", "配套设施"),
        ("信息共享", "信息共享"),
        ("其它", "其他"),
        ("二级指标", None),
        ("—", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_level2(label: str | None, expected: str | None) -> None:
    assert normalise_level2(label) == expected


# --- properties ------------------------------------------------------------------------------

# Characters that steer the parser into its branches, so random text reaches deep paths.
_GRAMMAR_CHARS = (
    "0123456789.,%-+/ ≥≤<>=＝＞＜％０１９．，年月日号份底前后内以上下至符号值单位文字描述"
    "不低于超过等个人万元十二三\t\u3000"
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=_GRAMMAR_CHARS, max_size=40)))
def test_parse_never_raises(raw: str) -> None:
    # _parse has no safety net, so a bug shows up here instead of being swallowed.
    v = _parse(raw.strip())
    assert parse_value(raw) == v
    assert v.operator in (None, ">=", "<=", "=", ">", "<")
    assert v.text is None or v.text != ""
    assert v.unit is None or v.unit != ""
    format_value(v)


_UNITS = [
    "%", "个", "人", "人次", "万元", "元", "元/人", "千元", "平方米", "万平方米", "万条", "小时",
    "天", "年", "月", "次", "套", "起", "份", "件", "辆", "路", "各岗位", "GB", "M", "分钟",
]  # fmt: skip
_UNIT_CHARS = "人次件个套台辆米元万千份条起户名平方岗位路块面场篇盒处"
_decimals = st.integers(min_value=0, max_value=4).flatmap(
    lambda places: st.decimals(
        min_value=-(10**9), max_value=10**9, places=places, allow_nan=False, allow_infinity=False
    )
)


@settings(max_examples=300, deadline=None)
@given(
    op=st.sampled_from([None, ">=", "<=", "=", ">", "<"]),
    number=_decimals,
    unit=st.one_of(
        st.none(),
        st.sampled_from(_UNITS),
        st.text(alphabet=_UNIT_CHARS, min_size=1, max_size=4),
    ),
)
def test_round_trip_keeps_operator_number_unit(
    op: str | None, number: Decimal, unit: str | None
) -> None:
    # "2023年" reads as a year (documented); keep such numbers away from 年.
    is_year = number == number.to_integral_value() and 1900 <= abs(number) <= 2099
    assume(not (unit is not None and unit.startswith("年") and is_year))
    text = format_value(IndicatorValue("", op, number, unit, None))
    back = parse_value(text)
    assert (back.operator, back.number, back.unit) == (op, number, unit)
    assert back.text is None


_HALF = "0123456789.%<>=+-/ abcXYZ年月日前底份以上内至符号值单位文字描述不低于个人万元"


def _to_full_width(text: str) -> str:
    return "".join(
        "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_HALF, max_size=30))
def test_full_width_equals_half_width(half: str) -> None:
    assert fields(parse_value(_to_full_width(half))) == fields(parse_value(half))


def test_full_width_examples() -> None:
    assert fields(parse_value("≥９５％")) == fields(parse_value("≥95%"))
    assert fields(parse_value("＞９０％")) == fields(parse_value(">90%"))
    assert fields(parse_value("＝２１９３　人")) == fields(parse_value("=2193 人"))


def test_speed_on_a_document_worth_of_values() -> None:
    raws = [raw for raw, _ in ALL_CASES] * 40  # ≈5000 cells, several documents' worth
    start = time.perf_counter()
    for raw in raws:
        parse_value(raw)
    assert time.perf_counter() - start < 2.0  # ~10 µs each locally; generous for slow CI
    start = time.perf_counter()
    parse_value("1," * 50_000 + "年" * 50_000 + "十月" * 50_000)  # no catastrophic backtracking
    assert time.perf_counter() - start < 2.0

"""Rounding tolerance and the diagnosis of mismatches."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from yusuan.check.arith import diagnose, diagnose_figure, half_unit, tolerance

D = Decimal


def test_tolerance_follows_printed_precision() -> None:
    assert half_unit(D("4820.17")) == D("0.005")
    assert half_unit(D("192")) == D("0.5")
    assert half_unit(D("0")) == 0  # a printed zero is exact
    # two parts and a total, each to 0.01: up to 3 × 0.005
    assert tolerance([D("4820.17"), D("988.88")], D("5809.05")) == D("0.015")


def test_the_real_transposition() -> None:
    assert diagnose_figure(D("5809.05"), D("5089.05")) == (
        "疑似数字颠倒：5089.05 应为 5809.05（两位数字位置互换）"
    )


def test_decimal_shift_unit_slip_and_sign() -> None:
    assert "小数点错位" in (diagnose_figure(D("3632.50"), D("363.25")) or "")
    assert "小数点错位" in (diagnose_figure(D("36.3"), D("363")) or "")
    assert "元/万元" in (diagnose_figure(D("4327.18"), D("43271800")) or "")
    assert "正负号" in (diagnose_figure(D("5"), D("-5")) or "")
    assert diagnose_figure(D("100"), D("101")) is None


def test_missing_and_double_counted_rows() -> None:
    parts = [("水费", D("24")), ("电费", D("95"))]
    assert diagnose(D("119"), D("143"), parts) == "疑似重复计算“水费”（24）"
    assert diagnose(D("119"), D("24"), parts) == "疑似漏计“电费”（95）"


def test_copied_figure() -> None:
    assert diagnose(D("10"), D("77.7"), [], [("项目支出", D("77.7"))]) == (
        "该数与“项目支出”相同，疑似从别处复制"
    )


@given(st.integers(min_value=1000, max_value=99_999_999), st.integers(min_value=0, max_value=6))
def test_any_adjacent_transposition_is_named(cents: int, pos: int) -> None:
    text = f"{Decimal(cents) / 100:.2f}"
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    i = digits[min(pos, len(digits) - 2)]
    j = i + 1 if text[i + 1].isdigit() else i + 2
    if text[i] == text[j] or (i == 0 and text[j] == "0"):
        return  # swapping equal digits changes nothing; a leading zero is not a printed figure
    swapped = list(text)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    result = diagnose_figure(Decimal(text), Decimal("".join(swapped)))
    assert result is not None and result.startswith("疑似数字颠倒")

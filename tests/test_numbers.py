from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yusuan.extract.codes import join_code_parts, normalise_code
from yusuan.extract.numbers import is_blank, parse_number, to_wan

FULLWIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27,606.5", Decimal("27606.5")),
        ("５９８３．１８", Decimal("5983.18")),
        ("0.00", Decimal("0")),
        ("0", Decimal("0")),
        ("1656.00", Decimal("1656.00")),
        (" 4327.18 ", Decimal("4327.18")),
        ("-12.5", Decimal("-12.5")),
        ("(1,234.5)", Decimal("-1234.5")),
        ("1 234.5", Decimal("1234.5")),
    ],
)
def test_parse_number(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "-", "—", "——", "--", "－", "**", " ", "无"])
def test_blank_placeholders_are_none(text: str) -> None:
    assert parse_number(text) is None
    assert is_blank(text)


@pytest.mark.parametrize("text", ["合计", "3 个", "A05030301", "1.2.3", "12,34", ".", "20%"])
def test_non_numbers_are_none(text: str) -> None:
    assert parse_number(text) is None


def test_zero_is_not_blank() -> None:
    assert parse_number("0.00") == 0
    assert not is_blank("0.00")


@given(st.text())
def test_parse_number_never_raises(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, Decimal)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_round_trip_plain_grouped_and_fullwidth(value: Decimal) -> None:
    plain = f"{value:.2f}"
    grouped = f"{value:,.2f}"
    assert parse_number(plain) == value
    assert parse_number(grouped) == value
    assert parse_number(grouped.translate(FULLWIDTH)) == value


def test_yuan_to_wan() -> None:
    assert to_wan(Decimal("1234500"), "元") == Decimal("123.45")
    assert to_wan(Decimal("123.45"), "万元") == Decimal("123.45")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("204 02 01", "2040201"),
        ("2040201", "2040201"),
        ("204", "204"),
        ("20402", "20402"),
        ("30199", "30199"),
        ("２０４０２", "20402"),
        ("2040", None),
        ("合计", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_code(text: str | None, expected: str | None) -> None:
    assert normalise_code(text) == expected


def test_join_code_parts_from_separate_columns() -> None:
    assert join_code_parts(["204", "02", "01"]) == "2040201"
    assert join_code_parts(["208", "05", ""]) == "20805"
    assert join_code_parts(["", "", ""]) is None


@given(
    st.integers(min_value=200, max_value=399),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
    st.sampled_from([" ", "", "  ", "\u3000"]),
)
def test_code_normalisation_ignores_spacing(lei: int, kuan: int, xiang: int, sep: str) -> None:
    printed = f"{lei}{sep}{kuan:02d}{sep}{xiang:02d}"
    assert normalise_code(printed) == f"{lei}{kuan:02d}{xiang:02d}"

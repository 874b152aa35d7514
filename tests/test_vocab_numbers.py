"""Chinese numerals (一、… 九十九、) read and written by one pair of functions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from yusuan.vocab.text import cn_int, cn_numeral


@given(st.integers(1, 99))
def test_numerals_round_trip(n: int) -> None:
    assert cn_int(cn_numeral(n)) == n


def test_known_numerals() -> None:
    assert [cn_numeral(n) for n in (1, 10, 11, 20, 21, 99)] == [
        "一", "十", "十一", "二十", "二十一", "九十九"
    ]  # fmt: skip
    assert [cn_int(s) for s in ("十", "十二", "三十一", "12")] == [10, 12, 31, 12]


def test_misprinted_numerals_are_no_number() -> None:
    assert [cn_int(s) for s in ("十十", "二二", "一十十", "百", "", "1a")] == [None] * 6

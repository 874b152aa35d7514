"""Rounding-aware comparison and diagnosis of mismatches.

Tolerance follows the printed precision (as XBRL Calculations 1.1 does): a figure printed to
0.01 may be off by up to 0.005, so a sum of n such figures may differ from its printed total by up
to n × 0.005 plus the total's own 0.005.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from yusuan.model import Amount

HALF = Decimal("0.5")


def decimals(value: Decimal) -> int:
    """How many decimals the figure was printed with (parsing keeps "1656.00" as 2)."""
    exp = value.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


# Half a unit of the last printed digit, by exponent: the same few values again and again.
_HALF_UNITS = {-n: HALF * Decimal(10) ** -n for n in range(12)}


def half_unit(a: Amount | Decimal) -> Decimal:
    value = a.value if isinstance(a, Amount) else a
    if not value:
        return Decimal(0)  # a printed zero ("0", "0.00", "-") is exact
    exponent = value.as_tuple().exponent  # "n", "N" or "F" for NaN and infinity
    half = _HALF_UNITS.get(exponent) if isinstance(exponent, int) else None
    return half if half is not None else HALF * Decimal(10) ** -decimals(value)


def tolerance(parts: Iterable[Amount | Decimal], total: Amount | Decimal) -> Decimal:
    return sum((half_unit(p) for p in parts), half_unit(total))


def prose_tolerance(n: int) -> Decimal:
    """For a sum of ``n`` amounts said in a sentence ("减少2万元"): they are exact to the 分 of a
    万元 table, not to ± 0.5, so only the rounding of two-decimal figures is allowed for."""
    return Decimal("0.005") * (n + 1)


def product_tolerance(
    quantity: Decimal, price: Amount | Decimal, amount: Amount | Decimal
) -> Decimal:
    """How far quantity × price may be from the amount: the price's rounding grows with the
    quantity (0.87 may be 0.865), the amount's does not."""
    return abs(quantity) * half_unit(price) + half_unit(amount) + Decimal("0.005")


def val(a: Amount | Decimal | None) -> Decimal:
    if a is None:
        return Decimal(0)
    return a.value if isinstance(a, Amount) else a


def fmt(d: Decimal) -> str:
    """Print like a disclosure: plain digits, never an exponent."""
    return format(d, "f")


def sum_text(parts: Sequence[Amount | Decimal], op: str = "+") -> str:
    return f" {op} ".join(fmt(val(p)) for p in parts)


def differs(expected: Decimal, actual: Decimal, tol: Decimal) -> bool:
    return abs(expected - actual) > tol


def _digits(d: Decimal) -> str:
    return format(abs(d), "f").replace(".", "").lstrip("0")


def diagnose(
    expected: Decimal,
    actual: Decimal,
    parts: Sequence[tuple[str, Decimal]] = (),
    elsewhere: Sequence[tuple[str, Decimal]] = (),
) -> str | None:
    """Name the likely cause of ``actual`` ≠ ``expected``: a slip in the figure itself (digits,
    decimal point, 元/万元, sign), then a row missed or counted twice, then a copied figure."""
    return (
        diagnose_figure(expected, actual)
        or diagnose_rows(expected, actual, parts)
        or (diagnose_copy(actual, elsewhere))
    )


def diagnose_figure(expected: Decimal, actual: Decimal) -> str | None:
    """A slip in one printed figure."""
    if expected == actual:
        return None
    e, a = format(expected, "f"), format(actual, "f")
    if len(e) == len(a) and sorted(e) == sorted(a):
        diff = [i for i in range(len(e)) if e[i] != a[i]]
        if len(diff) == 2 and e[diff[0]] == a[diff[1]] and e[diff[1]] == a[diff[0]]:
            return f"疑似数字颠倒：{a} 应为 {e}（两位数字位置互换）"
    if actual != 0 and expected != 0:
        for k, label in ((10, "十"), (100, "百"), (1000, "千")):
            if actual == expected * k or actual * k == expected:
                return f"疑似小数点错位：{a} 与 {e} 相差{label}倍"
        if actual == expected * 10000 or actual * 10000 == expected:
            return f"疑似金额单位错误（元/万元混用）：{a} 与 {e} 相差一万倍"
    if actual == -expected:
        return f"疑似正负号错误：{a} 应为 {e}"
    return None


def diagnose_rows(
    expected: Decimal, actual: Decimal, parts: Sequence[tuple[str, Decimal]]
) -> str | None:
    """The total missed one part or counted it twice."""
    gap = actual - expected
    for name, v in parts:
        if v != 0 and gap == v:
            return f"疑似重复计算“{name}”（{format(v, 'f')}）"
        if v != 0 and gap == -v:
            return f"疑似漏计“{name}”（{format(v, 'f')}）"
    return None


def diagnose_copy(actual: Decimal, elsewhere: Sequence[tuple[str, Decimal]]) -> str | None:
    for name, v in elsewhere:
        if v == actual and v != 0:
            return f"该数与“{name}”相同，疑似从别处复制"
    return None

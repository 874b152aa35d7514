"""Parsing printed numbers and money into ``Decimal``."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Cells that mean "nothing here" in published tables.
_BLANKS = frozenset({"", "-", "—", "——", "--", "－", "－－", "―", "/", "*", "**", "…", "无", "空"})
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_TRANS = str.maketrans({"，": ",", "．": ".", "。": ".", "－": "-", "−": "-", "＋": "+", " ": ""})

WAN = Decimal(10000)


def normalise_digits(text: str) -> str:
    """Full-width digits and signs to ASCII (NFKC), and Chinese thousands commas to ASCII."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_TRANS)


# Tables repeat the same few printed numbers and callers parse a cell more than once (to type a
# column, then to read it); results are immutable, so they are shared.
@lru_cache(maxsize=8192)
def parse_number(text: str | None) -> Decimal | None:
    """Parse a printed number: ``"27,606.5"``, ``"５９８３．１８"``, ``"0.00"``, ``"-12"``.

    Returns ``None`` for blanks and dash placeholders, and for anything that is not a number.
    Never raises.
    """
    if text is None:
        return None
    t = normalise_digits(text.strip()).replace(" ", "").replace("\u3000", "")
    if t in _BLANKS:
        return None
    negative = False
    if len(t) > 2 and t[0] in "(（" and t[-1] in ")）":  # accounting negatives
        t, negative = t[1:-1], True
    if not t or not _NUMBER.match(t) or not any(ch.isdigit() for ch in t):
        return None
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        return None
    return -value if negative else value


def is_blank(text: str | None) -> bool:
    return text is None or normalise_digits(text.strip()) in _BLANKS


def to_wan(value: Decimal, unit: str | None) -> Decimal:
    """Normalise an amount printed in ``unit`` (万元 or 元) to 万元."""
    if unit is not None and unit.strip() == "元":
        return value / WAN
    return value

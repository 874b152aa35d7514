"""Classification codes (政府收支分类科目): normalisation and kind."""

from __future__ import annotations

import re

from yusuan.extract.numbers import normalise_digits

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,3}$")


def normalise_code(text: str | None) -> str | None:
    """``"204 02 01"`` → ``"2040201"``; returns None unless the result looks like a code.

    Functional codes have 3/5/7 digits (类/款/项), economic codes 3/5 (类/款).
    """
    if not text:
        return None
    t = re.sub(r"[\s\u3000.\-]", "", normalise_digits(text))
    return t if _CODE.match(t) else None


def join_code_parts(parts: list[str]) -> str | None:
    """Codes printed in separate 类/款/项 columns: ``["204", "02", "01"]`` → ``"2040201"``."""
    digits = [normalise_digits(p).strip() for p in parts]
    digits = [d for d in digits if d and d.isdigit()]
    if not digits:
        return None
    # 款 and 项 are two digits; a workbook printed as numbers drops the leading zero ("301" "2").
    return normalise_code(digits[0] + "".join(d.zfill(2) for d in digits[1:]))

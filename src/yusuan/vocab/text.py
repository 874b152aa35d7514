"""How printed labels are compared: white space, brackets and numbering do not count.

Every stage that matches a label (extraction, the rules, the store's queries) uses these, so a
label that reads as one thing reads as it everywhere."""

from __future__ import annotations

import re
from functools import lru_cache

_SPACES = re.compile(r"[\s\u3000\xa0]+")


def squash(text: str) -> str:
    """Remove all white space: cell labels wrap mid-word in exports ("合 计", "科目 编码")."""
    # Every white-space character but " " is unprintable: most labels pass both cheap tests.
    if text.isprintable() and " " not in text:
        return text
    return _SPACES.sub("", text)


_MONEY_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")


def money_unit(text: str) -> str | None:
    """万元 or 元, from a line or cell that states the money unit ("单位：万元", "金额单位: 元")."""
    if "位" not in text or "元" not in text:  # cheap test first: rarely a unit line
        return None
    m = _MONEY_UNIT.search(squash(text))
    return m.group(1) if m else None


def first_char(text: str) -> str:
    """The first character of ``squash(text)`` ("" if none), without squashing."""
    first = text[:1]
    if first.isspace():
        first = text.lstrip()[:1]  # squash drops exactly the characters lstrip does
    return first


def norm_label(text: str) -> str:
    """Compare-friendly label: no spaces, ASCII brackets and quotes unified."""
    t = squash(text)
    return (
        t.replace("（", "(")
        .replace("）", ")")
        .replace("“", '"')
        .replace("”", '"')
        .replace("：", ":")
    )


# Numbering in front of a row name: "一、", "1、", "(1)", "其中：".
_NUMBERING = re.compile(r"^(其中[:：])?(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(]\d+[)）])")


@lru_cache(maxsize=16384)
def bare_name(name: str) -> str:
    """Row name without its numbering ("一、", "1、", "(1)", "其中：").

    Cached: rules look rows up by name many times, and row names repeat across documents."""
    return _NUMBERING.sub("", squash(name))


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# Spaces a PDF export put next to Chinese text ("2020 年度", "摄像头 34 个").
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=[{_CJK}])")
_INLINE_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_INLINE_SPACE = re.compile(r"[ \t\u3000\xa0]")  # lines without one need neither substitution
_HTML = re.compile(r"</?(?:p|br|span|div)\b[^>]*>", re.IGNORECASE)
_PLAIN = re.compile(r"[\s\u3000\xa0<]")


def tidy(text: str) -> str:
    """Cell or paragraph text for reading: no HTML tags, no export spaces next to Chinese."""
    text = text.strip()
    if not _PLAIN.search(text):
        return text
    if "<" in text:
        text = _HTML.sub("", text)
    lines = [
        (
            _INLINE_SPACES.sub(" ", _CJK_SPACE.sub("", ln)) if _INLINE_SPACE.search(ln) else ln
        ).strip()
        for ln in text.split("\n")
    ]
    return "\n".join([ln for ln in lines if ln])


def one_line(text: str) -> str:
    return tidy(text).replace("\n", "")


# --- Numbering ----------------------------------------------------------------------------------

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CN_NUMERALS = "零一二三四五六七八九十"


def cn_int(s: str) -> int | None:
    """Arabic digits, or a Chinese numeral up to 九十九 ("十二", "二十", "三十一"), as a number;
    None when it is neither ("十十")."""
    if s.isascii():
        return int(s) if s.isdigit() else None
    tens, sep, ones = s.partition("十")
    if not sep:
        return _CN_DIGITS.get(s) if len(s) == 1 else None
    if len(tens) > 1 or len(ones) > 1:
        return None
    t = _CN_DIGITS.get(tens) if tens else 1
    o = _CN_DIGITS.get(ones) if ones else 0
    return None if t is None or o is None or t == 0 else t * 10 + o


def cn_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (section and item numbering)."""
    if n <= 10:
        return _CN_NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (_CN_NUMERALS[tens] if tens > 1 else "") + "十" + (_CN_NUMERALS[ones] if ones else "")

"""Small text helpers shared by the extractors."""

from __future__ import annotations

import re

_SPACES = re.compile(r"[\s\u3000\xa0]+")


def squash(text: str) -> str:
    """Remove all white space: cell labels wrap mid-word in exports ("合 计", "科目 编码")."""
    # Every white-space character but " " is unprintable: most labels pass both cheap tests.
    if text.isprintable() and " " not in text:
        return text
    return _SPACES.sub("", text)


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

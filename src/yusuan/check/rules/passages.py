"""Helpers for rules that read the narrative as printed (``Disclosure.narrative``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.context import Context
from yusuan.check.findings import Location
from yusuan.extract.numbers import to_wan
from yusuan.model import Passage

# Full-width digits and signs as half-width; spaces inside numbers and words dropped.
_FOLD = str.maketrans("０１２３４５６７８９．％，：；（）", "0123456789.%,:;()")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
NUMBER = r"\d[\d,]*(?:\.\d+)?"


def fold(text: str) -> str:
    """Digits, %, and brackets half-width; no spaces (PDF text puts them between words)."""
    return _SPACES.sub("", text.translate(_FOLD))


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def wan(value: str, unit: str) -> Decimal:
    """A printed amount ("3,355.65", "万元" or "元") in 万元."""
    return to_wan(number(value), unit)


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # folded (see :func:`fold`)
    passage: Passage

    def at(self, shown: str | None = None) -> Location:
        return Location.at(self.passage.source, text=shown or self.text[:80])


def passages(ctx: Context, *sections: str) -> list[Passage]:
    """The narrative's paragraphs, of the given sections (all but the table of contents when
    none are named). Joined runs of one sentence broken over lines stay separate paragraphs."""
    return [
        p for p in ctx.d.narrative if (p.section in sections if sections else p.section != "toc")
    ]


def folded(ctx: Context) -> list[Sentence]:
    """Every paragraph of :func:`passages`, folded once per document (several rules read it)."""
    return ctx.shared("folded", lambda: [Sentence(fold(p.text), p) for p in passages(ctx)])


def folded_cjk(ctx: Context) -> list[Sentence]:
    """:func:`folded` with "," ";" ":" back to full-width, so one pattern reads both forms."""

    def build() -> list[Sentence]:
        return [
            Sentence(s.text.replace(",", "，").replace(";", "；").replace(":", "："), s.passage)
            for s in folded(ctx)
        ]

    return ctx.shared("folded_cjk", build)

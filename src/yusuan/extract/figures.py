"""Find the money figures stated in narrative text, with the words that label them.

Narrative sentences name a figure just before it ("基本支出5089.05万元") and a change after it
("较2019年减少136.32万元"). :meth:`Narrative.figures` returns each amount with its label (the text
since the previous clause break) so the section extractors can decide what it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from yusuan.blocks import Paragraph, Source
from yusuan.extract.numbers import parse_number, to_wan

# A line may wrap between the number and its unit ("136.32\n万元").
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\n?(万元|元)")
_NOT_ARRANGED = re.compile(r"(未安排|没有安排|无安排)")
# A label runs back from its figure to the previous clause break (，；。：（）、！？ or a new line):
# matched forwards on the reversed text rather than one character at a time.
_LABEL_REVERSED = re.compile(r"[^，,；;。：:（）()、！？\n]*")
_DIRECTION = re.compile(r"(增加|增长|上升|减少|下降|降低|持平)")
_NEGATIVE = ("减少", "下降", "降低", "减")
_CLAUSE_BREAKS = "，,；;。！？\n"
_SENTENCE_BREAKS = "。！？\n"
_WS = re.compile(r"[ \t\u3000\xa0]+")
# Full-width digits and decimal points only: sentence punctuation (。，) must survive for splitting.
_FOLD = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


@dataclass(slots=True)
class Figure:
    label: str  # words between the previous clause break and the number
    value: Decimal  # 万元
    raw: str
    source: Source
    sentence: int  # index of the sentence (split on 。) within the text
    start: int
    end: int

    @property
    def direction(self) -> str | None:
        """The change word in the label ("增加", "减少", …), if the figure is a change."""
        found = _DIRECTION.findall(self.label)
        if found:
            return found[-1]
        if self.label.endswith(("增", "减")):  # "较上年减5万元"
            return self.label[-1]
        return None

    @property
    def signed(self) -> Decimal:
        return self.signed_by(self.direction)

    def signed_by(self, direction: str | None) -> Decimal:
        return -self.value if direction in _NEGATIVE else self.value


class Narrative:
    """Paragraphs joined into one string with a map back to each paragraph's source."""

    def __init__(self, paragraphs: list[Paragraph]) -> None:
        parts: list[str] = []
        self._starts: list[int] = []
        self._sources: list[Source] = []
        pos = 0
        for p in paragraphs:
            text = _WS.sub("", p.text.translate(_FOLD))
            self._starts.append(pos)
            self._sources.append(p.source)
            parts.append(text)
            pos += len(text) + 1
        # Paragraphs are joined by a newline so that a heading never runs into a sentence.
        self.text = "\n".join(parts)
        self._found: list[Figure] | None = None

    def source_at(self, offset: int) -> Source | None:
        if not self._sources:
            return None
        return self._sources[max(0, bisect_right(self._starts, offset) - 1)]

    def figures(self) -> list[Figure]:
        """The amounts in the text, in order (computed once; callers must not mutate them)."""
        if self._found is None:
            self._found = self._find()
        return self._found

    def _find(self) -> list[Figure]:
        text = self.text
        reversed_text = text[::-1]
        found: list[Figure] = []
        for m in _AMOUNT.finditer(text):
            value = parse_number(m.group(1))
            if value is None:
                continue
            raw = m.group(0).replace("\n", "")
            found.append(
                self._figure(m.start(), m.end(), to_wan(value, m.group(2)), raw, reversed_text)
            )
        for m in _NOT_ARRANGED.finditer(text):
            found.append(self._figure(m.start(), m.end(), Decimal(0), m.group(0), reversed_text))
        found.sort(key=lambda f: f.start)
        # A label never reaches back over the previous figure ("人员经费1万元和公用经费2万元").
        for prev, fig in pairwise(found):
            if prev.end > fig.start - len(fig.label):
                fig.label = text[max(prev.end, fig.start - len(fig.label)) : fig.start]
        return found

    def _figure(self, start: int, end: int, value: Decimal, raw: str, reversed_text: str) -> Figure:
        text = self.text
        back = len(text) - start
        b = start - (_LABEL_REVERSED.match(reversed_text, back).end() - back)
        src = self.source_at(start) or Source("?")
        return Figure(
            label=text[b:start],
            value=value,
            raw=raw,
            source=src,
            sentence=text.count("。", 0, start),
            start=start,
            end=end,
        )

    def clause(self, fig: Figure) -> str:
        """The clause a figure ends: back to the previous ，；。！？ or new line."""
        text = self.text
        start = max(text.rfind(c, 0, fig.start) for c in _CLAUSE_BREAKS) + 1
        return text[start : fig.start]

    def sentence_start(self, fig: Figure) -> str:
        """The sentence up to the figure: back to the previous 。！？ or new line."""
        text = self.text
        start = max(text.rfind(c, 0, fig.start) for c in _SENTENCE_BREAKS) + 1
        return text[start : fig.start]

    def flat_after(self, fig: Figure, window: int = 12) -> bool:
        """Whether "持平" (no change) follows the figure closely."""
        return "持平" in self.text[fig.end : fig.end + window]

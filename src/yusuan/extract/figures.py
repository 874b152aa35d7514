"""Find the money figures stated in narrative text, with the words that label them.

Narrative sentences name a figure just before it ("基本支出5089.05万元") and a change after it
("较2019年减少136.32万元"). :meth:`Narrative.figures` returns each amount with its label (the text
since the previous clause break) so the section extractors can decide what it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise

from yusuan.blocks import Paragraph, Source
from yusuan.extract.numbers import parse_number, to_wan
from yusuan.vocab import FLAT

# A line may wrap between the number and its unit ("136.32\n万元").
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\n?(万元|元)")
_NOT_ARRANGED = re.compile(r"(未安排|没有安排|无安排)")
# "公务用车购置为 0，与上年持平": a zero printed without its unit.
_BARE_ZERO = re.compile(r"(?<=为)\s*0(?=\s*[，。；,;]|$)")
# "无公务用车购置预算安排", "无因公出国（境）费用预算", "无机关运行经费": nothing of it, i.e. 0.
_NONE_OF = re.compile(r"(?<![有并])无([^，。；,;、\n无]{2,20}?)(?:预算安排|预算|安排|支出|经费)")
# A label runs back from its figure to the previous clause break (，；。：（）、！？ or a new line):
# matched forwards on the reversed text rather than one character at a time.
_LABEL_REVERSED = re.compile(r"[^，,；;。：:（）()、！？\n]*")
_DIRECTION = re.compile(r"(增加|增长|上升|减少|下降|降低|持平)")
_NEGATIVE = ("减少", "下降", "降低", "减")
_CUT_BEFORE_AMOUNT = re.compile(r"^\d[\d,]*(?:\.\d+)?(?:万元|元)")
_OPEN_END = re.compile(r"[\u4e00-\u9fff]$")  # ends mid-sentence, on a word
_BUDGETED = re.compile(r"年初预算|调整预算|预算数|预算为")
# "No change" said against another year or figure: "与上年持平", "比2023年度没有变化".
_FLAT_AGAINST = rf"(?:与|和|比|较|同)[^，,。；;\n]{{0,12}}?{FLAT}"
# ... right after a figure: in its own clause ("110万元与上年预算数相等", "0万元持平"), or
# opening the next one ("12.5万元，与上年一致", "，持平").
FLAT_AFTER = re.compile(
    rf"[^。；;，,\n]{{0,14}}?{FLAT}|[^。；;\n]{{0,3}}[。；;，,]\s*(?:{_FLAT_AGAINST}|{FLAT})"
)
_FLAT_STATEMENT = re.compile(_FLAT_AGAINST)
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
        chunks: list[str] = []
        self._starts: list[int] = []
        self._sources: list[Source] = []
        pos = 0
        for p in paragraphs:
            text = _WS.sub("", p.text.translate(_FOLD))
            # Paragraphs are joined by a newline so that a heading never runs into a sentence;
            # but a sentence cut before its amount ("其中：事业收入" / "262.00万元；…") goes on.
            glue = (
                ""
                if chunks and _CUT_BEFORE_AMOUNT.match(text) and _OPEN_END.search(chunks[-1])
                else "\n"
            )
            if chunks:
                chunks.append(glue)
                pos += len(glue)
            self._starts.append(pos)
            self._sources.append(p.source)
            chunks.append(text)
            pos += len(text)
        self.text = "".join(chunks)
        self._found: list[Figure] | None = None
        self._breaks: dict[str, list[int]] = {}

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
        for m in _BARE_ZERO.finditer(text):
            found.append(self._figure(m.start(), m.end(), Decimal(0), "0", reversed_text))
        taken = [(f.start, f.end) for f in found]
        for m in _NONE_OF.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # "无安排" above, or an amount inside
            # The words are the label, as if the amount followed them: "无公务用车购置预算安排".
            fig = self._figure(m.end(), m.end(), Decimal(0), m.group(0), reversed_text)
            fig.label = m.group(0)
            found.append(fig)
        found.sort(key=lambda f: f.start)
        # A label never reaches back over the previous figure ("人员经费1万元和公用经费2万元").
        for prev, fig in pairwise(found):
            if prev.end > fig.start - len(fig.label):
                fig.label = text[max(prev.end, fig.start - len(fig.label)) : fig.start]
        return found

    def _figure(self, start: int, end: int, value: Decimal, raw: str, reversed_text: str) -> Figure:
        text = self.text
        back = len(text) - start
        label = _LABEL_REVERSED.match(reversed_text, back)
        assert label is not None  # the pattern matches the empty string too
        b = start - (label.end() - back)
        src = self.source_at(start) or Source("?")
        return Figure(
            label=text[b:start],
            value=value,
            raw=raw,
            source=src,
            sentence=bisect_right(self._stops(), start - 1),  # "。" before the figure
            start=start,
            end=end,
        )

    def reported(self, kind: str) -> list[Figure]:
        """The figures a disclosure reports as its own: in a 决算, "年初预算为0.95万元，支出决算为
        0.00万元" states 0.00, under the budget figure's label, and the budget figure is dropped.
        A budget figure not followed by its 决算 in the sentence ("年初预算数10万元，其中：…")
        is all there is, and stays."""
        figures = self.figures()
        if kind != "final_accounts":
            return figures
        out: list[Figure] = []
        skip: Figure | None = None
        for i, fig in enumerate(figures):
            following = figures[i + 1] if i + 1 < len(figures) else None
            if (
                _BUDGETED.search(fig.label)
                and "决算" not in fig.label
                and following is not None
                and following.sentence == fig.sentence
                and "决算" in following.label
            ):
                skip = fig
                continue
            if skip is not None:
                fig = replace(fig, label=skip.label + fig.label)
                skip = None
            out.append(fig)
        return out

    def flat_statement(self, words: tuple[str, ...]) -> tuple[str, Source] | None:
        """A sentence naming one of ``words`` that says "no change" without an amount
        ("2024年度“三公”经费财政拨款支出决算数与2023年度持平")."""
        text = self.text
        starts = {f.sentence for f in self.figures()}
        for i, sentence in enumerate(text.split("。")):
            if i in starts or not any(w in sentence for w in words):
                continue
            m = _FLAT_STATEMENT.search(sentence)
            if m is not None:
                offset = len("。".join(text.split("。")[:i])) + (1 if i else 0)
                return m.group(0), self.source_at(offset + m.start()) or Source("?")
        return None

    def _positions(self, chars: str) -> list[int]:
        """Where any of ``chars`` stands in the text, in order (found once per set)."""
        found = self._breaks.get(chars)
        if found is None:
            found = self._breaks[chars] = [i for i, ch in enumerate(self.text) if ch in chars]
        return found

    def _stops(self) -> list[int]:
        return self._positions("。")

    def _before(self, chars: str, at: int) -> int:
        """Just after the last of ``chars`` before ``at`` (0 if none): bisect, not a scan back."""
        positions = self._positions(chars)
        i = bisect_right(positions, at - 1)
        return positions[i - 1] + 1 if i else 0

    def clause(self, fig: Figure) -> str:
        """The clause a figure ends: back to the previous ，；。！？ or new line."""
        return self.text[self._before(_CLAUSE_BREAKS, fig.start) : fig.start]

    def sentence_start(self, fig: Figure) -> str:
        """The sentence up to the figure: back to the previous 。！？ or new line."""
        return self.text[self._before(_SENTENCE_BREAKS, fig.start) : fig.start]

    def flat_after(self, fig: Figure, end: int | None = None) -> bool:
        """Whether "no change" is said of the figure right after it (before ``end``)."""
        return (
            FLAT_AFTER.match(self.text, fig.end, len(self.text) if end is None else end) is not None
        )

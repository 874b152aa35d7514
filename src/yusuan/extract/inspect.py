"""What the reader saw (`yusuan inspect`): sections with their headings and lines, every table
block with the kind, title, money unit and row count it became (or that nothing read it), every
narrative figure with its words, the sentence it came from and the field it filled, and what
was not understood. How a user sees why a figure is missing; how a developer starts on the
next province's template.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from yusuan.blocks import Document, Paragraph, Table
from yusuan.extract import Trace, extract
from yusuan.extract.figures import Narrative
from yusuan.model import Disclosure

# The sections whose figures are read, and the model parts that hold them.
_FIGURE_SECTIONS = ("overview", "operating_costs", "three_public")


@dataclass
class SectionView:
    key: str
    heading: str | None
    source: str | None
    paragraphs: int
    tables: int
    first: str | None  # where its blocks begin and end
    last: str | None


@dataclass
class TableView:
    source: str
    rows: int
    columns: int
    read_as: str  # "tables[2] fiscal_summary …", "procurement", … or "未解析 not read"
    kind: str | None = None
    title: str | None = None
    money_unit: str | None = None
    data_rows: int | None = None
    empty: bool | None = None


@dataclass
class FigureView:
    section: str
    raw: str
    value: str
    label: str
    sentence: str
    source: str
    field: str | None  # the model field it filled, None when no extractor took it


@dataclass
class Inspection:
    path: str
    unit: str | None
    year: int | None
    kind: str
    scope: str | None
    money_unit: str | None
    sections: list[SectionView] = field(default_factory=list)
    tables: list[TableView] = field(default_factory=list)
    figures: list[FigureView] = field(default_factory=list)
    unparsed: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_NARRATIVE_SECTIONS = frozenset(
    {"overview", "income_by_source", "changes", "operating_costs", "three_public"}
)


def _amounts(d: Disclosure) -> dict[tuple[str, str | None], list[str]]:
    """(raw, source) of every narrative amount → the field paths it fills (one line may print
    the same amount twice: "收入预算100万元，其中：财政拨款收入100万元")."""
    out: dict[tuple[str, str | None], list[str]] = {}

    for at in d.amounts():
        if at.section in _NARRATIVE_SECTIONS:
            out.setdefault((at.amount.raw, at.amount.source), []).append(at.path)
    return out


def _where(block: Paragraph | Table | None) -> str | None:
    return None if block is None else str(block.source)


def inspect(doc: Document) -> Inspection:
    """Extract ``doc`` and report what each stage made of it."""
    trace = Trace()
    d = extract(doc, trace)
    seen = trace.doc or doc
    view = Inspection(
        path=d.source.path,
        unit=d.unit.name,
        year=d.year,
        kind=d.kind,
        scope=d.scope,
        money_unit=d.money_unit,
    )
    for s in trace.sections:
        paragraphs = sum(isinstance(b, Paragraph) for b in s.blocks)
        view.sections.append(
            SectionView(
                key=s.key,
                heading=s.heading.text if s.heading else None,
                source=_where(s.heading),
                paragraphs=paragraphs,
                tables=len(s.blocks) - paragraphs,
                first=_where(s.blocks[0]) if s.blocks else None,
                last=_where(s.blocks[-1]) if s.blocks else None,
            )
        )
    for block in seen.blocks:
        if not isinstance(block, Table):
            continue
        claim = trace.claims.get(id(block), "未解析 not read")
        tv = TableView(
            source=str(block.source),
            rows=len(block.rows),
            columns=max((len(r) for r in block.rows), default=0),
            read_as=claim,
        )
        if claim.startswith("tables["):
            t = d.tables[int(claim[7:-1])]
            tv.kind, tv.title, tv.money_unit = t.kind, t.title, t.money_unit
            tv.data_rows, tv.empty = len({r.source for r in t.rows}), t.empty
        view.tables.append(tv)
    fields = _amounts(d)
    for key in _FIGURE_SECTIONS:
        said = [
            b for s in trace.sections if s.key == key for b in s.blocks if isinstance(b, Paragraph)
        ]
        nar = Narrative(said)
        figures = nar.figures()
        seen_keys = Counter((f.raw, str(f.source)) for f in figures)  # figures per text and line
        for fig in figures:
            where = (fig.raw, str(fig.source))
            view.figures.append(
                FigureView(
                    section=key,
                    raw=fig.raw,
                    value=str(fig.value),
                    label=fig.label,
                    sentence=_sentence(nar.text, fig.start),
                    source=str(fig.source),
                    field=_take(fields, where, seen_keys),
                )
            )
    view.unparsed = [(u.source, (u.reason or u.text)[:200]) for u in d.unparsed]
    return view


def _take(
    fields: dict[tuple[str, str | None], list[str]],
    key: tuple[str, str],
    left: Counter[tuple[str, str]],
) -> str | None:
    """The field(s) a figure filled: one each while figures of the same text and line remain;
    the last takes what is left ("收入、支出预算总计X" fills both totals)."""
    paths = fields.get(key)
    left[key] -= 1
    if not paths:
        return None
    if left[key] > 0:
        return paths.pop(0)
    taken = ", ".join(paths)
    paths.clear()
    return taken


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(c, 0, at) for c in "。！？\n") + 1
    ends = [i for c in "。！？\n" if (i := text.find(c, at)) >= 0]
    return text[start : (min(ends) + 1 if ends else len(text))].strip()


__all__ = ["FigureView", "Inspection", "SectionView", "TableView", "inspect"]

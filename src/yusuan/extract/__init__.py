"""Extraction: the block model → the canonical disclosure model, by meaning, not by layout."""

from __future__ import annotations

from dataclasses import dataclass, field

from yusuan.blocks import Document, Paragraph, Table
from yusuan.errors import UnreadableDocument
from yusuan.extract.assets import extract_assets
from yusuan.extract.header import extract_header
from yusuan.extract.narrative import (
    extract_glossary,
    extract_operating_costs,
    extract_organisations,
    extract_responsibilities,
    extract_three_public,
)
from yusuan.extract.overview import extract_overview
from yusuan.extract.procurement import extract_procurement
from yusuan.extract.script import simplified
from yusuan.extract.sections import Section, split_sections
from yusuan.extract.tables import extract_tables
from yusuan.model import Disclosure, Passage, SourceRef, Unparsed
from yusuan.vocab.text import money_unit

__all__ = ["Trace", "extract"]


def _paragraphs(sections: list[Section], key: str) -> list[Paragraph]:
    return [b for s in sections if s.key == key for b in s.blocks if isinstance(b, Paragraph)]


def _tables(sections: list[Section], key: str) -> list[Table]:
    return [b for s in sections if s.key == key for b in s.blocks if isinstance(b, Table)]


def _money_unit(doc: Document) -> str | None:
    for block in doc.blocks:
        texts = (
            [block.text]
            if isinstance(block, Paragraph)
            else [c.text for r in block.rows[:3] for c in r]
        )
        for t in texts:
            unit = money_unit(t)
            if unit is not None:
                return unit
    return None


@dataclass
class Trace:
    """What extraction saw, for `yusuan inspect`: the document as extracted (traditional
    characters converted), its sections, and which extractor read each table block."""

    doc: Document | None = None
    sections: list[Section] = field(default_factory=list)
    claims: dict[int, str] = field(default_factory=dict)  # id(Table) → "tables[3]", "procurement" …


def extract(doc: Document, trace: Trace | None = None) -> Disclosure:
    """Build the canonical model from a document's blocks.

    Raises :class:`UnreadableDocument` when nothing in it looks like a budget disclosure.
    """
    from yusuan.extract.performance import extract_performance

    doc = simplified(doc)
    sections = split_sections(doc.blocks)
    paragraphs = doc.paragraphs()
    all_tables = doc.tables()
    header = extract_header(sections, paragraphs, all_tables)
    unit, year, kind = header.unit, header.year, header.kind
    money_unit = _money_unit(doc)

    duty_tables = _tables(sections, "duties")
    organisations = extract_organisations(duty_tables or all_tables)
    if organisations:
        main = next(
            (o for o in organisations if unit.name and o.name in unit.name), organisations[0]
        )
        unit.nature, unit.rank, unit.funding = main.nature, main.rank, main.funding
        unit.name = unit.name or main.name

    claims: dict[int, str] = {}
    tables, table_blocks = extract_tables(sections, money_unit, claims)
    procurement, proc_tables = extract_procurement(
        _paragraphs(sections, "procurement"), _tables(sections, "procurement"), money_unit
    )
    assets, asset_tables = extract_assets(
        _paragraphs(sections, "assets"), _tables(sections, "assets"), money_unit
    )
    performance, perf_tables = extract_performance(doc.blocks, sections)
    other = "\n".join(p.text for p in _paragraphs(sections, "other")) or None

    disclosure = Disclosure(
        source=SourceRef(path=doc.path, sha256=doc.sha256, format=doc.format),
        parts=[SourceRef(path=p, sha256=h, format=f) for p, h, f in doc.parts],
        kind=kind,  # type: ignore[arg-type]
        scope=header.scope,  # type: ignore[arg-type]
        year=year,
        unit=unit,
        organisations=organisations,
        money_unit=money_unit,
        responsibilities=extract_responsibilities(_paragraphs(sections, "duties")),
        overview=extract_overview(_paragraphs(sections, "overview"), kind, year),
        operating_costs=extract_operating_costs(_paragraphs(sections, "operating_costs"), kind),
        three_public=extract_three_public(_paragraphs(sections, "three_public"), kind),
        tables=tables,
        performance=performance,
        procurement=procurement,
        assets=assets,
        glossary=extract_glossary(_paragraphs(sections, "glossary")),
        other_matters=other,
        narrative=_passages(sections),
        blank_pages=[str(s) for s in doc.blank_pages],
    )
    used = {id(t) for t in (*table_blocks, *proc_tables, *asset_tables, *perf_tables)}
    used |= {id(t) for t in duty_tables}
    for t in all_tables:
        if id(t) in used:
            continue
        text = t.text()
        # Text beyond tabs and new lines comes from some cell; otherwise look at each one.
        if not text.strip("\t\n") and not any(c.text for r in t.rows for c in r):
            continue
        disclosure.unparsed.append(Unparsed(source=str(t.source), text=text[:2000]))
    for problem in doc.problems:
        disclosure.unparsed.append(
            Unparsed(source=str(problem.source), text="", reason=problem.message)
        )
    if trace is not None:
        for name, blocks in (
            ("procurement", proc_tables),
            ("assets", asset_tables),
            ("performance", perf_tables),
            ("duties", duty_tables),
        ):
            claims.update((id(t), name) for t in blocks)
        trace.doc, trace.sections, trace.claims = doc, sections, claims
    if not _looks_like_disclosure(disclosure, sections):
        raise UnreadableDocument(
            f"未识别出预算公开内容（没有年度、单位、章节或预算表）：{doc.path}",
            f"not a budget disclosure (no year, unit, sections or budget tables found): {doc.path}",
        )
    return disclosure


def _passages(sections: list[Section]) -> list[Passage]:
    return [
        Passage(section=s.key, text=b.text, source=str(b.source))
        for s in sections
        for b in ([s.heading] if s.heading is not None else []) + s.blocks
        if isinstance(b, Paragraph) and b.text.strip()
    ]


def _looks_like_disclosure(d: Disclosure, sections: list[Section]) -> bool:
    known = {s.key for s in sections} - {"front"}
    evidence = len(known) + len(d.tables) + len(d.performance.projects) + (d.year is not None)
    return evidence >= 2

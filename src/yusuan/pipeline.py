"""Reading disclosures: file(s) → blocks → the canonical model. The one way in for the CLI,
the store loader and the web app.

A disclosure may be published in several files (Jiangsu prints the narrative and the tables as
two PDFs): :func:`read_merged` reads such parts as one disclosure, and :func:`pair_parts` finds
them among many files — same unit, year and kind, one with narrative but no tables, the other
with tables but no narrative.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import TypeVar

from yusuan.blocks import Document, Table, merge_documents
from yusuan.model import Disclosure
from yusuan.vocab import unit_identity

__all__ = [
    "has_narrative",
    "is_part",
    "merged",
    "pair_parts",
    "parts_of_one",
    "read",
    "read_merged",
]

K = TypeVar("K", bound=Hashable)


def read(path: str | Path) -> Disclosure:
    """Read one file (any supported format) into the canonical model."""
    from yusuan.extract import extract
    from yusuan.readers import read_document

    return extract(read_document(path))


def _table_share(doc: Document) -> float:
    return sum(isinstance(b, Table) for b in doc.blocks) / max(1, len(doc.blocks))


def merged(docs: Sequence[Document]) -> Document:
    """Documents that are parts of one disclosure as one: the narrative part first (its cover
    names the unit), every block keeping its own file."""
    if len(docs) == 1:
        return docs[0]
    return merge_documents(sorted(docs, key=_table_share))  # stable for equal shares


def read_merged(paths: Sequence[str | Path]) -> Disclosure:
    """Read files that are parts of one disclosure as one; every figure keeps the file it came
    from, and the other files are listed in ``Disclosure.parts``."""
    from yusuan.extract import extract
    from yusuan.readers import read_document

    return extract(merged([read_document(p) for p in paths]))


def has_narrative(d: Disclosure) -> bool:
    ov = d.overview
    return any(
        x is not None
        for x in (
            ov.income_total,
            ov.expenditure_total,
            ov.basic,
            ov.project,
            d.operating_costs.amount,
            d.three_public.total,
            d.three_public.outbound,
            d.three_public.reception,
        )
    ) or bool(d.responsibilities or d.glossary)


def is_part(d: Disclosure) -> bool:
    """Whether a file holds only the narrative or only the tables of a disclosure."""
    return _part_kind(d) is not None


def _part_kind(d: Disclosure) -> str | None:
    """ "narrative" or "tables" for a file that holds only that part of a disclosure."""
    tables = bool(d.tables)
    narrative = has_narrative(d)
    if narrative and not tables:
        return "narrative"
    if tables and not narrative:
        return "tables"
    return None


def parts_of_one(ds: Sequence[Disclosure]) -> bool:
    """Whether files given together (one upload) can be the parts of one disclosure: one holds
    the narrative, the others tables, and what they say of the unit, year and kind agrees
    (a tables-only file often names no unit at all)."""
    kinds = [_part_kind(d) for d in ds]
    if len(ds) < 2 or kinds.count("narrative") != 1 or kinds.count("tables") != len(ds) - 1:
        return False
    names = {unit_identity(d.unit.name) for d in ds if d.unit.name}
    years = {d.year for d in ds if d.year is not None}
    return len(names) <= 1 and len(years) <= 1 and len({d.kind for d in ds}) == 1


def pair_parts(items: Sequence[tuple[K, Disclosure]]) -> list[list[K]]:
    """Groups of keys whose disclosures are parts of one: a narrative-only and a tables-only
    file of the same unit, year and kind. Every key is in exactly one group (most alone), in
    the order first seen."""
    by_identity: dict[tuple[str, int | None, str], dict[str, list[K]]] = {}
    for key, d in items:
        part = _part_kind(d)
        if part is None or not d.unit.name or d.year is None:
            continue
        ident = (unit_identity(d.unit.name), d.year, d.kind)
        by_identity.setdefault(ident, {}).setdefault(part, []).append(key)
    partner: dict[K, K] = {}
    for parts in by_identity.values():
        narrative, tables = parts.get("narrative", []), parts.get("tables", [])
        if len(narrative) == 1 and len(tables) == 1:  # more than one each: ambiguous, left alone
            partner[narrative[0]] = tables[0]
            partner[tables[0]] = narrative[0]
    groups: list[list[K]] = []
    placed: set[K] = set()
    for key, _ in items:
        if key in placed:
            continue
        group = [key, partner[key]] if key in partner else [key]
        placed.update(group)
        groups.append(group)
    return groups

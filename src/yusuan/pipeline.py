"""The way in: every input the project accepts → the canonical model.

:func:`open` reads a disclosure file in any supported format (readers → blocks → extraction),
the canonical JSON that ``yusuan read --json`` writes, or a filled yusuan workbook (``yusuan
template``). One format dispatch and one set of messages for the CLI, the store loader, the web
app and the Python API (:mod:`yusuan.api` re-exports it).

A disclosure may be published in several files (Jiangsu prints the narrative and the tables as
two PDFs): ``open(paths, merge=True)`` reads such parts as one disclosure, and
:func:`pair_parts` finds them among many files — same unit, year and kind, one with narrative
but no tables, the other with tables but no narrative.

This module sits after ``render`` in the pipeline only because the fill-in workbook, render's
own format, is one of the inputs it opens; it uses nothing else of render.
"""

from __future__ import annotations

import json
import os
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from yusuan.blocks import Document, Table, merge_documents
from yusuan.errors import UnreadableDocument, YusuanError
from yusuan.model import SCHEMA_ID, Disclosure
from yusuan.vocab import unit_identity

__all__ = [
    "Opened",
    "has_narrative",
    "input_format",
    "input_kind",
    "is_part",
    "merged",
    "open",
    "open_document",
    "open_input",
    "pair_parts",
    "parts_of_one",
]

PathLike = str | os.PathLike[str]
InputKind = Literal["json", "workbook", "document"]

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Opened:
    """What :func:`open_input` read: the disclosure, and the blocks it was extracted from (None
    for canonical JSON and workbooks, which have no blocks)."""

    disclosure: Disclosure
    document: Document | None


def open(paths: PathLike | Sequence[PathLike], *, merge: bool = False) -> Disclosure:
    """Read an input into the canonical model.

    ``paths`` is one file — a disclosure in any supported format (PDF, DOCX, XLSX, HTML, text;
    DOC/XLS/WPS/RTF/ODT/ODS through LibreOffice), the canonical JSON ``yusuan read --json``
    writes, or a filled yusuan workbook — or, with ``merge=True``, several disclosure files that
    are the parts of one disclosure (``yusuan read --merge``). Raises :class:`YusuanError` with
    a one-line Chinese and English reason for input that cannot be read.
    """
    return open_input(paths, merge=merge).disclosure


def open_input(
    paths: PathLike | Sequence[PathLike], *, merge: bool = False, parts_only: bool = False
) -> Opened:
    """:func:`open`, keeping the blocks (the web app quotes them beside findings).

    With ``parts_only`` several files must be the narrative and the tables of one disclosure
    (:func:`parts_of_one`); otherwise they are refused.
    """
    from yusuan.extract import extract
    from yusuan.readers import read_document

    files = _paths(paths)
    if len(files) > 1 and not merge:
        raise TypeError("several files: pass merge=True to read them as the parts of one")
    if len(files) == 1:
        kind = input_kind(files[0])
        if kind == "json":
            return Opened(_from_json(files[0]), None)
        if kind == "workbook":
            from yusuan.render.importer import import_workbook

            return Opened(import_workbook(files[0]), None)
        doc = read_document(files[0])
        return Opened(extract(doc), doc)
    docs = [open_document(p, "合并读取") for p in files]
    if parts_only and not parts_of_one([extract(d) for d in docs]):
        raise YusuanError(
            "这些文件不是同一份公开的说明与表格两部分，不能合并；请逐个上传或检查",
            "the files are not the narrative and tables of one disclosure; read them one at a time",
        )
    return open_parts(docs)


def open_parts(docs: Sequence[Document]) -> Opened:
    """Documents already read that are the parts of one disclosure (:func:`pair_parts`), as one
    disclosure: what ``open(paths, merge=True)`` gives, without reading the files again."""
    from yusuan.extract import extract

    doc = merged(docs)
    return Opened(extract(doc), doc)


def open_document(path: PathLike, what: str = "查看读取过程") -> Document:
    """The blocks of a disclosure file (``yusuan inspect``); canonical JSON and workbooks have
    none and are refused. ``what`` names the use in the message."""
    from yusuan.readers import read_document

    p = Path(path)
    if input_kind(p) != "document":
        raise YusuanError(
            f"只有公开文件本身可以{what}，规范 JSON 与填报工作簿不能：{p}",
            f"only disclosure files can be read this way, not JSON or workbooks: {p}",
        )
    return read_document(p)


def _paths(paths: PathLike | Sequence[PathLike]) -> list[Path]:
    if isinstance(paths, str | os.PathLike):
        return [Path(paths)]
    files = [Path(p) for p in paths]
    if not files:
        raise TypeError("no file given")
    return files


def _head(path: Path, size: int = 4096) -> bytes:
    """The first bytes, or none when the file cannot be opened (the readers say why)."""
    try:
        with path.open("rb") as f:
            return f.read(size)
    except OSError:
        return b""


def input_kind(path: Path, deep: bool = True) -> InputKind:
    """Which of the project's inputs a file is, by its content: the canonical JSON, a filled
    yusuan workbook, or a disclosure document (the readers name its format). Without ``deep``
    an XLSX naming the workbook's hidden sheet is taken for one unparsed (see
    :func:`input_format`)."""
    head = _head(path)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"{") and not start.startswith(b"{\\rtf"):  # RTF begins with a brace too
        return "json"
    if head.startswith(b"PK") and _is_workbook(path, deep):
        return "workbook"
    return "document"


def input_format(path: Path, deep: bool = True) -> str:
    """The format of an input by its content, before reading it: ``json``, ``workbook``, or
    the readers' name for a document (text, pdf, docx, xlsx, html, doc, xls, rtf, odt, ods,
    ofd, image, zip, encrypted-ooxml …). Raises :class:`UnreadableDocument` for an empty or
    damaged file. Without ``deep`` no workbook is parsed (a server sniffing uploads): an XLSX
    naming the fill-in workbook's hidden sheet is ``workbook`` unconfirmed, and reading it
    (:func:`open_input`) still tells a template from any other XLSX."""
    from yusuan.readers.detect import detect_path

    kind = input_kind(path, deep)
    if kind != "document":
        return kind
    return detect_path(path)


# The fill-in workbook's hidden sheet as workbook.xml names it (render.workbook.HIDDEN; a test
# keeps them equal): looked for before render is imported, so other XLSX files never import it.
_WORKBOOK_SHEET = b'"_yusuan"'


def _is_workbook(path: Path, deep: bool = True) -> bool:
    """A yusuan fill-in workbook: an XLSX with the template's hidden sheet. The sheet list is
    looked at first, so other ZIP files cost no workbook parse; without ``deep``, nothing
    more."""
    from yusuan.readers.detect import open_zip

    try:
        zf = open_zip(path)
    except UnreadableDocument:
        return False  # damaged: the readers say so
    try:
        if "xl/workbook.xml" not in zf.namelist():
            return False
        sheets = zf.read("xl/workbook.xml")
    except Exception:  # a damaged member: the readers say so
        return False
    finally:
        zf.close()
    if _WORKBOOK_SHEET not in sheets or not deep:
        return _WORKBOOK_SHEET in sheets
    from yusuan.render.workbook import is_template

    return is_template(path)


def _from_json(path: Path) -> Disclosure:
    """The canonical JSON (``yusuan.disclosure/1``), as ``yusuan read --json`` writes it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # Notepad writes a BOM
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise UnreadableDocument(
            f"JSON 无法解析：{path}（{e}）", f"invalid JSON: {path} ({e})"
        ) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
        raise UnreadableDocument(
            f'JSON 不是 yusuan 规范格式（缺少 "schema": "{SCHEMA_ID}"）：{path}',
            f'not a yusuan canonical JSON (no "schema": "{SCHEMA_ID}"): {path}',
        )
    try:
        return Disclosure.model_validate(data)
    except Exception as e:
        first = " ".join(str(e).splitlines()[:3])
        raise UnreadableDocument(
            f"JSON 不符合 {SCHEMA_ID}：{path}（{first}）",
            f"JSON does not match {SCHEMA_ID}: {path} ({first})",
        ) from None


def _table_share(doc: Document) -> float:
    return sum(isinstance(b, Table) for b in doc.blocks) / max(1, len(doc.blocks))


def merged(docs: Sequence[Document]) -> Document:
    """Documents that are parts of one disclosure as one: the narrative part first (its cover
    names the unit), every block keeping its own file."""
    if len(docs) == 1:
        return docs[0]
    return merge_documents(sorted(docs, key=_table_share))  # stable for equal shares


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

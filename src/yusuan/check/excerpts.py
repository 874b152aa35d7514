"""Source excerpts for findings: the lines a finding points at, with the line before and after
and the printed figures highlighted, for the report page and the HTML report.

From the block model (:func:`excerpts_for`), so they work for every format: every paragraph and
table row becomes one display line, every block and cell source string points at its line. A
text file may instead be quoted line by line from the file itself (:func:`text_excerpts`), by a
caller that read it. Nothing here opens a path taken from a report or a document: text excerpts
read only the files the caller names.

An excerpt is ``{"label": str, "lines": [{"label": str, "segs": [[text, highlighted]], "focus":
bool}]}``; each finding has up to :data:`MAX_PER_FINDING`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from yusuan.blocks import Document
from yusuan.blocks.model import Cell, Paragraph, Source
from yusuan.check.findings import Finding
from yusuan.check.locate import in_words, parse

_RC = re.compile(r" \[r\d+(?:c\d+)?\]$")
MAX_PER_FINDING = 3
Excerpt = dict[str, Any]


def _label(src: Source) -> str:
    """Where a display line is, in words (:func:`yusuan.check.locate.in_words`): 第19页 表3
    第5行, 第40行, 工作表“收入” B7单元格. A table row is named by its first cell without the
    column."""
    row = Source(src.file, src.line, src.page, src.sheet, src.cell, src.table, src.row)
    return in_words({"source": str(row)}, (src.table, src.row, None))


def index(doc: Document) -> tuple[list[Paragraph | list[Cell]], dict[str, int]]:
    """Display lines (a paragraph, or a table row), and source string → line number in that
    list. Lines are put into words only when shown (:func:`line`): most never are."""
    lines: list[Paragraph | list[Cell]] = []
    where: dict[str, int] = {}
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            where.setdefault(str(block.source), len(lines))
            lines.append(block)
            continue
        where.setdefault(str(block.source), len(lines))
        for row in block.rows:
            if not row:
                continue
            n = len(lines)
            key = ""
            for c in row:
                key = str(c.source)
                where.setdefault(key, n)
            # The row as a whole ("file:40" for "file:40 [r3c2]"): its cells share it.
            where.setdefault(_RC.sub("", key), n)
            lines.append(row)
    return lines, where


def line(item: Paragraph | list[Cell]) -> tuple[str, str]:
    """(label, text) of a display line."""
    if isinstance(item, Paragraph):
        return _label(item.source), item.text
    return _label(item[0].source), " │ ".join(c.text.replace("\n", " ") for c in item)


def segments(text: str, marks: list[str]) -> list[list[Any]]:
    """[text, highlighted] runs around the figures a finding points at (first occurrence each)."""
    spans: list[tuple[int, int]] = []
    for m in marks:
        key = (m or "").replace("万元", "").replace("元", "").strip()
        if key and (i := text.find(key)) >= 0:
            spans.append((i, i + len(key)))
    spans.sort()
    out: list[list[Any]] = []
    pos = 0
    for a, b in spans:
        if a < pos:
            continue
        out.append([text[pos:a], False])
        out.append([text[a:b], True])
        pos = b
    out.append([text[pos:], False])
    return [s for s in out if s[0]]


def _excerpt(n: int, count: int, marks: list[str], shown: Any) -> Excerpt:
    """Line ``n`` of ``count`` with its neighbours; ``shown(m)`` gives line m's (label, text)."""
    rows = []
    for m in range(max(0, n - 1), min(count, n + 2)):
        label, text = shown(m)
        rows.append(
            {
                "label": label,
                "segs": segments(text, marks) if m == n else [[text, False]],
                "focus": m == n,
            }
        )
    return {"label": rows[min(n, 1)]["label"], "lines": rows}


def excerpts_for(doc: Document, findings: Sequence[Finding]) -> list[list[Excerpt]]:
    """For each finding, up to three excerpts from the block model."""
    lines, where = index(doc)
    out: list[list[Excerpt]] = []
    for f in findings:
        by_line: dict[int, list[str]] = {}
        for loc in f.locations:
            key = loc.source or ""
            n = where.get(key)
            if n is None:
                n = where.get(_RC.sub("", key))
            if n is None:
                continue
            by_line.setdefault(n, []).append(loc.text or "")
        out.append(
            [
                _excerpt(n, len(lines), marks, lambda m: line(lines[m]))
                for n, marks in list(by_line.items())[:MAX_PER_FINDING]
            ]
        )
    return out


def text_excerpts(files: Sequence[Path], findings: Sequence[Finding]) -> list[list[Excerpt]]:
    """For each finding, up to three excerpts quoted line by line from the text files the caller
    read (a location's file is matched against ``files`` by path or name; others are skipped)."""
    by_name = {str(p): p for p in files} | {p.name: p for p in files}
    texts: dict[Path, list[str]] = {}
    out: list[list[Excerpt]] = []
    for f in findings:
        by_line: dict[tuple[Path, int], list[str]] = {}
        for loc in f.locations:
            place = parse(loc.source)
            path = by_name.get(place.file) if place else None
            if path is not None and place is not None and place.line:
                by_line.setdefault((path, place.line - 1), []).append(loc.text or "")
        shown = []
        for (path, n), marks in list(by_line.items())[:MAX_PER_FINDING]:
            if path not in texts:
                try:
                    texts[path] = path.read_bytes().decode("utf-8-sig", "replace").splitlines()
                except OSError:
                    texts[path] = []
            lines = texts[path]
            if n < len(lines):
                shown.append(
                    _excerpt(
                        n,
                        len(lines),
                        marks,
                        lambda m, lines=lines: (f"第{m + 1}行", lines[m].replace("\t", "  │  ")),
                    )
                )
        out.append(shown)
    return out


def quoted(
    doc: Document | None, findings: Sequence[Finding], files: Sequence[Path] = ()
) -> list[list[Excerpt]]:
    """Excerpts for each finding: a text input's own lines when the caller gives the ``files``
    it read, any other input's blocks; none for an input without blocks (canonical JSON, a
    filled workbook)."""
    if doc is None:
        return [[] for _ in findings]
    formats = {doc.format, *(fmt for _, _, fmt in doc.parts)}
    if files and formats == {"text"}:
        return text_excerpts(files, findings)
    return excerpts_for(doc, findings)

"""Source excerpts for findings, from the block model, so they work for every format.

Every paragraph and table row becomes one display line; every block and cell source string points
at its line. A finding's location is found by its source string and shown with the line before
and after, the printed figure highlighted.
"""

from __future__ import annotations

import re
from typing import Any

from yusuan.blocks import Document
from yusuan.blocks.model import Cell, Paragraph, Source
from yusuan.check.findings import Finding

_RC = re.compile(r" \[r\d+(?:c\d+)?\]$")
MAX_PER_FINDING = 3


_A1 = re.compile(r"[A-Z]{1,3}\d+")


def _label(src: Source) -> str:
    """Where a display line is, in words: 第19页 表3 第5行, 第40行, 工作表“收入” B7."""
    parts = []
    if src.page is not None:
        parts.append(f"第{src.page}页")
    if src.sheet is not None:
        parts.append(f"工作表“{src.sheet}”")
    a1 = src.cell is not None and _A1.fullmatch(src.cell) is not None
    if a1:
        parts.append(str(src.cell))  # a PDF cell's "cell" is its box: never shown
    if src.line is not None:
        parts.append(f"第{src.line}行")
    elif not a1:
        if src.table is not None:
            parts.append(f"表{src.table + 1}")
        if src.row is not None:
            parts.append(f"第{src.row + 1}行")
    return " ".join(parts)


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


def excerpts_for(doc: Document, findings: list[Finding]) -> list[list[dict[str, Any]]]:
    """For each finding, up to three excerpts: {label, lines: [{label, segs, focus}]}."""
    lines, where = index(doc)
    out: list[list[dict[str, Any]]] = []
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
        shown = []
        for n, marks in list(by_line.items())[:MAX_PER_FINDING]:
            rows = []
            for m in range(max(0, n - 1), min(len(lines), n + 2)):
                label, text = line(lines[m])
                rows.append(
                    {
                        "label": label,
                        "segs": segments(text, marks) if m == n else [[text, False]],
                        "focus": m == n,
                    }
                )
            shown.append({"label": rows[min(n, 1)]["label"], "lines": rows})
        out.append(shown)
    return out

"""Source excerpts for findings, from the block model, so they work for every format.

Every paragraph and table row becomes one display line; every block and cell source string points
at its line. A finding's location is found by its source string and shown with the line before
and after, the printed figure highlighted.
"""

from __future__ import annotations

import re
from typing import Any

from yusuan.blocks import Document
from yusuan.blocks.model import Paragraph, Source
from yusuan.check.findings import Finding

_RC = re.compile(r" \[r\d+(?:c\d+)?\]$")
MAX_PER_FINDING = 3


def _label(src: Source) -> str:
    parts = []
    if src.page is not None:
        parts.append(f"第{src.page}页")
    if src.sheet is not None:
        parts.append(f"工作表“{src.sheet}”")
    if src.cell is not None:
        parts.append(src.cell)
    if src.line is not None:
        parts.append(f"第{src.line}行")
    if src.table is not None and src.line is None and src.cell is None:
        parts.append(f"表{src.table + 1}")
    if src.row is not None and src.cell is None and src.line is None:
        parts.append(f"第{src.row + 1}行")
    return " ".join(parts)


def index(doc: Document) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """(label, text) display lines, and source string → line number in that list."""
    lines: list[tuple[str, str]] = []
    where: dict[str, int] = {}
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            where.setdefault(str(block.source), len(lines))
            lines.append((_label(block.source), block.text))
            continue
        where.setdefault(str(block.source), len(lines))
        for row in block.rows:
            if not row:
                continue
            n = len(lines)
            for c in row:
                key = str(c.source)
                where.setdefault(key, n)
                where.setdefault(_RC.sub("", key), n)
            text = " │ ".join(c.text.replace("\n", " ") for c in row)
            lines.append((_label(row[0].source), text))
    return lines, where


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
                label, text = lines[m]
                rows.append(
                    {
                        "label": label,
                        "segs": segments(text, marks) if m == n else [[text, False]],
                        "focus": m == n,
                    }
                )
            shown.append({"label": lines[n][0], "lines": rows})
        out.append(shown)
    return out

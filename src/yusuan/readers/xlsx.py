"""Excel (XLSX) → blocks, every sheet in workbook order.

A sheet is cut into tables and paragraphs by its ruling: rows with bordered cells form tables,
and the unruled rows around them (the title, "单位：万元", notes) become paragraphs — which is
how the platform exports lay a table out. A sheet with no borders at all falls back to blank
rows: each run of non-blank rows is a table, less its leading and trailing one-value rows.

Numbers are written as stored, not as displayed: 1656 stored with format ``#,##0.00`` reads
"1656.00" (padded to the format's decimals, never rounded), and binary-float noise such as
0.30000000000000004 is cut at Excel's 15 significant digits. Percent formats read "95%".
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from yusuan.blocks import Block, Cell, Document, Paragraph, Source, Table
from yusuan.errors import UnreadableDocument

_DEFAULT_SHEET = re.compile(r"^(?:Sheet|工作表|sheet|表)\s*\d*$")
MAX_CELLS = 2_000_000  # per workbook; disclosures have a few thousand
STREAM_BYTES = 20 * 1024 * 1024  # sheets larger than this are streamed (read-only mode)
_WS = " \u3000\xa0\t\r\n"


def number_text(value: float | int | Decimal, fmt: str | None = None) -> str:
    """The stored number as Decimal-friendly text, shaped by the cell's number format."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        d = Decimal(format(value, ".15g"))  # Excel keeps 15 significant digits
    else:
        d = Decimal(value)
    section = _first_section(fmt or "General")
    percent = "%" in section
    if percent:
        d = (d * 100).normalize()
    if d.as_tuple().exponent > 0:  # type: ignore[operator]
        d = d.quantize(Decimal(1))
    decimals = _decimals(section)
    if decimals and d.as_tuple().exponent > -decimals:  # type: ignore[operator]
        try:
            d = d.quantize(Decimal(1).scaleb(-decimals))  # pad only: stored digits stay
        except InvalidOperation:  # pragma: no cover - beyond Decimal's precision
            pass
    return format(d, "f") + ("%" if percent else "")


def _first_section(fmt: str) -> str:
    # Drop quoted literals and [colour]/[condition] brackets before looking at digits.
    fmt = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt)
    return fmt.split(";", 1)[0]


def _decimals(section: str) -> int:
    m = re.search(r"\.([0#?]+)", section)
    return len(m.group(1).replace("#", "").replace("?", "")) if m else 0


def cell_text(value: Any, fmt: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return number_text(value, fmt)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(s for s in (ln.strip(_WS) for ln in text.split("\n")) if s)


@dataclass(slots=True)
class _Row:
    number: int
    values: dict[int, str]  # column → non-empty text
    bordered: set[int]
    bold: bool
    merged_span: int  # widest merged range anchored in this row (columns)


def _a1(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def _has_border(cell: Any) -> bool:
    b = getattr(cell, "border", None)
    return b is not None and any(
        side is not None and side.style is not None for side in (b.left, b.right, b.top, b.bottom)
    )


def read_xlsx(path: Path, sha256: str, largest_sheet: int = 0) -> Document:
    """``largest_sheet``: the biggest worksheet part's size; past STREAM_BYTES the workbook is
    streamed in read-only mode, which keeps memory flat but knows no merged ranges."""
    import openpyxl

    p = str(path)
    stream = largest_sheet > STREAM_BYTES
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            wb = openpyxl.load_workbook(path, data_only=True, read_only=stream, keep_links=False)
    except UnreadableDocument:
        raise
    except Exception as e:  # openpyxl raises anything on damaged parts
        raise UnreadableDocument(
            f"Excel 文件已损坏或无法解析（{type(e).__name__}）：{p}",
            f"corrupt or unreadable XLSX ({type(e).__name__}: {e}): {p}",
        ) from None
    blocks: list[Block] = []
    budget = [MAX_CELLS]
    try:
        for ws in wb.worksheets:  # chartsheets have no cells
            if not _DEFAULT_SHEET.match(ws.title.strip()):
                # A workbook with one sheet per part names the parts by their sheets ("封面",
                # "部门主要职能", "部门收支总表"): the name reads as the sheet's heading.
                blocks.append(
                    Paragraph(ws.title.strip(), Source(p, sheet=ws.title), heading_level=1)
                )
            if stream:
                cells = (
                    (c.row, c.column, c)
                    for row in ws.iter_rows()
                    for c in row
                    if getattr(c, "row", None) is not None  # EmptyCell pads short rows
                )
                _sheet(ws.title, _counted(cells, budget, p), [], p, blocks)
            else:
                _sheet(ws.title, _counted(_cells(ws), budget, p), ws.merged_cells.ranges, p, blocks)
    finally:
        wb.close()
    return Document(path=p, format="xlsx", sha256=sha256, blocks=blocks)


def _cells(ws: Any) -> Iterator[tuple[int, int, Any]]:
    for (r, c), cell in ws._cells.items():
        yield r, c, cell


def _counted(
    cells: Iterable[tuple[int, int, Any]], budget: list[int], path: str
) -> Iterator[tuple[int, int, Any]]:
    for item in cells:
        budget[0] -= 1
        if budget[0] < 0:
            raise UnreadableDocument(
                f"表格单元格过多（超过 {MAX_CELLS} 个）：{path}",
                f"too many cells (over {MAX_CELLS}): {path}",
            )
        yield item


def _sheet(
    title: str,
    cells: Iterable[tuple[int, int, Any]],
    merged: Iterable[Any],
    path: str,
    blocks: list[Block],
) -> None:
    anchors: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) → (last row, last col)
    covered: set[tuple[int, int]] = set()
    for rng in merged:
        anchors[(rng.min_row, rng.min_col)] = (rng.max_row, rng.max_col)
        for r in range(rng.min_row, min(rng.max_row, rng.min_row + 10_000) + 1):
            for c in range(rng.min_col, min(rng.max_col, rng.min_col + 1_000) + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    rows: dict[int, _Row] = {}
    for r, c, cell in cells:
        if cell.value is None and not getattr(cell, "has_style", False):
            continue
        row = rows.get(r)
        if row is None:
            row = rows[r] = _Row(r, {}, set(), False, 1)
        if (r, c) not in covered:  # a merged range's value lives in its top-left cell only
            text = cell_text(cell.value, cell.number_format)
            if text:
                row.values[c] = text
                if cell.font is not None and cell.font.b:
                    row.bold = True
        if getattr(cell, "has_style", False) and _has_border(cell):
            row.bordered.add(c)
            if (r, c) in anchors:
                last_row, last_col = anchors[(r, c)]
                for rr in range(r, min(last_row, r + 10_000) + 1):
                    rows.setdefault(rr, _Row(rr, {}, set(), False, 1)).bordered.update(
                        range(c, last_col + 1)
                    )
        if (r, c) in anchors:
            row.merged_span = max(row.merged_span, anchors[(r, c)][1] - c + 1)
    ordered = [rows[r] for r in sorted(rows)]
    ruled = any(row.bordered for row in ordered)
    groups: list[tuple[bool, list[_Row]]] = []  # (is table region, rows)
    prev: _Row | None = None
    for row in ordered:
        is_table = bool(row.bordered) if ruled else bool(row.values)
        if not row.values and not row.bordered:
            prev = None
            continue
        contiguous = prev is not None and row.number == prev.number + 1
        if groups and groups[-1][0] == is_table and (contiguous or not is_table):
            groups[-1][1].append(row)
        else:
            groups.append((is_table, [row]))
        prev = row
    for is_table, group in groups:
        if not is_table:
            for row in group:
                _paragraph(row, title, path, blocks)
            continue
        _region(group, title, path, blocks, ruled)


def _paragraph(row: _Row, sheet: str, path: str, blocks: list[Block]) -> None:
    if not row.values:
        return
    first = min(row.values)
    text = " ".join(row.values[c] for c in sorted(row.values))
    for line in text.split("\n"):
        blocks.append(
            Paragraph(line, Source(path, sheet=sheet, cell=_a1(row.number, first)), bold=row.bold)
        )


def _region(rows: list[_Row], sheet: str, path: str, blocks: list[Block], ruled: bool) -> None:
    cols = [c for row in rows for c in (*row.values, *row.bordered)]
    lo, hi = min(cols), max(cols)
    width = hi - lo + 1

    def lone(row: _Row) -> bool:
        if len(row.values) != 1:
            return False
        if not ruled:
            return True
        # Inside the ruling only a title merged across (nearly) the whole table is prose.
        return width > 1 and row.merged_span >= max(2, int(width * 0.8))

    start, end = 0, len(rows)
    while start < end and lone(rows[start]):
        _paragraph(rows[start], sheet, path, blocks)
        start += 1
    tail: list[_Row] = []
    while end > start and lone(rows[end - 1]) and (ruled or min(rows[end - 1].values) == lo):
        end -= 1
        tail.insert(0, rows[end])
    body = rows[start:end]
    if not ruled and sum(1 for r in body if len(r.values) > 1) < 2:
        tail = body + tail  # a couple of loose cells are not a table
        body = []
    if body:
        index = sum(1 for b in blocks if isinstance(b, Table))
        table_rows: list[list[Cell]] = []
        for i, row in enumerate(body):
            table_rows.append(
                [
                    Cell(
                        row.values.get(c, ""),
                        Source(
                            path,
                            sheet=sheet,
                            cell=_a1(row.number, c),
                            table=index,
                            row=i,
                            col=c - lo,
                        ),
                    )
                    for c in range(lo, hi + 1)
                ]
            )
        blocks.append(
            Table(table_rows, Source(path, sheet=sheet, cell=_a1(body[0].number, lo), table=index))
        )
    for row in tail:
        _paragraph(row, sheet, path, blocks)

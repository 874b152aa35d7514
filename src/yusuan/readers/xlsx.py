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
import io
import math
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from yusuan.blocks import Block, Cell, Document, Paragraph, Problem, Source, Table
from yusuan.errors import UnreadableDocument
from yusuan.readers import limits
from yusuan.readers._xml import parse_xml
from yusuan.readers.detect import PART_DAMAGE, ZIP_DAMAGE

_DEFAULT_SHEET = re.compile(r"^(?:Sheet|工作表|sheet|表)\s*\d*$")
_WS = " \u3000\xa0\t\r\n"


def number_text(value: float | int | Decimal, fmt: str | None = None) -> str:
    """The stored number as Decimal-friendly text, shaped by the cell's number format."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        d = Decimal(format(value, ".15g"))  # Excel keeps 15 significant digits
    else:
        d = Decimal(value)
        if not d.is_finite():
            return str(d)
    section = _first_section(fmt or "General")
    percent = "%" in section
    if percent:
        d = d.scaleb(2, _WIDE).normalize(_WIDE)
    decimals = _decimals(section)
    exponent = int(d.as_tuple().exponent)
    if decimals and exponent > -decimals:
        # Pad only, so the stored digits stay; an integral exponent prints in full with "f".
        d = d.quantize(Decimal(1).scaleb(-decimals), context=_WIDE)
    return format(d, "f") + ("%" if percent else "")


# Wide enough for any cell Excel can store (1E+308 to 30 decimals): padding never fails.
_WIDE = Context(prec=400, Emax=MAX_EMAX, Emin=MIN_EMIN)


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
    return f"{get_column_letter(col)}{row}"


def _has_border(cell: Any) -> bool:
    b = getattr(cell, "border", None)
    return b is not None and any(
        side is not None and side.style is not None for side in (b.left, b.right, b.top, b.bottom)
    )


# Without these a workbook cannot be opened at all; any other damaged part is left out.
_ESSENTIAL = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
_LOST = {
    "xl/sharedStrings.xml": "共享文字已损坏，文字单元格读作空白",
    "xl/styles.xml": "样式已损坏，表格按空行而不是框线划分",
}


def _load(source: Path | io.BytesIO) -> Any:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
        return openpyxl.load_workbook(source, data_only=True, keep_links=False)


# What refers into the style table: cells and rows (s="N"), columns (style="N").
_STYLE_REFS = (
    re.compile(rb"(<(?:c|row)\b[^>]*?)\ss=[\"']\d+[\"']"),
    re.compile(rb"(<col\b[^>]*?)\sstyle=[\"']\d+[\"']"),
)
_SHARED_CELL = re.compile(rb"<c\b([^>]*?)\st=\"s\"([^>]*?)(?:/>|>.*?</c>)", re.DOTALL)


def _salvaged(
    path: Path, p: str, replace: dict[str, bytes], check: bool
) -> tuple[io.BytesIO, list[str]]:
    """The workbook with the parts in ``replace`` rewritten and, with ``check``, without its
    damaged parts (unreadable data or malformed XML), and what was left out: a damaged sheet
    is a sheet not read, not a workbook refused. Cells that refer to a lost style or
    shared-string table are kept without the reference."""
    out = io.BytesIO()
    problems: list[str] = []
    kept: dict[zipfile.ZipInfo, bytes] = {}
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        for name in _ESSENTIAL:
            if name not in names:
                raise UnreadableDocument(
                    f"Excel 文件缺少必要部件（{name}），文件不完整：{p}",
                    f"corrupt XLSX: a required part is missing ({name}): {p}",
                )
        for info in zf.infolist():
            name = info.filename
            try:
                data = replace[name] if name in replace else zf.read(info)
                if check and name.endswith((".xml", ".rels")) and data:
                    parse_xml(data, name, p)  # well-formed?
            except PART_DAMAGE:
                if name in _ESSENTIAL:
                    raise UnreadableDocument(
                        f"Excel 文件的必要部件已损坏（{name}），无法读取：{p}",
                        f"corrupt XLSX: a required part is damaged ({name}): {p}",
                    ) from None
                what = (
                    f"工作表（{name}）已损坏，未读取"
                    if name.startswith("xl/worksheets/")
                    else _LOST.get(name, f"部件 {name} 已损坏，已忽略")
                )
                problems.append(f"{what} / damaged part {name} left out")
                continue
            kept[info] = data
    have = {info.filename for info in kept}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in kept.items():
            if _is_sheet(info.filename):
                if "xl/styles.xml" not in have:
                    for ref in _STYLE_REFS:
                        data = ref.sub(rb"\1", data)
                if "xl/sharedStrings.xml" not in have:
                    data = _SHARED_CELL.sub(rb"<c\1\2/>", data)
            z.writestr(info, data)
    out.seek(0)
    return out, problems


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


_MERGE = re.compile(
    rb"<mergeCell\b[^>]*?\sref=\"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})\"[^>]*/>"
)


def _bounded_merges(data: bytes, budget: limits.Budget) -> tuple[bytes, list[str]]:
    """The sheet without the merged ranges whose areas do not fit what is left of the cell
    bound, and their references: openpyxl makes a placeholder cell for every position a merge
    covers (A1:XFD1048576 is 17 billion). ``data`` itself when every merge fits."""
    if b"<mergeCell" not in data:
        return data, []
    dropped: list[str] = []

    def bound(m: re.Match[bytes]) -> bytes:
        c0, c1 = column_index_from_string(m[1].decode()), column_index_from_string(m[3].decode())
        area = (abs(int(m[4]) - int(m[2])) + 1) * (abs(c1 - c0) + 1)
        if area <= budget.left:
            budget.charge(area)
            return m[0]
        dropped.append(f"{m[1].decode()}{m[2].decode()}:{m[3].decode()}{m[4].decode()}")
        return b""

    new = _MERGE.sub(bound, data)
    return (new, dropped) if dropped else (data, [])


# A cell element: "<c" then white space (any XML allows: "<c\n r=…>"), "/" or ">".
_CELL = re.compile(rb"<c[\s/>]")


def _bounded_sheets(
    path: Path, p: str, broken: set[str] | frozenset[str]
) -> tuple[dict[str, bytes], list[str], bool]:
    """The sheets rewritten without merges too large to build, what was dropped, and whether
    a sheet is damaged. Too many cells are refused before openpyxl parses any: cells and the
    positions merges cover count against one bound, as openpyxl makes a cell for each."""
    built = limits.Budget(p)
    rewritten: dict[str, bytes] = {}
    problems: list[str] = []
    damaged = bool(broken)
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if not _is_sheet(info.filename) or info.filename in broken:
                continue
            try:
                data = zf.read(info)
            except ZIP_DAMAGE:
                damaged = True
                continue
            # openpyxl parses about 35,000 cells a second: counted before it parses any, the
            # bound keeps a workbook's reading to a few seconds.
            built.charge(sum(1 for _ in _CELL.finditer(data)))
            new, dropped = _bounded_merges(data, built)
            if dropped:
                rewritten[info.filename] = new
                refs = "、".join(dropped[:3]) + (
                    f" 等 {len(dropped)} 个" if len(dropped) > 3 else ""
                )
                problems.append(
                    f"合并单元格过大（{info.filename}：{refs}），按未合并读取 / "
                    f"{len(dropped)} merged ranges of {info.filename} too large: read unmerged"
                )
    return rewritten, problems, damaged


def read_xlsx(path: Path, sha256: str, broken: set[str] | frozenset[str] = frozenset()) -> Document:
    """``broken``: parts whose data cannot be read (``detect.check_xml_members``). A workbook with
    damaged parts is read without them (:func:`_salvaged`); they are listed as problems."""
    p = str(path)
    rewritten, unmerged, damaged = _bounded_sheets(path, p, broken)
    source: Path | io.BytesIO = path
    problems: list[str] = []
    if rewritten or damaged:
        source, problems = _salvaged(path, p, rewritten, check=damaged)
    try:
        wb = _load(source)
    except Exception:  # openpyxl raises anything on damaged parts: try without them
        source, problems = _salvaged(path, p, rewritten, check=True)
        try:
            wb = _load(source)
        except Exception as e:
            raise UnreadableDocument(
                f"Excel 文件已损坏，无法解析（{type(e).__name__}）：{p}",
                f"corrupt XLSX ({type(e).__name__}: {e}): {p}",
            ) from None
    blocks: list[Block] = []
    parsed, budget = limits.Budget(p), limits.Budget(p)  # cells openpyxl made; cells we make
    try:
        for ws in wb.worksheets:  # chartsheets have no cells
            if not _DEFAULT_SHEET.match(ws.title.strip()):
                # A workbook with one sheet per part names the parts by their sheets ("封面",
                # "部门主要职能", "部门收支总表"): the name reads as the sheet's heading.
                blocks.append(
                    Paragraph(ws.title.strip(), Source(p, sheet=ws.title), heading_level=1)
                )
            merged = ws.merged_cells.ranges
            _sheet(ws.title, _counted(_cells(ws), parsed), merged, p, blocks, budget)
    finally:
        wb.close()
    return Document(
        path=p,
        format="xlsx",
        sha256=sha256,
        blocks=blocks,
        problems=[Problem(Source(p), m) for m in unmerged + problems],
    )


def _cells(ws: Any) -> Iterator[tuple[int, int, Any]]:
    for (r, c), cell in ws._cells.items():
        yield r, c, cell


def _counted(
    cells: Iterable[tuple[int, int, Any]], budget: limits.Budget
) -> Iterator[tuple[int, int, Any]]:
    for item in cells:
        budget.charge(1)
        yield item


def _sheet(
    title: str,
    cells: Iterable[tuple[int, int, Any]],
    merged: Iterable[Any],
    path: str,
    blocks: list[Block],
    budget: limits.Budget,
) -> None:
    anchors, covered = _merges(merged)
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
            _ruled(rows, row, c, anchors.get((r, c)))
        if (r, c) in anchors:
            row.merged_span = max(row.merged_span, anchors[(r, c)][1] - c + 1)
    ordered = [rows[r] for r in sorted(rows)]
    ruled = any(row.bordered for row in ordered)
    for is_table, group in _regions(ordered, ruled):
        if not is_table:
            for row in group:
                _paragraph(row, title, path, blocks)
            continue
        _region(group, title, path, blocks, ruled, budget)


_Anchors = dict[tuple[int, int], tuple[int, int]]  # (row, col) → (last row, last col)


def _merges(merged: Iterable[Any]) -> tuple[_Anchors, set[tuple[int, int]]]:
    """The merged ranges: their top-left cells, and the cells they cover."""
    anchors: _Anchors = {}
    covered: set[tuple[int, int]] = set()
    for rng in merged:
        anchors[(rng.min_row, rng.min_col)] = (rng.max_row, rng.max_col)
        for r in range(rng.min_row, min(rng.max_row, rng.min_row + 10_000) + 1):
            for c in range(rng.min_col, min(rng.max_col, rng.min_col + 1_000) + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    return anchors, covered


def _ruled(rows: dict[int, _Row], row: _Row, c: int, merge: tuple[int, int] | None) -> None:
    """A bordered cell: its column is ruled in its row, and in every row a merge spans."""
    row.bordered.add(c)
    if merge is not None:
        last_row, last_col = merge
        for rr in range(row.number, min(last_row, row.number + 10_000) + 1):
            rows.setdefault(rr, _Row(rr, {}, set(), False, 1)).bordered.update(
                range(c, last_col + 1)
            )


def _regions(ordered: list[_Row], ruled: bool) -> list[tuple[bool, list[_Row]]]:
    """Runs of rows: (is a table region, rows). A sheet with borders has its tables where the
    borders are; one without has them wherever rows hold values."""
    groups: list[tuple[bool, list[_Row]]] = []
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
    return groups


def _paragraph(row: _Row, sheet: str, path: str, blocks: list[Block]) -> None:
    if not row.values:
        return
    first = min(row.values)
    text = " ".join(row.values[c] for c in sorted(row.values))
    for line in text.split("\n"):
        blocks.append(
            Paragraph(line, Source(path, sheet=sheet, cell=_a1(row.number, first)), bold=row.bold)
        )


def _region(
    rows: list[_Row],
    sheet: str,
    path: str,
    blocks: list[Block],
    ruled: bool,
    budget: limits.Budget,
) -> None:
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
            budget.charge(width)  # two cells far apart make a row as wide as the sheet
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

"""A finding's location in words (第19页 表3 第5行 第2列), and the box a PDF cell occupies.

Source strings are written by :class:`yusuan.blocks.Source`: ``file[:pN][:sheet][:cell][:line]
[ [rRcC]]``. A PDF table cell's ``cell`` is its box on the displayed page in points, origin top
left (``x0,y0,x1,y1``); people never see those numbers, only the page, table, row and column.
Which table of the document a cell is in (表3) is known only from the block model: callers that
have it pass a :data:`Position`; the rest name the table by its title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from yusuan.model.source import Source

# (table, row, column), 0-based, from the block model; None where unknown.
Position = tuple[int | None, int | None, int | None]


@dataclass(frozen=True, slots=True)
class Place:
    """What a source string says, parsed."""

    file: str
    page: int | None = None
    box: tuple[float, float, float, float] | None = None  # PDF: x0, y0, x1, y1, points, top left
    sheet: str | None = None
    cell: str | None = None  # A1 reference
    line: int | None = None  # text line, DOCX paragraph, or line on a PDF page
    row: int | None = None  # 0-based
    col: int | None = None  # 0-based


def parse(source: str | None) -> Place | None:
    """What a source string says (read by the model's :class:`~yusuan.model.source.Source`),
    with rows and columns 0-based and a PDF cell's box in points."""
    if not source:
        return None
    p = Source(source).parts
    box = (
        (float(p.bbox[0]), float(p.bbox[1]), float(p.bbox[2]), float(p.bbox[3])) if p.bbox else None
    )
    row = p.row - 1 if p.row is not None else None
    col = p.col - 1 if p.col is not None else None
    return Place(p.file, p.page, box, p.sheet, p.cell, p.line, row, col)


def _field(loc: Any, name: str) -> Any:
    return loc.get(name) if isinstance(loc, Mapping) else getattr(loc, name, None)


def in_words(loc: Any, position: Position | None = None) -> str:
    """A :class:`~yusuan.check.findings.Location` (or its JSON) in words, never coordinates:
    "第19页 表3《一般公共预算支出表》 第5行（2010507 专项普查活动） 第2列（合计）"."""
    place = parse(_field(loc, "source"))
    table_no, row_no, col_no = position or (None, None, None)
    if place is not None:
        row_no = place.row if row_no is None else row_no
        col_no = place.col if col_no is None else col_no
    page = _field(loc, "page") or (place.page if place else None)
    parts = _where_in_file(loc, place, page, with_line=not (row_no is not None and page))
    # Numbers where nothing else finds the cell (a PDF page, a Word table); a text line or an
    # A1 reference already does, and the names say the rest.
    if parts and not page:
        table_no = row_no = col_no = None
    title, row, column = _field(loc, "table"), _field(loc, "row"), _field(loc, "column")
    parts.append(
        _numbered("表", table_no, f"《{title}》" if title else "", title and f"《{title}》")
    )
    parts.append(_numbered("第", row_no, f"行（{row}）" if row else "行", row and f"“{row}”行"))
    parts.append(
        _numbered("第", col_no, f"列（{column}）" if column else "列", column and f"“{column}”列")
    )
    text = _field(loc, "text")
    if text and not title:
        parts.append(f"“{text}”")
    return " ".join(p for p in parts if p)


def _where_in_file(loc: Any, place: Place | None, page: int | None, with_line: bool) -> list[str]:
    """Page, sheet, A1 cell and line, as far as the location gives them."""
    parts: list[str] = []
    if page:
        parts.append(f"第{page}页")
    if place and place.sheet:
        parts.append(f"工作表“{place.sheet}”")
    cell = _field(loc, "cell") or (place.cell if place else None)
    if cell and re.fullmatch(r"[A-Z]{1,3}\d+", str(cell)):
        parts.append(f"{cell}单元格")
    line = _field(loc, "line") or (place.line if place else None)
    if line and with_line:
        is_docx = place is not None and place.file.lower().endswith(".docx")
        parts.append(f"第{line}{'段' if is_docx else '行'}")
    return parts


def _numbered(prefix: str, index: int | None, suffix: str, unnumbered: str | None) -> str:
    """ "表3《…》" / "第5行（…）" for a 0-based ``index``; without one, the name alone."""
    return f"{prefix}{index + 1}{suffix}" if index is not None else unnumbered or ""


def locations_in_words(
    locations: list[Any], positions: Mapping[str, Position] | None = None, limit: int | None = None
) -> list[str]:
    """Each location in words (empty ones left out), the first ``limit``."""
    out = []
    for loc in locations[:limit] if limit else locations:
        pos = positions.get(_field(loc, "source") or "") if positions else None
        if words := in_words(loc, pos):
            out.append(words)
    return out


def positions(doc: Any, wanted: Iterable[str] | None = None) -> dict[str, Position]:
    """Source string → (table, row, column) for the table cells of a block model
    (:class:`yusuan.blocks.Document`), so locations can say 表3 第5行 第2列. With ``wanted``
    (the sources to be described), tables that cannot hold one are skipped: those on other
    PDF pages, and those of text formats, whose line numbers say where they are."""
    from yusuan.blocks.model import Table

    pages: set[int] | None = None
    if wanted is not None:
        pages = set()
        for source in wanted:
            place = parse(source)
            if place is not None and place.page is not None:
                pages.add(place.page)
    out: dict[str, Position] = {}
    n = 0
    for block in doc.blocks:
        if not isinstance(block, Table):
            continue
        t = block.source.table if block.source.table is not None else n
        n += 1
        if pages is not None:
            if block.source.line is not None:
                continue
            if block.source.page is not None and not _pages_of(block) & pages:
                continue
        out.setdefault(str(block.source), (t, None, None))
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row):
                out.setdefault(str(cell.source), (t, r, c))
    return out


def _pages_of(table: Any) -> set[int]:
    """The pages a PDF table spans (it may continue over several)."""
    first, last = table.source.page, table.source.page
    if table.rows and table.rows[-1]:
        last = table.rows[-1][0].source.page or last
    return set(range(first, last + 1))

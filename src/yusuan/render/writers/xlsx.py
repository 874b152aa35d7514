"""XLSX: the disclosure as a workbook, the way budget platforms export it.

One sheet for the cover, one per standard table, one for the 说明 with its tables. Tables are
ruled cells (merged where the header spans), amounts stored as numbers with the printed number
of decimals; titles, unit lines and text are unruled rows merged across the sheet.
"""

from __future__ import annotations

import io
import re
from functools import cache

from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.extract.numbers import parse_number
from yusuan.render.layout import Grid, Heading, Layout, PageBreak, Para, Toc

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BAD = re.compile(r"[\[\]:*?/\\]")
_SERIF = "宋体"
_SANS = "黑体"
_SPAN = 8  # columns a paragraph is merged across


@cache
def _style(
    kind: str, align: str, bold: bool, size: float, boxed: bool, color: str | None
) -> NamedStyle:
    """Named styles: assigning one by name is far cheaper than building fonts per cell."""
    name = f"ys-{kind}-{align}-{int(bold)}-{size}-{int(boxed)}-{color or ''}"
    st = NamedStyle(name=name)
    st.font = Font(
        name=_SANS if bold or kind == "head" else _SERIF, size=size, bold=bold, color=color
    )
    st.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if boxed:
        st.border = _BOX
    return st


def _use(wb: Workbook, cell: object, st: NamedStyle) -> None:
    if st.name not in wb.named_styles:
        wb.add_named_style(st)
    cell.style = st.name  # type: ignore[attr-defined]


def _merge(ws: Worksheet, r0: int, c0: int, r1: int, c1: int, style: str | None = None) -> None:
    """Merge without openpyxl's per-merge border formatting (slow on thousands of merges)."""
    rng = MergedCellRange(ws, CellRange(min_row=r0, min_col=c0, max_row=r1, max_col=c1).coord)
    ws.merged_cells.add(rng)
    for r in range(r0, r1 + 1):
        for c in range(c0, c1 + 1):
            if (r, c) != (r0, c0):
                m = MergedCell(ws, row=r, column=c)
                ws._cells[(r, c)] = m
                if style:
                    m.style = style


class _Sheet:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        book = ws.parent
        assert book is not None  # a sheet of a workbook
        self.book = book
        self.row = 1
        self.widths: dict[int, float] = {}

    def para(self, text: str, style: str) -> None:
        ws = self.ws
        size = {"title": 20, "stamp": 12}.get(style, 10.5 if style != "meta" else 9.5)
        bold = style in ("title", "label", "caption", "stamp", "heading")
        center = style in ("title", "subtitle", "caption", "heading-center")
        align = "center" if center else "right" if style == "meta-right" else "left"
        st = _style("para", align, bold, size, False, "C00000" if style == "stamp" else None)
        for line in text.split("\n"):
            cell = ws.cell(self.row, 1, line)
            if line.startswith("="):
                cell.data_type = "s"
            _use(self.book, cell, st)
            _merge(ws, self.row, 1, self.row, _SPAN)
            chars = sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)
            lines = max(1, -(-chars // 110))
            ws.row_dimensions[self.row].height = max(16, lines * size * 1.45)
            self.row += 1

    def gap(self) -> None:
        self.row += 1

    def grid(self, g: Grid) -> None:
        ws = self.ws
        r0 = self.row
        weights = g.widths if g.widths and len(g.widths) == g.width else [1.0] * g.width
        for j, w in enumerate(weights, 1):
            self.widths[j] = max(self.widths.get(j, 0), 9 * w)
        for r, row in enumerate(g.rows):
            head = r < g.header_rows
            for c, cell in enumerate(row, 1):
                if cell is None:
                    continue  # covered by a merge: written with it
                target = ws.cell(r0 + r, c)
                value: str | int | float = cell.text
                fmt = None
                if cell.align == "right" and not head:
                    v = parse_number(cell.text)
                    if v is not None and "%" not in cell.text:
                        decimals = len(cell.text.rsplit(".", 1)[1]) if "." in cell.text else 0
                        value = float(v) if decimals else int(v)
                        thousands = "#,##" if "," in cell.text else ""
                        fmt = thousands + "0" + ("." + "0" * decimals if decimals else "")
                target.value = value if value != "" else None
                if isinstance(value, str) and value.startswith("="):
                    target.data_type = "s"  # "=100%" is an indicator value, not a formula
                st = _style(
                    "head" if head else "cell",
                    "center" if head else cell.align,
                    head or cell.bold,
                    9,
                    True,
                    None,
                )
                _use(self.book, target, st)
                if fmt:
                    target.number_format = fmt
                if cell.colspan > 1 or cell.rowspan > 1:
                    _merge(
                        ws,
                        r0 + r,
                        c,
                        r0 + r + cell.rowspan - 1,
                        c + cell.colspan - 1,
                        st.name,
                    )
            longest = max(
                (len(x.text) / max(x.colspan, 1) for x in row if x is not None), default=0
            )
            if longest > 14:
                ws.row_dimensions[r0 + r].height = min(400, 13 * (1 + longest // 14))
        if g.header_rows and g.repeat_header:
            ws.print_title_rows = f"{r0}:{r0 + g.header_rows - 1}"
        self.row = r0 + len(g.rows)

    def finish(self) -> None:
        for j in range(1, _SPAN + 1):
            self.widths.setdefault(j, 12)
        for j, w in self.widths.items():
            self.ws.column_dimensions[get_column_letter(j)].width = min(60, max(8, w * 1.6))
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        setup = self.ws.sheet_properties.pageSetUpPr
        assert setup is not None  # every new sheet has one
        setup.fitToPage = True


def _name(title: str, taken: set[str]) -> str:
    base = _BAD.sub("", title).strip() or "Sheet"
    base = base[:28]
    name, k = base, 2
    while name in taken:
        name = f"{base[:26]}{k}"
        k += 1
    taken.add(name)
    return name


def write_xlsx(layout: Layout) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet
    taken: set[str] = set()
    ws.title = _name("封面", taken)
    sheet = _Sheet(ws)
    sheets = [sheet]
    for b in layout.blocks:
        if isinstance(b, PageBreak):
            sheet = _Sheet(wb.create_sheet(_name(b.sheet or f"第{len(sheets) + 1}页", taken)))
            sheets.append(sheet)
        elif isinstance(b, Toc):
            continue
        elif isinstance(b, Heading):
            sheet.para(b.text, "heading-center" if b.role == "table" or b.level == 1 else "heading")
        elif isinstance(b, Para):
            sheet.para(b.text, b.style)
        elif isinstance(b, Grid):
            sheet.grid(b)
            sheet.gap()
    for s in sheets:
        s.finish()
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

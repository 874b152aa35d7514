"""DOCX with python-docx on the style template ``templates/docx/reference.docx``.

Tables are written as WordprocessingML directly (python-docx's cell API is slow on the
thousands of cells a disclosure has): merged cells as ``gridSpan`` / ``vMerge``, header rows
marked to repeat on every page, wide tables in a landscape section.
"""

from __future__ import annotations

import io
from importlib import resources
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from yusuan.render.layout import Grid, Heading, Layout, PageBreak, Para, Toc
from yusuan.render.writers.html import WIDE

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_ALIGN = {"left": "left", "right": "right", "center": "center"}
_PARA_STYLE = {
    "title": "Cover Title",
    "subtitle": "Meta",
    "meta": "Meta",
    "meta-right": "Meta",
    "note": "Meta",
    "caption": "Table Title",
    "continued": "Meta",
}


def _template() -> bytes:
    path = resources.files("yusuan.render") / "templates" / "docx" / "reference.docx"
    return path.read_bytes()


def _runs(text: str, bold: bool, size: int) -> str:
    parts = []
    rpr = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr>'
    for k, line in enumerate(text.split("\n")):
        if k:
            parts.append("<w:r><w:br/></w:r>")
        parts.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>')
    return "".join(parts)


def _table_xml(g: Grid, width_twips: int) -> str:
    n = g.width
    weights = g.widths if g.widths and len(g.widths) == n else [1.0] * n
    total = sum(weights)
    cols = [max(200, int(width_twips * w / total)) for w in weights]
    size = 15 if n > WIDE else 18  # half-points
    out = [
        f'<w:tbl {_W}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(cols)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr><w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)
        + "</w:tblGrid>"
    ]
    # vertical merges: positions covered from above continue the merge
    below: dict[tuple[int, int], int] = {}  # (row, col) → colspan of the cell above
    for r, row in enumerate(g.rows):
        for c, cell in enumerate(row):
            if cell is not None and cell.rowspan > 1:
                for k in range(1, cell.rowspan):
                    below[(r + k, c)] = cell.colspan
    header = g.repeat_header and g.header_rows
    for r, row in enumerate(g.rows):
        trpr = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header and r < g.header_rows else "")
        out.append(f"<w:tr>{trpr}</w:trPr>")
        c = 0
        while c < n:
            cell = row[c] if c < len(row) else None
            if (r, c) in below:
                span = below[(r, c)]
                w = sum(cols[c : c + span])
                grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{grid_span}<w:vMerge/>'
                    '</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p></w:tc>'
                )
                c += span
                continue
            if cell is None:  # covered by a span to the left that was already written
                c += 1
                continue
            span = cell.colspan
            w = sum(cols[c : c + span])
            props = f'<w:tcW w:w="{w}" w:type="dxa"/>'
            if span > 1:
                props += f'<w:gridSpan w:val="{span}"/>'
            if cell.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>'
            props += '<w:vAlign w:val="center"/>'
            is_head = r < g.header_rows
            align = "center" if is_head else _ALIGN.get(cell.align, "left")
            bold = cell.bold or is_head
            out.append(
                f'<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>'
                f'<w:jc w:val="{align}"/><w:rPr><w:sz w:val="{size}"/></w:rPr></w:pPr>'
                + _runs(cell.text, bold, size)
                + "</w:p></w:tc>"
            )
            c += span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def write_docx(layout: Layout) -> bytes:
    doc = Document(io.BytesIO(_template()))
    body = doc.element.body

    def content_width() -> int:
        s = doc.sections[-1]
        width, left, right = s.page_width, s.left_margin, s.right_margin
        assert width is not None and left is not None and right is not None  # set by the template
        return int((width - left - right) / 635)  # EMU → twips

    def landscape(on: bool) -> None:
        s = doc.add_section(WD_SECTION.NEW_PAGE)
        if on:
            s.orientation = WD_ORIENT.LANDSCAPE
            s.page_width, s.page_height = Mm(297), Mm(210)
            s.top_margin = s.bottom_margin = Mm(18)
            s.left_margin = s.right_margin = Mm(15)
        else:
            s.orientation = WD_ORIENT.PORTRAIT
            s.page_width, s.page_height = Mm(210), Mm(297)
            s.top_margin, s.bottom_margin = Mm(25), Mm(22)
            s.left_margin = s.right_margin = Mm(20)

    wide_now = False
    blocks = layout.blocks
    for i, b in enumerate(blocks):
        if isinstance(b, PageBreak):
            wide_next = False
            for nxt in blocks[i + 1 :]:
                if isinstance(nxt, PageBreak):
                    break
                if isinstance(nxt, Grid):
                    wide_next = nxt.width > WIDE
                    break
            if wide_next != wide_now:
                landscape(wide_next)
                wide_now = wide_next
            else:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(b, Toc):
            continue
        elif isinstance(b, Heading):
            h = doc.add_heading(level=min(b.level, 4))
            h.add_run(b.text)
            if b.role == "table":
                h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(b, Para):
            style = _PARA_STYLE.get(b.style)
            p = doc.add_paragraph(style=style)
            lines = b.text.split("\n")
            for k, line in enumerate(lines):
                run = p.add_run(line)
                if k < len(lines) - 1:
                    run.add_break()
                if b.style in ("label",):
                    run.bold = True
                if b.style == "stamp":
                    run.bold = True
                    run.font.color.rgb = RGBColor(0xC0, 0, 0)
                    run.font.size = Pt(12)
            if b.style in ("title", "subtitle", "caption"):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif b.style == "meta-right":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if b.style == "title":
                p.paragraph_format.space_before = Pt(6)
        elif isinstance(b, Grid):
            # before the body's section properties, which must stay its last child
            body.find(qn("w:sectPr")).addprevious(parse_xml(_table_xml(b, content_width())))
            doc.add_paragraph(style="Meta")  # Word needs a paragraph between tables
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

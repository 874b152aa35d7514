"""Build DOCX, XLSX, HTML and PDF versions of a document from its block model.

The files look like the originals disclosures are published as: header cells merged over the
columns they head (so readers must resolve merges back), ragged rows closed by a cell spanning
the rest of the row, numbers stored as numbers in Excel, page chrome around the HTML article,
page numbers in the PDF footer. Reading a built file back must give the same canonical facts
as the text it was built from.
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from yusuan.blocks import Document, Paragraph, Table

FONT = "WenQuanYi Micro Hei"
_NUMERIC = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|0|[1-9]\d*)(?:\.\d+)?$")


@dataclass(slots=True)
class Span:
    row: int
    col: int
    rows: int
    cols: int


def grid(table: Table) -> tuple[list[list[str]], int]:
    texts = [[c.text for c in row] for row in table.rows]
    return texts, max((len(r) for r in texts), default=0)


def _header_rows(texts: list[list[str]]) -> int:
    for i, row in enumerate(texts):
        if any(_NUMERIC.match(t.strip()) for t in row):
            return min(i, 4)
    return 0


def plan_spans(texts: list[list[str]], width: int, header_merges: bool = True) -> list[Span]:
    """Merges that read back to exactly ``texts``: a header label spans the empty cells right of
    it (or below it); a short row's last cell spans the rest of the row."""
    spans: list[Span] = []
    taken: set[tuple[int, int]] = set()
    head = _header_rows(texts) if header_merges else 0
    for r in range(head):
        row = texts[r] + [""] * (width - len(texts[r]))
        c = 0
        while c < width:
            if row[c] and len(texts[r]) == width:
                n = 1
                while c + n < width and not row[c + n]:
                    n += 1
                if n > 1:
                    spans.append(Span(r, c, 1, n))
                    taken.update((r, k) for k in range(c, c + n))
                c += n
            else:
                c += 1
    for r in range(head):
        for c in range(min(len(texts[r]), width)):
            if not texts[r][c] or (r, c) in taken:
                continue
            n = 1
            while (
                r + n < head
                and c < len(texts[r + n])
                and not texts[r + n][c]
                and (r + n, c) not in taken
            ):
                n += 1
            if n > 1:
                spans.append(Span(r, c, n, 1))
                taken.update((r + k, c) for k in range(n))
    for r, row in enumerate(texts):
        if 0 < len(row) < width and (r, len(row) - 1) not in taken:
            spans.append(Span(r, len(row) - 1, 1, width - len(row) + 1))
    return spans


# --- DOCX ------------------------------------------------------------------------------------


def _w_run(text: str, bold: bool = False, size: float | None = None) -> str:
    rpr = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}"/>'
    rpr += "<w:b/>" if bold else ""
    rpr += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>' if size else ""
    rpr += "</w:rPr>"
    parts = text.split("\n")
    runs = []
    for i, part in enumerate(parts):
        br = "<w:br/>" if i else ""
        runs.append(f'<w:r>{rpr}{br}<w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return "".join(runs)


def _w_para(text: str, level: int | None = None, bold: bool = False) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr>' if level else ""
    return f"<w:p>{ppr}{_w_run(text, bold)}</w:p>"


def _cell_size(width: int) -> float:
    """Type size for a table this wide: published tables shrink the type, not wrap numbers."""
    return 10.5 if width <= 6 else 9 if width <= 9 else 7.5 if width <= 12 else 6


def _w_table(table: Table) -> str:
    texts, width = grid(table)
    size = _cell_size(width)
    spans = plan_spans(texts, width)
    anchor = {(s.row, s.col): s for s in spans}
    covered: dict[tuple[int, int], Span] = {}
    for s in spans:
        for r in range(s.row, s.row + s.rows):
            for c in range(s.col, s.col + s.cols):
                if (r, c) != (s.row, s.col):
                    covered[(r, c)] = s
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>{border}</w:tblBorders></w:tblPr>'
    ]
    out.append("<w:tblGrid>" + '<w:gridCol w:w="1000"/>' * width + "</w:tblGrid>")
    for r in range(len(texts)):
        row = texts[r] + [""] * (width - len(texts[r]))
        out.append("<w:tr>")
        c = 0
        while c < width:
            s = anchor.get((r, c)) or covered.get((r, c))
            if s is not None and s.row != r and (r, c) in covered:
                # A vertical continuation: an empty cell that carries the merge on.
                out.append(
                    f'<w:tc><w:tcPr><w:gridSpan w:val="{s.cols}"/><w:vMerge/></w:tcPr><w:p/></w:tc>'
                )
                c += s.cols
                continue
            tcpr = ""
            n = 1
            if s is not None and (r, c) == (s.row, s.col):
                n = s.cols
                tcpr = f'<w:gridSpan w:val="{n}"/>' if n > 1 else ""
                tcpr += '<w:vMerge w:val="restart"/>' if s.rows > 1 else ""
            paras = "".join(f"<w:p>{_w_run(t, size=size)}</w:p>" for t in row[c].split("\n"))
            out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{paras}</w:tc>")
            c += n
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def to_docx(doc: Document, out: Path) -> Path:
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    if max((len(r) for t in doc.tables() for r in t.rows), default=0) > 9:
        from docx.enum.section import WD_ORIENT

        section = d.sections[0]  # wide tables: the whole document in landscape
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    body = d.element.body
    sect = body[-1]
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            xml = _w_para(block.text, block.heading_level, block.bold)
        else:
            xml = _w_table(block)
        el = parse_xml(
            xml.replace("<w:p>", f"<w:p {ns}>", 1).replace("<w:tbl>", f"<w:tbl {ns}>", 1)
        )
        sect.addprevious(el)
    d.save(str(out))
    return out


# --- XLSX ------------------------------------------------------------------------------------


def _number(text: str) -> tuple[float | int, str] | None:
    t = text.strip()
    if not _NUMERIC.match(t):
        return None
    plain = t.replace(",", "")
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    fmt = ("#,##0" if "," in t else "0") + ("." + "0" * decimals if decimals else "")
    value: float | int = float(Decimal(plain)) if decimals else int(plain)
    return value, fmt


def to_xlsx(doc: Document, out: Path, tables_per_sheet: int = 6) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Border, Font, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    row = 1
    tables_here = 0
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        # A new sheet before a table's title once this one holds enough tables.
        if (
            isinstance(block, Paragraph)
            and tables_here >= tables_per_sheet
            and i + 1 < len(blocks)
            and isinstance(blocks[i + 1], Table)
        ):
            ws = wb.create_sheet(f"Sheet{len(wb.worksheets) + 1}")
            row, tables_here = 1, 0
        if isinstance(block, Paragraph):
            cell = ws.cell(row=row, column=1, value=block.text)
            cell.data_type = "s"
            if block.bold or block.heading_level:
                cell.font = Font(bold=True)
            row += 1
            continue
        texts, width = grid(block)
        # Header merges only: a ragged row's closing span would make a one-value row look like
        # a merged title, which a sheet reader rightly reads as prose.
        spans = [s for s in plan_spans(texts, width) if len(texts[s.row]) == width]
        for r, cells in enumerate(texts):
            for c in range(width):
                text = cells[c] if c < len(cells) else ""
                cell = ws.cell(row=row + r, column=c + 1)
                num = _number(text) if text else None
                if num is not None:
                    cell.value, cell.number_format = num
                elif text:
                    cell.value = text
                    cell.data_type = "s"  # "=365天" is an indicator value, not a formula
                cell.border = box
        for s in spans:
            ws.merge_cells(
                start_row=row + s.row,
                start_column=s.col + 1,
                end_row=row + s.row + s.rows - 1,
                end_column=s.col + s.cols,
            )
        row += len(texts) + 1  # a blank row after every table
        tables_here += 1
    wb.save(str(out))
    return out


# --- HTML ------------------------------------------------------------------------------------

_CSS = f"""
@page {{ size: A4; margin: 20mm 18mm 22mm 18mm;
  @bottom-center {{ content: "- " counter(page) " -"; font-family: "{FONT}"; font-size: 9pt; }} }}
body {{ font-family: "{FONT}", sans-serif; font-size: 10.5pt; line-height: 1.5; }}
p, h1, h2, h3, h4, h5, h6 {{ margin: 0.5em 0; }}
h1 {{ font-size: 16pt; }} h2 {{ font-size: 14pt; }} h3, h4, h5, h6 {{ font-size: 12pt; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.6em 0; font-size: 9pt; }}
td, th {{ border: 0.6pt solid #000; padding: 2pt 3pt; vertical-align: middle; }}
"""


def _h_table(table: Table) -> str:
    texts, width = grid(table)
    spans = plan_spans(texts, width)
    anchor = {(s.row, s.col): s for s in spans}
    covered = {
        (r, c)
        for s in spans
        for r in range(s.row, s.row + s.rows)
        for c in range(s.col, s.col + s.cols)
        if (r, c) != (s.row, s.col)
    }
    out = [f'<table style="font-size: {_cell_size(width) * 0.85:.1f}pt">']
    for r, cells in enumerate(texts):
        out.append("<tr>")
        for c in range(width):
            if (r, c) in covered:
                continue
            s = anchor.get((r, c))
            attrs = ""
            if s is not None:
                attrs += f' colspan="{s.cols}"' if s.cols > 1 else ""
                attrs += f' rowspan="{s.rows}"' if s.rows > 1 else ""
            text = cells[c] if c < len(cells) else ""
            body = "<br>".join(html_lib.escape(t) for t in text.split("\n"))
            out.append(f"<td{attrs}>{body}</td>")
        out.append("</tr>\n")
    out.append("</table>")
    return "".join(out)


def to_html(doc: Document, out: Path | None = None, chrome: bool = True) -> str:
    parts = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            text = html_lib.escape(block.text)
            if block.bold:
                text = f"<strong>{text}</strong>"
            tag = f"h{block.heading_level}" if block.heading_level else "p"
            parts.append(f"<{tag}>{text}</{tag}>")
        else:
            parts.append(_h_table(block))
    nav = (
        '<header><div class="logo">某某市人民政府门户网站</div><nav><a href="/">首页</a> '
        '<a href="/zwgk">政务公开</a> <a href="/yjsgk">预决算公开</a></nav></header>'
        '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>'
        if chrome
        else ""
    )
    foot = (
        "<footer><p>主办单位：某某市人民政府办公室 版权所有</p><p>网站标识码 1234567890</p></footer>"
        if chrome
        else ""
    )
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>预算公开</title><style>{_CSS}</style></head>\n<body>{nav}\n"
        '<div class="main"><div id="zoom" class="TRS_Editor">\n'
        + "\n".join(parts)
        + f"\n</div></div>\n{foot}</body></html>\n"
    )
    if out is not None:
        out.write_text(page, encoding="utf-8")
    return page


# --- PDF -------------------------------------------------------------------------------------


def weasyprint_available() -> str | None:
    """None when WeasyPrint and a CJK font can render, else why not."""
    try:
        import weasyprint  # noqa: F401
    except Exception as e:
        return f"WeasyPrint unusable: {e}"
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
        if not fonts.strip():
            return "no CJK font installed (run .ci/install-format-deps)"
    return None


def to_pdf(doc: Document, out: Path) -> Path:
    """PDF through WeasyPrint from the HTML version (no chrome: a printed document)."""
    import weasyprint

    page = to_html(doc, chrome=False)
    if max((len(r) for t in doc.tables() for r in t.rows), default=0) > 9:
        page = page.replace("size: A4;", "size: A4 landscape;")
    weasyprint.HTML(string=page).write_pdf(str(out))
    return out


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(sources: list[Path], fmt: str, outdir: Path, timeout: float = 300) -> list[Path]:
    """LibreOffice batch conversion (one process for all files: start-up dominates)."""
    exe = soffice()
    assert exe is not None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    ext = fmt.split(":", 1)[0]
    return [outdir / (s.stem + "." + ext) for s in sources]

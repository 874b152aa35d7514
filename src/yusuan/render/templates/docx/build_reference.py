"""Regenerate ``reference.docx``, the style template of DOCX output.

    python src/yusuan/render/templates/docx/build_reference.py

Styles: 正文 (宋体-like, 11 pt, first-line indent), 标题 1–4 (黑体-like), "Table Text" (9 pt,
no indent) and the "Table Grid" table style; A4 portrait with government-document margins.
Open the file in Word to restyle the output; keep the style names.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

SERIF = "Noto Serif CJK SC"  # 宋体 on Windows; Word substitutes when missing
SANS = "Noto Sans CJK SC"  # 黑体


def _font(style, name: str, size: float, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def build(out: Path) -> None:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(25), Mm(22)
    sec.left_margin = sec.right_margin = Mm(20)
    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, SERIF, 11)
    normal.paragraph_format.first_line_indent = Pt(22)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(2)
    for level, size in ((1, 17), (2, 14), (3, 12.5), (4, 11.5)):
        h = styles[f"Heading {level}"]
        _font(h, SANS, size, bold=True)
        h.font.color.rgb = None
        h.paragraph_format.first_line_indent = Pt(0)
        h.paragraph_format.space_before = Pt(10)
        h.paragraph_format.space_after = Pt(5)
        if level == 1:
            h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    _font(table_text, SERIF, 9)
    table_text.paragraph_format.first_line_indent = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    table_text.paragraph_format.space_after = Pt(0)
    meta = styles.add_style("Meta", WD_STYLE_TYPE.PARAGRAPH)
    meta.base_style = normal
    _font(meta, SERIF, 9.5)
    meta.paragraph_format.first_line_indent = Pt(0)
    meta.paragraph_format.space_after = Pt(0)
    cover = styles.add_style("Cover Title", WD_STYLE_TYPE.PARAGRAPH)
    cover.base_style = normal
    _font(cover, SANS, 24, bold=True)
    cover.paragraph_format.first_line_indent = Pt(0)
    cover.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = styles.add_style("Table Title", WD_STYLE_TYPE.PARAGRAPH)
    caption.base_style = normal
    _font(caption, SANS, 12, bold=True)
    caption.paragraph_format.first_line_indent = Pt(0)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # page numbers "— 3 —" centred in the footer, as in printed disclosures
    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Pt(0)
    footer.add_run("— ")
    field = footer.add_run()
    for tag, attrs in (("w:fldChar", {"w:fldCharType": "begin"}), ("w:instrText", {}),
                       ("w:fldChar", {"w:fldCharType": "end"})):  # fmt: skip
        el = field._r.makeelement(qn(tag), {qn(k): v for k, v in attrs.items()})
        if tag == "w:instrText":
            el.text = "PAGE"
        field._r.append(el)
    footer.add_run(" —")
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    doc.save(str(out))


if __name__ == "__main__":
    build(Path(__file__).with_name("reference.docx"))

"""DOCX details on hand-made files: numbering, headings, merges, nested tables, text boxes."""

from __future__ import annotations

from pathlib import Path

from tests.formats.handmade import docx_package, p, tc
from yusuan.blocks import Paragraph, Table
from yusuan.readers import read_document
from yusuan.readers.docx import format_number

NUM = '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'
TEXT_BOX = (
    "<w:p><w:r><mc:AlternateContent>"
    '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
    + p("框内文字")
    + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:textbox><w:txbxContent>"
    + p("框内文字")
    + "</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r></w:p>"
)
NESTED = "<w:tbl><w:tr>" + tc(p("内1")) + tc(p("内2")) + "</w:tr></w:tbl>"
TABLE = (
    "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
    # Header: 项目 spans two rows; 金额 spans two columns.
    "<w:tr>"
    + tc(p("项目"), '<w:vMerge w:val="restart"/>')
    + tc(p("金额"), '<w:gridSpan w:val="2"/>')
    + "</w:tr><w:tr>"
    + tc("<w:p/>", "<w:vMerge/>")
    + tc(p("本年"))
    + tc(p("上年"))
    + "</w:tr><w:tr>"
    + tc(p("合计") + NESTED)
    + tc(p("1,656.00"))
    + tc(p("1") + p("2"))
    + "</w:tr></w:tbl>"
)
BODY = (
    p("部门职责", style="1")
    + p("职责一", extra=NUM)
    + p("职责二", extra=NUM)
    + p("机构设置", style="1")
    + p("小标题", style="Title2")
    + "<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:ins><w:r><w:t>增</w:t></w:r></w:ins></w:p>"
    + TEXT_BOX
    + TABLE
    + '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr>'
    "<w:r><w:t>列表</w:t></w:r></w:p>"
)


def test_handmade_docx(tmp_path: Path) -> None:
    path = tmp_path / "hand.docx"
    path.write_bytes(docx_package(BODY))
    doc = read_document(path)
    assert doc.format == "docx"
    paras = [(b.text, b.heading_level, b.bold) for b in doc.blocks if isinstance(b, Paragraph)]
    assert paras == [
        ("一、部门职责", 1, True),  # numbering and bold come from the style
        ("（一）职责一", None, False),
        ("（二）职责二", None, False),
        ("二、机构设置", 1, True),
        ("小标题", 2, False),  # "标题 2" is a heading style by name
        ("第一行", None, False),  # a manual line break splits the paragraph
        ("第二行增", None, False),  # deleted text is gone, inserted text stays
        ("框内文字", None, False),  # the text box once, not once per fallback
        ("1.列表", None, False),  # a label ending in punctuation needs no space
    ]
    tables = doc.tables()
    assert len(tables) == 2
    assert tables[0].texts() == [
        ["项目", "金额", ""],  # merged cells: text in the first grid cell only
        ["", "本年", "上年"],
        ["合计", "1,656.00", "1\n2"],
    ]
    assert tables[1].texts() == [["内1", "内2"]]  # the nested table follows its parent
    assert tables[0].rows[2][1].source.row == 2 and tables[0].rows[2][1].source.col == 1
    assert [type(b).__name__ for b in doc.blocks][-3:] == ["Table", "Table", "Paragraph"]
    assert isinstance(doc.blocks[-2], Table)


def test_number_formats() -> None:
    assert [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 23)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十三",
    ]
    assert format_number(3, "upperRoman") == "III"
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(5, "decimalEnclosedCircle") == "⑤"
    assert format_number(27, "lowerLetter") == "aa"

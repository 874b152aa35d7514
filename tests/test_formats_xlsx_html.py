"""XLSX and HTML details on hand-made files."""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.blocks import Paragraph, Table
from yusuan.readers import read_document
from yusuan.readers.xlsx import number_text


def _workbook(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    ws = wb.active
    ws.title = "收支总表"
    ws["A1"] = "2024年部门收支总表"
    ws.merge_cells("A1:D1")
    ws["D2"] = "单位：万元"
    rows = [
        ["项目", "本年收入", None, "合计"],
        [None, "财政拨款", "其他", None],
        ["一般公共服务", 1656, 0.1 + 0.2, 1656.3],
        ["公共安全", 12.5, 0, 12.5],
    ]
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.border = box
            if isinstance(value, float | int):
                cell.number_format = "#,##0.00"
    ws.merge_cells("B3:C3")
    ws.merge_cells("A3:A4")
    ws.merge_cells("D3:D4")
    ws["A8"] = "指标"  # a second table below a blank row
    ws["B8"] = "完成率"
    ws["A9"] = "满意度"
    ws["B9"] = 0.95
    ws["B9"].number_format = "0%"
    for ref in ("A8", "B8", "A9", "B9"):
        ws[ref].border = box
    ws["A10"] = "注：本表无政府性基金收支。"
    plain = wb.create_sheet("无框线")  # no borders at all: blank rows split the tables
    plain["A1"] = "附表"
    for r, values in enumerate([["名称", "数量"], ["车辆", 3], ["电脑", 12]], start=2):
        for c, value in enumerate(values, start=1):
            plain.cell(row=r, column=c, value=value)
    plain["A7"] = "说明文字"
    wb.create_sheet("空")
    wb.save(path)


def test_handmade_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    _workbook(path)
    doc = read_document(path)
    kinds = [
        (type(b).__name__, b.text if isinstance(b, Paragraph) else b.texts()) for b in doc.blocks
    ]
    assert kinds == [
        ("Paragraph", "收支总表"),  # every named sheet starts with its name, a heading
        ("Paragraph", "2024年部门收支总表"),
        ("Paragraph", "单位：万元"),
        (
            "Table",
            [
                ["项目", "本年收入", "", "合计"],  # merged ranges: the first cell holds the text
                ["", "财政拨款", "其他", ""],
                ["一般公共服务", "1656.00", "0.30", "1656.30"],  # as stored, to the format
                ["公共安全", "12.50", "0.00", "12.50"],
            ],
        ),
        ("Table", [["指标", "完成率"], ["满意度", "95%"]]),
        ("Paragraph", "注：本表无政府性基金收支。"),
        ("Paragraph", "无框线"),
        ("Paragraph", "附表"),
        ("Table", [["名称", "数量"], ["车辆", "3"], ["电脑", "12"]]),
        ("Paragraph", "说明文字"),
        ("Paragraph", "空"),
    ]
    names = [b for b in doc.paragraphs() if b.is_sheet_name]
    assert [p.text for p in names] == ["收支总表", "无框线", "空"]
    assert all(p.heading_level == 1 and p.source.cell is None for p in names)
    table = doc.tables()[0]
    assert table.rows[2][1].source.sheet == "收支总表"
    assert table.rows[2][1].source.cell == "B5"
    assert (table.rows[2][1].source.row, table.rows[2][1].source.col) == (2, 1)
    assert doc.tables()[2].rows[0][0].source.sheet == "无框线"


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (0.1 + 0.2, "General", "0.3"),  # binary noise cut at Excel's 15 digits
        (1656.0, "#,##0.00", "1656.00"),  # padded to the shown decimals
        (1234.5678, "0.00", "1234.5678"),  # never rounded away: as stored
        (0.955, "0.0%", "95.5%"),
        (7, "General", "7"),
        (-3.5, '#,##0.00;[Red]-#,##0.00;"-"', "-3.50"),
        (1e20, "General", "100000000000000000000"),
    ],
)
def test_numbers_as_stored(value: float, fmt: str, text: str) -> None:
    assert number_text(value, fmt) == text


PAGE = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type"
content="text/html; charset=gb2312"><title>预算公开</title>
<script>var x = "<p>不是正文</p>";</script></head><body>
<div class="top"><nav><a href="/">首页</a> <a href="/a">政务公开</a></nav></div>
<div id="zoom">
<h2>一、部门职责</h2>
<p>负责全市公安工作。<br>第二行</p>
<p>单位
名称</p>
<table border="1">
<tr><td rowspan="2">项目</td><td colspan="2">金额</td><td rowspan="2">备注</td></tr>
<tr><td>本年</td><td>上年</td></tr>
<tr><td>合计<table><tr><td>内</td></tr></table></td><td>1,656.00</td><td>&nbsp;</td><td></td></tr>
</table>
<p><strong>注：</strong><b>全部加粗</b></p>
</div>
<footer><p>版权所有 某某市人民政府</p></footer>
</body></html>"""


def test_handmade_html_in_gbk(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(PAGE.encode("gb18030"))
    doc = read_document(path)
    assert doc.format == "html"
    texts = [(b.text, b.heading_level, b.bold) for b in doc.paragraphs()]
    assert texts == [
        ("一、部门职责", 2, False),
        ("负责全市公安工作。", None, False),
        ("第二行", None, False),  # <br> splits, as a text export would
        ("单位名称", None, False),  # a source line break between CJK characters vanishes
        ("注：全部加粗", None, True),
    ]
    tables = doc.tables()
    assert tables[0].texts() == [
        ["项目", "金额", "", "备注"],
        ["", "本年", "上年", ""],
        ["合计", "1,656.00", "", ""],
    ]
    assert tables[1].texts() == [["内"]]
    assert tables[0].rows[1][1].source.row == 1 and tables[0].rows[1][1].source.line is not None
    assert isinstance(doc.blocks[-1], Paragraph) and not isinstance(doc.blocks[0], Table)


LAYOUT = """<html><head><meta charset="utf-8"></head><body>
<table width="100%"><tr><td><a href="/">首页</a> <a href="/x">机构</a></td></tr>
<tr><td><table><tr><td class="nav"><a href="/a">通知公告</a></td>
<td><h3>某某局2024年部门预算</h3><p>一、部门职责</p>
<table border="1"><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>12.50</td></tr></table>
</td></tr></table></td></tr></table></body></html>"""


def test_layout_tables_are_frames_not_data(tmp_path: Path) -> None:
    path = tmp_path / "old-site.html"
    path.write_text(LAYOUT, encoding="utf-8")
    doc = read_document(path)
    assert [b.text for b in doc.paragraphs()] == ["某某局2024年部门预算", "一、部门职责"]
    assert [t.texts() for t in doc.tables()] == [[["项目", "金额"], ["合计", "12.50"]]]


def test_sheet_names_title_a_workbook_of_one_sheet_per_part(tmp_path: Path) -> None:
    """The Shanghai platform workbook: one sheet per part, a table without a title row of its
    own is titled by its sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    from yusuan.extract import extract

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A1"] = "某区2025年区级部门预算"
    cover["A2"] = "预算主管部门：某区某局"
    duties = wb.create_sheet("部门主要职能")
    duties["A1"] = "一、负责某项工作。"
    table = wb.create_sheet("部门收支总表")
    for r, row in enumerate(
        [["项目", "预算数", "项目", "预算数"], ["一、财政拨款收入", 100, "一、一般公共服务支出", 100],
         ["收入总计", 100, "支出总计", 100]], 1
    ):  # fmt: skip
        for c, v in enumerate(row, 1):
            table.cell(row=r, column=c, value=v).border = box
    path = tmp_path / "parts.xlsx"
    wb.save(path)
    d = extract(read_document(path))
    assert (d.unit.name, d.year, d.scope) == ("某区某局", 2025, "department")
    assert d.responsibilities == ["一、负责某项工作。"]
    assert [(t.kind, t.title, len(t.rows)) for t in d.tables] == [
        ("income_expenditure_summary", "部门收支总表", 4)
    ]

"""PDF details on hand-made files: merged cells, tables over several pages, page furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.formats import build
from yusuan.readers import read_document

CSS = f"""@page {{ size: A4; margin: 20mm; @bottom-center {{ content: "第 " counter(page) " 页" }} }}
body {{ font-family: "{build.FONT}"; font-size: 10.5pt; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 0.6pt solid black; padding: 2pt; }}"""


def _pdf(tmp_path: Path, body: str, name: str = "hand.pdf") -> Path:
    why = build.weasyprint_available()
    if why is not None:
        pytest.skip(why)
    import weasyprint

    out = tmp_path / name
    page = (
        f'<html><head><meta charset="utf-8"><style>{CSS}</style></head><body>{body}</body></html>'
    )
    weasyprint.HTML(string=page).write_pdf(str(out))
    return out


def test_multi_page_table_with_repeated_header_and_merged_cells(tmp_path: Path) -> None:
    rows = "".join(
        f"<tr><td>{2010101 + i}</td><td>行政运行{i}</td><td>{i * 10 + 0.5:.2f}</td></tr>"
        for i in range(90)
    )
    body = (
        "<p>一、部门预算安排的总体情况</p>"
        "<p>2024年收入预算" + "安排" * 60 + "共计100万元。</p>"  # wraps over several lines
        "<p>部门支出总表</p>"
        "<table><thead><tr><th rowspan=2>科目编码</th><th colspan=2>本年支出</th></tr>"
        "<tr><th>科目名称</th><th>金额</th></tr></thead>"
        f"<tbody>{rows}</tbody></table><p>注：以上为预算数。</p>"
    )
    doc = read_document(_pdf(tmp_path, body))
    paras = [p.text for p in doc.paragraphs()]
    assert paras == [
        "一、部门预算安排的总体情况",
        "2024年收入预算" + "安排" * 60 + "共计100万元。",  # one paragraph again
        "部门支出总表",
        "注：以上为预算数。",
    ]  # the page numbers ("第 1 页") are gone
    tables = doc.tables()
    assert len(tables) == 1, "a table over several pages is one table"
    texts = tables[0].texts()
    assert texts[:2] == [["科目编码", "本年支出", ""], ["", "科目名称", "金额"]]
    assert len(texts) == 2 + 90, "the header repeated on every page is read once"
    assert texts[2] == ["2010101", "行政运行0", "0.50"]
    assert texts[-1] == ["2010190", "行政运行89", "890.50"]
    pages = {c.source.page for r in tables[0].rows for c in r}
    assert len(pages) >= 3


def test_row_cut_by_a_page_break_is_one_row(tmp_path: Path) -> None:
    filler = "".join(f"<tr><td>行{i}</td><td>x</td></tr>" for i in range(38))
    long = "很长的绩效目标文字" * 30
    body = f"<table>{filler}<tr><td>绩效目标</td><td>{long}</td></tr><tr><td>末行</td><td>y</td></tr></table>"
    doc = read_document(_pdf(tmp_path, body))
    texts = doc.tables()[0].texts()
    target = [r for r in texts if r[0] == "绩效目标"]
    assert target == [["绩效目标", long]]
    assert texts[-1] == ["末行", "y"] and len(texts) == 40


def test_strokes_that_cross_nothing_are_not_a_table() -> None:
    """A chart's or an underline's horizontal strokes beside a ruled table (a 3D pie chart under a
    Jiangsu 支出预算 passage): no grid from them, and no failure."""
    from yusuan.readers.pdf import _grids

    chart = [(100.0, 300.0 + 3 * i, 400.0, 300.0 + 3 * i) for i in range(40)]
    table = [(50.0, 100.0, 250.0, 100.0), (50.0, 120.0, 250.0, 120.0), (50.0, 140.0, 250.0, 140.0)]
    table += [
        (50.0, 100.0, 50.0, 140.0),
        (150.0, 100.0, 150.0, 140.0),
        (250.0, 100.0, 250.0, 140.0),
    ]
    grids = _grids(chart + table)
    assert len(grids) == 1
    assert len(grids[0].xs) == 3 and len(grids[0].ys) == 3
    assert _grids(chart) == []


def test_a_page_whose_ruling_fails_is_read_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yusuan.readers import pdf

    path = _pdf(
        tmp_path,
        "<p>一、部门预算安排的总体情况</p><table><tr><td>合计</td><td>5.00</td></tr></table>",
    )

    def broken(*args: object) -> list[object]:
        raise ValueError("boom")

    monkeypatch.setattr(pdf, "_grids", broken)
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs()][:2] == ["一、部门预算安排的总体情况", "合计 5.00"]
    assert doc.tables() == []
    assert len(doc.problems) == 1 and doc.problems[0].source.page == 1
    assert "第1页" in doc.problems[0].message


def _part(rows: list[list[str]], room: float = 0.0, **flags: bool) -> object:
    from yusuan.blocks import Source
    from yusuan.readers.pdf import _PCell, _PTable

    xs = [0.0, 100.0, 200.0, 300.0]
    cells = [[_PCell(t, room=room, lead=10.0, size=10.0) for t in row] for row in rows]
    srcs = [[Source("x.pdf", page=1, col=c) for c in range(3)] for _ in rows]
    return _PTable(xs, cells, srcs, Source("x.pdf", page=1), **flags)


def test_rows_on_two_pages_with_an_amount_each_stay_two_rows() -> None:
    """Right-aligned amounts leave no room in their cell, like a cut row; but an amount is
    never cut in two, so a number in both parts of a column means two rows (Jiangsu 采购表)."""
    from yusuan.readers.pdf import _continue_table

    a = _part([["会议费", "", "1.51"], ["其他信息技术服务", "分散自行组织", "9.00"]])
    b = _part([["计算机设备维修和保养服务", "分散自行组织", "2.00"]], open_top=True)
    _continue_table(a, b)  # type: ignore[arg-type]
    assert [[c.text for c in r] for r in a.rows][-2:] == [  # type: ignore[attr-defined]
        ["其他信息技术服务", "分散自行组织", "9.00"],
        ["计算机设备维修和保养服务", "分散自行组织", "2.00"],
    ]


def test_a_label_cut_by_the_page_break_is_joined() -> None:
    from yusuan.readers.pdf import _continue_table

    a = _part([["合计", "", "5.00"], ["十七、国土海洋气象等支", "", ""]])
    b = _part([["出", "", ""]])
    _continue_table(a, b)  # type: ignore[arg-type]
    assert [c.text for c in a.rows[-1]] == ["十七、国土海洋气象等支出", "", ""]  # type: ignore[attr-defined]


def test_a_landscape_table_on_a_rotated_portrait_page(tmp_path: Path) -> None:
    """Jiangsu's 部门预算公开报表 print landscape tables on portrait sheets with /Rotate 90 and
    the content drawn turned back: read as displayed, not as stored."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    body = (
        "<p>收支预算总表</p><table><tr><td>项目</td><td>金额</td></tr>"
        "<tr><td>一、财政拨款</td><td>24,458.43</td></tr></table>"
    )
    landscape = _pdf(tmp_path, body.replace("<p>", '<p style="page: wide">'), "wide.pdf")
    writer = PdfWriter(clone_from=PdfReader(landscape))
    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        page.add_transformation(Transformation().rotate(90).translate(h, 0))
        page.mediabox = RectangleObject([0, 0, h, w])
        page.cropbox = RectangleObject([0, 0, h, w])
        page.rotate(90)
    rotated = tmp_path / "rotated.pdf"
    with rotated.open("wb") as f:
        writer.write(f)
    doc = read_document(rotated)
    assert [p.text for p in doc.paragraphs()] == ["收支预算总表"]
    assert doc.tables()[0].texts() == [["项目", "金额"], ["一、财政拨款", "24,458.43"]]


def test_punctuation_with_a_short_box_stays_in_its_line() -> None:
    """Some producers give "，" and "、" a box only as tall as the mark, low in the line (a
    Shanghai 决算): the mark belongs to the line whose glyphs enclose it, not to a line of its own."""
    from yusuan.readers.pdf import _Char, _group_lines, _line_text

    chars = [
        _Char(c, 10.0 + 12 * i, 167.3, 22.0 + 12 * i, 178.6, 12.0) for i, c in enumerate("根据")
    ]
    chars.append(_Char("，", 34.0, 174.6, 46.0, 178.3, 12.0))
    chars += [
        _Char(c, 46.0 + 12 * i, 167.2, 58.0 + 12 * i, 178.0, 12.0) for i, c in enumerate("制定")
    ]
    chars += [
        _Char(c, 10.0 + 12 * i, 185.0, 22.0 + 12 * i, 196.3, 12.0) for i, c in enumerate("下行")
    ]
    lines = _group_lines(chars)
    assert [_line_text(ln) for ln in lines] == ["根据，制定", "下行"]


def test_blank_pages_are_those_with_nothing_on_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page with only an image (a seal, a scanned chart) is not blank, nor is a damaged page
    (it is a problem); a page with nothing but its page number is."""
    import base64
    import io

    from PIL import Image

    from tests.formats.handmade import damage_pdf_page
    from yusuan.extract import extract

    png = io.BytesIO()
    Image.new("RGB", (60, 60), "red").save(png, format="PNG")
    seal = base64.b64encode(png.getvalue()).decode()
    new_page = '<p style="page-break-before: always">'
    body = (
        "<p>某局2024年部门预算</p><p>二、部门预算安排的总体情况</p>"
        "<p>2024年收入预算100.00万元，比上年增加1.00万元。</p>"
        f'<div style="page-break-before: always"><img src="data:image/png;base64,{seal}"></div>'
        '<div style="page-break-before: always; height: 10mm"></div>'
        f"{new_page}第四页的内容。</p>{new_page}第五页的内容。</p>"
    )
    path = _pdf(tmp_path, body)
    damage_pdf_page(monkeypatch, 4)
    doc = read_document(path)
    assert [pr.source.page for pr in doc.problems] == [5]
    assert [str(s) for s in doc.blank_pages] == [f"{path}:p3"]
    assert extract(doc).blank_pages == [f"{path}:p3"]

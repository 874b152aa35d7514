"""Bounded and honest on every input (issue #16): a damaged part is left out and the rest read,
bombs are clipped or refused within bounds, and our own bugs are never dressed as damage.

The fuzz sample at the end runs a few hundred generated hostile files (tests/fuzz); CI runs 500
(``YUSUAN_FUZZ_CASES``), ``python benchmarks/fuzz.py`` all of them.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.formats import build
from tests.formats.handmade import docx_package, p
from yusuan.check.engine import check
from yusuan.errors import UnreadableDocument
from yusuan.extract import extract
from yusuan.readers import read_document

NARRATIVE = (
    "某局2024年部门预算",
    "二、部门预算安排的总体情况",
    "2024年收入预算100.00万元，比上年增加1.00万元。",
)


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, v in enumerate(row, 1):
                cell = ws.cell(row=r, column=c, value=v)
                if len(row) > 1:  # ruled rows: a table; single cells: paragraphs
                    cell.border = box
    wb.save(path)
    return path


def _rewrite(path: Path, change: dict[str, bytes | None]) -> Path:
    """The same ZIP with members replaced (bytes) or left out (None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = change.get(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data)
    path.write_bytes(out.getvalue())
    return path


# --- degrade, don't fail ---------------------------------------------------------------------


def test_a_damaged_sheet_is_left_out_and_the_rest_read(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "book.xlsx",
        {
            "说明": [[line] for line in NARRATIVE],
            "部门收支总表": [["2024年部门收支总表"], ["项目", "预算数"], ["收入总计", 100]],
        },
    )
    _rewrite(path, {"xl/worksheets/sheet2.xml": b"<worksheet><sheetData><row r="})  # cut short
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs()][1] == NARRATIVE[0]  # the first sheet is read
    assert doc.tables() == []
    (problem,) = doc.problems
    assert "sheet2.xml" in problem.message and "未读取" in problem.message
    d = extract(doc)
    assert d.overview.income_total is not None
    (lost,) = [u for u in d.unparsed if u.reason]
    findings = [f for f in check(d).findings if f.code == "R001"]
    assert [f.message for f in findings] == [lost.reason]


def test_inspect_shows_what_was_not_read(tmp_path: Path) -> None:
    from yusuan.extract.inspect import inspect

    path = _workbook(
        tmp_path / "book.xlsx",
        {"说明": [[line] for line in NARRATIVE], "表": [["项目", "预算数"], ["收入总计", 100]]},
    )
    _rewrite(path, {"xl/worksheets/sheet2.xml": b"<worksheet><sheetData><row r="})
    (lost,) = inspect(read_document(path)).unparsed
    assert "sheet2.xml" in lost[1] and "未读取" in lost[1]


def test_lost_styles_keep_the_cells(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", {"表": [["标题"], ["项目", "预算数"], ["合计", 5]]})
    _rewrite(path, {"xl/styles.xml": None})  # cells refer to styles that are gone
    doc = read_document(path)
    assert ["合计", "5"] in [row for t in doc.tables() for row in t.texts()] or any(
        "合计" in p.text for p in doc.paragraphs()
    )


def test_damaged_styles_keep_a_workbook_whose_rows_and_columns_have_styles(tmp_path: Path) -> None:
    """Rows (<row s=...>) and columns (<col style=...>) point into the style table as cells do:
    with the table damaged, none of them may keep a reference into it."""
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    path = _workbook(tmp_path / "book.xlsx", {"表": [["标题"], ["项目", "预算数"], ["合计", 5]]})
    wb = load_workbook(path)
    wb.active.row_dimensions[2].font = Font(bold=True)
    wb.active.column_dimensions["B"].font = Font(italic=True)
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
        styles = zf.read("xl/styles.xml")
    assert b'customFormat="1"' in sheet and b"<col " in sheet and b'style="' in sheet
    _rewrite(path, {"xl/styles.xml": styles[: len(styles) // 2]})  # cut short
    doc = read_document(path)
    assert [t.texts() for t in doc.tables()] == [[["项目", "预算数"], ["合计", "5"]]]
    (problem,) = doc.problems
    assert "样式已损坏" in problem.message


def test_a_workbook_without_its_workbook_part_is_refused_clearly(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", {"表": [["x"]]})
    _rewrite(path, {"xl/workbook.xml": None})
    with pytest.raises(UnreadableDocument, match="缺少必要部件"):
        read_document(path)


def test_a_damaged_optional_docx_part_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "doc.docx"
    path.write_bytes(docx_package("".join(p(line) for line in NARRATIVE)))
    _rewrite(path, {"word/styles.xml": b"<w:styles"})
    doc = read_document(path)
    assert [b.text for b in doc.paragraphs()] == list(NARRATIVE)
    assert len(doc.problems) == 1 and "styles.xml" in doc.problems[0].message


def test_a_damaged_pdf_page_is_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    why = build.weasyprint_available()
    if why is not None:
        pytest.skip(why)
    import weasyprint

    from tests.formats.handmade import damage_pdf_page

    body = "".join(f"<p>{line}</p>" for line in NARRATIVE)
    page = '<p style="page-break-before: always">第二页的内容。</p>'
    path = tmp_path / "two.pdf"
    weasyprint.HTML(string=f"<html><body>{body}{page}</body></html>").write_pdf(str(path))
    damage_pdf_page(monkeypatch, 1)
    doc = read_document(path)
    assert [b.text for b in doc.paragraphs()] == list(NARRATIVE)
    assert [pr.source.page for pr in doc.problems] == [2] and "第2页" in doc.problems[0].message


# --- honest errors ------------------------------------------------------------------------------


def test_a_member_cut_short_is_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """zipfile raises EOFError for a member whose compressed data ends early, like any other
    damaged member: the file's problem, said as such."""
    from yusuan.readers import docx

    path = tmp_path / "doc.docx"
    path.write_bytes(docx_package(p("某局2024年部门预算")))

    def cut_short(*args: object) -> object:
        raise EOFError("Compressed file ended before the end-of-stream marker was reached")

    monkeypatch.setattr(docx, "read_docx", cut_short)
    with pytest.raises(UnreadableDocument, match="文件已损坏"):
        read_document(path)


def test_our_bug_is_not_called_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from yusuan.cli import app
    from yusuan.readers import docx

    path = tmp_path / "doc.docx"
    path.write_bytes(docx_package(p("某局2024年部门预算")))

    def broken(*args: object) -> object:
        raise KeyError("a bug of ours")

    monkeypatch.setattr(docx, "read_docx", broken)
    with pytest.raises(KeyError):  # not UnreadableDocument("文件已损坏…")
        read_document(path)
    monkeypatch.delenv("YUSUAN_DEBUG", raising=False)
    result = CliRunner().invoke(app, ["read", str(path)])
    assert result.exit_code == 2
    assert "内部错误" in result.output and "编号" in result.output and "已损坏" not in result.output


def test_the_same_bug_has_the_same_id() -> None:
    from yusuan.errors import error_id

    def fails() -> None:
        raise ValueError("x")

    ids = set()
    for _ in range(2):
        try:
            fails()
        except ValueError as e:
            ids.add(error_id(e))
    assert len(ids) == 1 and len(ids.pop()) == 8


# --- bounds ---------------------------------------------------------------------------------------


def test_too_many_paragraphs_is_refused_quickly(tmp_path: Path) -> None:
    from yusuan.readers.limits import MAX_BLOCKS

    path = tmp_path / "many.txt"
    path.write_text("收入预算10万元。\n" * (MAX_BLOCKS + 1), encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(UnreadableDocument, match="文件过大"):
        read_document(path)
    assert time.monotonic() - start < 5


def test_a_sheet_of_too_many_cells_is_refused_before_parsing(tmp_path: Path) -> None:
    from tests.fuzz.make_corpus import _rows, _sheet, _xlsx
    from yusuan.readers.limits import MAX_TABLE_CELLS

    path = tmp_path / "big.xlsx"
    path.write_bytes(_xlsx(_sheet(_rows(MAX_TABLE_CELLS // 10 + 1, 10))))
    with pytest.raises(UnreadableDocument, match=f"超过 {MAX_TABLE_CELLS} 个"):
        read_document(path)


def _wide_file(kind: str, path: Path) -> Path:
    """About 10,000 table cells however the format writes them: many small tables, spans or
    merges, or two cells a row far apart."""
    from tests.fuzz.make_corpus import _docx, _html, _sheet, _xlsx

    if kind == "txt":
        path.write_text(("\t".join(["1"] * 50) + "\n") * 200, encoding="utf-8")
    elif kind == "html":
        square = "<table><tr><td colspan=99 rowspan=99>1" + "<tr>" * 99 + "<td>1" * 100
        path.write_bytes(_html((square + "</table>") * 3))
    elif kind == "docx":
        cell = "<w:tc><w:tcPr><w:gridSpan w:val='50'/></w:tcPr><w:p/></w:tc>"
        path.write_bytes(_docx("<w:tbl>" + ("<w:tr>" + cell * 4 + "</w:tr>") * 50 + "</w:tbl>"))
    else:
        rows = (
            f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="CV{r}"><v>1</v></c></row>'
            for r in range(1, 101)
        )
        path.write_bytes(_xlsx(_sheet(rows)))
    return path


@pytest.mark.parametrize("kind", ["txt", "html", "docx", "xlsx"])
def test_cells_are_counted_as_they_are_made(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader stops at the document's cell bound while it builds the tables, not after: a
    small file that expands (spans, far-apart cells) never costs more than the bound."""
    import importlib

    from yusuan.blocks import Cell
    from yusuan.readers import limits

    monkeypatch.setattr(limits, "MAX_TABLE_CELLS", 1000)
    made = [0]

    class Counted(Cell):
        __slots__ = ()

        def __init__(self, *args: object, **kwargs: object) -> None:
            made[0] += 1
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    reader = importlib.import_module(f"yusuan.readers.{'text' if kind == 'txt' else kind}")
    monkeypatch.setattr(reader, "Cell", Counted)
    path = _wide_file(kind, tmp_path / f"wide.{kind}")
    with pytest.raises(UnreadableDocument, match="文件过大：表格单元格超过 1000 个"):
        read_document(path)
    assert made[0] <= 1000 + 100  # the bound and at most the row that passed it


@pytest.mark.parametrize("space", ["\n", "\t", "\r", " ", ""])
def test_cells_written_any_legal_way_are_counted_before_parsing(
    space: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XML allows any white space after a tag's name ("<c\\n r=...>"), and an empty cell may be
    "<c/>": each is a cell openpyxl would make."""
    from tests.fuzz.make_corpus import _sheet, _xlsx
    from yusuan.readers import limits, xlsx

    def parsed(*args: object, **kwargs: object) -> object:
        raise AssertionError("openpyxl was given the workbook")

    monkeypatch.setattr(limits, "MAX_TABLE_CELLS", 1000)
    monkeypatch.setattr(xlsx, "_load", parsed)
    cell = f"<c{space}/>" if space else "<c/>"
    path = tmp_path / "cells.xlsx"
    path.write_bytes(_xlsx(_sheet(iter(["<row>" + cell * 20 + "</row>"] * 51))))
    with pytest.raises(UnreadableDocument, match="超过 1000 个"):
        read_document(path)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(1, 10**7), st.integers(1, 10**7)), min_size=1, max_size=4),
        min_size=1,
        max_size=12,
    )
)
def test_html_spans_never_reach_past_the_table(spans: list[list[tuple[int, int]]]) -> None:
    from yusuan.readers.html import read_html

    rows = "".join(
        "<tr>" + "".join(f"<td rowspan='{r}' colspan='{c}'>1.00</td>" for r, c in row) + "</tr>"
        for row in spans
    )
    doc = read_html(f"<html><body><table>{rows}</table></body></html>".encode(), Path("x"), "")
    (table,) = doc.tables()
    # Nothing is lost, and however large the spans the grid stays within the table's cells:
    # its widest row of cells, plus one column for each cell pushed past it.
    cells = sum(len(row) for row in spans)
    assert len(table.rows) == len(spans)
    assert sum(c.text == "1.00" for row in table.rows for c in row) == cells
    widest = max(len(row) for row in spans)
    assert all(len(row) <= widest + cells for row in table.rows)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2000),
    st.lists(
        st.tuples(
            st.integers(1, 40), st.integers(1, 12), st.integers(0, 10**6), st.integers(0, 16000)
        ),
        max_size=6,
    ),
)
def test_merges_are_kept_while_their_area_fits_the_cell_bound(
    left: int, merges: list[tuple[int, int, int, int]]
) -> None:
    """openpyxl makes a cell for every position a merge covers: merges are kept, as written,
    while their areas fit what is left of the workbook's cell bound, in order; the others are
    dropped and listed. Nothing is rewritten when all fit."""
    from openpyxl.utils import get_column_letter as letter

    from tests.fuzz.make_corpus import _rows, _sheet
    from yusuan.readers.limits import Budget
    from yusuan.readers.xlsx import _bounded_merges

    refs = [f"{letter(c)}{r}:{letter(c + dc)}{r + dr}" for r, c, dr, dc in merges]
    elements = [f'<mergeCell ref="{ref}"/>' for ref in refs]
    data = _sheet(_rows(3, 3), f"<mergeCells>{''.join(elements)}</mergeCells>").encode()
    budget = Budget("x.xlsx")
    budget.left = left
    out, refused = _bounded_merges(data, budget)
    kept, dropped = [], []
    for element, ref, (_, _, dr, dc) in zip(elements, refs, merges, strict=True):
        area = (dr + 1) * (dc + 1)
        (kept if area <= left else dropped).append((element, ref))
        left -= area if area <= left else 0
    assert out.decode() == _sheet(
        _rows(3, 3), f"<mergeCells>{''.join(e for e, _ in kept)}</mergeCells>"
    )
    assert budget.left == left
    assert refused == [ref for _, ref in dropped]
    if not dropped:
        assert out is data


def _far_merge(path: Path, cells: str, merge: str) -> Path:
    from tests.fuzz.make_corpus import _sheet, _xlsx

    path.write_bytes(
        _xlsx(
            _sheet(iter([cells]), f'<mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>')
        )
    )
    return path


def test_a_merge_over_a_far_cell_is_dropped_not_built(tmp_path: Path) -> None:
    """Clipping to the farthest cell let A1 and ZZ3000 merge 2.1 million cells (24 s, 900 MB)."""
    cells = '<row r="1"><c r="A1"><v>1</v></c></row><row r="3000"><c r="ZZ3000"><v>2</v></c></row>'
    doc = read_document(_far_merge(tmp_path / "far.xlsx", cells, "A1:ZZ3000"))
    assert any("A1:ZZ3000" in p.message for p in doc.problems)
    assert [b.text for b in doc.paragraphs()] == ["部门收支总表", "1", "2"]


def test_merges_are_kept_in_a_sheet_whose_cells_have_no_reference(tmp_path: Path) -> None:
    """``r`` is optional on <c> and <row>: a merge covers B1 still, its value is not read."""
    cells = (
        "<row><c t='inlineStr'><is><t>部门收支总表</t></is></c><c><v>9</v></c></row>"
        "<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c><c><v>4</v></c></row>"
    )
    doc = read_document(_far_merge(tmp_path / "norefs.xlsx", cells, "A1:B1"))
    assert [b.text for b in doc.paragraphs()] == ["部门收支总表", "部门收支总表"]
    assert [t.texts() for t in doc.tables()] == [[["1", "2"], ["3", "4"]]]


def test_a_workbook_with_merges_is_read_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merges that fit leave the file untouched: no rewritten copy of the workbook."""
    from yusuan.readers import xlsx

    def rewritten(*args: object, **kwargs: object) -> object:
        raise AssertionError("the workbook was rewritten")

    monkeypatch.setattr(xlsx, "_salvaged", rewritten)
    cells = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r}</v></c></row>'
        for r in range(1, 4)
    )
    doc = read_document(_far_merge(tmp_path / "merged.xlsx", cells, "A1:B1"))
    assert doc.tables() and not doc.problems


# --- the fuzz sample ----------------------------------------------------------------------------


def test_fuzz_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.fuzz import make_corpus, run

    n = int(os.environ.get("YUSUAN_FUZZ_CASES", "120"))
    make_corpus.write(tmp_path, n)
    results = run.run(tmp_path.iterdir(), timeout=5.0, memory_mb=500, jobs=2)
    with capsys.disabled():
        print("\n" + run.report(results, show=10))
    bad = [r for r in results if r.outcome in ("internal", "over time", "over memory")]
    assert not bad, [(r.path.name, r.outcome, r.detail) for r in bad]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**60), 10**60),
        st.decimals(allow_nan=True, allow_infinity=True),
    ),
    st.sampled_from([None, "General", "0", "0.00", "#,##0.00", "0%", "0.00%", '"¥"#,##0.000']),
)
def test_any_stored_number_prints(value: float | int, fmt: str | None) -> None:
    """Whatever a damaged or hostile workbook stores, printing it never fails (it used to raise
    InvalidOperation past 28 digits), and a finite number keeps its value."""
    from decimal import Context, Decimal

    from yusuan.readers.xlsx import number_text

    text = number_text(value, fmt)
    if isinstance(value, float) or not Decimal(value).is_finite():
        return
    shown = Decimal(text.rstrip("%"))
    exact = Context(prec=1000)
    assert shown == (Decimal(value).scaleb(2, exact) if fmt and "%" in fmt else Decimal(value))

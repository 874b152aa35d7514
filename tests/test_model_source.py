"""The model's Source: the string a block's source prints, read back into its parts."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from yusuan.blocks import Source as BlockSource
from yusuan.model import Amount, Source
from yusuan.model.source import _FORM, Parts, parse

# Parts of source strings: the fast parse must split every string as the full pattern does.
_SOURCE_PARTS = st.sampled_from(
    [
        *("/tmp/a b/2023年 预算.txt", "x.xlsx", ":p3", ":Sheet1", ":AB12", ":12", " [r4c3]"),
        *(" [r7]", ":", "p", "r", "c", "[", "]", " ", "A", "7", "１２", "٣", "\n", "é", ".txt"),
    ]
)


@given(st.lists(_SOURCE_PARTS, max_size=8).map("".join))
def test_fast_parse_matches_the_full_pattern(text: str) -> None:
    m = _FORM.match(text)
    got = parse.__wrapped__(text)
    assert str(Source(text)) == text
    if m is None or "!" in text or "," in text:
        return
    assert (got.line, got.page, got.cell) == (
        int(m["line"]) if m["line"] else None,
        int(m["page"]) if m["page"] else None,
        m["cell"],
    )
    assert got.row == (int(m["row"]) if m["row"] else None)


_NAME = st.text(st.sampled_from("预算表 ab/._-1"), min_size=1, max_size=12)
_N = st.integers(0, 999)


@st.composite
def _block_sources(draw: st.DrawFn) -> BlockSource:
    file = draw(_NAME)
    if draw(st.booleans()):  # a workbook cell: "file:sheet:A1"
        sheet = draw(_NAME.filter(lambda s: not (s[:1] == "p" and s[1:].isdigit())))
        cell = draw(st.text(st.sampled_from("ABXYZ"), min_size=1, max_size=3)) + str(draw(_N) + 1)
        return BlockSource(file, sheet=sheet, cell=cell)
    optional = st.none() | _N
    return BlockSource(
        file,
        line=draw(optional),
        page=draw(st.none() | st.integers(1, 999)),
        row=(row := draw(optional)),
        col=draw(optional) if row is not None else None,
    )


@given(_block_sources())
def test_parts_are_the_block_sources_fields(b: BlockSource) -> None:
    s = Source(str(b))
    assert str(s) == str(b)
    assert s.parts == Parts(
        b.file,
        page=b.page,
        sheet=b.sheet,
        cell=b.cell,
        line=b.line,
        row=None if b.row is None else b.row + 1,  # printed 1-based
        col=None if b.col is None else b.col + 1,
    )


def test_known_forms() -> None:
    assert Source("/x/预算.pdf:p3 [r2c4]").parts == Parts("/x/预算.pdf", page=3, row=2, col=4)
    assert Source("a.xlsx:表1:B7").parts == Parts("a.xlsx", sheet="表1", cell="B7")
    assert Source("a.xlsx:表1:B7").parts.cell_row == 7
    # A sheet's name read as a heading (one sheet per part), with or without a line.
    assert Source("a.xlsx:部门收支总表").parts == Parts("a.xlsx", sheet="部门收支总表")
    assert Source("a.xlsx:封面:3").parts == Parts("a.xlsx", sheet="封面", line=3)
    assert Source("旧.xls:封面").parts == Parts("旧.xls", sheet="封面")  # converted by LibreOffice
    assert Source("c:/预算.txt:12").parts == Parts("c:/预算.txt", line=12)
    assert Source("说明.txt:15").line == 15
    # The workbook importer's rows: "book:sheet!row".
    assert Source("book.xlsx:收支总表!12").parts == Parts("book.xlsx", sheet="收支总表", line=12)
    assert Source("no location").parts == Parts("no location")
    # A PDF table cell: page and box.
    cell = Source("预算.pdf:p3:72,90,200,110")
    assert (cell.file, cell.page, cell.bbox) == ("预算.pdf", 3, (72, 90, 200, 110))


def test_the_model_takes_strings_and_writes_the_same_string() -> None:
    a = Amount(value=Decimal("1.5"), raw="1.5万元", source="说明.txt:15 [r2c3]")
    assert isinstance(a.source, Source)
    assert (a.source.line, a.source.row, a.source.col) == (15, 2, 3)
    assert a.model_dump_json() == '{"value":"1.5","raw":"1.5万元","source":"说明.txt:15 [r2c3]"}'
    again = Amount.model_validate_json(a.model_dump_json())
    assert again == a and isinstance(again.source, Source)
    assert Amount.model_json_schema()["properties"]["source"]["anyOf"][0] == {"type": "string"}

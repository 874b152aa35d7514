"""Pieces of publishing: header grids, money, profiles, generated sentences, formulas, CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from yusuan.blocks import Cell, Paragraph, Source
from yusuan.extract.narrative import extract_operating_costs, extract_three_public
from yusuan.extract.overview import extract_overview
from yusuan.extract.sections import classify_heading
from yusuan.extract.tables import flatten_header, title_kind
from yusuan.model import Amount, Disclosure, SourceRef
from yusuan.render import guess_profile, narrative
from yusuan.render.formula import Evaluator, FormulaError
from yusuan.render.layout import header_grid
from yusuan.render.profile import PROFILES, cn_number, format_money, load_profile, table_specs

# --- header grids ----------------------------------------------------------------------------

_label = st.sampled_from(
    ["合计", "本年收入", "小计", "财政拨款", "事业收入", "基本支出", "人员经费"]
)


@st.composite
def _paths(draw: st.DrawFn) -> list[list[str]]:
    out: list[list[str]] = []
    for _ in range(draw(st.integers(1, 8))):
        depth = draw(st.integers(1, 3))
        prefix = (
            out[-1][: depth - 1] if out and draw(st.booleans()) and len(out[-1]) >= depth else []
        )
        path = prefix + [draw(_label) for _ in range(depth - len(prefix))]
        if len(dict.fromkeys(path)) == len(path):  # the reader drops repeated labels
            out.append(path)
    return out or [["合计"]]


@given(_paths())
@settings(max_examples=200, deadline=None)
def test_header_grid_flattens_back(paths: list[list[str]]) -> None:
    rows = header_grid(paths)
    cells = [[Cell(c.text if c else "", Source("t")) for c in row] for row in rows]
    assert flatten_header(cells, len(paths)) == ["/".join(p) for p in paths]


def test_money_precision() -> None:
    assert format_money(Decimal("24979.8"), 1, True) == "24,979.8"
    assert format_money(Decimal("4327.18"), 1, True) == "4,327.18"  # never fewer decimals
    assert format_money(Decimal("1656"), 2) == "1656.00"
    assert format_money(Decimal("0.035"), 2) == "0.035"
    assert cn_number(1) == "一" and cn_number(12) == "十二" and cn_number(21) == "二十一"


@pytest.mark.parametrize("name", PROFILES)
def test_profile_titles_read_back(name: str) -> None:
    """Every title a profile prints is recognised as what it is."""
    p = load_profile(name)
    for kind in table_specs():
        assert title_kind(p.table_title(kind, 2024)) == kind
    for key, title in p.sections.items():
        assert classify_heading(f"三、{p.fill(title, year=2024)}") == key


# --- generated sentences read back as their figures -------------------------------------------

_money = st.decimals(min_value=0, max_value=99999, places=2).map(lambda d: Decimal(d))
_maybe = st.one_of(st.none(), _money)
_change = st.one_of(st.none(), st.decimals(min_value=-999, max_value=999, places=2))


def _a(v: Decimal) -> Amount:
    return Amount(value=v, raw=str(v))


def _paras(pairs: list[tuple[str, str]]) -> list[Paragraph]:
    return [Paragraph(t, Source("t", line=i)) for i, (_, t) in enumerate(pairs, 1)]


@given(
    income=_maybe,
    basic=_maybe,
    personnel=_maybe,
    project=_maybe,
    change=_change,
    source=_maybe,
    style=st.sampled_from(PROFILES),
)
@settings(max_examples=150, deadline=None)
def test_overview_sentences_read_back(
    income: Decimal | None,
    basic: Decimal | None,
    personnel: Decimal | None,
    project: Decimal | None,
    change: Decimal | None,
    source: Decimal | None,
    style: str,
) -> None:
    d = Disclosure(source=SourceRef(path="t", sha256="x", format="text"), year=2024)
    ov = d.overview
    if income is not None:
        ov.income_total = ov.expenditure_total = _a(income)
    ov.basic = _a(basic) if basic is not None else None
    ov.personnel = _a(personnel) if personnel is not None else None
    ov.project = _a(project) if project is not None else None
    if source is not None:
        ov.income_by_source["一般公共预算拨款收入"] = _a(source)
    if change is not None:
        ov.changes["total" if income is not None else "basic"] = _a(Decimal(change))
    back = extract_overview(_paras(narrative.overview(d, load_profile(style))))
    for key in ("income_total", "expenditure_total", "basic", "personnel", "project"):
        want, got = getattr(ov, key), getattr(back, key)
        assert (want and want.value) == (got and got.value), key
    assert {k: a.value for k, a in back.changes.items()} == {
        k: a.value for k, a in ov.changes.items()
    }
    assert {k: a.value for k, a in back.income_by_source.items()} == {
        k: a.value for k, a in ov.income_by_source.items()
    }


@given(total=_maybe, reception=_maybe, vehicle=_maybe, change=_change, op=_maybe, prev=_maybe)
@settings(max_examples=100, deadline=None)
def test_three_public_and_operating_costs_read_back(
    total: Decimal | None,
    reception: Decimal | None,
    vehicle: Decimal | None,
    change: Decimal | None,
    op: Decimal | None,
    prev: Decimal | None,
) -> None:
    d = Disclosure(source=SourceRef(path="t", sha256="x", format="text"), year=2024)
    tp = d.three_public
    tp.total = _a(total) if total is not None else None
    tp.reception = _a(reception) if reception is not None else None
    tp.vehicle_total = _a(vehicle) if vehicle is not None else None
    if change is not None and total is not None:
        tp.change = _a(Decimal(change))
        tp.reason = "主要原因是压减公务接待支出。"
    back = extract_three_public(_paras(narrative.three_public(d)))
    for key in ("total", "reception", "vehicle_total", "change"):
        want, got = getattr(tp, key), getattr(back, key)
        assert (want and want.value) == (got and got.value), key
    assert back.reason == tp.reason
    if op is not None:
        d.operating_costs.amount = _a(op)
        if prev is not None:
            d.operating_costs.previous = _a(prev)
            d.operating_costs.change = _a(op - prev)
        oc = extract_operating_costs(_paras(narrative.operating_costs(d)))
        assert oc.amount.value == op  # type: ignore[union-attr]
        assert (oc.change and oc.change.value) == (
            d.operating_costs.change and d.operating_costs.change.value
        )


# --- formulas ---------------------------------------------------------------------------------


def _book() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "表"
    for r, (code, v) in enumerate([("204", 10), ("20402", 10), ("212", 5.5), (None, None)], 1):
        ws.cell(r, 1, code)
        ws.cell(r, 2, v)
    ws["C1"] = '=SUMIF(A1:A4,"???",B1:B4)'
    ws["C2"] = "=B1+B3*2"
    ws["C3"] = '=IF(AND(ISNUMBER(B1),ISNUMBER(B3)),B1*B3,"")'
    ws["C4"] = '=IF(B4="","",B4-1)'
    other = wb.create_sheet("说明 数据")
    other["A1"] = "='表'!C1"
    other["A2"] = "=SUM('表'!B1:B4)"
    other["A3"] = '=IFERROR(VLOOKUP("212",\'表\'!A1:B4,2,FALSE),"")'
    other["A4"] = "=VLOOKUP(\"999\",'表'!A1:B4,2,FALSE)"
    other["A5"] = "=A6"
    other["A6"] = "=A5"
    return wb


def test_formula_evaluator() -> None:
    ev = Evaluator(_book())
    assert ev.cell("表", 1, 3) == Decimal("15.5")
    assert ev.cell("表", 2, 3) == Decimal("21.0")
    assert ev.cell("表", 3, 3) == Decimal("55.0")
    assert ev.cell("表", 4, 3) == ""
    assert ev.cell("说明 数据", 1, 1) == Decimal("15.5")
    assert ev.cell("说明 数据", 2, 1) == Decimal("25.5")
    assert ev.cell("说明 数据", 3, 1) == Decimal("5.5")
    with pytest.raises(FormulaError):
        ev.cell("说明 数据", 4, 1)
    with pytest.raises(FormulaError, match="circular"):
        ev.cell("说明 数据", 5, 1)


# --- CLI and inputs ---------------------------------------------------------------------------


def _app() -> typer.Typer:
    from yusuan.cli.render import register

    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """test app"""

    return app


runner = CliRunner()


def test_guess_profile(seed: object) -> None:
    assert [guess_profile(seed(p)) for p in ("000", "001", "002", "003", "004")] == [  # type: ignore[operator]
        "hebei", "hebei", "henan", "hebei", "hebei"
    ]  # fmt: skip


def test_render_canonical_json(tmp_path: Path, seed: object) -> None:
    d = seed("004")  # type: ignore[operator]
    src = tmp_path / "004.json"
    src.write_text(d.to_json(), encoding="utf-8")
    out = tmp_path / "out.txt"
    result = runner.invoke(_app(), ["render", str(src), "--to", "txt", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "部门预算收支总表" in out.read_text(encoding="utf-8")  # hebei, guessed


def test_render_refuses_seed_with_errors(tmp_path: Path) -> None:
    from tests.conftest import seed_path

    out = tmp_path / "000.html"
    result = runner.invoke(
        _app(), ["render", str(seed_path("000")), "--to", "html", "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "N003" in result.output and not out.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"a": 1}', "schema"),
        ("{not json", "JSON"),
        (json.dumps({"schema": "yusuan.disclosure/1", "year": "x"}), "yusuan.disclosure/1"),
    ],
)
def test_bad_json_input(tmp_path: Path, content: str, words: str) -> None:
    src = tmp_path / "x.json"
    src.write_text(content, encoding="utf-8")
    result = runner.invoke(_app(), ["render", str(src), "--to", "txt"])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output


def test_missing_input_and_same_output(tmp_path: Path, seed: object) -> None:
    result = runner.invoke(_app(), ["render", str(tmp_path / "nope.xlsx"), "--to", "pdf"])
    assert result.exit_code == 2 and "不存在" in result.output
    src = tmp_path / "x.json"
    src.write_text(seed("004").to_json(), encoding="utf-8")  # type: ignore[operator]
    result = runner.invoke(_app(), ["render", str(src), "--to", "txt", "-o", str(src)])
    assert result.exit_code == 2 and "相同" in result.output

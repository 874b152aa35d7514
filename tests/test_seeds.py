"""Every seed against hand-verified expectations in tests/expected/NNN.json.

The expected files were written by reading the documents, not from yusuan's output; see each
file's "notes" for the judgement calls. Money compares as Decimal, so "192" == "192.00".
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from yusuan.model import Amount, Disclosure, TableModel
from yusuan.vocab.text import squash

EXPECTED_DIR = Path(__file__).parent / "expected"
SEEDS = sorted(p.stem for p in EXPECTED_DIR.glob("*.json"))


def expected(prefix: str) -> dict[str, Any]:
    return json.loads((EXPECTED_DIR / f"{prefix}.json").read_text(encoding="utf-8"))


def dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Amount):
        return value.value
    return Decimal(str(value))


def leading_number(text: str | None) -> Decimal | None:
    m = re.match(r"\s*(\d+(?:\.\d+)?)", text or "")
    return Decimal(m.group(1)) if m else None


@pytest.mark.parametrize("prefix", SEEDS)
def test_header(seed: Any, prefix: str) -> None:
    d: Disclosure = seed(prefix)
    exp = expected(prefix)
    assert d.year == exp["year"]
    assert d.money_unit == exp["money_unit"]
    assert d.unit.name is not None and squash(exp["unit_name"]) in squash(d.unit.name)
    if "responsibilities_count" in exp:
        assert len(d.responsibilities) == exp["responsibilities_count"]
    if "glossary_count" in exp:
        assert len(d.glossary) == exp["glossary_count"]
    if "organisations" in exp:
        got = [o.model_dump() for o in d.organisations]
        assert got == exp["organisations"]


@pytest.mark.parametrize("prefix", SEEDS)
def test_overview_figures(seed: Any, prefix: str) -> None:
    d: Disclosure = seed(prefix)
    exp = expected(prefix).get("overview")
    if exp is None:
        assert d.overview.income_total is None
        return
    for key, value in exp.items():
        if key == "income_by_source":
            got = {k: v.value for k, v in d.overview.income_by_source.items()}
            assert got == {k: dec(v) for k, v in value.items()}
        elif key == "changes":
            got = {k: v.value for k, v in d.overview.changes.items()}
            assert got == {k: dec(v) for k, v in value.items()}
        else:
            assert dec(getattr(d.overview, key)) == dec(value), key


@pytest.mark.parametrize("prefix", SEEDS)
def test_operating_costs_and_three_public(seed: Any, prefix: str) -> None:
    d: Disclosure = seed(prefix)
    exp = expected(prefix)
    assert dec(d.operating_costs.amount) == dec(exp.get("operating_costs"))
    for key, value in (exp.get("three_public") or {}).items():
        assert dec(getattr(d.three_public, key)) == dec(value), key
    if not exp.get("three_public"):
        assert d.three_public.total is None


def _printed_lines(table: TableModel) -> dict[str | None, list[Decimal | None]]:
    """Two-sided tables keep each side as its own row; join them back per printed line."""
    lines: dict[str | None, list[Decimal | None]] = {}
    for row in table.rows:
        lines.setdefault(row.source, []).extend(v.value if v else None for v in row.values.values())
    return lines


@pytest.mark.parametrize("prefix", SEEDS)
def test_standard_tables(seed: Any, prefix: str) -> None:
    d: Disclosure = seed(prefix)
    exp_tables = expected(prefix).get("tables", [])
    assert [t.kind for t in d.tables] == [t["kind"] for t in exp_tables]
    for table, exp in zip(d.tables, exp_tables, strict=True):
        assert squash(table.title) == squash(exp["title"])
        assert table.empty == exp["empty"], table.title
        lines = _printed_lines(table)
        assert len(lines) == exp["data_row_count"], table.title
        for sample in exp["rows_sample"]:
            name = squash(sample["name"])
            row = next((r for r in table.rows if name in (r.name, r.category)), None)
            assert row is not None, f"{table.title}: row {name} missing"
            assert row.code == sample["code"], name
            printed = [v for v in lines[row.source] if v is not None]
            assert printed == [dec(v) for v in sample["values"] if v is not None], name


@pytest.mark.parametrize("prefix", SEEDS)
def test_procurement(seed: Any, prefix: str) -> None:
    d: Disclosure = seed(prefix)
    exp = expected(prefix).get("procurement")
    if exp is None:
        assert not d.procurement.items
        return
    assert dec(d.procurement.total) == dec(exp["total"])
    assert len(d.procurement.items) == len(exp["items"])
    for item, e in zip(d.procurement.items, exp["items"], strict=True):
        assert squash(item.project or "") == squash(e["project"])
        assert dec(item.project_budget) == dec(e.get("project_budget"))
        assert squash(item.item or "") == squash(e["item"])
        assert item.catalog_code == e["catalog_code"]
        assert item.measure == e.get("measure")
        assert item.quantity == dec(e.get("quantity"))
        assert dec(item.unit_price) == dec(e.get("unit_price"))
        assert dec(item.amount) == dec(e["amount"])


@pytest.mark.parametrize("prefix", SEEDS)
def test_assets(seed: Any, prefix: str) -> None:
    d: Disclosure = seed(prefix)
    exp = expected(prefix).get("assets")
    if exp is None:
        assert not d.assets.items
        return
    assert d.assets.as_of == exp["as_of"]
    assert dec(d.assets.total) == dec(exp["total"])
    assert dec(d.assets.planned_purchase) == dec(exp.get("planned_purchase"))
    assert [squash(i.category) for i in d.assets.items] == [
        squash(e["category"]) for e in exp["items"]
    ]
    for item, e in zip(d.assets.items, exp["items"], strict=True):
        assert item.quantity == leading_number(e.get("quantity")), item.category
        assert dec(item.value) == dec(e.get("value")), item.category

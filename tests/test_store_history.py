"""Cross-document rules (H): last year's stored disclosure and the department's sub-units."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from yusuan.model import Amount, Disclosure, Organisation, SourceRef, TableModel, TableRow, Unit
from yusuan.store import schema as s
from yusuan.store.db import Store
from yusuan.store.history import StoredHistory, run_check
from yusuan.store.loader import store_disclosure

pytest_plugins = ["tests.conftest_store"]
_sha = iter(range(1, 10_000))


def amount(v: str) -> Amount:
    return Amount(value=Decimal(v), raw=f"{v}万元", source="made.txt:1")


CONSISTENT_2019 = {  # seed 000's figures less its stated changes
    "overview__expenditure_total": "8499.65",
    "overview__basic": "5225.37",
    "overview__project": "2554.28",
    "three_public__total": "145.46",
}


def shifted(d: Disclosure, year: int, **figures: str) -> Disclosure:
    """A copy of ``d`` for another year, as another file, with some figures replaced."""
    out = d.model_copy(deep=True)
    out.year = year
    out.source = SourceRef(path=f"{year}.txt", sha256=f"{next(_sha):064x}", format="text")
    for field, value in figures.items():
        part, _, attr = field.partition("__")
        setattr(getattr(out, part), attr, amount(value))
    return out


def store(url: str, *docs: Disclosure) -> list[int]:
    ids = []
    with Store(url) as st:
        for d in docs:
            with st.session() as session:
                o = store_disclosure(session, d)
                assert o.status == "loaded", o
                ids.append(o.disclosure_id)
    return ids


def findings(url: str, did: int, prefix: str = "H") -> list[s.FindingRow]:
    with Store(url) as st, st.sessions() as session:
        return list(
            session.scalars(
                select(s.FindingRow).where(
                    s.FindingRow.disclosure_id == did, s.FindingRow.code.like(f"{prefix}%")
                )
            )
        )


def status(url: str, did: int, code: str) -> str:
    with Store(url) as st, st.sessions() as session:
        row = session.get(s.Disclosure, did)
        assert row is not None
        return next(c["status"] for c in row.coverage if c["code"] == code)


def test_without_history_the_rules_do_not_apply(seed: Any) -> None:
    report = run_check(seed("000"), None)
    h = {c.code: c.status for c in report.coverage if c.code.startswith("H")}
    assert h == dict.fromkeys(("H001", "H002", "H003", "H004"), "not_applicable")


def test_stated_changes_agree_with_last_year(db_url: str, seed: Any) -> None:
    d = seed("000")  # 支出 8579.96 (+80.31), 基本 5089.05 (−136.32), 项目 2770.91 (+216.63)
    prev = shifted(d, 2019, **CONSISTENT_2019)
    _, did = store(db_url, prev, d)
    assert findings(db_url, did) == []
    assert status(db_url, did, "H001") == "passed"
    assert status(db_url, did, "H002") == "passed"


def test_a_wrong_change_is_found(db_url: str, seed: Any) -> None:
    d = seed("000")
    prev = shifted(d, 2019, **{**CONSISTENT_2019, "overview__expenditure_total": "8400.00"})
    _, did = store(db_url, prev, d)
    [f] = findings(db_url, did)
    assert f.code == "H001" and f.severity == "warning"
    assert (f.expected, f.actual) == ("179.96", "80.31")  # 8579.96 − 8400.00
    assert "2019" in f.message and "8400.00" in f.message
    assert f.locations[-1]["source"] == "made.txt:1"  # points into last year's document too
    with Store(db_url) as st, st.sessions() as session:
        row = session.get(s.Disclosure, did)
        assert row is not None and row.warnings >= 1


def test_last_year_loaded_afterwards_rechecks_this_year(db_url: str, seed: Any) -> None:
    d = seed("000")
    [did] = store(db_url, d)
    assert status(db_url, did, "H001") == "not_applicable"
    before = len(findings(db_url, did, ""))
    store(db_url, shifted(d, 2019, **{**CONSISTENT_2019, "overview__expenditure_total": "8400.00"}))
    assert status(db_url, did, "H001") == "failed"
    assert [f.code for f in findings(db_url, did)] == ["H001"]
    assert len(findings(db_url, did, "")) == before + 1
    # A corrected 2019 replaces the comparison: the finding goes away.
    store(db_url, shifted(d, 2019, **CONSISTENT_2019))
    assert findings(db_url, did) == []
    assert status(db_url, did, "H001") == "passed"


def test_three_public_change(db_url: str, seed: Any) -> None:
    d = seed("003")  # “三公”经费 6.5 万元，比上年减少 2.5 万元
    assert d.three_public.change is not None and d.three_public.change.value == Decimal("-2.5")
    _, ok = store(db_url, shifted(d, 2019, three_public__total="9"), d)
    assert [f.code for f in findings(db_url, ok) if f.code == "H002"] == []
    assert status(db_url, ok, "H002") == "passed"


def test_three_public_change_wrong(db_url: str, seed: Any) -> None:
    d = seed("003")
    _, bad = store(db_url, shifted(d, 2019, three_public__total="10"), d)
    [f] = [f for f in findings(db_url, bad) if f.code == "H002"]
    assert (f.expected, f.actual) == ("-3.5", "-2.5")


def _doc(name: str, year: int, total: str | None = None, **kw: Any) -> Disclosure:
    d = Disclosure(
        source=SourceRef(path=f"{name}{year}.txt", sha256=f"{next(_sha):064x}", format="text"),
        year=year,
        unit=Unit(name=name),
        **kw,
    )
    if total is not None:
        d.overview.expenditure_total = amount(total)
    return d


def _three_public_table(columns: list[str], values: dict[str, list[str]]) -> TableModel:
    rows = [
        TableRow(name=name, values={c: amount(v) for c, v in zip(columns, vs, strict=True)})
        for name, vs in values.items()
    ]
    return TableModel(kind="three_public", title="“三公”经费预算表", columns=columns, rows=rows)


def test_last_years_column_matches_last_years_table(db_url: str) -> None:
    prev = _doc(
        "某县公安局",
        2019,
        tables=[_three_public_table(["2019年预算数"], {"合计": ["12"], "公务接待费": ["3.50"]})],
    )
    now = _doc(
        "某县公安局",
        2020,
        tables=[
            _three_public_table(
                ["2019年预算数", "2020年预算数"],
                {"合计": ["12", "11"], "公务接待费": ["3.00", "2.50"]},
            )
        ],
    )
    _, did = store(db_url, prev, now)
    [f] = findings(db_url, did)
    assert f.code == "H003" and (f.expected, f.actual) == ("3.50", "3.00")
    assert f.locations[0]["column"] == "2019年预算数" and f.locations[0]["row"] == "公务接待费"


def test_sub_units_sum_to_the_department(db_url: str) -> None:
    orgs = [Organisation(name="某市公安局本级"), Organisation(name="某市公安局交警支队")]
    dept = _doc("某市公安局", 2023, "300.00", organisations=orgs)
    [dept_id] = store(db_url, dept)
    assert status(db_url, dept_id, "H004") == "not_applicable"
    store(db_url, _doc("某市公安局本级", 2023, "200.00"))
    assert status(db_url, dept_id, "H004") == "not_applicable"  # one of two stored
    store(db_url, _doc("某市公安局交警支队", 2023, "90.00"))
    [f] = findings(db_url, dept_id)
    assert f.code == "H004" and (f.expected, f.actual) == ("290.00", "300.00")


def test_sub_units_that_agree(db_url: str) -> None:
    orgs = [Organisation(name="甲单位"), Organisation(name="乙单位")]
    ids = store(
        db_url,
        _doc("甲单位", 2023, "1.50"),
        _doc("乙单位", 2023, "2.25"),
        _doc("某部门", 2023, "3.75", organisations=orgs),
    )
    assert findings(db_url, ids[2]) == [] and status(db_url, ids[2], "H004") == "passed"


def test_history_reads_only_current_versions(db_url: str, seed: Any) -> None:
    d = seed("000")
    store(db_url, shifted(d, 2019, **{**CONSISTENT_2019, "overview__expenditure_total": "8400.00"}))
    store(db_url, shifted(d, 2019, **CONSISTENT_2019))  # version 2
    with Store(db_url) as st, st.sessions() as session:
        h = StoredHistory(session, unit_key="河北省廊坊市公安局安次分局", year=2020, kind="budget")
        prev = h.previous()
        assert prev is not None and prev.overview.expenditure_total is not None
        assert prev.overview.expenditure_total.value == Decimal("8499.65")
        assert h.member("河北省廊坊市公安局安次分局") is None  # a unit is not its own member


@pytest.mark.parametrize("code", ["H001", "H002", "H003", "H004"])
def test_rules_are_documented(code: str) -> None:
    import yusuan.check.rules.history  # noqa: F401
    from yusuan.check.registry import REGISTRY

    r = REGISTRY[code]
    assert r.family == "H" and all(x.strip() for x in (r.title, r.what, r.why, r.example, r.fix))

"""The store's lists (the library, a project search) on SQLite and PostgreSQL: sorted, filtered,
counted and paged in the database, the same on both back ends."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, select, text, update

from tests.conftest import SEEDS
from yusuan.store import schema as s
from yusuan.store import service
from yusuan.store.db import Store
from yusuan.store.loader import load_paths
from yusuan.store.queries import list_disclosures

pytest_plugins = ["tests.conftest_store"]


def _loaded(url: str) -> Store:
    """A store with the five seeds loaded (to change: tests of the shared one only read)."""
    files = sorted(SEEDS.glob("*.txt"))
    if len(files) < 5:
        pytest.skip(f"seeds not found in {SEEDS}")
    st = Store(url)
    assert [o.status for o in load_paths(st, files)] == ["loaded"] * 5
    return st


def test_amounts_sort_as_numbers(db_url: str) -> None:
    # Digit counts differ: compared as text, "10150.48" < "1212.12" < "9.5".
    totals = ["10150.48", "1212.12", "13649.07", "9.5", None]
    with _loaded(db_url) as st:
        with st.session() as session:
            ids = [r["id"] for r in list_disclosures(session, sort="id")]
            for did, v in zip(ids, totals, strict=True):
                session.execute(
                    update(s.Disclosure)
                    .where(s.Disclosure.id == did)
                    .values(expenditure_total=None if v is None else Decimal(v))
                )
        with st.sessions() as session:
            up = list_disclosures(session, sort="expenditure_total")
            down = list_disclosures(session, sort="expenditure_total", desc=True)

    def shown(rows: list[dict[str, Any]]) -> list[str | None]:
        return [
            None if r["expenditure_total"] is None else str(r["expenditure_total"]) for r in rows
        ]

    assert shown(up) == ["9.5", "1212.12", "10150.48", "13649.07", None]
    assert shown(down) == ["13649.07", "10150.48", "1212.12", "9.5", None]  # empty last both ways


def test_regions_sort_by_code_point(seeded_url: str) -> None:
    """Province, then city, then county, each by code point (the server's collation aside),
    empty parts last; ties by unit name."""
    with Store(seeded_url) as st, st.sessions() as session:
        rows = list_disclosures(session, sort="region")

    def key(r: dict[str, Any]) -> tuple[Any, ...]:
        parts = (r["province"], r["city"], r["county"])
        return (*((x is None, x or "") for x in parts), r["unit"])

    assert len({key(r)[:3] for r in rows}) > 2
    assert [r["id"] for r in rows] == [r["id"] for r in sorted(rows, key=key)]


def _like_counts(url: str, term: str, by: str) -> dict[Any, int]:
    """How many current projects mention ``term``, by the disclosure's ``by`` (plain LIKE)."""
    with Store(url) as st, st.engine.connect() as c:
        rows = c.execute(
            text(
                f"SELECT d.{by}, count(*) FROM projects p "
                "JOIN disclosures d ON d.id = p.disclosure_id "
                "WHERE d.is_current AND p.search_text LIKE :t GROUP BY d." + by
            ),
            {"t": f"%{term}%"},
        ).all()
    return {k: n for k, n in rows if k is not None}


def test_project_search_filters_and_counts_every_hit(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filters and facet counts cover every project found, not only the ranked first ones."""
    by_year = _like_counts(seeded_url, "经费", "year")
    by_unit = _like_counts(seeded_url, "经费", "unit_name")
    cap = max(by_year.values()) + 2
    assert sum(by_year.values()) > cap  # more hits than are ranked
    monkeypatch.setattr(service, "PROJECT_SEARCH_MAX", cap)
    with Store(seeded_url) as st, st.sessions() as session:
        everything = service.project_search(session, "经费")
        assert everything.capped and everything.total == cap
        facets = {f.key: {v.value: v.count for v in f.values} for f in everything.facets}
        assert facets["year"] == {str(y): n for y, n in by_year.items()}
        assert facets["unit"] == by_unit
        year = min(by_year, key=lambda y: -by_year[y])
        one_year = service.project_search(session, "经费", year=year, size=20, page=3)
        assert not one_year.capped and one_year.total == by_year[year]
        assert len(one_year.rows) == by_year[year] - 40 and {r["year"] for r in one_year.rows} == {
            year
        }
        counted = {f.key: {v.value: v.count for v in f.values} for f in one_year.facets}
        assert counted["year"] == facets["year"]  # its own filter left out
        assert sum(counted["unit"].values()) == by_year[year]
        unit = min(by_unit, key=lambda u: by_unit[u])
        one_unit = service.project_search(session, "经费", unit=unit)
        assert one_unit.total == by_unit[unit] and {r["unit"] for r in one_unit.rows} == {unit}
        assert all(isinstance(r["disclosure_id"], int) for r in one_unit.rows)


def test_a_region_chosen_from_the_facet_gives_what_it_counted(db_url: str) -> None:
    with _loaded(db_url) as st:
        with st.session() as session:
            # A unit known by its province only: the facet counts it under 河北省.
            u = session.scalars(select(s.Unit).where(s.Unit.name.like("%保定%"))).one()
            service.set_region(u, "河北省", "", "")
        with st.sessions() as session:
            page = service.library(session)
            (regions,) = [f for f in page.facets if f.key == "region"]
            counted = {v.value: v.count for v in regions.values}
            assert counted["河北省"] == 1 and counted["廊坊市"] == 2
            for value, n in counted.items():
                chosen = service.library(session, region=value)
                assert chosen.total == n == len(chosen.rows), value
            # Typed text still finds a part of any of the three names.
            assert len(list_disclosures(session, region="河北")) == 4


def test_the_library_reads_no_long_columns(seeded_url: str) -> None:
    """A list needs a few columns of each disclosure: not its free-form parts (``extra``, most
    of it the narrative's passages) nor the check's coverage ledger."""
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    with Store(seeded_url) as st:
        event.listen(st.engine, "before_cursor_execute", seen)
        with st.sessions() as session:
            rows = service.library(session).rows
    listing = [q for q in statements if "disclosures" in q]
    assert len(rows) == 5 and listing
    for q in listing:
        assert "disclosures.extra" not in q and "disclosures.coverage" not in q, q

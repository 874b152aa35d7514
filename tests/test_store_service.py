"""The store's use cases (store/service.py), which the command line and the web app share:
compare, delete with promotion of the previous version, store a checked upload."""

from __future__ import annotations

from pathlib import Path

import pytest

import yusuan
from tests.conftest import seed_path
from yusuan.errors import YusuanError
from yusuan.store import schema as s
from yusuan.store import service
from yusuan.store.db import Store
from yusuan.store.queries import find_unit, years_of

pytest_plugins = ["tests.conftest_store"]


def _corrected(tmp_path: Path, prefix: str, note: str) -> Path:
    """The seed re-published with a note added: another file of the same unit and year."""
    p = tmp_path / f"{prefix}-{note}.txt"
    p.write_text(seed_path(prefix).read_text(encoding="utf-8") + f"\n附注 {note}\n", "utf-8")
    return p


def test_delete_promotes_the_previous_version(db_url: str, tmp_path: Path) -> None:
    with Store(db_url) as store:
        outcomes = yusuan.load(store, [seed_path("003"), _corrected(tmp_path, "003", "v2")])
        assert [o.version for o in outcomes] == [1, 2]
        first, second = (o.disclosure_id for o in outcomes)
        assert first is not None and second is not None
        with store.session() as session:
            info = service.delete_disclosure(session, second)
        assert info["version"] == 2
        with store.sessions() as session:
            assert session.get(s.Disclosure, second) is None
            assert session.get(s.Disclosure, first).is_current  # type: ignore[union-attr]
            with pytest.raises(service.NotFound, match="库中没有编号为"):
                service.delete_disclosure(session, second)


def test_store_checked_says_loaded_then_skipped(db_url: str) -> None:
    d = yusuan.open(seed_path("004"))
    with Store(db_url) as store:
        with store.session() as session:
            did, status = service.store_checked(session, d, size=1)
        assert status == "loaded" and did > 0
        with store.session() as session:
            again, status = service.store_checked(session, d)
        assert (again, status) == (did, "skipped")


def test_compare_one_unit_over_its_years_and_the_errors(db_url: str, tmp_path: Path) -> None:
    with Store(db_url) as store:
        yusuan.load(store, [seed_path("000"), seed_path("003")])
        with store.sessions() as session:
            unit = find_unit(session, "安次分局")
            other = find_unit(session, "大城")
            years = years_of(session, unit.id, "budget")
            assert years == [2020]
            c = service.compare(session, [unit.id], [])
            assert c.by_year and c.years == years and len(c.disclosures) == 1
            records = c.records(["this year"])
            assert {r["column"] for r in records} == {"this year"}
            with pytest.raises(service.NotFound, match=r"库中没有 .* 1999 年的预算文件"):
                service.compare(session, [unit.id], [1999])
            with pytest.raises(service.NotFound, match="没有编号为 999999 的单位"):
                service.compare(session, [unit.id, 999999], [])
            with pytest.raises(YusuanError, match="只能给一个年度"):
                service.compare(session, [unit.id, other.id], [2019, 2020])
            with pytest.raises(YusuanError, match="未知的文件类型"):
                service.compare(session, [unit.id], [], kind="plan")
            both = service.compare(session, [unit.id, other.id], [])
            assert not both.by_year and [u.id for u in both.units] == [unit.id, other.id]
            assert both.years == [2020]  # the year both seeds' titles name

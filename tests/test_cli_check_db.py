"""`yusuan check --db`: the cross-year rules run against stored disclosures, nothing is written."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.cli import app
from yusuan.model import Amount, SourceRef
from yusuan.store import schema as s
from yusuan.store.db import Store
from yusuan.store.loader import store_disclosure

runner = CliRunner()


def _amount(v: str) -> Amount:
    return Amount(value=Decimal(v), raw=f"{v}万元", source="2019.txt:7")


def _last_year(seed: Any, expenditure: str) -> Any:
    """Seed 000 as if it were the 2019 disclosure: its figures less the changes 000 states
    (基本 −136.32, 项目 +216.63, 三公 …), with the expenditure total given."""
    d = seed("000").model_copy(deep=True)
    d.year = 2019
    d.source = SourceRef(path="2019.txt", sha256="ab" * 32, format="text")
    d.overview.expenditure_total = _amount(expenditure)
    d.overview.basic = _amount("5225.37")
    d.overview.project = _amount("2554.28")
    d.three_public.total = _amount("145.46")
    return d


def _check(db: str) -> tuple[int, list[dict[str, Any]]]:
    r = runner.invoke(
        app, ["check", str(seed_path("000")), "--db", db, "--select", "H", "--format", "json"]
    )
    [doc] = json.loads(r.stdout)["documents"]
    return r.exit_code, doc["findings"]


def _documents(url: str) -> int:
    with Store(url) as st, st.sessions() as session:
        return session.scalar(select(func.count(s.Document.id))) or 0


def test_stated_change_is_compared_with_the_stored_year(tmp_path: Path, seed: Any) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    with Store(url) as st, st.session() as session:
        store_disclosure(session, _last_year(seed, "8400.00"))
    code, found = _check(url)
    # 000 says 8579.96, "比上年增加 80.31"; last year stored 8400.00 → the change is 179.96.
    assert [f["code"] for f in found] == ["H001"]
    assert (found[0]["expected"], found[0]["actual"]) == ("179.96", "80.31")
    assert code == 0  # H001 is a warning
    assert _documents(url) == 1  # the checked file was not stored


def test_agreeing_year_gives_no_finding(tmp_path: Path, seed: Any) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    with Store(url) as st, st.session() as session:
        store_disclosure(session, _last_year(seed, "8499.65"))  # 8579.96 − 80.31
    assert _check(url) == (0, [])


def test_without_db_the_history_rules_do_not_run(seed: Any) -> None:
    r = runner.invoke(app, ["check", str(seed_path("000")), "--select", "H", "--format", "json"])
    [doc] = json.loads(r.stdout)["documents"]
    assert doc["findings"] == []
    assert {c["status"] for c in doc["coverage"]} == {"not_applicable"}


def test_unopenable_database_is_a_clear_error(tmp_path: Path) -> None:
    r = runner.invoke(app, ["check", str(seed_path("000")), "--db", "nosuchdb://x"])
    assert r.exit_code == 2
    assert "数据库" in r.output and "database" in r.output


def test_a_missing_database_is_not_created(tmp_path: Path) -> None:
    target = tmp_path / "typo" / "h.db"
    r = runner.invoke(app, ["check", str(seed_path("000")), "--db", str(target)])
    assert r.exit_code == 2
    assert "数据库不存在" in r.output and "no database" in r.output
    assert not target.exists() and not target.parent.exists()


def test_a_file_that_is_not_a_store_is_refused_and_left_alone(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE t (x)")
    before = other.read_bytes()
    r = runner.invoke(app, ["check", str(seed_path("000")), "--db", str(other)])
    assert r.exit_code == 2 and "yusuan" in r.output
    assert other.read_bytes() == before

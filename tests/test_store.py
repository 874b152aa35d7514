"""The store on SQLite and PostgreSQL: schema, round trip, idempotent and versioned loading,
crash safety, queries with identical results on both, hand-checked compare and benchmark figures."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from tests.conftest import SEEDS, seed_path
from yusuan.cli import app as store_app
from yusuan.store import schema as s
from yusuan.store.db import Store
from yusuan.store.loader import load_paths, store_disclosure
from yusuan.store.mapping import rebuild

pytest_plugins = ["tests.conftest_store"]
runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]

ENTITY_TABLES = (
    "documents", "units", "disclosures", "organisations", "figures", "three_public", "budget_tables",
    "table_rows", "table_cells", "projects", "indicators", "procurement_items", "asset_items",
    "findings", "unit_costs",
)  # fmt: skip


def seed_files() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt"))
    if len(files) < 5:
        pytest.skip(f"seeds not found in {SEEDS}")
    return files


def counts(url: str) -> dict[str, int]:
    with Store(url) as st, st.engine.connect() as c:
        return {t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in ENTITY_TABLES}


def cli(*args: str) -> Any:
    return runner.invoke(store_app, list(args))


def as_json(url: str, *args: str) -> Any:
    r = cli(*args, "--db", url, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


# --- schema -----------------------------------------------------------------------------------


def test_migrations_match_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with Store(db_url) as st, st.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), s.Base.metadata)
    # The search indexes (FTS5 tables, the pg_trgm index) are made by hand in the migration, as
    # each back end has its own; the ORM does not model them.
    search = (
        "project_fts",
        "project_bigrams",
        "ix_projects_search_trgm",
        "ix_project_bigrams_trgm",
    )
    diff = [
        d
        for d in diff
        if not (d[0] in ("remove_table", "remove_index") and d[1].name.startswith(search))
    ]
    assert diff == []


def test_opening_twice_does_not_migrate_again(db_url: str) -> None:
    from yusuan.store.db import current_revision, head_revision

    with Store(db_url) as st:
        assert current_revision(st.engine) == head_revision() == "0004"
    with Store(db_url) as st:
        assert st.has_table("unit_costs")


def test_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from yusuan.store import db

    monkeypatch.delenv("YUSUAN_DB", raising=False)
    monkeypatch.setattr(db, "default_path", lambda: tmp_path / "data" / "yusuan.db")
    assert db.resolve_url() == f"sqlite:///{tmp_path / 'data' / 'yusuan.db'}"
    monkeypatch.setenv("YUSUAN_DB", str(tmp_path / "env.db"))
    assert db.resolve_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert db.resolve_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.resolve_url("sqlite:///x.db") == "sqlite:///x.db"


def test_unreachable_database_is_one_line_error(tmp_path: Path) -> None:
    r = cli("ls", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert r.exit_code == 2
    assert "无法打开数据库" in r.output and "Traceback" not in r.output
    r = cli("ls", "--db", "nosuchdialect://x")
    assert r.exit_code == 2 and "Traceback" not in r.output


# --- loading ----------------------------------------------------------------------------------


def test_every_seed_round_trips(seeded_url: str, seed: Any) -> None:
    with Store(seeded_url) as st, st.sessions() as session:
        ids = dict(
            session.execute(
                select(s.Document.path, s.Disclosure.id).join(
                    s.Disclosure, s.Disclosure.document_id == s.Document.id
                )
            ).all()
        )
        for f in seed_files():
            stored = rebuild(session, ids[str(f)])
            assert stored == seed(f.name[:3]), f.name


def test_loading_twice_changes_nothing(db_url: str) -> None:
    with Store(db_url) as st:
        first = load_paths(st, [seed_files()[0].parent])
    before = counts(db_url)
    r = cli("load", str(seed_files()[0].parent), "--db", db_url)
    assert r.exit_code == 0, r.output
    assert "跳过 skipped 5" in r.output and "载入 loaded 0" in r.output
    assert counts(db_url) == before
    assert [o.status for o in first] == ["loaded"] * 5
    assert before["disclosures"] == before["documents"] == 5


def test_corrected_republication_is_a_new_version(db_url: str, tmp_path: Path) -> None:
    original = seed_path("000")
    corrected = tmp_path / "000_corrected.txt"
    corrected.write_text(
        original.read_text(encoding="utf-8").replace("基本支出5089.05万元", "基本支出5809.05万元"),
        encoding="utf-8",
    )
    assert corrected.read_bytes() != original.read_bytes()
    assert cli("load", str(original), "--db", db_url).exit_code == 0
    r = cli("load", str(corrected), "--db", db_url)
    assert r.exit_code == 0 and "version 2" in r.output, r.output
    current = as_json(db_url, "ls")
    assert [(d["version"], d["current"]) for d in current] == [(2, True)]
    both = as_json(db_url, "ls", "--all-versions")
    assert [(d["version"], d["current"]) for d in both] == [(1, False), (2, True)]
    shown = cli("show", "安次分局", "2020", "--db", db_url, "--format", "json")
    assert json.loads(shown.stdout)["overview"]["basic"]["value"] == "5809.05"
    old = cli("show", "安次分局", "2020", "--version", "1", "--db", db_url, "--format", "json")
    assert json.loads(old.stdout)["overview"]["basic"]["value"] == "5089.05"


def test_bad_files_fail_alone(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4\n\x00\x01garbage")
    good = tmp_path / "good.txt"
    good.write_bytes(seed_path("004").read_bytes())
    r = cli("load", str(tmp_path), "--db", db_url)
    assert r.exit_code == 2
    assert "失败 failed 2" in r.output and "载入 loaded 1" in r.output
    assert "文件为空" in r.output and "Traceback" not in r.output
    assert counts(db_url)["disclosures"] == 1


def test_a_failure_while_storing_rolls_back(
    db_url: str, seed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yusuan.store.mapping as mapping

    real = mapping.insert_disclosure_parts

    def broken(session: Any, d: Any, did: int) -> None:
        real(session, d, did)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("yusuan.store.loader.insert_disclosure_parts", broken)
    with Store(db_url) as st:
        [o] = load_paths(st, [seed_path("003")])
    assert o.status == "failed" and "disk on fire" in (o.reason or "")
    assert set(counts(db_url).values()) == {0}


CRASH_SCRIPT = """
import os, signal, sys
from pathlib import Path
import yusuan.store.loader as loader
from yusuan.store.db import Store

real = loader.insert_disclosure_parts
calls = []

def dying(session, d, did):
    real(session, d, did)  # every row of the document is written, not yet committed
    calls.append(did)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)

loader.insert_disclosure_parts = dying
with Store(sys.argv[1]) as st:
    loader.load_paths(st, [Path(p) for p in sys.argv[2:]])
"""


def test_killed_mid_load_leaves_whole_disclosures(db_url: str) -> None:
    files = [str(f) for f in seed_files()]
    proc = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, db_url, *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    after = counts(db_url)
    assert after["documents"] == after["disclosures"] == 2  # the third died uncommitted
    with Store(db_url) as st, st.sessions() as session:
        stored = session.scalars(select(s.Disclosure.id)).all()
        for table in ENTITY_TABLES[3:]:
            model = next(
                m for m in s.Base.registry.mappers if m.class_.__tablename__ == table
            ).class_
            if hasattr(model, "disclosure_id"):
                orphans = session.scalar(
                    select(func.count())
                    .select_from(model)
                    .where(model.disclosure_id.not_in(stored))
                )
                assert orphans == 0, table
        for did in stored:  # what is there is complete
            d = rebuild(session, did)
            assert d.unit.name
    # The interrupted run is simply run again.
    r = cli("load", *files, "--db", db_url)
    assert r.exit_code == 0 and "载入 loaded 3" in r.output and "跳过 skipped 2" in r.output


def test_killed_from_outside_leaves_a_consistent_database(db_url: str, tmp_path: Path) -> None:
    files = []
    for i in range(6):  # distinct files so nothing is skipped
        f = tmp_path / f"copy{i}.txt"
        f.write_text(
            seed_path("002").read_text(encoding="utf-8") + f"\n附注 {i}\n", encoding="utf-8"
        )
        files.append(str(f))
    proc = subprocess.Popen(
        [sys.executable, "-m", "yusuan.cli", "load", *files, "--db", db_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import time

    deadline = time.monotonic() + 60
    while counts(db_url)["disclosures"] < 1 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    c = counts(db_url)
    assert c["documents"] == c["disclosures"]
    per_doc = c["table_cells"] // max(c["disclosures"], 1)
    assert c["table_cells"] == per_doc * c["disclosures"]  # no document half-stored
    r = cli("load", *files, "--db", db_url)
    assert r.exit_code == 0
    assert counts(db_url)["disclosures"] == 6


# --- queries: the same answers on both back ends ------------------------------------------------

QUERIES: list[tuple[str, ...]] = [
    ("ls",),
    ("ls", "--region", "河北"),
    ("ls", "--has-errors"),
    ("ls", "--year", "2023", "--no-errors"),
    ("compare", "安次分局", "济源市公安局", "大城县委政法委员会", "--year", "2020"),
    ("compare", "济源市公安局"),
    ("projects", "视频监控"),
    ("projects", "监控"),
    ("projects", "路", "摄像头"),
    ("projects", "维护", "--region", "唐山"),
    ("benchmark",),
    ("benchmark", "--loose", "--outliers"),
    ("show", "唐山市公安局高新技术产业开发区分局(本级)", "2023"),
]
VOLATILE = {"loaded_at", "path"}


def _stable(rows: Any) -> Any:
    if isinstance(rows, list):
        return [_stable(r) for r in rows]
    if isinstance(rows, dict):
        return {k: _stable(v) for k, v in rows.items() if k not in VOLATILE}
    return rows


@pytest.fixture(scope="module")
def answers() -> dict[str, dict[tuple[str, ...], Any]]:
    return {}


@pytest.mark.parametrize("query", QUERIES, ids=[" ".join(q) for q in QUERIES])
def test_queries_agree_across_back_ends(
    query: tuple[str, ...], seeded_url: str, backend: Any, answers: dict[str, Any]
) -> None:
    got = _stable(as_json(seeded_url, *query))
    assert got, f"{query} found nothing"
    answers.setdefault(" ".join(query), {})[backend.name] = got
    seen = answers[" ".join(query)]
    if len(seen) == 2:
        assert seen["sqlite"] == seen["postgresql"]


def test_query_formats(seeded_url: str, tmp_path: Path) -> None:
    for fmt in ("table", "csv", "json"):
        r = cli("ls", "--db", seeded_url, "--format", fmt)
        assert r.exit_code == 0 and "济源" in r.stdout, (fmt, r.output)
    listed = {d["unit"]: d["expenditure_total"] for d in as_json(seeded_url, "ls")}
    assert listed["济源市公安局"] == "27606.5"  # its text states none: the table's 合计 row
    assert listed["河北省廊坊市公安局安次分局"] == "8579.96"
    target = tmp_path / "ls.xlsx"
    assert cli("ls", "--db", seeded_url, "-f", "xlsx", "-o", str(target)).exit_code == 0
    from openpyxl import load_workbook

    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) == 6 and rows[0][:2] == ("编号", "单位")  # Chinese headers
    csv_text = cli("compare", "济源", "--db", seeded_url, "-f", "csv").stdout
    assert csv_text.splitlines()[0].startswith("\ufeff部分,键,项目,列")  # BOM: Excel reads UTF-8
    shown = cli("show", "济源市公安局", "--db", seeded_url)
    assert (
        shown.exit_code == 0 and "济源市公安局" in shown.stdout and "版本 version 1" in shown.stdout
    )


def test_unknown_unit_is_one_line_error(seeded_url: str) -> None:
    r = cli("show", "不存在的单位", "2020", "--db", seeded_url)
    assert r.exit_code == 2 and "库中没有单位" in r.output and "Traceback" not in r.output
    r = cli("show", "公安局", "--db", seeded_url)
    assert r.exit_code == 2 and "多个单位" in r.output


# --- compare and benchmark, checked by hand on the seeds ----------------------------------------


def _line(records: list[dict[str, Any]], section: str, key: str, column: str) -> dict[str, Any]:
    return next(
        r for r in records if r["section"] == section and r["key"] == key and r["column"] == column
    )


def test_compare_units_by_hand(seeded_url: str) -> None:
    rec = as_json(seeded_url, "compare", "安次分局", "济源市公安局", "--year", "2020")
    a, j = "河北省廊坊市公安局安次分局", "济源市公安局"
    # 安次分局's text: 支出 8579.96 = 基本 5089.05 + 项目 2770.91 … (as printed, N002 flags it)
    assert _line(rec, "totals", "expenditure_total", a)["value"] == "8579.96"
    assert _line(rec, "totals", "basic", a)["share"] == "59.31"  # 5089.05 / 8579.96
    assert _line(rec, "totals", "project", a)["share"] == "32.30"  # 2770.91 / 8579.96
    # 济源 states no totals in its text: they come from 部门支出总体情况表's 合计 row.
    total = _line(rec, "totals", "expenditure_total", j)
    assert (total["value"], total["basis"]) == ("27606.5", "table")
    assert _line(rec, "totals", "basic", j)["value"] == "14342.1"
    assert _line(rec, "totals", "project", j)["value"] == "13264.4"
    assert _line(rec, "functional", "2040220", j)["value"] == "3015.0"
    # 204 is not printed; it is the sum of the 7-digit 公安 lines: 12373.4 + 581.4 + 239.9 +
    # 3015.0 + 2968.7 + 6359.4 = 25537.8, 92.51 % of 27606.5.
    cls = _line(rec, "functional", "204", j)
    assert (cls["value"], cls["share"]) == ("25537.8", "92.51")
    # 三公: 安次 in its text (145.15), 济源 only in its 三公 table (共计 297.2).
    assert _line(rec, "three_public", "total", a)["value"] == "145.15"
    assert _line(rec, "three_public", "total", j)["value"] == "297.2"
    assert _line(rec, "three_public", "vehicle_operation", j)["value"] == "289.8"
    assert _line(rec, "changes", "total", a)["value"] == "80.31"


def _previous_year(d: Any, **changes: Any) -> Any:
    """Seed 000 as if published a year earlier, with some figures replaced."""
    from yusuan.model import Amount

    prev = d.model_copy(deep=True)
    prev.year = d.year - 1
    prev.source = d.source.model_copy(update={"sha256": "0" * 63 + "1", "path": "prev.txt"})
    for field, value in changes.items():
        obj_name, _, attr = field.partition("__")
        target = getattr(prev, obj_name)
        setattr(target, attr, Amount(value=Decimal(value), raw=f"{value}万元", source="prev.txt:1"))
    return prev


def test_compare_one_unit_over_years_by_hand(db_url: str, seed: Any) -> None:
    d = seed("000")
    prev = _previous_year(d, overview__expenditure_total="8499.65", overview__basic="5225.37")
    with Store(db_url) as st, st.session() as session:
        store_disclosure(session, prev)
        store_disclosure(session, d)
    rec = as_json(db_url, "compare", "安次分局")
    y19 = _line(rec, "totals", "expenditure_total", "2019")
    y20 = _line(rec, "totals", "expenditure_total", "2020")
    assert y19["value"] == "8499.65" and y19["change"] is None
    assert (y20["change"], y20["change_pct"]) == ("80.31", "0.94")  # 80.31 / 8499.65 = 0.945 %
    basic = _line(rec, "totals", "basic", "2020")
    assert (basic["change"], basic["change_pct"]) == ("-136.32", "-2.61")


def test_benchmark_video_surveillance_maintenance_by_hand(seeded_url: str) -> None:
    rows = as_json(seeded_url, "benchmark", "--item", "视频监控点位", "--activity", "运维")
    by_unit = {r["unit"]: r for r in rows}
    anci = by_unit["河北省廊坊市公安局安次分局"]
    gaoxin = by_unit["唐山市公安局高新技术产业开发区分局(本级)"]
    # 安次: 1260 路 maintained for 190.92 万元 → 1909200 / 1260 = 1515.24 元/路/年.
    assert (anci["quantity"], anci["measure"], anci["cost"]) == ("1260.00", "路", "190.92")
    assert anci["unit_cost"] == "1515.24" and anci["per"] == "元/路/年"
    # 高新区: 7246 视频点位 for 168 万元 (its 成本指标) → 1680000 / 7246 = 231.85 元/个/年.
    assert (gaoxin["quantity"], gaoxin["cost"], gaoxin["cost_basis"]) == (
        "7246",
        "168",
        "cost_indicator",
    )
    assert gaoxin["unit_cost"] == "231.85"
    # Each is the other's only peer: 1515.24 / 231.85 = 6.54 (high), 231.85 / 1515.24 = 0.15 (low).
    assert (anci["median"], anci["ratio"], anci["outlier"]) == ("231.85", "6.54", "偏高 high")
    assert (gaoxin["ratio"], gaoxin["outlier"]) == ("0.15", "偏低 low")
    assert as_json(
        seeded_url, "benchmark", "--item", "视频监控点位", "--factor", "7", "--outliers"
    ) == [] or all(
        r["activity"] != "运维"
        for r in as_json(
            seeded_url, "benchmark", "--item", "视频监控点位", "--factor", "7", "--outliers"
        )
    )


def test_benchmark_bad_factor(seeded_url: str) -> None:
    r = cli("benchmark", "--factor", "abc", "--db", seeded_url)
    assert r.exit_code == 2 and "倍数无效" in r.output


# --- projects: full-text search -----------------------------------------------------------------


def test_project_search(seeded_url: str, backend: Any) -> None:
    rows = as_json(seeded_url, "projects", "视频监控")
    names = [r["project"] for r in rows]
    assert "公共安全视频监控前端运维项目经费" in names and "视频监控维护" in names
    # Projects named after the term come before those that only mention it.
    named = [("视频监控" in n) for n in names]
    assert named == sorted(named, reverse=True)
    two = as_json(seeded_url, "projects", "监控", "--limit", "1000")  # shorter than a trigram
    assert set(names) <= {r["project"] for r in two}
    both = as_json(seeded_url, "projects", "1060路", "天网")
    assert [r["project"] for r in both] == ["农村天网网络租金"]
    assert (
        as_json(seeded_url, "projects", "视频监控", "--year", "2023", "--limit", "1")[0]["year"]
        == 2023
    )
    assert as_json(seeded_url, "projects", "100%_不存在") == []
    # Two-character terms use the bigram index, one character a scan: the same answers.
    by_index = {r["id"] for r in as_json(seeded_url, "projects", "天网", "--limit", "1000")}
    with Store(seeded_url) as st, st.engine.connect() as c:
        scanned = set(
            c.execute(text("SELECT id FROM projects WHERE search_text LIKE '%天网%'")).scalars()
        )
    assert by_index == scanned and len(scanned) > 3
    mixed = as_json(seeded_url, "projects", "天网", "路", "1060路")
    assert [r["project"] for r in mixed] == ["农村天网网络租金"]
    assert as_json(seeded_url, "projects", "Gb") == as_json(seeded_url, "projects", "gB")
    if backend.name == "postgresql":
        with Store(seeded_url) as st, st.engine.connect() as c:
            idx = c.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_projects_search_trgm'")
            ).scalar()
            pairs = c.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_project_bigrams_trgm'")
            ).scalar()
        assert pairs and "gin_trgm_ops" in pairs
        assert idx and "gin_trgm_ops" in idx


# --- regions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("河北省廊坊市公安局安次分局", ("河北省", "廊坊市", "安次区")),
        ("保定市公安局本级", ("河北省", "保定市", None)),
        ("济源市公安局", ("河南省", "济源市", None)),
        ("中共河北省大城县委政法委员会", ("河北省", "廊坊市", "大城县")),
        ("唐山市公安局高新技术产业开发区分局(本级)", ("河北省", "唐山市", "高新技术产业开发区")),
        ("保定市公安局交通警察支队", ("河北省", "保定市", None)),
        ("北京市海淀区教育委员会", ("北京市", "北京市", "海淀区")),
        ("内蒙古自治区阿拉善盟阿拉善左旗财政局", ("内蒙古自治区", "阿拉善盟", "阿拉善左旗")),
        ("浙江省杭州市西湖区社区服务中心", ("浙江省", "杭州市", "西湖区")),
        ("延边朝鲜族自治州公安局", ("吉林省", "延边朝鲜族自治州", None)),
        ("广东省财政厅", ("广东省", None, None)),
    ],
)
def test_region_inference(name: str, expected: tuple[str | None, ...]) -> None:
    from yusuan.store.region import infer_region

    r = infer_region(name)
    assert (r.province, r.city, r.county) == expected


def test_region_is_editable(db_url: str) -> None:
    assert cli("load", str(seed_path("003")), "--db", db_url).exit_code == 0
    # Inferred from the gazetteer: 大城县 is in 廊坊市. An editor records another city (大城 was
    # under 沧州 until 1973) — the manual value wins until inference is asked for again.
    r = cli("region", "大城县委", "--city", "沧州市", "--db", db_url)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "unit": "中共河北省大城县委政法委员会", "province": "河北省", "city": "沧州市",
        "county": "大城县", "level": "county", "source": "manual",
    }  # fmt: skip
    assert as_json(db_url, "ls", "--region", "沧州")[0]["city"] == "沧州市"
    # A manual region survives re-loading the unit's documents.
    assert cli("load", str(seed_path("003")), "--db", db_url).exit_code == 0
    assert json.loads(cli("region", "大城县委", "--db", db_url).stdout)["source"] == "manual"
    back = json.loads(cli("region", "大城县委", "--infer", "--db", db_url).stdout)
    assert (back["city"], back["source"]) == ("廊坊市", "inferred")


# --- export -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_export_with_datapackage(seeded_url: str, tmp_path: Path, fmt: str) -> None:
    r = cli("export", str(tmp_path), "--to", fmt, "--db", seeded_url)
    assert r.exit_code == 0, r.output
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    names = {res["name"] for res in package["resources"]}
    assert names == set(ENTITY_TABLES)
    expected = counts(seeded_url)
    for res in package["resources"]:
        path = tmp_path / res["path"]
        assert path.exists()
        fields = [f["name"] for f in res["schema"]["fields"]]
        for fk in res["schema"].get("foreignKeys", []):
            assert fk["reference"]["resource"] in names
        if fmt == "csv":
            import csv

            with path.open(encoding="utf-8") as f:
                rows = list(csv.reader(f))
            assert rows[0] == fields and len(rows) - 1 == expected[res["name"]]
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            t = pq.read_table(path)
            assert t.column_names == fields and t.num_rows == expected[res["name"]]
        else:
            from openpyxl import load_workbook

            ws = load_workbook(path, read_only=True).active
            assert [c.value for c in next(ws.iter_rows(max_row=1))] == fields
    if fmt == "parquet":
        import pyarrow.parquet as pq

        cells = pq.read_table(tmp_path / "table_cells.parquet").to_pylist()
        assert any(c["value"] == Decimal("3015.0") and c["code"] == "2040220" for c in cells)


def test_export_rejects_unknown_format(seeded_url: str, tmp_path: Path) -> None:
    r = cli("export", str(tmp_path), "--to", "dbf", "--db", seeded_url)
    assert r.exit_code == 2 and "不支持的导出格式" in r.output


def test_register_adds_the_commands() -> None:
    import typer

    app = typer.Typer()

    @app.command()
    def read() -> None:
        """stand-in"""

    from yusuan.cli.store import register

    register(app)
    names = {c.name for c in app.registered_commands}
    assert {"load", "ls", "show", "compare", "projects", "benchmark", "export"} <= names


def test_help_runs() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "yusuan.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0 and "benchmark" in r.stdout


def test_two_loaders_at_once(db_url: str) -> None:
    seeds = str(seed_files()[0].parent)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "yusuan.cli", "load", seeds, "--db", db_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    c = counts(db_url)
    assert c["documents"] == c["disclosures"] == 5 and c["units"] == 5

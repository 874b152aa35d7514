"""`yusuan load` pairs the parts of one disclosure published as separate files (Jiangsu's
narrative and tables), and a unit's 部门预算 and 单位预算 of one year are not versions of each
other. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, bindparam, text

import yusuan
from tests.real_corpus import REAL
from yusuan.store import service
from yusuan.store.db import MIGRATIONS, Store
from yusuan.store.loader import load_paths
from yusuan.store.mapping import rebuild

pytest_plugins = ["tests.conftest_store"]


def real(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} not found")
    return path


def test_narrative_and_tables_files_are_stored_as_one(db_url: str) -> None:
    text_part = real("js-cppcc-2018-dept-budget.text.pdf")
    tables_part = real("js-cppcc-2018-dept-budget.tables.pdf")
    alone = real("js-court-2018-dept-budget.pdf")
    with Store(db_url) as st:
        outcomes = load_paths(st, [tables_part, alone, text_part])
        assert sorted((Path(o.path).name, o.status, o.files) for o in outcomes) == [
            ("js-court-2018-dept-budget.pdf", "loaded", 1),
            ("js-cppcc-2018-dept-budget.text.pdf", "loaded", 2),  # the narrative leads
        ]
        merged = next(o for o in outcomes if o.files == 2)
        assert merged.reason and "js-cppcc-2018-dept-budget.tables.pdf" in merged.reason
        with st.sessions() as session:
            d = rebuild(session, merged.disclosure_id)  # type: ignore[arg-type]
            n_docs = session.execute(text("SELECT count(*) FROM documents")).scalar_one()
        assert [p.path for p in d.parts] == [str(tables_part)]
        assert d.overview.income_total is not None and len(d.tables) == 12
        assert n_docs == 3  # both parts are known files: loading them again skips them
        again = load_paths(st, [text_part, tables_part])
    assert [o.status for o in again] == ["skipped", "skipped"]


def test_department_and_unit_budgets_of_one_unit_are_two_disclosures(db_url: str) -> None:
    dept = real("sh-ptoffice-2025-dept-budget.pdf")
    unit = real("sh-ptoffice-2025-unit-budget.pdf")
    with Store(db_url) as st:
        outcomes = load_paths(st, [dept, unit])
        with st.sessions() as session:
            rows = session.execute(
                text("SELECT scope, version, is_current FROM disclosures ORDER BY scope")
            ).all()
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    assert [tuple(r) for r in rows] == [("department", 1, True), ("unit", 1, True)]


def test_deleting_a_merged_disclosure_deletes_its_parts(db_url: str) -> None:
    text_part = real("js-cppcc-2018-dept-budget.text.pdf")
    tables_part = real("js-cppcc-2018-dept-budget.tables.pdf")
    with Store(db_url) as st:
        (first,) = load_paths(st, [text_part, tables_part])
        assert first.status == "loaded" and first.files == 2
        with st.session() as session:
            service.delete_disclosure(session, first.disclosure_id)  # type: ignore[arg-type]
        with st.sessions() as session:
            assert session.execute(text("SELECT count(*) FROM documents")).scalar_one() == 0
        (again,) = load_paths(st, [text_part, tables_part])
        assert (again.status, again.files) == ("loaded", 2)
        with st.sessions() as session:
            d = rebuild(session, again.disclosure_id)  # type: ignore[arg-type]
    assert len(d.tables) == 12 and [p.path for p in d.parts] == [str(tables_part)]


def test_a_part_stored_already_answers_with_its_disclosure(db_url: str) -> None:
    text_part = real("js-cppcc-2018-dept-budget.text.pdf")
    tables_part = real("js-cppcc-2018-dept-budget.tables.pdf")
    with Store(db_url) as st:
        (merged,) = load_paths(st, [text_part, tables_part])
        for part in (tables_part, text_part):
            with st.session() as session:
                did, status = service.store_checked(session, yusuan.open(part))
            assert (did, status) == (merged.disclosure_id, "skipped"), part.name


def _downgrade(st: Store, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with st.engine.connect() as conn:
        if st.dialect == "sqlite":  # as db.migrate: table copies must not cascade
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)


def test_upgrading_links_the_parts_stored_before(db_url: str) -> None:
    """0004 links the part files a store holds already to the disclosure listing them (the
    first, when two do), so deleting that disclosure deletes them."""
    with Store(db_url) as st:
        _downgrade(st, "0003")
        add_doc = text(
            "INSERT INTO documents (id, sha256, path, format, loaded_at) "
            "VALUES (:id, :sha, 'x.pdf', 'pdf', :at)"
        )
        add_disclosure = text(
            "INSERT INTO disclosures (id, document_id, year, kind, version, is_current, "
            "schema_id, source_path, source_format, errors, warnings, infos, loaded_at, extra, "
            "coverage) VALUES (:id, :doc, 2018, 'budget', :id, :cur, 's', 'a', 'pdf', 0, 0, 0, "
            ":at, :extra, :cov)"
        ).bindparams(bindparam("extra", type_=JSON), bindparam("cov", type_=JSON))
        at = datetime(2020, 1, 1, tzinfo=UTC)
        listing = {"parts": [{"path": "t.pdf", "sha256": "part", "format": "pdf"}]}
        with st.session() as session:
            for i, sha in enumerate(("one", "two", "part", "alone"), 1):
                session.execute(add_doc, {"id": i, "sha": sha, "at": at})
            for i, extra in ((1, listing), (2, listing), (4, {"parts": []})):
                row = {"id": i, "doc": i, "cur": i == 2, "at": at, "extra": extra, "cov": []}
                session.execute(add_disclosure, row)
    with Store(db_url) as st, st.session() as session:  # upgrades
        links = "SELECT sha256, disclosure_id FROM documents ORDER BY id"
        assert [tuple(r) for r in session.execute(text(links))] == [
            ("one", None), ("two", None), ("part", 1), ("alone", None),
        ]  # fmt: skip
        session.execute(text("DELETE FROM disclosures WHERE id = 1"))
        assert [r[0] for r in session.execute(text(links))] == ["one", "two", "alone"]


def test_the_parts_are_read_once(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import yusuan.readers

    text_part = real("js-cppcc-2018-dept-budget.text.pdf")
    tables_part = real("js-cppcc-2018-dept-budget.tables.pdf")
    reads: list[str] = []
    read_document = yusuan.readers.read_document

    def counted(path: Any) -> Any:
        reads.append(Path(path).name)
        return read_document(path)

    monkeypatch.setattr(yusuan.readers, "read_document", counted)
    with Store(db_url) as st:
        (merged,) = load_paths(st, [text_part, tables_part])
    assert (merged.status, merged.files) == ("loaded", 2)
    assert sorted(reads) == [tables_part.name, text_part.name]


def test_a_part_given_as_canonical_json_is_stored_apart(db_url: str, tmp_path: Path) -> None:
    """Canonical JSON has no blocks to merge: its partner and it are stored as they are."""
    text_part = real("js-cppcc-2018-dept-budget.text.pdf")
    tables_part = real("js-cppcc-2018-dept-budget.tables.pdf")
    as_json = tmp_path / "narrative.json"
    as_json.write_text(yusuan.open(text_part).to_json(), encoding="utf-8")
    with Store(db_url) as st:
        outcomes = load_paths(st, [as_json, tables_part])
    assert sorted((Path(o.path).name, o.status, o.files) for o in outcomes) == [
        (tables_part.name, "loaded", 1),
        ("narrative.json", "loaded", 1),
    ]

"""`yusuan load` pairs the parts of one disclosure published as separate files (Jiangsu's
narrative and tables), and a unit's 部门预算 and 单位预算 of one year are not versions of each
other. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.real_corpus import REAL
from yusuan.store.db import Store
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

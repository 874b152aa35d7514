"""The bulk writer's column lists, the search index's checks and its migration from 0001."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from yusuan.model import disclosure as m
from yusuan.store import mapping
from yusuan.store import schema as s
from yusuan.store.db import MIGRATIONS, Store
from yusuan.store.loader import store_disclosure
from yusuan.store.queries import search_projects

pytest_plugins = ["tests.conftest_store"]

WRITTEN = {
    s.OrganisationRow: mapping.ORG_COLS,
    s.Figure: mapping.FIGURE_COLS,
    s.ThreePublic: mapping.THREE_PUBLIC_COLS,
    s.BudgetTable: mapping.TABLE_COLS,
    s.TableRow: mapping.ROW_COLS,
    s.TableCell: mapping.CELL_COLS,
    s.Project: mapping.PROJECT_COLS,
    s.Indicator: mapping.INDICATOR_COLS,
    s.UnitCost: mapping.UNIT_COST_COLS,
    s.ProcurementItem: mapping.PROCUREMENT_COLS,
    s.AssetItem: mapping.ASSET_COLS,
    s.FindingRow: mapping.FINDING_COLS,
}


@pytest.mark.parametrize("model", list(WRITTEN), ids=lambda x: x.__tablename__)
def test_writer_writes_every_column(model: Any) -> None:
    cols = WRITTEN[model]
    table = {c.name for c in model.__table__.columns}
    assert len(set(cols)) == len(cols)
    assert set(cols) <= table
    assert table - set(cols) <= {"id"}  # a new column must be written too


def project_disclosure(name: str, indicator: str, sha: str) -> m.Disclosure:
    ind = m.Indicator(level1="产出指标", level2="数量指标", level3=indicator)
    return m.Disclosure(
        source=m.SourceRef(path=f"{sha[:4]}.txt", sha256=sha, format="text"),
        kind="budget",
        year=2020,
        unit=m.Unit(name=f"测试县公安局{sha[:4]}"),
        performance=m.Performance(projects=[m.Project(name=name, indicators=[ind])]),
    )


def test_search_checks_the_text_itself(db_url: str) -> None:
    # All trigrams of "ABCD" (abc, bcd) and all pairs of "视频" appear, but not the terms.
    with Store(db_url) as st:
        with st.session() as ses:
            store_disclosure(ses, project_disclosure("ABC 与 BCD 视 频", "天网点位", "a" * 64))
            store_disclosure(ses, project_disclosure("abcd 视频监控", "点位数量", "b" * 64))
        with st.sessions() as ses:
            assert [r["project"] for r in search_projects(ses, ["ABCD"])] == ["abcd 视频监控"]
            assert [r["project"] for r in search_projects(ses, ["视频"])] == ["abcd 视频监控"]
            # A pair that ends a text, and one that no text holds.
            assert [r["project"] for r in search_projects(ses, ["点位"])] == [
                "ABC 与 BCD 视 频",
                "abcd 视频监控",
            ]
            assert search_projects(ses, ["位数", "ABC"]) == search_projects(ses, ["位数", "abc"])
            assert search_projects(ses, ["无此"]) == []


def test_search_folds_case_beyond_ascii(db_url: str) -> None:
    # Full-width Latin is common in Chinese documents; the index folds its case, so must the
    # check of the whole term (SQLite's LIKE folds ASCII only).
    with Store(db_url) as st:
        with st.session() as ses:
            store_disclosure(ses, project_disclosure("Ｆｕｌｌ宽ＡＢＣ系统运维", "点位", "c" * 64))
        with st.sessions() as ses:
            for term in ("ＦＵＬＬ", "ｆｕｌｌ宽", "ａｂｃ系统", "ＡＢＣ系统运维"):
                hits = [r["project"] for r in search_projects(ses, [term])]
                assert hits == ["Ｆｕｌｌ宽ＡＢＣ系统运维"], term
            assert search_projects(ses, ["ＦＵＬＬ宽ＡＢＤ"]) == []


def test_search_index_upgrade_from_0001(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    st = Store(url, upgrade=False)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with st.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(
            text(
                "INSERT INTO documents (id, sha256, path, format, loaded_at) "
                "VALUES (1, 'x', 'old.txt', 'text', '2020-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO disclosures (id, document_id, year, kind, version, is_current, "
                "unit_name, schema_id, source_path, source_format, errors, warnings, infos, "
                "loaded_at, extra, coverage) VALUES (1, 1, 2020, 'budget', 1, 1, '旧单位', 's', "
                "'old.txt', 'text', 0, 0, 0, '2020-01-01 00:00:00', '{}', '[]')"
            )
        )
        # As 0001's loader wrote it: no newline after the last line.
        conn.execute(
            text(
                "INSERT INTO projects (id, disclosure_id, seq, name, details, amounts, "
                "spending_plan, search_text) VALUES "
                "(7, 1, 0, '天网运维', '{}', '{}', '[]', '天网运维\n点位1260路')"
            )
        )
        conn.execute(
            text("INSERT INTO project_fts(rowid, search_text) SELECT id, search_text FROM projects")
        )
    st.close()
    with Store(url) as st, st.sessions() as ses:  # upgrades to head
        assert not st.has_table("project_bigrams")
        for terms in (["天网"], ["0路"], ["1260路", "运维"], ["点位1260路"]):
            assert [r["id"] for r in search_projects(ses, terms)] == [7], terms
        assert search_projects(ses, ["运维点"]) == []

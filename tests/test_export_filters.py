"""`yusuan export` with filters: the chosen disclosures and everything that belongs to them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from yusuan.cli import app as store_app

pytest_plugins = ["tests.conftest_store"]
runner = CliRunner()


def _export(url: str, target: Path, *filters: str) -> dict[str, list[dict[str, str]]]:
    r = runner.invoke(store_app, ["export", str(target), "--db", url, *filters])
    assert r.exit_code == 0, r.output
    package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for res in package["resources"]:
        with (target / res["path"]).open(encoding="utf-8") as f:
            out[res["name"]] = list(csv.DictReader(f))
        assert res["count"] == len(out[res["name"]])
    return out


def test_region_filter_exports_only_those_units(seeded_url: str, tmp_path: Path) -> None:
    data = _export(seeded_url, tmp_path, "--region", "廊坊")
    # Of the five seeds, two units are in 廊坊: 公安局安次分局 (named) and 大城县委政法委
    # (大城县 is in 廊坊市 by the county gazetteer).
    names = sorted(d["unit_name"] for d in data["disclosures"])
    assert len(names) == 2
    assert any("安次分局" in n for n in names) and any("大城县委" in n for n in names)
    assert {u["city"] for u in data["units"]} == {"廊坊市"}
    assert len(data["documents"]) == 2


def test_filtered_package_has_no_dangling_keys(seeded_url: str, tmp_path: Path) -> None:
    data = _export(seeded_url, tmp_path, "--unit", "公安局")
    ids = {d["id"] for d in data["disclosures"]}
    assert ids and all("公安局" in d["unit_name"] for d in data["disclosures"])
    for name, rows in data.items():
        if rows and "disclosure_id" in rows[0]:
            keys = {r["disclosure_id"] for r in rows}
            if name == "documents":  # a disclosure's own document has none: only its parts
                keys.discard("")
            assert keys <= ids, name
    projects = {p["id"] for p in data["projects"]}
    assert projects and {i["project_id"] for i in data["indicators"] if i["project_id"]} <= projects
    docs = {d["id"] for d in data["documents"]}
    assert {d["document_id"] for d in data["disclosures"]} == docs
    rows_ = {r["id"] for r in data["table_rows"]}
    assert {c["row_id"] for c in data["table_cells"]} <= rows_


def test_filters_combine_and_may_select_nothing(seeded_url: str, tmp_path: Path) -> None:
    everything = _export(seeded_url, tmp_path / "all")
    assert len(everything["disclosures"]) == 5
    none = _export(seeded_url, tmp_path / "none", "--region", "廊坊", "--unit", "济源")
    assert all(rows == [] for rows in none.values())

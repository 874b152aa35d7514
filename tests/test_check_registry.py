"""The rule catalogue: stable codes, complete documentation, docs/rules in sync."""

import re
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.check.docs import render_docs
from yusuan.check.engine import select_rules
from yusuan.check.registry import FAMILIES, all_rules
from yusuan.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"


def test_every_rule_is_documented() -> None:
    rules = all_rules()
    assert len(rules) >= 50
    for r in rules:
        assert re.fullmatch(r"[A-Z]\d{3}", r.code), r.code
        assert r.family in FAMILIES
        assert r.severity in ("error", "warning", "info")
        for field in (r.title, r.what, r.why, r.example, r.fix):
            assert field.strip(), f"{r.code} lacks documentation"


def test_docs_rules_is_up_to_date() -> None:
    pages = render_docs()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    assert on_disk == pages, "run `yusuan rules --docs docs/rules` and commit the result"


def test_select_and_ignore_by_code_and_family() -> None:
    codes = [r.code for r in select_rules(["N"], ["N00"])]
    assert codes and all(c.startswith("N") and not c.startswith("N00") for c in codes)
    assert [r.code for r in select_rules(["t001"])] == ["T001"]


runner = CliRunner()


def test_check_exit_codes_and_formats(tmp_path: Path) -> None:
    clean = runner.invoke(app, ["check", str(seed_path("004")), "--min-severity", "error"])
    assert clean.exit_code == 0, clean.output
    bad = runner.invoke(app, ["check", str(seed_path("000")), "--format", "json"])
    assert bad.exit_code == 1
    assert '"code": "N003"' in bad.stdout
    html = tmp_path / "r.html"
    runner.invoke(app, ["check", str(seed_path("000")), "-f", "html", "-o", str(html)])
    page = html.read_text(encoding="utf-8")
    assert "5089.05" in page and "数字颠倒" in page and '<span class="hit">' in page
    xlsx = tmp_path / "r.xlsx"
    runner.invoke(app, ["check", str(seed_path("000")), "-f", "xlsx", "-o", str(xlsx)])
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    codes = [row[3] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert "N003" in codes
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert runner.invoke(app, ["check", str(empty)]).exit_code == 2


def test_ignore_silences_a_rule() -> None:
    result = runner.invoke(
        app, ["check", str(seed_path("000")), "-f", "json", "--ignore", "N002", "--ignore", "N003"]
    )
    assert result.exit_code == 0
    assert '"N003"' not in result.stdout

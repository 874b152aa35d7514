"""`yusuan check -f html`: findings quoted from what the command itself read — a text file's
own lines, any other format's blocks — never from a path a report or a JSON names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.real_corpus import REAL
from tests.test_web_hardening import PAGE_9, claiming_json, seed
from yusuan.cli import app

runner = CliRunner()


def quoted(page: str) -> str:
    return " ".join(re.findall(r'<pre class="src">(.*?)</pre>', page, re.S))


def test_a_json_naming_another_file_is_not_quoted_from_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("first\nTOPSECRET-LINE\nthird\n", encoding="utf-8")
    claim = tmp_path / "claim.json"
    claim.write_bytes(claiming_json(secret))
    out = tmp_path / "r.html"
    r = runner.invoke(app, ["check", str(claim), "-f", "html", "-o", str(out)])
    assert r.exit_code in (0, 1), r.output
    page = out.read_text(encoding="utf-8")
    assert "数字颠倒" in page and "TOPSECRET" not in page


def test_a_text_file_is_quoted_line_by_line(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    runner.invoke(app, ["check", str(seed("000")), "-f", "html", "-o", str(out)])
    text = quoted(out.read_text(encoding="utf-8"))
    # Seed 000, line 40: 支出预算8579.96万元，其中基本支出5089.05万元 (the transposed figure).
    hit = re.search(r'<span class="hit"><span class="ln">第40行</span>(.*?)</span>\n', text)
    assert hit is not None and "<mark>5089.05</mark>" in hit[1]
    assert '<span class="ln">第39行</span>' in text  # the line before, as context


@pytest.mark.skipif(not (REAL / PAGE_9).exists(), reason="real corpus not found")
def test_a_pdf_is_quoted_from_its_blocks(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = runner.invoke(app, ["check", str(REAL / PAGE_9), "-f", "html", "-o", str(out)])
    assert r.exit_code in (0, 1), r.output
    text = quoted(out.read_text(encoding="utf-8"))
    assert text and "\ufffd" not in text and "endobj" not in text
    assert "第9页" in text

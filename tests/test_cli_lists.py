"""The database commands' lists: CSV a spreadsheet opens (BOM, Chinese headers) and terminal
tables that hold at 80–120 columns in Chinese (issue 15, points 6 and 7)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tests.e2e.support import copy_db, demo_template
from yusuan.cli import app
from yusuan.cli.console import out

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo county: four units over three years, with projects to benchmark."""
    return copy_db(demo_template(), tmp_path_factory.mktemp("lists"))


def _csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "no byte-order mark: Excel would show mojibake"
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize(
    ("args", "headers"),
    [
        (["ls"], ["编号", "单位", "省", "市", "县/区", "年度", "类型", "版本"]),
        (["projects", "视频监控"], ["编号", "单位", "年度", "项目", "预算（万元）", "命中"]),
        (["benchmark"], ["物项", "活动", "单位", "年度", "项目", "数量", "计量单位"]),
        (["compare", "云溪县公安局"], ["部分", "键", "项目", "列", "单位", "年度"]),
    ],
)
def test_csv_has_a_bom_and_chinese_headers(db: str, args: list[str], headers: list[str]) -> None:
    r = runner.invoke(app, [*args, "--db", db, "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = _csv(r.stdout)
    assert rows[0][: len(headers)] == headers
    assert not any(re.search(r"[A-Za-z]{3}", h) and h != "SHA-256" for h in rows[0])
    assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)


def test_csv_written_to_a_file_keeps_exact_amounts(db: str, tmp_path: Path) -> None:
    target = tmp_path / "公开库.csv"
    r = runner.invoke(app, ["ls", "--db", db, "-f", "csv", "-o", str(target)])
    assert r.exit_code == 0
    rows = _csv(target.read_bytes().decode("utf-8"))
    head = rows[0]
    police = [row for row in rows[1:] if row[head.index("单位")] == "云溪县公安局"]
    # The demo scales seed 004's 7,893.56 (2022) by year; amounts stay exact strings.
    assert sorted(row[head.index("支出合计（万元）")] for row in police)[0] == "7893.56"


def test_ls_sorts(db: str) -> None:
    r = runner.invoke(app, ["ls", "--db", db, "-f", "csv", "--sort", "errors", "--desc"])
    rows = _csv(r.stdout)
    errors = [int(row[rows[0].index("错误")]) for row in rows[1:]]
    assert errors == sorted(errors, reverse=True) and errors[0] > errors[-1]
    r = runner.invoke(app, ["ls", "--db", db, "--sort", "colour"])
    assert r.exit_code == 2 and "不能按“colour”排序" in r.stderr


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("width", [80, 100, 120])
@pytest.mark.parametrize(
    "args", [["ls"], ["benchmark"], ["compare", "云溪县公安局"], ["compare", "公安局", "政法委"]]
)
def test_terminal_tables_fit_narrow_terminals_in_chinese(
    db: str, width: int, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if args[1:] == ["公安局", "政法委"]:
        args = ["compare", "云溪县公安局", "中共云溪县委政法委员会"]
    monkeypatch.setattr(out, "width", width)
    r = runner.invoke(app, [*args, "--db", db])
    assert r.exit_code == 0, r.output
    lines = _lines(r.stdout)
    assert max(cell_len(line) for line in lines) <= width
    table = "\n".join(lines)
    for english in ("total", "unit", "region", "share", "over years", "stored", "benchmark"):
        assert english not in table.lower(), english
    assert re.search(r"\d,\d{3}\.\d\d", table)  # amounts with thousands separators


def test_ls_keeps_the_region_on_a_wide_terminal_and_drops_it_on_a_narrow_one(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(out, "width", 120)
    wide = runner.invoke(app, ["ls", "--db", db]).stdout
    monkeypatch.setattr(out, "width", 80)
    narrow = runner.invoke(app, ["ls", "--db", db]).stdout
    assert "地区" in wide and "河北省青山市云溪县" in wide
    assert "地区" not in narrow and "支出合计（万元）" in narrow
    # Unit names are never cut, at most folded.
    assert "云溪县公安局经济开发区分局" in wide.replace(" ", "")


def test_show_lists_every_amount_once(db: str) -> None:
    """`show --format csv` is the disclosure's every amount (Disclosure.amounts), long form:
    as many lines as the stored disclosure has amounts, each with its printed text."""
    from yusuan.model import Disclosure

    r = runner.invoke(app, ["show", "云溪县公安局", "--db", db, "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = _csv(r.stdout)
    as_json = runner.invoke(app, ["show", "云溪县公安局", "--db", db, "--format", "json"])
    d = Disclosure.model_validate_json(as_json.stdout)
    amounts = list(d.amounts())
    assert len(rows) - 1 == len(amounts) > 20
    head = rows[0]
    printed = sorted(row[head.index("原文")] for row in rows[1:])
    assert printed == sorted(a.amount.raw for a in amounts)
    tables = {row[head.index("表")] for row in rows[1:]} - {""}
    assert tables == {t.title for t in d.tables if any(any(r.values.values()) for r in t.rows)}

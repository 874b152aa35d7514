"""The one way in: ``yusuan.open`` / ``check`` / ``load`` and the command line agree on every
input the project accepts, the canonical JSON it writes included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import yusuan
from tests.conftest import seed_path
from yusuan.cli import app
from yusuan.errors import YusuanError

runner = CliRunner()


def test_read_json_then_check_json_is_the_same_as_checking_the_file(tmp_path: Path) -> None:
    src = seed_path("002")
    result = runner.invoke(app, ["read", str(src), "--json"])
    assert result.exit_code == 0, result.output
    saved = tmp_path / "n.json"
    saved.write_text(result.stdout, encoding="utf-8")
    direct = runner.invoke(app, ["check", str(src), "--format", "json"])
    via_json = runner.invoke(app, ["check", str(saved), "--format", "json"])
    assert via_json.exit_code == direct.exit_code, via_json.output
    # The JSON keeps the original file as its source: the reports are the same, byte for byte.
    assert via_json.stdout == direct.stdout
    again = runner.invoke(app, ["read", str(saved), "--json"])
    assert again.stdout == result.stdout


def test_open_and_check_in_python_match_the_command(tmp_path: Path) -> None:
    src = seed_path("000")
    d = yusuan.open(src)
    assert (
        "廊坊市公安局安次分局" in (d.unit.name or "")
        and str(d.overview.income_total.value) == "8579.96"
    )
    r = yusuan.check(d)
    shown = json.loads(runner.invoke(app, ["check", str(src), "--format", "json"]).stdout)
    codes = [f["code"] for doc in shown["documents"] for f in doc["findings"]]
    assert [f.code for f in r.findings] == codes
    only_errors = yusuan.check(d, min_severity="error")
    assert {f.severity for f in only_errors.findings} <= {"error"}
    assert len(only_errors.findings) < len(r.findings)
    assert all(f.code.startswith("P") for f in yusuan.check(d, select=["P"]).findings)


def test_check_is_both_the_function_and_the_package() -> None:
    import yusuan.check.engine
    from yusuan.check.registry import all_rules

    assert callable(yusuan.check) and yusuan.check.engine.run is not None
    assert len(all_rules()) > 50
    with pytest.raises(YusuanError, match="未知的级别"):
        yusuan.check(yusuan.open(seed_path("003")), min_severity="fatal")


def test_import_yusuan_is_cheap() -> None:
    code = "import sys, yusuan; print(sorted(m for m in sys.modules if m.startswith('yusuan')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['yusuan']"


@pytest.mark.parametrize(
    ("text", "zh"),
    [
        ('{"schema": "something/else"}', "不是 yusuan 规范格式"),
        ("{not json", "JSON 无法解析"),
        ('{"schema": "yusuan.disclosure/1", "year": "soon"}', "JSON 不符合"),
    ],
)
def test_bad_json_gives_one_line(tmp_path: Path, text: str, zh: str) -> None:
    p = tmp_path / "x.json"
    p.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(p)])
    assert result.exit_code == 2 and zh in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_fill_in_workbook_is_opened_as_one(tmp_path: Path) -> None:
    book = tmp_path / "填报.xlsx"
    assert runner.invoke(app, ["template", "--year", "2024", "-o", str(book)]).exit_code == 0
    # Not filled in: the workbook importer (not the XLSX reader) says what is missing.
    result = runner.invoke(app, ["check", str(book)])
    assert result.exit_code == 2 and "单位名称" in result.stderr


def test_the_workbook_sheet_name_is_render_s() -> None:
    from yusuan.pipeline import _WORKBOOK_SHEET
    from yusuan.render.workbook import HIDDEN

    assert f'"{HIDDEN}"'.encode() == _WORKBOOK_SHEET


def test_json_and_workbooks_cannot_be_merged(tmp_path: Path) -> None:
    saved = tmp_path / "n.json"
    saved.write_text(yusuan.open(seed_path("003")).to_json(), encoding="utf-8")
    with pytest.raises(YusuanError, match="只有公开文件本身可以合并读取"):
        yusuan.open([saved, seed_path("004")], merge=True)
    with pytest.raises(TypeError, match="merge=True"):
        yusuan.open([seed_path("003"), seed_path("004")])


def test_load_stores_files_and_json(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'y.db'}"
    saved = tmp_path / "n.json"
    saved.write_text(yusuan.open(seed_path("003")).to_json(), encoding="utf-8")
    first = yusuan.load(db, [seed_path("004"), saved])
    assert [o.status for o in first] == ["loaded", "loaded"]
    assert [o.unit for o in first][1] == yusuan.open(seed_path("003")).unit.name
    # The JSON names the original file: loading the original now is the same file again.
    again = yusuan.load(db, seed_path("003"))
    assert [o.status for o in again] == ["skipped"]


def test_the_web_upload_sniffs_with_the_same_dispatch(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from yusuan.web.worker import sniff_upload

    saved = tmp_path / "n.json"
    saved.write_text(yusuan.open(seed_path("003")).to_json(), encoding="utf-8")
    assert sniff_upload(saved) == "json"
    assert sniff_upload(seed_path("003")) == "text"
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n" * 5000)  # past the readers' first 2 KB: still nothing
    with pytest.raises(YusuanError, match="文件为空") as e:
        sniff_upload(blank)
    assert str(tmp_path) not in e.value.zh  # the upload's name, never the server's folder


def test_canonical_json_saved_with_a_bom_opens(tmp_path: Path) -> None:
    """Notepad saves UTF-8 with a byte-order mark; the JSON is still the project's own."""
    d = yusuan.open(seed_path("004"))
    path = tmp_path / "n.json"
    path.write_bytes(b"\xef\xbb\xbf" + d.to_json().encode("utf-8"))
    assert yusuan.open(path) == d

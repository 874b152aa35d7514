"""The command line's manners (issue 15, point 7): comma lists and unknown codes in
--select/--ignore, usage errors in Chinese, serve's port check, render's default folder, notes
while slow things run, and a start-up that imports nothing heavy."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.check.registry import FAMILIES, all_rules
from yusuan.cli import app

runner = CliRunner()


def _codes(result_stdout: str) -> tuple[set[str], set[str]]:
    doc = json.loads(result_stdout)["documents"][0]
    return {c["code"] for c in doc["coverage"]}, {f["code"] for f in doc["findings"]}


def test_select_takes_a_comma_list_of_families() -> None:
    r = runner.invoke(app, ["check", str(seed_path("000")), "-f", "json", "--select", "N,T"])
    assert r.exit_code in (0, 1), r.output
    ran, found = _codes(r.stdout)
    assert ran == {x.code for x in all_rules() if x.family in "NT"}
    assert found and all(c[0] in "NT" for c in found)  # seed 000 states figures its tables deny


def test_select_and_ignore_accept_lists_repeats_and_lower_case() -> None:
    path = str(seed_path("000"))
    base = runner.invoke(app, ["check", path, "-f", "json", "--select", "P"])
    _, found = _codes(base.stdout)
    assert {"P005", "P014"} <= found  # the seed's performance tables break both rules
    r = runner.invoke(app, ["check", path, "-f", "json", "--select", "p", "--ignore", "P005,p014"])
    ran, found2 = _codes(r.stdout)
    assert "P005" not in ran and "P014" not in ran
    assert found2 == found - {"P005", "P014"}
    r = runner.invoke(app, ["check", path, "-f", "json", "--select", "N002", "--select", "N003"])
    assert _codes(r.stdout)[0] == {"N002", "N003"}


@pytest.mark.parametrize(
    "args", [("--select", "Z999"), ("--ignore", "P005,P999"), ("--select", "N,Q")]
)
def test_unknown_codes_exit_2_with_the_families(args: tuple[str, str]) -> None:
    r = runner.invoke(app, ["check", str(seed_path("001")), *args])
    assert r.exit_code == 2
    assert "未知的规则编码或类别" in r.stderr and "unknown rule code or family" in r.stderr
    bad = [c for c in args[1].split(",") if c not in ("N", "P005")]
    assert all(c in r.stderr for c in bad)
    assert all(f"{k} {v.split(' / ')[0]}" in r.stderr for k, v in FAMILIES.items())
    assert "Traceback" not in r.output and "未发现问题" not in r.output


def test_the_api_refuses_unknown_codes_too(seed: object) -> None:
    import yusuan
    from yusuan.errors import YusuanError

    d = seed("001")  # type: ignore[operator]
    with pytest.raises(YusuanError, match="Z9"):
        yusuan.check(d, select=["Z9"])
    assert {c.code[0] for c in yusuan.check(d, select=["N,T"]).coverage} == {"N", "T"}


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["chek", "x"], "没有命令“chek”，是否想用 check", "No such command"),
        (["check", "--selct", "N", "x"], "没有选项 --selct，是否想用 --select", "No such option"),
        (["check"], "缺少参数 FILES", "Missing argument"),
        (["check", "-f", "pdf", "x"], "--format / -f 的值无效", "Invalid value"),
        (["ls", "--db"], "选项 --db 需要一个值", "requires an argument"),
        (["user", "ad"], "没有命令“ad”，是否想用 add", "No such command"),
        (["read", "a", "--json", "extra", "--x"], "没有选项 --x", "No such option"),
    ],
)
def test_usage_errors_in_chinese_and_english(args: list[str], zh: str, en: str) -> None:
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    flat = " ".join(r.output.replace("│", " ").split())
    assert zh in flat and en in flat, r.output
    assert "错误 Error" in r.output
    assert "查看帮助" in r.output or args[0] == "ls"  # Click gives that error no context


def test_no_arguments_still_shows_the_help() -> None:
    r = runner.invoke(app, [])
    assert "read" in r.output and "没有命令" not in r.output


def test_serve_on_a_busy_port_says_so_before_building_the_demo() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = runner.invoke(app, ["serve", "--demo", "--port", str(port)])
    assert r.exit_code == 2
    assert f"端口 {port} 已被占用" in r.stderr and "already in use" in r.stderr
    assert "演示数据" not in r.output and "Traceback" not in r.output


def test_render_writes_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    src = data / "某局预算.txt"
    src.write_bytes(seed_path("004").read_bytes())
    data.chmod(0o555)  # a read-only data folder
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    try:
        r = runner.invoke(app, ["render", str(src), "--to", "html", "--force"])
    finally:
        data.chmod(0o755)
    assert r.exit_code == 0, r.output
    assert (here / "某局预算.html").stat().st_size > 1000
    assert sorted(p.name for p in data.iterdir()) == ["某局预算.txt"]
    assert "正在生成 HTML" in r.stderr  # the progress note


def test_a_libreoffice_conversion_is_announced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yusuan.readers.legacy as legacy

    monkeypatch.setattr(legacy, "soffice", lambda: None)  # fails fast, after the note
    rtf = tmp_path / "说明.rtf"
    rtf.write_bytes(rb"{\rtf1\ansi budget 2024}")
    r = runner.invoke(app, ["read", str(rtf)])
    assert r.exit_code == 2
    assert "正在用 LibreOffice 转换 说明.rtf" in r.stderr
    assert "LibreOffice" in r.stderr.split("错误", 1)[1]  # then the reason it failed


def test_starting_the_command_imports_nothing_heavy() -> None:
    """`yusuan --help` must not pay for the pipeline, pydantic or SQLAlchemy (the timing itself
    is measured in benchmarks/startup.py)."""
    code = (
        "import sys; from yusuan.cli import app; "
        "print(sorted(m for m in ('pydantic', 'sqlalchemy', 'yusuan.model', 'yusuan.store.db', "
        "'yusuan.pipeline', 'openpyxl', 'fastapi') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

"""``yusuan serve`` and ``yusuan user``: one-line Chinese errors, exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from typer.testing import CliRunner

from yusuan.cli import app as web_app

runner = CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    r = runner.invoke(web_app, list(args), input=input)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, r.output


def test_user_add_list_passwd_remove(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'u.db'}"
    code, out = run(
        "user", "add", "alice", "--role", "admin", "--db", db, "--password", "s3cret-pass"
    )
    assert code == 0 and "alice" in out
    code, out = run("user", "add", "bob", "--role", "editor", "--db", db, input="another-pass\n")
    assert code == 0
    code, out = run("user", "list", "--db", db)
    assert code == 0 and "alice" in out and "管理员" in out and "bob" in out
    code, out = run("user", "add", "alice", "--db", db, "--password", "whatever-1")
    assert code == 2 and "用户已存在" in out and "Traceback" not in out
    assert len([ln for ln in out.splitlines() if ln.strip()]) == 1
    code, out = run("user", "passwd", "bob", "--db", db, "--password", "new-password-1")
    assert code == 0
    code, out = run("user", "remove", "bob", "--db", db)
    assert code == 0
    code, out = run("user", "remove", "bob", "--db", db)
    assert code == 2 and "没有这个用户" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("user", "add", "carol", "--role", "boss", "--password", "long-enough"), "未知的角色"),
        (("user", "add", "carol", "--password", "short"), "至少 8 个字符"),
        (("user", "add", "bad name!", "--password", "long-enough"), "用户名"),
        (("serve", "--port", "70000"), "端口无效"),
        (("serve", "--max-upload-mb", "0"), "上传上限"),
        (("serve", "--demo", "--db", "x.db"), "--demo"),
    ],
)
def test_bad_arguments(tmp_path: Path, args: tuple[str, ...], words: str) -> None:
    extra = (
        [] if "--db" in args or args[0] == "serve" else ["--db", f"sqlite:///{tmp_path / 'u.db'}"]
    )
    code, out = run(*args, *extra)
    assert code == 2 and words in out and "Traceback" not in out


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    code, out = run("user", "list", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 2 and "无法打开数据库" in out and "Traceback" not in out


def test_serve_demo_builds_a_living_system(monkeypatch: pytest.MonkeyPatch) -> None:
    """`yusuan serve --demo`: a fresh database with the synthetic county and a demo account."""
    import uvicorn
    from fastapi.testclient import TestClient

    from tests.conftest import SEEDS

    if not any(SEEDS.glob("*.txt")):
        pytest.skip("seed documents missing")
    monkeypatch.setenv("YUSUAN_SEEDS", str(SEEDS))
    seen: dict[str, object] = {}

    def fake_run(app: object, host: str, port: int, log_level: str) -> None:
        with TestClient(app) as c:  # type: ignore[arg-type]
            seen["health"] = c.get("/api/v1/health").json()
            seen["login"] = c.post(
                "/api/v1/session", json={"name": "demo", "password": "demo-password"}
            ).status_code
            seen["page"] = c.get("/library").text

    monkeypatch.setattr(uvicorn, "run", fake_run)
    code, out = run("serve", "--demo", "--port", "8123")
    assert code == 0, out
    assert seen["health"]["disclosures"] == 12  # type: ignore[index]
    assert seen["login"] == 200
    assert "演示数据" in str(seen["page"]) and "http://127.0.0.1:8123/" in out

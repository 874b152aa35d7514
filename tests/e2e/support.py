"""Shared by the web tests: a demo database built once per session, copied per app."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import SEEDS

PASSWORD = "correct horse battery"
USERS = (("admin1", "admin"), ("editor1", "editor"), ("viewer1", "viewer"))


def build_demo(folder: Path) -> Path:
    """A demo SQLite database with three users; returns its path."""
    from yusuan.store import open_store
    from yusuan.web import demo
    from yusuan.web.users import add_user, ensure_schema

    path = folder / "demo.db"
    with open_store(f"sqlite:///{path}") as store:
        demo.fill(store, SEEDS)
        ensure_schema(store.engine)
        with store.session() as s:
            for name, role in USERS:
                add_user(s, name, role, PASSWORD)
    return path


def copy_db(template: Path, folder: Path) -> str:
    """A private copy (tests that delete must not disturb the others)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "web.db"
    shutil.copy(template, target)
    return f"sqlite:///{target}"


_built: dict[str, Path] = {}


def demo_template() -> Path:
    """The demo database, built once per test session (about 2 s) in a temporary folder."""
    import atexit
    import tempfile

    import pytest

    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed documents not found in {SEEDS}")
    if "db" not in _built:
        folder = Path(tempfile.mkdtemp(prefix="yusuan-web-test-"))
        atexit.register(shutil.rmtree, folder, True)
        _built["db"] = build_demo(folder)
    return _built["db"]

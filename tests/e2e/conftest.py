"""End-to-end fixtures: the web app served by uvicorn on a free loopback port, and Debian's
Chromium driven by Playwright (executable_path: Playwright never downloads a browser here)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import copy_db, demo_template

CHROMIUM = os.environ.get("YUSUAN_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
# What the machine's closed network needs (see the environment notes): no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    def __init__(self, db_url: str) -> None:
        import uvicorn

        from yusuan.web import Settings, create_app

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(Settings(db=db_url, secret="e2e-" + "s" * 40, demo=True))
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(copy_db(demo_template(), tmp_path_factory.mktemp("e2e"))) as s:
        yield s


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: run .ci/install-web-deps (apt-get install chromium)"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=CHROMIUM_ARGS,
            headless=True,
        )
        yield b
        b.close()


LOCAL = re.compile(r"^(https?://127\.0\.0\.1[:/]|data:|blob:|about:)")


def offline(context: Any) -> list[str]:
    """Block every request that would leave 127.0.0.1 (the product promises no CDN and no
    network at run time) and collect them: a test that made one fails."""
    leaving: list[str] = []

    def route(r: Any) -> None:
        if LOCAL.match(r.request.url):
            r.continue_()
        else:
            leaving.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return leaving


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp: the accessibility check injects axe-core into the page.
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="zh-CN", bypass_csp=True
    )
    leaving = offline(context)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not leaving, f"requests leaving 127.0.0.1: {leaving}"


AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def accessibility(page: Any) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now (axe vendored)."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async () => {
            const r = await window.axe.run(document, {resultTypes: ["violations"]});
            return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => v.id + " (" + v.impact + "): " + v.help + " — " +
                     v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
        }"""
    )
    return list(found)


def no_sideways_scroll(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0 when it holds)."""
    return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


def shot(page: Any, name: str, full: bool = True) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Browser tests run last (stable sort): they are the slowest, and importing the store
    registers its cross-document H rules, which tests collected after e2e/ do not expect."""
    items.sort(key=lambda item: "e2e" in Path(str(item.path)).parts)

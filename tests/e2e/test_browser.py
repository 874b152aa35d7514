"""The web app in a real headless Chromium: upload, filter, compare, sign in and delete.

Screenshots of every page are saved in tests/e2e/artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS
from tests.e2e.conftest import LiveServer, shot
from tests.e2e.support import PASSWORD, copy_db, demo_template

pytest.importorskip("fastapi")


def seeds() -> list[Path]:
    found = sorted(SEEDS.glob("*.txt"))
    if not found:
        pytest.skip(f"no seed documents in {SEEDS}")
    return found


def expected_counts(path: Path) -> tuple[int, int, int]:
    import yusuan
    from yusuan.check.engine import check

    r = check(yusuan.open(path))
    return r.count("error"), r.count("warning"), r.count("info")


def shown_counts(page: Any) -> tuple[int, int, int]:
    def n(cls: str) -> int:
        return int(page.locator(f".report-head .{cls} b").inner_text())

    return n("count-error"), n("count-warning"), n("count-info")


def test_upload_each_seed_and_see_its_findings(server: LiveServer, page: Any) -> None:
    page.goto(server.url + "/check")
    shot(page, "01-check-upload")
    for n, path in enumerate(seeds()):
        page.goto(server.url + "/check")
        if n == 0:  # drag and drop, as a person would
            content = path.read_text(encoding="utf-8")
            page.evaluate(
                """([name, text]) => {
                    const dt = new DataTransfer();
                    dt.items.add(new File([text], name, {type: "text/plain"}));
                    const zone = document.getElementById("dropzone");
                    zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true}));
                    zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true}));
                }""",
                [path.name, content],
            )
        else:
            page.set_input_files("#file-input", str(path))
        page.wait_for_url(re.compile(r"/check/[0-9a-f]{32}$"), timeout=20_000)
        page.wait_for_selector(".report-head", timeout=30_000)
        assert shown_counts(page) == expected_counts(path), path.name
        errors, warnings, infos = expected_counts(path)
        if errors + warnings + infos:
            # Single findings, and runs of one rule collapsed under their count.
            singles = page.locator("#findings .finding-group > article.finding").count()
            runs = page.eval_on_selector_all(
                ".finding-run", "els => els.reduce((n, e) => n + Number(e.dataset.count), 0)"
            )
            assert singles + runs == errors + warnings + infos
        if n == 0:
            # Each finding beside its source excerpt, the figure highlighted.
            assert page.locator(".finding .excerpt mark").count() > 0
            page.locator(".finding mark", has_text="5089.05").first.scroll_into_view_if_needed()
            shot(page, "02-check-report", full=False)


def test_filter_the_library(server: LiveServer, page: Any) -> None:
    page.goto(server.url + "/library")
    count = page.locator("#result-count b")
    assert count.inner_text() == "12"
    shot(page, "03-library")
    expect = pytest.importorskip("playwright.sync_api").expect
    page.select_option("select[name=year]", "2023")
    expect(page.locator("#result-count b")).to_have_text("4")
    page.select_option("select[name=errors]", "no")
    expect(page.locator("#result-count b")).to_have_text("0")
    page.select_option("select[name=errors]", "yes")
    expect(page.locator("#result-count b")).to_have_text("4")
    page.fill("input[name=q]", "政法委")
    expect(page.locator("#result-count b")).to_have_text("1")
    assert page.locator("#library-table tbody tr").count() == 1
    assert "year=2023" in page.url  # the filters are in the address, to share
    shot(page, "04-library-filtered")


def test_disclosure_page_draws_its_charts(server: LiveServer, page: Any) -> None:
    page.goto(server.url + "/library?unit=经济开发区分局&year=2023")
    page.locator("#library-table tbody a").first.click()
    page.wait_for_selector("#chart-functional canvas")
    for chart in ("#chart-functional", "#chart-split"):
        box = page.locator(f"{chart} canvas").first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 150
    assert page.locator(".fref-error").count() > 0  # findings marked inline
    shot(page, "05-disclosure")
    page.locator("#tables").scroll_into_view_if_needed()
    shot(page, "06-disclosure-tables", full=False)


def test_open_a_comparison_and_see_the_chart(server: LiveServer, page: Any) -> None:
    page.goto(server.url + "/compare")
    page.get_by_role("checkbox", name=re.compile(r"^云溪县公安局 2")).check()
    page.get_by_role("checkbox", name=re.compile(r"^云溪县公安局经济开发区分局 ")).check()
    page.get_by_label("2023", exact=True).check()
    page.click("#compare-btn")
    page.wait_for_selector("#chart-totals canvas")
    box = page.locator("#chart-totals canvas").first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 150
    assert "2023 年单位对比" in page.inner_text("#compare-result h2")
    shot(page, "07-compare-units")
    page.goto(server.url + "/compare")
    page.get_by_role("checkbox", name=re.compile(r"^云溪县公安局 2")).check()
    page.click("#compare-btn")
    page.wait_for_selector("#chart-totals canvas")
    assert page.locator(".compare-table th", has_text="增减率").count() > 0
    shot(page, "08-compare-years")


def test_projects_and_rules_pages(server: LiveServer, page: Any) -> None:
    page.goto(server.url + "/projects")
    page.fill("#q", "视频监控")
    page.wait_for_selector("#project-results tbody tr")
    shot(page, "09-projects")
    page.goto(server.url + "/benchmark")
    page.wait_for_selector("#chart-bench canvas")
    page.locator(".facet-value", has_text="偏高").click()  # a facet narrows the list
    page.wait_for_selector(".facet-value.selected")
    assert page.locator("#benchmark-table tbody tr").count() >= 1
    with page.expect_download() as info:
        page.locator("#benchmark-export a", has_text="CSV").click()
    assert info.value.suggested_filename == "单位成本对标.csv"
    shot(page, "09b-benchmark")
    page.goto(server.url + "/rules#N003")
    assert page.locator("details#N003[open]").count() == 1  # the linked rule is opened
    shot(page, "10-rules", full=False)
    page.goto(server.url + "/login")
    shot(page, "11-login", full=False)


def test_sign_in_and_delete_a_disclosure(tmp_path: Path, page: Any) -> None:
    with LiveServer(copy_db(demo_template(), tmp_path)) as server:
        page.goto(server.url + "/library?unit=交通警察大队&year=2022")
        page.locator("#library-table tbody a").first.click()
        assert page.locator("#delete-btn").count() == 0  # not signed in: no delete button
        page.get_by_text("登录后可修改或删除").click()
        page.fill("input[name=name]", "editor1")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector(".flash-ok")
        assert "editor1" in page.inner_text(".account")
        page.once("dialog", lambda d: d.accept())
        page.click("#delete-btn")
        page.wait_for_url(re.compile(r"/library$"))
        assert "已删除" in page.inner_text(".flash-ok")
        assert page.locator("#result-count b").inner_text() == "11"
        shot(page, "12-after-delete", full=False)

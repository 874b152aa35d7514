"""The reviewer's day in Chromium, offline: a batch upload, evidence on the PDF page, the
annotated PDF, /docs, every page checked by axe-core and held at 390 px.

Every test runs with requests leaving 127.0.0.1 blocked and failing the test (see conftest).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS
from tests.e2e.conftest import LiveServer, accessibility, no_sideways_scroll, shot
from tests.real_corpus import REAL

pytest.importorskip("fastapi")

# Three real PDFs: a Jiangsu template, a Shanghai district department, a Shanghai unit whose
# 支出预算总表 prints the 类 of a code as "7" (C001 on page 9).
PDFS = (
    "js-court-2018-dept-budget.pdf",
    "sh-wanli-2024-dept-budget.pdf",
    "sh-welfarehome-2024-unit-budget.pdf",
)


def real(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} not found")
    return path


def test_a_batch_of_seeds_and_pdfs(server: LiveServer, page: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    files = [*sorted(SEEDS.glob("*.txt")), *(real(n) for n in PDFS)]
    if len(files) < 8:
        pytest.skip("seeds not found")
    page.goto(server.url + "/check")
    page.set_input_files("#file-input", [str(f) for f in files])
    page.wait_for_url(re.compile(r"/batch/[0-9a-f]{32}$"), timeout=30_000)
    shot(page, "20-batch-running", full=False)
    page.wait_for_selector("#batch-xlsx", timeout=120_000)
    rows = page.locator("#batch-table tbody tr")
    assert rows.count() == len(files)
    assert accessibility(page) == []
    shot(page, "21-batch-done")
    links = [a.get_attribute("href") for a in page.locator("#batch-table a").all()]
    assert len(links) == len(files) and all(
        re.fullmatch(r"/check/[0-9a-f]{32}", h or "") for h in links
    )
    # The Excel of all findings opens, with a row per file.
    with page.expect_download() as info:
        page.click("#batch-xlsx")
    path = tmp_path / "batch.xlsx"
    info.value.save_as(path)
    wb = load_workbook(path)
    assert len(list(wb["文件汇总"].iter_rows(min_row=2))) == len(files)
    # So does the combined 检查表: a summary sheet and one sheet per disclosure.
    with page.expect_download() as info:
        page.click("#batch-review")
    path = tmp_path / "review.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(path)
    assert sheet.sheetnames[0] == "汇总" and len(sheet.sheetnames) == 1 + len(files)
    # Each report is reachable.
    for href in links:
        page.goto(server.url + str(href))
        page.wait_for_selector(".report-head", timeout=10_000)


def test_pdf_evidence_and_annotated_pdf(server: LiveServer, page: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = real("sh-welfarehome-2024-unit-budget.pdf")
    page.goto(server.url + "/check")
    page.set_input_files("#file-input", str(pdf))
    page.wait_for_selector(".report-head", timeout=60_000)
    finding = page.locator("article.finding", has=page.locator("a.code", has_text="C001")).first
    figure = finding.locator("figure.evidence").first
    figure.scroll_into_view_if_needed()
    img = figure.locator("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    assert "第9页" in figure.inner_text()
    boxes = figure.locator(".cell-box-error")
    assert boxes.count() >= 1
    crop, first = figure.locator(".page-crop").bounding_box(), boxes.first.bounding_box()
    assert crop and first and crop["x"] < first["x"] < crop["x"] + crop["width"]
    shot(page, "22-pdf-evidence", full=False)
    assert accessibility(page) == []
    with page.expect_download() as info:
        page.locator("a", has_text="批注 PDF").first.click()
    path = tmp_path / "annotated.pdf"
    info.value.save_as(path)
    notes = [
        str(a.get_object().get("/Contents", ""))
        for p in PdfReader(path).pages
        for a in p.get("/Annots", [])
    ]
    assert any(n.startswith("错误 C001：") for n in notes), notes[:5]
    assert all(re.match(r"^(错误|警告|提示) [A-Z]\d{3}：", n) for n in notes)


def test_docs_render_offline(server: LiveServer, page: Any) -> None:
    page.goto(server.url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".opblock-summary-path", has_text="/api/v1/check").count() > 0
    shot(page, "23-docs", full=False)


def _pages(server: LiveServer, page: Any) -> list[str]:
    """Every page of the site (one of each kind), with what it needs to show something."""
    page.goto(server.url + "/library?unit=经济开发区分局&year=2023")
    unit = page.locator("#library-table tbody a").first.get_attribute("href")
    path = sorted(SEEDS.glob("000_*.txt"))[0]
    page.goto(server.url + "/check")
    page.set_input_files("#file-input", str(path))
    page.wait_for_selector(".report-head", timeout=30_000)
    report = page.url.removeprefix(server.url)
    return [
        "/check",
        report,
        "/library",
        str(unit),
        "/compare?unit=1&unit=2&year=2023",
        "/compare?unit=1",
        "/projects?q=视频监控",
        "/benchmark?size=20",
        "/library?sort=errors&desc=1&size=20",
        "/rules",
        "/login",
        "/check/" + "0" * 32,
    ]


def test_every_page_is_accessible_and_holds_at_390px(server: LiveServer, page: Any) -> None:
    failures: dict[str, list[str]] = {}
    for path in _pages(server, page):
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        if found := accessibility(page):
            failures[path] = found
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(150)  # charts resize
        if (extra := no_sideways_scroll(page)) > 0:
            failures.setdefault(path, []).append(f"{extra}px wider than a 390px window")
    for k, v in failures.items():
        print("FAIL", k)
        for x in v:
            print("   ", x)
    assert not failures, failures


def test_390px_screenshots(server: LiveServer, page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    path = sorted(SEEDS.glob("001_*.txt"))[0]
    page.goto(server.url + "/check")
    page.set_input_files("#file-input", str(path))
    page.wait_for_selector(".report-head", timeout=30_000)
    assert no_sideways_scroll(page) == 0
    shot(page, "24-report-390")
    page.goto(server.url + "/library?unit=经济开发区分局&year=2023")
    assert no_sideways_scroll(page) == 0
    page.locator("#library-table tbody a").first.click()
    page.wait_for_selector("#chart-functional canvas")
    assert no_sideways_scroll(page) == 0
    shot(page, "25-disclosure-390")


def test_focus_is_visible_on_the_file_input(server: LiveServer, page: Any) -> None:
    page.goto(server.url + "/check")
    page.focus("#file-input")
    outline = page.evaluate(
        "() => getComputedStyle(document.getElementById('dropzone')).outlineStyle"
    )
    assert outline not in ("none", "")
    shot(page, "26-focus", full=False)

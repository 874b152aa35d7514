"""The reviewer's web features: batches (many files and ZIPs, pairs joined, one workbook),
evidence on the PDF page, the annotated PDF, findings in report order."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from tests.conftest import SEEDS
from tests.real_corpus import REAL
from tests.test_web import make_client

# 支出预算总表 on page 9 prints the 类 of 2101102 事业单位医疗 as "7" (C001, an error).
PAGE_9 = "sh-welfarehome-2024-unit-budget.pdf"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    with make_client(tmp_path_factory.mktemp("review")) as c:
        yield c


def wait_batch(c: TestClient, url: str) -> str:
    for _ in range(300):
        page = c.get(url).text
        if "全部检查完成" in page:
            return page
        time.sleep(0.2)
    raise AssertionError("the batch did not finish")


def test_a_batch_of_files_and_a_zip(client: TestClient) -> None:
    from openpyxl import load_workbook

    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip("no seeds")
    narrative = "某局2024年部门预算\n\n二、部门预算安排的总体情况\n2024年收入预算100.00万元。\n"
    tables = (
        "某局2024年部门预算\n\n2024年部门收支总表\n单位：万元\n项目\t预算数\n收入总计\t100.00\n"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("材料/说明.txt", narrative)
        z.writestr("材料/表格.txt", tables)
        z.writestr("材料/照片.jpg", b"\xff\xd8\xff")
    files = [("file", (p.name, p.read_bytes())) for p in seeds]
    files.append(("file", ("材料.zip", buf.getvalue())))
    r = client.post("/check", files=files, headers={"accept": "application/json"})
    assert r.status_code == 202, r.text
    url = r.json()["url"]
    assert url.startswith("/batch/")
    page = wait_batch(client, url)
    rows = re.findall(r'<tr class="(?:has-errors)?">\s*<td class="files">(.*?)</td>', page, re.S)
    assert len(rows) == len(seeds) + 1  # the two parts joined into one row
    assert "说明.txt + 表格.txt" in page or "表格.txt + 说明.txt" in page
    assert "照片.jpg" in page and "不支持的文件类型" in page
    # Each report is reachable from its row.
    links = re.findall(r'href="(/check/[0-9a-f]{32})">查看报告', page)
    assert len(links) == len(seeds) + 1
    for link in links:
        assert "report-head" in client.get(link).text
    x = client.get(url + "/findings.xlsx")
    assert x.status_code == 200
    wb = load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames[:2] == ["文件汇总", "检查结果"]
    summary = list(wb["文件汇总"].iter_rows(min_row=2, values_only=True))
    assert len(summary) == len(seeds) + 1
    # Seed 000 is 廊坊市公安局安次分局's 2020 budget, with the transposed 5089.05 (N002/N003).
    first = next(row for row in summary if str(row[0]).startswith("000_"))
    assert first[2] == 2020 and "安次分局" in first[1] and first[4] >= 2
    codes = {row[3] for row in wb["检查结果"].iter_rows(min_row=2, values_only=True)}
    assert {"N002", "N003"} <= codes
    # The combined 检查表: a summary, then one sheet per disclosure (the joined pair as one).
    assert 'href="' + url + '/review.xlsx"' in page
    x = client.get(url + "/review.xlsx")
    assert x.status_code == 200 and "attachment" in x.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(x.content))
    assert sheet.sheetnames[0] == "汇总" and len(sheet.sheetnames) == 1 + len(seeds) + 1
    units = [row[1] for row in sheet["汇总"].iter_rows(min_row=2, values_only=True)]
    assert len(units) == len(seeds) + 1 and any("安次分局" in (u or "") for u in units)
    assert client.get(url + "/other.xlsx").status_code == 404


def test_a_batch_with_nothing_to_check(client: TestClient) -> None:
    r = client.post(
        "/check",
        files=[("file", ("a.jpg", b"\xff\xd8\xff\xe0" + b"0" * 50)), ("file", ("b.txt", b""))],
        headers={"accept": "application/json"},
    )
    assert r.status_code == 415 and "没有可以检查的文件" in r.json()["error"]["zh"]


def test_report_orders_errors_first_and_collapses_runs(client: TestClient) -> None:
    path = sorted(SEEDS.glob("000_*.txt"))[0]
    r = client.post("/api/v1/check", files={"file": (path.name, path.read_bytes())})
    jid = r.json()["id"]
    page = client.get(f"/check/{jid}").text
    # 支出说明 holds the two errors (N002, N003): it comes first, errors before anything else.
    sections = re.findall(r'<h2 class="group-title">(\S+)', page)
    assert sections[0] == "支出说明"
    severities = re.findall(r'data-severity="(\w+)"', page.split('id="findings"')[1])
    first = severities[: severities.count("error")]
    assert first == ["error"] * len(first) and len(first) == 2
    # Twenty-seven P014 warnings are one collapsed group, loaded when opened.
    run = re.search(r'data-count="(\d+)" hx-get="([^"]+)"[^>]*>\s*<summary>.*?P014', page, re.S)
    assert run is not None
    items = client.get(run[2], headers={"hx-request": "true"}).text
    assert items.count("<article") == int(run[1]) > 2


@pytest.mark.skipif(not (REAL / PAGE_9).exists(), reason="real corpus not found")
def test_pdf_evidence_and_annotated_pdf(client: TestClient) -> None:
    import pdfplumber
    from pypdf import PdfReader

    data = (REAL / PAGE_9).read_bytes()
    r = client.post("/api/v1/check", files={"file": (PAGE_9, data)})
    jid = r.json()["id"]
    page = client.get(f"/check/{jid}").text
    # Locations in words, never a cell's coordinates.
    assert "第9页 表" in page
    text = re.sub(r'style="[^"]*"|<[^>]+>', " ", page)
    assert not re.search(r"\d+,\d+,\d+,\d+", text)
    # The C001 finding shows page 9 with the cited cell boxed.
    c001 = page[page.index("C001") :]
    img = re.search(r'<img src="(/check/[0-9a-f]+/page/0/9\.png)"', c001)
    assert img is not None and "cell-box-error" in c001[: c001.index("</figure>")]
    png = client.get(img[1])
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    # The annotated PDF: a highlight naming C001 over the printed "7" (located here with
    # pdfplumber, not with our reader).
    pdf = client.get(f"/check/{jid}/annotated/0.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    notes = [
        (a.get_object()["/Contents"], [float(v) for v in a.get_object()["/Rect"]])
        for a in PdfReader(io.BytesIO(pdf.content)).pages[8].get("/Annots", [])
    ]
    assert any("C001" in n and "71102" in n for n, _ in notes)
    with pdfplumber.open(io.BytesIO(data)) as doc:
        pg = doc.pages[8]
        sevens = [
            ((w["x0"] + w["x1"]) / 2, pg.height - (w["top"] + w["bottom"]) / 2)
            for w in pg.extract_words()
            if w["text"] == "7"
        ]
    assert any(
        "C001" in n and r[0] <= x <= r[2] and r[1] <= y <= r[3] for n, r in notes for x, y in sevens
    ), "no C001 highlight over the printed 7"


def test_page_images_only_for_cited_pages(client: TestClient, tmp_path: Path) -> None:
    path = sorted(SEEDS.glob("003_*.txt"))[0]
    jid = client.post("/api/v1/check", files={"file": (path.name, path.read_bytes())}).json()["id"]
    assert client.get(f"/check/{jid}/page/0/1.png").status_code in (400, 404)
    assert client.get(f"/check/{jid}/annotated/0.pdf").status_code in (400, 404)

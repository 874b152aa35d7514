"""The web app against hostile or odd uploads: reports never read a path taken from a document,
claimed sources are replaced by the upload's own, batches always finish, names stay short."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from tests.conftest import SEEDS
from tests.real_corpus import REAL
from tests.test_web import make_client

PAGE_9 = "sh-welfarehome-2024-unit-budget.pdf"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with make_client(tmp_path_factory.mktemp("hardening")) as c:
        yield c


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} missing")
    return found[0]


def claiming_json(secret: Path) -> bytes:
    """Seed 000 as canonical JSON whose sources claim line 2 of ``x.txt`` and whose document
    claims to be ``secret`` (and a hash of nothing in particular)."""
    import yusuan

    doc = json.loads(yusuan.open(seed("000")).to_json())
    doc["source"]["path"] = str(secret)
    doc["source"]["sha256"] = "0" * 64
    text = json.dumps(doc, ensure_ascii=False)
    return re.sub(r'"[^"]*000_[^"]*\.txt:\d+', '"x.txt:2', text).encode("utf-8")


def test_a_json_upload_never_makes_the_server_read_a_path_it_names(
    client: TestClient, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("first\nTOPSECRET-LINE\nthird\n", encoding="utf-8")
    data = claiming_json(secret)
    r = client.post("/api/v1/check", files={"file": ("上传.json", data)})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["report"]["findings"], "the JSON should give findings with located lines"
    html = client.get(body["downloads"]["html"]).text
    assert "TOPSECRET" not in html
    # What the uploader claimed is replaced by the upload itself: its name and its hash.
    source = body["report"]["source"]
    assert source["path"] == "上传.json"
    assert source["sha256"] == hashlib.sha256(data).hexdigest()
    assert str(secret) not in r.text


@pytest.mark.skipif(not (REAL / PAGE_9).exists(), reason="real corpus not found")
def test_the_html_report_of_a_pdf_quotes_its_blocks_not_its_bytes(client: TestClient) -> None:
    r = client.post("/api/v1/check", files={"file": (PAGE_9, (REAL / PAGE_9).read_bytes())})
    body = r.json()
    html = client.get(body["downloads"]["html"]).text
    quoted = " ".join(re.findall(r'<pre class="src">(.*?)</pre>', html, re.S))
    assert quoted, "the findings of a PDF are quoted"
    assert "\ufffd" not in quoted and "endobj" not in quoted and "stream" not in quoted
    assert "第9页" in quoted  # the C001 cell's row, labelled by page, table and row
    assert "yusuan-web-" not in html


def test_the_server_sniffs_a_workbook_without_parsing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An XLSX naming the fill-in workbook's hidden sheet is parsed in a worker, never while
    sniffing in the server (a crafted one took the event loop for half a minute)."""
    from openpyxl import Workbook

    import yusuan.render.workbook as workbook
    from yusuan.web.worker import sniff_upload

    wb = Workbook()
    wb.create_sheet("_yusuan")
    path = tmp_path / "表.xlsx"
    wb.save(path)

    def parsed(*args: object) -> bool:
        raise AssertionError("the server parsed the workbook")

    monkeypatch.setattr(workbook, "is_template", parsed)
    assert sniff_upload(path) in ("workbook", "xlsx")

"""The web app against hostile or odd uploads: reports never read a path taken from a document,
claimed sources are replaced by the upload's own, batches always finish, names stay short."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from tests.real_corpus import REAL
from tests.test_web import make_client, seed
from yusuan.web.worker import Job, Jobs

PAGE_9 = "sh-welfarehome-2024-unit-budget.pdf"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with make_client(tmp_path_factory.mktemp("hardening")) as c:
        yield c


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


# --- batches always finish, and keep their files while they run ---------------------------------

NARRATIVE = "某局2024年部门预算\n\n二、部门预算安排的总体情况\n2024年收入预算100.00万元。\n"
TABLES = "某局2024年部门预算\n\n2024年部门收支总表\n单位：万元\n项目\t预算数\n收入总计\t100.00\n"


@pytest.fixture
def jobs(tmp_path: Path) -> Iterator[Jobs]:
    from yusuan.web import Settings

    j = Jobs(Settings(secret="x" * 40, upload_dir=tmp_path / "up", job_ttl=0))
    yield j
    j.close()


def checked_part(jobs: Jobs, name: str, text: str, batch: str) -> Job:
    """A job done as the worker leaves it, for a file that is one part of a disclosure."""
    import yusuan
    from yusuan.pipeline import has_narrative

    job, _ = jobs.new(name)
    job.path.write_text(text, encoding="utf-8")
    d = yusuan.open(job.path)
    job.disclosure_json = d.to_json()
    job.summary = {"part": "narrative" if has_narrative(d) else "tables", "counts": {}}
    job.formats, job.batch = ["text"], batch
    return job


def finished(job: Job) -> None:
    job.stage = "done"
    job.finished = time.time()
    job.finished_event.set()


def test_a_batch_whose_part_has_gone_still_finishes(jobs: Jobs) -> None:
    from yusuan.web.batches import Batch, Batches

    jobs.settings.job_ttl = 3600
    batch = Batch(id=uuid.uuid4().hex)
    a = checked_part(jobs, "说明.txt", NARRATIVE, batch.id)
    b = checked_part(jobs, "表格.txt", TABLES, batch.id)
    for j in (a, b):
        finished(j)
        jobs._jobs[j.id] = j
    batch.jobs = [a, b]
    b.path.unlink()  # expired under it
    Batches(jobs)._follow(batch)
    assert batch.done
    (joined,) = batch.joined
    assert joined.stage == "failed" and joined.error and "表格.txt" in joined.error[0]


def test_jobs_of_a_running_batch_are_kept(jobs: Jobs, monkeypatch: pytest.MonkeyPatch) -> None:
    from yusuan.web.batches import Batch, Batches

    release = threading.Event()

    def run(job: Job) -> None:
        if job.filename == "慢.txt":
            release.wait(20)
        finished(job)

    monkeypatch.setattr(jobs, "_run", run)
    batches = Batches(jobs)
    batch = Batch(id=uuid.uuid4().hex)
    fast = checked_part(jobs, "快.txt", NARRATIVE, batch.id)
    slow = checked_part(jobs, "慢.txt", TABLES, batch.id)
    batch.jobs = [fast, slow]
    batches.start(batch)
    assert fast.wait(10)
    jobs.expire()  # past their time, but the batch runs
    assert jobs.get(fast.id) is fast
    assert fast.path.exists()
    release.set()
    for _ in range(100):
        if batch.done:
            break
        time.sleep(0.1)
    assert batch.done
    jobs.expire()  # now they may go, and the batch with them
    assert jobs.get(fast.id) is None
    assert batches.get(batch.id) is None and batch.id not in batches._batches


def test_an_unexpected_error_fails_the_job_with_an_id(
    jobs: Jobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> tuple[object, ...]:
        raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "_call", broken)
    job, _ = jobs.new("a.txt")
    job.path.write_text(NARRATIVE, encoding="utf-8")
    jobs.run_now(job)
    assert job.stage == "failed" and job.done
    assert re.search(r"内部错误（编号 \w+）", job.error[0])


def test_a_refused_archive_is_named_without_the_servers_folder(client: TestClient) -> None:
    import io
    import zipfile

    from tests.test_web_review import wait_batch

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("大.txt", b"0" * (4 << 20))  # inflates 1000-fold: refused as a bomb
    files = [
        ("file", ("甲.txt", seed("003").read_bytes())),
        ("file", ("炸弹.zip", bomb.getvalue())),
    ]
    r = client.post("/check", files=files, headers={"accept": "application/json"})
    assert r.status_code == 202, r.text
    page = wait_batch(client, r.json()["url"])
    assert "炸弹.zip" in page and "疑似压缩炸弹" in page
    assert "yusuan-web-" not in page


LONG = "某某县人民政府办公室" * 12 + "2024年部门预算公开.txt"  # 126 characters, 380 bytes


def test_a_long_chinese_file_name_is_cut_to_fit(client: TestClient) -> None:
    r = client.post("/api/v1/check", files={"file": (LONG, seed("003").read_bytes())})
    assert r.status_code == 200, r.text
    name = r.json()["filename"]
    assert name.endswith(".txt")
    assert len(name.encode()) <= 255 and name.startswith("某某县人民政府办公室")


def test_a_long_member_name_in_a_zip_is_cut_to_fit(tmp_path: Path) -> None:
    import zipfile

    from yusuan.review import unpack

    archive = tmp_path / "材料.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("文件夹/" + LONG, "2024年部门预算\n")
    out = unpack([archive], tmp_path / "out")
    (path,) = out.files
    assert path.exists() and path.suffix == ".txt" and len(path.name.encode()) <= 255


def test_a_batch_over_the_file_count_is_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yusuan.web.batches as batches

    written: list[Path] = []
    real_open = Path.open

    def tracking(self: Path, *args: object, **kwargs: object) -> object:
        if args and args[0] == "wb" and "batch-" in str(self):
            written.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(batches, "MAX_FILES", 3)
    monkeypatch.setattr(Path, "open", tracking)
    with make_client(tmp_path) as c:
        files = [("file", (f"{n}.txt", b"2024\n")) for n in range(4)]
        r = c.post("/check", files=files, headers={"accept": "application/json"})
    assert r.status_code == 413 and "3" in r.json()["error"]["zh"]
    assert not written


def test_a_batch_is_bounded_in_all(tmp_path: Path) -> None:
    """Archives inflate: what a batch writes, uploads and unpacked members together, is
    bounded (four uploads' worth unless set), members past the bound listed as skipped."""
    import io
    import zipfile

    member = "某局2024年部门预算\n".encode() + b"\n" * 900_000
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(6):
            z.writestr(f"{n}.txt", member)
    with make_client(tmp_path, max_upload=1024 * 1024) as c:
        files = [
            ("file", ("甲.txt", seed("003").read_bytes())),
            ("file", ("包.zip", buf.getvalue())),
        ]
        r = c.post("/check", files=files, headers={"accept": "application/json"})
        assert r.status_code == 202, r.text
        page = c.get(r.json()["url"]).text
        assert page.count("超过批量上传总大小上限") == 2  # 4 MB hold four members, not six
        small = make_client(tmp_path / "small", max_upload=1024 * 1024, max_batch=40 * 1024)
        with small as s:
            r = s.post("/check", files=files, headers={"accept": "application/json"})
        assert r.status_code == 413 and "总大小" in r.json()["error"]["zh"]


def test_workers_import_what_tasks_need_not_the_web_app() -> None:
    import subprocess
    import sys

    code = (
        "import sys, importlib\n"
        "from yusuan.web.worker import _PRELOAD\n"
        "for m in _PRELOAD: importlib.import_module(m)\n"
        "print(sorted(m for m in ('fastapi', 'starlette', 'yusuan.web.app', 'yusuan.web.pages')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_batch_page_waits_when_asked(client: TestClient) -> None:
    files = [("file", (f"{n}.txt", seed(n).read_bytes())) for n in ("003", "004")]
    r = client.post("/check", files=files, headers={"accept": "application/json"})
    assert r.status_code == 202
    page = client.get(r.json()["url"] + "?wait=30").text  # answers once the batch is done
    assert "全部检查完成" in page

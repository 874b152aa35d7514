"""Checking uploads without risking the server.

Each upload is sniffed here (by content, with the readers' detection), then read and checked in
a child process started by a forkserver that has the pipeline imported. The child limits its own
address space and CPU time (``resource.setrlimit``) and the parent kills it after a wall-clock
timeout, so a hostile file costs one child, never the server. Results live in memory for
``job_ttl`` seconds with the uploaded file, for the report downloads.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
import traceback
import unicodedata
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from yusuan.errors import YusuanError, error_id
from yusuan.web.settings import Settings

# What the server reads: what `yusuan check` reads, less the formats that need LibreOffice.
ACCEPTED = {
    "text": "TXT",
    "pdf": "PDF",
    "docx": "DOCX",
    "xlsx": "XLSX",
    "html": "HTML",
    "json": "JSON",  # the canonical JSON of `yusuan read --json`
    "workbook": "XLSX",  # a filled `yusuan template` workbook
}
REFUSED = {
    "image": "这是图片，没有文本层；请上传原始文档，或先做文字识别（OCR）",
    "encrypted-ooxml": "文档已加密（设置了打开密码），请先去除密码",
    "doc": "这是旧版 Word（DOC/WPS）文件，请另存为 DOCX 或 PDF 后上传",
    "xls": "这是旧版 Excel（XLS）文件，请另存为 XLSX 后上传",
    "rtf": "这是 RTF 文件，请另存为 DOCX 或 PDF 后上传",
    "odt": "这是 ODT 文件，请另存为 DOCX 或 PDF 后上传",
    "ods": "这是 ODS 文件，请另存为 XLSX 后上传",
    "ofd": "暂不支持 OFD 版式文件，请另存为 PDF 后上传",
    "zip": "这是一个 ZIP 压缩包，不是 Word/Excel 文档；请解压后逐个上传",
}
STAGE_ZH = {
    "queued": "排队等候",
    "reading": "正在读取文件",
    "checking": "正在检查",
    "done": "检查完成",
    "failed": "失败",
}
_PRELOAD = [
    "yusuan.pipeline",
    "yusuan.extract",
    "yusuan.readers",
    "yusuan.readers.pdf",
    "yusuan.readers.docx",
    "yusuan.readers.xlsx",
    "yusuan.readers.html",
    "yusuan.check.engine",
    "yusuan.check.registry",
    "yusuan.web.worker",
]
_ctx_lock = threading.Lock()
_ctx: Any = None


def _context() -> Any:
    """A forkserver context whose server has the pipeline imported: each child starts in ms."""
    global _ctx
    with _ctx_lock:
        if _ctx is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(_PRELOAD)
            _ctx = ctx
        return _ctx


# --- sniffing --------------------------------------------------------------------------------


def sniff_upload(path: Path) -> str:
    """The upload's format by content (:func:`yusuan.pipeline.input_format`), or a YusuanError
    saying in Chinese why the server refuses it (it converts no legacy formats)."""
    from yusuan.pipeline import input_format

    try:
        fmt = input_format(path)
    except YusuanError as e:  # name the file as uploaded, never the server's folder
        folder = str(path.parent) + "/"
        raise YusuanError(e.zh.replace(folder, ""), e.en.replace(folder, "")) from None
    if fmt in ACCEPTED:
        return fmt
    zh = REFUSED.get(fmt, "无法识别的文件格式")
    raise YusuanError(
        f"{zh}。支持的格式：PDF、DOCX、XLSX、HTML、TXT", f"unsupported upload format: {fmt}"
    )


def safe_name(name: str | None) -> str:
    """The upload's own name without any directory, control characters or odd separators."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable())
    base = base.strip().lstrip(".")[:120]
    return base or "upload"


# --- the child ----------------------------------------------------------------------------------


def _limit(memory: int, cpu: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child(paths: list[str], prefix: str, memory: int, cpu: int, conn: Connection) -> None:
    """Read and check one file, or the files that are the parts of one disclosure; send
    ("stage", …), then ("ok", …) or ("error", zh, en)."""
    try:
        _limit(memory, cpu)
        from yusuan.check.engine import check
        from yusuan.pipeline import open_input
        from yusuan.web.excerpts import excerpts_for

        conn.send(("stage", "reading"))
        opened = open_input([Path(p) for p in paths], merge=True, parts_only=True)
        d = opened.disclosure
        conn.send(("stage", "checking"))
        report = check(d)
        doc = opened.document  # none for JSON or a workbook: nothing to quote
        shown = excerpts_for(doc, report.findings) if doc else [[] for _ in report.findings]
        # Sources name the file as uploaded ("预算.pdf:27"), not the server's temporary path.
        disclosure = d.to_json(indent=None).replace(prefix, "")
        conn.send(("ok", disclosure, report.model_dump_json().replace(prefix, ""), shown))
    except YusuanError as e:
        conn.send(("error", e.zh.replace(prefix, ""), e.en.replace(prefix, "")))
    except MemoryError:
        conn.send(("error", "文件过于复杂，超出内存限制", "memory limit exceeded"))
    except RecursionError:
        conn.send(("error", "文件结构嵌套过深，无法读取", "structure too deep"))
    except Exception as e:  # a bug, not the user's fault: say so plainly
        code = error_id(e)
        # The traceback goes to the server's log under the same id, never to the user.
        print(f"yusuan internal error {code}:", file=sys.stderr)
        traceback.print_exc()
        conn.send(
            (
                "error",
                f"内部错误（编号 {code}）：读取时程序出错（{type(e).__name__}）。这不是文件的问题，"
                "请将文件和编号报告给维护人员",
                f"internal error {code} ({type(e).__name__}), not a problem of the file: "
                "please report it",
            )
        )
    finally:
        conn.close()


# --- jobs ------------------------------------------------------------------------------------


@dataclass
class Job:
    id: str
    filename: str
    path: Path
    size: int
    format: str | None = None
    parts: list[Path] = field(default_factory=list)  # further files of one disclosure
    stage: str = "queued"
    error: tuple[str, str] | None = None
    disclosure_json: str | None = None
    report_json: str | None = None
    excerpts: list[list[dict[str, Any]]] = field(default_factory=list)
    created: float = field(default_factory=time.time)
    finished: float | None = None
    stored_id: int | None = None  # the disclosure id once stored

    @property
    def done(self) -> bool:
        return self.stage in ("done", "failed")

    @property
    def names(self) -> list[str]:
        return [p.name for p in (self.path, *self.parts)]

    def add_part(self, filename: str) -> Path:
        """Where a further file of this upload is written; names never clash in the folder."""
        name = safe_name(filename)
        taken = set(self.names)
        stem, dot, ext = name.rpartition(".")
        n = 2
        while name in taken:
            name = f"{stem or ext}-{n}{dot}{ext if stem else ''}"
            n += 1
        path = self.path.parent / name
        self.parts.append(path)
        return path

    def status(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "filename": self.filename,
            "size": self.size,
            "format": self.format,
            "stage": self.stage,
            "stage_zh": STAGE_ZH[self.stage],
            "done": self.done,
            "stored_id": self.stored_id,
        }
        if self.error:
            out["error"] = {"zh": self.error[0], "en": self.error[1]}
        if self.finished:
            out["seconds"] = round(self.finished - self.created, 2)
        return out

    def report(self) -> Any:
        from yusuan.check.findings import DocumentReport

        assert self.report_json is not None
        return DocumentReport.model_validate_json(self.report_json)

    def disclosure(self) -> Any:
        from yusuan.model import Disclosure

        assert self.disclosure_json is not None
        return Disclosure.model_validate_json(self.disclosure_json)


class Jobs:
    """Uploaded files being checked, and their results, in memory."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=max(1, settings.workers))
        root = settings.upload_dir
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix="yusuan-web-", dir=root))

    def new(self, filename: str) -> tuple[Job, Path]:
        """A job and the directory its upload is to be written into (further files of the same
        disclosure go beside it: :meth:`Job.add_part`)."""
        self.expire()
        jid = uuid.uuid4().hex
        folder = self.root / jid
        folder.mkdir()
        job = Job(id=jid, filename=safe_name(filename), path=folder / safe_name(filename), size=0)
        return job, folder

    def submit(self, job: Job) -> None:
        with self._lock:
            self._jobs[job.id] = job
        self._pool.submit(self._run, job)

    def get(self, jid: str) -> Job | None:
        if not re.fullmatch(r"[0-9a-f]{32}", jid):
            return None
        with self._lock:
            return self._jobs.get(jid)

    def discard(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def expire(self) -> None:
        now = time.time()
        with self._lock:
            old = [
                j
                for j in self._jobs.values()
                if j.done and now - (j.finished or j.created) > self.settings.job_ttl
            ]
            done = sorted((j for j in self._jobs.values() if j.done), key=lambda j: j.created)
            excess = len(self._jobs) - self.settings.max_jobs
            if excess > 0:
                old += done[:excess]
            for j in old:
                self._jobs.pop(j.id, None)
        for j in old:
            shutil.rmtree(j.path.parent, ignore_errors=True)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def run_now(self, job: Job) -> Job:
        """Check in the calling thread (the JSON API's synchronous endpoint)."""
        with self._lock:
            self._jobs[job.id] = job
        self._run(job)
        return job

    def _run(self, job: Job) -> None:
        s = self.settings
        ctx = _context()
        recv, send = ctx.Pipe(duplex=False)
        prefix = str(job.path.parent) + "/"
        proc = ctx.Process(
            target=_child,
            args=(
                [str(p) for p in (job.path, *job.parts)],
                prefix,
                s.parse_memory,
                s.parse_timeout,
                send,
            ),
            daemon=True,
        )
        try:
            proc.start()
        except OSError as e:
            self._fail(job, "服务器繁忙，无法启动检查进程，请稍后再试", f"cannot start worker: {e}")
            return
        send.close()
        deadline = time.monotonic() + s.parse_timeout
        result: tuple[Any, ...] | None = None
        try:
            while result is None:
                left = deadline - time.monotonic()
                if left <= 0 or not recv.poll(left):
                    break
                msg = recv.recv()
                if msg[0] == "stage":
                    job.stage = msg[1]
                else:
                    result = msg
        except (EOFError, OSError):
            result = None  # the child died without a word: killed by a limit
        finally:
            timed_out = proc.is_alive()
            if timed_out:
                proc.kill()
            proc.join(5)
            recv.close()
        if result is None:
            if timed_out:
                self._fail(
                    job,
                    f"处理超时（超过 {s.parse_timeout} 秒），文件可能过大或结构异常",
                    "parsing timed out",
                )
            else:
                self._fail(
                    job,
                    "文件处理超出资源限制（内存或时间），已中止；文件可能过大或结构异常",
                    f"worker ended by a resource limit (exit {proc.exitcode})",
                )
        elif result[0] == "ok":
            job.disclosure_json, job.report_json, job.excerpts = result[1], result[2], result[3]
            job.stage = "done"
            job.finished = time.time()
        else:
            self._fail(job, result[1], result[2])

    def _fail(self, job: Job, zh: str, en: str) -> None:
        job.error = (zh, en)
        job.stage = "failed"
        job.finished = time.time()


def report_json_for_download(job: Job) -> str:
    """The report as ``yusuan check --format json`` prints it."""
    from yusuan.check import report as rep
    from yusuan.check.findings import CheckReport

    return rep.to_json(CheckReport(documents=[job.report()]))


def report_html_for_download(job: Job) -> str:
    """``yusuan check -f html``: rendered against the uploaded file (for its excerpts), then the
    server's folder is taken out of the page."""
    from yusuan.check import report as rep
    from yusuan.check.findings import CheckReport

    folder = str(job.path.parent) + "/"
    doc = json.loads(job.report_json or "{}")
    text = json.dumps(doc, ensure_ascii=False)
    name = job.filename
    # Point the report back at the real file, so to_html can quote its lines.
    text = text.replace(f'"path": "{name}"', f'"path": "{folder}{name}"')
    from yusuan.check.findings import DocumentReport

    report = CheckReport(documents=[DocumentReport.model_validate_json(text)])
    return rep.to_html(report).replace(folder, "")


def report_xlsx_for_download(job: Job) -> bytes:
    from yusuan.check import report as rep
    from yusuan.check.findings import CheckReport

    return rep.to_xlsx(CheckReport(documents=[job.report()]))

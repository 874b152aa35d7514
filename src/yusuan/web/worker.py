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
import os
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
import traceback
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from yusuan.errors import YusuanError, error_id
from yusuan.review import safe_name
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
    "yusuan.extract",
    "yusuan.readers",
    "yusuan.readers.pdf",
    "yusuan.readers.docx",
    "yusuan.readers.xlsx",
    "yusuan.readers.html",
    "yusuan.check.engine",
    "yusuan.check.registry",
    "yusuan.check.rules",
    "yusuan.check.evidence",
    "yusuan.pipeline",
    "yusuan.check.excerpts",
    "yusuan.web.worker",  # the workers' own code: the web app itself is never imported
    "pypdfium2",
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
    saying in Chinese why the server refuses it (it converts no legacy formats). Cheap: no
    workbook is parsed here, in the server, only in a worker."""
    from yusuan.pipeline import input_format

    try:
        fmt = input_format(path, deep=False)
    except YusuanError as e:  # name the file as uploaded, never the server's folder
        raise e.naming(path) from None
    if fmt in ACCEPTED:
        return fmt
    zh = REFUSED.get(fmt, "无法识别的文件格式")
    raise YusuanError(
        f"{zh}。支持的格式：PDF、DOCX、XLSX、HTML、TXT", f"unsupported upload format: {fmt}"
    )


def internal_error(e: BaseException, when: str) -> tuple[str, str]:
    """A bug, not the user's fault, in Chinese and English under an id (:func:`error_id`); the
    traceback goes to the server's log under the same id, never to the user."""
    code = error_id(e)
    print(f"yusuan internal error {code}:", file=sys.stderr)
    traceback.print_exception(e)
    return (
        f"内部错误（编号 {code}）：{when}程序出错（{type(e).__name__}）。这不是文件的问题，"
        "请将文件和编号报告给维护人员",
        f"internal error {code} ({type(e).__name__}), not a problem of the file: please report it",
    )


# --- the worker ----------------------------------------------------------------------------------
#
# Workers are long-lived processes started by a forkserver that has the pipeline imported: the
# imports are paid once per worker, not per upload. Each worker limits its address space once
# (RLIMIT_AS) and, before every task, its CPU time to what it has used plus the per-upload
# budget (RLIMIT_CPU counts the whole process); the server kills it after the wall-clock timeout.
# A worker is retired after MAX_TASKS tasks, after any memory, recursion or internal error, and
# when its address space has grown past RETIRE_SHARE of the limit: one bad file never leaves a
# damaged worker behind.

MAX_TASKS = 50
RETIRE_SHARE = 0.6


def _limit(memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _cpu_budget(cpu: int) -> None:
    """Allow ``cpu`` more seconds of CPU from now (SIGXCPU ends the worker past them)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + cpu + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _address_space() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _serve(conn: Connection, memory: int, cpu: int) -> None:
    """A worker's life: take tasks until told to stop, retired, or killed."""
    import gc

    try:
        _limit(memory)
    except (ValueError, OSError):
        pass
    gc.freeze()  # what the imports made lives as long as the worker: collections skip it
    for _ in range(MAX_TASKS):
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        _cpu_budget(cpu)
        retire = True
        try:
            # Tasks name files relative to their job's folder, so every source, message and
            # report names a file as uploaded ("预算.pdf:27"), never the server's folder.
            os.chdir(task[1])
            result = TASKS[task[0]](conn, *task[2:])
            retire = _address_space() > RETIRE_SHARE * memory
            reply: tuple[Any, ...] = ("ok", result)
        except YusuanError as e:
            retire = False
            reply = ("error", e.zh, e.en)
        except MemoryError:
            reply = ("error", "文件过于复杂，超出内存限制", "memory limit exceeded")
        except RecursionError:
            reply = ("error", "文件结构嵌套过深，无法读取", "structure too deep")
        except Exception as e:  # a bug, not the user's fault: say so plainly
            reply = ("error", *internal_error(e, "读取时"))
        finally:
            os.chdir(_HOME)  # the job's folder may be removed before the next task
        try:
            conn.send((*reply, retire))
        except (OSError, ValueError):
            return
        if retire:
            return


def _as_uploaded(d: Any, path: Path, fmt: str) -> Any:
    """A disclosure read from canonical JSON or a filled workbook, its source the upload itself
    (its name and hash), not the file and the parts the upload claims to come from."""
    import hashlib

    from yusuan.model import SourceRef

    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    source = SourceRef(path=path.name, sha256=sha, format=fmt)
    return d.model_copy(update={"source": source, "parts": []})


def _check_task(conn: Connection, paths: list[str], formats: list[str]) -> dict[str, Any]:
    """Read and check one file, or the files that are the parts of one disclosure; everything
    the report page shows is prepared here, so the server only renders it."""
    from yusuan.check.engine import check
    from yusuan.check.evidence import cited_boxes, page_sizes
    from yusuan.check.excerpts import excerpts_for
    from yusuan.check.locate import locations_in_words, positions
    from yusuan.pipeline import has_narrative, is_part, open_input
    from yusuan.review import summary_of

    conn.send(("stage", "reading"))
    opened = open_input([Path(p) for p in paths], merge=True, parts_only=True)
    d, doc = opened.disclosure, opened.document
    if doc is None:  # canonical JSON or a filled workbook: it names a source, not to be trusted
        d = _as_uploaded(d, Path(paths[0]), formats[0] if formats else "json")
    conn.send(("stage", "checking"))
    report = check(d)
    if doc is None:  # canonical JSON or a filled workbook: no blocks to quote or place
        shown: list[Any] = [[] for _ in report.findings]
        where = {}
    else:
        shown = excerpts_for(doc, report.findings)
        where = positions(doc, {loc.source or "" for f in report.findings for loc in f.locations})
    report_json = report.model_dump_json()
    findings = json.loads(report_json)["findings"]
    wanted: dict[int, set[int]] = {}
    for f, item, ex in zip(report.findings, findings, shown, strict=True):
        item["excerpts"] = ex
        item["where"] = locations_in_words(f.locations, where)
        item["evidence"] = cited_boxes(f, paths)
        for e in item["evidence"]:
            wanted.setdefault(e["part"], set()).add(e["page"])
    sizes = {
        f"{part}-{page}": list(size)
        for part, pages in wanted.items()
        for page, size in page_sizes(paths[part], pages).items()
    }
    return {
        "disclosure": d.to_json(indent=None),
        "report": report_json,
        "findings": findings,
        "summary": {
            **summary_of(d, report),  # what a batch's row says
            "tables": len(d.tables),
            "projects": len(d.performance.projects),
            "coverage": [c.model_dump(mode="json") for c in report.coverage],
            # A file that is only the narrative or only the tables (a batch joins such pairs).
            "part": ("narrative" if has_narrative(d) else "tables") if is_part(d) else None,
        },
        "pages": sizes,
    }


def _page_task(conn: Connection, path: str, page: int, width: int) -> bytes:
    from yusuan.check.evidence import page_png

    return page_png(path, page, width)


def _annotate_task(conn: Connection, path: str, report_json: str) -> bytes:
    from yusuan.check.evidence import annotated_pdf
    from yusuan.check.findings import DocumentReport

    report = DocumentReport.model_validate_json(report_json)
    return annotated_pdf(path, report.findings)


_HOME = tempfile.gettempdir()
TASKS: dict[str, Any] = {"check": _check_task, "page": _page_task, "annotate": _annotate_task}


class WorkerGone(Exception):
    """The worker ended without an answer: killed by a limit, or by the timeout."""

    def __init__(self, timed_out: bool, exitcode: int | None) -> None:
        super().__init__(f"timed out: {timed_out}, exit {exitcode}")
        self.timed_out, self.exitcode = timed_out, exitcode


class _Worker:
    def __init__(self, settings: Settings) -> None:
        ctx = _context()
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(
            target=_serve,
            args=(child, settings.parse_memory, settings.parse_timeout),
            daemon=True,
        )
        self.proc.start()
        child.close()
        self.tasks = 0

    def alive(self) -> bool:
        return self.proc.is_alive() and self.tasks < MAX_TASKS

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(1)
        self.kill()

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Pool:
    """At most ``settings.workers`` warm workers, each doing one task at a time; callers
    beyond that wait their turn."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max(1, settings.workers))
        self._closed = False

    def warm(self) -> None:
        """Start the workers now (in the background), so the first upload does not wait."""

        def start() -> None:
            for _ in range(max(1, self.settings.workers)):
                if not self._slots.acquire(blocking=False):
                    return
                try:
                    w = _Worker(self.settings)
                    with self._lock:
                        if self._closed:
                            w.stop()
                            return
                        self._idle.append(w)
                except OSError:
                    return
                finally:
                    self._slots.release()

        threading.Thread(target=start, daemon=True).start()

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                w = self._idle.pop()
                if w.alive():
                    return w
                w.kill()
        return _Worker(self.settings)

    def call(
        self, task: tuple[Any, ...], on_stage: Any = None, timeout: float | None = None
    ) -> tuple[Any, ...]:
        """Run a task: ("ok", result) or ("error", zh, en); :class:`WorkerGone` when the
        worker died or ran out of time; OSError when no worker can be started."""
        timeout = timeout or self.settings.parse_timeout
        with self._slots:
            w = self._take()
            deadline = time.monotonic() + timeout
            try:
                w.conn.send(task)
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0 or not w.conn.poll(left):
                        w.kill()
                        raise WorkerGone(True, None)
                    msg = w.conn.recv()
                    if msg[0] == "stage":
                        if on_stage:
                            on_stage(msg[1])
                        continue
                    break
            except (EOFError, OSError):
                w.kill()
                raise WorkerGone(False, w.proc.exitcode) from None
            w.tasks += 1
            retire = msg[-1]
            with self._lock:
                if retire or self._closed or not w.alive():
                    w.stop()
                else:
                    self._idle.append(w)
            return tuple(msg[:-1])

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for w in idle:
            w.stop()


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
    # What the report page shows (prepared by the worker): findings with their excerpts,
    # locations in words and PDF boxes; the summary; PDF page sizes ("part-page" → [w, h]).
    findings: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    pages: dict[str, list[float]] = field(default_factory=dict)
    formats: list[str] = field(default_factory=list)  # of each file, as sniffed
    batch: str | None = None  # the batch this upload is part of
    created: float = field(default_factory=time.time)
    finished: float | None = None
    stored_id: int | None = None  # the disclosure id once stored
    finished_event: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def done(self) -> bool:
        return self.stage in ("done", "failed")

    def wait(self, seconds: float) -> bool:
        """Wait until the check is done (at most ``seconds``); whether it is."""
        return self.done or self.finished_event.wait(max(0.0, seconds))

    def file(self, part: int) -> Path | None:
        files = [self.path, *self.parts]
        return files[part] if 0 <= part < len(files) else None

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
        self.workers = Pool(settings)
        root = settings.upload_dir
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix="yusuan-web-", dir=root))
        self._running: set[str] = set()  # batches not finished: their jobs are kept
        self._closed = False

    def hold(self, batch: str) -> None:
        """Keep the jobs of a batch (however old) until :meth:`release`: it joins them."""
        with self._lock:
            self._running.add(batch)

    def release(self, batch: str) -> None:
        with self._lock:
            self._running.discard(batch)

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
            free = [j for j in self._jobs.values() if j.done and j.batch not in self._running]
            old = [j for j in free if now - (j.finished or j.created) > self.settings.job_ttl]
            done = sorted(free, key=lambda j: j.created)
            excess = len(self._jobs) - self.settings.max_jobs
            if excess > 0:
                old += done[:excess]
            for j in old:
                self._jobs.pop(j.id, None)
        for j in old:
            shutil.rmtree(j.path.parent, ignore_errors=True)

    def close(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.workers.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def run_now(self, job: Job) -> Job:
        """Check in the calling thread (the JSON API's synchronous endpoint)."""
        with self._lock:
            self._jobs[job.id] = job
        self._run(job)
        return job

    def _call(self, task: tuple[Any, ...], on_stage: Any = None) -> tuple[Any, ...]:
        """A task in a worker, with the reasons a worker can fail put in Chinese."""
        s = self.settings
        try:
            return self.workers.call(task, on_stage)
        except OSError as e:
            return (
                "error",
                "服务器繁忙，无法启动检查进程，请稍后再试",
                f"cannot start worker: {e}",
            )
        except WorkerGone as e:
            if e.timed_out:
                return (
                    "error",
                    f"处理超时（超过 {s.parse_timeout} 秒），文件可能过大或结构异常",
                    "parsing timed out",
                )
            return (
                "error",
                "文件处理超出资源限制（内存或时间），已中止；文件可能过大或结构异常",
                f"worker ended by a resource limit (exit {e.exitcode})",
            )

    def _run(self, job: Job) -> None:
        if self._closed:  # shutting down: the job's folder is going
            return
        try:
            self._check(job)
        except Exception as e:  # a bug here must not leave the job "reading" for ever
            self.fail(job, *internal_error(e, "检查时"))

    def _check(self, job: Job) -> None:
        folder = job.path.parent
        names = [str(p.relative_to(folder)) for p in (job.path, *job.parts)]

        def stage(name: str) -> None:
            job.stage = name

        result = self._call(("check", str(folder), names, job.formats), stage)
        if result[0] == "ok":
            out = result[1]
            job.disclosure_json, job.report_json = out["disclosure"], out["report"]
            job.findings, job.summary, job.pages = out["findings"], out["summary"], out["pages"]
            job.stage = "done"
            job.finished = time.time()
            job.finished_event.set()
        else:
            self.fail(job, result[1], result[2])

    def fail(self, job: Job, zh: str, en: str) -> None:
        """Finish a job as failed, with the reason (kept like any other for its page)."""
        with self._lock:
            self._jobs[job.id] = job
        job.error = (zh, en)
        job.stage = "failed"
        job.finished = time.time()
        job.finished_event.set()

    def page_png(self, job: Job, part: int, page: int, width: int = 1100) -> bytes:
        """A page of an uploaded PDF as an image (rendered by a worker, kept with the job)."""
        path = job.file(part)
        if path is None or f"{part}-{page}" not in job.pages:
            raise YusuanError("没有这一页", "no such page")
        cached = path.parent / f".page-{part}-{page}-{width}.png"
        if cached.exists():
            return cached.read_bytes()
        result = self._call(("page", str(path.parent), path.name, page, width))
        if result[0] != "ok":
            raise YusuanError(result[1], result[2])
        # Written whole, then renamed: a request at the same time never reads half a PNG.
        partial = cached.with_name(f"{cached.name}.{uuid.uuid4().hex}")
        partial.write_bytes(result[1])
        os.replace(partial, cached)
        return bytes(result[1])

    def annotated_pdf(self, job: Job, part: int) -> bytes:
        """An uploaded PDF with every cell a finding cites highlighted and annotated."""
        path = job.file(part)
        fmt = job.formats[part] if part < len(job.formats) else job.format
        if path is None or fmt != "pdf" or job.report_json is None:
            raise YusuanError("只有 PDF 文件可以下载批注版", "only PDF files can be annotated")
        result = self._call(("annotate", str(path.parent), path.name, job.report_json))
        if result[0] != "ok":
            raise YusuanError(result[1], result[2])
        return bytes(result[1])


def report_json_for_download(job: Job) -> str:
    """The report as ``yusuan check --format json`` prints it."""
    from yusuan.check import report as rep
    from yusuan.check.findings import CheckReport

    return rep.to_json(CheckReport(documents=[job.report()]))


def report_html_for_download(job: Job) -> str:
    """``yusuan check -f html``, quoting the excerpts the worker took from the upload's blocks:
    the server reads no file a report names."""
    from yusuan.check import report as rep
    from yusuan.check.findings import CheckReport

    excerpts = [f.get("excerpts", []) for f in job.findings]
    return rep.to_html(CheckReport(documents=[job.report()]), [excerpts])


def report_xlsx_for_download(job: Job) -> bytes:
    from yusuan.check import report as rep
    from yusuan.check.findings import CheckReport

    return rep.to_xlsx(CheckReport(documents=[job.report()]))


def review_xlsx_for_download(job: Job) -> bytes:
    """The reviewer's check sheet (``yusuan check -f review``) for this upload."""
    from yusuan.check.review import review_workbook

    return review_workbook([(job.disclosure(), job.report())])

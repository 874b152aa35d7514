"""Batch review in the web app: many files (or ZIP archives of them) uploaded at once, each
checked in a worker like a single upload, narrative/tables pairs joined afterwards, one row per
disclosure with a link to its report, and one workbook of all findings (:mod:`yusuan.review`)."""

from __future__ import annotations

import re
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from yusuan.errors import YusuanError
from yusuan.review import MAX_FILES, Row, Skipped, findings_workbook, join_parts, unpack
from yusuan.web.uploads import chunks
from yusuan.web.worker import Job, Jobs, safe_name, sniff_upload


@dataclass
class Batch:
    id: str
    jobs: list[Job] = field(default_factory=list)  # one per file
    joined: list[Job] = field(default_factory=list)  # narrative + tables checked as one
    skipped: list[Skipped] = field(default_factory=list)
    stage: str = "checking"  # → "joining" → "done"
    created: float = field(default_factory=time.time)
    finished: float | None = None
    joined_of: dict[str, Job] = field(default_factory=dict)  # a part's job id → the joined job
    finished_event: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def done(self) -> bool:
        return self.stage == "done"

    def wait(self, seconds: float) -> bool:
        """Wait until every check is done (at most ``seconds``); whether they are."""
        return self.done or self.finished_event.wait(max(0.0, seconds))

    def progress(self) -> tuple[int, int]:
        """(checks finished, checks in all)."""
        every = [*self.jobs, *self.joined]
        return sum(j.done for j in every), len(every)

    def entries(self) -> list[Job]:
        """One job per disclosure: joined pairs replace their parts, in upload order."""
        out: list[Job] = []
        for j in self.jobs:
            pair = self.joined_of.get(j.id)
            if pair is None:
                out.append(j)
            elif pair not in out:
                out.append(pair)
        return out

    def rows(self) -> list[tuple[Job, Row]]:
        return [
            (j, Row.of(j.names, j.summary, j.error[0] if j.error else None)) for j in self.entries()
        ]

    def workbook(self) -> bytes:
        from yusuan.check.findings import CheckReport

        rows = self.rows()
        reports = [j.report() for j, _ in rows if j.stage == "done"]
        return findings_workbook([r for _, r in rows], CheckReport(documents=reports))

    def check_sheet(self) -> bytes:
        """The reviewers' combined 检查表 (``yusuan check -f review``): a summary sheet, then
        one sheet per disclosure checked (joined pairs as one)."""
        from yusuan.check.review import review_workbook

        done = [j for j in self.entries() if j.stage == "done"]
        return review_workbook([(j.disclosure(), j.report()) for j in done])


class Batches:
    """Batches in memory, as long as their jobs are kept."""

    def __init__(self, jobs: Jobs) -> None:
        self.jobs = jobs
        self._batches: dict[str, Batch] = {}
        self._lock = threading.Lock()

    def get(self, bid: str) -> Batch | None:
        if not re.fullmatch(r"[0-9a-f]{32}", bid):
            return None
        self._prune()
        with self._lock:
            b = self._batches.get(bid)
        if b is not None and not self._alive(b):
            return None  # its uploads have expired
        return b

    def start(self, batch: Batch) -> None:
        self._prune()
        self.jobs.hold(batch.id)  # its jobs stay until it is done, however long that takes
        with self._lock:
            self._batches[batch.id] = batch
        for job in batch.jobs:
            self.jobs.submit(job)
        threading.Thread(target=self._follow, args=(batch,), daemon=True).start()

    def _prune(self) -> None:
        """Forget finished batches whose uploads have expired."""
        with self._lock:
            for bid in [k for k, b in self._batches.items() if b.done and not self._alive(b)]:
                del self._batches[bid]

    def _alive(self, b: Batch) -> bool:
        return all(self.jobs.get(j.id) is not None for j in b.jobs)

    def _follow(self, batch: Batch) -> None:
        """Wait for the files, then check narrative/tables pairs as one disclosure; the batch
        finishes whatever happens."""
        limit = self.jobs.settings.parse_timeout * 4 + 60
        try:
            for job in batch.jobs:
                job.wait(limit)
            batch.stage = "joining"
            parts = [
                (j.id, j.disclosure())
                for j in batch.jobs
                if j.stage == "done" and j.summary.get("part")
            ]
            by_id = {j.id: j for j in batch.jobs}
            for group in join_parts(parts):
                if len(group) > 1:
                    self._join(batch, [by_id[jid] for jid in group])
            for job in batch.joined:
                job.wait(limit)
        finally:
            batch.stage = "done"
            batch.finished = time.time()
            self.jobs.release(batch.id)
            batch.finished_event.set()

    def _join(self, batch: Batch, group: list[Job]) -> None:
        """A job checking the files of ``group`` as one disclosure (failed when one is gone)."""
        first = group[0]
        job, _ = self.jobs.new(first.filename)
        job.format, job.batch = first.format, batch.id
        job.size = sum(j.size for j in group)
        batch.joined_of.update({j.id: job for j in group})
        batch.joined.append(job)
        try:
            shutil.copyfile(first.path, job.path)
            job.formats = [*first.formats]
            for other in group[1:]:
                shutil.copyfile(other.path, job.add_part(other.filename))
                job.formats += other.formats
        except OSError:
            gone = next((j.filename for j in group if not j.path.exists()), first.filename)
            self.jobs.fail(
                job,
                f"无法合并检查：文件 {gone} 已不在服务器上（可能已过期），请重新上传",
                f"cannot join the parts: {gone} is gone (expired?); upload again",
            )
            return
        self.jobs.submit(job)


async def receive_batch(request: Request, files: list[UploadFile]) -> Batch:
    """A batch of the uploaded files and of the files inside uploaded ZIP archives: each
    sniffed, and refused ones listed with their reason; raises 4xx when nothing can be checked."""
    settings = request.app.state.settings
    jobs: Jobs = request.app.state.jobs
    bid = uuid.uuid4().hex
    folder = jobs.root / f"batch-{bid}"
    (folder / "in").mkdir(parents=True)
    batch = Batch(id=bid)
    limit = settings.batch_limit
    try:
        if len(files) > MAX_FILES:  # refused before anything is written
            raise HTTPException(
                413,
                detail=f"一次最多上传 {MAX_FILES} 个文件 / at most {MAX_FILES} files at once",
            )
        received: list[Path] = []
        total = 0
        for n, file in enumerate(files):
            target = folder / "in" / str(n) / safe_name(file.filename)
            target.parent.mkdir()
            mb = settings.max_upload // (1024 * 1024)
            too_large = f"文件过大：{file.filename}，上限为 {mb} MB"
            with target.open("wb") as out:
                async for chunk in chunks(file, settings.max_upload, too_large):
                    total += len(chunk)
                    if total > limit:
                        cap = limit // (1024 * 1024)
                        raise HTTPException(
                            413,
                            detail=f"批量上传的文件总大小超过上限 {cap} MB / "
                            f"a batch is limited to {cap} MB in all",
                        )
                    out.write(chunk)
            received.append(target)
        # Off the event loop: unpacking and sniffing read the files. Archives inflate: what
        # they hold counts towards the batch's bound too.
        unpacked = await run_in_threadpool(
            unpack,
            received,
            folder / "zip",
            settings.max_upload,
            MAX_FILES,
            max_total=limit - total,
        )
        batch.skipped = unpacked.skipped
        for path in unpacked.files:
            name = path.name
            if path.stat().st_size == 0:
                batch.skipped.append(Skipped(name, "文件为空"))
                continue
            try:
                fmt = await run_in_threadpool(sniff_upload, path)
            except YusuanError as e:
                batch.skipped.append(Skipped(name, e.zh.split("。")[0]))
                continue
            job, _ = jobs.new(name)
            shutil.move(str(path), job.path)
            job.size = job.path.stat().st_size
            job.format = fmt
            job.formats = [fmt]
            job.batch = bid
            batch.jobs.append(job)
    except BaseException:
        for job in batch.jobs:
            jobs.discard(job.path.parent)
        raise
    finally:
        for file in files:
            await file.close()
        shutil.rmtree(folder, ignore_errors=True)  # what was kept is in the jobs' folders now
    if not batch.jobs:
        reasons = "；".join(f"{s.name}：{s.reason}" for s in batch.skipped[:5])
        raise HTTPException(415, detail=f"没有可以检查的文件。{reasons}")
    return batch


def is_batch(files: list[UploadFile]) -> bool:
    """More than one file, or a ZIP archive: checked as a batch."""
    named = [f for f in files if f.filename]
    if len(named) > 1:
        return True
    return bool(named) and (named[0].filename or "").lower().endswith(".zip")


def batch_view(batch: Batch) -> dict[str, Any]:
    done, total = batch.progress()
    rows = batch.rows()
    return {
        "batch": batch,
        "rows": rows,
        "done": done,
        "total": total,
        "percent": int(done * 100 / total) if total else 100,
        "totals": {
            "error": sum(r.errors for _, r in rows),
            "warning": sum(r.warnings for _, r in rows),
            "info": sum(r.infos for _, r in rows),
            "failed": sum(1 for _, r in rows if r.failed),
        },
    }

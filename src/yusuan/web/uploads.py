"""Receiving an upload: copy it to the job's folder within the size limit, sniff it, and either
queue it (pages) or check it at once (API)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import HTTPException, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from yusuan.errors import YusuanError
from yusuan.web.worker import Job, sniff_upload

CHUNK = 1024 * 1024


async def chunks(file: UploadFile, limit: int, too_large: str) -> AsyncIterator[bytes]:
    """An upload's bytes a megabyte at a time; 413 with ``too_large`` past ``limit`` bytes."""
    size = 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, detail=too_large)
        yield chunk


MAX_PARTS = 4  # files of one disclosure in one upload (its narrative, its tables …)


async def receive(request: Request, files: list[UploadFile] | UploadFile | None) -> Job:
    """A job holding the uploaded file (or the files that are the parts of one disclosure);
    raises a 4xx with a Chinese reason for a bad upload."""
    settings = request.app.state.settings
    jobs = request.app.state.jobs
    given = [f for f in ([files] if isinstance(files, UploadFile) else files or []) if f.filename]
    if not given:
        raise HTTPException(400, detail="请选择要检查的文件")
    if len(given) > MAX_PARTS:
        raise HTTPException(400, detail=f"一次最多上传同一份公开的 {MAX_PARTS} 个文件")
    job, folder = jobs.new(given[0].filename or "upload")
    total = 0
    try:
        for n, file in enumerate(given):
            target = job.path if n == 0 else job.add_part(file.filename or "upload")
            size = 0
            mb = settings.max_upload // (1024 * 1024)
            with target.open("wb") as out:
                async for chunk in chunks(file, settings.max_upload, f"文件过大：上限为 {mb} MB"):
                    size += len(chunk)
                    out.write(chunk)
            if size == 0:
                raise HTTPException(400, detail=f"文件为空：{target.name}")
            total += size
            try:
                fmt = await run_in_threadpool(sniff_upload, target)
            except YusuanError as e:
                raise HTTPException(415, detail=e.zh) from None
            job.format = job.format or fmt
            job.formats.append(fmt)
        job.size = total
    except BaseException:
        jobs.discard(folder)
        raise
    finally:
        for file in given:
            await file.close()
    return job

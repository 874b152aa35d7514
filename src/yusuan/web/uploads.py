"""Receiving an upload: copy it to the job's folder within the size limit, sniff it, and either
queue it (pages) or check it at once (API)."""

from __future__ import annotations

from fastapi import HTTPException, Request, UploadFile

from yusuan.errors import YusuanError
from yusuan.web.worker import Job, sniff_upload

CHUNK = 1024 * 1024


async def receive(request: Request, file: UploadFile | None) -> Job:
    """A job holding the uploaded file; raises a 4xx with a Chinese reason for a bad upload."""
    settings = request.app.state.settings
    jobs = request.app.state.jobs
    if file is None or not file.filename:
        raise HTTPException(400, detail="请选择要检查的文件")
    job, folder = jobs.new(file.filename)
    size = 0
    try:
        with job.path.open("wb") as out:
            while chunk := await file.read(CHUNK):
                size += len(chunk)
                if size > settings.max_upload:
                    mb = settings.max_upload // (1024 * 1024)
                    raise HTTPException(413, detail=f"文件过大：上限为 {mb} MB")
                out.write(chunk)
        if size == 0:
            raise HTTPException(400, detail="文件为空")
        job.size = size
        try:
            job.format = sniff_upload(job.path)
        except YusuanError as e:
            raise HTTPException(415, detail=e.zh) from None
    except BaseException:
        jobs.discard(folder)
        raise
    finally:
        await file.close()
    return job

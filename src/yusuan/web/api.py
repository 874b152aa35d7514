"""JSON API under /api/v1: everything the pages do. Amounts are exact decimal strings (万元).

Reading and checking need no account. Writing (store, delete, edit) needs a session from
``POST /api/v1/session`` and its CSRF token in the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from yusuan.store import service
from yusuan.web import data
from yusuan.web.data import plain
from yusuan.web.security import (
    csrf_token,
    current_user,
    require,
    sign_in,
    sign_out,
    verify_csrf,
)
from yusuan.web.users import ROLE_ZH, authenticate

router = APIRouter(prefix="/api/v1", tags=["api"])


class Credentials(BaseModel):
    name: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class RegionEdit(BaseModel):
    province: str | None = Field(default=None, max_length=64)
    city: str | None = Field(default=None, max_length=64)
    county: str | None = Field(default=None, max_length=64)


def _user_json(request: Request) -> dict[str, Any]:
    user = current_user(request)
    return {
        "user": None
        if user is None
        else {"name": user.name, "role": user.role, "role_zh": ROLE_ZH[user.role]},
        "csrf_token": csrf_token(request),
    }


@router.get("/health", summary="服务状态 / health")
def health(request: Request) -> dict[str, Any]:
    from yusuan import __version__

    with request.app.state.store.sessions() as s:
        totals = data.counts(s)
    return {"status": "ok", "version": __version__, **totals}


# --- session ---------------------------------------------------------------------------------


@router.get("/session", summary="当前用户与 CSRF 令牌 / who am I")
def session_info(request: Request) -> dict[str, Any]:
    return _user_json(request)


@router.post("/session", summary="登录 / sign in")
def session_login(request: Request, body: Credentials) -> dict[str, Any]:
    client = request.client.host if request.client else "?"
    keys = (f"name:{body.name}", f"ip:{client}")
    if request.app.state.throttle.blocked(*keys):
        raise HTTPException(429, detail="登录失败次数过多，请 5 分钟后再试")
    with request.app.state.store.session() as s:
        user = authenticate(s, body.name.strip(), body.password)
        if user is not None:
            s.expunge(user)
    if user is None:
        request.app.state.throttle.failed(*keys)
        raise HTTPException(401, detail="用户名或密码不正确")
    request.app.state.throttle.reset(*keys)
    sign_in(request, user)
    return _user_json(request)


@router.delete("/session", summary="退出 / sign out", dependencies=[Depends(verify_csrf)])
def session_logout(request: Request) -> dict[str, Any]:
    sign_out(request)
    return {"user": None}


# --- check -----------------------------------------------------------------------------------


@router.post(
    "/check",
    summary="检查上传的文件（不入库）/ check an upload without storing it",
    description="multipart 字段 file（同一份公开的说明与表格分开发布时可给多个 file，合并为一份检查）。"
    "wait=true（默认）时等检查完成并返回报告；"
    "wait=false 时立即返回 202 与任务编号，用 GET /api/v1/check/{job} 查询。",
)
async def check_file(
    request: Request,
    file: Annotated[list[UploadFile] | None, File()] = None,
    wait: bool = True,
) -> JSONResponse:
    from starlette.concurrency import run_in_threadpool

    from yusuan.web.uploads import receive

    job = await receive(request, file)
    jobs = request.app.state.jobs
    if not wait:
        jobs.submit(job)
        return JSONResponse(job.status(), status_code=202)
    await run_in_threadpool(jobs.run_now, job)
    return JSONResponse(_job_json(job), status_code=200 if job.stage == "done" else 422)


def _job_json(job: Any) -> dict[str, Any]:
    out = job.status()
    if job.stage == "done":
        import json

        report = json.loads(job.report_json)
        out["report"] = report
        out["downloads"] = {f: f"/check/{job.id}/report.{f}" for f in ("json", "xlsx", "html")}
        out["downloads"]["review"] = f"/check/{job.id}/report.review.xlsx"  # 检查表
        for part, fmt in enumerate(job.formats):
            if fmt == "pdf":  # the PDF with each cited cell highlighted and annotated
                out["downloads"][f"annotated_pdf_{part}"] = f"/check/{job.id}/annotated/{part}.pdf"
    return out


def _job(request: Request, jid: str) -> Any:
    job = request.app.state.jobs.get(jid)
    if job is None:
        raise HTTPException(404, detail="检查记录不存在或已过期")
    return job


@router.get("/check/{jid}", summary="检查任务状态与报告 / job status and report")
def check_status(request: Request, jid: str, wait: float = 0) -> dict[str, Any]:
    job = _job(request, jid)
    job.wait(min(max(wait, 0), 30))
    return _job_json(job)


@router.post(
    "/check/{jid}/store",
    summary="将检查过的文件入库（需编辑权限）/ store a checked upload",
    dependencies=[Depends(verify_csrf)],
)
def check_store(request: Request, jid: str) -> dict[str, Any]:
    from yusuan.web.pages import store_job

    require(request, "editor")
    did, status = store_job(request, _job(request, jid))
    return {"disclosure_id": did, "status": status}


@router.post(
    "/disclosures",
    summary="上传、检查并入库（需编辑权限）/ upload, check and store",
    dependencies=[Depends(verify_csrf)],
    status_code=201,
)
async def upload_and_store(
    request: Request, file: Annotated[list[UploadFile] | None, File()] = None
) -> JSONResponse:
    from starlette.concurrency import run_in_threadpool

    from yusuan.web.pages import store_job
    from yusuan.web.uploads import receive

    require(request, "editor")
    job = await receive(request, file)
    await run_in_threadpool(request.app.state.jobs.run_now, job)
    if job.stage != "done":
        return JSONResponse(_job_json(job), status_code=422)
    did, status = await run_in_threadpool(store_job, request, job)
    return JSONResponse(
        {"disclosure_id": did, "status": status, "job": job.id},
        status_code=201 if status == "loaded" else 200,
    )


# --- library -----------------------------------------------------------------------------------


@router.get("/disclosures", summary="公开库列表 / stored disclosures")
def list_disclosures(
    request: Request,
    region: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    has_errors: bool | None = None,
    q: str | None = None,
) -> dict[str, Any]:
    with request.app.state.store.sessions() as s:
        rows = data.library(s, region=region, unit=unit, year=year, has_errors=has_errors, q=q)
    return {"count": len(rows), "items": plain(rows)}


@router.get("/facets", summary="筛选项：地区、年度、单位 / filter choices")
def facets(request: Request) -> dict[str, Any]:
    with request.app.state.store.sessions() as s:
        return data.facets(s)


@router.get("/disclosures/{did}", summary="一份公开文件：规范 JSON、检查结果 / one disclosure")
def get_disclosure(request: Request, did: int) -> dict[str, Any]:
    import json

    from yusuan.store.mapping import rebuild

    with request.app.state.store.sessions() as s:
        row = service.get_disclosure(s, did)
        meta = data.meta(s, row)
        d = rebuild(s, did)
        findings = data.findings_of(s, did)
    return {
        "meta": plain(meta),
        "disclosure": json.loads(d.to_json(indent=None)),
        "findings": plain(findings),
    }


@router.get("/disclosures/{did}/findings", summary="检查结果 / findings")
def get_findings(request: Request, did: int) -> dict[str, Any]:
    with request.app.state.store.sessions() as s:
        service.get_disclosure(s, did)
        findings = data.findings_of(s, did)
    return {"count": len(findings), "items": plain(findings)}


@router.get("/disclosures/{did}/charts", summary="图表数据 / chart data")
def get_charts(request: Request, did: int) -> dict[str, Any]:
    with request.app.state.store.sessions() as s:
        service.get_disclosure(s, did)
        return data.charts(s, did)


@router.delete(
    "/disclosures/{did}",
    summary="删除（需编辑权限）/ delete",
    dependencies=[Depends(verify_csrf)],
)
def delete_disclosure(request: Request, did: int) -> dict[str, Any]:
    require(request, "editor")
    with request.app.state.store.session() as s:
        info = service.delete_disclosure(s, did)
    return {"deleted": info}


@router.patch(
    "/units/{uid}",
    summary="修改单位所属地区（需编辑权限）/ edit a unit's region",
    dependencies=[Depends(verify_csrf)],
)
def edit_unit(request: Request, uid: int, body: RegionEdit) -> dict[str, Any]:
    require(request, "editor")
    with request.app.state.store.session() as s:
        return data.set_region(s, uid, body.province, body.city, body.county)


# --- compare, projects, benchmark, rules ------------------------------------------------------------


@router.get("/compare", summary="对比：一个单位历年，或多个单位同一年 / compare")
def compare(
    request: Request,
    unit: Annotated[list[int], Query(description="单位编号，可重复 / unit ids")],
    year: Annotated[list[int] | None, Query(description="年度，可重复 / years")] = None,
) -> dict[str, Any]:
    with request.app.state.store.sessions() as s:
        result = data.compare(s, unit, year or [])
    return plain({k: v for k, v in result.items() if k != "sections"})


@router.get("/projects", summary="项目全文检索 / project search")
def projects(
    request: Request,
    q: str,
    unit: str | None = None,
    year: int | None = None,
    region: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    from yusuan.store.queries import search_projects

    with request.app.state.store.sessions() as s:
        rows = search_projects(s, q.split(), unit=unit, year=year, region=region, limit=limit)
    return {"count": len(rows), "items": plain(rows)}


@router.get("/benchmark", summary="单位成本对标 / unit-cost benchmark")
def benchmark(
    request: Request,
    item: str | None = None,
    activity: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    outliers: bool = False,
    loose: bool = False,
    factor: Annotated[float, Query(gt=1, le=100)] = 3,
) -> dict[str, Any]:
    from dataclasses import asdict
    from decimal import Decimal

    from yusuan.store.unitcost import benchmark as bench

    with request.app.state.store.sessions() as s:
        rows = bench(
            s,
            item=item,
            activity_=activity,
            unit=unit,
            year=year,
            factor=Decimal(str(factor)),
            loose=loose,
            outliers_only=outliers,
        )
    return {"count": len(rows), "items": plain([asdict(r) for r in rows])}


@router.get("/rules", summary="规则目录 / rule catalogue")
def rules() -> dict[str, Any]:
    from yusuan.check.registry import all_rules
    from yusuan.web.views import rule_dict

    items = [rule_dict(r) for r in all_rules()]
    return {"count": len(items), "items": items}


@router.get("/rules/{code}", summary="一条规则的文档 / one rule")
def rule(code: str) -> dict[str, Any]:
    from yusuan.check.registry import REGISTRY, all_rules
    from yusuan.web.views import rule_dict

    all_rules()
    r = REGISTRY.get(code.upper())
    if r is None:
        raise HTTPException(404, detail=f"没有编码为 {code} 的规则")
    return rule_dict(r)

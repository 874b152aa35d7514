"""Server-rendered pages (Chinese): 检查, 公开库, 单位, 对比, 项目, 规则, 登录."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yusuan.store import service
from yusuan.web import data
from yusuan.web.security import (
    csrf_token,
    current_user,
    require,
    sign_in,
    sign_out,
    verify_csrf,
)
from yusuan.web.users import ROLE_ZH, authenticate, has_role

router = APIRouter(include_in_schema=False)

NAV = (
    ("check", "/check", "检查"),
    ("library", "/library", "公开库"),
    ("compare", "/compare", "对比"),
    ("projects", "/projects", "项目"),
    ("rules", "/rules", "规则"),
)


def context(request: Request, **extra: Any) -> dict[str, Any]:
    user = current_user(request)
    flashes = request.session.pop("flash", []) if "flash" in request.session else []
    return {
        "request": request,
        "user": user,
        "role_zh": ROLE_ZH.get(user.role, "") if user else "",
        "can_edit": has_role(user, "editor"),
        "csrf": csrf_token(request),
        "nav": NAV,
        "flashes": flashes,
        **extra,
    }


def flash(request: Request, message: str, kind: str = "ok") -> None:
    request.session.setdefault("flash", [])
    request.session["flash"] = [*request.session["flash"], [kind, message]]


def render(request: Request, name: str, status: int = 200, **extra: Any) -> HTMLResponse:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context(request, **extra), status_code=status)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _int(v: str | None) -> int | None:
    try:
        return int(v) if v not in (None, "") else None
    except ValueError:
        return None


def chart_json(payload: Any) -> str:
    """Chart data for a <script type="application/json"> block (no inline script under the CSP)."""
    return json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")


# --- home, sign-in ---------------------------------------------------------------------------


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/library", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/library") -> HTMLResponse:
    return render(request, "login.html", active="", next=_safe_next(next), error=None)


def _safe_next(target: str) -> str:
    """Only paths on this site (no //host, no scheme): an open redirect helps phishing."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/library"
    return target


@router.post("/login", dependencies=[Depends(verify_csrf)])
def login(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/library",
) -> Response:
    client = request.client.host if request.client else "?"
    keys = (f"name:{name}", f"ip:{client}")
    if request.app.state.throttle.blocked(*keys):
        return render(
            request,
            "login.html",
            status=429,
            active="",
            next=_safe_next(next),
            error="登录失败次数过多，请 5 分钟后再试",
        )
    with request.app.state.store.session() as s:
        user = authenticate(s, name.strip(), password)
        if user is not None:
            s.expunge(user)
    if user is None:
        request.app.state.throttle.failed(*keys)
        return render(
            request,
            "login.html",
            status=401,
            active="",
            next=_safe_next(next),
            error="用户名或密码不正确",
        )
    request.app.state.throttle.reset(*keys)
    sign_in(request, user)
    flash(request, f"已登录：{user.name}（{ROLE_ZH[user.role]}）")
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(verify_csrf)])
def logout(request: Request) -> RedirectResponse:
    sign_out(request)
    flash(request, "已退出登录")
    return RedirectResponse("/library", status_code=303)


# --- 检查 ----------------------------------------------------------------------------------------


@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request) -> HTMLResponse:
    s = request.app.state.settings
    return render(
        request,
        "check.html",
        active="check",
        max_mb=s.max_upload // (1024 * 1024),
        timeout=s.parse_timeout,
    )


@router.post("/check")
async def check_upload(
    request: Request, file: Annotated[list[UploadFile] | None, File()] = None
) -> Response:
    from yusuan.web.batches import is_batch, receive_batch
    from yusuan.web.uploads import receive

    if file and is_batch(file):
        batch = await receive_batch(request, file)
        request.app.state.batches.start(batch)
        url, body = f"/batch/{batch.id}", {"batch": batch.id}
    else:
        job = await receive(request, file)
        request.app.state.jobs.submit(job)
        url, body = f"/check/{job.id}", {"job": job.id}
    if "application/json" in request.headers.get("accept", ""):
        return Response(
            json.dumps({**body, "url": url}), media_type="application/json", status_code=202
        )
    return RedirectResponse(url, status_code=303)


@router.get("/batch/{bid}", response_class=HTMLResponse)
def batch_page(request: Request, bid: str, wait: float = 0) -> HTMLResponse:
    from yusuan.web.batches import batch_view

    batch = request.app.state.batches.get(bid)
    if batch is None:
        raise HTTPException(404, detail="批量检查记录不存在或已过期（文件保留 1 小时），请重新上传")
    batch.wait(min(max(wait, 0), 30))  # a long poll: answers once done
    name = "_batch_rows.html" if is_htmx(request) else "batch.html"
    return render(request, name, active="check", **batch_view(batch))


@router.get("/batch/{bid}/{name}.xlsx")
def batch_workbook(request: Request, bid: str, name: str) -> Response:
    """The batch's downloads: every finding (findings.xlsx), the combined 检查表 (review.xlsx)."""
    batch = request.app.state.batches.get(bid)
    if batch is None:
        raise HTTPException(404, detail="批量检查记录不存在或已过期，请重新上传")
    if name not in ("findings", "review"):
        raise HTTPException(404, detail="不支持的下载")
    if not batch.done:
        raise HTTPException(409, detail="批量检查尚未完成")
    if name == "review":
        return xlsx_download(batch.check_sheet(), "批量检查表.xlsx")
    return xlsx_download(batch.workbook(), "批量检查结果.xlsx")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(body: bytes, media: str, filename: str) -> Response:
    """A file to save, named in UTF-8 (RFC 5987: Chinese names survive every browser)."""
    from urllib.parse import quote

    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


def xlsx_download(body: bytes, filename: str) -> Response:
    return download(body, XLSX, filename)


def _job(request: Request, jid: str) -> Any:
    job = request.app.state.jobs.get(jid)
    if job is None:
        raise HTTPException(
            404, detail="检查记录不存在或已过期（上传的文件保留 1 小时），请重新上传"
        )
    return job


@router.get("/check/{jid}", response_class=HTMLResponse)
def check_result(request: Request, jid: str, wait: float = 0) -> HTMLResponse:
    from yusuan.web.views import check_view

    job = _job(request, jid)
    job.wait(min(max(wait, 0), 30))  # the progress view's long poll: answers once done
    if job.stage == "done":
        view = check_view(job)
        name = "_check_report.html" if is_htmx(request) else "check_result.html"
        return render(request, name, active="check", job=job, v=view)
    name = "_check_progress.html" if is_htmx(request) else "check_result.html"
    return render(request, name, active="check", job=job, v=None)


@router.get("/check/{jid}/report.{fmt}")
def check_download(request: Request, jid: str, fmt: str) -> Response:
    from yusuan.web.worker import (
        report_html_for_download,
        report_json_for_download,
        report_xlsx_for_download,
        review_xlsx_for_download,
    )

    job = _job(request, jid)
    if job.stage != "done":
        raise HTTPException(409, detail="检查尚未完成")
    stem = job.filename.rsplit(".", 1)[0] + "-检查报告"
    if fmt == "review.xlsx":  # the reviewer's check sheet
        stem, fmt = job.filename.rsplit(".", 1)[0] + "-检查表", "xlsx"
        body: bytes = review_xlsx_for_download(job)
        media = XLSX
    elif fmt == "json":
        body = report_json_for_download(job).encode("utf-8")
        media = "application/json"
    elif fmt == "html":
        body = report_html_for_download(job).encode("utf-8")
        media = "text/html; charset=utf-8"
    elif fmt == "xlsx":
        body = report_xlsx_for_download(job)
        media = XLSX
    else:
        raise HTTPException(404, detail="不支持的下载格式")
    return download(body, media, stem + "." + fmt)


@router.get("/check/{jid}/run/{n}/{anchor}", response_class=HTMLResponse)
def check_run(request: Request, jid: str, n: int, anchor: str) -> HTMLResponse:
    """The findings of one rule grouped in a report (loaded when the group is opened)."""
    from yusuan.web.views import check_view

    job = _job(request, jid)
    if job.stage != "done":
        raise HTTPException(409, detail="检查尚未完成")
    group = next((g for g in check_view(job)["groups"] if g["anchor"] == anchor), None)
    if group is None or not 0 <= n < len(group["runs"]):
        raise HTTPException(404, detail="没有这一组问题")
    name = "_check_run.html" if is_htmx(request) else "check_run.html"
    return render(request, name, job=job, run=group["runs"][n], section=group["section"])


@router.get("/check/{jid}/page/{part}/{page}.png")
def check_page_image(request: Request, jid: str, part: int, page: int) -> Response:
    """A page of an uploaded PDF that a finding cites, as an image (rendered in a worker)."""
    job = _job(request, jid)
    png = request.app.state.jobs.page_png(job, part, page)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/check/{jid}/annotated/{part}.pdf")
def check_annotated(request: Request, jid: str, part: int) -> Response:
    """The uploaded PDF with each cited cell highlighted and the finding as its note."""
    job = _job(request, jid)
    if job.stage != "done":
        raise HTTPException(409, detail="检查尚未完成")
    body = request.app.state.jobs.annotated_pdf(job, part)
    name = job.names[part].rsplit(".", 1)[0] + "-检查批注.pdf"
    return download(body, "application/pdf", name)


@router.post("/check/{jid}/store", dependencies=[Depends(verify_csrf)])
def check_store(request: Request, jid: str) -> RedirectResponse:
    require(request, "editor")
    job = _job(request, jid)
    did, status = store_job(request, job)
    if status == "skipped":
        flash(request, "该文件此前已入库，未重复保存", "warn")
    else:
        flash(request, "已入库")
    return RedirectResponse(f"/disclosures/{did}", status_code=303)


def store_job(request: Request, job: Any) -> tuple[int, str]:
    """Store a checked upload (the checks run again with the stored history)."""
    if job.stage != "done":
        raise HTTPException(409, detail="检查尚未完成，无法入库")
    with request.app.state.store.session() as session:
        did, status = service.store_checked(session, job.disclosure(), size=job.size)
    job.stored_id = did
    return did, status


# --- 公开库 --------------------------------------------------------------------------------------


def _sort(sort: str | None, allowed: Any) -> str | None:
    return sort if sort in allowed else None


def _list_params(sort: str | None, desc: str | None, page: str | None, size: str | None) -> dict:
    """What every list takes beside its filters: order, page and page size."""
    return {
        "sort": sort or None,
        "desc": "1" if desc in ("1", "true", "yes") else None,
        "page": _int(page) or 1,
        "size": _int(size) or service.PAGE_SIZE,
    }


def _paging(f: dict[str, Any], size: int | None) -> dict[str, Any]:
    """A list's order and page from its parameters (``size=0``: every row, for exports)."""
    return {
        "sort": f["sort"],
        "desc": bool(f["desc"]),
        "page": f["page"],
        "size": f["size"] if size is None else size,
    }


def library_filters(
    region: str | None = None,
    unit: str | None = None,
    year: str | None = None,
    errors: str | None = None,
    q: str | None = None,
    kind: str | None = None,
    format: str | None = None,
    sort: str | None = None,
    desc: str | None = None,
    page: str | None = None,
    size: str | None = None,
) -> dict[str, Any]:
    from yusuan.store.queries import LIBRARY_SORTS

    params = _list_params(sort, desc, page, size)
    params["sort"] = _sort(params["sort"], LIBRARY_SORTS)
    return {
        "region": (region or "").strip(),
        "unit": (unit or "").strip(),
        "year": _int(year),
        "errors": errors if errors in ("yes", "no") else "",
        "q": (q or "").strip(),
        "kind": kind if kind in service.KIND_ZH else "",
        "format": (format or "").strip().lower(),
        **params,
    }


def _library(session: Any, f: dict[str, Any], size: int | None = None) -> service.Page:
    return service.library(
        session,
        region=f["region"],
        unit=f["unit"],
        year=f["year"],
        kind=f["kind"],
        has_errors={"yes": True, "no": False}.get(f["errors"]),
        fmt=f["format"],
        q=f["q"],
        **_paging(f, size),
    )


@router.get("/library", response_class=HTMLResponse)
def library_page(
    request: Request, f: Annotated[dict[str, Any], Depends(library_filters)]
) -> HTMLResponse:
    with request.app.state.store.sessions() as s:
        page = _library(s, f)
        data.decorate(page.rows)
        if is_htmx(request):
            return render(request, "_library_rows.html", p=page, f=f, rows=page.rows)
        unit_names = data.unit_names(s)
        totals = data.counts(s)
    return render(
        request,
        "library.html",
        active="library",
        p=page,
        rows=page.rows,
        f=f,
        unit_names=unit_names,
        totals=totals,
    )


@router.get("/library.{fmt}")
def library_export(
    request: Request, fmt: str, f: Annotated[dict[str, Any], Depends(library_filters)]
) -> Response:
    """The library as filtered and sorted, every row: CSV (BOM, Chinese headers) or XLSX."""
    from yusuan.store.output import Result

    with request.app.state.store.sessions() as s:
        page = _library(s, f, size=0)
    return export(Result("公开库", service.LIBRARY_COLUMNS, page.rows), fmt, "公开库")


def export(result: Any, fmt: str, name: str) -> Response:
    """A list as a download: CSV (UTF-8 with BOM, Chinese headers) or XLSX."""
    from yusuan.store.output import to_csv, to_xlsx

    if fmt == "csv":
        body, media = to_csv(result).encode("utf-8"), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = to_xlsx(result)
        media = XLSX
    else:
        raise HTTPException(404, detail="不支持的导出格式（csv 或 xlsx）")
    return download(body, media, name + "." + fmt)


# --- 单位 (one disclosure) ---------------------------------------------------------------------


@router.get("/disclosures/{did}", response_class=HTMLResponse)
def disclosure_page(request: Request, did: int) -> HTMLResponse:
    from yusuan.store.mapping import rebuild
    from yusuan.web.views import disclosure_view, finding_view

    with request.app.state.store.sessions() as s:
        row = service.get_disclosure(s, did)
        meta = data.meta(s, row)
        d = rebuild(s, did)
        findings = [finding_view(f) | {"n": f["n"]} for f in data.findings_of(s, did)]
        charts = data.charts(s, did)
    view = disclosure_view(d, findings)
    return render(
        request,
        "disclosure.html",
        active="library",
        m=meta,
        v=view,
        findings=findings,
        charts=chart_json(charts),
        has_charts=bool(charts["functional"] or charts["split"] or charts["three_public"]),
    )


@router.get("/disclosures/{did}/download.{fmt}")
def disclosure_download(request: Request, did: int, fmt: str) -> Response:
    from yusuan.store.mapping import rebuild

    with request.app.state.store.sessions() as s:
        row = service.get_disclosure(s, did)
        d = rebuild(s, did)
        stem = f"{row.unit_name or '单位'}{row.year or ''}年{data.KIND_ZH.get(row.kind, '')}"
    if fmt == "json":
        body = d.to_json().encode("utf-8")
        media = "application/json"
    elif fmt in request.app.state.templates.env.globals["publish_formats"]:
        body, media = publish(d, fmt)
    else:
        raise HTTPException(404, detail="不支持的下载格式")
    return download(body, media, stem + "." + fmt)


MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": XLSX,
    "html": "text/html; charset=utf-8",
}


def publish(d: Any, fmt: str) -> tuple[bytes, str]:
    """The published document via yusuan.render (stamped 未经检查 when the checks find errors)."""
    from yusuan.check.engine import check
    from yusuan.errors import YusuanError

    try:
        from yusuan.render import guess_profile
        from yusuan.render import render as render_doc
    except ImportError:
        raise HTTPException(404, detail="本服务器未安装公开文件生成功能") from None
    errors = any(f.severity == "error" for f in check(d).findings)
    try:
        return render_doc(d, fmt, guess_profile(d), unchecked=errors), MEDIA[fmt]
    except YusuanError:
        raise
    except Exception as e:
        raise HTTPException(
            500, detail=f"生成 {fmt.upper()} 文件失败（{type(e).__name__}）"
        ) from None


@router.post("/disclosures/{did}/delete", dependencies=[Depends(verify_csrf)])
def disclosure_delete(request: Request, did: int) -> RedirectResponse:
    require(request, "editor")
    with request.app.state.store.session() as s:
        info = service.delete_disclosure(s, did)
    flash(request, f"已删除：{info['unit']} {info['year']} 年（第 {info['version']} 版）")
    return RedirectResponse("/library", status_code=303)


@router.post("/units/{uid}/region", dependencies=[Depends(verify_csrf)])
def unit_region(
    request: Request,
    uid: int,
    back: Annotated[int, Form()],
    province: Annotated[str, Form()] = "",
    city: Annotated[str, Form()] = "",
    county: Annotated[str, Form()] = "",
) -> RedirectResponse:
    require(request, "editor")
    with request.app.state.store.session() as s:
        data.set_region(s, uid, province, city, county)
    flash(request, "已修改单位所属地区")
    return RedirectResponse(f"/disclosures/{back}", status_code=303)


# --- 对比 ----------------------------------------------------------------------------------------


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    unit: Annotated[list[int] | None, Query()] = None,
    year: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    from yusuan.errors import YusuanError

    units = unit or []
    years = [y for y in (_int(v) for v in (year or [])) if y is not None]
    result = None
    error = None
    with request.app.state.store.sessions() as s:
        facets = data.facets(s)
        if units:
            try:
                result = data.compare(s, units, years)
            except YusuanError as e:
                error = e.zh
    charts = chart_json(result["charts"]) if result else "{}"
    return render(
        request,
        "compare.html",
        active="compare",
        facets=facets,
        chosen_units=units,
        chosen_years=years,
        r=result,
        charts=charts,
        error=error,
    )


# --- 项目 ----------------------------------------------------------------------------------------


def project_filters(
    q: str = "",
    year: str | None = None,
    unit: str | None = None,
    sort: str | None = None,
    desc: str | None = None,
    page: str | None = None,
    size: str | None = None,
) -> dict[str, Any]:
    params = _list_params(sort, desc, page, size)
    params["sort"] = _sort(params["sort"], service.PROJECT_SORTS)
    return {"q": q.strip(), "year": _int(year), "unit": (unit or "").strip(), **params}


def _projects(session: Any, f: dict[str, Any], size: int | None = None) -> service.Page | None:
    if not f["q"]:
        return None
    return service.project_search(
        session,
        f["q"],
        year=f["year"],
        unit=f["unit"],
        **_paging(f, size),
    )


@router.get("/projects", response_class=HTMLResponse)
def projects_page(
    request: Request, f: Annotated[dict[str, Any], Depends(project_filters)]
) -> HTMLResponse:
    with request.app.state.store.sessions() as s:
        page = _projects(s, f)
    if is_htmx(request) and request.headers.get("hx-target") == "search-results":
        return render(request, "_project_results.html", p=page, f=f, q=f["q"])
    return render(request, "projects.html", active="projects", p=page, f=f, q=f["q"])


@router.get("/projects.{fmt}")
def projects_export(
    request: Request, fmt: str, f: Annotated[dict[str, Any], Depends(project_filters)]
) -> Response:
    from yusuan.store.output import Result

    if not f["q"]:
        raise HTTPException(400, detail="请给出检索词（q）")
    with request.app.state.store.sessions() as s:
        page = _projects(s, f, size=0)
    assert page is not None
    return export(Result("项目检索", service.PROJECT_COLUMNS, page.rows), fmt, "项目检索")


def benchmark_filters(
    item: str = "",
    activity: str = "",
    judged: str = "",
    year: str | None = None,
    sort: str | None = None,
    desc: str | None = None,
    page: str | None = None,
    size: str | None = None,
) -> dict[str, Any]:
    params = _list_params(sort, desc, page, size)
    params["sort"] = _sort(params["sort"], service.BENCHMARK_SORTS)
    return {
        "item": item.strip(),
        "activity": activity.strip(),
        "judged": judged if judged in service.OUTLIER_ZH else "",
        "year": _int(year),
        **params,
    }


def _benchmark(
    session: Any, f: dict[str, Any], size: int | None = None
) -> tuple[service.Page, list[dict[str, Any]]]:
    return service.benchmark(
        session,
        item=f["item"],
        activity=f["activity"],
        judged=f["judged"],
        year=f["year"],
        **_paging(f, size),
    )


@router.get("/benchmark", response_class=HTMLResponse)
def benchmark_page(
    request: Request, f: Annotated[dict[str, Any], Depends(benchmark_filters)]
) -> HTMLResponse:
    with request.app.state.store.sessions() as s:
        page, every = _benchmark(s, f)
    chart = {
        "rows": [
            {
                "label": f"{r['unit'] or ''} {r['year'] or ''}｜{r['project']}",
                "item": f"{r['item']}·{r['activity']}",
                "unit_cost": float(r["unit_cost"]),
                "median": float(r["median"]) if r["median"] is not None else None,
                "outlier": r["judged"] or "",
                "measure": r["per"],
            }
            for r in every
        ]
    }
    return render(
        request, "benchmark.html", active="projects", p=page, f=f, chart=chart_json(chart)
    )


@router.get("/benchmark.{fmt}")
def benchmark_export(
    request: Request, fmt: str, f: Annotated[dict[str, Any], Depends(benchmark_filters)]
) -> Response:
    from yusuan.store.output import Result

    with request.app.state.store.sessions() as s:
        page, _ = _benchmark(s, f, size=0)
    return export(Result("单位成本对标", service.BENCHMARK_COLUMNS, page.rows), fmt, "单位成本对标")


# --- 规则 ----------------------------------------------------------------------------------------


@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request) -> HTMLResponse:
    from yusuan.web.views import rules_view

    return render(request, "rules.html", active="rules", families=rules_view())


@router.get("/rules/{code}", response_class=HTMLResponse)
def rule_page(request: Request, code: str) -> Response:
    from yusuan.check.registry import REGISTRY, all_rules

    all_rules()
    if code.upper() not in REGISTRY:
        raise HTTPException(404, detail=f"没有编码为 {code} 的规则")
    return RedirectResponse(f"/rules#{code.upper()}", status_code=303)

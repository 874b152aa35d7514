"""The application factory: ``create_app(Settings(...))`` → a FastAPI app (pages + /api/v1)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from yusuan import __version__
from yusuan.errors import YusuanError
from yusuan.web.settings import Settings

HERE = Path(__file__).parent
SESSION_COOKIE = "yusuan_session"

ERRORS_ZH = {
    400: "请求有误",
    401: "请先登录",
    403: "没有权限",
    404: "页面或数据不存在",
    405: "不支持此操作",
    413: "文件过大",
    415: "不支持的文件格式",
    422: "请求参数有误",
    429: "尝试次数过多，请稍后再试",
    500: "服务器内部错误",
}


def query(params: dict[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` for a list page: its parameters with ``changes`` applied; a change of
    anything but the page goes back to the first page; defaults and empty values left out."""
    from urllib.parse import urlencode

    from yusuan.store.service import PAGE_SIZE

    merged = {**params, **changes}
    if "page" not in changes:
        merged["page"] = None
    kept = {
        k: v
        for k, v in merged.items()
        if v not in (None, "", False)
        and not (k == "page" and v == 1)
        and not (k == "size" and v == PAGE_SIZE)
    }
    return "?" + urlencode(kept) if kept else "?"


def money(v: Any, places: int = 2) -> str:
    if v is None or v == "":
        return "—"
    try:
        d = Decimal(str(v))
    except InvalidOperation:
        return str(v)
    return f"{d:,.{places}f}"


def when(v: Any) -> str:
    """A stored UTC time as Beijing time (the offices using this are in UTC+8)."""
    from datetime import UTC, timedelta, timezone

    if v is None:
        return ""
    if v.tzinfo is None:  # SQLite gives back naive datetimes: they were stored in UTC
        v = v.replace(tzinfo=UTC)
    return str(v.astimezone(timezone(timedelta(hours=8))).strftime("%Y-%m-%d %H:%M"))


def signed(v: Any) -> str:
    if v is None:
        return "—"
    d = Decimal(str(v))
    return ("+" if d > 0 else "") + f"{d:,.2f}"


def pct(v: Any) -> str:
    if v is None:
        return "—"
    return f"{Decimal(str(v)):.2f}%"


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes while they arrive (before any parsing), so an
    oversized upload costs neither memory nor disk."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await _too_large(scope, send, self.limit)
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _too_large(scope, send, self.limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    mb = limit // (1024 * 1024)
    body = (
        f'{{"error":{{"status":413,"zh":"文件过大：上限为 {mb} MB","en":"request body over {mb} MB"}}}}'
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.jobs.workers.warm()  # the first upload need not wait for a worker to start
        yield
        app.state.jobs.close()
        app.state.store.close()

    from yusuan.store import open_store
    from yusuan.web.users import ensure_schema
    from yusuan.web.worker import Jobs

    store = open_store(settings.db)
    ensure_schema(store.engine)

    app = FastAPI(
        title="yusuan 预算公开 API",
        version=__version__,
        description=(
            "检查、查询、对比预算公开文件。读取与检查无需登录；入库、删除、修改需要登录"
            "（角色 viewer/editor/admin）。登录：POST /api/v1/session，之后的写操作带上 "
            "X-CSRF-Token 头（值见登录响应）。"
        ),
        lifespan=lifespan,
        docs_url=None,  # served below from the vendored Swagger UI
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.store = store
    app.state.jobs = Jobs(settings)
    from yusuan.web.batches import Batches

    app.state.batches = Batches(app.state.jobs)
    from yusuan.web.security import Throttle

    app.state.throttle = Throttle()

    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.filters["money"] = money
    env.filters["signed"] = signed
    env.filters["pct"] = pct
    env.filters["when"] = when
    from yusuan.web.views import is_total

    env.filters["is_total"] = is_total
    from yusuan.check.locate import in_words

    env.filters["place"] = lambda source: in_words({"source": source})
    env.globals["query"] = query
    env.globals["app_title"] = settings.title
    env.globals["version"] = __version__
    env.globals["demo"] = settings.demo
    env.globals["publish_formats"] = _publish_formats()
    app.state.templates = templates

    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret,
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_days * 86400,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(BodyLimit, limit=settings.max_upload + 1024 * 1024)

    @app.middleware("http")
    async def headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # Every page, /docs included (its Swagger UI is vendored and started from a file).
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
        )
        return response

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    from yusuan.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "docs.html", {})

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
            "accept", ""
        )

    def error_page(request: Request, status: int, zh: str, en: str) -> Response:
        if wants_json(request):
            return JSONResponse(
                {"error": {"status": status, "zh": zh, "en": en}}, status_code=status
            )
        if status == 401:
            back = request.url.path if request.method == "GET" else _referer_path(request)
            return RedirectResponse(f"/login?next={quote(back)}", status_code=303)
        return templates.TemplateResponse(
            request,
            "error.html",
            pages.context(request, status=status, message=zh, detail=en),
            status_code=status,
        )

    @app.exception_handler(YusuanError)
    async def yusuan_error(request: Request, e: YusuanError) -> Response:
        from yusuan.store.service import NotFound

        return error_page(request, 404 if isinstance(e, NotFound) else 400, e.zh, e.en)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, e: HTTPException) -> Response:
        from yusuan.web.security import role_message

        zh = ERRORS_ZH.get(e.status_code, "请求失败")
        detail = str(e.detail or "")
        if e.status_code == 403 and detail == "CSRF":
            zh = "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试"
        elif e.status_code == 403 and detail.startswith("role:"):
            zh = role_message(detail.split(":", 1)[1])
        elif detail and any("\u4e00" <= ch <= "\u9fff" for ch in detail):
            zh = detail
        elif e.status_code == 401:
            zh = "请先登录：入库、删除和修改需要登录"
        response = error_page(request, e.status_code, zh, detail or zh)
        if e.headers:
            response.headers.update(e.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError) -> Response:
        first = e.errors()[0] if e.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("body", "query"))
        return error_page(
            request, 422, f"请求参数有误：{where or '未知'}", f"invalid request: {first.get('msg')}"
        )

    @app.exception_handler(Exception)
    async def internal(request: Request, e: Exception) -> Response:
        import logging

        logging.getLogger("yusuan.web").exception("internal error")
        return error_page(
            request, 500, "服务器内部错误，请稍后再试或联系维护人员", type(e).__name__
        )

    return app


def _referer_path(request: Request) -> str:
    """Where a refused form came from, on this site only (else the library)."""
    from urllib.parse import urlsplit

    ref = urlsplit(request.headers.get("referer", ""))
    if ref.netloc and ref.netloc != request.url.netloc:
        return "/library"
    return ref.path or "/library"


def _publish_formats() -> list[str]:
    """Download buttons for the published document, when the publishing package is there."""
    try:
        from yusuan.render import FORMATS  # type: ignore[attr-defined]
    except Exception:
        return []
    return [f for f in ("pdf", "docx", "xlsx", "html") if f in FORMATS]


def html_response(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status)

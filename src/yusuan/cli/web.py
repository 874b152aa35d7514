"""``yusuan serve`` and ``yusuan user``: the web app and its accounts.

Errors: one line in Chinese and English, exit 2, never a traceback (YUSUAN_DEBUG=1 shows it).
The command line may import the web app (it starts it and keeps its accounts); nothing else may.
"""

from __future__ import annotations

import getpass
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from yusuan.cli.console import err, out
from yusuan.cli.console import friendly as _friendly
from yusuan.cli.options import DbOption
from yusuan.errors import YusuanError


@_friendly
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="监听地址 / address")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口 / port")] = 8000,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="用新建的演示数据库启动（虚构的云溪县，三个年度）/ start on a fresh demo database",
        ),
    ] = False,
    max_upload_mb: Annotated[
        int, typer.Option("--max-upload-mb", help="上传大小上限 / upload limit (MB)")
    ] = 50,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies/--no-secure-cookies",
            envvar="YUSUAN_WEB_SECURE",
            help="仅经 HTTPS 发送会话 Cookie / Secure cookies (behind HTTPS)",
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", help="同时检查的文件数 / concurrent checks")
    ] = 2,
) -> None:
    """启动网页服务 / start the web app (检查、公开库、对比、项目、规则；API 在 /api/v1)."""
    import uvicorn

    from yusuan.web import Settings, create_app

    if not 1 <= port <= 65535:
        raise YusuanError(f"端口无效：{port}", f"invalid port: {port}")
    if max_upload_mb < 1:
        raise YusuanError("上传上限至少 1 MB", "the upload limit must be at least 1 MB")
    if demo and db:
        raise YusuanError(
            "--demo 使用新建的临时数据库，不能同时指定 --db",
            "--demo uses a fresh temporary database; do not give --db",
        )
    _check_port(host, port)  # before the demo is built: a busy port fails at once
    tmp = None
    if demo:
        from yusuan.store import open_store
        from yusuan.web import demo as demo_data

        tmp = tempfile.TemporaryDirectory(prefix="yusuan-demo-")
        db = f"sqlite:///{Path(tmp.name) / 'demo.db'}"
        err.print("正在生成演示数据 / building the demo database…")
        with open_store(db) as store:
            n = demo_data.fill(store)
            _ensure_demo_user(store)
        err.print(
            f"演示数据：{n} 份公开文件（虚构的云溪县，2022–2024 年）。"
            "演示账号 demo / demo-password（编辑）",
            soft_wrap=True,
        )
    settings = Settings(
        db=db,
        max_upload=max_upload_mb * 1024 * 1024,
        secure_cookies=secure_cookies,
        workers=max(1, workers),
        demo=demo,
    )
    app = create_app(settings)
    err.print(
        f"yusuan 网页服务：http://{host}:{port}/  （API 文档 /docs；Ctrl+C 退出）", soft_wrap=True
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except OSError as e:
        raise YusuanError(
            f"无法在 {host}:{port} 启动服务：{e.strerror or e}",
            f"cannot listen on {host}:{port}: {e}",
        ) from None
    finally:
        if tmp is not None:
            tmp.cleanup()


def _check_port(host: str, port: int) -> None:
    """A YusuanError in Chinese when ``host:port`` cannot be listened on (busy, no right)."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise YusuanError(
            f"无法识别监听地址 {host}：{e.strerror}", f"unknown address {host}: {e}"
        ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise YusuanError(
                    f"端口 {port} 已被占用（{host}），可能已有一个 yusuan serve 在运行；"
                    f"请用 --port 换一个端口（如 --port {port + 1 if port < 65535 else 8000}），"
                    "或先关闭占用它的程序",
                    f"port {port} on {host} is already in use; choose another with --port",
                ) from None
            if e.errno == errno.EACCES:
                raise YusuanError(
                    f"没有权限监听端口 {port}（1024 以下的端口需要管理员权限）；请用 --port 换一个",
                    f"no permission to listen on port {port}; choose another with --port",
                ) from None
            raise YusuanError(
                f"无法在 {host}:{port} 启动服务：{e.strerror or e}",
                f"cannot listen on {host}:{port}: {e}",
            ) from None


DEMO_USER = ("demo", "demo-password")


def _ensure_demo_user(store: Any) -> None:
    from yusuan.web.users import add_user, ensure_schema

    ensure_schema(store.engine)
    with store.session() as s:
        add_user(s, DEMO_USER[0], "editor", DEMO_USER[1])


user_app = typer.Typer(
    help="网页账号 / web accounts (roles: viewer 查阅, editor 编辑, admin 管理员)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _read_password(given: str | None) -> str:
    if given is not None:
        return given
    env = os.environ.get("YUSUAN_PASSWORD")
    if env:
        return env
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            raise YusuanError("请输入密码（标准输入为空）", "no password given (stdin was empty)")
        return line
    first = getpass.getpass("密码 password: ")
    second = getpass.getpass("再输入一次 again: ")
    if first != second:
        raise YusuanError("两次输入的密码不一致", "the passwords do not match")
    return first


@user_app.command("add")
@_friendly
def user_add(
    name: Annotated[str, typer.Argument(help="用户名 / user name")],
    role: Annotated[
        str, typer.Option("--role", help="viewer（查阅）| editor（编辑）| admin（管理员）")
    ] = "viewer",
    db: DbOption = None,
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            help="密码（不给则提示输入，或读 $YUSUAN_PASSWORD / 标准输入）/ password",
        ),
    ] = None,
) -> None:
    """新建账号 / add a user (password hashed with argon2id)."""
    from yusuan.store.db import Store
    from yusuan.web.users import ROLE_ZH, add_user, check_role, ensure_schema

    check_role(role)
    secret = _read_password(password)
    with Store(db) as store:
        ensure_schema(store.engine)
        with store.session() as s:
            add_user(s, name, role, secret)
    err.print(f"已添加用户 added {name}（{ROLE_ZH[role]} {role}）")


@user_app.command("list")
@_friendly
def user_list(db: DbOption = None) -> None:
    """列出账号 / list users."""
    from sqlalchemy import select

    from yusuan.store.db import Store
    from yusuan.web.users import ROLE_ZH, User, ensure_schema

    with Store(db) as store:
        ensure_schema(store.engine)
        with store.sessions() as s:
            users = list(s.scalars(select(User).order_by(User.name)))
    for u in users:
        out.print(f"{u.name}\t{u.role}（{ROLE_ZH[u.role]}）\t{u.created_at:%Y-%m-%d}")
    if not users:
        err.print("还没有账号 / no users yet（yusuan user add NAME --role admin）")


@user_app.command("remove")
@_friendly
def user_remove(
    name: Annotated[str, typer.Argument(help="用户名 / user name")], db: DbOption = None
) -> None:
    """删除账号 / remove a user (their sessions end at once)."""
    from sqlalchemy import select

    from yusuan.store.db import Store
    from yusuan.web.users import User, ensure_schema

    with Store(db) as store:
        ensure_schema(store.engine)
        with store.session() as s:
            u = s.scalars(select(User).where(User.name == name)).first()
            if u is None:
                raise YusuanError(f"没有这个用户：{name}", f"no such user: {name}")
            s.delete(u)
    err.print(f"已删除用户 removed {name}")


@user_app.command("passwd")
@_friendly
def user_passwd(
    name: Annotated[str, typer.Argument(help="用户名 / user name")],
    db: DbOption = None,
    password: Annotated[
        str | None, typer.Option("--password", help="新密码 / new password")
    ] = None,
    role: Annotated[
        str | None, typer.Option("--role", help="同时修改角色 / also change the role")
    ] = None,
) -> None:
    """修改密码或角色（旧会话随即失效）/ change a password or role (ends old sessions)."""
    from sqlalchemy import select

    from yusuan.store.db import Store
    from yusuan.web.users import User, check_password, check_role, ensure_schema, hash_password

    if role is not None:
        check_role(role)
    with Store(db) as store:
        ensure_schema(store.engine)
        with store.session() as s:
            u = s.scalars(select(User).where(User.name == name)).first()
            if u is None:
                raise YusuanError(f"没有这个用户：{name}", f"no such user: {name}")
            if role is None or password is not None:
                u.password_hash = hash_password(check_password(_read_password(password)))
            if role is not None:
                u.role = role
            u.epoch += 1
    err.print(f"已更新用户 updated {name}")


def register(app: typer.Typer) -> None:
    """Add ``serve`` and the ``user`` group to the main app."""
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")

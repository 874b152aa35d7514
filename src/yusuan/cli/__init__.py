"""The ``yusuan`` command (Typer + Rich): one module per command group, all thin adapters over
the Python API (:mod:`yusuan.api`) and the store's use cases.

    read.py     read, inspect, schema
    check.py    check, rules
    render.py   template, render
    store.py    load, ls, show, compare, projects, benchmark, export, region
    web.py      serve, user
    options.py  options several commands share (--db, --format, -o, --kind, --merge)
    console.py  the one pair of consoles, the one-line error style, notes while slow work runs
    usage.py    usage errors (mistyped command or option …) in Chinese and English

Start-up stays cheap: modules import the pipeline, pydantic and SQLAlchemy inside the commands
that need them (``python benchmarks/startup.py``; tests/test_cli_polish.py guards it).

Nothing outside this package imports it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from yusuan import __version__
from yusuan.cli import check, read, render, store, web
from yusuan.cli.console import out
from yusuan.cli.usage import Group

app = typer.Typer(
    cls=Group,
    help="yusuan（预算）：读取、检查预算信息公开文件 / read and check budget disclosures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        out.print(f"yusuan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本 / show version"),
    ] = False,
) -> None:
    """yusuan（预算）"""


app.command("read")(read.read)
app.command("inspect")(read.inspect)
check.register(app)
app.command("schema")(read.schema)
render.register(app)
store.register(app)
web.register(app)

__all__ = ["app"]

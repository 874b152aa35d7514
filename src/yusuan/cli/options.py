"""Options several commands share, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yusuan.store.output import Format

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="YUSUAN_DB",
        help="数据库地址 / database URL (sqlite:///FILE, postgresql+psycopg://…)；"
        "默认在用户数据目录 / default: SQLite in the user data directory",
        show_envvar=True,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="输出格式 / output format")]
OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="写入文件 / write to FILE")
]
KindOption = Annotated[str, typer.Option("--kind", help="budget（预算）| final_accounts（决算）")]
MergeOption = Annotated[
    bool,
    typer.Option(
        "--merge",
        help="把这些文件作为同一份公开的各部分读取（如说明与表格分开发布）/ read the files as "
        "parts of one disclosure (narrative and tables published apart)",
    ),
]

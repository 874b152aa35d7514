"""``yusuan template`` and ``yusuan render``: publish a disclosure from structured data.

Errors: one line in Chinese and English, exit 2, never a traceback. ``render`` exits 1 when
the checks find errors (the findings are printed) unless ``--force``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from yusuan.cli.console import conversion_note, err, working
from yusuan.cli.console import fail as _fail
from yusuan.cli.console import internal as _internal
from yusuan.errors import YusuanError


class Fmt(StrEnum):
    html = "html"
    docx = "docx"
    pdf = "pdf"
    xlsx = "xlsx"
    txt = "txt"


class ProfileName(StrEnum):
    hebei = "hebei"
    henan = "henan"
    national = "national"


def template(
    year: Annotated[int, typer.Option("--year", help="预算年度 / budget year")],
    output: Annotated[Path, typer.Option("-o", "--output", help="写入文件 / write to FILE")],
    profile: Annotated[
        ProfileName, typer.Option("--profile", help="公开格式 / layout profile")
    ] = ProfileName.national,
    unit: Annotated[
        str | None, typer.Option("--unit", help="单位名称（可选）/ unit name, optional")
    ] = None,
) -> None:
    """生成填报工作簿 / write the fill-in workbook for a year and profile."""
    from yusuan.render.workbook import write_template

    try:
        if not 1990 <= year <= 2100:
            raise YusuanError(f"年度不合理：{year}", f"implausible year: {year}")
        if output.suffix.lower() != ".xlsx":
            raise YusuanError(
                f"填报工作簿须保存为 .xlsx：{output}",
                f"the workbook must be an .xlsx file: {output}",
            )
        write_template(output, year, profile.value, unit)
    except YusuanError as e:
        _fail(e)
        raise typer.Exit(2) from None
    except OSError as e:
        _fail(YusuanError(f"无法写入 {output}：{e.strerror}", f"cannot write {output}: {e}"))
        raise typer.Exit(2) from None
    except Exception as e:
        _internal(e, "生成填报工作簿")
        raise typer.Exit(2) from None
    err.print(f"已写入 wrote {output}")


def render(
    input: Annotated[
        Path, typer.Argument(help="填报工作簿、规范 JSON 或公开文件 / workbook, JSON or disclosure")
    ],
    to: Annotated[Fmt, typer.Option("--to", help="输出格式 / output format")],
    profile: Annotated[
        ProfileName | None,
        typer.Option("--profile", help="公开格式（默认按输入判断）/ layout profile"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="写入文件（默认写到当前目录）/ write to FILE (default: the current folder)",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="检查有错误也生成（标注“未经检查”）/ render despite errors"),
    ] = False,
) -> None:
    """检查并生成公开文件 / check, then publish the disclosure.

    退出码 exit code: 0 已生成 written; 1 检查发现错误 check errors (nothing written);
    2 输入或输出有问题 bad input or output.
    """
    from yusuan.api import check
    from yusuan.api import open as open_disclosure
    from yusuan.check.findings import CheckReport
    from yusuan.check.report import print_terminal
    from yusuan.render import SUFFIX, guess_profile
    from yusuan.render import render as render_doc

    # The current folder, not the input's: that may be a read-only data folder.
    target = output or Path(input.stem + SUFFIX[to.value])
    try:
        with conversion_note([input]):
            d = open_disclosure(input)
        if target.resolve() == input.resolve():
            raise YusuanError(
                f"输出文件与输入文件相同：{target}；请用 -o 指定其他文件",
                f"the output would overwrite the input: {target}; choose another with -o",
            )
        chosen = profile.value if profile else _input_profile(input) or guess_profile(d)
        report = check(d)
        errors = [f for f in report.findings if f.severity == "error"]
        if errors and not force:
            report.findings = errors
            print_terminal(CheckReport(documents=[report]), err)
            err.print(
                f"\n[red]检查发现 {len(errors)} 个错误，未生成文件。[/red]请修正后重试，"
                "或加 --force 强制生成（文件将标注“未经检查”）。\n"
                f"[dim]{len(errors)} error(s) found; nothing written. Fix them, or use --force "
                "(the output is stamped unchecked).[/dim]"
            )
            raise typer.Exit(1)
        with working(f"正在生成 {to.value.upper()}", f"rendering {to.value}"):
            data = render_doc(d, to.value, chosen, unchecked=bool(errors))
        target.write_bytes(data)
    except typer.Exit:
        raise
    except YusuanError as e:
        _fail(e)
        raise typer.Exit(2) from None
    except OSError as e:
        _fail(YusuanError(f"无法写入 {target}：{e.strerror}", f"cannot write {target}: {e}"))
        raise typer.Exit(2) from None
    except Exception as e:
        _internal(e, f"生成 {target} ")
        raise typer.Exit(2) from None
    stamp = "（未经检查 unchecked）" if errors else ""
    err.print(f"已写入 wrote {target}{stamp}  [dim]格式 profile: {chosen}[/dim]")


def _input_profile(path: Path) -> str | None:
    """The profile a filled workbook was made for."""
    from yusuan.render.workbook import template_profile

    return template_profile(path)


def register(app: typer.Typer) -> None:
    app.command("template")(template)
    app.command("render")(render)

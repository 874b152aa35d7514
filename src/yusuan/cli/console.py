"""What every command shares: the consoles and the one-line error style (zh / en, exit 2)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from yusuan.errors import YusuanError, error_id

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])


def fail(e: YusuanError) -> None:
    """Print a user error on one line: Chinese first, then English."""
    err.print(f"[red]错误[/red]：{e.zh} [dim]/ Error: {e.en}[/dim]", soft_wrap=True)


def internal(e: BaseException, what: str) -> None:
    """A bug, not bad input: say so without a traceback (YUSUAN_DEBUG=1 shows it)."""
    if os.environ.get("YUSUAN_DEBUG"):
        raise e
    code = error_id(e)
    err.print(
        f"[red]内部错误[/red]：{what}时程序出错（{type(e).__name__}: {e}；编号 {code}）。"
        "这不是文件的问题，请报告此问题并附上编号；设置 YUSUAN_DEBUG=1 可看到详细信息。"
        f"[dim] / Internal error {code}, not a problem of the file; please report it "
        "(set YUSUAN_DEBUG=1 for a traceback).[/dim]",
        soft_wrap=True,
    )


@contextmanager
def working(zh: str, en: str) -> Iterator[None]:
    """A note while something slow runs: a spinner on a terminal, else one line on stderr."""
    if err.is_terminal:
        with err.status(f"{zh} [dim]/ {en}[/dim]"):
            yield
    else:
        err.print(f"{zh} [dim]/ {en}[/dim]", soft_wrap=True)
        yield


def _converted(path: Path) -> bool:
    from yusuan.pipeline import input_format
    from yusuan.readers.legacy import TARGETS

    try:
        return input_format(path) in TARGETS
    except Exception:  # unreadable: opening it says why
        return False


def conversion_words(paths: Iterable[Path]) -> tuple[str, str] | None:
    """The note for those of ``paths`` LibreOffice converts first (DOC, XLS, RTF, ODT, ODS:
    seconds each), None when there are none."""
    slow = [p.name for p in paths if _converted(p)]
    if not slow:
        return None
    return (
        f"正在用 LibreOffice 转换 {'、'.join(slow)}（可能需要几十秒）",
        "converting with LibreOffice, this may take a while",
    )


def conversion_note(paths: Iterable[Path]) -> AbstractContextManager[None]:
    """:func:`working` with the conversion note while ``paths`` are opened, if any needs it."""
    words = conversion_words(paths)
    return working(*words) if words else nullcontext()


def progress_bar(label: str) -> Any:
    """A Rich progress bar on stderr (count, time, the current file), gone when done; silent
    when stderr is not a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def friendly(func: F) -> F:
    """Run a command: a YusuanError or a bug becomes one line and exit 2; Ctrl+C exits 130."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except YusuanError as e:
            fail(e)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except Exception as e:
            internal(e, "运行命令")
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]

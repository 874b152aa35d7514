"""Usage errors (a mistyped command or option, a missing argument) in Chinese and English.

Click words these in English only; the command's group translates each one as it passes and
Typer prints it as usual (usage line, hint, the message in a panel), exit code 2.
"""

from __future__ import annotations

import re
from difflib import get_close_matches
from typing import Any

from typer.core import TyperGroup

try:  # recent Typer carries its own copy of Click; its errors are that copy's classes
    from typer._click import core as _core
    from typer._click import exceptions as _exc
except ImportError:  # pragma: no cover - Typer on the Click package
    from click import core as _core  # type: ignore[no-redef]
    from click import exceptions as _exc  # type: ignore[no-redef]


def _hint(e: _exc.BadParameter) -> str:
    if e.param_hint is not None:
        hint = e.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    param = e.param
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "option":
        return " / ".join(getattr(param, "opts", []) or [param.name or ""])
    return (param.name or "").upper()


def chinese(e: _exc.UsageError) -> str:
    """The Chinese sentence for a usage error (before its English original)."""
    if isinstance(e, _exc.NoSuchOption):
        zh = f"没有选项 {e.option_name}"
        if e.possibilities:
            zh += f"，是否想用 {'、'.join(e.possibilities)}？"
        return zh
    if isinstance(e, _exc.MissingParameter):
        what = {"argument": "参数", "option": "选项"}.get(e.param_type or "", "参数")
        if e.param is not None and e.param_type is None:
            what = "选项" if e.param.param_type_name == "option" else "参数"
        return f"缺少{what} {_hint(e)}".rstrip()
    if isinstance(e, _exc.BadParameter):
        return f"{_hint(e)} 的值无效".lstrip()
    m = re.match(r"No such command '(.+)'\.", e.message)
    if m:
        zh = f"没有命令“{m.group(1)}”"
        group: Any = e.ctx.command if e.ctx else None
        if hasattr(group, "list_commands") and e.ctx is not None:
            names = group.list_commands(e.ctx)
            close = get_close_matches(m.group(1), names, n=3)
            zh += f"，是否想用 {'、'.join(close)}？" if close else "。"
            zh += f"可用的命令：{'、'.join(names)}"
        return zh
    if e.message.startswith("Got unexpected extra argument"):
        return "多余的参数：" + e.message.rsplit("(", 1)[-1].rstrip(")")
    m = re.match(r"Option '(.+)' requires", e.message)
    if m:
        return f"选项 {m.group(1)} 需要一个值"
    m = re.match(r"Option '(.+)' does not take a value", e.message)
    if m:
        return f"选项 {m.group(1)} 不带值"
    if e.message.startswith("Missing command"):
        return "缺少命令"
    return "命令行用法有误"


def translated(e: _exc.UsageError) -> _exc.UsageError:
    """The same error, worded "中文 / English"; Typer's panel and hint in Chinese too."""
    import typer.rich_utils as ru

    ru.ERRORS_PANEL_TITLE = "错误 Error"
    ru.RICH_HELP = "用 [blue]{command_path} {help_option}[/] 查看帮助 / Try it for help."
    try:
        zh = chinese(e)
    except Exception:  # a wording we do not know: never a traceback for it
        zh = "命令行用法有误"
    out = _exc.UsageError(f"{zh} / {e.format_message()}", e.ctx)
    out.exit_code = e.exit_code
    return out


class Group(TyperGroup):
    """The ``yusuan`` group: usage errors of the group and of its commands translated."""

    def make_context(self, *args: Any, **kwargs: Any) -> _core.Context:
        try:
            return super().make_context(*args, **kwargs)
        except _exc.NoArgsIsHelpError:
            raise
        except _exc.UsageError as e:
            raise translated(e) from None

    def invoke(self, ctx: _core.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _exc.NoArgsIsHelpError:
            raise
        except _exc.UsageError as e:
            raise translated(e) from None

"""``yusuan check`` and ``yusuan rules``: a disclosure against the rule registry."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from yusuan.batch import batch_gc
from yusuan.cli.console import conversion_words, err, fail, internal, out, progress_bar
from yusuan.cli.options import MergeOption
from yusuan.cli.read import read_each
from yusuan.errors import YusuanError

if TYPE_CHECKING:
    from yusuan.check.excerpts import Excerpt
    from yusuan.check.findings import CheckReport, DocumentReport
    from yusuan.model import Disclosure
    from yusuan.pipeline import Opened
    from yusuan.review import Row


class OutputFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    html = "html"
    xlsx = "xlsx"
    review = "review"  # the reviewer's check sheet (检查表.xlsx)


def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="公开文件、目录或 ZIP 压缩包 / disclosure files, folders or ZIP archives"
        ),
    ],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式 / output format")
    ] = OutputFormat.terminal,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="写入文件 / write to FILE")
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="只运行这些规则：编码或类别，可用逗号分隔（N,T）/ only these codes or families",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="跳过这些规则，可用逗号分隔（P005,P014）/ skip these rules"),
    ] = None,
    min_severity: Annotated[
        str, typer.Option("--min-severity", help="最低级别 / lowest severity: info|warning|error")
    ] = "info",
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="同时与库中已入库的文件比对（H 类规则：上年数字、下属单位）/ also run the H rules "
            "against this database's stored disclosures (nothing is written)",
        ),
    ] = None,
    merge: MergeOption = False,
) -> None:
    """检查公开文件并报告问题 / check disclosures against the rule catalogue.

    可给多个文件、目录或 ZIP 压缩包：逐份检查，说明与表格分开发布的两个文件自动合并为一份检查。
    不入库；给出 --db 时，跨年度与下属单位的 H 类规则对照库中已有的文件运行。
    -f xlsx 多份时另有文件汇总页；-f review 写出审核用的公开情况检查表（每份公开一页，另有汇总页）/ the reviewer's check sheet.
    退出码 exit code: 0 未发现错误 no errors; 1 发现错误 errors found; 2 无法读取 unreadable input.
    """
    from yusuan.api import check as run_check
    from yusuan.check import report as rep
    from yusuan.check.engine import check_severity, select_rules
    from yusuan.check.excerpts import quoted
    from yusuan.check.findings import CheckReport
    from yusuan.review import row_of

    try:
        check_severity(min_severity)
        select_rules(select or (), ignore or ())  # a typo'd code stops here, before any reading
    except YusuanError as e:
        fail(e)
        raise typer.Exit(2) from None
    report = CheckReport()
    unreadable: list[Path] = []
    checked: list[tuple[Disclosure, DocumentReport]] = []
    rows: list[Row] = []
    excerpts: list[list[list[Excerpt]]] = []
    with ExitStack() as stack:
        if len(files) > 1 or any(f.is_dir() for f in files):
            stack.enter_context(batch_gc())
        history = _history_source(stack, db)
        quote = fmt is OutputFormat.html  # findings quoted from what was read, beside them
        opened: Iterable[tuple[int, list[str], list[Path], Opened]]
        if merge:
            opened = [
                (0, [str(f) for f in files], files, o)
                for _, o in read_each(files, unreadable, True)
            ]
        else:
            try:
                opened = _read_batch(stack, files, unreadable, quote)
            except YusuanError as e:
                fail(e)
                raise typer.Exit(2) from None
        order: list[int] = []
        for at, names, paths, o in opened:
            d = o.disclosure
            order.append(at)
            r = run_check(
                d,
                history(d) if history else None,
                select=select or (),
                ignore=ignore or (),
                min_severity=min_severity,
            )
            report.documents.append(r)
            if fmt is OutputFormat.review:  # the only output that needs the disclosures
                checked.append((d, r))
            rows.append(row_of(names, d, r))
            if quote:
                excerpts.append(quoted(o.document, r.findings, paths))
        # Reported in the files' order (a batch's parts are read last, to be joined).
        rank = sorted(range(len(order)), key=order.__getitem__)
        report.documents = [report.documents[k] for k in rank]
        rows = [rows[k] for k in rank]
        excerpts = [excerpts[k] for k in rank] if excerpts else []
        checked = [checked[k] for k in rank] if checked else []
        # Inside: text files are quoted from the files read, those of a ZIP in a temporary folder.
        _print_report(report, fmt, output, checked, rows, excerpts)
    if unreadable:
        raise typer.Exit(2)
    errors, _, _ = rep.summary_counts(report.documents)
    raise typer.Exit(1 if errors else 0)


def _read_batch(
    stack: ExitStack, files: list[Path], unreadable: list[Path], blocks: bool
) -> Iterator[tuple[int, list[str], list[Path], Opened]]:
    """Files, folders and ZIP archives read through :mod:`yusuan.review`, one disclosure at a
    time: narrative/tables pairs joined (said on stderr), a progress bar for many files. Each
    comes with its place among the files, the names shown, the files read and, with
    ``blocks``, its blocks. Raises YusuanError at once when there is nothing to read."""
    import tempfile

    from yusuan.pipeline import Opened
    from yusuan.review import open_batch

    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="yusuan-check-")))
    progress = progress_bar("读取 reading")
    stack.callback(progress.stop)

    def step(path: Path, n: int, total: int) -> None:
        if total > 1 and not progress.live.is_started:
            progress.start()
        progress.update(task, total=total, completed=n, description=path.name[:40])
        words = conversion_words([path])
        if words:
            err.print(f"{words[0]} [dim]/ {words[1]}[/dim]", soft_wrap=True)

    def shown(p: Path) -> str:
        return p.name if p.is_relative_to(tmp) else str(p)  # a ZIP's member: its name

    task = progress.add_task("", total=None)
    batch = open_batch(files, tmp, step=step, blocks=blocks)
    for s in batch.skipped:
        err.print(f"[yellow]跳过[/yellow] skipped {s.name}：{s.reason}", soft_wrap=True)
    if not batch.files:
        raise YusuanError(
            "没有找到可检查的文件：" + "、".join(map(str, files)),
            "no disclosure files found in " + ", ".join(map(str, files)),
        )

    def entries() -> Iterator[tuple[int, list[str], list[Path], Opened]]:
        for entry in batch.entries:
            if entry.error is not None:
                if isinstance(entry.error, YusuanError):
                    fail(entry.error)
                else:
                    internal(entry.error, f"读取 {entry.files[0]} ")
                unreadable.append(entry.files[0])
                continue
            names = [shown(p) for p in entry.files]
            if entry.joined:
                err.print(
                    f"合并检查 joined：{' + '.join(names)}（说明与表格分开发布，作为同一份公开检查"
                    " / narrative and tables of one disclosure, checked as one）",
                    soft_wrap=True,
                )
            assert entry.disclosure is not None
            yield entry.order, names, entry.files, Opened(entry.disclosure, entry.document)
        progress.stop()

    return entries()


def _print_report(
    report: CheckReport,
    fmt: OutputFormat,
    output: Path | None,
    checked: list[tuple[Disclosure, DocumentReport]],
    rows: list[Row],
    excerpts: list[list[list[Excerpt]]],
) -> None:
    from yusuan.check import report as rep

    if fmt is OutputFormat.review:
        from yusuan.check.review import review_workbook

        target = output or Path("检查表.xlsx")
        target.write_bytes(review_workbook(checked))
        err.print(f"已写入 wrote {target}")
    elif fmt is OutputFormat.terminal:
        console = Console(file=output.open("w", encoding="utf-8")) if output else out
        rep.print_terminal(report, console)
    elif fmt is OutputFormat.xlsx:
        from yusuan.review import findings_workbook

        target = output or Path("检查结果.xlsx")
        # Several disclosures: the batch workbook (文件汇总 first), as the web app's batch gives.
        many = len(rows) > 1 or any(len(r.files) > 1 for r in rows)
        target.write_bytes(findings_workbook(rows, report) if many else rep.to_xlsx(report))
        err.print(f"已写入 wrote {target}")
    else:
        text = rep.to_json(report) if fmt is OutputFormat.json else rep.to_html(report, excerpts)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
            err.print(f"已写入 wrote {output}")
        else:
            sys.stdout.write(text + "\n")


def _history_source(stack: ExitStack, db: str | None) -> Callable[[Disclosure], object] | None:
    """With ``--db``: a function giving each disclosure its stored history (read-only session)."""
    if db is None:
        return None
    from yusuan.store.db import open_for_reading
    from yusuan.store.history import StoredHistory

    try:
        store = stack.enter_context(open_for_reading(db))
    except YusuanError as e:
        fail(e)
        raise typer.Exit(2) from None
    session = stack.enter_context(store.sessions())
    return lambda d: StoredHistory.of(session, d)


def rules(
    docs: Annotated[
        Path | None,
        typer.Option("--docs", help="把每条规则的文档写入此目录 / write docs/rules pages"),
    ] = None,
) -> None:
    """列出检查规则 / list the rule catalogue."""
    from yusuan.check.registry import all_rules

    if docs is not None:
        from yusuan.check.docs import write_docs

        n = write_docs(docs)
        err.print(f"已写入 {n} 页 wrote {n} pages to {docs}")
        return
    t = RichTable(title="检查规则 / rules")
    for col in ("编码 code", "级别 severity", "规则 rule"):
        t.add_column(col)
    for r in all_rules():
        t.add_row(r.code, r.severity, r.title)
    out.print(t)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("rules")(rules)

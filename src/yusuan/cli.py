"""The ``yusuan`` command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from yusuan import __version__
from yusuan.batch import batch_gc
from yusuan.console import err, out
from yusuan.console import fail as _fail
from yusuan.console import internal as _internal
from yusuan.errors import YusuanError
from yusuan.model import Amount, Disclosure

app = typer.Typer(
    help="yusuan（预算）：读取、检查预算信息公开文件 / read and check budget disclosures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _read_each(
    files: list[Path], failures: list[Path], merge: bool = False
) -> Iterator[tuple[Path, Disclosure]]:
    """Each file read (with ``merge``, all files as the parts of one disclosure); one that
    cannot be is reported on stderr and added to ``failures``."""
    from yusuan.api import open as open_input

    units: list[list[Path]] = [files] if merge and files else [[f] for f in files]
    for group in units:
        path = group[0]
        try:
            d = open_input(group, merge=True)
        except YusuanError as e:
            _fail(e)
            failures.append(path)
            continue
        except Exception as e:  # never a traceback for users
            _internal(e, f"读取 {path} ")
            failures.append(path)
            continue
        if len(group) > 1:
            err.print(f"合并读取 merged {len(group)} 个文件 files: " + " + ".join(map(str, group)))
        yield path, d


def _fmt(a: Amount | None) -> str:
    return "—" if a is None else f"{a.value}"


def _summary(d: Disclosure) -> None:
    scope = {"department": "部门", "unit": "单位"}.get(d.scope or "", "")
    out.rule(
        f"[bold]{d.unit.name or '（未识别单位）'}[/bold]  {d.year or '?'} 年  "
        f"{scope}{'决算' if d.kind == 'final_accounts' else '预算'}"
    )
    sources = " + ".join([d.source.path, *(p.path for p in d.parts)])
    out.print(
        f"来源 source: {sources}  金额单位: {d.money_unit or '未注明'}  "
        f"kind: {d.kind}  scope: {d.scope or '未注明 not stated'}"
    )
    ov = d.overview
    rows = [
        ("收入合计 income", ov.income_total),
        ("支出合计 expenditure", ov.expenditure_total),
        ("基本支出 basic", ov.basic),
        ("人员经费 personnel", ov.personnel),
        ("公用经费 public operating", ov.public_operating),
        ("项目支出 project", ov.project),
        ("机关运行经费 operating costs", d.operating_costs.amount),
        ("“三公”经费 three public", d.three_public.total),
    ]
    t = RichTable(title="文字说明中的数字 / figures stated in the text (万元)", show_header=False)
    for label, a in rows:
        if a is not None:
            t.add_row(label, _fmt(a))
    for label, a in ov.income_by_source.items():
        t.add_row(f"  收入来源 {label}", _fmt(a))
    for key, a in ov.changes.items():
        t.add_row(f"  比上年 change {key}", f"{a.value:+}")
    if t.row_count:
        out.print(t)
    if d.tables:
        tt = RichTable(title="预算表 / budget tables")
        for col in ("类型 kind", "标题 title", "行 rows"):
            tt.add_column(col)
        for tab in d.tables:
            tt.add_row(tab.kind, tab.title, "空表 empty" if tab.empty else str(len(tab.rows)))
        out.print(tt)
    perf = d.performance
    if perf.projects:
        pt = RichTable(title=f"项目绩效目标 / project targets（{len(perf.projects)} 个）")
        for col in ("项目 project", "预算 budget", "指标 indicators"):
            pt.add_column(col)
        for p in perf.projects:
            pt.add_row(p.name, _fmt(p.budget), str(len(p.indicators)))
        out.print(pt)
    if d.procurement.items or d.procurement.total:
        out.print(
            f"政府采购 procurement: {_fmt(d.procurement.total)} 万元，"
            f"{len(d.procurement.items)} 项 items"
        )
    if d.assets.items or d.assets.total:
        out.print(
            f"固定资产 assets ({d.assets.as_of or '?'}): {_fmt(d.assets.total)} 万元，"
            f"拟购置 planned {_fmt(d.assets.planned_purchase)}，{len(d.assets.items)} 类"
        )
    if d.unparsed:
        out.print(
            f"[yellow]未解析 unparsed: {len(d.unparsed)} 处[/yellow]（见 --json 的 unparsed）"
        )


@app.command()
def read(
    files: Annotated[list[Path], typer.Argument(help="公开文件 / disclosure files")],
    as_json: Annotated[
        bool, typer.Option("--json", help="输出规范 JSON / print canonical JSON")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="每个文件写一个 JSON 到此目录 / one JSON per file into DIR"
        ),
    ] = None,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="把这些文件作为同一份公开的各部分读取（如说明与表格分开发布）/ read the files as "
            "parts of one disclosure (narrative and tables published apart)",
        ),
    ] = False,
) -> None:
    """读取公开文件并输出摘要或 JSON / read disclosures into the canonical model."""
    results: list[Disclosure] = []
    failures: list[Path] = []
    for path, d in _read_each(files, failures, merge):
        results.append(d)
        if output is not None:
            output.mkdir(parents=True, exist_ok=True)
            target = output / (path.stem + ".json")
            target.write_text(d.to_json() + "\n", encoding="utf-8")
            err.print(f"已写入 wrote {target}")
        elif not as_json:
            _summary(d)
    if output is None and as_json:
        if (len(files) == 1 or merge) and results:
            sys.stdout.write(results[0].to_json() + "\n")
        else:
            payload = [json.loads(d.to_json(indent=None)) for d in results]
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failures:
        raise typer.Exit(2)


@app.command()
def inspect(
    file: Annotated[Path, typer.Argument(help="公开文件 / a disclosure file")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON / print JSON")] = False,
) -> None:
    """显示读取过程：章节、表格、文字中的数字及未识别内容 / what the reader saw: sections,
    tables, narrative figures and what was not understood."""
    from yusuan.extract.inspect import inspect as run_inspect
    from yusuan.readers import read_document

    try:
        view = run_inspect(read_document(file))
    except YusuanError as e:
        _fail(e)
        raise typer.Exit(2) from None
    except Exception as e:  # never a traceback for users
        _internal(e, f"检查读取 {file} ")
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps(view.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    _print_inspection(view)


def _print_inspection(view: object) -> None:
    from yusuan.extract.inspect import Inspection

    assert isinstance(view, Inspection)
    scope = {"department": "部门", "unit": "单位"}.get(view.scope or "", "?")
    out.rule(
        f"[bold]{view.unit or '（未识别单位）'}[/bold]  {view.year or '?'}  {view.kind}  {scope}"
    )
    out.print(f"文件 file: {view.path}  金额单位 money unit: {view.money_unit or '未注明'}")
    st = RichTable(title="章节 / sections")
    for col in ("类型 key", "标题 heading", "位置 where", "段落 paras", "表 tables"):
        st.add_column(col)
    for s in view.sections:
        where = s.source or s.first or ""
        st.add_row(s.key, s.heading or "—", where, str(s.paragraphs), str(s.tables))
    out.print(st)
    tt = RichTable(title="表格 / table blocks")
    for col in ("位置 where", "行×列", "读作 read as", "类型 kind", "标题 title", "单位", "数据行"):
        tt.add_column(col)
    for t in view.tables:
        data = "空表" if t.empty else ("" if t.data_rows is None else str(t.data_rows))
        tt.add_row(
            t.source, f"{t.rows}×{t.columns}", t.read_as, t.kind or "", t.title or "",
            t.money_unit or "", data,
        )  # fmt: skip
    out.print(tt)
    ft = RichTable(title="文字中的数字 / narrative figures")
    for col in ("章节", "数字 figure", "词 words", "字段 field", "句子 sentence"):
        ft.add_column(col)
    for f in view.figures:
        ft.add_row(f.section, f.raw, f.label, f.field or "[dim]未用 unused[/dim]", f.sentence[:80])
    out.print(ft)
    if view.unparsed:
        ut = RichTable(title="未识别 / not understood")
        for col in ("位置 where", "内容 text"):
            ut.add_column(col)
        for where, text in view.unparsed:
            ut.add_row(where, text.replace("\n", " ")[:100])
        out.print(ut)


class OutputFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    html = "html"
    xlsx = "xlsx"


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="公开文件 / disclosure files")],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式 / output format")
    ] = OutputFormat.terminal,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="写入文件 / write to FILE")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option("--select", help="只运行这些规则（编码或类别）/ only these")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="跳过这些规则 / skip these rules")
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
    merge: Annotated[
        bool,
        typer.Option("--merge", help="把这些文件作为同一份公开的各部分 / files are parts of one"),
    ] = False,
) -> None:
    """检查公开文件并报告问题 / check disclosures against the rule catalogue.

    不入库；给出 --db 时，跨年度与下属单位的 H 类规则对照库中已有的文件运行。
    退出码 exit code: 0 未发现错误 no errors; 1 发现错误 errors found; 2 无法读取 unreadable input.
    """
    from yusuan.check import report as rep
    from yusuan.check.engine import check as run_check
    from yusuan.check.engine import select_rules
    from yusuan.check.findings import CheckReport

    if min_severity not in ("info", "warning", "error"):
        _fail(YusuanError(f"未知的级别：{min_severity}", f"unknown severity: {min_severity}"))
        raise typer.Exit(2)
    rules = select_rules(select or (), ignore or ())
    report = CheckReport()
    unreadable: list[Path] = []
    with ExitStack() as stack:
        if len(files) > 1:
            stack.enter_context(batch_gc())
        history = _history_source(stack, db)
        for _, d in _read_each(files, unreadable, merge):
            report.documents.append(
                run_check(d, rules, min_severity, history=history(d) if history else None)
            )
    if fmt is OutputFormat.terminal:
        console = Console(file=output.open("w", encoding="utf-8")) if output else out
        rep.print_terminal(report, console)
    elif fmt is OutputFormat.xlsx:
        target = output or Path("检查结果.xlsx")
        target.write_bytes(rep.to_xlsx(report))
        err.print(f"已写入 wrote {target}")
    else:
        text = rep.to_json(report) if fmt is OutputFormat.json else rep.to_html(report)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
            err.print(f"已写入 wrote {output}")
        else:
            sys.stdout.write(text + "\n")
    if unreadable:
        raise typer.Exit(2)
    errors, _, _ = rep.summary_counts(report.documents)
    raise typer.Exit(1 if errors else 0)


def _history_source(stack: ExitStack, db: str | None) -> Callable[[Disclosure], object] | None:
    """With ``--db``: a function giving each disclosure its stored history (read-only session)."""
    if db is None:
        return None
    from yusuan.store.db import open_for_reading
    from yusuan.store.history import StoredHistory
    from yusuan.store.region import normalise_name

    try:
        store = stack.enter_context(open_for_reading(db))
    except YusuanError as e:
        _fail(e)
        raise typer.Exit(2) from None
    session = stack.enter_context(store.sessions())

    def history(d: Disclosure) -> object:
        key = normalise_name(d.unit.name) if d.unit.name else None
        return StoredHistory(session, unit_key=key, year=d.year, kind=d.kind, scope=d.scope)

    return history


@app.command()
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


@app.command()
def schema() -> None:
    """输出 JSON Schema / print the JSON Schema of the canonical model."""
    s = Disclosure.model_json_schema(by_alias=True)
    s["$id"] = "yusuan.disclosure/1"
    sys.stdout.write(json.dumps(s, ensure_ascii=False, indent=2) + "\n")


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


def _register_subcommands() -> None:
    """Commands of the later pipeline stages live beside their packages."""
    from yusuan.cli_render import register as register_render
    from yusuan.cli_store import register as register_store
    from yusuan.cli_web import register as register_web

    register_render(app)
    register_store(app)
    register_web(app)


_register_subcommands()

"""``yusuan read``, ``inspect`` and ``schema``: a disclosure into the canonical model."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from yusuan.cli.console import conversion_note, err, fail, internal, out
from yusuan.cli.options import MergeOption
from yusuan.errors import YusuanError
from yusuan.vocab import SCOPE_NAMES

if TYPE_CHECKING:
    from yusuan.extract.inspect import Inspection
    from yusuan.model import Amount, Disclosure
    from yusuan.pipeline import Opened


def read_each(
    files: list[Path], failures: list[Path], merge: bool = False
) -> Iterator[tuple[Path, Opened]]:
    """Each file opened (with ``merge``, all files as the parts of one disclosure); one that
    cannot be is reported on stderr and added to ``failures``. Each comes with the blocks it
    was read from (none for canonical JSON and workbooks)."""
    from yusuan.api import open_input

    units: list[list[Path]] = [files] if merge and files else [[f] for f in files]
    for group in units:
        path = group[0]
        try:
            with conversion_note(group):
                o = open_input(group, merge=True)
        except YusuanError as e:
            fail(e)
            failures.append(path)
            continue
        except Exception as e:  # never a traceback for users
            internal(e, f"读取 {path} ")
            failures.append(path)
            continue
        if len(group) > 1:
            err.print(f"合并读取 merged {len(group)} 个文件 files: " + " + ".join(map(str, group)))
        yield path, o


def _fmt(a: Amount | None) -> str:
    return "—" if a is None else f"{a.value}"


def summary(d: Disclosure, console: Console = out) -> None:
    """What ``yusuan read`` prints for a disclosure (and ``yusuan show`` for a stored one)."""
    scope = SCOPE_NAMES.get(d.scope or "", "")
    console.rule(
        f"[bold]{d.unit.name or '（未识别单位）'}[/bold]  {d.year or '?'} 年  "
        f"{scope}{'决算' if d.kind == 'final_accounts' else '预算'}"
    )
    sources = " + ".join([d.source.path, *(p.path for p in d.parts)])
    console.print(
        f"来源 source: {sources}  金额单位: {d.money_unit or '未注明'}  "
        f"kind: {d.kind}  scope: {d.scope or '未注明 not stated'}"
    )
    _figures(d, console)
    _tables(d, console)
    _projects(d, console)
    if d.procurement.items or d.procurement.total:
        console.print(
            f"政府采购 procurement: {_fmt(d.procurement.total)} 万元，"
            f"{len(d.procurement.items)} 项 items"
        )
    if d.assets.items or d.assets.total:
        console.print(
            f"固定资产 assets ({d.assets.as_of or '?'}): {_fmt(d.assets.total)} 万元，"
            f"拟购置 planned {_fmt(d.assets.planned_purchase)}，{len(d.assets.items)} 类"
        )
    if d.unparsed:
        console.print(
            f"[yellow]未解析 unparsed: {len(d.unparsed)} 处[/yellow]（见 --json 的 unparsed）"
        )


def _figures(d: Disclosure, console: Console) -> None:
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
        console.print(t)


def _tables(d: Disclosure, console: Console) -> None:
    if not d.tables:
        return
    tt = RichTable(title="预算表 / budget tables")
    for col in ("类型 kind", "标题 title", "行 rows"):
        tt.add_column(col)
    for tab in d.tables:
        tt.add_row(tab.kind, tab.title, "空表 empty" if tab.empty else str(len(tab.rows)))
    console.print(tt)


def _projects(d: Disclosure, console: Console) -> None:
    perf = d.performance
    if not perf.projects:
        return
    pt = RichTable(title=f"项目绩效目标 / project targets（{len(perf.projects)} 个）")
    for col in ("项目 project", "预算 budget", "指标 indicators"):
        pt.add_column(col)
    for p in perf.projects:
        pt.add_row(p.name, _fmt(p.budget), str(len(p.indicators)))
    console.print(pt)


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
    merge: MergeOption = False,
) -> None:
    """读取公开文件并输出摘要或 JSON / read disclosures into the canonical model."""
    results: list[Disclosure] = []
    failures: list[Path] = []
    for path, o in read_each(files, failures, merge):
        d = o.disclosure
        results.append(d)
        if output is not None:
            output.mkdir(parents=True, exist_ok=True)
            target = output / (path.stem + ".json")
            target.write_text(d.to_json() + "\n", encoding="utf-8")
            err.print(f"已写入 wrote {target}")
        elif not as_json:
            summary(d)
    if output is None and as_json:
        if (len(files) == 1 or merge) and results:
            sys.stdout.write(results[0].to_json() + "\n")
        else:
            payload = [json.loads(d.to_json(indent=None)) for d in results]
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failures:
        raise typer.Exit(2)


def inspect(
    file: Annotated[Path, typer.Argument(help="公开文件 / a disclosure file")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON / print JSON")] = False,
) -> None:
    """显示读取过程：章节、表格、文字中的数字及未识别内容 / what the reader saw: sections,
    tables, narrative figures and what was not understood."""
    from yusuan.extract.inspect import inspect as run_inspect
    from yusuan.pipeline import open_document

    try:
        view = run_inspect(open_document(file))
    except YusuanError as e:
        fail(e)
        raise typer.Exit(2) from None
    except Exception as e:  # never a traceback for users
        internal(e, f"检查读取 {file} ")
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps(view.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    _print_inspection(view)


def _print_inspection(view: Inspection) -> None:
    scope = SCOPE_NAMES.get(view.scope or "", "?")
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


def schema() -> None:
    """输出 JSON Schema / print the JSON Schema of the canonical model."""
    from yusuan.model import Disclosure

    s = Disclosure.model_json_schema(by_alias=True)
    s["$id"] = "yusuan.disclosure/1"
    sys.stdout.write(json.dumps(s, ensure_ascii=False, indent=2) + "\n")

"""Database commands: load, ls, show, compare, projects, benchmark, export, region.

Every command takes ``--db URL`` (else ``$YUSUAN_DB``, else SQLite in the user's data
directory). The use cases are the store's (:mod:`yusuan.store.service`, queries, loader); these
commands parse options and format results.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from yusuan.cli.console import err, out, progress_bar
from yusuan.cli.console import friendly as _friendly
from yusuan.cli.options import DbOption, FormatOption, KindOption, OutputOption
from yusuan.errors import YusuanError
from yusuan.store.output import Column, Format, Result, emit


@contextmanager
def _session(db: str | None) -> Iterator[Any]:
    from yusuan.store.db import Store

    with Store(db) as store, store.sessions() as session:
        yield session


def _kind(kind: str) -> str:
    from yusuan.store.service import check_kind

    return check_kind(kind)


# --- load ---------------------------------------------------------------------------------------


@_friendly
def load(
    paths: Annotated[list[Path], typer.Argument(help="公开文件或目录 / files or directories")],
    db: DbOption = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="并行读取的进程数 / reader processes")
    ] = 1,
) -> None:
    """读取、检查并入库 / read, check and store disclosures (idempotent).

    同一文件再次载入会跳过；同一单位、年度的更正版作为新版本入库，旧版保留。
    """
    from yusuan.api import load as run_load
    from yusuan.store.db import Store
    from yusuan.store.loader import Outcome, expand

    files = expand(paths)
    if not files:
        raise YusuanError("没有找到可载入的文件", "no files to load")
    with Store(db) as store:
        progress = progress_bar("入库 loading")
        with progress:
            task = progress.add_task("", total=len(files))

            def step(o: Outcome) -> None:
                progress.update(task, advance=o.files, description=Path(o.path).name[:40])

            outcomes = run_load(store, files, jobs=max(1, jobs), on_outcome=step)
    loaded = [o for o in outcomes if o.status == "loaded"]
    skipped = [o for o in outcomes if o.status == "skipped"]
    failed = [o for o in outcomes if o.status == "failed"]
    for o in loaded:
        v = f" 第{o.version}版 version {o.version}" if o.version and o.version > 1 else ""
        note = f"（{o.reason}）" if o.reason else ""
        err.print(f"[green]入库[/green] {o.path} → {o.unit or '?'} {o.year or '?'}{v}{note}")
    for o in failed:
        err.print(f"[red]失败[/red] {o.path}：{o.reason}", soft_wrap=True)
    err.print(
        f"载入 loaded {len(loaded)}，跳过 skipped {len(skipped)}（已入库 already stored），"
        f"失败 failed {len(failed)}"
    )
    if failed:
        raise typer.Exit(2)


# --- ls -----------------------------------------------------------------------------------------


@_friendly
def ls(
    db: DbOption = None,
    region: Annotated[str | None, typer.Option(help="省/市/县 名称 / region")] = None,
    unit: Annotated[str | None, typer.Option(help="单位名称包含 / unit name contains")] = None,
    year: Annotated[int | None, typer.Option(help="年度 / year")] = None,
    kind: Annotated[str | None, typer.Option(help="budget | final_accounts")] = None,
    has_errors: Annotated[
        bool | None,
        typer.Option(
            "--has-errors/--no-errors", help="只列有错误/无错误的 / with or without errors"
        ),
    ] = None,
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="包括被更正的旧版 / include superseded versions")
    ] = False,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            help="排序 / sort by: unit region year kind expenditure_total projects errors "
            "warnings format loaded_at id",
        ),
    ] = None,
    desc: Annotated[bool, typer.Option("--desc", help="倒序 / descending")] = False,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """列出已入库的公开文件 / list stored disclosures."""
    from yusuan.store.queries import list_disclosures
    from yusuan.store.service import LIBRARY_COLUMNS

    with _session(db) as s:
        rows = list_disclosures(
            s,
            region=region,
            unit=unit,
            year=year,
            kind=kind,
            has_errors=has_errors,
            all_versions=all_versions,
            sort=sort,
            desc=desc,
        )
    cols = LIBRARY_COLUMNS
    narrow: list[str] = []
    if fmt is Format.table:  # one region column, no long ones; on 80 columns fewer still
        for r in rows:
            parts = [r["province"], r["city"] if r["city"] != r["province"] else None, r["county"]]
            r["region"] = "".join(x for x in parts if x) or None
        shown = ("region", "id", "unit", "year", "version", "expenditure_total", "projects")
        cols = [Column("region", "地区 region"), *cols]
        cols = [c for c in cols if c.key in (*shown, "errors", "warnings")]
        narrow = ["version", "region", "projects"]
    emit(
        Result(f"已入库的公开文件（{len(rows)} 份）", cols, rows, optional=narrow),
        fmt,
        output,
        out,
        err,
        "yusuan-ls",
    )


# --- show ---------------------------------------------------------------------------------------

FIGURE_COLUMNS = [
    Column("section", "部分 section"),
    Column("table", "表 table"),
    Column("code", "编码 code"),
    Column("item", "项目 item"),
    Column("column", "列 column"),
    Column("value", "金额（万元） value", True),
    Column("raw", "原文 raw"),
    Column("source", "位置 source"),
]


def _figures(d: Any) -> list[dict[str, Any]]:
    """Every amount of a disclosure (:meth:`Disclosure.amounts`), long form (CSV and XLSX)."""
    from yusuan.model import AssetItem, ProcurementItem, Project, TableRow

    rows: list[dict[str, Any]] = []
    for at in d.amounts():
        holder, code, column = at.holder, None, None
        if isinstance(holder, TableRow):
            item, code, column = holder.name or "", holder.code, at.key
        elif isinstance(holder, Project):
            item, column = holder.name, at.key
        elif isinstance(holder, ProcurementItem):
            item = holder.item or holder.project or ""
        elif isinstance(holder, AssetItem):
            item = holder.category
        else:
            item = at.key
        rows.append(
            {
                "section": at.section,
                "table": at.table.title if at.table is not None else None,
                "code": code,
                "item": item,
                "column": column,
                "value": at.amount.value,
                "raw": at.amount.raw,
                "source": at.amount.source,
            }
        )
    return rows


@_friendly
def show(
    unit: Annotated[str, typer.Argument(help="单位名称（全名或唯一的部分）/ unit name")],
    year: Annotated[int | None, typer.Argument(help="年度 / year (默认最近 / latest)")] = None,
    db: DbOption = None,
    kind: KindOption = "budget",
    version: Annotated[
        int | None, typer.Option("--version", help="版本 / version (默认现行 / current)")
    ] = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """显示已入库的一份公开文件（同 read）/ show a stored disclosure, like `read`."""
    from yusuan.store.mapping import rebuild
    from yusuan.store.queries import find_disclosure

    with _session(db) as s:
        row = find_disclosure(s, unit, year, _kind(kind), version)
        d = rebuild(s, row.id)
        findings = (row.errors, row.warnings, row.infos, row.version, row.is_current)
    if fmt is Format.json:
        text = d.to_json() + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
            err.print(f"已写入 wrote {output}")
        else:
            sys.stdout.write(text)
        return
    if fmt is Format.table:
        from yusuan.cli.read import summary

        e, w, i, ver, cur = findings
        with output.open("w", encoding="utf-8") if output else nullcontext() as f:
            console = Console(file=f, width=200) if f else out
            summary(d, console)
            console.print(
                f"版本 version {ver}{'' if cur else '（已被更正 superseded）'}；"
                f"检查 check: {e} 错误 errors，{w} 警告 warnings，{i} 提示 infos"
            )
        return
    emit(
        Result(f"{d.unit.name} {d.year}", FIGURE_COLUMNS, _figures(d)),
        fmt,
        output,
        out,
        err,
        "yusuan-show",
    )


# --- compare ------------------------------------------------------------------------------------


@_friendly
def compare(
    units: Annotated[list[str], typer.Argument(help="单位名称（一个或多个）/ unit names")],
    db: DbOption = None,
    year: Annotated[
        list[int] | None,
        typer.Option("--year", "-y", help="年度，可重复 / year (repeatable)"),
    ] = None,
    kind: KindOption = "budget",
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """比较：多个单位同一年并列，或一个单位历年对比 / units side by side, or one unit over years.

    总额、功能分类、“三公”经费、基本与项目支出，附占比与增减。
    """
    from yusuan.store.queries import SECTION_TITLES, find_unit
    from yusuan.store.service import compare as run

    with _session(db) as s:
        c = run(s, [find_unit(s, name).id for name in units], year or [], _kind(kind))
        if c.by_year:
            labels = [str(y) for y in c.years]
            title = f"{c.units[0].name} 历年比较"
        else:
            labels = [u.name for u in c.units]
            title = f"{c.years[0]} 年单位比较"
        by_year, records = c.by_year, c.records(labels)
    if fmt is Format.table:
        _print_comparison(title, records, labels, by_year, output, SECTION_TITLES)
        return
    cols = [
        Column("section", "部分 section"),
        Column("key", "键 key"),
        Column("item", "项目 item"),
        Column("column", "列 column"),
        Column("unit", "单位 unit"),
        Column("year", "年度 year", True),
        Column("value", "金额（万元） value", True),
        Column("share", "占支出合计% share", True),
        Column("change", "增减 change", True),
        Column("change_pct", "增减% change", True),
        Column("basis", "来源 basis"),
    ]
    emit(Result(title, cols, records), fmt, output, out, err, "yusuan-compare")


def _num(v: Decimal | None, signed: bool = False) -> str:
    if v is None:
        return "—"
    return f"{v:+,f}" if signed else f"{v:,f}"


def _short(label: str) -> str:
    """The Chinese part of a bilingual label, for a narrow terminal."""
    return re.sub(r"\s+[A-Za-z][A-Za-z ()]*$", "", label)


def _print_comparison(
    title: str,
    records: list[dict[str, Any]],
    labels: list[str],
    by_year: bool,
    output: Path | None,
    sections: dict[str, str],
) -> None:
    """The comparison as a terminal table in Chinese: one column per year (with the change
    against the year before) or per unit; on a narrow terminal the shares, then the change
    rates, are left out."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table

    from yusuan.store.output import zh_label

    n = len(labels)
    lines: list[tuple[str, list[tuple[str, str, str, str]]]] = []  # label, per column
    heads: list[str] = []
    section = None
    for i in range(0, len(records), n):
        group = records[i : i + n]
        if group[0]["section"] != section:
            section = group[0]["section"]
            heads.append(zh_label(sections[section]))
            lines.append((f"[bold]{heads[-1]}[/bold]", []))
        cells = []
        for j, r in enumerate(group):
            moved = by_year and j > 0
            cells.append(
                (
                    _num(r["value"]),
                    "" if r["share"] is None else f"{r['share']}",
                    _num(r["change"], signed=True) if moved else "",
                    "" if not moved or r["change_pct"] is None else f"{r['change_pct']:+}",
                )
            )
        lines.append((_short(group[0]["item"]), cells))
    console = Console(file=output.open("w", encoding="utf-8"), width=240) if output else out

    def widest(k: int, j: int) -> int:
        return max((cell_len(c[j][k]) for _, c in lines if c), default=1)

    def table(shares: bool, rates: bool) -> tuple[Table, int]:
        t = Table(
            title=f"{title}（万元；% 为占支出合计的比重）",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            collapse_padding=True,
        )
        t.add_column("项目", overflow="fold", min_width=10, ratio=1)
        need = 14
        for j, label in enumerate(labels):
            cols: list[tuple[str, int, str | None]] = [(label, 0, None)]
            if shares:
                cols.append(("%", 1, "dim"))
            if by_year and j > 0:
                cols.append(("增减", 2, None))
                if rates:
                    cols.append(("增减%", 3, "dim"))
            for head, k, style in cols:
                w = max(widest(k, j), 4 if k else 6)
                t.add_column(head, justify="right", overflow="fold", min_width=w, style=style)
                need += w + 2
        for label, cells in lines:
            row = [label]
            for j, c in enumerate(cells):
                row += [c[0], c[1]] if shares else [c[0]]
                if by_year and j > 0:
                    row += [c[2], c[3]] if rates else [c[2]]
            t.add_row(*row)
        return t, need

    t, need = table(True, True)
    if need > console.width:  # narrow: without the shares, then without the change rates
        t, need = table(False, True)
        if need > console.width:
            t, need = table(False, False)
    console.print(t)
    if output:
        console.file.close()
        err.print(f"已写入 wrote {output}")


# --- projects -----------------------------------------------------------------------------------


@_friendly
def projects(
    terms: Annotated[
        list[str], typer.Argument(help="检索词（全部须出现）/ search terms (all must match)")
    ],
    db: DbOption = None,
    unit: Annotated[str | None, typer.Option(help="单位名称包含 / unit name contains")] = None,
    year: Annotated[int | None, typer.Option(help="年度 / year")] = None,
    region: Annotated[str | None, typer.Option(help="省/市/县 / region")] = None,
    limit: Annotated[int, typer.Option(help="最多条数 / at most N results")] = 50,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """全文检索项目名称、绩效目标和指标 / full-text search over projects, goals and indicators."""
    from yusuan.store.queries import search_projects
    from yusuan.store.service import PROJECT_COLUMNS

    with _session(db) as s:
        rows = search_projects(s, terms, unit=unit, year=year, region=region, limit=limit)
    cols = PROJECT_COLUMNS
    if fmt is Format.table:  # the goal and the source are long: files only
        cols = [c for c in cols if c.key not in ("goal", "source")]
    emit(
        Result(
            f"项目检索：{' '.join(terms)}（{len(rows)} 个）", cols, rows, optional=["id", "matched"]
        ),
        fmt,
        output,
        out,
        err,
        "yusuan-projects",
    )


# --- benchmark ----------------------------------------------------------------------------------


@_friendly
def benchmark(
    db: DbOption = None,
    item: Annotated[
        str | None, typer.Option(help="物项（如 视频监控点位）/ item kind contains")
    ] = None,
    activity: Annotated[str | None, typer.Option(help="建设|购置|运维|服务|其他")] = None,
    unit: Annotated[str | None, typer.Option(help="单位名称包含 / unit name contains")] = None,
    year: Annotated[int | None, typer.Option(help="年度 / year")] = None,
    factor: Annotated[
        str,
        typer.Option(
            help="偏离同类中位数的倍数算异常 / outlier if ≥ FACTOR × or ≤ 1/FACTOR × the median"
        ),
    ] = "3",
    outliers: Annotated[bool, typer.Option("--outliers", help="只列异常 / outliers only")] = False,
    loose: Annotated[
        bool,
        typer.Option(
            "--loose",
            help="也比较只按计量单位归类的项目 / also judge items known only by their unit",
        ),
    ] = False,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """单位成本对标：同时给出数量和金额的项目，与同类项目比较 / unit-cost benchmarking.

    单位成本 = 项目本年金额 ÷ 数量（元/单位/年）；同类 = 同一物项（按指标名称与计量单位归类）且同一活动
    （建设、运维……）；与其他文件中同类项目的中位数相差 FACTOR 倍以上的列为异常。
    """
    from yusuan.store.service import BENCHMARK_COLUMNS, OUTLIER_ZH, benchmark_records
    from yusuan.store.unitcost import benchmark as run

    try:
        k = Decimal(factor)
    except InvalidOperation:
        raise YusuanError(f"倍数无效：{factor}", f"invalid factor: {factor}") from None
    if k <= 1:
        raise YusuanError("倍数须大于 1", "factor must be greater than 1")
    with _session(db) as s:
        rows = run(
            s,
            item=item,
            activity_=activity,
            unit=unit,
            year=year,
            factor=k,
            loose=loose,
            outliers_only=outliers,
        )
    records = benchmark_records(rows)
    cols = BENCHMARK_COLUMNS
    narrow: list[str] = []
    if fmt is Format.table:  # a terminal: what one reads across, joined into fewer columns
        for r in records:
            r["what"] = f"{r['item']}·{r['activity']}"
            r["amount"] = f"{r['quantity']:,f} {r['measure']}"
            r["outlier"] = OUTLIER_ZH.get(r["judged"] or "", "")
        cols = [
            Column("what", "物项·活动"),
            Column("unit", "单位"),
            Column("year", "年度", True),
            Column("project", "项目"),
            Column("amount", "数量", True),
            Column("cost", "金额（万元）", True),
            Column("unit_cost", "单位成本（元）", True),
            Column("median", "同类中位数", True),
            Column("ratio", "倍数", True),
            Column("outlier", "判断"),
        ]
        narrow = ["median", "cost", "year"]
    emit(
        Result(
            f"单位成本对标（{len(rows)} 项）",
            cols,
            records,
            note="单位成本 = 金额 × 10000 ÷ 数量（元/计量单位/年）；"
            "中位数取自其他文件中同物项、同活动的项目。",
            optional=narrow,
        ),
        fmt,
        output,
        out,
        err,
        "yusuan-benchmark",
    )


# --- export -------------------------------------------------------------------------------------


@_friendly
def export(
    directory: Annotated[Path, typer.Argument(help="输出目录 / output directory")],
    db: DbOption = None,
    to: Annotated[str, typer.Option("--to", help="csv | parquet | xlsx")] = "csv",
    region: Annotated[
        str | None, typer.Option(help="只导出该地区 / only this region (省、市或县)")
    ] = None,
    unit: Annotated[str | None, typer.Option(help="单位名称包含 / unit name contains")] = None,
    year: Annotated[int | None, typer.Option(help="年度 / year")] = None,
    kind: Annotated[str | None, typer.Option(help="budget | final_accounts")] = None,
    current: Annotated[
        bool, typer.Option("--current", help="只导出现行版本 / current versions only")
    ] = False,
) -> None:
    """导出数据（每类一个文件）和 datapackage.json / export every entity plus a Frictionless
    Data Package descriptor.

    默认导出全部；给出筛选条件时只导出所选公开文件及其所属的全部数据。
    """
    from yusuan.store.export import FORMATS, Selection
    from yusuan.store.export import export as run

    if to not in FORMATS:
        raise YusuanError(
            f"不支持的导出格式：{to}", f"unsupported export format: {to} (csv|parquet|xlsx)"
        )
    sel = Selection(region=region, unit=unit, year=year, kind=kind, current=current)
    with _session(db) as s:
        package = run(s, directory, to, sel)
    n = sum(r["count"] for r in package["resources"])
    err.print(
        f"已导出 exported {len(package['resources'])} 个文件 files，{n} 行 rows → {directory}"
    )


# --- region -------------------------------------------------------------------------------------


@_friendly
def region(
    unit: Annotated[str, typer.Argument(help="单位名称 / unit name")],
    db: DbOption = None,
    province: Annotated[str | None, typer.Option(help="省 / province")] = None,
    city: Annotated[str | None, typer.Option(help="市 / city")] = None,
    county: Annotated[str | None, typer.Option(help="县/区 / county")] = None,
    infer: Annotated[
        bool, typer.Option("--infer", help="按名称重新推断 / infer again from the name")
    ] = False,
) -> None:
    """查看或修改单位所属地区 / show or edit a unit's region (inferred from its name)."""
    from yusuan.store import service
    from yusuan.store.db import Store
    from yusuan.store.queries import find_unit

    with Store(db) as store, store.session() as s:
        u = find_unit(s, unit)
        shown = json.dumps(
            service.set_region(u, province, city, county, infer=infer), ensure_ascii=False
        )
    sys.stdout.write(shown + "\n")


COMMANDS: tuple[Callable[..., Any], ...] = (
    load,
    ls,
    show,
    compare,
    projects,
    benchmark,
    export,
    region,
)


def register(app: typer.Typer) -> None:
    """Add the database commands to the main app."""
    for cmd in COMMANDS:
        app.command(name=cmd.__name__)(cmd)

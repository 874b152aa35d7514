"""Render check reports: terminal (Rich), JSON, a self-contained HTML page, and XLSX."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from rich.console import Console
from rich.markup import escape

from yusuan.check.findings import (
    SEVERITY_ZH,
    CheckReport,
    DocumentReport,
    Finding,
)
from yusuan.check.locate import locations_in_words
from yusuan.check.order import ordered, sections
from yusuan.check.registry import REGISTRY

if TYPE_CHECKING:
    from yusuan.check.excerpts import Excerpt

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_ZH = {
    "passed": "通过",
    "failed": "发现问题",
    "not_applicable": "不适用",
    "no_data": "缺少数据",
}


# A rule found this many times in a row is printed as one group under its count.
RUN = 3


def _print_finding(f: Finding, console: Console, indent: str = "  ", head: bool = True) -> None:
    style = _STYLE[f.severity]
    if head:
        console.print(
            f"{indent}[{style}]{SEVERITY_ZH[f.severity]} {f.code}[/{style}] {escape(f.message)}"
        )
    else:
        console.print(f"{indent}· {escape(f.message)}")
    pad = indent + "    "
    if f.arithmetic:
        console.print(
            f"{pad}算式 {escape(f.arithmetic)}"
            + (f"  [dim](容差 ±{f.tolerance})[/dim]" if f.tolerance else "")
        )
    if f.diagnosis:
        console.print(f"{pad}[magenta]诊断[/magenta] {escape(f.diagnosis)}")
    where = locations_in_words(f.locations, limit=3)
    if where:
        console.print(f"{pad}[dim]位置 {escape('；'.join(where))}[/dim]")
    if f.suggestion and head:
        console.print(f"{pad}[dim]建议 {escape(f.suggestion)}[/dim]")


def print_terminal(report: CheckReport, console: Console) -> None:
    for doc in report.documents:
        title = f"{doc.unit or '（未识别单位）'} {doc.year or ''}"
        console.rule(
            f"[bold]{escape(title)}[/bold]  [dim]{escape(doc.source.get('path', ''))}[/dim]"
        )
        if not doc.findings:
            console.print("[green]未发现问题[/green] / no findings")
        for section in sections(doc.findings):
            console.print(f"\n[bold]{escape(section.name)}[/bold]")
            for run in section.runs():
                if len(run) < RUN:
                    for f in run:
                        _print_finding(f, console)
                    continue
                f = run[0]
                style = _STYLE[f.severity]
                rule = REGISTRY.get(f.code)
                console.print(
                    f"  [{style}]{SEVERITY_ZH[f.severity]} {f.code}[/{style}] "
                    f"{escape(rule.title if rule else '')} [bold]× {len(run)}[/bold]"
                )
                if f.suggestion:
                    console.print(f"      [dim]建议 {escape(f.suggestion)}[/dim]")
                for g in run:
                    _print_finding(g, console, indent="    ", head=False)
        counts = {s: 0 for s in STATUS_ZH}
        for c in doc.coverage:
            counts[c.status] += 1
        console.print(
            f"\n错误 {doc.count('error')} · 警告 {doc.count('warning')} · 提示 {doc.count('info')}"
            f"   [dim]规则：{counts['passed']} 通过，{counts['failed']} 发现问题，"
            f"{counts['not_applicable']} 不适用，{counts['no_data']} 缺少数据[/dim]"
        )


def to_json(report: CheckReport) -> str:
    return report.model_dump_json(indent=2, exclude_none=True)


def to_html(
    report: CheckReport, excerpts: Sequence[Sequence[Sequence[Excerpt]] | None] | None = None
) -> str:
    """The report as one self-contained page. ``excerpts`` gives, per document and per finding
    (in ``doc.findings`` order), the source lines to quote (:mod:`yusuan.check.excerpts`),
    computed by the caller from what it read; without them findings are located in words. No
    file is read here: a report's paths are never trusted."""
    env = Environment(
        loader=PackageLoader("yusuan.check", "templates"), autoescape=select_autoescape()
    )
    docs = []
    for n, doc in enumerate(report.documents):
        given = excerpts[n] if excerpts is not None and n < len(excerpts) else None
        shown = {id(f): ex for f, ex in zip(doc.findings, given or (), strict=False)}
        groups = []
        for section in sections(doc.findings):
            items = [
                {
                    "f": f,
                    "excerpts": shown.get(id(f), []),
                    "where": locations_in_words(f.locations),
                }
                for f in section.findings
            ]
            groups.append((section.name, items))
        docs.append({"doc": doc, "groups": groups})
    return env.get_template("report.html").render(
        docs=docs, severity_zh=SEVERITY_ZH, rules=REGISTRY, status_zh=STATUS_ZH
    )


# What a spreadsheet runs as a formula when a cell starts with it (names in reports and exports
# come from documents and anonymous uploaders).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")


def runs(v: object) -> bool:
    """Whether a spreadsheet could take ``v`` for a formula (a plain number it cannot)."""
    return isinstance(v, str) and v.startswith(FORMULA_START) and not _NUMBER.fullmatch(v)


def text_cells(ws: Any, values: Sequence[object]) -> list[object]:
    """A row for ``ws.append`` (any worksheet, write-only too) with every string that could run
    as a formula written as a text cell."""
    from openpyxl.cell.cell import WriteOnlyCell

    out: list[object] = []
    for v in values:
        if isinstance(v, str) and v.startswith(FORMULA_START):
            cell = WriteOnlyCell(ws, value=v)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(v)
    return out


def to_xlsx(report: CheckReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet
    ws.title = "检查结果"
    header = [
        "文件",
        "单位",
        "年度",
        "编码",
        "级别",
        "规则",
        "问题",
        "位置",
        "算式",
        "诊断",
        "建议",
    ]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="9E1B1B")
    for doc in report.documents:
        for f in ordered(doc.findings):
            rule = REGISTRY.get(f.code)
            ws.append(
                text_cells(
                    ws,
                    [
                        doc.source.get("path", ""),
                        doc.unit or "",
                        doc.year or "",
                        f.code,
                        SEVERITY_ZH[f.severity],
                        rule.title if rule else "",
                        f.message,
                        "；".join(locations_in_words(f.locations)),
                        f.arithmetic or "",
                        f.diagnosis or "",
                        f.suggestion or "",
                    ],
                )
            )
    widths = [28, 24, 6, 7, 6, 28, 48, 40, 40, 36, 36]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    cov = wb.create_sheet("规则覆盖")
    cov.append(["文件", "编码", "规则", "结果", "说明"])
    for doc in report.documents:
        for c in doc.coverage:
            rule = REGISTRY.get(c.code)
            cov.append(
                text_cells(
                    cov,
                    [
                        doc.source.get("path", ""),
                        c.code,
                        rule.title if rule else "",
                        STATUS_ZH[c.status],
                        c.detail or "",
                    ],
                )
            )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def summary_counts(docs: list[DocumentReport]) -> tuple[int, int, int]:
    return (
        sum(d.count("error") for d in docs),
        sum(d.count("warning") for d in docs),
        sum(d.count("info") for d in docs),
    )

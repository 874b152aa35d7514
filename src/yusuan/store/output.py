"""Query results and their four renderings: a terminal table, CSV, JSON and XLSX."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@dataclass
class Column:
    key: str
    label: str  # "中文 english"
    numeric: bool = False

    @property
    def zh(self) -> str:
        """The Chinese part of the label (CSV and XLSX headers, narrow terminals)."""
        return zh_label(self.label)


def zh_label(label: str) -> str:
    """ "支出合计（万元） total" → "支出合计（万元）"; a label with no Chinese stays whole."""
    words = [
        w for w in label.split() if any("\u3000" <= ch <= "\u9fff" or ch in "（）%" for ch in w)
    ]
    return " ".join(words) or label


@dataclass
class Result:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None  # printed under the terminal table
    # On a terminal too narrow for every column: the keys of those to leave out, in order.
    optional: list[str] = field(default_factory=list)

    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


def plain(v: Any) -> Any:
    """JSON-ready: Decimals as exact strings, never floats."""
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [plain(x) for x in v]
    return v


def cell_text(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, bool):
        return "是" if v else "否"
    return str(v)


def to_csv(r: Result) -> str:
    """CSV for a spreadsheet: a byte-order mark (Excel then reads UTF-8, not the local code
    page) and Chinese headers; decimals exact."""
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c.zh for c in r.columns])
    for row in r.rows:
        w.writerow([_csv_cell(row.get(k)) for k in r.keys()])
    return buf.getvalue()


def _csv_cell(v: Any) -> str:
    """A CSV field; text a spreadsheet would run as a formula is quoted with ' (shown as is)."""
    from yusuan.check.report import runs

    if v is None:
        return ""
    return "'" + v if runs(v) else cell_text(v)


def to_json(r: Result) -> str:
    return json.dumps(
        [{k: plain(row.get(k)) for k in r.keys()} for row in r.rows], ensure_ascii=False, indent=2
    )


def to_xlsx(r: Result) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    from yusuan.check.report import text_cells

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(r.title[:31] or "yusuan")
    ws.append([c.zh for c in r.columns])
    for row in r.rows:
        out = []
        for c in r.columns:
            v = row.get(c.key)
            if isinstance(v, Decimal):
                v = float(v)  # a spreadsheet wants numbers; the exact text is in CSV/JSON
            elif isinstance(v, dict | list):
                v = json.dumps(plain(v), ensure_ascii=False)
            elif isinstance(v, datetime):
                v = v.replace(tzinfo=None)
            out.append(v)
        ws.append(text_cells(ws, out))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def terminal_text(v: Any) -> str:
    """A cell on the terminal: amounts with thousands separators, as many decimals as stored."""
    if isinstance(v, Decimal):
        return f"{v:,f}"
    return cell_text(v)


def print_table(r: Result, console: Console) -> None:
    """The result as a table that fits the terminal: Chinese headers, numbers never broken,
    the ``optional`` columns left out (in order) while it is too wide, long text folded."""
    from rich import box
    from rich.cells import cell_len

    def build(columns: list[Column]) -> Table:
        t = Table(title=r.title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        for c in columns:
            if c.numeric:
                t.add_column(c.zh, justify="right", no_wrap=True)
            else:
                t.add_column(c.zh, overflow="fold", min_width=8, ratio=1)
        for row in texts:
            t.add_row(*(row[c.key] for c in columns))
        return t

    def needed(c: Column) -> int:
        """Cells the column wants: numbers whole, text up to 16 (folded beyond)."""
        widest = max([cell_len(c.zh), *(cell_len(row[c.key]) for row in texts)])
        return 2 + (widest if c.numeric else min(widest, 16))

    texts = [{c.key: terminal_text(row.get(c.key)) for c in r.columns} for row in r.rows]
    columns = list(r.columns)
    for key in r.optional:
        if sum(map(needed, columns)) <= console.width:
            break
        columns = [c for c in columns if c.key != key]
    t = build(columns)
    console.print(t)
    if r.note:
        console.print(r.note)


def emit(
    r: Result, fmt: Format, output: Path | None, out: Console, err: Console, default_name: str
) -> None:
    """Write ``r`` to ``output`` (or stdout); XLSX always goes to a file."""
    if fmt is Format.xlsx:
        target = output or Path(f"{default_name}.xlsx")
        target.write_bytes(to_xlsx(r))
        err.print(f"已写入 wrote {target}")
        return
    if fmt is Format.table:
        if output:
            with output.open("w", encoding="utf-8") as f:
                print_table(r, Console(file=f, width=200))
            err.print(f"已写入 wrote {output}")
        else:
            print_table(r, out)
        return
    text = to_csv(r) if fmt is Format.csv else to_json(r) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"已写入 wrote {output}")
    else:
        import sys

        sys.stdout.write(text)

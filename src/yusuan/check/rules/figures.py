"""Named quantities read off the standard tables, whatever their layout."""

from __future__ import annotations

from yusuan.check.context import Context
from yusuan.model import TableModel, TableRow


def _side(t: TableModel, word: str) -> str | None:
    return next((s for s in dict.fromkeys(r.side for r in t.rows) if s and word in s), None)


def total_cell(ctx: Context, kind: str, *columns: str) -> tuple[TableModel, TableRow, str] | None:
    """The total row's cell in the first column named like ``columns`` (default: the total)."""
    t = ctx.table(kind)
    if t is None:
        return None
    row = t.total_row()
    if row is None:
        return None
    col = t.column(*columns) if columns else t.total_column()
    if col is None or row.values.get(col) is None:
        return None
    return t, row, col


def summary_line(
    ctx: Context, kind: str, side_word: str, names: tuple[str, ...], *columns: str
) -> tuple[TableModel, TableRow, str] | None:
    """A named line of a two-sided table (收支总表, 财政拨款收支总表)."""
    t = ctx.table(kind)
    if t is None:
        return None
    side = _side(t, side_word)
    if side is None:
        return None
    row = t.row(*names, side=side)
    if row is None:
        return None
    col = (t.column(*columns, side=side) if columns else t.total_column(side=side)) or next(
        (c for c in t.columns if c.startswith(side)), None
    )
    if col is None or row.values.get(col) is None:
        return None
    return t, row, col


def income_line(ctx: Context, kind: str, word: str) -> tuple[TableModel, TableRow, str] | None:
    """The income-side line of a two-sided table whose name contains ``word``."""
    t = ctx.table(kind)
    if t is None:
        return None
    side = next((s for s in dict.fromkeys(r.side for r in t.rows) if s and "收" in s), None)
    col = t.total_column(side=side) if side else None
    if side is None or col is None:
        return None
    for r in t.rows:
        if (
            r.side == side
            and r.name
            and word in r.name
            and "小计" not in r.name
            and r.values.get(col)
        ):
            return t, r, col
    return None

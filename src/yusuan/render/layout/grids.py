"""The grids of the standard tables: header rows that read back as the column paths, then one
printed line per row (both sides of a two-sided table on one line)."""

from __future__ import annotations

from dataclasses import dataclass

from yusuan.model import TableModel, TableRow
from yusuan.render.layout.blocks import Grid, GridCell, Rows, money, row
from yusuan.render.profile import Profile, TableSpec, table_specs

__all__ = ["header_grid", "standard_grid"]


def header_grid(paths: list[list[str]]) -> Rows:
    """Header rows that the reader flattens back to exactly ``paths`` ("本年收入/财政拨款收入").

    A parent label is printed once and merged over the columns it heads (the reader gives an
    empty upper cell the label on its left); a leaf above the last header row spans down; an
    empty path (a column the source printed without a label) stays blank.
    """
    depth = max([len(p) for p in paths] + [1])
    width = len(paths)
    rows: Rows = [
        [GridCell("", align="center", bold=True) for _ in range(width)] for _ in range(depth)
    ]
    for j, path in enumerate(paths):
        for level, label in enumerate(path):
            prev = paths[j - 1] if j > 0 else []
            shared = (
                level < len(path) - 1
                and len(prev) > level + 1
                and prev[: level + 1] == path[: level + 1]
            )
            if shared:
                _owner(rows[level], j - 1).colspan += 1
                rows[level][j] = None
                continue
            cell = rows[level][j]
            assert cell is not None  # spans reach right and down from earlier cells only
            cell.text = label
        if path and len(path) < depth:
            _span_down(rows, len(path) - 1, j, depth)
    return rows


def _owner(cells: list[GridCell | None], j: int) -> GridCell:
    """The cell that covers position ``j`` (itself, or a cell merged over it from the left)."""
    while j > 0 and cells[j] is None:
        j -= 1
    cell = cells[j]
    assert cell is not None  # the first cell of a row is never covered
    return cell


def _span_down(rows: Rows, r: int, c: int, depth: int) -> None:
    cell = rows[r][c]
    if cell is None or depth - r <= 1:
        return
    cell.rowspan = depth - r
    for k in range(r + 1, depth):
        rows[k][c] = None


@dataclass(slots=True)
class _Col:
    path: list[str]
    role: str  # code | code1..3 | cat | name | value | serial
    side: str | None = None
    key: str = ""


def _path(label: str) -> list[str]:
    return (
        [] if not label or (label.startswith("col") and label[3:].isdigit()) else label.split("/")
    )


def standard_grid(t: TableModel, p: Profile) -> Grid | None:
    """A standard table as printed: code and name columns, then the value columns."""
    spec = table_specs().get(t.kind)
    columns = list(t.columns) or (list(spec.columns) if spec else [])
    if not columns and not t.rows:
        return None
    sides = _sides(t, spec, columns)
    two_sided = len(sides) >= 2
    cols = _two_sided_cols(t, columns, sides) if two_sided else _cols(t, spec, columns, p)
    if p.serial:
        cols.insert(0, _Col(["序号"], "serial"))
    grid_rows = header_grid([c.path for c in cols])
    if p.serial:
        numbers: list[GridCell | None] = [GridCell("栏次", align="center", bold=True)]
        numbers += [GridCell(str(k), align="center", bold=True) for k in range(1, len(cols))]
        grid_rows.append(numbers)
    head = len(grid_rows)
    align = [_align(c) for c in cols]
    for k, texts in enumerate(_body_rows(t, cols, p, two_sided), 1):
        if p.serial:
            texts[0] = str(k)
        bold = any(("合计" in x or "总计" in x) for x in texts if x and not x[0].isdigit())
        grid_rows.append(row(texts, align, bold=bold))
    widths = [_width(c) for c in cols]
    return Grid(grid_rows, header_rows=head, role="standard", widths=widths)


def _sides(t: TableModel, spec: TableSpec | None, columns: list[str]) -> list[str]:
    """The sides of a two-sided table (收入 | 支出), from its rows or, empty, its spec."""
    sides = [s for s in dict.fromkeys(r.side for r in t.rows) if s]
    if not t.rows and spec is not None and spec.two_sided:
        sides = [c.split("/", 1)[0] for c in columns if "/" in c][:1]
        sides += [c.split("/", 1)[0] for c in columns if "/" in c and not c.startswith(sides[0])][
            :1
        ]
    return sides


def _two_sided_cols(t: TableModel, columns: list[str], sides: list[str]) -> list[_Col]:
    cols: list[_Col] = []
    left = sides[0]
    lvals: list[str] = []
    rest = list(columns)
    while rest and rest[0].split("/", 1)[0] == left:
        lvals.append(rest.pop(0))
    for side, vals in ((left, lvals), (sides[1], rest)):
        rows = [r for r in t.rows if (r.side == left) == (side == left)]
        if any(r.category for r in rows):
            cols.append(_Col([side, "类别"], "cat", side))
        cols.append(_Col([side, "项目"], "name", side))
        cols += [_Col(_path(c), "value", side, c) for c in vals]
    return cols


def _cols(t: TableModel, spec: TableSpec | None, columns: list[str], p: Profile) -> list[_Col]:
    cols: list[_Col] = []
    codes = [r.code for r in t.rows if r.code]
    coded = bool(codes) or (not t.rows and spec is not None and spec.coded)
    if coded and p.code_style == "split":
        longest = max((len(c) for c in codes), default=5 if spec and spec.economic else 7)
        parts = ["类", "款", "项"][: 2 if longest <= 5 else 3]
        cols += [_Col(["科目编码", x], f"code{i + 1}") for i, x in enumerate(parts)]
    elif coded:
        cols.append(_Col(["科目编码"], "code"))
    if any(r.category for r in t.rows):
        cols.append(_Col(["类别"], "cat"))
    cols.append(_Col(["科目名称" if coded else "项目"], "name"))
    cols += [_Col(_path(c), "value", None, c) for c in columns]
    return cols


def _align(c: _Col) -> str:
    if c.role == "value":
        return "right"
    if c.role.startswith("code") or c.role == "serial":
        return "center"
    return "left"


def _width(c: _Col) -> float:
    if (c.role.startswith("code") and c.role != "code") or c.role == "serial":
        return 0.45
    return {"code": 1.0, "name": 2.4, "cat": 1.2}.get(c.role, 1.0)


_Line = list[TableRow | None]


def _body_rows(t: TableModel, cols: list[_Col], p: Profile, two_sided: bool) -> list[list[str]]:
    lines: list[_Line] = _lines(t, cols) if two_sided else [[r] for r in t.rows]
    sides = [c.side for c in cols if c.side is not None]
    with_category = {c.side for c in cols if c.role == "cat"}
    running: dict[str | None, str | None] = {}  # the group label in force, per side
    out: list[list[str]] = []
    for line in lines:
        texts: list[str] = []
        for c in cols:
            r = line[0] if not two_sided else line[0 if c.side == sides[0] else 1]
            if c.role == "serial" or r is None:
                texts.append("")
            elif c.role == "cat":
                texts.append(_category(r, running, c.side))
            elif c.role == "name":
                texts.append("" if c.side in with_category and r.category is None else r.name or "")
            else:
                texts.append(_text(c, r, p))
        out.append(texts)
    return out


def _category(r: TableRow, running: dict[str | None, str | None], side: str | None) -> str:
    """The group label cell: the reader fills a group label down and drops it where it equals
    the name, so it is printed where it changes."""
    if r.category is None:
        running[side] = r.name or running.get(side)
        return r.name or ""
    text = r.category if r.category != running.get(side) else ""
    running[side] = r.category
    return text


def _text(c: _Col, r: TableRow, p: Profile) -> str:
    """A code or value cell."""
    if c.role == "code":
        return r.code or ""
    if c.role.startswith("code"):  # 类, 款, 项 of a split code
        i = int(c.role[4]) - 1
        return (r.code or "")[[0, 3, 5][i] : [3, 5, 7][i]]
    return money(p, r.values.get(c.key))


def _lines(t: TableModel, cols: list[_Col]) -> list[_Line]:
    """Both sides of a two-sided table, a row of each side per printed line."""
    left = next(c.side for c in cols if c.side is not None)
    lrows = [r for r in t.rows if r.side == left]
    rrows = [r for r in t.rows if r.side != left]
    if all(r.source for r in t.rows):
        return _by_source(lrows, rrows)
    # From a workbook: pair by position.
    return [
        [lrows[k] if k < len(lrows) else None, rrows[k] if k < len(rrows) else None]
        for k in range(max(len(lrows), len(rrows)))
    ]


def _by_source(lrows: list[TableRow], rrows: list[TableRow]) -> list[_Line]:
    """Rows read from one printed line share its source: merge the two sides on it."""
    lines: list[_Line] = []
    where = {r.source: k for k, r in enumerate(rrows)}
    i = j = 0
    while i < len(lrows) or j < len(rrows):
        if i < len(lrows) and j < len(rrows) and lrows[i].source == rrows[j].source:
            lines.append([lrows[i], rrows[j]])
            i, j = i + 1, j + 1
        elif i < len(lrows) and (j >= len(rrows) or where.get(lrows[i].source, -1) < j):
            lines.append([lrows[i], None])
            i += 1
        else:
            lines.append([None, rrows[j]])
            j += 1
    return lines

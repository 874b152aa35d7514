"""Standard budget tables: find them by title, join page splits, flatten headers, read rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yusuan.blocks import Cell, Paragraph, Table
from yusuan.extract.codes import join_code_parts, normalise_code
from yusuan.extract.numbers import normalise_digits, parse_number, to_wan
from yusuan.extract.sections import Section
from yusuan.model import Amount, Source, TableModel, TableRow
from yusuan.vocab import BUDGET_TABLES, EMPTY_TABLE_NOTE, FINAL_TABLES
from yusuan.vocab.text import money_unit, norm_label, squash

_TITLE_END = re.compile(r"表(?:[(（][^)）]*[)）])?$")
_NOTE = re.compile(r"^(注|说明)[:：]")
_META = re.compile(r"(单位[:：]|预算年度|截止时间|编制部门|编制单位|金额单位)")
_CODE_NAME = re.compile(r"^\d{3,}\s*[\u4e00-\u9fff（(]")  # "122001 唐山市…", not "15897.44"
_SKIP_LABELS = ("序号", "栏次", "行次", "代码")
_ROW_LABEL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[.、．]|\d{3,}|(?:本年|当年)?(?:收入|支出)?[合总小]计)"
)
_TOTAL = re.compile(r"^(?:本年|当年)?(?:收入|支出)?[合总小]计$")
# Tables whose sides are income and expenditure (two-sided when printed side by side).
_INCOME_EXPENDITURE = frozenset(
    {
        "income_expenditure_summary",
        "fiscal_summary",
        "final_income_expenditure_summary",
        "final_fiscal_summary",
    }
)
_CODE_PREFIX = re.compile(r"^(\d{3,7})\s*(.+)$")


def title_kind(text: str) -> str | None:
    """The standard table kind a title names, ``"other"`` for any other table title, else None."""
    if "表" not in text:  # every title ends in 表
        return None
    t = norm_label(text)
    if len(t) > 60 or not _TITLE_END.search(t) or _NOTE.match(t) or len(t) < 5:
        return None
    for family in FINAL_TABLES if "决算" in t else BUDGET_TABLES:
        if family.matches(t):
            return family.kind
    return "other"


@dataclass(slots=True)
class _Pending:
    kind: str
    title: Paragraph
    parts: list[Table] = field(default_factory=list)
    note: str | None = None
    money_unit: str | None = None  # the table's own "单位：元" overrides the document's
    meta: bool = False  # header lines ("单位：万元", "编制部门：…") follow the title


def _unit_in(texts: list[str]) -> str | None:
    return next((u for u in map(money_unit, texts) if u is not None), None)


def _title_row(table: Table) -> tuple[str, Paragraph] | None:
    """A title printed as the table's first row ("2024年部门收支总表" alone in a merged cell)."""
    if not table.rows:
        return None
    cells = [c for c in table.rows[0] if c.text.strip()]
    if len(cells) != 1:
        return None
    kind = title_kind(cells[0].text)
    if kind is None or kind == "other":
        return None
    return kind, Paragraph(cells[0].text.strip(), cells[0].source)


_EMPTY = re.compile(EMPTY_TABLE_NOTE)


def extract_tables(
    sections: list[Section], money_unit: str | None, claims: dict[int, str] | None = None
) -> tuple[list[TableModel], list[Table]]:
    """The standard tables, and the Table blocks they were read from.

    A title with no table under it is kept (as an empty table) when a note says so (空表,
    本表无数据) or when it is followed by a table's own header lines ("单位：万元"); otherwise it is
    a cross-reference or a contents line, not a table.
    """
    reader = _TableReader(money_unit, claims)
    for section in sections:
        if section.key == "toc":
            continue
        if section.heading is not None:
            reader.finish()
        previous: Paragraph | None = None  # a title may wrap onto a second line
        for block in section.blocks:
            if isinstance(block, Paragraph):
                previous = reader.paragraph(block, previous, section.key)
            else:
                previous = None
                reader.table(block)
    reader.finish()
    return reader.found, reader.used


class _TableReader:
    """The standard tables of a document, read block by block: a title opens a table, the
    Table blocks after it are its parts."""

    def __init__(self, money_unit: str | None, claims: dict[int, str] | None) -> None:
        self.money_unit = money_unit
        self.claims = claims  # for `yusuan inspect`: which table each block became
        self.found: list[TableModel] = []
        self.used: list[Table] = []
        self.current: _Pending | None = None

    def finish(self) -> None:
        """Close the open table (kept when it has parts, header lines or an empty note)."""
        current, self.current = self.current, None
        if current is None or current.kind == "other":
            return
        if (
            not current.parts
            and not current.meta
            and not (current.note and _EMPTY.search(squash(current.note)))
        ):
            return
        self.found.append(_build(current, current.money_unit or self.money_unit))
        self.used.extend(current.parts)
        if self.claims is not None:
            n = len(self.found) - 1
            self.claims.update((id(part), f"tables[{n}]") for part in current.parts)

    def paragraph(
        self, block: Paragraph, previous: Paragraph | None, section: str
    ) -> Paragraph | None:
        """Read a paragraph: a title, or a line under one; the paragraph a title may continue."""
        kind = title_kind(block.text)
        if kind is None and previous is not None:
            joined = Paragraph(previous.text.strip() + block.text.strip(), previous.source)
            kind = title_kind(joined.text)
            if kind in (None, "other"):
                kind = None
            else:
                block = joined
        if kind == "procurement" and section == "procurement":
            kind = "other"  # the procurement section's own table: extract.procurement's
        if kind is not None:
            self._title(kind, block)
            return None
        if block.heading_level is not None:
            self.finish()
        elif self.current is not None:
            self._note(self.current, block)
        return block if len(squash(block.text)) < 40 else None

    def _title(self, kind: str, block: Paragraph) -> None:
        current = self.current
        if (
            current is not None
            and current.parts
            and current.kind == kind
            and squash(current.title.text) == squash(block.text)
        ):
            return  # the title printed again over its next page
        self.finish()
        self.current = _Pending(kind, block)

    @staticmethod
    def _note(current: _Pending, block: Paragraph) -> None:
        """A line between a title and its table: an empty note, a 注 line, the money unit."""
        text = squash(block.text)
        if not current.parts and _EMPTY.search(text):
            current.note = current.note or block.text.strip()
        elif _NOTE.match(text):
            current.note = block.text.strip()
        elif not current.parts:
            current.money_unit = current.money_unit or _unit_in([block.text])
            current.meta = current.meta or bool(_META.search(text))

    def table(self, block: Table) -> None:
        inline = _title_row(block)
        if inline is not None:
            self.finish()
            self.current = _Pending(inline[0], inline[1])
            self.used.append(block)  # the original block, read without its title row
            if self.claims is not None:
                self.claims[id(block)] = f"tables[{len(self.found)}]"
            block = Table(block.rows[1:], block.source)
        current = self.current
        if current is not None:
            if not current.parts:
                current.money_unit = current.money_unit or _unit_in(
                    [c.text for r in block.rows[:3] for c in r]
                )
            current.parts.append(block)


def _is_numbering(row: list[Cell]) -> bool:
    cells = [c.text for c in row if c.text.strip()]
    if len(cells) < 2:
        return False
    if squash(cells[0]) in ("栏次", "行次"):
        return True
    return all(_is_serial(squash(c)) for c in cells)  # stops at the first label, cheaply


def _is_serial(cell: str) -> bool:
    return cell.strip("*") == "" or (cell.isdigit() and len(cell) <= 2)


def _is_data(row: list[Cell]) -> bool:
    return any(parse_number(c.text) is not None for c in row)


def _is_meta(row: list[Cell]) -> bool:
    cells = [c.text for c in row if c.text.strip()]
    return bool(cells) and all(_META.search(c) or _CODE_NAME.match(squash(c)) for c in cells)


def _is_row_label(row: list[Cell]) -> bool:
    """A row labelled in its first columns, its value cells blank ("合计", "205 教育支出");
    a header row names most of its columns ("合 计 | 一般公共预算 | 政府性基金 …")."""
    filled = [j for j, c in enumerate(row) if c.text.strip()]
    if not filled or filled[0] > 1 or len(filled) > max(2, len(row) // 2):
        return False
    # Beyond the name column, only another side's label ("一、… | | 一、…支出"): a header
    # row names its columns there ("合计 | | 因公出国（境）费 | …").
    return all(
        (j <= 1 and k == 0) or _ROW_LABEL.match(squash(row[j].text)) for k, j in enumerate(filled)
    ) and bool(_ROW_LABEL.match(squash(row[filled[0]].text)))


def _split(table: Table) -> tuple[list[list[Cell]], list[list[Cell]]]:
    """Header rows and data rows. Data start at the first row with an amount; in a table with
    none (an 空表, a blank template) at the first row labelled like a data row (一、…, a code,
    合计)."""
    rows = [r for r in table.rows if not _is_numbering(r) and not _is_meta(r)]
    start = next((i for i, row in enumerate(rows) if _is_data(row)), None)
    if start is None:
        start = next((i for i, row in enumerate(rows) if _is_row_label(row)), len(rows))
    elif start > 0 and _is_row_label(rows[start - 1]) and _is_total_row(rows[start - 1]):
        start -= 1  # a 合计 line with its amounts left blank, above the first amounts
    return rows[:start], rows[start:]


def _is_total_row(row: list[Cell]) -> bool:
    first = next((squash(c.text) for c in row if c.text.strip()), "")
    return bool(_TOTAL.match(first))


def _is_total(name: str | None) -> bool:
    return name is None or bool(_TOTAL.match(squash(name)))


def flatten_header(header: list[list[Cell]], width: int) -> list[str]:
    """Multi-row headers → one path per column ("收入/本年收入/财政拨款收入").

    Exports leave a horizontally merged parent in its first column only; an empty upper cell
    above a labelled lower cell takes the label on its left.
    """
    grid = [
        [t if (t := squash(c.text)).strip("*") else "" for c in row] + [""] * (width - len(row))
        for row in header
    ]
    paths: list[list[str]] = [[] for _ in range(width)]
    for r, row in enumerate(grid):
        left = ""
        for j in range(width):
            label = row[j]
            below = any(grid[k][j] for k in range(r + 1, len(grid)))
            if label:
                left = label
                paths[j].append(label)
            elif left and below:
                paths[j].append(left)
            # An empty column under a merged parent (an unlabelled sub-column) keeps the parent
            # open for the labelled columns to its right.
    return ["/".join(dict.fromkeys(p)) for p in paths]


def _is_name_label(label: str) -> bool:
    last = label.rsplit("/", 1)[-1]
    return last in ("项目", "科目") or "名称" in last


def _is_code_label(label: str) -> bool:
    last = label.rsplit("/", 1)[-1]
    return "编码" in last or "科目代码" in last or last in ("类", "款", "项")


def _column_types(data: list[list[Cell]], width: int) -> list[str]:
    num = [0] * width
    text = [0] * width
    for row in data:  # row by row: each cell is visited once, in memory order
        for j, cell in enumerate(row[:width]):
            if cell.text.strip():
                if parse_number(cell.text) is not None:
                    num[j] += 1
                else:
                    text[j] += 1
    return ["text" if t > n else "number" if n else "empty" for n, t in zip(num, text, strict=True)]


def _align(columns: list[str], types: list[str]) -> list[str]:
    """Shift labels right where a merged name header spans two text columns of the data.

    ("项目" over 一般公共预算收入 | 财政拨款 leaves every later label one column to the left.)
    """
    cols = list(columns)
    for j in range(1, len(types)):
        if (
            j < len(cols)
            and types[j] == "text"
            and types[j - 1] == "text"
            and _is_name_label(cols[j - 1])
            and not _is_name_label(cols[j])
            and not _is_code_label(cols[j])
        ):
            cols = [*cols[:j], cols[j - 1], *cols[j:]]
            if cols[-1] == "" and len(cols) > len(types):
                cols.pop()
    return cols


def _side_names(
    columns: list[str], roles: list[str], groups: list[list[int]], income_expenditure: bool
) -> list[str] | None:
    """Side labels of a two-sided table: its top header ("收入"/"支出"), else by position."""
    if len(groups) < 2:
        return None
    names = []
    for cols in groups:
        first = next((columns[j] for j in cols if roles[j] == "name"), "")
        names.append(first.split("/", 1)[0] if "/" in first else "")
    if len(set(names)) == len(names) and all(names):
        return names
    if not income_expenditure:  # "301 工资福利支出 | 302 商品和服务支出": columns of one list
        return [f"第{i + 1}栏" for i in range(len(groups))]
    # "项目 预算数 | 项目 预算数": income is printed on the left by convention.
    return (["收入", "支出"] + [f"第{i + 3}栏" for i in range(len(groups) - 2)])[: len(groups)]


def _column_key(label: str, j: int, side: str | None) -> str:
    key = label or f"col{j + 1}"
    if side and not key.startswith(side):
        key = f"{side}/{key}"
    return key


def _build(p: _Pending, money_unit: str | None) -> TableModel:
    header: list[list[Cell]] = []
    data: list[list[Cell]] = []
    for part in p.parts:
        h, d = _split(part)
        if not header:
            header = h
        data.extend(d)
    width = max((len(r) for r in header + data), default=0)
    columns = flatten_header(header, width)
    types = _column_types(data, width)
    columns = _align(columns, types)
    types += ["empty"] * (len(columns) - len(types))
    roles = _roles(columns, types)
    groups = _groups(roles)
    side_names = _side_names(columns, roles, groups, p.kind in _INCOME_EXPENDITURE)
    rows: list[TableRow] = []
    notes: list[str] = []
    for g, cols in enumerate(groups):
        side = side_names[g] if side_names else None
        group = _Group(
            names=[j for j in cols if roles[j] == "name"],
            codes=[j for j in cols if roles[j] == "code"],
            values=[(_column_key(columns[j], j, side), j) for j in cols if roles[j] == "value"],
            side=side,
        )
        rows += _group_rows(group, data, len(columns), money_unit, notes)
    value_columns = [
        _column_key(columns[j], j, side_names[g] if side_names else None)
        for g, cols in enumerate(groups)
        for j in cols
        if roles[j] == "value"
    ]
    note = p.note or (notes[0] if notes else None)
    return TableModel(
        kind=p.kind,  # type: ignore[arg-type]
        title=p.title.text.strip(),
        columns=value_columns,
        rows=rows,
        # No amount anywhere and nothing but total lines: published empty (a blank template
        # that lists its rows is a form, not an 空表).
        empty=not any(v is not None for r in rows for v in r.values.values())
        and all(_is_total(r.name) for r in rows),
        note=note,
        source=Source(str(p.title.source)),
        money_unit=money_unit,
    )


def _roles(columns: list[str], types: list[str]) -> list[str]:
    """Each column's role: code, name, value, or skip (serials, units, remarks)."""
    roles = []
    for j, label in enumerate(columns):
        last = label.rsplit("/", 1)[-1]
        if _is_code_label(label):  # before the skip words: "功能科目代码" is a code, "单位代码" not
            roles.append("code")
        elif any(s in last for s in _SKIP_LABELS):
            roles.append("skip")
        elif types[j] == "text" or (types[j] == "empty" and _is_name_label(label)):
            roles.append("name")
        else:
            roles.append("value")
    # Numbers left of the first name column are unit codes or serials, not amounts.
    first_name = next((j for j, r in enumerate(roles) if r == "name"), None)
    if first_name is not None:
        roles = ["skip" if r == "value" and j < first_name else r for j, r in enumerate(roles)]
    return roles


def _groups(roles: list[str]) -> list[list[int]]:
    """Two-sided tables (收入 | 支出, or 301… | 302… in a 决算's 基本支出表) repeat their label
    columns: each run of code and name columns after amounts starts a group."""
    groups: list[list[int]] = []
    labels = ("name", "code")
    for j, role in enumerate(roles):
        if role in labels and (j == 0 or roles[j - 1] not in labels):
            if not groups or any(roles[k] == "value" for k in groups[-1]):
                groups.append([])
        if not groups:
            groups.append([])
        groups[-1].append(j)
    return groups


@dataclass(slots=True)
class _Group:
    """The columns of one side of a table."""

    names: list[int]
    codes: list[int]
    values: list[tuple[str, int]]  # (column key, index)
    side: str | None


def _group_rows(
    g: _Group, data: list[list[Cell]], width: int, money_unit: str | None, notes: list[str]
) -> list[TableRow]:
    """The rows of one side; an "此表为空" line printed inside the table goes to ``notes``."""
    rows: list[TableRow] = []
    category: str | None = None  # a merged group label, filled down (一般公共预算收入 …)
    for row in data:
        if not row:
            continue
        cells = row + [Cell("", row[-1].source)] * (width - len(row)) if len(row) < width else row
        names = [squash(cells[j].text) for j in g.names]
        if len(names) > 1 and names[0]:
            category = names[0]
        name, code = _label_of(cells, names, g.codes)
        values: dict[str, Amount | None] = {
            key: _amount(cells[j], money_unit) for key, j in g.values
        }
        blank = all(v is None for v in values.values())
        if name is None and code is None and blank:
            continue
        if code is None and name and _EMPTY.search(name) and blank:
            notes.append(name)
            continue
        rows.append(
            TableRow(
                code=code,
                name=name,
                category=category if len(names) > 1 and name != category else None,
                values=values,
                source=Source(str(cells[0].source)),
                side=g.side,
            )
        )
    return rows


def _label_of(
    cells: list[Cell], names: list[str], code_cols: list[int]
) -> tuple[str | None, str | None]:
    """A row's (name, code): the last name cell with text; the code from the code columns or
    printed in front of the name ("2010301 行政运行")."""
    name = next((n for n in reversed(names) if n), None)
    code = None
    if code_cols:
        code = join_code_parts([cells[j].text for j in code_cols])
        if name is None and code is None:
            # "合 计" merged over the code columns: the row's label, not a code
            name = next((t for j in code_cols if (t := squash(cells[j].text))), None)
        elif code is None and (printed := _misprinted_code(cells, code_cols)):
            # Digits where the code belongs that cannot be one ("2040"): kept in front of the
            # name as printed, so the row is not silently without its code (rule C002), and
            # never read again as some other, valid code.
            return (f"{printed} {name}" if name else printed), None
    if name and code is None:
        m = _CODE_PREFIX.match(name)
        if m and normalise_code(m.group(1)):
            code, name = m.group(1), m.group(2)
    return name, code


def _misprinted_code(cells: list[Cell], code_cols: list[int]) -> str | None:
    """The digits printed in the code columns, as printed ("2040 2"), when they make no valid
    code (3–9 digits in all)."""
    parts = [normalise_digits(cells[j].text).strip() for j in code_cols]
    parts = [p for p in parts if p]
    digits = "".join(parts)
    return " ".join(parts) if digits.isdigit() and 3 <= len(digits) <= 9 else None


def _amount(cell: Cell, money_unit: str | None) -> Amount | None:
    v = parse_number(cell.text)
    if v is None:
        return None
    return Amount(
        value=to_wan(v, money_unit), raw=cell.text.strip(), source=Source(str(cell.source))
    )

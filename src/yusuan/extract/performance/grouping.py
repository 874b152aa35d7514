"""Project groups: the tables (and the text between them) that print one project.

A title line "N、XXX绩效目标表" (or a 项目名称 cell) starts a project; the tables that follow and
continue it (a Henan header / 项目详细信息 / 项目绩效目标 triple, a table broken by a blank line or
by a cell that spilled out of it) are read as one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from yusuan.blocks import Block, Cell, Paragraph, Table
from yusuan.extract.performance.indicators import indicator_columns
from yusuan.extract.performance.text import continued, money_unit_in
from yusuan.extract.performance.titles import is_break, is_department, is_subheading, is_title
from yusuan.vocab.performance import GOAL_FIELDS, MAX_LABEL, PROJECT_FIELDS, label, title_match

__all__ = ["Group", "group_projects"]

# Features of a table that a project has once; seeing one again starts the next project.
_SINGLE = ("name", "goal", "plan", "indicators")


@dataclass(slots=True)
class Group:
    """The tables of one project, their rows joined."""

    title: Paragraph | None
    unit: str | None  # money unit in force
    tables: list[Table] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    features: set[str] = field(default_factory=set)
    headers: dict[int, dict[str, int]] = field(default_factory=dict)  # id(row) → columns
    indicator_width: int = 0


def _features(table: Table) -> tuple[set[str], dict[int, dict[str, int]]]:
    """What a table holds (name, goal, plan, indicators …) and its indicator header rows."""
    feats: set[str] = set()
    headers: dict[int, dict[str, int]] = {}
    if table.rows and any(title_match(c.text) for c in table.rows[0]):
        feats.add("name")  # the title printed as the table's first row
    found: set[str | None] = set()
    for row in table.rows:
        for cell in row[:4]:  # _indicator_columns's own first test, without a call per row
            if "级" in cell.text:
                cols = indicator_columns(row)
                if cols is not None:
                    feats.add("indicators")
                    headers[id(row)] = cols
                break
        else:
            cols = None
        if cols is not None or headers:
            continue  # indicator rows carry no project labels
        found.update([_cell_feature(cell.text) for cell in row])
    found.discard(None)
    feats.update(found)  # type: ignore[arg-type]
    return feats, headers


@lru_cache(maxsize=8192)
def _cell_feature(text: str) -> str | None:
    """The feature a label cell shows (see ``_features``); None for other cells."""
    t = label(text)
    if not t or len(t) > MAX_LABEL:
        return None
    f = PROJECT_FIELDS.get(t)
    if f is not None:
        return "goal" if f in GOAL_FIELDS else f
    if "支出计划" in t:
        return "plan"
    if t in _NARRATIVE:
        return "details"
    return None


_NARRATIVE = frozenset(
    {
        "项目概况",
        "项目简介",
        "项目内容",
        "立项依据",
        "项目设立的必要性",
        "项目立项的必要性",
        "项目配套制度措施",
        "项目实施计划",
        "实施计划",
        "主要内容",
        "备注",
    }
)
_PROJECT_FEATURES = frozenset(
    {"name", "code", "goal", "plan", "indicators", "details", "budget", "total", "purpose"}
)


def group_projects(blocks: list[Block]) -> tuple[list[Group], list[Table]]:
    """Project groups in document order, and the department-level tables."""
    groups: list[Group] = []
    departments: list[Table] = []
    unit: str | None = None
    title: Paragraph | None = None
    current: Group | None = None
    pending: list[Paragraph] = []  # text between two tables of the open group
    for block in blocks:
        if isinstance(block, Paragraph):
            unit = money_unit_in([block.text]) or unit
            if is_title(block):
                title, current, pending = block, None, []
            elif is_break(block):
                title, current, pending = None, None, []
            elif current is not None and not is_subheading(block):
                pending.append(block)
            continue
        table = block
        unit = money_unit_in([c.text for r in table.rows[:3] for c in r]) or unit
        if is_department(table):
            departments.append(table)
            title, current, pending = None, None, []
            continue
        feats, headers = _features(table)
        if not feats & _PROJECT_FEATURES:
            if (
                current is not None
                and not pending
                and "indicators" in current.features
                and max((len(r) for r in table.rows), default=0) <= current.indicator_width
            ):
                _extend(current, table, [], headers)  # rows carried over from the page before
            else:
                title, current, pending = None, None, []
            continue
        if current is None or _starts_project(current, title, feats):
            current = Group(title, unit)
            groups.append(current)
            title, pending = None, []
        _extend(current, table, pending, headers)
        current.features |= feats
        pending = []
    return groups, departments


def _starts_project(current: Group, title: Paragraph | None, feats: set[str]) -> bool:
    """A table with a title of its own, or a feature the open project has already, starts the
    next project."""
    return (
        title is not None
        or bool(feats & current.features & set(_SINGLE))
        or ("name" in feats and "name" in current.features)
    )


def _extend(
    group: Group, table: Table, pending: list[Paragraph], headers: dict[int, dict[str, int]]
) -> None:
    """Add a table's rows; paragraphs in between continue the last cell that was cut off."""
    if pending and group.rows:
        last = next((c for c in reversed(group.rows[-1]) if c.text.strip()), None)
        if last is not None:
            text = last.text
            for p in pending:
                text = continued(text, p.text.strip())
            old, group.rows[-1] = (
                group.rows[-1],
                [Cell(text, c.source) if c is last else c for c in group.rows[-1]],
            )
            if id(old) in group.headers:
                group.headers[id(group.rows[-1])] = group.headers[id(old)]
    group.tables.append(table)
    group.rows.extend(table.rows)
    if headers:
        group.headers.update(headers)
        for row in table.rows:
            if id(row) in headers:
                group.indicator_width = max(group.indicator_width, len(row))


# --- reading one project ---------------------------------------------------------------------

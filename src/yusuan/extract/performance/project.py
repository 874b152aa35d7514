"""One project from its group of tables: label cells read pairwise, then the indicator block.

Label cells (项目编码, 预算数, 资金用途, 资金支出计划, 项目概况 …) are read pairwise with the cell
after them; a label we do not know keeps its text in ``details``; text with no label of its own
belongs to the row label above it (a merged label cell). The indicator block starts at the
一级/二级/三级指标 header row.
"""

from __future__ import annotations

import re

from yusuan.blocks import Cell
from yusuan.extract.numbers import parse_number, to_wan
from yusuan.extract.performance.grouping import Group
from yusuan.extract.performance.indicators import IndicatorReader, Values
from yusuan.extract.performance.plans import is_plan_label, plan_steps, read_plan_header
from yusuan.extract.performance.text import continued, is_rule_row, join, money_unit_in
from yusuan.model import Amount, Project, Source
from yusuan.model.disclosure import SpendingStep
from yusuan.vocab.performance import (
    GOAL_FIELDS,
    MAX_LABEL,
    MONEY_FIELDS,
    field_of,
    label,
    title_match,
    title_name,
)
from yusuan.vocab.text import money_unit, one_line, tidy

__all__ = ["money", "read_project"]

_LABEL_UNIT = re.compile(r"[(（](万元|元)[)）]")
_UNIT_HEAD = re.compile(r"^(?P<code>[0-9]{3,})\s*(?P<name>\D.*)$")


def money(cell: Cell, label: str, unit: str | None) -> Amount | None:
    """The amount in ``cell``, in the unit its label names ("预算数（元）"), else ``unit``."""
    value = parse_number(cell.text)
    if value is None:
        return None
    m = _LABEL_UNIT.search(label)
    return Amount(
        value=to_wan(value, m.group(1) if m else unit),
        raw=cell.text.strip(),
        source=Source(str(cell.source)),
    )


class _ProjectReader:
    """The label cells of one project's rows, read one row at a time."""

    def __init__(self, unit: str | None) -> None:
        self.unit = unit  # the money unit in force
        self.fields: dict[str, str] = {}  # Project field → text
        self.money: dict[str, Amount] = {}  # Project field → amount
        self.details: dict[str, str] = {}
        self.amounts: dict[str, Amount] = {}  # every money cell, by its label
        self.title_name: str | None = None  # the title printed inside the table
        self.plan: dict[int, str] = {}  # column → 3月底, from a 支出计划 header row
        self.steps: list[SpendingStep] = []
        self.row_label = ""

    def row(self, r: int, row: list[Cell], texts: list[str]) -> None:
        u = money_unit_in(texts)
        if u is not None:
            self.unit = u
            if r == 0:
                self._unit_head(texts)
            return
        if r == 0 and "name" not in self.fields:
            cell = next((c for c in row if title_match(c.text)), None)
            if cell is not None:  # the title printed inside the table
                self.title_name = title_name(cell.text)
                return
        if texts and texts[0]:
            self.row_label = texts[0]
            self.plan = {}
        free = self._labels(row, texts)
        if self.plan and not texts[0] and not any(is_plan_label(t) for t in texts):
            self.steps += plan_steps(self.plan, texts)  # the percentages under a plan header
            self.plan = {}
            return
        if free:
            self._free_text(join([tidy(t) for t in free]) or "")

    def _unit_head(self, texts: list[str]) -> None:
        """ "312001保定市公安局本级 | 单位：万元": the unit that carries the project."""
        head = next((one_line(t) for t in texts if t and money_unit(t) is None), "")
        m = _UNIT_HEAD.match(head)
        if m:
            self.fields.setdefault("unit_code", m.group("code"))
            self.fields.setdefault("unit", m.group("name").strip())
        elif head:
            self.fields.setdefault("unit", head)

    def _labels(self, row: list[Cell], texts: list[str]) -> list[str]:
        """Read the row's label/value pairs; the texts that are neither."""
        free: list[str] = []
        paired = False  # the row holds label/value pairs: "项目名称 | X | 主管部门 | Y"
        i = 0
        while i < len(row):
            t = texts[i]
            if not t:
                i += 1
                continue
            if "支出计划" in label(t):  # is_plan_label, inline: this runs for every cell
                self.plan, steps = read_plan_header(texts, i)
                self.steps = steps
                if steps:
                    self.plan = {}
                break
            f = field_of(t)
            if f is not None and (i + 1 >= len(row) or field_of(texts[i + 1]) is None):
                self._put(f, label(t), self.row_label + t, row[i + 1] if i + 1 < len(row) else None)
                paired = True
                i += 2
                continue
            if paired and i + 1 < len(row) and texts[i + 1] and len(label(t)) <= MAX_LABEL:
                self.details.setdefault(label(t), tidy(texts[i + 1]))  # a label we do not know
                i += 2
                continue
            if i > 0 or len(label(t)) > MAX_LABEL:  # else: the row's own label
                free.append(t)
            i += 1
        return free

    def _put(self, f: str, lab: str, printed: str, cell: Cell | None) -> None:
        if f in MONEY_FIELDS:
            a = money(cell, printed, self.unit) if cell is not None else None
            if a is not None:
                self.amounts.setdefault(lab, a)
                if f != "amount":
                    self.money.setdefault(f, a)
            return
        text = tidy(cell.text) if cell is not None else ""
        if not text:
            return
        if f in GOAL_FIELDS:
            self.details.setdefault(lab, text)
        elif f == "name":
            text = text.replace("\n", "")
        self.fields.setdefault(f, text)

    def _free_text(self, text: str) -> None:
        """Text with no label of its own belongs to the row label above it (merged label cell)."""
        if not text:
            return
        lab = label(self.row_label)
        f = field_of(self.row_label)
        if "资金用途" in lab or "用途" in lab:
            f = "purpose"
        elif f is None and ("目标" in lab and "指标" not in lab):
            f = "goal"
        if f in ("purpose", "goal", "annual_goal", "total_goal"):
            old = self.fields.get(f)
            self.fields[f] = continued(old, text) if old else text
            if f != "purpose":
                self.details[lab] = self.fields[f]
            return
        if lab and len(lab) <= 20:
            details = self.details
            details[lab] = continued(details[lab], text) if lab in details else text


def read_project(group: Group, values: Values) -> Project | None:
    reader = _ProjectReader(group.unit)
    indicators: IndicatorReader | None = None
    headers = group.headers
    for r, row in enumerate(group.rows):
        texts = [c.text.strip() for c in row]
        if is_rule_row(texts):
            continue
        cols = headers.get(id(row))
        if cols is not None:  # the rest of the group is the indicator block
            indicators = IndicatorReader(cols, values)
            indicators.read(group.rows[r + 1 :], headers)
            break
        reader.row(r, row, texts)
    fields, money_of = reader.fields, reader.money
    name = (
        fields.get("name")
        or (title_name(group.title.text) if group.title else None)
        or reader.title_name
    )
    if not name and indicators is None and "goal" not in fields:
        return None
    first = next((c for row in group.rows for c in row if c.text.strip()), None)
    where = group.title.source if group.title else first.source if first else ""
    return Project(
        name=name or "未命名项目",
        code=fields.get("code"),
        unit_code=fields.get("unit_code"),
        budget=money_of.get("budget"),
        fiscal=money_of.get("fiscal"),
        other=money_of.get("other"),
        purpose=fields.get("purpose"),
        spending_plan=reader.steps,
        start=fields.get("start"),
        end=fields.get("end"),
        goal=fields.get("annual_goal") or fields.get("goal") or fields.get("total_goal"),
        details=reader.details,
        indicators=indicators.finish() if indicators is not None else [],
        source=Source(str(where)),
        title=one_line(group.title.text) if group.title else None,
        unit=fields.get("unit"),
        owner=fields.get("owner"),
        contact=fields.get("contact"),
        phone=fields.get("phone"),
        total=money_of.get("total"),
        amounts=reader.amounts,
    )

"""The department's targets: its target table (Henan 部门(单位)绩效目标表) and its narrative.

* **Table**: 部门(单位)名称, 年度履职目标, 年度主要任务 (任务名称/主要内容), 预算情况 and an indicator
  block.
* **Narrative** (Hebei style, inside the performance section): 总体绩效目标, 分项绩效目标 (a numbered
  title, then "绩效目标：…" and "绩效指标：…"), 工作保障措施 (one measure per item). Lines wrapped by
  a PDF export are joined back.
"""

from __future__ import annotations

from yusuan.blocks import Block, Cell, Paragraph, Table
from yusuan.extract.numbers import parse_number
from yusuan.extract.performance.indicators import IndicatorReader, Values, indicator_columns
from yusuan.extract.performance.project import money
from yusuan.extract.performance.text import GOAL_LABEL, TERMINAL, join
from yusuan.extract.performance.titles import (
    heading_kind,
    is_subgoal_title,
    is_title,
    part_heading,
)
from yusuan.extract.sections import Section
from yusuan.model import DepartmentPerformance, Source
from yusuan.model.disclosure import SubGoal, Task
from yusuan.vocab.performance import ITEM_NUMBER, label, strip_number
from yusuan.vocab.text import one_line, squash, tidy

__all__ = ["narrative_paragraphs", "read_department_table", "read_narrative"]

_BUDGET_KEYS = (
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("财政", "fiscal"),
    ("其他资金", "other"),
    ("总额", "total"),
    ("合计", "total"),
    ("总计", "total"),
)

# (column, text) of a row's non-blank cells after its label.
_Rest = list[tuple[int, str]]


class _DepartmentTable:
    def __init__(self, dep: DepartmentPerformance, unit: str | None) -> None:
        self.dep = dep
        self.unit = unit
        self.task_cols: tuple[int, int] | None = None  # 任务名称 and 主要内容 columns

    def row(self, lab: str, row: list[Cell], texts: list[str], rest: _Rest) -> None:
        dep = self.dep
        if ("名称" in lab and "部门" in lab) or lab == "单位名称":
            dep.unit = dep.unit or one_line(rest[0][1])
        elif "履职目标" in lab:
            dep.overall_goal = dep.overall_goal or join([tidy(t) for _, t in rest])
        elif "任务" in lab:
            self._task(texts, rest)
        elif "预算" in lab:
            self._budget(lab, row, texts, rest)

    def _task(self, texts: list[str], rest: _Rest) -> None:
        if self.task_cols is None and any("任务名称" in squash(t) for _, t in rest):
            name_col = next(j for j, t in rest if "任务名称" in squash(t))
            content_col = next((j for j, t in rest if j > name_col), name_col + 1)
            self.task_cols = (name_col, content_col)
            return
        nc, cc = self.task_cols or (rest[0][0], rest[0][0] + 1)
        name = one_line(texts[nc]) if nc < len(texts) else ""
        content = tidy(texts[cc]) if cc < len(texts) else ""
        if name:
            self.dep.tasks.append(Task(name=name, content=content or None))

    def _budget(self, lab: str, row: list[Cell], texts: list[str], rest: _Rest) -> None:
        key_text = rest[0][1] if parse_number(rest[0][1]) is None else lab
        cells = [row[j] for j, _ in rest if parse_number(texts[j]) is not None]
        if not cells:
            return
        k = label(key_text)
        key = next((v for w, v in _BUDGET_KEYS if w in k), strip_number(k))
        a = money(cells[0], key_text, self.unit)
        if a is not None:
            self.dep.budget.setdefault(key, a)


def read_department_table(
    table: Table, dep: DepartmentPerformance, unit: str | None, values: Values
) -> None:
    dep.source = dep.source or Source(str(table.source))
    reader = _DepartmentTable(dep, unit)
    lab = ""
    indicators: IndicatorReader | None = None
    for row in table.rows:
        cols = indicator_columns(row)
        if indicators is not None:
            indicators.add(row, cols is not None)
            continue
        if cols is not None:
            indicators = IndicatorReader(cols, values)
            continue
        texts = [c.text.strip() for c in row]
        if texts and texts[0]:
            lab = label(texts[0])
        rest = [(j, t) for j, t in enumerate(texts[1:], 1) if t]
        if rest:
            reader.row(lab, row, texts, rest)
    if indicators is not None:
        dep.indicators.extend(indicators.finish())


def read_narrative(paragraphs: list[Paragraph], dep: DepartmentPerformance) -> None:
    state: str | None = None
    overall: list[str] = []
    measures: list[list[str]] = []
    goal: SubGoal | None = None
    slot = ""  # "goal" or "indicators" of the current sub-goal
    parts: dict[str, list[str]] = {}

    def close_goal() -> None:
        if goal is not None:
            goal.goal = join(parts.get("goal", []))
            goal.indicators = join(parts.get("indicators", []))

    for p in paragraphs:
        kind = heading_kind(p)
        if kind is not None:
            state = kind
            continue
        text = tidy(p.text)
        if not text:
            continue
        if state == "overall":
            overall.append(text)
        elif state == "goals":
            m = GOAL_LABEL.match(text)
            if m:
                slot = "indicators" if "指标" in m.group(0) else "goal"
                if goal is None:
                    goal = SubGoal(title="")
                    dep.goals.append(goal)
                parts.setdefault(slot, []).append(text[m.end() :].strip())
            elif is_subgoal_title(p):
                close_goal()
                goal = SubGoal(title=strip_number(one_line(text)))
                dep.goals.append(goal)
                parts, slot = {}, "goal"
            elif goal is not None:
                parts.setdefault(slot or "goal", []).append(text)
        elif state == "measures":
            if measures and not measures[-1][-1].endswith(TERMINAL) and not ITEM_NUMBER.match(text):
                measures[-1].append(text)  # a line wrapped by the export
            else:
                measures.append([text])
    close_goal()
    if overall:
        dep.overall_goal = join(overall)
    dep.measures = [strip_number("".join(m)) for m in measures]


def narrative_paragraphs(sections: list[Section], blocks: list[Block]) -> list[Paragraph]:
    """Paragraphs of the performance part, up to the first project title or table.

    The part is the performance section(s); without one (an unnumbered heading), it starts at
    the first 总体绩效目标 / 分项绩效目标 / 保障措施 heading.
    """
    runs: list[list[Block]] = [
        [*([s.heading] if s.heading is not None else []), *s.blocks]
        for s in sections
        if s.key == "performance"
    ]
    if not runs:
        start = next(
            (
                k
                for k, b in enumerate(blocks)
                if isinstance(b, Paragraph) and heading_kind(b) is not None
            ),
            None,
        )
        runs = [blocks[start:]] if start is not None else []
    out: list[Paragraph] = []
    for run in runs:
        for b in run:
            if isinstance(b, Table):
                break
            if (is_title(b) or part_heading(b)) and heading_kind(b) is None:
                break  # the project part begins
            out.append(b)
    return out

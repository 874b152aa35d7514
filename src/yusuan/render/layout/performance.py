"""The performance section: the department's targets (narrative and table) and one target table
per project, in the profile's project style (Hebei: one grid; Henan: head, details, targets)."""

from __future__ import annotations

from yusuan.model import Disclosure, Indicator, Project
from yusuan.model.disclosure import DepartmentPerformance, SubGoal
from yusuan.render.layout.blocks import (
    Block,
    Grid,
    GridCell,
    Heading,
    Para,
    Rows,
    label_row,
    row,
    span_right,
)
from yusuan.render.profile import Profile, cn_number, plain_money
from yusuan.vocab.performance import GOAL_LABELS, field_of, title_match, title_name

__all__ = ["has_performance", "performance"]

_HEADERS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "description": "绩效指标描述",
    "value": "指标值",
    "basis": "指标值确定依据",
}
_DEPARTMENT_BUDGET = {
    "total": "部门预算总额(万元)",
    "fiscal": "1、资金来源：(1)财政性资金",
    "other": "(2)其他资金",
    "basic": "2、资金结构：(1)基本支出",
    "project": "(2)项目支出",
}


def has_performance(d: Disclosure) -> bool:
    perf = d.performance
    dep = perf.department
    return bool(
        perf.projects
        or dep.overall_goal
        or dep.goals
        or dep.measures
        or dep.tasks
        or dep.indicators
        or dep.budget
    )


def performance(d: Disclosure, p: Profile, unit: str, year: int | None) -> list[Block]:
    perf = d.performance
    dep = perf.department
    table = bool(dep.source or dep.tasks or dep.indicators or dep.budget)
    narrative_goal = bool(dep.overall_goal) and bool(not table or dep.goals or dep.measures)
    out = _department_narrative(dep, narrative_goal)
    if table:
        # Not "整体绩效目标": that names the narrative's 总体 heading to the reader.
        out.append(Para(f"{dep.unit or unit}绩效目标表", "caption"))
        out.append(Para(f"（{year}年度）" if year else "", "meta"))
        out.append(_department_grid(dep, p, unit, include_goal=not narrative_goal))
    if perf.projects:
        out.append(Heading("第二部分 预算项目绩效目标", 3))
        for i, pr in enumerate(perf.projects, 1):
            if p.project_style == "henan":
                out += _henan_project(pr, p, unit, year)
            else:
                out += _hebei_project(i, pr, p)
    return out


# --- department ----------------------------------------------------------------------------


def _department_narrative(dep: DepartmentPerformance, narrative_goal: bool) -> list[Block]:
    out: list[Block] = []
    if not (narrative_goal or dep.goals or dep.measures):
        return out
    out.append(Heading("第一部分 部门整体绩效目标", 3))
    if narrative_goal and dep.overall_goal:
        out.append(Heading("（一）总体绩效目标", 4))
        out += [Para(line) for line in dep.overall_goal.split("\n")]
    if dep.goals:
        out.append(Heading("（二）分项绩效目标", 4))
        for i, g in enumerate(dep.goals, 1):
            out += _subgoal(i, g)
    if dep.measures:
        out.append(Heading("（三）工作保障措施", 4))
        out += [Para(f"（{cn_number(i)}）{m}") for i, m in enumerate(dep.measures, 1)]
    return out


def _subgoal(i: int, g: SubGoal) -> list[Block]:
    out: list[Block] = []
    if g.title:
        out.append(Para(f"（{cn_number(i)}）{g.title}", "label"))
    for prefix, text in (("绩效目标：", g.goal), ("绩效指标：", g.indicators)):
        if text:
            lines = text.split("\n")
            out.append(Para(prefix + lines[0]))
            out += [Para(line) for line in lines[1:]]
    return out


def _department_grid(dep: DepartmentPerformance, p: Profile, unit: str, include_goal: bool) -> Grid:
    width = 5
    rows: Rows = [label_row("部门(单位)名称", dep.unit or unit, width)]
    if include_goal and dep.overall_goal:
        rows.append(label_row("年度履职目标", dep.overall_goal, width))
    if dep.tasks:
        rows.append(_wide(["年度主要任务", "任务名称", "主要内容", "", ""], 2, width))
        rows += [_wide(["", t.name, t.content or "", "", ""], 2, width) for t in dep.tasks]
    for i, (key, a) in enumerate(dep.budget.items()):
        texts = ["预算情况" if i == 0 else "", _DEPARTMENT_BUDGET.get(key, key), p.money(a.value)]
        rows.append(_wide([*texts, "", ""], 2, width))
    if dep.indicators:
        rows.append(row(["一级指标", "二级指标", "三级指标", "指标值", "指标值说明"], bold=True))
        cols = ("level1", "level2", "level3", "value", "description")
        rows += [row(texts) for texts in _indicator_rows(dep.indicators, cols)]
    return Grid(
        rows,
        header_rows=0,
        repeat_header=False,
        role="department",
        widths=[1.2, 1.4, 2.2, 1.2, 3.2],
    )


def _wide(texts: list[str], start: int, width: int) -> list[GridCell | None]:
    """A row whose cell at ``start`` is merged over the rest of the row."""
    r = row(texts)
    span_right(r, start, width)
    return r


# --- projects ------------------------------------------------------------------------------


def _hebei_project(i: int, pr: Project, p: Profile) -> list[Block]:
    name = pr.name
    cols = _indicator_fields(pr.indicators)
    width = max(len(cols), 4)
    rows: Rows = []
    head: list[tuple[str, str]] = []
    if pr.unit:
        rows.append(label_row(f"{pr.unit_code or ''}{pr.unit}", "单位：万元", width))
    elif pr.unit_code:
        head.append(("单位编码", pr.unit_code))
    if pr.code:
        head.append(("项目编码", pr.code))
    if head or len(name) > 60 or _needs_name_cell(pr):
        head.append(("项目名称", name))
    rows += _pairs(head, width)
    rows += _pairs(_project_fields(pr, p), width)
    rows += _plan_rows(pr)
    goals = _goal_items(pr)
    rows += [label_row(label, text, width) for label, text in goals]
    rows += [
        label_row(label, text, width)
        for label, text in pr.details.items()
        if (label, text) not in goals
    ]
    rows = [_pad(r, width) for r in rows]
    rows += _indicator_grid_rows(pr.indicators, cols)
    widths = [1.1, 1.3, 1.8, 2.0, 1.4, 1.6][:width] if width == 6 else None
    return [
        Heading(f"{i}、{name}绩效目标表", 4),
        Grid(rows, header_rows=0, repeat_header=False, role="project", widths=widths),
    ]


def _pairs(items: list[tuple[str, str]], width: int) -> Rows:
    """Two label/value pairs per row when they fit, else one pair over the whole row."""
    rows: Rows = []
    k = 0
    while k < len(items):
        a = items[k]
        b = items[k + 1] if k + 1 < len(items) and width >= 4 else None
        if b is not None and len(a[1]) <= 24 and len(b[1]) <= 24:
            half = width // 2
            r = row([a[0], a[1]] + [""] * (half - 2) + [b[0], b[1]] + [""] * (width - half - 2))
            span_right(r, 1, half)
            span_right(r, half + 1, width)
            rows.append(r)
            k += 2
        else:
            rows.append(label_row(a[0], a[1], width))
            k += 1
    return rows


def _henan_project(pr: Project, p: Profile, unit: str, year: int | None) -> list[Block]:
    title = (
        pr.title if pr.title and pr.title.endswith("绩效目标表") else f"{unit}项目支出绩效目标表"
    )
    if title_match(title) is None:
        title = f"{unit}项目支出绩效目标表"
    out: list[Block] = [Heading(title, 4)]
    if year:
        out.append(Para(f"({year}年)", "meta"))
    width = max(4, len(pr.spending_plan) + 1)
    rows = [_line([("项目名称", pr.name)], width)]
    fields = _henan_fields(pr, p)
    rows += [_line(fields[k : k + 2], width) for k in range(0, len(fields), 2)]
    rows += _plan_rows(pr)
    out.append(
        Grid([_pad(r, width) for r in rows], header_rows=0, repeat_header=False, role="project")
    )
    details = [(k, v) for k, v in pr.details.items() if k not in GOAL_LABELS]
    if details:
        out.append(Para("项目详细信息", "caption"))
        drows = [row([k, v]) for k, v in details]
        out.append(Grid(drows, header_rows=0, repeat_header=False, role="project", widths=[1, 5]))
    out.append(Para("项目绩效目标", "caption"))
    cols = _indicator_fields(pr.indicators, henan=True)
    grows = [label_row(label, text, len(cols)) for label, text in _goal_items(pr)]
    grows += _indicator_grid_rows(pr.indicators, cols)
    if grows:
        out.append(Grid(grows, header_rows=0, repeat_header=False, role="project"))
    return out


def _line(items: list[tuple[str, str]], width: int) -> list[GridCell | None]:
    """One or two label/value pairs; one pair is merged over the row."""
    texts: list[str] = []
    for label, value in items:
        texts += [label, value]
    r = row(texts + [""] * (width - len(texts)))
    if len(items) == 1:
        span_right(r, 1, width)
    return r


def _henan_fields(pr: Project, p: Profile) -> list[tuple[str, str]]:
    fields = [("单位编码", pr.unit_code)] if pr.unit_code else []
    fields += _text_fields(pr)
    fields += _money_fields(pr, p)
    if pr.code:
        fields.insert(0, ("项目编码", pr.code))
    if pr.unit:
        fields.append(("实施单位", pr.unit))
    return fields


def _plan_rows(pr: Project) -> Rows:
    """资金支出计划: the dates, then the percentages under them."""
    if not pr.spending_plan:
        return []
    percents = ["" if s.percent is None else f"{plain_money(s.percent)}%" for s in pr.spending_plan]
    return [
        row(["资金支出计划（%）"] + [s.by for s in pr.spending_plan]),
        row(["", *percents]),
    ]


def _indicator_grid_rows(indicators: list[Indicator], cols: list[str]) -> Rows:
    if not indicators:
        return []
    return [
        row([_HEADERS[c] for c in cols], bold=True),
        *(row(texts) for texts in _indicator_rows(indicators, cols)),
    ]


def _needs_name_cell(pr: Project) -> bool:
    """The name must be printed in a 项目名称 cell when the title cannot carry it."""
    return title_name(f"1、{pr.name}绩效目标表") != pr.name


def _pad(r: list[GridCell | None], width: int) -> list[GridCell | None]:
    if len(r) >= width:
        return r
    extra = width - len(r)
    last = next((c for c in reversed(r) if c is not None), None)
    r = r + [None] * extra
    if last is not None:
        last.colspan += extra
    return r


def _indicator_fields(indicators: list[Indicator], henan: bool = False) -> list[str]:
    cols = ["level1", "level2", "level3"]
    if any(i.description for i in indicators) or not henan:
        cols.append("description")
    cols.append("value")
    if any(i.basis for i in indicators) or not henan:
        cols.append("basis")
    return cols


def _indicator_rows(
    indicators: list[Indicator], cols: tuple[str, ...] | list[str]
) -> list[list[str]]:
    """One row per indicator; 一级/二级 printed where they change (a merged cell when read)."""
    out: list[list[str]] = []
    l1: str | None = None
    l2: str | None = None
    for k, ind in enumerate(indicators):
        raw = ind.value.raw if ind.value is not None else ""
        new1 = k == 0 or ind.level1 != l1
        # A row with no value must print its 二级, else the reader takes it for a wrapped cell.
        new2 = new1 or ind.level2 != l2 or not raw
        texts: list[str] = []
        for c in cols:
            if c == "level1":
                texts.append((ind.level1 or "") if new1 else "")
            elif c == "level2":
                texts.append((ind.level2 or "") if new2 else "")
            elif c == "value":
                texts.append(raw)
            else:
                texts.append(getattr(ind, c) or "")
        l1, l2 = ind.level1, ind.level2
        out.append(texts)
    return out


def _goal_items(pr: Project) -> list[tuple[str, str]]:
    items = [(k, v) for k, v in pr.details.items() if k in GOAL_LABELS]
    if pr.goal and not items:
        items = [("绩效目标", pr.goal)]
    return items


def _money_fields(pr: Project, p: Profile) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    covered: set[str] = set()
    for label, a in pr.amounts.items():
        out.append((label, p.money(a.value)))
        f = field_of(label)
        if f:
            covered.add(f)
    for f, label in (
        ("budget", "预算数"),
        ("total", "项目总金额"),
        ("fiscal", "财政资金"),
        ("other", "其他资金"),
    ):
        a = getattr(pr, f)
        if a is not None and f not in covered:
            out.append((label, p.money(a.value)))
    return out


def _project_fields(pr: Project, p: Profile) -> list[tuple[str, str]]:
    return _money_fields(pr, p) + _text_fields(pr)


def _text_fields(pr: Project) -> list[tuple[str, str]]:
    """A project's printed facts other than money, as (label, text)."""
    return [
        (label, value)
        for label, value in (
            ("资金用途", pr.purpose),
            ("项目负责人", pr.owner),
            ("联系人", pr.contact),
            ("联系电话", pr.phone),
            ("开始时间", pr.start),
            ("结束时间", pr.end),
        )
        if value
    ]

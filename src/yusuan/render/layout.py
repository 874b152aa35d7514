"""A disclosure laid out for publishing: headings, paragraphs and ruled grids, in a profile's order.

The layout is format-free; each writer (text, HTML/PDF, DOCX, XLSX) prints the same blocks.
Grids are full matrices: a merged cell is one :class:`GridCell` with a span and ``None`` in the
positions it covers — exactly what every reader gives back as "text in the first position,
empty in the covered ones".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yusuan.model import Amount, Disclosure, Indicator, Project, TableModel, TableRow
from yusuan.render import narrative
from yusuan.render.profile import Profile, cn_number, plain_money, table_specs
from yusuan.vocab import LIST_ITEM
from yusuan.vocab.performance import GOAL_LABELS, field_of, title_match, title_name

STAMP = "未经检查 / unchecked：本文件在存在检查错误的情况下强制生成，数据未经核对，不得作为正式公开文本。"


@dataclass(slots=True)
class GridCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"  # left | center | right
    bold: bool = False


@dataclass(slots=True)
class Grid:
    rows: list[list[GridCell | None]]
    header_rows: int = 0
    repeat_header: bool = True  # PDF/DOCX repeat the header rows on every page
    role: str = "table"  # standard | project | department | org | procurement | assets
    widths: list[float] | None = None  # relative column widths

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def texts(self) -> list[list[str]]:
        return [[c.text if c is not None else "" for c in row] for row in self.rows]


@dataclass(slots=True)
class Heading:
    text: str
    level: int  # 1 part title, 2 section / table title, 3 sub-heading
    role: str = ""  # "table": the title of a standard table
    break_at: int = 0  # paged output breaks the line here (after the unit name of a title)


@dataclass(slots=True)
class Para:
    text: str
    style: str = (
        "body"  # body | title | subtitle | meta | meta-right | note | label | caption | stamp
    )


@dataclass(slots=True)
class PageBreak:
    sheet: str | None = None  # XLSX starts a new sheet with this name


@dataclass(slots=True)
class Toc:
    entries: list[tuple[str, str]]  # (text, anchor)


Block = Heading | Para | Grid | PageBreak | Toc


@dataclass(slots=True)
class Layout:
    title: str
    unit: str
    year: int | None
    profile: Profile
    blocks: list[Block] = field(default_factory=list)
    unchecked: bool = False
    anchors: dict[int, str] = field(default_factory=dict)  # id(heading) → anchor for the TOC


# --- grids -----------------------------------------------------------------------------------


def _row(
    texts: list[str], align: list[str] | None = None, bold: bool = False
) -> list[GridCell | None]:
    return [
        GridCell(t, align=(align[i] if align else "left"), bold=bold) for i, t in enumerate(texts)
    ]


def _span_right(row: list[GridCell | None], start: int, end: int) -> None:
    """Merge cells start..end-1 of a row into the first one."""
    if end - start <= 1:
        return
    cell = row[start]
    assert cell is not None
    cell.colspan = end - start
    for k in range(start + 1, end):
        row[k] = None


def header_grid(paths: list[list[str]]) -> list[list[GridCell | None]]:
    """Header rows that the reader flattens back to exactly ``paths`` ("本年收入/财政拨款收入").

    A parent label is printed once and merged over the columns it heads (the reader gives an
    empty upper cell the label on its left); a leaf above the last header row spans down; an
    empty path (a column the source printed without a label) stays blank.
    """
    depth = max([len(p) for p in paths] + [1])
    width = len(paths)
    rows: list[list[GridCell | None]] = [
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
                left = rows[level][j - 1]
                owner = left if left is not None else _owner(rows[level], j - 1)
                owner.colspan += 1  # type: ignore[union-attr]
                rows[level][j] = None
                continue
            rows[level][j].text = label  # type: ignore[union-attr]
        if path and len(path) < depth:
            _span_down(rows, len(path) - 1, j, depth)
    return rows


def _owner(row: list[GridCell | None], j: int) -> GridCell | None:
    while j >= 0 and row[j] is None:
        j -= 1
    return row[j] if j >= 0 else None


def _span_down(rows: list[list[GridCell | None]], r: int, c: int, depth: int) -> None:
    cell = rows[r][c]
    if cell is None or depth - r <= 1:
        return
    cell.rowspan = depth - r
    for k in range(r + 1, depth):
        rows[k][c] = None


def _money(p: Profile, a: Amount | None) -> str:
    return "" if a is None else p.money(a.value)


@dataclass(slots=True)
class _Col:
    path: list[str]
    role: str  # code | code1..3 | cat | name | value
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
    sides = [s for s in dict.fromkeys(r.side for r in t.rows) if s]
    if not t.rows and spec is not None and spec.two_sided:
        sides = [c.split("/", 1)[0] for c in columns if "/" in c][:1]
        sides += [c.split("/", 1)[0] for c in columns if "/" in c and not c.startswith(sides[0])][
            :1
        ]
    cols: list[_Col] = []
    if len(sides) >= 2:
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
    else:
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
    if p.serial:
        cols.insert(0, _Col(["序号"], "serial"))
    grid_rows = header_grid([c.path for c in cols])
    if p.serial:
        grid_rows.append(
            [GridCell("栏次", align="center", bold=True)]
            + [GridCell(str(k), align="center", bold=True) for k in range(1, len(cols))]
        )
    head = len(grid_rows)
    align = [
        "right"
        if c.role == "value"
        else "center"
        if c.role.startswith("code") or c.role == "serial"
        else "left"
        for c in cols
    ]
    for k, texts in enumerate(_body_rows(t, cols, p, len(sides) >= 2), 1):
        if p.serial:
            texts[0] = str(k)
        bold = any(("合计" in x or "总计" in x) for x in texts if x and not x[0].isdigit())
        grid_rows.append(_row(texts, align, bold=bold))
    widths = [
        0.45
        if (c.role.startswith("code") and c.role != "code") or c.role == "serial"
        else 1.0
        if c.role == "code"
        else 2.4
        if c.role == "name"
        else 1.2
        if c.role == "cat"
        else 1.0
        for c in cols
    ]
    return Grid(grid_rows, header_rows=head, role="standard", widths=widths)


def _body_rows(t: TableModel, cols: list[_Col], p: Profile, two_sided: bool) -> list[list[str]]:
    lines: list[list[TableRow | None]] = []
    if two_sided:
        left = next(c.side for c in cols if c.side is not None)
        lrows = [r for r in t.rows if r.side == left]
        rrows = [r for r in t.rows if r.side != left]
        if all(r.source for r in t.rows):
            # Rows read from one printed line share its source: merge the two sides on it.
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
        else:  # from a workbook: pair by position
            for k in range(max(len(lrows), len(rrows))):
                lines.append(
                    [lrows[k] if k < len(lrows) else None, rrows[k] if k < len(rrows) else None]
                )
    else:
        lines = [[r] for r in t.rows]
    running: dict[str | None, str | None] = {}
    out: list[list[str]] = []
    for line in lines:
        texts: list[str] = []
        sides = [c.side for c in cols if c.side is not None]
        for c in cols:
            r = line[0] if not two_sided else line[0 if c.side == sides[0] else 1]
            if c.role == "serial":
                texts.append("")
            elif r is None:
                texts.append("")
            elif c.role == "code":
                texts.append(r.code or "")
            elif c.role.startswith("code"):
                i = int(c.role[4]) - 1
                code = r.code or ""
                texts.append(code[[0, 3, 5][i] : [3, 5, 7][i]])
            elif c.role == "cat":
                # The reader fills a group label down and drops it where it equals the name.
                if r.category is None:
                    texts.append(r.name or "")
                    running[c.side] = r.name or running.get(c.side)
                else:
                    texts.append(r.category if r.category != running.get(c.side) else "")
                    running[c.side] = r.category
            elif c.role == "name":
                has_cat = any(x.role == "cat" and x.side == c.side for x in cols)
                texts.append("" if has_cat and r.category is None else r.name or "")
            else:
                texts.append(_money(p, r.values.get(c.key)))
        out.append(texts)
    return out


# --- sections --------------------------------------------------------------------------------


class _Builder:
    def __init__(self, d: Disclosure, p: Profile, unchecked: bool) -> None:
        self.d = d
        self.p = p
        self.unit = d.unit.name or "（单位名称）"
        self.year = d.year
        title = p.fill(p.cover_title, unit=self.unit, year=d.year or "")
        self.out = Layout(title=title, unit=self.unit, year=d.year, profile=p, unchecked=unchecked)
        self.blocks = self.out.blocks
        self.toc: list[tuple[str, str]] = []

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def heading(
        self, text: str, level: int, toc: bool = False, role: str = "", break_at: int = 0
    ) -> None:
        h = Heading(text, level, role, break_at)
        if toc:
            anchor = f"s{len(self.toc) + 1}"
            self.out.anchors[id(h)] = anchor
            self.toc.append((text, anchor))
        self.blocks.append(h)

    def build(self) -> Layout:
        p, d = self.p, self.d
        if self.out.unchecked:
            self.add(Para(STAMP, "stamp"))
        # The cover title is two lines, unit then document: a PDF reader splits a wrapped
        # centred title anyway, and the halves must not look like a shorter unit's title.
        # The unit and year are then read from the lines below it and from the 说明 title.
        tail = self.out.title[len(self.unit) :] if self.out.title.startswith(self.unit) else ""
        if tail:
            self.add(Para(self.unit, "title"), Para(tail, "title"))
        else:
            self.add(Para(self.out.title, "title"))
        code = d.unit.code
        self.add(Para(f"{code} {self.unit}" if code else f"编制单位：{self.unit}", "subtitle"))
        if d.year:
            self.add(Para(f"预算年度：{d.year}", "subtitle"))
        toc = Toc([])
        self.add(toc)
        tables = self._ordered_tables()
        if p.tables_first and tables:
            self._tables(tables)
        explain = p.fill(p.explain_title, unit=self.unit, year=d.year or "")
        self.add(PageBreak("说明"))
        cut = len(self.unit) if explain.startswith(self.unit) else 0
        self.heading(explain, 1, toc=True, break_at=cut)
        self.add(Para(p.fill(p.intro, unit=self.unit, year=d.year or ""), "body"))
        n = 0
        for key in p.section_order:
            body = self._section(key)
            if body is None:
                if key == "overview" and not p.tables_first and tables:
                    self._tables(tables)
                continue
            n += 1
            title = p.fill(p.sections[key], year=d.year or "")
            self.heading(f"{cn_number(n)}、{title}", 2, toc=True)
            body()
            if key == "overview" and not p.tables_first and tables:
                self._tables(tables)
        toc.entries = self.toc
        return self.out

    # -- tables --

    def _ordered_tables(self) -> list[TableModel]:
        order = {k: i for i, k in enumerate(self.p.table_order)}
        tabs = [t for t in self.d.tables if t.kind != "other"]
        return sorted(tabs, key=lambda t: order.get(t.kind, len(order)))

    def _tables(self, tables: list[TableModel]) -> None:
        p = self.p
        for k, t in enumerate(tables):
            title = p.table_title(t.kind, self.year)
            sheet = (table_specs()[t.kind].name if t.kind in table_specs() else title)[:28]
            self.add(PageBreak(f"{k + 1}.{sheet}"))
            self.heading(title, 2, toc=True, role="table")
            for meta in p.table_meta:
                if meta == "unit_code":
                    if self.d.unit.code:
                        self.add(Para(f"{self.d.unit.code} {self.unit}", "meta"))
                    else:
                        self.add(Para(f"编制单位：{self.unit}", "meta"))
                elif meta == "unit_name":
                    if self.d.unit.code:
                        self.add(Para(f"{self.d.unit.code} {self.unit}", "meta"))
                    self.add(Para(f"单位：{self.unit}", "meta"))
                elif meta == "year" and self.year:
                    self.add(Para(f"预算年度：{self.year}", "meta"))
                elif meta == "money":
                    self.add(Para("单位：万元", "meta-right"))
            grid = standard_grid(t, p)
            if grid is not None:
                self.add(grid)
            note = t.note
            if t.empty and not note:
                spec = table_specs().get(t.kind)
                what = spec.what if spec else "相关预算"
                note = p.fill(p.empty_note, year=self.year or "", what=what)
            if note:
                self.add(Para(note, "note"))

    # -- narrative sections --

    def _section(self, key: str):  # type: ignore[no-untyped-def]
        d = self.d
        if key == "duties" and (d.responsibilities or d.organisations):
            return self._duties
        if key == "overview":
            paras = narrative.overview(d, self.p)
            if any(s == "body" and ("万元" in t) for s, t in paras):
                return lambda: self._paras(paras)
            return None
        if key == "operating_costs":
            paras = narrative.operating_costs(d)
            return (lambda: self._paras(paras)) if paras else None
        if key == "three_public":
            paras = narrative.three_public(d)
            return (lambda: self._paras(paras)) if paras else None
        if key == "performance" and self._has_performance():
            return self._performance
        if key == "procurement" and (d.procurement.total or d.procurement.items):
            return self._procurement
        if key == "assets" and (d.assets.total or d.assets.items or d.assets.planned_purchase):
            return self._assets
        if key == "glossary" and d.glossary:
            return self._glossary
        if key == "other" and d.other_matters:
            return lambda: self._paras([("body", t) for t in d.other_matters.split("\n") if t])  # type: ignore[union-attr]
        return None

    def _paras(self, paras: list[tuple[str, str]]) -> None:
        for style, text in paras:
            self.add(Para(text, style))

    def _duties(self) -> None:
        d = self.d
        w = self.p.unit_word
        if d.responsibilities:
            self.add(Para(f"{w}职责：", "label"))
            for i, item in enumerate(d.responsibilities, 1):
                self.add(Para(item if _enumerated(item) else f"（{cn_number(i)}）{item}"))
        if d.organisations:
            self.add(Para("机构设置：", "label"))
            self.add(Para(f"{w}机构设置情况", "caption"))
            rows: list[list[GridCell | None]] = [
                _row(["单位名称", "单位性质", "单位规格", "经费保障形式"], bold=True)
            ]
            for o in d.organisations:
                rows.append(_row([o.name, o.nature or "", o.rank or "", o.funding or ""]))
            self.add(Grid(rows, header_rows=1, role="org", widths=[3, 1, 1, 1.2]))

    def _procurement(self) -> None:
        d = self.d
        self._paras(narrative.procurement(d, self.unit))
        pr = d.procurement
        if not pr.items and pr.table_total is None:
            return
        self.add(Para(f"{self.p.unit_word}政府采购预算表", "caption"))
        self.add(Para("单位：万元", "meta-right"))
        head = [
            "项目名称",
            "预算资金",
            "采购物品名称",
            "政府采购目录序号",
            "计量单位",
            "数量",
            "单价",
            "政府采购金额",
        ]
        align = ["left", "right", "left", "center", "center", "right", "right", "right"]
        rows: list[list[GridCell | None]] = [_row(head, bold=True)]
        if pr.table_total is not None:
            rows.append(
                _row(["合计", "", "", "", "", "", "", _money(self.p, pr.table_total)], align, True)
            )
        last_project: object = object()
        for it in pr.items:
            first = it.project != last_project
            last_project = it.project
            rows.append(
                _row(
                    [
                        (it.project or "") if first else "",
                        _money(self.p, it.project_budget) if first else "",
                        it.item or "",
                        it.catalog_code or "",
                        it.measure or "",
                        "" if it.quantity is None else plain_money(it.quantity),
                        _money(self.p, it.unit_price),
                        _money(self.p, it.amount),
                    ],
                    align,
                )
            )
        self.add(
            Grid(
                rows,
                header_rows=1,
                role="procurement",
                widths=[2.4, 1, 1.8, 1.4, 0.8, 0.8, 0.9, 1.1],
            )
        )

    def _assets(self) -> None:
        d = self.d
        self._paras(narrative.assets(d, self.unit))
        a = d.assets
        if not a.items and a.table_total is None:
            if a.as_of:
                self.add(Para(f"截止时间：{a.as_of}", "meta"))
            return
        self.add(Para(f"{self.p.unit_word}固定资产占用情况表", "caption"))
        if a.as_of:
            self.add(Para(f"截止时间：{a.as_of}", "meta"))
        rows: list[list[GridCell | None]] = [_row(["项目", "数量", "价值（万元）"], bold=True)]
        align = ["left", "right", "right"]
        if a.table_total is not None:
            rows.append(_row(["合计", "--", _money(self.p, a.table_total)], align, True))
        for it in a.items:
            qty = "" if it.quantity is None else plain_money(it.quantity)
            if (
                qty
                and it.measure
                and f"（{it.measure}）" not in it.category
                and f"({it.measure})" not in it.category
            ):
                qty += it.measure
            rows.append(_row([it.category, qty, _money(self.p, it.value)], align))
        self.add(Grid(rows, header_rows=1, role="assets", widths=[3, 1.2, 1.4]))

    def _glossary(self) -> None:
        for i, g in enumerate(self.d.glossary, 1):
            term = g.term
            if "”" in term and "“" not in term:
                term = "“" + term
            self.add(Para(f"{i}、{term}：{g.definition}"))

    # -- performance --

    def _has_performance(self) -> bool:
        perf = self.d.performance
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

    def _performance(self) -> None:
        perf = self.d.performance
        dep = perf.department
        table = bool(dep.source or dep.tasks or dep.indicators or dep.budget)
        narrative_goal = bool(dep.overall_goal) and (not table or dep.goals or dep.measures)
        if narrative_goal or dep.goals or dep.measures:
            self.add(Heading("第一部分 部门整体绩效目标", 3))
            if narrative_goal and dep.overall_goal:
                self.add(Heading("（一）总体绩效目标", 4))
                for line in dep.overall_goal.split("\n"):
                    self.add(Para(line))
            if dep.goals:
                self.add(Heading("（二）分项绩效目标", 4))
                for i, g in enumerate(dep.goals, 1):
                    if g.title:
                        self.add(Para(f"（{cn_number(i)}）{g.title}", "label"))
                    for prefix, text in (("绩效目标：", g.goal), ("绩效指标：", g.indicators)):
                        if text:
                            lines = text.split("\n")
                            self.add(Para(prefix + lines[0]))
                            for line in lines[1:]:
                                self.add(Para(line))
            if dep.measures:
                self.add(Heading("（三）工作保障措施", 4))
                for i, m in enumerate(dep.measures, 1):
                    self.add(Para(f"（{cn_number(i)}）{m}"))
        if table:
            # Not "整体绩效目标": that names the narrative's 总体 heading to the reader.
            self.add(Para(f"{dep.unit or self.unit}绩效目标表", "caption"))
            self.add(Para(f"（{self.year}年度）" if self.year else "", "meta"))
            self.add(self._department_grid(include_goal=not narrative_goal))
        if perf.projects:
            self.add(Heading("第二部分 预算项目绩效目标", 3))
            for i, pr in enumerate(perf.projects, 1):
                if self.p.project_style == "henan":
                    self._henan_project(pr)
                else:
                    self._hebei_project(i, pr)

    def _department_grid(self, include_goal: bool) -> Grid:
        dep = self.d.performance.department
        width = 5
        rows: list[list[GridCell | None]] = []

        def pair(label: str, value: str) -> None:
            r = _row([label, value] + [""] * (width - 2))
            _span_right(r, 1, width)
            rows.append(r)

        pair("部门(单位)名称", dep.unit or self.unit)
        if include_goal and dep.overall_goal:
            pair("年度履职目标", dep.overall_goal)
        if dep.tasks:
            r = _row(["年度主要任务", "任务名称", "主要内容", "", ""], bold=False)
            _span_right(r, 2, width)
            rows.append(r)
            for t in dep.tasks:
                r = _row(["", t.name, t.content or "", "", ""])
                _span_right(r, 2, width)
                rows.append(r)
        labels = {
            "total": "部门预算总额(万元)",
            "fiscal": "1、资金来源：(1)财政性资金",
            "other": "(2)其他资金",
            "basic": "2、资金结构：(1)基本支出",
            "project": "(2)项目支出",
        }
        for i, (key, a) in enumerate(dep.budget.items()):
            r = _row(
                ["预算情况" if i == 0 else "", labels.get(key, key), self.p.money(a.value), "", ""]
            )
            _span_right(r, 2, width)
            rows.append(r)
        if dep.indicators:
            rows.append(
                _row(["一级指标", "二级指标", "三级指标", "指标值", "指标值说明"], bold=True)
            )
            for texts in _indicator_rows(
                dep.indicators, ("level1", "level2", "level3", "value", "description")
            ):
                rows.append(_row(texts))
        return Grid(
            rows,
            header_rows=0,
            repeat_header=False,
            role="department",
            widths=[1.2, 1.4, 2.2, 1.2, 3.2],
        )

    def _hebei_project(self, i: int, pr: Project) -> None:
        name = pr.name
        title = f"{i}、{name}绩效目标表"
        self.add(Heading(title, 4))
        cols = _indicator_fields(pr.indicators)
        width = max(len(cols), 4)
        rows: list[list[GridCell | None]] = []

        def pairs(items: list[tuple[str, str]]) -> None:
            # two label/value pairs per row when they fit, else one pair over the whole row
            k = 0
            while k < len(items):
                a = items[k]
                b = items[k + 1] if k + 1 < len(items) and width >= 4 else None
                if b is not None and len(a[1]) <= 24 and len(b[1]) <= 24:
                    half = width // 2
                    r = _row(
                        [a[0], a[1]] + [""] * (half - 2) + [b[0], b[1]] + [""] * (width - half - 2)
                    )
                    _span_right(r, 1, half)
                    _span_right(r, half + 1, width)
                    rows.append(r)
                    k += 2
                else:
                    r = _row([a[0], a[1]] + [""] * (width - 2))
                    _span_right(r, 1, width)
                    rows.append(r)
                    k += 1

        head: list[tuple[str, str]] = []
        if pr.unit:
            r = _row([f"{pr.unit_code or ''}{pr.unit}", "单位：万元"] + [""] * (width - 2))
            _span_right(r, 1, width)
            rows.append(r)
        elif pr.unit_code:
            head.append(("单位编码", pr.unit_code))
        if pr.code:
            head.append(("项目编码", pr.code))
        if head or len(name) > 60 or _needs_name_cell(pr):
            head.append(("项目名称", name))
        pairs(head)
        pairs(_project_fields(pr, self.p))
        if pr.spending_plan:
            r = _row(["资金支出计划（%）"] + [s.by for s in pr.spending_plan])
            rows.append(r)
            rows.append(
                _row(
                    [""]
                    + [
                        "" if s.percent is None else f"{plain_money(s.percent)}%"
                        for s in pr.spending_plan
                    ]
                )
            )
        goals = _goal_items(pr)
        for label, text in goals:
            r = _row([label, text] + [""] * (width - 2))
            _span_right(r, 1, width)
            rows.append(r)
        for label, text in pr.details.items():
            if (label, text) in goals:
                continue
            r = _row([label, text] + [""] * (width - 2))
            _span_right(r, 1, width)
            rows.append(r)
        rows = [_pad(r, width) for r in rows]
        if pr.indicators:
            rows.append(_row([_HEADERS[c] for c in cols], bold=True))
            for texts in _indicator_rows(pr.indicators, cols):
                rows.append(_row(texts))
        widths = [1.1, 1.3, 1.8, 2.0, 1.4, 1.6][:width] if width == 6 else None
        self.add(Grid(rows, header_rows=0, repeat_header=False, role="project", widths=widths))

    def _henan_project(self, pr: Project) -> None:
        title = (
            pr.title
            if pr.title and pr.title.endswith("绩效目标表")
            else f"{self.unit}项目支出绩效目标表"
        )
        if not _title_ok(title):
            title = f"{self.unit}项目支出绩效目标表"
        self.add(Heading(title, 4))
        if self.year:
            self.add(Para(f"({self.year}年)", "meta"))
        width = max(4, len(pr.spending_plan) + 1)
        rows: list[list[GridCell | None]] = []

        def line(items: list[tuple[str, str]]) -> None:
            texts: list[str] = []
            for label, value in items:
                texts += [label, value]
            r = _row(texts + [""] * (width - len(texts)))
            if len(items) == 1:
                _span_right(r, 1, width)
            rows.append(r)

        line([("项目名称", pr.name)])
        fields = []
        if pr.unit_code:
            fields.append(("单位编码", pr.unit_code))
        if pr.purpose:
            fields.append(("资金用途", pr.purpose))
        if pr.owner:
            fields.append(("项目负责人", pr.owner))
        if pr.contact:
            fields.append(("联系人", pr.contact))
        if pr.phone:
            fields.append(("联系电话", pr.phone))
        if pr.start:
            fields.append(("开始时间", pr.start))
        if pr.end:
            fields.append(("结束时间", pr.end))
        fields += _money_fields(pr, self.p)
        if pr.code:
            fields.insert(0, ("项目编码", pr.code))
        if pr.unit:
            fields.append(("实施单位", pr.unit))
        for k in range(0, len(fields), 2):
            line(fields[k : k + 2])
        if pr.spending_plan:
            rows.append(_row(["资金支出计划（%）"] + [s.by for s in pr.spending_plan]))
            rows.append(
                _row(
                    [""]
                    + [
                        "" if s.percent is None else f"{plain_money(s.percent)}%"
                        for s in pr.spending_plan
                    ]
                )
            )
        self.add(
            Grid([_pad(r, width) for r in rows], header_rows=0, repeat_header=False, role="project")
        )
        goal_labels = {
            "绩效目标",
            "项目绩效目标",
            "年度绩效目标",
            "年度目标",
            "项目总目标",
            "总体目标",
            "长期目标",
            "中期目标",
        }
        details = [(k, v) for k, v in pr.details.items() if k not in goal_labels]
        if details:
            self.add(Para("项目详细信息", "caption"))
            drows = [_row([k, v]) for k, v in details]
            self.add(Grid(drows, header_rows=0, repeat_header=False, role="project", widths=[1, 5]))
        self.add(Para("项目绩效目标", "caption"))
        grows: list[list[GridCell | None]] = []
        cols = _indicator_fields(pr.indicators, henan=True)
        w = len(cols)
        for label, text in _goal_items(pr):
            r = _row([label, text] + [""] * (w - 2))
            _span_right(r, 1, w)
            grows.append(r)
        if pr.indicators:
            grows.append(_row([_HEADERS[c] for c in cols], bold=True))
            for texts in _indicator_rows(pr.indicators, cols):
                grows.append(_row(texts))
        if grows:
            self.add(Grid(grows, header_rows=0, repeat_header=False, role="project"))


_HEADERS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "description": "绩效指标描述",
    "value": "指标值",
    "basis": "指标值确定依据",
}


def _title_ok(title: str) -> bool:
    return title_match(title) is not None


def _needs_name_cell(pr: Project) -> bool:
    """The name must be printed in a 项目名称 cell when the title cannot carry it."""
    return title_name(f"1、{pr.name}绩效目标表") != pr.name


def _enumerated(text: str) -> bool:
    return bool(LIST_ITEM.match(text.strip()))


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
        row: list[str] = []
        for c in cols:
            if c == "level1":
                row.append((ind.level1 or "") if new1 else "")
            elif c == "level2":
                row.append((ind.level2 or "") if new2 else "")
            elif c == "value":
                row.append(raw)
            else:
                row.append(getattr(ind, c) or "")
        l1, l2 = ind.level1, ind.level2
        out.append(row)
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
    out: list[tuple[str, str]] = []
    for label, value in (
        ("资金用途", pr.purpose),
        ("项目负责人", pr.owner),
        ("联系人", pr.contact),
        ("联系电话", pr.phone),
        ("开始时间", pr.start),
        ("结束时间", pr.end),
    ):
        if value:
            out.append((label, value))
    return _money_fields(pr, p) + out


def build_layout(d: Disclosure, p: Profile, unchecked: bool = False) -> Layout:
    return _Builder(d, p, unchecked).build()

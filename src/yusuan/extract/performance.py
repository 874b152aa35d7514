"""Performance targets (绩效目标): the department's goals and every project's target table.

Everything is recognised by content, never by position or file:

* **Department narrative** (Hebei style, inside the performance section): 总体绩效目标, 分项绩效目标
  (a numbered title, then "绩效目标：…" and "绩效指标：…"), 工作保障措施 (one measure per item).
  Lines wrapped by a PDF export are joined back.
* **Department table** (Henan style 部门(单位)绩效目标表): 部门(单位)名称, 年度履职目标, 年度主要任务
  (任务名称/主要内容), 预算情况 and an indicator block.
* **Project tables**: a title line "N、XXX绩效目标表" (or a 项目名称 cell) starts a project; the
  tables that follow and continue it (a Henan header / 项目详细信息 / 项目绩效目标 triple, a table
  broken by a blank line or by a cell that spilled out of it) are read as one. Label cells
  (项目编码, 预算数, 资金用途, 资金支出计划, 项目概况 …) are read pairwise; the indicator block starts at
  the 一级/二级/三级指标 header row.

Indicator rows: blank 一级/二级 cells are filled down (merged cells). A row that carries only a
category (Henan "资产管理" with no 三级) is kept with ``level3`` null. A row with nothing but a
piece of text in the 三级/描述/依据 columns continues the row above (a wrapped cell), so no
phantom indicators appear. Where a merged 一级 label is printed at the wrong row (Henan exports
print it several rows early), the labels are moved to the rows whose 二级 category they name —
only when that gives a clean top-to-bottom order; otherwise the print is kept.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from pydantic import TypeAdapter

from yusuan.blocks import Block, Cell, Paragraph, Table
from yusuan.extract import indicator_values
from yusuan.extract.numbers import parse_number, to_wan
from yusuan.extract.sections import Section, classify_heading
from yusuan.extract.text import squash
from yusuan.model import (
    Amount,
    DepartmentPerformance,
    Indicator,
    IndicatorValueModel,
    Performance,
    Project,
)
from yusuan.model.disclosure import SpendingStep, SubGoal, Task

__all__ = ["extract_performance"]

# Indicator labels and values repeat across a document's tables: read each distinct text once.
normalise_level1 = lru_cache(maxsize=2048)(indicator_values.normalise_level1)
normalise_level2 = lru_cache(maxsize=2048)(indicator_values.normalise_level2)
_parse_value = lru_cache(maxsize=4096)(indicator_values.parse_value)
# Captions between project tables ((2020年), 项目详细信息) repeat once per project.
_classify_heading = lru_cache(maxsize=4096)(classify_heading)

# --- text helpers ----------------------------------------------------------------------------

_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# Spaces a PDF export put next to Chinese text ("2020 年度", "摄像头 34 个").
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_SPACE = re.compile(r"[ \t\u3000\xa0]")  # lines without one need neither substitution
_HTML = re.compile(r"</?(?:p|br|span|div)\b[^>]*>", re.IGNORECASE)
_RULE = re.compile(r"^[\s\-:|—=]*$")  # Markdown table rules ("------", "---") and blanks
_RULE_CHARS = frozenset("-:|—=")


def _is_rule_row(texts: list[str]) -> bool:
    """Only blanks and Markdown rules; ``texts`` are stripped (the first character decides)."""
    for t in texts:
        if t and (t[0] not in _RULE_CHARS or not _RULE.match(t)):
            return False
    return True


# Enumerators in front of titles and items: 1. 1、 10  (一) （1） 一、 一是 第一部分.
_ENUM = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]{1,3}(?:部分|章|节|条)"
    r"|[(（]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）]"
    r"|[一二三四五六七八九十]{1,3}(?:是|[、.．])"
    r"|[0-9]{1,3}(?:[、.．](?![0-9]*\.[0-9])|\s+(?=[^\s0-9])))\s*[:：]?\s*"
)
_TERMINAL = tuple("。；;！!？?：:…")
_PAGE_NO = re.compile(r"^[\s\-—–第页/0-9]*$")

_TITLE = re.compile(r"^(?P<name>.*?)绩效目标表(?:[(（]续[)）])?$")
_UNIT_CELL = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
_LABEL_UNIT = re.compile(r"[(（](万元|元)[)）]")
_BRACKETS = re.compile(r"[(（][^()（）]{0,8}[)）]")
_UNIT_HEAD = re.compile(r"^(?P<code>[0-9]{3,})\s*(?P<name>\D.*)$")
_PERCENT = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)\s*[%％]")
_PLAN_STEP = re.compile(r"^(?P<by>.*?[月季年底末])\s*[:：]?\s*(?P<pct>[0-9.]+\s*[%％])$")
_GOAL_LABEL = re.compile(r"^(?:绩效目标|绩效指标|目标|指标)\s*[:：]")


_PLAIN = re.compile(r"[\s\u3000\xa0<]")


def _tidy(text: str) -> str:
    """Cell or paragraph text for reading: no HTML tags, no export spaces next to Chinese."""
    text = text.strip()
    if not _PLAIN.search(text):
        return text
    if "<" in text:
        text = _HTML.sub("", text)
    lines = [
        (_SPACES.sub(" ", _CJK_SPACE.sub("", ln)) if _SPACE.search(ln) else ln).strip()
        for ln in text.split("\n")
    ]
    return "\n".join([ln for ln in lines if ln])


def _one_line(text: str) -> str:
    return _tidy(text).replace("\n", "")


# Indicator cells repeat across rows and tables (产出指标, 数量指标, 合理): tidy each text once.
@lru_cache(maxsize=8192)
def _text_cell(text: str) -> str | None:
    """A description or basis cell, tidied; None when blank."""
    return _tidy(text) or None


@lru_cache(maxsize=8192)
def _label_cell(text: str) -> str | None:
    """A 一级/二级/三级 cell on one line; None when blank."""
    return _one_line(text) or None


def _strip_enum(text: str) -> str:
    return _ENUM.sub("", text, count=1).strip()


def _starts_item(text: str) -> bool:
    return bool(_ENUM.match(text)) or bool(_GOAL_LABEL.match(text))


def _join(parts: list[str]) -> str | None:
    """Join lines; a line that stops mid-sentence continues on the next one without a break."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not out.endswith(_TERMINAL) and not _starts_item(part):
            out += part
        else:
            out = f"{out}\n{part}" if out else part
    return out or None


@lru_cache(maxsize=8192)
def _label(text: str) -> str:
    """Compare-friendly label: no spaces, no 其中 prefix, no short bracketed notes or colon."""
    if len(text) > 3 * _MAX_LABEL:
        return text  # content, never a label
    t = squash(text)
    if t.startswith(("其中:", "其中：")):
        t = t[3:]
    elif t.startswith("其中"):
        t = t[2:]
    return _BRACKETS.sub("", t).rstrip(":：")


# --- labels of project tables ----------------------------------------------------------------

_FIELDS: dict[str, str] = {
    "项目名称": "name",
    "项目编码": "code",
    "项目代码": "code",
    "项目编号": "code",
    "单位编码": "unit_code",
    "单位代码": "unit_code",
    "预算单位编码": "unit_code",
    "单位名称": "unit",
    "预算单位": "unit",
    "实施单位": "unit",
    "资金用途": "purpose",
    "项目负责人": "owner",
    "负责人": "owner",
    "联系人": "contact",
    "联系电话": "phone",
    "开始时间": "start",
    "项目开始时间": "start",
    "起始时间": "start",
    "结束时间": "end",
    "项目结束时间": "end",
    "完成时间": "end",
    "预算数": "budget",
    "预算金额": "budget",
    "项目本年度金额": "budget",
    "本年度金额": "budget",
    "本年预算数": "budget",
    "年度预算数": "budget",
    "年度资金总额": "budget",
    "本年资金总额": "budget",
    "项目总金额": "total",
    "项目总预算": "total",
    "总金额": "total",
    "财政资金": "fiscal",
    "财政拨款": "fiscal",
    "财政性资金": "fiscal",
    "其他资金": "other",
    "上年度项目总金额": "amount",
    "项目上年度金额": "amount",
    "上年度金额": "amount",
    "绩效目标": "goal",
    "项目绩效目标": "goal",
    "年度绩效目标": "annual_goal",
    "年度目标": "annual_goal",
    "项目总目标": "total_goal",
    "总体目标": "total_goal",
    "长期目标": "total_goal",
    "中期目标": "total_goal",
}
_MONEY = frozenset({"budget", "total", "fiscal", "other", "amount"})
_DETAIL_FIELDS = frozenset({"goal", "annual_goal", "total_goal"})
_MAX_LABEL = 14  # longer cells are content, not labels

# Features of a table that a project has once; seeing one again starts the next project.
_SINGLE = ("name", "goal", "plan", "indicators")


@lru_cache(maxsize=8192)
def _field_of(text: str) -> str | None:
    if len(text) > 3 * _MAX_LABEL:
        return None
    t = _label(text)
    if not t or len(t) > _MAX_LABEL:
        return None
    return _FIELDS.get(t)


# --- indicator header ------------------------------------------------------------------------


def _indicator_columns(row: list[Cell]) -> dict[str, int] | None:
    """Column of each indicator field when ``row`` is the 一级/二级/三级指标 header row."""
    for cell in row[:4]:  # cheap test first: most rows are not headers
        if "级" in cell.text:
            break
    else:
        return None
    cols: dict[str, int] = {}
    for i, cell in enumerate(row):
        key = _header_key(cell.text)
        if key is not None and (key != "name" or i > 0):
            cols.setdefault(key, i)
    if "name" in cols:
        cols.setdefault("l3", cols.pop("name"))
    if "l1" in cols and "l2" in cols and ("l3" in cols or "value" in cols):
        return cols
    return None


@lru_cache(maxsize=1024)
def _header_key(text: str) -> str | None:
    """The indicator field a header cell names (cached: every project repeats its header)."""
    t = squash(text)
    if not t or len(t) > 16:
        return None
    if "一级" in t:
        return "l1"
    if "二级" in t:
        return "l2"
    if "三级" in t:
        return "l3"
    if t in ("指标名称", "指标内容"):
        return "name"  # the 三级 column of a table that does not say 三级 (not in column 0)
    if "依据" in t:
        return "basis"
    if "说明" in t or "描述" in t or "解释" in t:
        return "description"
    if "值" in t:
        return "value"
    return None


# --- level-1 labels printed at the wrong row -------------------------------------------------

# 二级 category → the 一级 categories it can belong to, preferred first (national templates put
# 成本 and 满意度 at 一级 or under 产出/效益; the Henan template has 投入与目标管理 and 影响力目标).
# 其他 belongs nowhere in particular.
_L2_PARENTS: dict[str, tuple[str, ...]] = {
    "数量": ("产出",),
    "质量": ("产出",),
    "时效": ("产出",),
    "成本": ("成本", "产出"),
    "经济效益": ("效益",),
    "社会效益": ("效益",),
    "生态效益": ("效益",),
    "可持续影响": ("效益",),
    "服务对象满意度": ("满意度", "效益"),
    "投入管理": ("投入与管理",),
    "财务管理": ("投入与管理",),
    "项目管理": ("投入与管理",),
    "资产管理": ("投入与管理",),
    "长效管理": ("影响力",),
    "人力资源": ("影响力",),
    "部门协助": ("影响力",),
    "配套设施": ("影响力",),
    "信息共享": ("影响力",),
}


@dataclass(slots=True)
class _Row:
    """One indicator row while the table is read (plain data; the model is built at the end)."""

    level1: str | None
    level2: str | None
    level3: str | None
    description: str | None
    basis: str | None
    raw: str | None
    source: str
    printed: bool  # the row printed its own 一级 cell (else it was filled down)


def _realign_level1(rows: list[_Row]) -> None:
    """Move merged 一级 labels to the rows whose 二级 names their category, if that is orderly."""
    labels: list[str] = []
    for row in rows:
        if row.printed and row.level1 and row.level1 not in labels:
            labels.append(row.level1)
    by_category: dict[str, list[int]] = {}
    for k, lab in enumerate(labels):
        cat = normalise_level1(lab)
        if cat is not None:
            by_category.setdefault(cat, []).append(k)
    if len(by_category) < 2:
        return
    wanted: list[int | None] = []
    moved = False
    for row in rows:
        k = None
        for parent in _L2_PARENTS.get(normalise_level2(row.level2) or "", ()):
            ks = by_category.get(parent)
            if ks:
                k = ks[0] if len(ks) == 1 else None
                break
        wanted.append(k)
        if k is not None and row.level1 != labels[k]:
            moved = True
    if not moved:
        return
    last: int | None = None
    for i, k in enumerate(wanted):  # rows that name no category stay with the row above
        if k is None:
            wanted[i] = last
        else:
            last = k
    first = next((k for k in wanted if k is not None), None)
    if first is None:
        return
    filled = [first if k is None else k for k in wanted]
    if any(b < a for a, b in pairwise(filled)):
        return  # not a shifted merge but a row placed in another block: keep the print
    for row, k in zip(rows, filled, strict=True):
        row.level1 = labels[k]


# --- indicator rows --------------------------------------------------------------------------


_NO_COLUMN = 1 << 30  # the column index of a field the table does not have


# Value cells repeat within a document (=100%, ≥95%, 合理): each distinct one becomes one model,
# shared by the indicators of that document's result (validating it again costs more than the
# rest of the indicator). A fresh cache per document: no model is shared between two results.
_Values = dict[str, IndicatorValueModel]


def _value(raw: str | None, values: _Values) -> IndicatorValueModel | None:
    if not raw:
        return None
    model = values.get(raw)
    if model is None:
        v = _parse_value(raw)
        model = values[raw] = IndicatorValueModel.model_validate(
            {
                "raw": v.raw,
                "operator": v.operator,
                "number": v.number,
                "unit": v.unit,
                "text": v.text,
            }
        )
    return model


_INDICATORS = TypeAdapter(list[Indicator])


_WRAP_MIN = 8  # a cell of fewer characters was not wrapped: what follows it is a new line


def _continue(old: str | None, more: str) -> str:
    """``old`` continued by ``more``: glued when ``old`` was cut mid-sentence, else a new line."""
    if not old:
        return more
    if old.endswith(_TERMINAL) or _starts_item(more) or len(old) < _WRAP_MIN:
        return f"{old}\n{more}"
    return old + more


class _IndicatorReader:
    """Reads indicator rows one by one, filling merged cells down."""

    def __init__(self, cols: dict[str, int], values: _Values) -> None:
        self.values = values
        # A missing column gets an index past every row, so "c < len(row)" covers both cases.
        self.c1, self.c2, self.c3, self.cd, self.cb, self.cv = (
            cols.get(key, _NO_COLUMN) for key in ("l1", "l2", "l3", "description", "basis", "value")
        )
        self.rows: list[_Row] = []
        self.l1: str | None = None
        self.l2: str | None = None

    def add(self, row: list[Cell], header: bool = False) -> None:
        if not header:  # else the header repeated on a new page
            self.read([row])

    def read(self, rows: list[list[Cell]], skip: Container[int] = ()) -> None:
        """Read rows in order, passing over those whose id is in ``skip`` (repeated headers).

        One loop with the columns in locals: this runs for every indicator row of a document.
        """
        c1, c2, c3, cd, cb, cv = self.c1, self.c2, self.c3, self.cd, self.cb, self.cv
        out = self.rows
        fill1, fill2 = self.l1, self.l2  # the 一级/二级 in force (merged cells fill down)
        for row in rows:
            if skip and id(row) in skip:
                continue
            n = len(row)
            l1 = _label_cell(row[c1].text) if c1 < n else None
            l2 = _label_cell(row[c2].text) if c2 < n else None
            l3 = _label_cell(row[c3].text) if c3 < n else None
            desc = _text_cell(row[cd].text) if cd < n else None
            basis = _text_cell(row[cb].text) if cb < n else None
            raw = (row[cv].text.strip() or None) if cv < n else None
            if not (l1 or l2 or l3 or desc or basis or raw):
                continue  # spacer row
            if (l1 or l2 or l3 or raw or "")[:1] in _RULE_CHARS and all(
                _RULE.match(c.text) for c in row
            ):
                continue  # a Markdown table rule
            bare = not (raw or desc or basis)
            # A 二级 category label slid into the 三级 column ("| | 社会效益 | 经济效益 |"): a
            # category row; the printed 一级/二级 still hold for the rows below.
            category = l3 if bare and l3 and _is_category(l3) else None
            if category is None:
                if bare and l1 and not l2 and not l3 and _is_category(l1):
                    if not normalise_level1(l1):  # the same in the 一级 column ("资产管理 | | |")
                        out.append(
                            _Row(fill1, l1, None, None, None, None, self._source(row), False)
                        )
                        continue
                if not (l1 or l2 or raw) and out:
                    # A wrapped cell: text in the 三级/描述/依据 columns belongs to the row above.
                    prev = out[-1]
                    if l3:
                        prev.level3 = _continue(prev.level3, l3)
                    if desc:
                        prev.description = _continue(prev.description, desc)
                    if basis:
                        prev.basis = _continue(prev.basis, basis)
                    continue
            if l1:
                if l1 != fill1:
                    fill2 = None  # a new 一级 block: its 二级 is not the one above
                fill1 = l1
            if l2:
                fill2 = l2
            if category is not None:
                out.append(
                    _Row(fill1, category, None, None, None, None, self._source(row), bool(l1))
                )
            else:
                source = str(row[c3].source) if c3 < n else self._source(row)
                out.append(_Row(fill1, fill2, l3, desc, basis, raw, source, bool(l1)))
        self.l1, self.l2 = fill1, fill2

    def _source(self, row: list[Cell]) -> str:
        """Where a row is: its 三级 cell, else its first cell with text."""
        if self.c3 < len(row):
            return str(row[self.c3].source)
        return str(next((x for x in row if x.text.strip()), row[0]).source)

    def finish(self) -> list[Indicator]:
        _realign_level1(self.rows)
        values = self.values
        return _INDICATORS.validate_python(  # one call for the whole table
            [
                {
                    "level1": r.level1,
                    "level2": r.level2,
                    "level3": r.level3,
                    "category1": normalise_level1(r.level1),
                    "category2": normalise_level2(r.level2),
                    "description": r.description,
                    "basis": r.basis,
                    "value": _value(r.raw, values),
                    "source": r.source,
                }
                for r in self.rows
            ]
        )


def _is_category(text: str) -> bool:
    """A bare 二级 category label (成本, 经济效益, 环境效益, 资产管理 …)."""
    t = squash(text)
    return len(t) <= 8 and (normalise_level2(t) or "") in _L2_PARENTS


# --- project groups --------------------------------------------------------------------------


@dataclass(slots=True)
class _Group:
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
    if table.rows and any(_title_match(c.text) for c in table.rows[0]):
        feats.add("name")  # the title printed as the table's first row
    found: set[str | None] = set()
    for row in table.rows:
        for cell in row[:4]:  # _indicator_columns's own first test, without a call per row
            if "级" in cell.text:
                cols = _indicator_columns(row)
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
    t = _label(text)
    if not t or len(t) > _MAX_LABEL:
        return None
    f = _FIELDS.get(t)
    if f is not None:
        return "goal" if f in _DETAIL_FIELDS else f
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
_DEPARTMENT = ("年度履职目标", "年度主要任务", "部门预算总额", "部门(单位)名称", "部门名称")


def _is_department(table: Table) -> bool:
    for row in table.rows[:6]:
        if row and ("部门" in row[0].text or "年度" in row[0].text):
            t = _label(row[0].text)
            if any(k in t for k in _DEPARTMENT):
                return True
    return False


def _is_title(p: Paragraph) -> re.Match[str] | None:
    return _title_match(p.text)


def _title_match(text: str) -> re.Match[str] | None:
    """The name part of a title line or title cell ("3、XXX绩效目标表")."""
    t = text.rstrip()
    if len(t) > 120 or "表" not in t[-8:]:
        return None
    t = _one_line(t)
    if len(t) > 90:
        return None
    return _TITLE.match(t)


def _is_break(p: Paragraph) -> bool:
    """A heading that ends the project part (a new numbered section or 第N部分)."""
    if len(p.text) > 80:
        return False
    return _part_heading(p) or _classify_heading(p.text) is not None


def _is_subheading(p: Paragraph) -> bool:
    """Short captions between the tables of one project: 项目详细信息, (2020年), 单位：万元."""
    return _is_caption(p.text)


@lru_cache(maxsize=4096)
def _is_caption(text: str) -> bool:
    t = squash(text)
    if _UNIT_CELL.search(t) or _PAGE_NO.match(t):
        return True
    return len(t) <= 12 and not any(ch in t for ch in "，。；,;") and not _ENUM.match(t)


def _money_unit_in(texts: list[str]) -> str | None:
    for t in texts:
        if "单位" in t:
            unit = _money_unit_of(t)
            if unit is not None:
                return unit
    return None


@lru_cache(maxsize=4096)
def _money_unit_of(text: str) -> str | None:
    """万元 or 元 from "单位：万元"; cached: 单位编码 / 单位名称 labels head every project."""
    m = _UNIT_CELL.search(squash(text))
    return m.group(1) if m else None


def _group_projects(blocks: list[Block]) -> tuple[list[_Group], list[Table]]:
    """Project groups in document order, and the department-level tables."""
    groups: list[_Group] = []
    departments: list[Table] = []
    unit: str | None = None
    title: Paragraph | None = None
    current: _Group | None = None
    pending: list[Paragraph] = []  # text between two tables of the open group
    for block in blocks:
        if isinstance(block, Paragraph):
            unit = _money_unit_in([block.text]) or unit
            if _is_title(block):
                title, current, pending = block, None, []
            elif _is_break(block):
                title, current, pending = None, None, []
            elif current is not None and not _is_subheading(block):
                pending.append(block)
            continue
        table = block
        unit = _money_unit_in([c.text for r in table.rows[:3] for c in r]) or unit
        if _is_department(table):
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
        fresh = (
            current is None
            or title is not None
            or bool(feats & current.features & set(_SINGLE))
            or ("name" in feats and "name" in current.features)
        )
        if fresh:
            current = _Group(title, unit)
            groups.append(current)
            title, pending = None, []
        _extend(current, table, pending, headers)
        current.features |= feats
        pending = []
    return groups, departments


def _extend(
    group: _Group, table: Table, pending: list[Paragraph], headers: dict[int, dict[str, int]]
) -> None:
    """Add a table's rows; paragraphs in between continue the last cell that was cut off."""
    if pending and group.rows:
        last = next((c for c in reversed(group.rows[-1]) if c.text.strip()), None)
        if last is not None:
            text = last.text
            for p in pending:
                text = _continue(text, p.text.strip())
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


def _amount(cell: Cell, label: str, unit: str | None) -> Amount | None:
    value = parse_number(cell.text)
    if value is None:
        return None
    m = _LABEL_UNIT.search(label)
    return Amount(
        value=to_wan(value, m.group(1) if m else unit),
        raw=cell.text.strip(),
        source=str(cell.source),
    )


def _read_project(group: _Group, values: _Values) -> Project | None:
    data: dict[str, object] = {}
    details: dict[str, str] = {}
    amounts: dict[str, Amount] = {}
    plan: dict[int, str] = {}  # column → 3月底
    steps: list[SpendingStep] = []
    indicators: _IndicatorReader | None = None
    unit = group.unit
    row_label = ""
    headers = group.headers
    for r, row in enumerate(group.rows):
        texts = [c.text.strip() for c in row]
        if _is_rule_row(texts):
            continue
        cols = headers.get(id(row))
        if cols is not None:  # the rest of the group is the indicator block
            indicators = _IndicatorReader(cols, values)
            indicators.read(group.rows[r + 1 :], headers)
            break
        u = _money_unit_in(texts)
        if u is not None:
            unit = u
            if r == 0:  # "312001保定市公安局本级 | 单位：万元": the unit that carries the project
                head = next((_one_line(t) for t in texts if t and not _UNIT_CELL.search(t)), "")
                m = _UNIT_HEAD.match(head)
                if m:
                    data.setdefault("unit_code", m.group("code"))
                    data.setdefault("unit", m.group("name").strip())
                elif head:
                    data.setdefault("unit", head)
            continue
        if r == 0 and "name" not in data:
            cell = next((c for c in row if _title_match(c.text)), None)
            if cell is not None:  # the title printed inside the table
                data["title_name"] = _title_name(cell)
                continue
        if texts and texts[0]:
            row_label = texts[0]
            plan = {}
        free: list[str] = []
        paired = False  # the row holds label/value pairs: "项目名称 | X | 主管部门 | Y"
        i = 0
        while i < len(row):
            t = texts[i]
            if not t:
                i += 1
                continue
            f = _field_of(t)
            if "支出计划" in _label(t):
                plan = {j: _one_line(texts[j]) for j in range(i + 1, len(row)) if texts[j]}
                steps = []
                for by in list(plan.values()):
                    m = _PLAN_STEP.match(by)
                    if m:  # "3月底：25%" in one cell
                        steps.append(SpendingStep(by=m.group("by"), percent=_pct(m.group("pct"))))
                if steps:
                    plan = {}
                break
            if f is not None and (i + 1 >= len(row) or _field_of(texts[i + 1]) is None):
                value = row[i + 1] if i + 1 < len(row) else None
                _put(data, details, amounts, f, _label(t), row_label + t, value, unit)
                paired = True
                i += 2
                continue
            if paired and i + 1 < len(row) and texts[i + 1] and len(_label(t)) <= _MAX_LABEL:
                details.setdefault(_label(t), _tidy(texts[i + 1]))  # a label we do not know
                i += 2
                continue
            if i > 0 or len(_label(t)) > _MAX_LABEL:  # else: the row's own label
                free.append(t)
            i += 1
        if plan and not texts[0] and not any("支出计划" in _label(t) for t in texts):
            for j, by in plan.items():
                pct = texts[j] if j < len(texts) else ""
                steps.append(SpendingStep(by=by, percent=_pct(pct)))
            plan = {}
            continue
        if free:
            _free_text(data, details, row_label, _join([_tidy(t) for t in free]) or "")
    name = (
        data.get("name")
        or (_title_name(group.title) if group.title else None)
        or data.get("title_name")
    )
    if not name and indicators is None and "goal" not in data:
        return None
    goal = data.get("annual_goal") or data.get("goal") or data.get("total_goal")
    first = next((c for row in group.rows for c in row if c.text.strip()), None)
    return Project(
        name=str(name or "未命名项目"),
        code=data.get("code"),  # type: ignore[arg-type]
        unit_code=data.get("unit_code"),  # type: ignore[arg-type]
        budget=data.get("budget"),  # type: ignore[arg-type]
        fiscal=data.get("fiscal"),  # type: ignore[arg-type]
        other=data.get("other"),  # type: ignore[arg-type]
        purpose=data.get("purpose"),  # type: ignore[arg-type]
        spending_plan=steps,
        start=data.get("start"),  # type: ignore[arg-type]
        end=data.get("end"),  # type: ignore[arg-type]
        goal=goal,  # type: ignore[arg-type]
        details=details,
        indicators=indicators.finish() if indicators is not None else [],
        source=str(group.title.source if group.title else first.source if first else ""),
        title=_one_line(group.title.text) if group.title else None,
        unit=data.get("unit"),  # type: ignore[arg-type]
        owner=data.get("owner"),  # type: ignore[arg-type]
        contact=data.get("contact"),  # type: ignore[arg-type]
        phone=data.get("phone"),  # type: ignore[arg-type]
        total=data.get("total"),  # type: ignore[arg-type]
        amounts=amounts,
    )


def _pct(text: str) -> Decimal | None:
    """A spending-plan percentage: "25%" or "25" → 25; blank → None."""
    m = _PERCENT.search(text)
    return Decimal(m.group(1)) if m else parse_number(text)


def _title_name(title: Paragraph | Cell) -> str | None:
    m = _title_match(_strip_enum(title.text))  # before the spaces go: "10 安次分局…"
    if m is None:
        return None
    return _strip_enum(m.group("name")) or None


def _put(
    data: dict[str, object],
    details: dict[str, str],
    amounts: dict[str, Amount],
    f: str,
    label: str,
    printed: str,
    cell: Cell | None,
    unit: str | None,
) -> None:
    if f in _MONEY:
        a = _amount(cell, printed, unit) if cell is not None else None
        if a is not None:
            amounts.setdefault(label, a)
            if f != "amount":
                data.setdefault(f, a)
        return
    text = _tidy(cell.text) if cell is not None else ""
    if not text:
        return
    if f in _DETAIL_FIELDS:
        details.setdefault(label, text)
    elif f == "name":
        text = text.replace("\n", "")
    data.setdefault(f, text)


def _free_text(data: dict[str, object], details: dict[str, str], label: str, text: str) -> None:
    """Text with no label of its own belongs to the row label above it (merged label cell)."""
    if not text:
        return
    lab = _label(label)
    f = _field_of(label)
    if "资金用途" in lab or "用途" in lab:
        f = "purpose"
    elif f is None and ("目标" in lab and "指标" not in lab):
        f = "goal"
    if f in ("purpose", "goal", "annual_goal", "total_goal"):
        old = data.get(f)
        data[f] = _continue(str(old), text) if old else text
        if f != "purpose":
            details[lab] = str(data[f])
        return
    if lab and len(lab) <= 20:
        details[lab] = _continue(details[lab], text) if lab in details else text


# --- department ------------------------------------------------------------------------------

_BUDGET_KEYS = (
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("财政", "fiscal"),
    ("其他资金", "other"),
    ("总额", "total"),
    ("合计", "total"),
    ("总计", "total"),
)


def _read_department_table(
    table: Table, dep: DepartmentPerformance, unit: str | None, values: _Values
) -> None:
    dep.source = dep.source or str(table.source)
    label = ""
    indicators: _IndicatorReader | None = None
    task_cols: tuple[int, int] | None = None
    for row in table.rows:
        texts = [c.text.strip() for c in row]
        cols = _indicator_columns(row)
        if indicators is not None:
            indicators.add(row, cols is not None)
            continue
        if cols is not None:
            indicators = _IndicatorReader(cols, values)
            continue
        if texts and texts[0]:
            label = _label(texts[0])
        rest = [(j, t) for j, t in enumerate(texts[1:], 1) if t]
        if not rest:
            continue
        if ("名称" in label and "部门" in label) or label == "单位名称":
            dep.unit = dep.unit or _one_line(rest[0][1])
        elif "履职目标" in label:
            dep.overall_goal = dep.overall_goal or _join([_tidy(t) for _, t in rest])
        elif "任务" in label:
            if task_cols is None and any("任务名称" in squash(t) for _, t in rest):
                name_col = next(j for j, t in rest if "任务名称" in squash(t))
                content_col = next((j for j, t in rest if j > name_col), name_col + 1)
                task_cols = (name_col, content_col)
                continue
            nc, cc = task_cols or (rest[0][0], rest[0][0] + 1)
            name = _one_line(texts[nc]) if nc < len(texts) else ""
            content = _tidy(texts[cc]) if cc < len(texts) else ""
            if name:
                dep.tasks.append(Task(name=name, content=content or None))
        elif "预算" in label:
            key_text = rest[0][1] if parse_number(rest[0][1]) is None else label
            cells = [row[j] for j, _ in rest if parse_number(texts[j]) is not None]
            if not cells:
                continue
            k = _label(key_text)
            key = next((v for w, v in _BUDGET_KEYS if w in k), _strip_enum(k))
            a = _amount(cells[0], key_text, unit)
            if a is not None:
                dep.budget.setdefault(key, a)
    if indicators is not None:
        dep.indicators.extend(indicators.finish())


# --- department narrative --------------------------------------------------------------------

_OVERALL = ("总体绩效目标", "总体目标", "整体绩效目标", "年度总体目标")
_SUBGOALS = ("分项绩效目标", "分项目标")
_MEASURES = ("保障措施",)
# _heading_kind's cheap test: every keyword holds 标 or 措.
assert all("标" in w or "措" in w for w in (*_OVERALL, *_SUBGOALS, *_MEASURES))


def _heading_kind(p: Paragraph) -> str | None:
    if "标" not in p.text and "措" not in p.text:  # in every keyword: 目标, 措施
        return None
    t = squash(p.text)
    if len(t) > 30 or t.endswith(_TERMINAL):
        return None
    if any(w in t for w in _MEASURES):
        return "measures"
    if any(w in t for w in _SUBGOALS):
        return "goals"
    if any(w in t for w in _OVERALL):
        return "overall"
    return None


def _is_subgoal_title(p: Paragraph) -> bool:
    t = _one_line(p.text)
    if len(squash(t)) > 40 or t.endswith(_TERMINAL) or _GOAL_LABEL.match(t):
        return False
    return p.heading_level is not None or p.bold or bool(_ENUM.match(t))


def _read_narrative(paragraphs: list[Paragraph], dep: DepartmentPerformance) -> None:
    state: str | None = None
    overall: list[str] = []
    measures: list[list[str]] = []
    goal: SubGoal | None = None
    slot = ""  # "goal" or "indicators" of the current sub-goal
    parts: dict[str, list[str]] = {}

    def close_goal() -> None:
        if goal is not None:
            goal.goal = _join(parts.get("goal", []))
            goal.indicators = _join(parts.get("indicators", []))

    for p in paragraphs:
        kind = _heading_kind(p)
        if kind is not None:
            state = kind
            continue
        text = _tidy(p.text)
        if not text:
            continue
        if state == "overall":
            overall.append(text)
        elif state == "goals":
            m = _GOAL_LABEL.match(text)
            if m:
                slot = "indicators" if "指标" in m.group(0) else "goal"
                if goal is None:
                    goal = SubGoal(title="")
                    dep.goals.append(goal)
                parts.setdefault(slot, []).append(text[m.end() :].strip())
            elif _is_subgoal_title(p):
                close_goal()
                goal = SubGoal(title=_strip_enum(_one_line(text)))
                dep.goals.append(goal)
                parts, slot = {}, "goal"
            elif goal is not None:
                parts.setdefault(slot or "goal", []).append(text)
        elif state == "measures":
            if measures and not measures[-1][-1].endswith(_TERMINAL) and not _ENUM.match(text):
                measures[-1].append(text)  # a line wrapped by the export
            else:
                measures.append([text])
    close_goal()
    if overall:
        dep.overall_goal = _join(overall)
    dep.measures = [_strip_enum("".join(m)) for m in measures]


def _narrative_paragraphs(sections: list[Section], blocks: list[Block]) -> list[Paragraph]:
    """Paragraphs of the performance part, up to the first project title or table.

    The part is the performance section(s); without one (an unnumbered heading), it starts at
    the first 总体绩效目标 / 分项绩效目标 / 保障措施 heading.
    """
    runs: list[list[Block]] = [
        ([s.heading] if s.heading is not None else []) + s.blocks
        for s in sections
        if s.key == "performance"
    ]
    if not runs:
        start = next(
            (
                k
                for k, b in enumerate(blocks)
                if isinstance(b, Paragraph) and _heading_kind(b) is not None
            ),
            None,
        )
        runs = [blocks[start:]] if start is not None else []
    out: list[Paragraph] = []
    for run in runs:
        for b in run:
            if isinstance(b, Table):
                break
            if (_is_title(b) or _part_heading(b)) and _heading_kind(b) is None:
                break  # the project part begins
            out.append(b)
    return out


def _part_heading(p: Paragraph) -> bool:
    if "部" not in p.text:  # cheap test first: spaces may split 部分 but not 部
        return False
    t = squash(p.text)
    return t.startswith("第") and "部分" in t[:5]


# --- entry point -----------------------------------------------------------------------------


def extract_performance(
    blocks: list[Block], sections: list[Section]
) -> tuple[Performance, list[Table]]:
    """The department's targets and one project per target table, with the tables read."""
    perf = Performance()
    dep = perf.department
    _read_narrative(_narrative_paragraphs(sections, blocks), dep)
    groups, departments = _group_projects(blocks)
    used: list[Table] = []
    values: _Values = {}
    for table in departments:
        unit = _money_unit_in([c.text for c in table.rows[0]])
        _read_department_table(table, dep, unit, values)
        used.append(table)
    for group in groups:
        if not group.features & {"goal", "indicators"}:
            continue  # a 项目名称 column in some other table (政府采购预算表 …)
        project = _read_project(group, values)
        if project is not None:
            perf.projects.append(project)
            used.extend(group.tables)
    return perf, used

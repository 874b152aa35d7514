"""Indicator blocks (一级/二级/三级指标 rows) of project and department target tables.

Blank 一级/二级 cells are filled down (merged cells). A row that carries only a category (Henan
"资产管理" with no 三级) is kept with ``level3`` null. A row with nothing but a piece of text in
the 三级/描述/依据 columns continues the row above (a wrapped cell), so no phantom indicators
appear. Where a merged 一级 label is printed at the wrong row (Henan exports print it several rows
early), the labels are moved to the rows whose 二级 category they name — only when that gives a
clean top-to-bottom order; otherwise the print is kept.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from pydantic import TypeAdapter

from yusuan.blocks import Cell
from yusuan.extract.performance.text import (
    RULE,
    RULE_CHARS,
    continued,
    label_cell,
    normalise_level1,
    normalise_level2,
    parse_value,
    text_cell,
)
from yusuan.model import Indicator, IndicatorValueModel, Source
from yusuan.vocab.text import squash

__all__ = ["IndicatorReader", "Values", "indicator_columns"]


def indicator_columns(row: list[Cell]) -> dict[str, int] | None:
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
    source: Source
    printed: bool  # the row printed its own 一级 cell (else it was filled down)


def _realign_level1(rows: list[_Row]) -> None:
    """Move merged 一级 labels to the rows whose 二级 names their category, if that is orderly."""
    labels: list[str] = []
    for row in rows:
        if row.printed and row.level1 and row.level1 not in labels:
            labels.append(row.level1)
    by_category: dict[str, list[int]] = {}
    for n, lab in enumerate(labels):
        cat = normalise_level1(lab)
        if cat is not None:
            by_category.setdefault(cat, []).append(n)
    if len(by_category) < 2:
        return
    wanted: list[int | None] = []
    moved = False
    for row in rows:
        k: int | None = None
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
Values = dict[str, IndicatorValueModel]


def _value(raw: str | None, values: Values) -> IndicatorValueModel | None:
    if not raw:
        return None
    model = values.get(raw)
    if model is None:
        v = parse_value(raw)
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


# The six fields of an indicator row: 一级, 二级, 三级, description, basis, value.
_Fields = tuple[str | None, str | None, str | None, str | None, str | None, str | None]


class IndicatorReader:
    """Reads indicator rows one by one, filling merged cells down."""

    def __init__(self, cols: dict[str, int], values: Values) -> None:
        self.values = values
        # A missing column gets an index past every row, so "c < len(row)" covers both cases.
        self.c1, self.c2, self.c3, self.cd, self.cb, self.cv = (
            cols.get(key, _NO_COLUMN) for key in ("l1", "l2", "l3", "description", "basis", "value")
        )
        self.rows: list[_Row] = []
        self.l1: str | None = None  # the 一级/二级 in force (merged cells fill down)
        self.l2: str | None = None

    def add(self, row: list[Cell], header: bool = False) -> None:
        if not header:  # else the header repeated on a new page
            self.read([row])

    def read(self, rows: list[list[Cell]], skip: Container[int] = ()) -> None:
        """Read rows in order, passing over those whose id is in ``skip`` (repeated headers).

        The common path stays in this loop: it runs for every indicator row of a document.
        """
        out, c3 = self.rows, self.c3
        for row in rows:
            if skip and id(row) in skip:
                continue
            fields = self._fields(row)
            if fields is None:
                continue
            l1, l2, l3, desc, basis, raw = fields
            bare = not (raw or desc or basis)
            # A 二级 category label slid into the 三级 column ("| | 社会效益 | 经济效益 |"): a
            # category row; the printed 一级/二级 still hold for the rows below.
            category = l3 if bare and l3 and _is_category(l3) else None
            # Cheap test first: a row with a value (most rows) is never one aside.
            if (
                category is None
                and (bare or not (l1 or l2 or raw))
                and self._aside(row, fields, bare)
            ):
                continue
            if l1:
                if l1 != self.l1:
                    self.l2 = None  # a new 一级 block: its 二级 is not the one above
                self.l1 = l1
            if l2:
                self.l2 = l2
            source = Source(str(row[c3].source)) if c3 < len(row) else self._source(row)
            if category is not None:
                out.append(_Row(self.l1, category, None, None, None, None, source, bool(l1)))
            else:
                out.append(_Row(self.l1, self.l2, l3, desc, basis, raw, source, bool(l1)))

    def _fields(self, row: list[Cell]) -> _Fields | None:
        """The row's fields; None for a spacer row or a Markdown table rule."""
        n = len(row)
        c1, c2, c3, cd, cb, cv = self.c1, self.c2, self.c3, self.cd, self.cb, self.cv
        l1 = label_cell(row[c1].text) if c1 < n else None
        l2 = label_cell(row[c2].text) if c2 < n else None
        l3 = label_cell(row[c3].text) if c3 < n else None
        desc = text_cell(row[cd].text) if cd < n else None
        basis = text_cell(row[cb].text) if cb < n else None
        raw = (row[cv].text.strip() or None) if cv < n else None
        if not (l1 or l2 or l3 or desc or basis or raw):
            return None  # spacer row
        if (l1 or l2 or l3 or raw or "")[:1] in RULE_CHARS and all(RULE.match(c.text) for c in row):
            return None  # a Markdown table rule
        return l1, l2, l3, desc, basis, raw

    def _aside(self, row: list[Cell], fields: _Fields, bare: bool) -> bool:
        """Read a row that adds no indicator of its own (a category in the 一级 column, a
        wrapped cell); False when ``row`` is not one."""
        l1, l2, l3, desc, basis, raw = fields
        out = self.rows
        if bare and l1 and not l2 and not l3 and _is_category(l1) and not normalise_level1(l1):
            # The category in the 一级 column ("资产管理 | | |").
            out.append(_Row(self.l1, l1, None, None, None, None, self._source(row), False))
            return True
        if not (l1 or l2 or raw) and out:
            # A wrapped cell: text in the 三级/描述/依据 columns belongs to the row above.
            prev = out[-1]
            if l3:
                prev.level3 = continued(prev.level3, l3)
            if desc:
                prev.description = continued(prev.description, desc)
            if basis:
                prev.basis = continued(prev.basis, basis)
            return True
        return False

    def _source(self, row: list[Cell]) -> Source:
        """Where a row is: its 三级 cell, else its first cell with text."""
        if self.c3 < len(row):
            return Source(str(row[self.c3].source))
        return Source(str(next((x for x in row if x.text.strip()), row[0]).source))

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

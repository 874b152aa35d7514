"""H: checks across stored documents — last year's disclosure and the department's sub-units.

These rules need other disclosures, so they run only when the check is given a history
(``ctx.history``, set by ``yusuan load`` from the database); otherwise they are not applicable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

from yusuan.check.arith import differs, fmt, tolerance
from yusuan.check.context import Context
from yusuan.check.findings import Finding, Location
from yusuan.check.registry import FAMILIES, no_data, not_applicable, rule
from yusuan.model import Amount, Disclosure, TableModel
from yusuan.vocab import OVERVIEW_LABELS
from yusuan.vocab.text import bare_name

FAMILIES.setdefault("H", "跨文件与历年 / across stored documents and years")


class History(Protocol):
    """What the store offers a rule about other disclosures (see yusuan.store.history)."""

    def previous(self) -> Disclosure | None:
        """The same unit's disclosure of the year before (same kind, current version)."""
        ...

    def member(self, name: str) -> Disclosure | None:
        """The same year's disclosure of the unit called ``name`` (a sub-unit), if stored."""
        ...


WHY_YEARS = (
    "预算公开要求对收支增减变化作出说明（财预〔2016〕143号）；“比上年增加/减少”与上年已公开的数字不符，"
    "说明其中一处有误，公众无法据此了解变化。"
)
FIELDS = {
    "total": ("收支总预算", ("expenditure_total", "income_total")),
    "expenditure_total": (OVERVIEW_LABELS["expenditure_total"], ("expenditure_total",)),
    **{k: (label, (k,)) for k, label in OVERVIEW_LABELS.items() if k != "expenditure_total"},
}


def _history(ctx: Context) -> History:
    h: History | None = getattr(ctx, "history", None)
    if h is None:
        raise not_applicable("没有已入库的其他文件可比（用 yusuan load 入库后检查）")
    return h


def _previous(ctx: Context) -> Disclosure:
    h = _history(ctx)
    if ctx.d.year is None or not ctx.d.unit.name:
        raise not_applicable("文件未识别出单位或年度")
    prev = ctx.shared("previous", h.previous)  # one look-up in the store for all H rules
    if prev is None:
        raise not_applicable(f"库中没有该单位 {ctx.d.year - 1} 年的文件")
    return prev


def _overview_value(d: Disclosure, fields: tuple[str, ...]) -> Amount | None:
    for f in fields:
        a = getattr(d.overview, f)
        if a is not None:
            return a
    return None


def _prev_loc(prev: Disclosure, a: Amount | None) -> Location:
    return Location.at(a.source if a else prev.source.path, text=a.raw if a else None)


def _change_finding(
    ctx: Context,
    label: str,
    stated: Amount,
    now: Amount,
    before: Amount,
    prev: Disclosure,
    section: str,
) -> Iterator[Finding]:
    expected = now.value - before.value
    tol = tolerance([now, before], stated)
    if not differs(expected, stated.value, tol):
        return
    word = "增加" if stated.value >= 0 else "减少"
    yield ctx.finding(
        f"{label}“比上年{word} {fmt(abs(stated.value))} 万元”，但按 {prev.year} 年已公开的 "
        f"{fmt(before.value)} 万元计算，实际变化为 {fmt(expected)} 万元。",
        locations=[ctx.at(stated), ctx.at(now), _prev_loc(prev, before)],
        expected=expected,
        actual=stated.value,
        arithmetic=f"{fmt(now.value)} − {fmt(before.value)} = {fmt(expected)} ≠ {fmt(stated.value)}",
        tolerance=tol,
        suggestion=f"核对本年与上年的{label}；按上年公开数，变化应为 {fmt(expected)} 万元。",
        section=section,
    )


@rule(
    "H001",
    "warning",
    "与上年比：总体收支的增减额与上年公开数一致",
    what="文字说明中“比上年增加/减少 X 万元”（收支总预算、基本支出、人员经费、公用经费、项目支出、"
    "各来源收入）等于本年数减去库中上年公开文件的同项数字。",
    why=WHY_YEARS,
    example="廊坊市公安局安次分局2020年：“收支总预算8579.96万元，比上年增加80.31万元”，"
    "则2019年公开的收支总预算应为 8499.65 万元。",
    fix="核对本年增减额与上年公开数；如上年数据在公开后调整过，在说明中注明口径。",
)
def overview_changes(ctx: Context) -> Iterator[Finding]:
    prev = _previous(ctx)
    ov, pov = ctx.d.overview, prev.overview
    if not ov.changes:
        raise no_data("文字说明没有给出比上年增减额")
    compared = 0
    for key, stated in ov.changes.items():
        if key in FIELDS:
            label, fields = FIELDS[key]
            now, before = _overview_value(ctx.d, fields), _overview_value(prev, fields)
        else:  # a source of income, by its label
            label = key
            now, before = ov.income_by_source.get(key), pov.income_by_source.get(key)
        if now is None or before is None:
            continue
        compared += 1
        yield from _change_finding(ctx, label, stated, now, before, prev, "收支总体情况")
    if not compared:
        raise no_data("上年文件没有可比的同项数字")


@rule(
    "H002",
    "warning",
    "与上年比：“三公”经费和机关运行经费的增减与上年公开数一致",
    what="“三公”经费、机关运行经费说明中的“比上年增加/减少 X 万元”等于本年数减去上年公开数；"
    "文中列出的上年机关运行经费等于上年文件公开的数字。",
    why=WHY_YEARS + " “三公”经费和机关运行经费的增减是公开的重点（财预〔2016〕143号）。",
    example="中共河北省大城县委政法委员会2020年：“三公”经费 6.5 万元，比上年减少 2.5 万元，"
    "则2019年公开的“三公”经费应为 9 万元。",
    fix="核对本年与上年的“三公”经费、机关运行经费及其增减额。",
)
def three_public_changes(ctx: Context) -> Iterator[Finding]:
    prev = _previous(ctx)
    tp, ptp = ctx.d.three_public, prev.three_public
    oc, poc = ctx.d.operating_costs, prev.operating_costs
    compared = 0
    if tp.change is not None and tp.total is not None and ptp.total is not None:
        compared += 1
        yield from _change_finding(
            ctx, "“三公”经费", tp.change, tp.total, ptp.total, prev, "“三公”经费"
        )
    if oc.change is not None and oc.amount is not None and poc.amount is not None:
        compared += 1
        yield from _change_finding(
            ctx, "机关运行经费", oc.change, oc.amount, poc.amount, prev, "机关运行经费"
        )
    if oc.previous is not None and poc.amount is not None:
        compared += 1
        yield from ctx.compare_equal(
            poc.amount,
            oc.previous,
            f"文中所列上年机关运行经费与 {prev.year} 年公开的数字不符。",
            [ctx.at(oc.previous), _prev_loc(prev, poc.amount)],
            section="机关运行经费",
            expected_label=f"{prev.year} 年公开 ",
            actual_label="本年文件所列上年数 ",
        )
    if not compared:
        raise no_data("本年或上年文件没有“三公”经费、机关运行经费的可比数字")


def _prev_columns(t: TableModel, year: int) -> list[str]:
    marks = ("上年", f"{year - 1}年")
    return [c for c in t.columns if any(m in c for m in marks) and "决算" not in c]


def _row_key(code: str | None, name: str | None) -> str:
    return code or re.sub(r"\s+", "", bare_name(name or ""))


@rule(
    "H003",
    "warning",
    "与上年比：表中“上年数”列与上年公开的表一致",
    what="本年预算表中标为“上年”或“{上年年份}年”的列，逐行等于库中上年文件同一张表的本年数"
    "（按科目编码或行名对行，按同名列或合计列对列）。",
    why="上年数是比较的基准；与上年公开的表不符，说明抄录有误或上年数据公开后被调整却未说明。",
    example="某单位2020年“三公”经费表“2019年预算数”列公务接待费 3.00 万元，而2019年公开的表中为 3.50 万元。",
    fix="按上年公开的表更正“上年数”列，或说明口径调整。",
)
def previous_columns(ctx: Context) -> Iterator[Finding]:
    prev = _previous(ctx)
    year = ctx.d.year
    assert year is not None
    compared = 0
    for t in ctx.d.tables:
        cols = _prev_columns(t, year)
        if t.empty or not cols:
            continue
        pt = next((p for p in prev.tables if p.kind == t.kind and not p.empty), None)
        if pt is None:
            continue
        prows = {_row_key(r.code, r.name): r for r in pt.rows}
        for col in cols:
            pcol = col if col in pt.columns else pt.total_column()
            if pcol is None:
                continue
            for r in t.rows:
                stated = r.values.get(col)
                pr = prows.get(_row_key(r.code, r.name))
                before = pr.values.get(pcol) if pr else None
                if stated is None or before is None:
                    continue
                compared += 1
                yield from ctx.compare_equal(
                    before,
                    stated,
                    f"《{t.title}》“{col}”列与 {prev.year} 年公开的《{pt.title}》不符。",
                    [ctx.cell(t, r, col), _prev_loc(prev, before)],
                    section=t.title,
                    expected_label=f"{prev.year} 年公开 ",
                    actual_label="本年表中上年数 ",
                )
    if not compared:
        raise no_data("本年表中没有可与上年表对照的“上年数”列")


@rule(
    "H004",
    "warning",
    "部门与所属单位：各单位支出之和等于部门支出",
    what="部门预算列出的各所属单位（单位构成）都已入库时，各单位同年的支出合计之和等于部门的支出合计。",
    why="部门预算由所属各单位预算汇总而成（《预算法》第三十一条、财预〔2016〕143号），"
    "汇总数与各单位公开数不符，说明其中有遗漏或重复。",
    example="某部门2023年支出合计 27606.50 万元，所属三个单位公开的支出合计之和为 27506.50 万元，相差 100 万元。",
    fix="核对部门汇总表与各单位公开的支出合计，补上遗漏或删去重复的单位。",
)
def members_sum(ctx: Context) -> Iterator[Finding]:
    h = _history(ctx)
    own = re.sub(r"\s+", "", ctx.d.unit.name or "")
    names = [o.name for o in ctx.d.organisations if re.sub(r"\s+", "", o.name) != own]
    if len(names) < 2:
        raise not_applicable("部门未列出两个以上所属单位")
    total = _overview_value(ctx.d, ("expenditure_total", "income_total"))
    if total is None:
        raise no_data("部门文件没有支出合计")
    parts: list[tuple[str, Amount | None]] = []
    missing: list[str] = []
    for n in names:
        md = h.member(n)
        if md is None:
            missing.append(n)
        else:
            parts.append((n, _overview_value(md, ("expenditure_total", "income_total"))))
    if missing:
        raise not_applicable(f"{len(missing)} 个所属单位尚未入库：" + "、".join(missing[:5]))
    if any(a is None for _, a in parts):
        raise no_data("有所属单位文件没有支出合计")
    yield from ctx.compare_sum(
        total,
        parts,
        "部门支出合计与所属各单位支出合计之和不符。",
        ctx.amounts(total, *(a for _, a in parts)),
        section="单位构成",
        suggestion="核对部门汇总数与各单位公开数。",
    )

"""T: "三公" tables laid out by column (预算数 | 决算数 per part), and row numbering (序号)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.check.context import Context
from yusuan.check.findings import Finding, Location
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.check.rules.common import three_public_part
from yusuan.check.rules.table_arith import WHY_TABLES
from yusuan.model import Amount, TableModel, TableRow
from yusuan.vocab.text import cn_int, squash

_SUFFIXES = ("预算数", "决算数", "本年", "上年", "本年预算", "上年预算", "增减")


def _part(segments: list[str]) -> str | None:
    """The "三公" part a column path names; 出国 and 接待 anywhere in the path win (a header
    merged over two rows may print "公务接待费/公务用车运行费")."""
    inner = [squash(s) for s in segments[1:]] or [squash(segments[0])]
    joined = "/".join(inner)
    if "出国" in joined:
        return "outbound"
    if "会议" in joined:
        return "meeting"  # Jiangsu's "三公"经费、会议费、培训费 table adds both into 合计
    if "培训" in joined:
        return "training"
    if "接待" in joined:
        return "reception"
    last = inner[-1]
    if last == "小计" and len(inner) > 1:
        return "vehicle_total" if "公务用车" in inner[-2] else None
    return three_public_part(last)


def _groups(t: TableModel) -> dict[str, dict[str, str]]:
    """Columns by their trailing label (预算数, 决算数 …), each part → column."""
    groups: dict[str, dict[str, str]] = {}
    for c in t.columns:
        segs = c.split("/")
        suffix = segs[-1] if segs[-1] in _SUFFIXES and len(segs) > 1 else ""
        part = _part(segs[:-1] if suffix else segs)
        if part is not None:
            groups.setdefault(suffix, {}).setdefault(part, c)
    return groups


@rule(
    "T016",
    "error",
    "“三公”经费表（按列列示）：合计 = 三项之和，公务用车 = 购置 + 运行",
    what="“三公”经费表或“三公”经费支出决算表把合计、因公出国(境)、公务用车（小计、购置、运行）、公务接待列为"
    "列时（常分预算数、决算数），每组的合计等于三项之和（江苏式表格还加上会议费、培训费），公务用车小计等于购置费加"
    "运行费。",
    why=WHY_TABLES + " “三公”经费的口径见中办发〔2016〕13号。",
    example="上海市普陀区财政局2024年决算“三公”经费表：预算数合计 0.95 = 因公出国 0 + 公务用车 0 + 公务接待 0.95。",
    fix="更正合计或分项。",
    identity="“三公”表（按列）：合计 = Σ 各项；公务用车小计 = 购置 + 运行",
)
def three_public_columns(ctx: Context) -> Iterator[Finding]:
    tables = [
        t
        for t in ctx.d.tables
        if t.kind in ("three_public", "final_three_public") and not t.empty and len(t.columns) > 3
    ]
    if not tables:
        raise not_applicable("没有按列列示的“三公”经费表")
    ran = False
    for t in tables:
        for suffix, cols in _groups(t).items():
            for row in t.rows:
                for total, parts, what in _identities(cols):
                    values = [(p, ctx.value(row, cols[p])) for p in parts if p in cols]
                    if ctx.value(row, cols[total]) is None and not any(v for _, v in values):
                        continue
                    ran = True
                    yield from ctx.compare_sum(
                        ctx.value(row, cols[total]) or _zero(row, t),
                        [(cols[p], v) for p, v in values],
                        f"《{t.title}》{suffix or ''}{what}。",
                        ctx.cells(
                            t, (row, cols[total]), *((row, cols[p]) for p in parts if p in cols)
                        ),
                        section=t.title,
                    )
    if not ran:
        raise no_data("“三公”经费表没有可核对的列")


def _identities(cols: dict[str, str]) -> list[tuple[str, tuple[str, ...], str]]:
    out = []
    vehicle = "vehicle_total" if "vehicle_total" in cols else None
    if "total" in cols and "outbound" in cols and "reception" in cols and vehicle:
        extra = tuple(p for p in ("meeting", "training") if p in cols)
        what = "合计不等于各项之和" if extra else "合计不等于三项之和"
        out.append(("total", ("outbound", "vehicle_total", "reception", *extra), what))
    if vehicle and "vehicle_purchase" in cols and "vehicle_operation" in cols:
        out.append(
            (
                "vehicle_total",
                ("vehicle_purchase", "vehicle_operation"),
                "公务用车小计不等于购置费加运行费",
            )
        )
    return out


def _zero(row: TableRow, t: TableModel) -> Amount:
    return Amount(value=Decimal(0), raw="", source=row.source or t.source)


_NUMBERED = re.compile(r"^(?:(?P<cn>[一二三四五六七八九十]{1,3})、|(?P<ar>\d{1,2})[、.．](?!\d))")


def _value(m: re.Match[str]) -> int | None:
    """The item's number; None for a misprinted numeral ("十十")."""
    return cn_int(m.group("ar") or m.group("cn"))


def numbering_problems(labels: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """(index, problem) where a run of numbers 1, 2, 3 … skips or repeats one. A return to 1
    starts a new run (a second list in the same table)."""
    out: list[tuple[int, str]] = []
    prev: int | None = None
    for i, n in labels:
        if prev is not None and n != 1:
            if n == prev:
                out.append((i, f"序号“{n}”重复"))
            elif n > prev + 1:
                out.append((i, f"序号从 {prev} 跳到 {n}"))
            elif n < prev:
                out.append((i, f"序号 {n} 排在 {prev} 之后"))
        prev = n
    return out


@rule(
    "T017",
    "warning",
    "表中序号连续、不重复",
    what="表内编号的行（一、二、三……或 1、2、3……，分收入、支出两侧）以及项目绩效目标表的编号依次连续，"
    "不跳号、不重号。",
    why="序号跳号或重号多半说明漏列、多列或复制了一行（或一张表）。",
    example="某单位收支总表：收入方“一、一般公共预算拨款收入”“二、政府性基金预算拨款收入”“四、事业收入”（漏了三）。",
    fix="检查是否漏列或重复列示，更正序号。",
)
def numbering(ctx: Context) -> Iterator[Finding]:
    ran = False
    for t in ctx.d.tables:
        by_side: dict[str | None, list[tuple[int, int]]] = {}
        rows: dict[int, TableRow] = {}
        kinds: dict[str | None, str] = {}
        for k, r in enumerate(t.rows):
            m = _NUMBERED.match(squash(r.name or ""))
            if m is None or (n := _value(m)) is None:
                continue
            kind = "cn" if m.group("cn") else "ar"
            side = r.side
            if kinds.setdefault(side, kind) != kind:
                continue  # "1." items under "一、" headings: only the outer run
            by_side.setdefault(side, []).append((k, n))
            rows[k] = r
        for labels in by_side.values():
            if len(labels) < 3:
                continue
            ran = True
            for k, problem in numbering_problems(labels):
                r = rows[k]
                yield ctx.finding(
                    f"《{t.title}》“{r.name}”：{problem}。",
                    locations=[Location.at(r.source, text=r.name, table=t.title, row=r.name)],
                    section=t.title,
                    suggestion="检查是否漏列或重复列示，更正序号。",
                )
    titles = [(k, p) for k, p in enumerate(ctx.d.performance.projects) if p.title]
    numbered = []
    for k, p in titles:
        m = re.match(r"^\s*(\d{1,3})(?:[、.．\s]|(?=[\u4e00-\u9fff]))", p.title or "")
        if m:
            numbered.append((k, int(m.group(1))))
    if len(numbered) >= 3:
        ran = True
        projects = ctx.d.performance.projects
        for k, problem in numbering_problems(numbered):
            p = projects[k]
            yield ctx.finding(
                f"项目绩效目标表“{(p.title or '').strip()[:40]}”：{problem}。",
                locations=[Location.at(p.source, text=p.title, table=p.name)],
                section="绩效目标",
                suggestion="检查是否漏列或重复列示项目表，更正序号。",
            )
    if not ran:
        raise no_data("没有编号的表行")

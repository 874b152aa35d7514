"""N: 决算 statements against their own figures — 决算数 vs 年初预算 (more, less, 持平, the
difference) and 完成年初预算的X%."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.arith import fmt, half_unit
from yusuan.check.context import Context
from yusuan.check.findings import Finding
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.check.rules.passages import NUMBER, Sentence, folded, number, wan

WHY_FINAL = "部门决算须说明决算数与年初预算的差异及原因（财预〔2016〕143号），文字中的差异和完成率应由两个数字得出。"
# "年初预算为2993.92万元，支出决算为2940.05万元"
_PAIR = re.compile(
    rf"年初预算(?:数)?(?:为|是)?(?P<b>{NUMBER})(?P<ub>万元|元)[,，]?"
    rf"(?:[^,，。；\d]{{0,12}})?决算(?:数)?(?:为|是)?(?P<a>{NUMBER})(?P<ua>万元|元)"
)
_DONE = re.compile(rf"^[^。]{{0,20}}?完成(?:年初)?预算的(?P<r>{NUMBER})%")
_SAID = re.compile(
    r"^。?[^。]{0,60}?决算数?(?P<w>大于|小于|高于|低于|超过|等于|与(?:年初)?预算数?(?P<basic>基本)?"
    r"(?:持平|一致|相同|相等))"
)
_DIFF = re.compile(
    rf"^。?[^。]{{0,40}}?比(?:年初)?预算(?:数)?(?P<d>增加|减少|多|少|超支|节约)(?P<c>{NUMBER})(?P<uc>万元|元)"
)


@dataclass(frozen=True, slots=True)
class _Pair:
    sentence: Sentence
    shown: str
    budget: Decimal
    final: Decimal
    tail: str  # the text after the pair, to the end of its paragraph

    def tol(self) -> Decimal:
        return half_unit(self.budget) + half_unit(self.final)


def _pairs(ctx: Context) -> list[_Pair]:
    if ctx.d.kind != "final_accounts":
        raise not_applicable("不是决算")

    def build() -> list[_Pair]:
        out = []
        for sentence in folded(ctx):
            text = sentence.text
            for m in _PAIR.finditer(text):
                b, a = wan(m.group("b"), m.group("ub")), wan(m.group("a"), m.group("ua"))
                out.append(_Pair(sentence, m.group(0), b, a, text[m.end() :]))
        return out

    return ctx.shared("final_pairs", build)


@rule(
    "N029",
    "error",
    "决算：完成年初预算的百分比与两个数字相符",
    what="“年初预算为B万元，支出决算为A万元，完成年初预算的r%”中，r 等于 A / B × 100（按印刷精度留出舍入空间）。",
    why=WHY_FINAL,
    example="上海市普陀区财政局2024年决算：“年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%”，"
    "2940.05 / 2993.92 = 98.20%，相符。",
    fix="按决算数和年初预算数重算完成率。",
    identity="完成率 = 决算数 / 年初预算 × 100",
)
def completion_rate(ctx: Context) -> Iterator[Finding]:
    ran = False
    for x in _pairs(ctx):
        m = _DONE.match(x.tail)
        if m is None or x.budget == 0:
            continue
        ran = True
        r = number(m.group("r"))
        expected = x.final / x.budget * 100
        tol = half_unit(r) + expected * x.tol() / x.budget + half_unit(x.final) / x.budget * 100
        if abs(expected - r) > tol:
            yield ctx.finding(
                f"“{x.shown}{m.group(0)}”：按两个数字计算完成率应为 {fmt(round(expected, 2))}%。",
                locations=[x.sentence.at(x.shown)],
                expected=round(expected, 2),
                actual=r,
                arithmetic=f"{fmt(x.final)} / {fmt(x.budget)} × 100 = {fmt(round(expected, 2))}% "
                f"≠ {fmt(r)}%",
                section=x.sentence.passage.section,
                suggestion="按决算数和年初预算数重算完成率。",
            )
    if not ran:
        raise no_data("文字中没有“完成年初预算的X%”")


_MORE = ("大于", "高于", "超过", "增加", "多", "超支")


@rule(
    "N030",
    "error",
    "决算：决算数与年初预算的比较与两个数字相符",
    what="“年初预算为B万元，支出决算为A万元”之后说“决算数大于（小于）预算数”“与预算数持平”或“比年初预算增加"
    "（减少）C万元”时，用词与 A、B 的大小一致，C = |A − B|。“基本持平”允许 5% 以内的差额。",
    why=WHY_FINAL,
    example="上海市普陀区财政局2024年决算：“年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因……”，"
    "相符；若写“决算数大于预算数”则矛盾。",
    fix="更正比较的用词或差额。",
    identity="决算数 − 年初预算 = 所述差额（及大于、小于、持平的用词）",
)
def final_vs_budget(ctx: Context) -> Iterator[Finding]:
    ran = False
    for x in _pairs(ctx):
        said = _SAID.match(x.tail)
        diff = _DIFF.match(x.tail)
        if said is None and diff is None:
            continue
        ran = True
        gap = x.final - x.budget
        if said is not None:
            w = said.group("w")
            if w.startswith("与") or w == "等于":
                allowed = x.budget * Decimal("0.05") if said.group("basic") else x.tol()
                wrong = abs(gap) > allowed
            else:
                wrong = (gap <= x.tol()) if w in _MORE else (gap >= -x.tol())
            if wrong:
                yield _finding(ctx, x, said.group(0), gap)
        if diff is not None:
            c = wan(diff.group("c"), diff.group("uc"))
            signed = c if diff.group("d") in _MORE else -c
            if abs(signed - gap) > x.tol() + half_unit(c):
                yield _finding(ctx, x, diff.group(0), gap, signed)
    if not ran:
        raise no_data("文字中没有决算数与年初预算的比较")


def _finding(
    ctx: Context, x: _Pair, said: str, gap: Decimal, stated: Decimal | None = None
) -> Finding:
    word = "大于" if gap > 0 else "小于" if gap < 0 else "等于"
    return ctx.finding(
        f"“{x.shown}”之后写“{said.lstrip('，,。 ')}”，而决算数{word}年初预算（差额 {fmt(gap)} 万元）。",
        locations=[x.sentence.at(x.shown)],
        expected=gap,
        actual=stated,
        arithmetic=f"{fmt(x.final)} − {fmt(x.budget)} = {fmt(gap)}",
        section=x.sentence.passage.section,
        suggestion="更正比较的用词或差额。",
    )

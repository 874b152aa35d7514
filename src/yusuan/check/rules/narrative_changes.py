"""N: changes and percentages stated in the text — "三公" change against its parts' changes, a
rate against the two amounts it compares, one item given two amounts in one passage."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.arith import fmt, half_unit, prose_tolerance, sum_text
from yusuan.check.context import Context
from yusuan.check.findings import Finding
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.check.rules.passages import NUMBER, Sentence, folded, number, wan
from yusuan.model import Amount, ThreePublic

WHY_CHANGE = "“三公”经费增减变化须说明原因（财预〔2016〕143号；中办发〔2016〕13号），总数的增减由三项的增减构成。"
_PARTS = (
    ("outbound", "因公出国(境)费"),
    ("vehicle", "公务用车购置及运行费"),
    ("reception", "公务接待费"),
)


def _part_changes(tp: ThreePublic) -> dict[str, Amount | None]:
    ch = tp.changes
    vehicle = ch.get("vehicle_total")
    if vehicle is None and "vehicle_purchase" in ch and "vehicle_operation" in ch:
        p, o = ch["vehicle_purchase"], ch["vehicle_operation"]
        vehicle = Amount(value=p.value + o.value, raw="购置+运行", source=p.source)
    return {"outbound": ch.get("outbound"), "vehicle": vehicle, "reception": ch.get("reception")}


def _stated(ctx: Context) -> tuple[Amount, dict[str, Amount | None]]:
    tp = ctx.d.three_public
    if tp.change is None:
        raise not_applicable("文字说明没有“三公”经费的增减额")
    parts = _part_changes(tp)
    if not any(a is not None for a in parts.values()):
        raise no_data("文字说明没有分项的增减额")
    return tp.change, parts


@rule(
    "N022",
    "error",
    "“三公”经费增减 = 三项增减之和",
    what="文字说明分别给出“三公”经费总数和三项（因公出国(境)、公务用车购置及运行、公务接待）比上年的增减时，"
    "总增减额等于三项增减额之和（减少记为负数，“持平”记为 0）。",
    why=WHY_CHANGE,
    example="某县政法委：“‘三公’经费比上年减少4.6万元。其中：因公出国(境)费持平；公务用车购置及运行费减少3万元；"
    "公务接待费减少1万元”——三项合计减少 4 万元，与 4.6 万元不符。",
    fix="更正总增减额或分项增减额、增减方向。",
    identity="“三公”增减 = Σ 三项增减",
)
def three_public_change_parts(ctx: Context) -> Iterator[Finding]:
    total, parts = _stated(ctx)
    if any(a is None for a in parts.values()):
        raise no_data("没有给出全部三项的增减")
    amounts = [a for a in parts.values() if a is not None]
    s = sum((a.value for a in amounts), Decimal(0))
    if abs(s - total.value) > prose_tolerance(len(amounts)):
        yield ctx.finding(
            "“三公”经费的增减额与三项增减额之和不符（减少按负数计）。",
            locations=ctx.amounts(total, *amounts)(),
            expected=s,
            actual=total.value,
            arithmetic=f"{sum_text(amounts)} = {fmt(s)} ≠ {fmt(total.value)}",
            section="“三公”经费",
            suggestion="核对总增减额和各项增减额、增减方向。",
        )


@rule(
    "N023",
    "warning",
    "“三公”经费增减由各项增减说明",
    what="文字说明只给出部分分项的增减时，已说明的分项增减之和应等于总增减额；差额说明有分项的变化没有交代。",
    why=WHY_CHANGE,
    example="大城县委政法委2020年：“‘三公’经费……与2019年相比减少2.5万元。其中，因公出国（境）费……持平；"
    "公务用车购置及运维费减少2万元”——另外 0.5 万元的减少没有说明（公务接待费未提）。",
    fix="补充其余分项的增减情况，或更正增减额。",
)
def three_public_change_explained(ctx: Context) -> Iterator[Finding]:
    total, parts = _stated(ctx)
    known = [(name, parts[key]) for key, name in _PARTS if parts[key] is not None]
    missing = [name for key, name in _PARTS if parts[key] is None]
    if not missing:
        raise not_applicable("三项增减都已给出（见 N022）")
    if all(a is not None and a.value == 0 for _, a in known) and total.value == 0:
        return
    s = sum((a.value for _, a in known if a is not None), Decimal(0))
    if abs(s - total.value) > prose_tolerance(len(known)):
        yield ctx.finding(
            f"“三公”经费比上年增减 {fmt(total.value)} 万元，已说明的分项增减合计 {fmt(s)} 万元，"
            f"{'、'.join(missing)}的增减未说明。",
            locations=ctx.amounts(total, *(a for _, a in known))(),
            expected=total.value,
            actual=s,
            arithmetic=f"{sum_text([a for _, a in known if a is not None])} = {fmt(s)} ≠ "
            f"{fmt(total.value)}",
            section="“三公”经费",
            suggestion=f"说明{'、'.join(missing)}的增减及原因。",
        )


_DOWN = ("减少", "下降", "降低", "降幅", "减")
_DIR = "增加|增长|上升|减少|下降|降低"
_RATE_DIR = "增长|下降|降低|上升|增幅|降幅|减少|增加|提高"
# "A万元，比上年增加C万元，增长r%": the amount, the change against an earlier amount, the rate.
_CHANGE = re.compile(
    rf"(?P<a>{NUMBER})(?P<ua>万元|元)"
    rf"(?P<gap>(?:(?!{NUMBER}(?:万元|元|%))[^\n]){{0,40}}?)"
    rf"(?P<d1>{_DIR})了?(?P<c>{NUMBER})(?P<uc>万元|元)"
    rf"[,，]?(?:同比|比上年)?(?P<d2>{_RATE_DIR})?(?:了|为|幅度为|幅度)?(?P<r>{NUMBER})%"
)
_COMPARED = re.compile(r"比|较|与|同比|相比")
_SMALL = Decimal("0.1")  # percentage points: beyond this, the rate is wrong, not mis-rounded


def _sign(word: str | None) -> int:
    if word is None:
        return 0
    return -1 if word.startswith(_DOWN) else 1


@dataclass(frozen=True, slots=True)
class _Rate:
    sentence: Sentence
    shown: str
    amount: Decimal
    change: Decimal  # unsigned
    rate: Decimal
    up: bool  # the change word
    expected: Decimal
    tolerance: Decimal
    wrong_way: bool  # the rate's word says the other direction

    def off(self) -> Decimal:
        return abs(self.expected - self.rate) - self.tolerance


def _rates(ctx: Context) -> list[_Rate]:
    def build() -> list[_Rate]:
        out = []
        for s in folded(ctx):
            for m in _CHANGE.finditer(s.text):
                if not _COMPARED.search(m.group("gap")):
                    continue
                a, c = wan(m.group("a"), m.group("ua")), wan(m.group("c"), m.group("uc"))
                r = number(m.group("r"))
                d1, d2 = _sign(m.group("d1")), _sign(m.group("d2"))
                prev = a - d1 * c
                if prev <= 0 or c == 0:
                    continue
                expected = c / prev * 100
                tol = half_unit(r) + expected * (
                    half_unit(c) / c + (half_unit(a) + half_unit(c)) / prev
                )
                wrong = d2 != 0 and d2 != d1
                out.append(_Rate(s, m.group(0), a, c, r, d1 > 0, expected, tol, wrong))
        return out

    return ctx.shared("narrative_rates", build)


def _rate_finding(ctx: Context, x: _Rate, lead: str) -> Finding:
    exp = round(x.expected, 2)
    return ctx.finding(
        f"“{x.shown}”：{lead}按金额计算应为{'增长' if x.up else '下降'} {fmt(exp)}%。",
        locations=[x.sentence.at(x.shown)],
        expected=exp,
        actual=x.rate,
        arithmetic=f"{fmt(x.change)} / ({fmt(x.amount)} {'−' if x.up else '+'} {fmt(x.change)})"
        f" × 100 = {fmt(exp)}% ≠ {fmt(x.rate)}%",
        tolerance=round(x.tolerance, 4),
        section=x.sentence.passage.section,
        suggestion="按本年数和增减额重算百分比，核对增减方向。",
    )


@rule(
    "N024",
    "error",
    "增减百分比与两个金额相符",
    what="“A万元，比上年增加（减少）C万元，增长（下降）r%”中，r 等于 C 除以上年数（A ∓ C），"
    "偏差超过 0.1 个百分点（已扣除舍入）或增减方向用词前后矛盾时报告。",
    why="增减率 = 增减额 / 上年数 × 100%（domain A13）；百分比与金额不符时读者无法判断哪个数字是对的。",
    example="江苏省人民检察院2018年：“一般行政管理事务（项）支出3,666万元，与上年相比增加21.8万元，增长0.06%”，"
    "21.8 / 3644.2 = 0.60%（小数点错位）。",
    fix="按金额重算百分比，或更正增减额、增减方向。",
    identity="增减率 = 增减额 / (本年数 ∓ 增减额) × 100",
)
def change_rate(ctx: Context) -> Iterator[Finding]:
    found = _rates(ctx)
    if not found:
        raise no_data("文字中没有同时给出金额、增减额和百分比的句子")
    for x in found:
        if x.wrong_way:
            yield _rate_finding(ctx, x, "增减方向前后矛盾，")
        elif x.off() > _SMALL:
            yield _rate_finding(ctx, x, "")


@rule(
    "N026",
    "warning",
    "增减百分比的末位与两个金额相符",
    what="同 N024，但偏差不超过 0.1 个百分点：多为计算或舍入时的末位差错。",
    why="增减率 = 增减额 / 上年数 × 100%（domain A13）。",
    example="江苏省高级人民法院2017年：“提租补贴（项）支出1959.99万元，与上年相比增加865.57万元，增长79.05%”，"
    "865.57 / 1094.42 = 79.09%。",
    fix="按金额重算百分比。",
)
def change_rate_last_digit(ctx: Context) -> Iterator[Finding]:
    found = _rates(ctx)
    if not found:
        raise no_data("文字中没有同时给出金额、增减额和百分比的句子")
    for x in found:
        if not x.wrong_way and Decimal("0.001") < x.off() <= _SMALL:
            yield _rate_finding(ctx, x, "")


# Items whose amount a passage states; the label must stand right before the amount.
_ITEMS = (
    "收入总计",
    "支出总计",
    "收入合计",
    "支出合计",
    "基本支出",
    "项目支出",
    "人员经费",
    "日常公用经费",
    "机关运行经费",
    "“三公”经费",
    "因公出国(境)费",
    "公务接待费",
    "公务用车购置费",
    "公务用车运行维护费",
    "政府采购预算",
)
_ITEM_AMOUNT = re.compile(
    "(" + "|".join(re.escape(i) for i in _ITEMS) + r")"
    r"(?:预算|支出|安排|财政拨款)*(?:数)?(?:为|是|共计|合计|总额为|总额)?"
    rf"(?P<v>{NUMBER})(?P<u>万元|元)"
)
# Words before an item that make it another year's, another fund's or a part of it.
_QUALIFIED = re.compile(
    r"上年|去年|年初|调整|决算|执行|比|较|其中|一般公共预算|财政拨款|政府性基金|国有资本|"
    r"专户|事业|单位资金|结转|本级|下属|所属|\d{4}年"
)


@rule(
    "N025",
    "warning",
    "同一段文字中同一项目只有一个金额",
    what="一段文字中同一项目（基本支出、项目支出、人员经费、机关运行经费、“三公”经费……）"
    "不加限定地出现两个不同的金额。",
    why="同一段落里两个数字说的是同一件事，至少一个是错的（常见于改稿时只改了一处）。",
    example="某单位：“基本支出5089.05万元……基本支出5809.05万元，其中人员经费4820.17万元”。",
    fix="统一该项目的金额；若两处口径不同（如上年数、某一资金来源），写明限定语。",
)
def one_amount_per_item(ctx: Context) -> Iterator[Finding]:
    ran = False
    for s in folded(ctx):
        seen: dict[str, tuple[Decimal, str]] = {}
        for m in _ITEM_AMOUNT.finditer(s.text):
            item = m.group(1)
            before = s.text[max(0, m.start() - 12) : m.start()]
            if _QUALIFIED.search(before):
                continue
            ran = True
            value = wan(m.group("v"), m.group("u"))
            first = seen.get(item)
            if first is None:
                seen[item] = (value, m.group(0))
            elif first[0] != value:
                yield ctx.finding(
                    f"同一段文字中“{item}”有两个金额：“{first[1]}”与“{m.group(0)}”。",
                    locations=[s.at(m.group(0))],
                    expected=first[0],
                    actual=value,
                    section=s.passage.section,
                    suggestion="统一金额，或写明两处的口径。",
                )
                seen[item] = (value, m.group(0))
    if not ran:
        raise no_data("文字中没有可比较的项目金额")

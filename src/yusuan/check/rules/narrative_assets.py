"""N: planned asset purchases (拟购置固定资产) against their parts and the procurement budget."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.arith import fmt, product_tolerance
from yusuan.check.context import Context
from yusuan.check.findings import Finding
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.check.rules.passages import NUMBER, Sentence, folded, number, wan

WHY_ASSETS = "国有资产信息和政府采购预算须如实、一致地公开（财预〔2016〕143号）；拟购置资产属于政府采购范围的，应编入政府采购预算。"
_MEASURE = "台|个|套|辆|件|把|部|张|组|块|批|项|辆|架|只|册|本|樘|米|平方米"
# "高清球机38台，每台0.87万元，计32.87万元" / "云存储服务器1台，26.95万元"
_ITEM = re.compile(
    rf"(?P<name>[\u4e00-\u9fffA-Za-z0-9()（）]+?)(?P<qty>{NUMBER})(?P<measure>{_MEASURE})"
    rf"(?:[,，]?每(?:{_MEASURE})?(?:单价)?(?P<price>{NUMBER})(?P<pu>万元|元))?"
    rf"[,，]?(?:计|共计|合计|金额)?(?P<amount>{NUMBER})(?P<au>万元|元)"
)
_TOTAL = re.compile(rf"拟购置[^。；]{{0,20}}?(?:总额|共计|合计)?为?(?P<v>{NUMBER})(?P<u>万元|元)")
_IN_PROCUREMENT = re.compile(r"列入[^。]{0,6}政府采购")


@dataclass(frozen=True, slots=True)
class _Planned:
    sentence: Sentence
    total: Decimal | None
    total_text: str | None
    items: list[tuple[str, Decimal, Decimal | None, Decimal, str]]  # name, qty, price, amount, text
    in_procurement: bool


def _planned(ctx: Context) -> _Planned:
    """The planned purchases (both N027 and N028 read them: parsed once per document)."""
    plan = ctx.shared("planned_assets", lambda: _read_planned(ctx))
    if plan is None:
        raise not_applicable("文字说明没有拟购置固定资产金额")
    return plan


def _read_planned(ctx: Context) -> _Planned | None:
    assets = [s for s in folded(ctx) if s.passage.section == "assets"]
    text = "".join(s.text for s in assets)
    m = _TOTAL.search(text)
    if m is None:
        return None
    first = assets[0].passage
    tail = text[m.end() :].split("。", 1)[0]
    items = []
    for it in _ITEM.finditer(tail):
        price = wan(it.group("price"), it.group("pu")) if it.group("price") else None
        name = it.group("name").lstrip("包括：:、;；,，")
        items.append(
            (
                name,
                number(it.group("qty")),
                price,
                wan(it.group("amount"), it.group("au")),
                it.group(0),
            )
        )
    source = next((s.passage for s in assets if "拟购置" in s.text), first)
    rest = text[m.start() :]
    return _Planned(
        Sentence(m.group(0), source),
        wan(m.group("v"), m.group("u")),
        m.group(0),
        items,
        _IN_PROCUREMENT.search(rest[:400]) is not None,
    )


@rule(
    "N027",
    "warning",
    "拟购置资产明细：数量 × 单价 = 金额，各项之和 = 总额",
    what="“本年度拟购置固定资产”逐项列出数量、单价和金额时，每项数量 × 单价等于金额，各项金额之和等于所述总额。",
    why=WHY_ASSETS,
    example="某单位：“拟购置固定资产共计4.30万元，包括：打印机5台，每台0.30万元，计1.80万元；台式计算机5台，"
    "每台0.50万元，计2.50万元”——5 × 0.30 = 1.50 ≠ 1.80（单价按印刷精度留出舍入空间：0.87 可能是 0.865）。",
    fix="核对数量、单价、金额和总额。",
    identity="拟购置：数量 × 单价 = 金额；Σ 各项 = 总额",
)
def planned_items_add_up(ctx: Context) -> Iterator[Finding]:
    plan = _planned(ctx)
    if not plan.items:
        raise no_data("拟购置资产没有逐项列出")
    for name, qty, price, amount, shown in plan.items:
        if price is None:
            continue
        expected = qty * price
        if abs(expected - amount) > product_tolerance(qty, price, amount):
            yield ctx.finding(
                f"拟购置资产“{name}”的金额与数量 × 单价不符：“{shown}”。",
                locations=[plan.sentence.at(shown)],
                expected=expected,
                actual=amount,
                arithmetic=f"{fmt(qty)} × {fmt(price)} = {fmt(expected)} ≠ {fmt(amount)}",
                section="国有资产",
                suggestion="核对数量、单价和金额。",
            )
    s = sum((a for _, _, _, a, _ in plan.items), Decimal(0))
    if plan.total is not None and len(plan.items) > 1 and abs(s - plan.total) > Decimal("0.01"):
        yield ctx.finding(
            f"拟购置固定资产各项金额之和 {fmt(s)} 万元与总额 {fmt(plan.total)} 万元不符。",
            locations=[plan.sentence.at(plan.total_text)],
            expected=s,
            actual=plan.total,
            arithmetic=" + ".join(fmt(a) for _, _, _, a, _ in plan.items)
            + f" = {fmt(s)} ≠ {fmt(plan.total)}",
            section="国有资产",
            suggestion="核对各项金额与总额。",
        )


def _head(name: str) -> str:
    """The thing bought, by its last three characters ("云存储服务器" → "服务器")."""
    return name[-3:]


@rule(
    "N028",
    "warning",
    "拟购置资产已列入政府采购预算",
    what="文字说明称拟购置固定资产“已列入政府采购预算”时，政府采购预算（表或文字）的总额不小于拟购置金额，"
    "逐项列出的资产在采购表中有对应品目。",
    why=WHY_ASSETS,
    example="唐山市公安局高新区分局2023年：拟购置高清球机、配电箱、云存储服务器等 72.51 万元，称“已按要求列入"
    "政府采购预算”，而政府采购预算表只有制服、硬件运维服务、软件运维服务。",
    fix="把拟购置资产编入政府采购预算表，或更正文字说明。",
)
def planned_in_procurement(ctx: Context) -> Iterator[Finding]:
    plan = _planned(ctx)
    if not plan.in_procurement or plan.total is None or plan.total == 0:
        raise not_applicable("没有说拟购置资产已列入政府采购预算")
    proc = ctx.d.procurement
    total = proc.table_total or proc.total
    bought = total.value if total is not None else None
    if bought is None and proc.items:
        bought = sum((i.amount.value for i in proc.items if i.amount), Decimal(0))
    if bought is None:
        yield ctx.finding(
            f"文字说明称拟购置固定资产 {fmt(plan.total)} 万元已列入政府采购预算，但没有公开政府采购预算。",
            locations=[plan.sentence.at()],
            section="国有资产",
            suggestion="公开政府采购预算，或更正文字说明。",
        )
        return
    if bought + Decimal("0.005") < plan.total:
        yield ctx.finding(
            f"拟购置固定资产 {fmt(plan.total)} 万元称已列入政府采购预算，但政府采购预算只有 "
            f"{fmt(bought)} 万元。",
            locations=[plan.sentence.at()],
            expected=plan.total,
            actual=bought,
            arithmetic=f"{fmt(bought)} < {fmt(plan.total)}",
            section="国有资产",
            suggestion="核对政府采购预算是否包括拟购置资产。",
        )
        return
    names = " ".join(f"{i.item or ''} {i.project or ''}" for i in proc.items)
    if not proc.items or not plan.items:
        return
    missing = [n for n, *_ in plan.items if _head(n) not in names]
    if len(missing) * 2 > len(plan.items):
        yield ctx.finding(
            f"拟购置的{'、'.join(missing[:5])}称已列入政府采购预算，政府采购预算表中却没有对应品目。",
            locations=[plan.sentence.at()],
            section="国有资产",
            suggestion="把拟购置资产编入政府采购预算表，或更正文字说明。",
        )

"""N: figures stated in the text agree with each other and with the tables."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from yusuan.check.arith import fmt
from yusuan.check.context import Context
from yusuan.check.findings import Finding
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.check.rules.figures import income_line, summary_line, total_cell
from yusuan.model import Amount
from yusuan.vocab import OTHER_USE_WORDS

WHY_TEXT = "预算公开的文字说明须与预算表一致，分项之和等于总数（财预〔2016〕143号；《预算法》第十四条要求说明预算）。"


def _overview(ctx: Context) -> None:
    ov = ctx.d.overview
    if ov.income_total is None and ov.expenditure_total is None and ov.basic is None:
        raise not_applicable("文字说明中没有收支总体情况")


def _sum_rule(
    ctx: Context,
    total: Amount | None,
    parts: list[tuple[str, Amount | None]],
    message: str,
    section: str,
) -> Iterator[Finding]:
    if total is None or not any(a is not None for _, a in parts):
        raise no_data("文字说明没有给出总数或分项")
    if any(a is None for _, a in parts):
        raise no_data("文字说明缺少部分分项：" + "、".join(n for n, a in parts if a is None))
    elsewhere = _all_figures(ctx)
    yield from ctx.compare_sum(
        total,
        parts,
        message,
        ctx.amounts(total, *(a for _, a in parts)),
        section=section,
        elsewhere=elsewhere,
    )


# 财政拨款收入 is 一般公共预算 + 政府性基金 + 国有资本经营预算拨款: listed beside it, those are
# its parts, not further sources ("财政拨款收入预算总计X。其中，一般公共预算收入预算X").
_FISCAL_PARTS = ("一般公共预算", "公共财政", "政府性基金", "国有资本经营")


def _top_level(sources: list[tuple[str, Amount | None]]) -> list[tuple[str, Amount | None]]:
    if not any("财政拨款" in label for label, _ in sources):
        return sources
    return [(label, a) for label, a in sources if not any(w in label for w in _FISCAL_PARTS)]


def _other_uses(ctx: Context) -> list[tuple[str, Amount | None]]:
    """Uses of the money beside 基本支出 and 项目支出 (单位预留机动经费, 结转下年 …): as the text
    states them, else as the 支出总表's total line shows them."""
    if ctx.d.overview.other_uses:
        return list(ctx.d.overview.other_uses.items())
    table = ctx.table("expenditure")
    row = table.total_row() if table is not None else None
    if table is None or row is None:
        return []
    out: list[tuple[str, Amount | None]] = []
    for column in table.columns:
        a = row.values.get(column)
        if a is not None and a.value != 0 and any(w in column for w in OTHER_USE_WORDS):
            out.append((column.rsplit("/", 1)[-1], a))
    return out


def _all_figures(ctx: Context) -> list[tuple[str, Decimal]]:
    ov = ctx.d.overview
    out = []
    for name, a in (
        ("收入合计", ov.income_total),
        ("支出合计", ov.expenditure_total),
        ("基本支出", ov.basic),
        ("人员经费", ov.personnel),
        ("公用经费", ov.public_operating),
        ("项目支出", ov.project),
        ("机关运行经费", ctx.d.operating_costs.amount),
    ):
        if a is not None:
            out.append((name, a.value))
    return out


@rule(
    "N001",
    "error",
    "文字说明：收入合计 = 各来源收入之和",
    what="“收入说明”中的收入总数等于其后列出的各来源收入（一般公共预算、政府性基金、事业收入……）之和。",
    why=WHY_TEXT,
    example="廊坊市公安局安次分局2020年：收入 8579.96 = 8579.96 + 0 + 0 + 0。",
    fix="更正收入总数或各来源收入。",
    identity="文字：收入合计 = Σ 各来源收入",
)
def income_sources(ctx: Context) -> Iterator[Finding]:
    _overview(ctx)
    ov = ctx.d.overview
    if not ov.income_by_source:
        raise no_data("文字说明没有列出收入来源")
    yield from _sum_rule(
        ctx,
        ov.income_total,
        _top_level(list(ov.income_by_source.items())),
        "文字说明中的收入合计与各来源收入之和不符。",
        "收入说明",
    )


@rule(
    "N002",
    "error",
    "文字说明：支出合计 = 基本支出 + 项目支出",
    what="“支出说明”中的支出总数等于基本支出与项目支出之和。",
    why=WHY_TEXT,
    example="廊坊市公安局安次分局2020年：8579.96 ≠ 5089.05 + 2770.91 = 7859.96——基本支出应为 5809.05"
    "（数字颠倒）。",
    fix="更正支出总数、基本支出或项目支出。",
    identity="文字：支出合计 = 基本支出 + 项目支出",
)
def expenditure_parts(ctx: Context) -> Iterator[Finding]:
    _overview(ctx)
    ov = ctx.d.overview
    yield from _sum_rule(
        ctx,
        ov.expenditure_total,
        [("基本支出", ov.basic), ("项目支出", ov.project), *_other_uses(ctx)],
        "文字说明中的支出合计不等于基本支出加项目支出。",
        "支出说明",
    )


@rule(
    "N003",
    "error",
    "文字说明：基本支出 = 人员经费 + 公用经费",
    what="基本支出等于人员经费与（日常）公用经费之和。",
    why=WHY_TEXT + " 基本支出由人员经费和日常公用经费组成。",
    example="廊坊市公安局安次分局2020年：“基本支出5089.05万元，包括人员经费4820.17万元和日常公用经费"
    "988.88万元”，而 4820.17 + 988.88 = 5809.05（数字颠倒）。",
    fix="更正基本支出或人员经费、公用经费。",
    identity="文字：基本支出 = 人员经费 + 公用经费",
)
def basic_parts(ctx: Context) -> Iterator[Finding]:
    _overview(ctx)
    ov = ctx.d.overview
    yield from _sum_rule(
        ctx,
        ov.basic,
        [("人员经费", ov.personnel), ("公用经费", ov.public_operating)],
        "文字说明中的基本支出不等于人员经费加公用经费。",
        "支出说明",
    )


@rule(
    "N004",
    "warning",
    "文字说明：收入合计 = 支出合计",
    what="部门预算收支平衡：文字说明中的收入总数等于支出总数。",
    why=WHY_TEXT + " 部门预算按收支平衡编制。",
    example="大城县委政法委2020年：收入 1551.33 = 支出 1551.33。",
    fix="核对收入与支出总数。",
)
def income_equals_expenditure(ctx: Context) -> Iterator[Finding]:
    _overview(ctx)
    if ctx.d.kind == "final_accounts":
        raise not_applicable("决算收支不必相等（差额为结转结余）")
    ov = ctx.d.overview
    if ov.income_total is None or ov.expenditure_total is None:
        raise no_data("文字说明没有同时给出收入和支出总数")
    yield from ctx.compare_equal(
        ov.income_total,
        ov.expenditure_total,
        "文字说明中的收入合计与支出合计不相等。",
        ctx.amounts(ov.income_total, ov.expenditure_total),
        section="收支总体情况",
        expected_label="收入 ",
        actual_label="支出 ",
    )


def _three(ctx: Context) -> None:
    if ctx.d.three_public.total is None:
        raise not_applicable("文字说明没有“三公”经费")


@rule(
    "N005",
    "error",
    "文字说明：“三公”经费合计 = 三项之和",
    what="“三公”经费总数等于因公出国(境)费、公务用车购置及运行费、公务接待费之和。",
    why="“三公”经费的口径（中办发〔2016〕13号）。",
    example="廊坊市公安局安次分局2020年：145.15 = 0 + 140.15 + 5。",
    fix="更正“三公”经费总数或分项。",
    identity="文字：“三公”合计 = 三项之和",
)
def three_public_parts(ctx: Context) -> Iterator[Finding]:
    _three(ctx)
    tp = ctx.d.three_public
    vehicle = tp.vehicle_total
    if vehicle is None and tp.vehicle_purchase is not None and tp.vehicle_operation is not None:
        vehicle = Amount(
            value=tp.vehicle_purchase.value + tp.vehicle_operation.value,
            raw="购置+运行",
            source=tp.vehicle_purchase.source,
        )
    yield from _sum_rule(
        ctx,
        tp.total,
        [
            ("因公出国(境)费", tp.outbound),
            ("公务用车购置及运行费", vehicle),
            ("公务接待费", tp.reception),
        ],
        "“三公”经费合计与三项之和不符。",
        "“三公”经费",
    )


@rule(
    "N006",
    "error",
    "文字说明：公务用车购置及运行费 = 购置费 + 运行费",
    what="公务用车购置及运行(维护)费等于其中的购置费与运行(维护)费之和。",
    why="财预〔2016〕143号要求公务用车分列购置和运行。",
    example="廊坊市公安局安次分局2020年：140.15 = 0 + 140.15。",
    fix="更正公务用车小计或购置、运行数。",
    identity="文字：公务用车 = 购置费 + 运行费",
)
def vehicle_parts(ctx: Context) -> Iterator[Finding]:
    _three(ctx)
    tp = ctx.d.three_public
    yield from _sum_rule(
        ctx,
        tp.vehicle_total,
        [("购置费", tp.vehicle_purchase), ("运行费", tp.vehicle_operation)],
        "公务用车购置及运行费与购置费、运行费之和不符。",
        "“三公”经费",
    )


@rule(
    "N007",
    "error",
    "比上年增减：总增减 = 基本支出增减 + 项目支出增减",
    what="“比上年增减情况”中收支总额的增减额等于基本支出与项目支出增减额之和（减少记为负数）。",
    why=WHY_TEXT + " 总额变化由基本支出和项目支出变化构成。",
    example="廊坊市公安局安次分局2020年：增加 80.31 = 基本支出 −136.32 + 项目支出 +216.63。",
    fix="更正增减额或增减方向（增加/减少）。",
    identity="文字：总增减 = 基本支出增减 + 项目支出增减",
)
def change_parts(ctx: Context) -> Iterator[Finding]:
    _overview(ctx)
    ch = ctx.d.overview.changes
    total = ch.get("total") or ch.get("expenditure_total")
    if total is None or "basic" not in ch or "project" not in ch:
        raise no_data("没有同时给出总额、基本支出、项目支出的增减")
    others = [(n, ch.get(n)) for n, _ in _other_uses(ctx)]
    if any(c is None for _, c in others):
        raise no_data(
            "支出还包括" + "、".join(n for n, c in others if c is None) + "，文字未给出其增减"
        )
    yield from _sum_rule(
        ctx,
        total,
        [("基本支出增减", ch["basic"]), ("项目支出增减", ch["project"])]
        + [(f"{n}增减", c) for n, c in others],
        "比上年增减额与基本支出、项目支出增减额之和不符（减少按负数计）。",
        "比上年增减情况",
    )


@rule(
    "N008",
    "error",
    "比上年增减：基本支出增减 = 人员经费增减 + 公用经费增减",
    what="基本支出的增减额等于人员经费与公用经费增减额之和（减少记为负数）。",
    why=WHY_TEXT,
    example="大城县委政法委2020年：基本支出增加 86.02 = 人员经费 83.98 + 日常公用 2.04。",
    fix="更正增减额或增减方向。",
    identity="文字：基本支出增减 = 人员经费增减 + 公用经费增减",
)
def basic_change_parts(ctx: Context) -> Iterator[Finding]:
    _overview(ctx)
    ch = ctx.d.overview.changes
    if "basic" not in ch or "personnel" not in ch or "public_operating" not in ch:
        raise no_data("没有同时给出基本支出、人员经费、公用经费的增减")
    yield from _sum_rule(
        ctx,
        ch["basic"],
        [("人员经费增减", ch["personnel"]), ("公用经费增减", ch["public_operating"])],
        "基本支出增减额与人员经费、公用经费增减额之和不符。",
        "比上年增减情况",
    )


@rule(
    "N009",
    "error",
    "机关运行经费：增减额 = 本年 − 上年",
    what="文字说明同时给出本年、上年机关运行经费和增减额时，三者一致，且增减方向与数字相符。",
    why="《预算法》第十四条要求说明机关运行经费安排。",
    example="唐山市公安局高新区分局2023年：192 − 197 = −5，文字为“减少5万元”。",
    fix="更正增减额或增减方向。",
    identity="文字：机关运行经费增减 = 本年 − 上年",
)
def operating_change(ctx: Context) -> Iterator[Finding]:
    oc = ctx.d.operating_costs
    if oc.amount is None:
        raise not_applicable("没有机关运行经费")
    if oc.previous is None or oc.change is None:
        raise no_data("没有同时给出上年数和增减额")
    expected = oc.amount.value - oc.previous.value
    if abs(expected - oc.change.value) > Decimal("0.005") * 3:
        yield ctx.finding(
            "机关运行经费的增减额与本年、上年数不符。",
            locations=[ctx.at(oc.change), ctx.at(oc.amount), ctx.at(oc.previous)],
            expected=expected,
            actual=oc.change.value,
            arithmetic=f"{fmt(oc.amount.value)} − {fmt(oc.previous.value)} = {fmt(expected)} ≠ "
            f"{fmt(oc.change.value)}",
            suggestion="核对增减额及“增加/减少”的用词。",
            section="机关运行经费",
        )


@rule(
    "N010",
    "warning",
    "机关运行经费与文字说明的公用经费一致",
    what="机关运行经费通常等于基本支出中的（日常）公用经费。",
    why="河北等地实践：机关运行经费 = 一般公共预算基本支出中的公用经费（domain A10），不一致时应说明口径。",
    example="廊坊市公安局安次分局2020年：机关运行经费 988.88 = 日常公用经费 988.88。",
    fix="核对两处数字或说明口径差异。",
)
def operating_vs_public(ctx: Context) -> Iterator[Finding]:
    oc, pub = ctx.d.operating_costs.amount, ctx.d.overview.public_operating
    if oc is None or pub is None:
        raise no_data("没有同时给出机关运行经费和公用经费")
    yield from ctx.compare_equal(
        pub,
        oc,
        "机关运行经费与文字说明中的公用经费不一致。",
        ctx.amounts(pub, oc),
        section="机关运行经费",
        expected_label="公用经费 ",
        actual_label="机关运行经费 ",
    )


@rule(
    "N011",
    "warning",
    "机关运行经费与基本支出表公用经费一致",
    what="机关运行经费通常等于一般公共预算基本支出表的公用经费合计。",
    why="domain A10：机关运行经费 ≈ 一般公共预算财政拨款基本支出中的公用经费。",
    example="唐山市公安局高新区分局2023年：192 = 基本支出表公用经费 192.00。",
    fix="核对两处数字或说明口径差异。",
)
def operating_vs_basic_table(ctx: Context) -> Iterator[Finding]:
    oc = ctx.d.operating_costs.amount
    found = total_cell(ctx, "general_public_basic", "公用经费")
    if oc is None or found is None:
        raise no_data("没有机关运行经费或基本支出表公用经费")
    t, r, c = found
    yield from ctx.compare_equal(
        r.values[c],
        oc,
        "机关运行经费与基本支出表的公用经费合计不一致。",
        [ctx.cell(t, r, c), ctx.at(oc)],
        section="机关运行经费",
        expected_label="基本支出表公用经费 ",
        actual_label="机关运行经费 ",
    )


def _text_vs_table(
    ctx: Context, text: Amount | None, cell: tuple | None, what: str
) -> Iterator[Finding]:
    if text is None or cell is None:
        raise no_data(f"没有同时给出文字和表格中的{what}")
    t, r, c = cell
    yield from ctx.compare_equal(
        r.values[c],
        text,
        f"文字说明中的{what}与《{t.title}》不一致。",
        [ctx.at(text), ctx.cell(t, r, c)],
        section=t.title,
        expected_label="表 ",
        actual_label="文字 ",
    )


@rule(
    "N012",
    "error",
    "文字说明收入合计 = 收支总表收入",
    what="文字说明中的收入总数等于收支总表的本年收入合计（或收入总计、收入总表合计）。",
    why=WHY_TEXT,
    example="唐山市公安局高新区分局2023年：文字 5983.18 = 收支总表 5983.18。",
    fix="更正文字说明或表格。",
    identity="文字收入合计 = 收支总表收入",
)
def income_text_vs_table(ctx: Context) -> Iterator[Finding]:
    cell = (
        summary_line(ctx, "income_expenditure_summary", "收", ("本年收入合计",))
        or summary_line(ctx, "income_expenditure_summary", "收", ("收入总计", "收入合计"))
        or total_cell(ctx, "income")
    )
    yield from _text_vs_table(ctx, ctx.d.overview.income_total, cell, "收入合计")


@rule(
    "N013",
    "error",
    "文字说明支出合计 = 支出总表合计",
    what="文字说明中的支出总数等于支出总表合计（或收支总表本年支出合计）。",
    why=WHY_TEXT,
    example="唐山市公安局高新区分局2023年：文字 5983.18 = 支出总表 5983.18。",
    fix="更正文字说明或表格。",
    identity="文字支出合计 = 支出总表合计",
)
def expenditure_text_vs_table(ctx: Context) -> Iterator[Finding]:
    cell = total_cell(ctx, "expenditure") or summary_line(
        ctx, "income_expenditure_summary", "支", ("本年支出合计",)
    )
    yield from _text_vs_table(ctx, ctx.d.overview.expenditure_total, cell, "支出合计")


@rule(
    "N014",
    "error",
    "文字说明基本支出 = 支出总表基本支出",
    what="文字说明中的基本支出等于支出总表合计行的基本支出。",
    why=WHY_TEXT,
    example="济源式的支出总表：基本支出合计 14342.1。",
    fix="更正文字说明或表格。",
    identity="文字基本支出 = 支出总表基本支出",
)
def basic_text_vs_table(ctx: Context) -> Iterator[Finding]:
    yield from _text_vs_table(
        ctx, ctx.d.overview.basic, total_cell(ctx, "expenditure", "基本支出"), "基本支出"
    )


@rule(
    "N015",
    "error",
    "文字说明项目支出 = 支出总表项目支出",
    what="文字说明中的项目支出等于支出总表合计行的项目支出。",
    why=WHY_TEXT,
    example="唐山市公安局高新区分局2023年：文字 2158.68 = 支出总表 2158.68。",
    fix="更正文字说明或表格。",
    identity="文字项目支出 = 支出总表项目支出",
)
def project_text_vs_table(ctx: Context) -> Iterator[Finding]:
    yield from _text_vs_table(
        ctx, ctx.d.overview.project, total_cell(ctx, "expenditure", "项目支出"), "项目支出"
    )


@rule(
    "N016",
    "warning",
    "文字说明人员经费、公用经费 = 基本支出表",
    what="文字说明中的人员经费、公用经费等于一般公共预算基本支出表合计行的人员经费、公用经费"
    "（仅当基本支出全部由一般公共预算安排时严格相等）。",
    why=WHY_TEXT,
    example="唐山市公安局高新区分局2023年：人员经费 3632.50 = 3632.50；公用经费 192 = 192.00。",
    fix="更正文字说明或表格，或说明其他资金来源。",
)
def personnel_public_text_vs_table(ctx: Context) -> Iterator[Finding]:
    ov = ctx.d.overview
    ran = False
    for text, col, what in (
        (ov.personnel, "人员经费", "人员经费"),
        (ov.public_operating, "公用经费", "公用经费"),
    ):
        cell = total_cell(ctx, "general_public_basic", col)
        if text is None or cell is None:
            continue
        ran = True
        yield from _text_vs_table(ctx, text, cell, what)
    if not ran:
        raise no_data("没有可比较的人员经费、公用经费")


@rule(
    "N017",
    "error",
    "文字说明“三公”经费 = “三公”经费表",
    what="文字说明中的“三公”经费总数及分项等于“三公”经费表的合计列。",
    why=WHY_TEXT,
    example="济源市公安局2020年“三公”经费表：共计 297.2。",
    fix="更正文字说明或表格。",
    identity="文字“三公”经费 = “三公”经费表",
)
def three_public_text_vs_table(ctx: Context) -> Iterator[Finding]:
    from yusuan.check.rules.table_arith import three_public_rows

    tp = ctx.d.three_public
    if tp.total is None:
        raise not_applicable("文字说明没有“三公”经费")
    t, rows = three_public_rows(ctx)
    col = t.total_column() or _this_years_column(t.columns, ctx.d.year)
    if col is None:
        raise no_data("“三公”经费表没有金额列")
    ran = False
    for key, what in (
        ("total", "“三公”经费合计"),
        ("outbound", "因公出国(境)费"),
        ("vehicle_total", "公务用车购置及运行费"),
        ("reception", "公务接待费"),
    ):
        r, text = rows.get(key), getattr(tp, key)
        if r is None or text is None or r.values.get(col) is None:
            continue
        ran = True
        yield from _text_vs_table(ctx, text, (t, r, col), what)
    if not ran:
        raise no_data("没有可比较的“三公”经费数")


def _this_years_column(columns: list[str], year: int | None) -> str | None:
    """Without a 合计/预算数 column: the one labelled with the budget year, else the first
    that is not last year's (many units print "2023年预算数 | 2024年预算数")."""
    if year is not None:
        for c in columns:
            if str(year) in c:
                return c
    last = ("上年", str(year - 1)) if year is not None else ("上年",)
    return next((c for c in columns if not any(w in c for w in last)), None)


@rule(
    "N018",
    "error",
    "政府采购：文字说明总额 = 采购表合计",
    what="“政府采购预算情况”中的总额等于政府采购预算表的合计（无合计行时为各品目之和）。",
    why="政府采购预算须完整、一致地公开（财预〔2016〕143号）。",
    example="廊坊市公安局安次分局2020年：557.12 = 120.00 + 30.96 + 139.23 + 76.01 + 190.92。",
    fix="更正文字说明或采购表。",
    identity="文字政府采购总额 = 采购表合计",
)
def procurement_text_vs_table(ctx: Context) -> Iterator[Finding]:
    p = ctx.d.procurement
    if p.total is None:
        raise not_applicable("文字说明没有政府采购总额")
    if p.table_total is not None:
        yield from ctx.compare_equal(
            p.table_total,
            p.total,
            "文字说明中的政府采购总额与采购表合计不一致。",
            ctx.amounts(p.total, p.table_total),
            section="政府采购",
            expected_label="表 ",
            actual_label="文字 ",
        )
        return
    if not p.items:
        raise no_data("没有采购表")
    yield from ctx.compare_sum(
        p.total,
        [(i.item or "", i.amount) for i in p.items],
        "文字说明中的政府采购总额与采购表各品目之和不符。",
        ctx.amounts(p.total, *(i.amount for i in p.items)),
        section="政府采购",
    )


@rule(
    "N019",
    "error",
    "国有资产：文字说明总额 = 资产表合计",
    what="“上年末固定资产金额”等于固定资产占用情况表的合计（资产总额）。",
    why="国有资产信息须如实、一致地公开。",
    example="唐山市公安局高新区分局2023年：6781.29 = 表合计 6781.29。",
    fix="更正文字说明或资产表。",
    identity="文字固定资产总额 = 资产表合计",
)
def assets_text_vs_table(ctx: Context) -> Iterator[Finding]:
    a = ctx.d.assets
    if a.total is None or a.table_total is None or a.total is a.table_total:
        raise no_data("没有同时给出文字和表格中的资产总额")
    yield from ctx.compare_equal(
        a.table_total,
        a.total,
        "文字说明中的固定资产金额与资产表合计不一致。",
        ctx.amounts(a.total, a.table_total),
        section="国有资产",
        expected_label="表 ",
        actual_label="文字 ",
    )


@rule(
    "N020",
    "error",
    "文字说明收入来源 = 收支总表对应收入",
    what="收入说明中的一般公共预算、政府性基金等来源收入等于收支总表中的对应收入行。",
    why=WHY_TEXT,
    example="唐山市公安局高新区分局2023年：一般公共预算拨款 4327.18 = 收支总表 4327.18。",
    fix="更正文字说明或表格。",
    identity="文字各来源收入 = 收支总表对应收入",
)
def income_sources_vs_table(ctx: Context) -> Iterator[Finding]:
    sources = ctx.d.overview.income_by_source
    if not sources:
        raise not_applicable("文字说明没有收入来源")
    ran = False
    for label, amount in sources.items():
        word = next((w for w in ("一般公共预算", "基金", "国有资本") if w in label), None)
        if word is None:
            continue
        cell = income_line(
            ctx, "income_expenditure_summary", "政府性基金" if word == "基金" else word
        )
        if cell is None:
            continue
        ran = True
        yield from _text_vs_table(ctx, amount, cell, label)
    if not ran:
        raise no_data("没有可对应的收入行")


@rule(
    "N021",
    "warning",
    "拟购置固定资产不应与上年末资产总额相同",
    what="“本年拟购置固定资产”金额恰好等于“上年末固定资产金额”时，多半是复制错误。",
    why="两个数字口径不同（存量与本年新增），相等极少见；国有资产信息须如实公开。",
    example="大城县委政法委2020年：上年末固定资产 57.44 万元，本年拟购置固定资产共计 57.44 万元。",
    fix="核对本年拟购置固定资产的金额。",
)
def planned_equals_stock(ctx: Context) -> Iterator[Finding]:
    a = ctx.d.assets
    if a.planned_purchase is None or a.total is None:
        raise no_data("没有同时给出资产总额和拟购置金额")
    if a.planned_purchase.value == a.total.value and a.total.value != 0:
        yield ctx.finding(
            f"本年拟购置固定资产 {fmt(a.planned_purchase.value)} 万元与上年末固定资产总额相同，疑似复制错误。",
            locations=[ctx.at(a.planned_purchase), ctx.at(a.total)],
            expected=None,
            actual=a.planned_purchase.value,
            section="国有资产",
            diagnosis="该数与“上年末固定资产金额”相同，疑似从别处复制",
            suggestion="核对本年拟购置固定资产的金额。",
        )

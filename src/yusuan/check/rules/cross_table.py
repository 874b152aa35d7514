"""X: the same quantity agrees wherever it appears in the tables."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.check.context import Context
from yusuan.check.findings import Finding
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.check.rules.common import code_rows, is_of_which, label
from yusuan.check.rules.figures import income_line, summary_line, total_cell
from yusuan.model import TableModel, TableRow

WHY = (
    "同一口径的数字在各张表中必须一致（财预〔2016〕143号；收支总表是其余各表的总括，"
    "一般公共预算支出表是财政拨款支出的明细）。"
)

Cell = tuple[TableModel, TableRow, str]


def _agree(ctx: Context, a: Cell | None, b: Cell | None, what: str) -> Iterator[Finding]:
    if a is None or b is None:
        raise no_data(f"缺少比较所需的表或行：{what}")
    ta, ra, ca = a
    tb, rb, cb = b
    yield from ctx.compare_equal(
        ra.values[ca],
        rb.values[cb],
        f"{what}：《{ta.title}》与《{tb.title}》不一致。",
        lambda: [ctx.cell(ta, ra, ca), ctx.cell(tb, rb, cb)],
        section=tb.title,
        expected_label=f"《{ta.title}》",
        actual_label=f"《{tb.title}》",
    )


def _need(ctx: Context, *kinds: str) -> None:
    missing = [k for k in kinds if ctx.table(k) is None]
    if missing:
        raise not_applicable("缺少：" + "、".join(missing))


@rule(
    "X001",
    "error",
    "收支总表收入总计 = 收入总表合计",
    what="收支总表的“收入总计”等于收入总表的“合计”。",
    why=WHY,
    example="唐山市公安局高新区分局2023年：收支总表收入总计 5983.18 = 收入总表合计 5983.18。",
    fix="核对两表，更正与明细不符的一方。",
    identity="收支总表收入总计 = 收入总表合计",
)
def summary_income_vs_income_table(ctx: Context) -> Iterator[Finding]:
    _need(ctx, "income_expenditure_summary", "income")
    yield from _agree(
        ctx,
        summary_line(ctx, "income_expenditure_summary", "收", ("收入总计", "收入合计")),
        total_cell(ctx, "income"),
        "收入总计",
    )


@rule(
    "X002",
    "error",
    "收支总表本年支出合计 = 支出总表合计",
    what="收支总表的“本年支出合计”（无此行时为“支出总计”）等于支出总表的“合计”。",
    why=WHY,
    example="唐山市公安局高新区分局2023年：5983.18 = 5983.18。",
    fix="核对两表，更正与明细不符的一方。",
    identity="收支总表本年支出合计 = 支出总表合计",
)
def summary_expenditure_vs_expenditure_table(ctx: Context) -> Iterator[Finding]:
    _need(ctx, "income_expenditure_summary", "expenditure")
    line = summary_line(ctx, "income_expenditure_summary", "支", ("本年支出合计",)) or summary_line(
        ctx, "income_expenditure_summary", "支", ("支出总计", "支出合计")
    )
    yield from _agree(ctx, line, total_cell(ctx, "expenditure"), "支出合计")


@rule(
    "X003",
    "error",
    "一般公共预算支出表合计 = 财政拨款收支总表一般公共预算支出",
    what="一般公共预算（财政拨款）支出表的合计等于财政拨款收支总表中一般公共预算列的本年支出合计。",
    why=WHY,
    example="唐山市公安局高新区分局2023年：4327.18 = 4327.18。",
    fix="核对两表的一般公共预算支出数。",
    identity="一般公共预算支出表合计 = 财政拨款收支总表一般公共预算支出",
)
def general_public_vs_fiscal(ctx: Context) -> Iterator[Finding]:
    _need(ctx, "general_public_expenditure", "fiscal_summary")
    t = ctx.table("fiscal_summary")
    assert t is not None
    col = next(
        (
            c
            for c in t.columns
            if "一般公共预算" in c and "支" in c.split("/")[0] and not is_of_which(c)
        ),
        None,
    )
    line = (
        summary_line(ctx, "fiscal_summary", "支", ("本年支出合计",), col.rsplit("/", 1)[-1])
        if col
        else None
    )
    if line is None and col is not None:
        line = summary_line(
            ctx, "fiscal_summary", "支", ("支出总计", "支出合计"), col.rsplit("/", 1)[-1]
        )
    yield from _agree(ctx, total_cell(ctx, "general_public_expenditure"), line, "一般公共预算支出")


@rule(
    "X004",
    "error",
    "一般公共预算支出表基本支出 = 基本支出表合计",
    what="一般公共预算支出表合计行的“基本支出”等于一般公共预算基本支出表的合计。",
    why=WHY,
    example="唐山市公安局高新区分局2023年：3824.50 = 3824.50。",
    fix="核对两表的基本支出数。",
    identity="一般公共预算支出表基本支出 = 基本支出表合计",
)
def general_public_basic_vs_basic_table(ctx: Context) -> Iterator[Finding]:
    _need(ctx, "general_public_expenditure", "general_public_basic")
    yield from _agree(
        ctx,
        total_cell(ctx, "general_public_expenditure", "基本支出"),
        total_cell(ctx, "general_public_basic"),
        "一般公共预算基本支出",
    )


def _fiscal_fund_column(ctx: Context, word: str) -> Cell | None:
    t = ctx.table("fiscal_summary")
    if t is None:
        return None
    col = next((c for c in t.columns if word in c and "支" in c.split("/")[0]), None)
    if col is None:
        return None
    last = col.rsplit("/", 1)[-1]
    return summary_line(ctx, "fiscal_summary", "支", ("本年支出合计",), last) or summary_line(
        ctx, "fiscal_summary", "支", ("支出总计", "支出合计"), last
    )


@rule(
    "X005",
    "error",
    "政府性基金支出表合计 = 财政拨款收支总表政府性基金支出",
    what="政府性基金预算支出表合计等于财政拨款收支总表中政府性基金列的支出合计。",
    why=WHY,
    example="唐山市公安局高新区分局2023年：1656.00 = 1656.00。",
    fix="核对两表的政府性基金支出数。",
    identity="政府性基金支出表合计 = 财政拨款收支总表政府性基金支出",
)
def fund_vs_fiscal(ctx: Context) -> Iterator[Finding]:
    _need(ctx, "government_fund", "fiscal_summary")
    yield from _agree(
        ctx, total_cell(ctx, "government_fund"), _fiscal_fund_column(ctx, "基金"), "政府性基金支出"
    )


@rule(
    "X006",
    "error",
    "国有资本经营预算支出表与财政拨款收支总表一致",
    what="国有资本经营预算支出表合计等于财政拨款收支总表国有资本经营列的支出合计；后者有数时前者不能是空表。",
    why=WHY,
    example="唐山市公安局高新区分局2023年：财政拨款收支总表国资列为空，国有资本经营预算支出表空表列示。",
    fix="补列国有资本经营预算支出，或更正财政拨款收支总表。",
    identity="国有资本经营预算支出表合计 = 财政拨款收支总表国有资本经营支出",
)
def state_capital_vs_fiscal(ctx: Context) -> Iterator[Finding]:
    fiscal = _fiscal_fund_column(ctx, "国有资本")
    if fiscal is None:
        raise no_data("财政拨款收支总表没有国有资本经营列的合计")
    listed = [t for t in ctx.d.tables if t.kind == "state_capital"]
    if not listed:
        raise not_applicable("没有国有资本经营预算支出表")
    t, r, c = fiscal
    amount = r.values[c]
    if listed[0].empty:
        if amount is not None and amount.value != 0:
            yield ctx.finding(
                "财政拨款收支总表有国有资本经营预算支出，但国有资本经营预算支出表为空表。",
                locations=[ctx.cell(t, r, c)],
                actual=amount.value,
                section=listed[0].title,
                suggestion="补列国有资本经营预算支出表的明细。",
            )
        return
    yield from _agree(ctx, total_cell(ctx, "state_capital"), fiscal, "国有资本经营预算支出")


@rule(
    "X007",
    "error",
    "一般公共预算支出不超过支出总表同一科目",
    what="一般公共预算支出表中每个科目、每一列（合计/基本/项目）的金额不大于支出总表中同一科目的金额。",
    why=WHY + " 一般公共预算拨款只是全部支出的一部分。",
    example="济源市公安局2020年：执法办案 一般公共预算 2903.3 ≤ 支出总表 3015.0。",
    fix="核对该科目在两表中的金额。",
)
def general_public_within_expenditure(ctx: Context) -> Iterator[Finding]:
    from yusuan.check.arith import fmt, half_unit

    _need(ctx, "general_public_expenditure", "expenditure")
    gp, ex = ctx.table("general_public_expenditure"), ctx.table("expenditure")
    assert gp is not None and ex is not None
    by_code = {r.code: r for r in code_rows(ex)}
    pairs = [("合计", "总计"), ("基本支出",), ("项目支出",)]
    ran = False
    for r in code_rows(gp):
        other = by_code.get(r.code)
        if other is None:
            continue
        for names in pairs:
            cg, ce = gp.column(*names), ex.column(*names)
            a, b = ctx.value(r, cg), ctx.value(other, ce)
            if a is None or b is None or cg is None or ce is None:
                continue
            ran = True
            if a.value - b.value > half_unit(a) + half_unit(b):
                yield ctx.finding(
                    f"科目{label(r)}的一般公共预算支出大于支出总表中的同一科目。",
                    locations=[ctx.cell(gp, r, cg), ctx.cell(ex, other, ce)],
                    expected=b.value,
                    actual=a.value,
                    arithmetic=f"{fmt(a.value)} > {fmt(b.value)}",
                    section=gp.title,
                    suggestion="核对该科目在两表中的金额。",
                )
    if not ran:
        raise no_data("两表没有相同科目")


@rule(
    "X008",
    "error",
    "收入总表合计 = 支出总表合计",
    what="部门预算收支平衡：收入总表合计等于支出总表合计。",
    why=WHY + " 部门预算按“以收定支、收支平衡”编制。",
    example="唐山市公安局高新区分局2023年：5983.18 = 5983.18。",
    fix="核对收入与支出合计，找出不平衡的科目。",
    identity="收入总表合计 = 支出总表合计",
)
def income_table_vs_expenditure_table(ctx: Context) -> Iterator[Finding]:
    _need(ctx, "income", "expenditure")
    yield from _agree(ctx, total_cell(ctx, "income"), total_cell(ctx, "expenditure"), "收支合计")


@rule(
    "X009",
    "error",
    "收支总表各项收入 = 财政拨款收支总表对应收入",
    what="收支总表中的一般公共预算拨款、政府性基金预算拨款、国有资本经营预算拨款收入，等于财政拨款收支总表中的同一收入。",
    why=WHY,
    example="唐山市公安局高新区分局2023年：一般公共预算拨款收入 4327.18 = 4327.18。",
    fix="核对两表的财政拨款收入。",
    identity="收支总表各项收入 = 财政拨款收支总表对应收入",
)
def summary_income_lines_vs_fiscal(ctx: Context) -> Iterator[Finding]:
    _need(ctx, "income_expenditure_summary", "fiscal_summary")
    ran = False
    for word in ("一般公共预算", "政府性基金", "国有资本经营"):
        a = income_line(ctx, "income_expenditure_summary", word)
        b = income_line(ctx, "fiscal_summary", word)
        if a is None or b is None:
            continue
        ran = True
        yield from _agree(ctx, a, b, f"{word}收入")
    if not ran:
        raise no_data("没有可对应的收入行")


@rule(
    "X010",
    "warning",
    "项目绩效目标表预算之和不超过项目支出",
    what="各项目绩效目标表列示的本年预算之和不大于项目支出总额（支出总表或文字说明）。",
    why="每个项目支出都应有绩效目标（中发〔2018〕34号），项目预算不能超过项目支出总额。",
    example="济源市公安局2020年：70 个项目本年度金额合计 12485.5 ≤ 项目支出 13264.4。",
    fix="核对各项目预算数与项目支出总额。",
)
def project_budgets_within_project_spending(ctx: Context) -> Iterator[Finding]:
    from decimal import Decimal

    from yusuan.check.arith import fmt

    projects = [p for p in ctx.d.performance.projects if p.budget is not None]
    if not projects:
        raise no_data("项目绩效目标表没有预算数")
    found = total_cell(ctx, "expenditure", "项目支出")
    total = found[1].values[found[2]] if found else ctx.d.overview.project
    if total is None:
        raise no_data("没有项目支出总额")
    s = sum((p.budget.value for p in projects if p.budget), Decimal(0))
    if s - total.value > Decimal("0.005") * (len(projects) + 1):
        yield ctx.finding(
            f"{len(projects)} 个项目绩效目标表的预算之和大于项目支出总额。",
            locations=[ctx.at(total)],
            expected=total.value,
            actual=s,
            arithmetic=f"Σ 项目预算 {fmt(s)} > 项目支出 {fmt(total.value)}",
            suggestion="核对重复列示的项目或填错的预算数。",
            section="绩效目标",
        )


@rule(
    "X011",
    "error",
    "部门绩效目标表预算情况与预算表一致",
    what="部门（单位）整体绩效目标表中的部门预算总额、基本支出、项目支出等于支出总表（或文字说明）中的数字。",
    why="部门整体绩效目标须与预算相匹配（财预〔2015〕88号“相应匹配”）。",
    example="济源市公安局2020年：部门预算总额 27606.5 = 支出总表合计 27606.5。",
    fix="更正绩效目标表的预算情况。",
    identity="部门绩效目标表预算总额、基本支出、项目支出 = 预算表",
)
def department_budget_vs_tables(ctx: Context) -> Iterator[Finding]:
    budget = ctx.d.performance.department.budget
    if not budget:
        raise not_applicable("没有部门整体绩效目标表的预算情况")
    ran = False
    for key, names in (
        ("total", ("合计", "总计")),
        ("basic", ("基本支出",)),
        ("project", ("项目支出",)),
    ):
        mine = next((a for k, a in budget.items() if k == key), None)
        found = total_cell(ctx, "expenditure", *names)
        other = (
            found[1].values[found[2]]
            if found
            else getattr(ctx.d.overview, {"total": "expenditure_total"}.get(key, key))
        )
        if mine is None or other is None:
            continue
        ran = True
        yield from ctx.compare_equal(
            other,
            mine,
            f"部门绩效目标表的{dict(total='预算总额', basic='基本支出', project='项目支出')[key]}与预算表不一致。",
            ctx.amounts(other, mine),
            section="绩效目标",
        )
    if not ran:
        raise no_data("没有可比较的预算数")

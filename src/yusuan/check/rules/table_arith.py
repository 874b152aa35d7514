"""T: arithmetic inside one table (totals, code hierarchy, row and column sums)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from yusuan.check.arith import differs, fmt, tolerance
from yusuan.check.context import Context
from yusuan.check.findings import Finding
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.check.rules.common import (
    CODE_TABLES,
    children,
    code_rows,
    enumerated,
    is_of_which,
    label,
    three_public_part,
    top_level,
)
from yusuan.model import TableModel, TableRow
from yusuan.vocab import TOTAL_NAMES

WHY_TABLES = "《地方预决算公开操作规程》(财预〔2016〕143号) 要求公开的预算表数字真实、口径一致；合计与明细不符的表格无法被核对。"


def _code_tables(ctx: Context) -> list[TableModel]:
    tables = [t for t in ctx.d.tables if t.kind in CODE_TABLES and not t.empty]
    if not tables:
        raise not_applicable("没有按科目编码列示的预算表")
    return tables


@rule(
    "T001",
    "error",
    "合计行等于各类（最高级科目）之和",
    what="按科目列示的预算表中，“合计”行每一列等于最高一级科目行（通常是“类”）之和。",
    why=WHY_TABLES,
    example="唐山市公安局高新区分局2023年单位预算收入总表：合计 5983.18 = 204 公共安全支出 4327.18 + "
    "212 城乡社区支出 1656.00。",
    fix="更正合计数，或补齐/更正漏列、多列的类级科目行。",
    identity="合计行 = Σ 最高级科目行（每一列）",
)
def total_equals_top_level(ctx: Context) -> Iterator[Finding]:
    ran = False
    for t in _code_tables(ctx):
        total = t.total_row()
        tops = _tops_the_total_adds(t, total, top_level(code_rows(t)))
        if total is None or not tops:
            continue
        ran = True
        names = [label(r) for r in tops]
        for col in t.columns:
            if is_of_which(col):
                continue
            parts = [(n, r.values.get(col)) for n, r in zip(names, tops, strict=True)]
            yield from ctx.compare_sum(
                ctx.value(total, col),
                parts,
                f"《{t.title}》“{col}”列合计数与各类科目之和不符。",
                ctx.cells(t, (total, col), *((r, col) for r in tops)),
                section=t.title,
            )
    if not ran:
        raise no_data("表中没有合计行或科目行")


def _tops_the_total_adds(
    t: TableModel, total: TableRow | None, tops: list[TableRow]
) -> list[TableRow]:
    """The top rows, without a deeper row whose parent is missing ("7 11 02" printed for
    "210 11 02") when the total adds up without it: that row is a misprinted code (C001,
    C003), not a class the total leaves out."""
    shortest = min((len(r.code or "") for r in tops), default=0)
    classes = [r for r in tops if len(r.code or "") == shortest]
    if total is None or len(classes) in (0, len(tops)):
        return tops
    for col in t.columns:
        printed = total.values.get(col)
        amounts = [a for r in classes if (a := r.values.get(col)) is not None]
        if printed is None or not amounts:
            continue
        values = [a.value for a in amounts]
        if differs(sum(values, Decimal(0)), printed.value, tolerance(values, printed.value)):
            return tops
    return classes


@rule(
    "T002",
    "error",
    "上级科目等于下级科目之和（类=Σ款，款=Σ项）",
    what="科目编码表中，每个有下级科目的行，各数字列等于其下级科目之和。",
    why=WHY_TABLES + " 功能分类“类/款/项”、经济分类“类/款”逐级汇总。",
    example="唐山市公安局高新区分局2023年一般公共预算财政拨款支出表：20402 公安 4327.18 = 2040202 "
    "4215.80 + 2040220 40.00 + 2040299 71.38。",
    fix="更正上级科目的金额，或更正、补列下级科目。",
    identity="上级科目 = Σ 下级科目（类 = Σ款，款 = Σ项）",
)
def parent_equals_children(ctx: Context) -> Iterator[Finding]:
    ran = False
    for t in _code_tables(ctx):
        rows = code_rows(t)
        by_parent = children(rows)
        for parent in rows:
            kids = by_parent.get(parent.code or "", [])
            if not kids:
                continue
            ran = True
            names = [label(k) for k in kids]
            for col in t.columns:
                if is_of_which(col):
                    continue
                for f in ctx.compare_sum(
                    ctx.value(parent, col),
                    [(n, k.values.get(col)) for n, k in zip(names, kids, strict=True)],
                    f"《{t.title}》{label(parent)}的“{col}”与其下级科目之和不符。",
                    ctx.cells(t, (parent, col), *((k, col) for k in kids)),
                    section=t.title,
                ):
                    if f.diagnosis is None and isinstance(f.actual, Decimal):
                        assert isinstance(f.expected, Decimal)
                        f.diagnosis = _missing_child(ctx, t, parent, kids, f.actual - f.expected)
                    yield f
    if not ran:
        raise no_data("没有同时列出上下级科目的表")


def _missing_child(
    ctx: Context, t: TableModel, parent: TableRow, kids: list[TableRow], gap: Decimal
) -> str | None:
    """A child printed in another table but not in this one, whose amount is the gap."""
    have = {k.code for k in kids}
    for other in ctx.d.tables:
        if other is t or other.kind not in CODE_TABLES:
            continue
        for r in code_rows(other):
            if (
                r.code
                and r.code not in have
                and parent.code
                and r.code.startswith(parent.code)
                and len(r.code) == len(parent.code) + 2
                and any(a is not None and a.value == gap for a in r.values.values())
            ):
                return f"疑似漏列下级科目 {label(r)}（《{other.title}》中列有 {fmt(gap)}）"
    return None


def _row_total_parts(t: TableModel) -> tuple[str, list[str]] | None:
    """The total column and the top-level component columns that add up to it."""
    # The 合计 column by name: not total_column()'s fallback to a lone 金额/预算数 column, which
    # beside other columns (上年预算数 …) is no sum of them.
    total = t.column(*TOTAL_NAMES)
    if total is None:
        return None
    prefix = total.rsplit("/", 1)[0] + "/" if "/" in total else ""
    depth = total.count("/")
    groups: dict[str, list[str]] = {}
    for c in t.columns:
        if c == total or not c.startswith(prefix) or is_of_which(c):
            continue
        head = c.split("/")[depth]
        groups.setdefault(head, []).append(c)
    parts = []
    for head, cols in groups.items():
        if len(cols) == 1:
            parts.append(cols[0])
        else:
            sub = next((c for c in cols if c.endswith("/小计") and c.count("/") == depth + 1), None)
            if sub is None:
                return None  # no subtotal to stand for the group: do not guess
            parts.append(sub)
        del head
    return (total, parts) if parts else None


@rule(
    "T003",
    "error",
    "每行合计等于各组成列之和",
    what="支出表每行“合计”=基本支出+项目支出(+经营支出等)；收入表每行“合计”=本年收入+上年结转；"
    "基本支出表每行“合计”=人员经费+公用经费。",
    why=WHY_TABLES,
    example="唐山市公安局高新区分局2023年单位预算支出总表：204 公共安全支出 4327.18 = 基本支出 3824.50 "
    "+ 项目支出 502.68。",
    fix="更正该行合计数，或更正填错列的金额。",
    identity="每行合计列 = Σ 组成列",
)
def row_total_equals_columns(ctx: Context) -> Iterator[Finding]:
    ran = False
    for t in _code_tables(ctx):
        spec = _row_total_parts(t)
        if spec is None:
            continue
        total, parts = spec
        ran = True
        for r in t.rows:
            yield from ctx.compare_sum(
                ctx.value(r, total),
                [(p, ctx.value(r, p)) for p in parts],
                f"《{t.title}》“{label(r)}”行的“{total}”与各组成列之和不符。",
                ctx.cells(t, (r, total), *((r, p) for p in parts)),
                section=t.title,
            )
    if not ran:
        raise no_data("没有可识别合计列的表")


@rule(
    "T004",
    "error",
    "小计列等于其下各列之和",
    what="多级表头中“X/小计”列等于X下其他各列之和（如 本年收入/小计 = 财政拨款收入 + 事业收入 + …；"
    "基本支出/小计 = 工资福利支出 + 公用经费 + 对个人和家庭的补助）。",
    why=WHY_TABLES,
    example="济源市公安局2020年部门支出总体情况表：基本支出小计 14342.1 = 12427.6 + 1423.8 + 490.7。",
    fix="更正小计数，或更正填错列的金额。",
    identity="小计列 = Σ 其下各列",
)
def subtotal_column(ctx: Context) -> Iterator[Finding]:
    ran = False
    for t in _code_tables(ctx):
        for sub in (c for c in t.columns if c.endswith("/小计")):
            parent = sub.rsplit("/", 1)[0]
            leaves = [
                c
                for c in t.columns
                if c.startswith(parent + "/")
                and c != sub
                and c.count("/") == sub.count("/")
                and not is_of_which(c)
            ]
            if not leaves:
                continue
            ran = True
            for r in t.rows:
                yield from ctx.compare_sum(
                    ctx.value(r, sub),
                    [(c, ctx.value(r, c)) for c in leaves],
                    f"《{t.title}》“{label(r)}”行的“{sub}”与其下各列之和不符。",
                    ctx.cells(t, (r, sub), *((r, c) for c in leaves)),
                    section=t.title,
                )
    if not ran:
        raise no_data("没有带“小计”的多级表头")


# The two-sided summaries, of a budget and of a 决算 (收入支出决算总表, 财政拨款收入支出决算总表).
TWO_SIDED = (
    "income_expenditure_summary",
    "fiscal_summary",
    "final_income_expenditure_summary",
    "final_fiscal_summary",
)


def _two_sided(ctx: Context) -> list[TableModel]:
    tables = [t for t in ctx.d.tables if t.kind in TWO_SIDED and not t.empty]
    if not tables:
        raise not_applicable("没有收支总表或财政拨款收支总表")
    return tables


def _side_rows(ctx: Context, t: TableModel, side: str) -> list[TableRow]:
    return [r for r in t.rows if r.side == side]


def _year_lines(
    ctx: Context, t: TableModel, side: str, total_names: tuple[str, ...]
) -> tuple[TableRow | None, list[TableRow]]:
    rows = _side_rows(ctx, t, side)
    total = t.row(*total_names, side=side)
    if total is not None and total in rows:
        # Numbered lines after the total break down the carried-over balance (决算总表).
        before = enumerated(rows[: rows.index(total)])
        if before:
            return total, before
    return total, enumerated(rows)


@rule(
    "T005",
    "error",
    "收支总表：本年收入合计等于各项收入之和",
    what="收支总表、财政拨款收支总表（及决算的收入支出决算总表、财政拨款收入支出决算总表）的“本年收入合计”"
    "等于编号列示的各项收入（一、一般公共预算拨款收入……）之和。",
    why=WHY_TABLES + " 收支总表是其余各表的总括。",
    example="唐山市公安局高新区分局2023年单位预算收支总表：本年收入合计 5983.18 = 4327.18 + 1656.00。",
    fix="更正本年收入合计或漏列、错列的收入项目。",
    identity="本年收入合计 = Σ 编号收入行",
)
def income_lines_sum(ctx: Context) -> Iterator[Finding]:
    ran = False
    for t in _two_sided(ctx):
        side = next((s for s in dict.fromkeys(r.side for r in t.rows) if s and "收" in s), None)
        if side is None:
            continue
        total, lines = _year_lines(ctx, t, side, ("本年收入合计", "本年收入小计"))
        col = t.total_column(side=side) or next((c for c in t.columns if c.startswith(side)), None)
        if total is None or not lines or col is None:
            continue
        ran = True
        yield from ctx.compare_sum(
            ctx.value(total, col),
            [(label(r), ctx.value(r, col)) for r in lines],
            f"《{t.title}》本年收入合计与各项收入之和不符。",
            ctx.cells(t, (total, col), *((r, col) for r in lines)),
            section=t.title,
        )
    if not ran:
        raise no_data("收支总表中没有“本年收入合计”或编号收入行")


@rule(
    "T006",
    "error",
    "收支总表：本年支出合计等于各功能分类支出之和",
    what="收支总表、财政拨款收支总表（及两张决算总表）的“本年支出合计”在每一列都等于编号列示的各类支出之和。",
    why=WHY_TABLES,
    example="唐山市公安局高新区分局2023年单位预算收支总表：本年支出合计 5983.18 = 公共安全支出 4327.18 + "
    "城乡社区支出 1656.00。",
    fix="更正本年支出合计或有误的功能分类支出行。",
    identity="本年支出合计 = Σ 编号支出行（每一列）",
)
def expenditure_lines_sum(ctx: Context) -> Iterator[Finding]:
    ran = False
    for t in _two_sided(ctx):
        side = next((s for s in dict.fromkeys(r.side for r in t.rows) if s and "支" in s), None)
        if side is None:
            continue
        total, lines = _year_lines(ctx, t, side, ("本年支出合计", "本年支出小计"))
        if total is None or not lines:
            continue
        ran = True
        names = [label(r) for r in lines]
        for col in (c for c in t.columns if c.startswith(side) and not is_of_which(c)):
            yield from ctx.compare_sum(
                ctx.value(total, col),
                [(n, r.values.get(col)) for n, r in zip(names, lines, strict=True)],
                f"《{t.title}》“{col}”列本年支出合计与各类支出之和不符。",
                ctx.cells(t, (total, col), *((r, col) for r in lines)),
                section=t.title,
            )
    if not ran:
        raise no_data("收支总表中没有“本年支出合计”或编号支出行")


_CARRY_IN = (
    "上年结转结余",
    "上年结转",
    "年初财政拨款结转和结余",
    "上年结转和结余",
    "年初结转和结余",
)
_CARRY_OUT = ("年终结转结余", "年末财政拨款结转和结余", "年末结转和结余", "年终结转")
# 决算总表 lines beside the carried-over balance that also make up the grand total.
_USE_BALANCE = (
    "使用非财政拨款结余",
    "使用非财政拨款结余（含专用结余）",
    "使用非财政拨款结余(含专用结余)",
)


@rule(
    "T007",
    "error",
    "收支总表：收入总计 = 本年收入合计 + 上年结转",
    what="“收入总计”等于“本年收入合计”加“上年结转结余”（年初财政拨款结转和结余）；决算总表的“总计”"
    "还包括“使用非财政拨款结余”。",
    why=WHY_TABLES,
    example="唐山市公安局高新区分局2023年单位预算收支总表：收入总计 5983.18 = 5983.18 + 0。",
    fix="更正收入总计或上年结转数。",
    identity="收入总计 = 本年收入合计 + 上年结转（+ 使用非财政拨款结余）",
)
def income_grand_total(ctx: Context) -> Iterator[Finding]:
    yield from _grand_total(
        ctx, "收", ("收入总计", "收入合计", "总计"), ("本年收入合计",), _CARRY_IN, _USE_BALANCE
    )


@rule(
    "T008",
    "error",
    "收支总表：支出总计 = 本年支出合计 + 年终结转",
    what="“支出总计”等于“本年支出合计”加“年终结转结余”（年末财政拨款结转和结余）；决算总表的“总计”"
    "还包括“结余分配”。",
    why=WHY_TABLES,
    example="唐山市公安局高新区分局2023年单位预算收支总表：支出总计 5983.18 = 5983.18 + 0。",
    fix="更正支出总计或年终结转数。",
    identity="支出总计 = 本年支出合计 + 年终结转（+ 结余分配）",
)
def expenditure_grand_total(ctx: Context) -> Iterator[Finding]:
    yield from _grand_total(
        ctx, "支", ("支出总计", "支出合计", "总计"), ("本年支出合计",), _CARRY_OUT, ("结余分配",)
    )


def _grand_total(
    ctx: Context,
    side_word: str,
    grand: tuple[str, ...],
    year: tuple[str, ...],
    carry: tuple[str, ...],
    extra: tuple[str, ...] = (),
) -> Iterator[Finding]:
    ran = False
    for t in _two_sided(ctx):
        side = next(
            (s for s in dict.fromkeys(r.side for r in t.rows) if s and side_word in s), None
        )
        if side is None:
            continue
        g, y = t.row(*grand, side=side), t.row(*year, side=side)
        if g is None or y is None or g is y:
            continue
        c = t.row(*carry, side=side)
        e = t.row(*extra, side=side) if extra else None
        ran = True
        for col in (x for x in t.columns if x.startswith(side) and not is_of_which(x)):
            parts = [(y.name or "", ctx.value(y, col))]
            for other in (c, e):
                if other is not None:
                    parts.append((other.name or "", ctx.value(other, col)))
            yield from ctx.compare_sum(
                ctx.value(g, col),
                parts,
                f"《{t.title}》“{g.name}”不等于“{y.name}”加结转结余。",
                ctx.cells(t, (g, col), (y, col)),
                section=t.title,
            )
    if not ran:
        raise no_data("收支总表中没有总计与本年合计两行")


@rule(
    "T009",
    "error",
    "收支总表：收入总计等于支出总计",
    what="收支总表、财政拨款收支总表（及两张决算总表）两侧平衡：收入总计 = 支出总计。",
    why=WHY_TABLES + " 部门预算按“收支平衡”编制。",
    example="济源市公安局2020年部门收支总体情况表：收入合计 27606.5 = 支出合计 27606.5。",
    fix="核对两侧总计，找出不平衡的收入或支出项目。",
    identity="收入总计 = 支出总计",
)
def sides_balance(ctx: Context) -> Iterator[Finding]:
    ran = False
    for t in _two_sided(ctx):
        sides_ = [s for s in dict.fromkeys(r.side for r in t.rows) if s]
        inc = next((s for s in sides_ if "收" in s), None)
        exp = next((s for s in sides_ if "支" in s), None)
        if inc is None or exp is None:
            continue
        a = t.row("收入总计", "收入合计", "总计", side=inc)
        b = t.row("支出总计", "支出合计", "总计", side=exp)
        ca, cb = t.total_column(side=inc), t.total_column(side=exp)
        if a is None or b is None or ca is None or cb is None:
            continue
        ran = True
        yield from ctx.compare_equal(
            ctx.value(a, ca),
            ctx.value(b, cb),
            f"《{t.title}》收入总计与支出总计不相等。",
            ctx.cells(t, (a, ca), (b, cb)),
            section=t.title,
            expected_label="收入总计 ",
            actual_label="支出总计 ",
        )
    if not ran:
        raise no_data("没有收入总计和支出总计")


def three_public_rows(ctx: Context) -> tuple[TableModel, dict[str, TableRow]]:
    t = ctx.table("three_public")
    if t is None:
        raise not_applicable("没有“三公”经费表或为空表")
    rows: dict[str, TableRow] = {}
    for r in t.rows:
        part = three_public_part(r.name or "")
        if part and part not in rows:
            rows[part] = r
    return t, rows


def _row_is_sum(
    ctx: Context, t: TableModel, total: TableRow, parts: list[TableRow], message: str
) -> Iterator[Finding]:
    """In every column, ``total`` equals the sum of ``parts`` (rows of one table)."""
    for col in t.columns:
        yield from ctx.compare_sum(
            ctx.value(total, col),
            [(r.name or "", ctx.value(r, col)) for r in parts],
            message,
            ctx.cells(t, (total, col), *((r, col) for r in parts)),
            section=t.title,
        )


@rule(
    "T010",
    "error",
    "“三公”经费表：合计 = 因公出国(境) + 公务用车购置及运行 + 公务接待",
    what="“三公”经费表的合计等于三项之和（每一列）。",
    why="“三公”经费由因公出国(境)费、公务用车购置及运行费、公务接待费组成（中办发〔2016〕13号，财预〔2016〕143号）。",
    example="济源市公安局2020年“三公”经费表：共计 297.2 = 0 + 289.8 + 7.4。",
    fix="更正合计或有误的分项。",
    identity="“三公”合计 = 因公出国 + 公务用车 + 公务接待",
)
def three_public_table_total(ctx: Context) -> Iterator[Finding]:
    t, rows = three_public_rows(ctx)
    total = rows.get("total")
    parts = [rows[k] for k in ("outbound", "vehicle_total", "reception") if k in rows]
    if total is None or len(parts) < 2:
        raise no_data("表中缺少合计或分项")
    yield from _row_is_sum(ctx, t, total, parts, f"《{t.title}》“三公”经费合计与三项之和不符。")


@rule(
    "T011",
    "error",
    "“三公”经费表：公务用车购置及运行费 = 购置费 + 运行费",
    what="公务用车购置及运行(维护)费等于公务用车购置费与运行(维护)费之和。",
    why="财预〔2016〕143号要求“三公”经费中公务用车分列购置费和运行费。",
    example="济源市公安局2020年“三公”经费表：公务用车费 289.8 = 运行维护费 289.8 + 购置 0。",
    fix="更正公务用车小计或其中的购置、运行数。",
    identity="公务用车购置及运行费 = 购置费 + 运行费",
)
def three_public_table_vehicle(ctx: Context) -> Iterator[Finding]:
    t, rows = three_public_rows(ctx)
    total = rows.get("vehicle_total")
    parts = [rows[k] for k in ("vehicle_purchase", "vehicle_operation") if k in rows]
    if total is None or not parts:
        raise no_data("表中没有公务用车小计或其购置、运行分项")
    yield from _row_is_sum(
        ctx, t, total, parts, f"《{t.title}》公务用车购置及运行费与购置费、运行费之和不符。"
    )


@rule(
    "T012",
    "error",
    "政府采购预算表：合计等于各采购项目之和",
    what="政府采购预算表“合计”行的采购金额等于各采购品目金额之和。",
    why="政府采购预算须完整列示（财预〔2016〕143号；《政府采购法》）；合计与明细不符说明漏列或多列。",
    example="唐山市公安局高新区分局2023年单位政府采购预算：合计 217.00 = 30.00 + 168.00 + 19.00。",
    fix="更正合计数或补列漏掉的采购品目。",
    identity="政府采购合计 = Σ 采购项目",
)
def procurement_table_total(ctx: Context) -> Iterator[Finding]:
    p = ctx.d.procurement
    if not p.items:
        raise not_applicable("没有政府采购明细")
    if p.table_total is None:
        raise no_data("采购表没有合计行")
    yield from ctx.compare_sum(
        p.table_total,
        [(i.item or i.project or "", i.amount) for i in p.items],
        "政府采购预算表合计与各品目金额之和不符。",
        ctx.amounts(p.table_total, *(i.amount for i in p.items)),
        section="政府采购",
    )


@rule(
    "T013",
    "warning",
    "政府采购：金额 = 数量 × 单价",
    what="每个采购品目的采购金额约等于数量乘以单价（按单价的印刷精度留出舍入空间）。",
    why="单价、数量、金额三者不一致时，至少有一个数字填错。",
    example="唐山市公安局高新区分局2023年：制服 1000 套 × 0.03 万元 = 30.00 万元。",
    fix="核对数量、单价和金额，更正填错的一项。",
    identity="采购金额 = 数量 × 单价（舍入以内）",
)
def procurement_quantity_price(ctx: Context) -> Iterator[Finding]:

    from yusuan.check.arith import fmt, product_tolerance

    items = [i for i in ctx.d.procurement.items if i.quantity and i.unit_price and i.amount]
    if not items:
        raise no_data("采购明细没有数量、单价和金额")
    for i in items:
        assert i.quantity is not None and i.unit_price is not None and i.amount is not None
        expected = i.quantity * i.unit_price.value
        tol = product_tolerance(i.quantity, i.unit_price, i.amount)
        if abs(expected - i.amount.value) > tol:
            yield ctx.finding(
                f"采购品目“{i.item}”的金额与数量×单价不符。",
                locations=[ctx.at(i.amount)],
                expected=expected,
                actual=i.amount.value,
                arithmetic=f"{fmt(i.quantity)} × {fmt(i.unit_price.value)} = {fmt(expected)} ≠ "
                f"{fmt(i.amount.value)}",
                tolerance=tol,
                suggestion="核对数量、单价和金额。",
                section="政府采购",
            )


@rule(
    "T014",
    "error",
    "固定资产占用情况表：合计等于各类资产之和",
    what="固定资产占用情况表的合计（资产总额）等于各大类资产价值之和（“其中”行不重复相加）。",
    why="国有资产信息须如实公开（财预〔2016〕143号附件，河北省预算公开要求）。",
    example="唐山市公安局高新区分局：合计 6781.29 ≈ 2038.82 + 1233.70 + 3271.13 + 0 + 0.30 + 237.35 "
    "= 6781.30（差 0.01，在舍入误差内）。",
    fix="更正资产总额或有误的分类金额。",
    identity="固定资产合计 = Σ 各类资产",
)
def assets_total(ctx: Context) -> Iterator[Finding]:
    a = ctx.d.assets
    tops = [i for i in a.items if i.value is not None and not i.category.startswith("其中")]
    if not a.items:
        raise not_applicable("没有固定资产占用情况表")
    # The table's own 合计: a total stated in the text is N019's (text against table).
    total = a.table_total or a.total
    if total is None or not tops:
        raise no_data("资产表没有总额或分类金额")
    # Sub-rows printed without "其中" (e.g. "陈列品" under "四、文物与陈列品") are not categories.
    numbered = [i for i in tops if i.category[:1] in "一二三四五六七八九十123456789"]
    parts = numbered or tops
    yield from ctx.compare_sum(
        total,
        [(i.category, i.value) for i in parts],
        "固定资产总额与各类资产价值之和不符。",
        ctx.amounts(total, *(i.value for i in parts)),
        section="国有资产",
    )


@rule(
    "T015",
    "error",
    "固定资产：“其中”项不大于其上级项",
    what="“其中：房屋”“其中：汽车”等子项的价值和数量不超过其所属大类。",
    why="“其中”项是上级项的一部分。",
    example="唐山市公安局高新区分局：通用设备 1233.70 ≥ 其中汽车 587.04。",
    fix="更正子项或大类数字。",
)
def assets_of_which(ctx: Context) -> Iterator[Finding]:
    from yusuan.check.arith import fmt

    items = ctx.d.assets.items
    if not items:
        raise not_applicable("没有固定资产占用情况表")
    parent = None
    checked = False
    for i in items:
        if not i.category.startswith("其中"):
            parent = i
            continue
        if parent is None:
            continue
        for what, child, par in (
            (
                "价值",
                i.value.value if i.value else None,
                parent.value.value if parent.value else None,
            ),
            ("数量", i.quantity, parent.quantity),
        ):
            if child is None or par is None:
                continue
            checked = True
            if child > par:
                yield ctx.finding(
                    f"“{i.category}”的{what}大于其所属的“{parent.category}”。",
                    locations=[ctx.at(i.value), ctx.at(parent.value)],
                    expected=par,
                    actual=child,
                    arithmetic=f"{fmt(child)} > {fmt(par)}",
                    suggestion="核对子项与大类数字。",
                    section="国有资产",
                )
    if not checked:
        raise no_data("没有可比较的“其中”项")

"""C: classification codes — well-formed, in the right system, consistent hierarchy and names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from yusuan.check.context import Context
from yusuan.check.data import code_list, renamed
from yusuan.check.findings import Finding, Location
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.check.rules.common import CODE_TABLES, code_rows, label
from yusuan.model import TableModel
from yusuan.vocab.text import norm_label

WHY = "政府收支分类科目由财政部逐年发布：功能分类为类(3位)/款(5位)/项(7位)，部门预算经济分类为类(3位)/款(5位)。"
_FUNCTIONAL_KINDS = (
    "income",
    "expenditure",
    "general_public_expenditure",
    "government_fund",
    "state_capital",
)
_ECONOMIC_KINDS = ("general_public_basic", "economic_summary")
_DIGITS = re.compile(r"^\d{2,}")


def _tables(ctx: Context) -> list[TableModel]:
    tables = [t for t in ctx.d.tables if t.kind in CODE_TABLES and not t.empty and code_rows(t)]
    if not tables:
        raise not_applicable("没有按科目编码列示的表")
    return tables


def _name_key(name: str) -> str:
    n = norm_label(name)
    n = re.sub(r"\([^()]*\)$", "", n)  # "行政运行(公安)" names the 款 in brackets
    return n.replace("(", "").replace(")", "")


@rule(
    "C001",
    "error",
    "科目编码属于正确的分类体系",
    what="功能分类表（收入、支出、一般公共预算、政府性基金、国有资本经营支出表）的编码以 2 开头；"
    "基本支出表、经济分类表的编码以 3（部门预算经济分类）或 5（政府预算经济分类）开头。",
    why=WHY,
    example="唐山市公安局高新区分局2023年基本支出表：301、30199、302、30205……均为经济分类。",
    fix="改用正确体系的科目编码。",
)
def code_system(ctx: Context) -> Iterator[Finding]:
    for t in _tables(ctx):
        allowed = "2" if t.kind in _FUNCTIONAL_KINDS else "35" if t.kind in _ECONOMIC_KINDS else ""
        if not allowed:
            continue
        for r in code_rows(t):
            assert r.code is not None
            if r.code[0] not in allowed:
                yield ctx.finding(
                    f"《{t.title}》中的科目编码 {r.code} 不属于该表应使用的分类体系。",
                    locations=[Location.at(r.source, text=label(r), table=t.title, row=label(r))],
                    actual=r.code,
                    suggestion="核对科目编码。",
                    section=t.title,
                )


@rule(
    "C002",
    "error",
    "无法识别的科目编码",
    what="科目编码列中出现位数不对（功能分类 3/5/7 位，经济分类 3/5 位）或含非数字的编码。",
    why=WHY,
    example="“2040 2”这类 4 位编码不是有效科目。",
    fix="更正科目编码的位数。",
)
def malformed_codes(ctx: Context) -> Iterator[Finding]:
    for t in _tables(ctx):
        for r in t.rows:
            if r.code is None and r.name and _DIGITS.match(r.name):
                yield ctx.finding(
                    f"《{t.title}》中“{r.name}”的科目编码无法识别。",
                    locations=[Location.at(r.source, text=r.name, table=t.title, row=r.name)],
                    actual=r.name,
                    suggestion="科目编码应为 3、5 或 7 位数字。",
                    section=t.title,
                )


@rule(
    "C003",
    "warning",
    "科目层级完整：列出“项”时也列出其“款”和“类”",
    what="表中已列出类级科目时，每个款、项科目的上级科目也应列出。",
    why=WHY + " 逐级列示才能核对汇总关系。",
    example="唐山市公安局高新区分局2023年：2040202 之上列有 20402 和 204。",
    fix="补列缺少的上级科目行。",
)
def hierarchy_complete(ctx: Context) -> Iterator[Finding]:
    ran = False
    for t in _tables(ctx):
        rows = code_rows(t)
        codes = {r.code for r in rows}
        if not any(len(c or "") == 3 for c in codes):
            continue  # the table lists only one level on purpose (e.g. 项 only)
        ran = True
        for r in rows:
            assert r.code is not None
            for n in (3, 5):
                if len(r.code) > n and r.code[:n] not in codes:
                    yield ctx.finding(
                        f"《{t.title}》列出了 {label(r)}，但没有列出其上级科目 {r.code[:n]}。",
                        locations=[
                            Location.at(r.source, text=label(r), table=t.title, row=label(r))
                        ],
                        expected=r.code[:n],
                        suggestion="补列上级科目行。",
                        section=t.title,
                    )
                    break
    if not ran:
        raise no_data("没有列出类级科目的表")


@rule(
    "C004",
    "info",
    "科目编码不在已知编码表中",
    what="科目编码不在 yusuan 已收录的政府收支分类科目中（未收录不等于错误，请对照当年科目表）。",
    why=WHY + " 编码表按年度变化，yusuan 的编码表来自领域资料和已公开文件。",
    example="—",
    fix="对照当年《政府收支分类科目》确认编码。",
)
def unknown_code(ctx: Context) -> Iterator[Finding]:
    known = code_list()
    for t in _tables(ctx):
        for r in code_rows(t):
            if r.code not in known:
                yield ctx.finding(
                    f"科目编码 {label(r)} 不在已收录的编码表中，请对照当年科目表确认。",
                    locations=[Location.at(r.source, text=label(r), table=t.title, row=label(r))],
                    actual=r.code,
                    section=t.title,
                )


@rule(
    "C005",
    "warning",
    "科目名称与编码一致",
    what="已收录编码的科目名称应与编码表中的名称一致（忽略空格、括号注释）。",
    why=WHY,
    example="济源市公安局2020年：2040201 行政运行(公安) 与编码表“行政运行”一致。",
    fix="按当年科目表更正科目名称或编码。",
)
def code_name(ctx: Context) -> Iterator[Finding]:
    known = code_list()
    # A former name of the code's name: right before the rename, W006's finding after it.
    former = {(_name_key(old), _name_key(new)) for old, new, _ in renamed()}
    ran = False
    for t in _tables(ctx):
        for r in code_rows(t):
            if r.code not in known or not r.name:
                continue
            ran = True
            name = known[r.code][0]
            printed, listed = _name_key(r.name), _name_key(name)
            if printed != listed and (printed, listed) not in former:
                yield ctx.finding(
                    f"科目 {r.code} 的名称“{r.name}”与编码表中的“{name}”不一致。",
                    locations=[Location.at(r.source, text=label(r), table=t.title, row=label(r))],
                    expected=name,
                    actual=r.name,
                    suggestion="核对科目编码或名称。",
                    section=t.title,
                )
    if not ran:
        raise no_data("没有已收录的编码")


@rule(
    "C006",
    "error",
    "同一表中科目编码不重复",
    what="同一张科目表中，一个科目编码只出现一次。",
    why=WHY,
    example="—",
    fix="合并重复的科目行或更正编码。",
)
def duplicate_codes(ctx: Context) -> Iterator[Finding]:
    for t in _tables(ctx):
        seen: dict[str, str | None] = {}
        for r in code_rows(t):
            assert r.code is not None
            if r.code in seen:
                yield ctx.finding(
                    f"《{t.title}》中科目编码 {r.code} 出现了两次。",
                    locations=[
                        Location.at(seen[r.code], table=t.title, row=label(r)),
                        Location.at(r.source, table=t.title, row=label(r)),
                    ],
                    actual=r.code,
                    suggestion="合并重复的科目行或更正编码。",
                    section=t.title,
                )
            else:
                seen[r.code] = r.source


@rule(
    "C007",
    "warning",
    "同一科目在各表中名称一致",
    what="同一科目编码在文件的不同表中使用相同的名称。",
    why=WHY,
    example="唐山市公安局高新区分局2023年：2040202 在收入总表、支出总表、一般公共预算支出表中均为“一般行政管理事务”。",
    fix="统一科目名称。",
)
def consistent_names(ctx: Context) -> Iterator[Finding]:
    names: dict[str, tuple[str, str, str | None]] = {}
    reported: set[str] = set()
    for t in _tables(ctx):
        for r in code_rows(t):
            assert r.code is not None
            if not r.name:
                continue
            first = names.setdefault(r.code, (r.name, t.title, r.source))
            if _name_key(first[0]) != _name_key(r.name) and r.code not in reported:
                reported.add(r.code)
                yield ctx.finding(
                    f"科目 {r.code} 在《{first[1]}》中名为“{first[0]}”，在《{t.title}》中名为“{r.name}”。",
                    locations=[
                        Location.at(first[2], text=first[0]),
                        Location.at(r.source, text=r.name),
                    ],
                    expected=first[0],
                    actual=r.name,
                    suggestion="统一科目名称。",
                    section=t.title,
                )


_CATALOG = re.compile(r"^[ABC]\d{2,10}$")


@rule(
    "C008",
    "warning",
    "政府采购目录序号格式正确",
    what="政府采购目录序号以 A（货物）、B（工程）、C（服务）开头，后接数字。",
    why="《政府采购品目分类目录》的编码规则。",
    example="唐山市公安局高新区分局2023年：制服 A05030301；硬件运维服务 C16070200。",
    fix="按品目分类目录更正序号。",
)
def procurement_catalog(ctx: Context) -> Iterator[Finding]:
    items = ctx.d.procurement.items
    if not items:
        raise not_applicable("没有政府采购明细")
    for i in items:
        if i.catalog_code and not _CATALOG.match(i.catalog_code):
            yield ctx.finding(
                f"采购品目“{i.item}”的目录序号“{i.catalog_code}”格式不正确。",
                locations=[Location.at(i.source, text=i.catalog_code)],
                actual=i.catalog_code,
                section="政府采购",
            )

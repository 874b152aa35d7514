"""D: the disclosure contains what the rules require."""

from __future__ import annotations

import re
from collections.abc import Iterator

from yusuan.check.context import Context
from yusuan.check.findings import Finding, Location
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.model import TABLE_KINDS
from yusuan.model.disclosure import STANDARD_BUDGET_KINDS
from yusuan.vocab import EMPTY_TABLE_NOTE

WHY_143 = "《地方预决算公开操作规程》(财预〔2016〕143号) 规定部门预算公开的内容。"
# The national "八张表"; 国有资本经营 (D002) and the regional extras are separate.
CORE_TABLES = {k: TABLE_KINDS[k] for k in STANDARD_BUDGET_KINDS if k != "state_capital"}
FINAL_CORE_TABLES = {f"final_{k}": TABLE_KINDS[f"final_{k}"] for k in CORE_TABLES}
_EMPTY_NOTE = re.compile(EMPTY_TABLE_NOTE)


def _has_narrative(ctx: Context) -> bool:
    d = ctx.d
    return bool(
        d.responsibilities
        or d.overview.income_total
        or d.overview.expenditure_total
        or d.operating_costs.amount
        or d.three_public.total
        or d.glossary
    )


def _has_tables(ctx: Context) -> None:
    if not ctx.d.tables:
        raise not_applicable("文件中没有预算表（可能另附公开）")


@rule(
    "D001",
    "warning",
    "八张基本预算表齐全",
    what="收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、一般公共预算基本支出表、"
    "“三公”经费支出表、政府性基金预算支出表都已公开（没有数据的表以空表列示）。",
    why=WHY_143 + " 部门预算公开“八张表”。",
    example="唐山市公安局高新区分局2023年公开了全部九张表（含国有资本经营预算支出表）。",
    fix="补充缺少的表；没有数据的表也应公开并注明“空表”。",
)
def core_tables(ctx: Context) -> Iterator[Finding]:
    _has_tables(ctx)
    present = {t.kind for t in ctx.d.tables}
    final = ctx.d.kind == "final_accounts"  # a 决算 publishes the 决算 form of each table
    for kind, name in (FINAL_CORE_TABLES if final else CORE_TABLES).items():
        if kind not in present:
            yield ctx.finding(
                f"未公开{name}。",
                expected=name,
                section="预算表",
                suggestion=f"补充公开{name}；没有数据时以空表列示并注明原因。",
            )


@rule(
    "D002",
    "info",
    "国有资本经营预算支出表",
    what="公开国有资本经营预算支出表（河北等省要求第九张表；没有数据时空表列示）。",
    why=WHY_143 + " 国有资本经营预算是四本预算之一，多数省份要求公开该表。",
    example="唐山市公安局高新区分局2023年：“注：无国有资本经营预算财政拨款预算，空表列示。”",
    fix="公开国有资本经营预算支出表，无数据时空表列示。",
)
def state_capital_table(ctx: Context) -> Iterator[Finding]:
    _has_tables(ctx)
    final = ctx.d.kind == "final_accounts"
    kind = "final_state_capital" if final else "state_capital"
    if not any(t.kind == kind for t in ctx.d.tables):
        name = TABLE_KINDS[kind]
        yield ctx.finding(f"未公开{name}。", section="预算表")


@rule(
    "D003",
    "warning",
    "空表注明原因",
    what="没有数据的预算表应注明“空表”及原因（如“本单位无政府性基金预算，空表列示”）。",
    why=WHY_143 + " 空表须说明，读者才知道不是漏报。",
    example="唐山市公安局高新区分局2023年：“注：无财政拨款“三公”经费支出表预算，空表列示。”",
    fix="在空表下方加注“本单位无××预算，此表为空表”。",
)
def empty_table_note(ctx: Context) -> Iterator[Finding]:
    empty = [t for t in ctx.d.tables if t.empty]
    if not empty:
        raise not_applicable("没有空表")
    for t in empty:
        if not (t.note and _EMPTY_NOTE.search(t.note)):
            yield ctx.finding(
                f"《{t.title}》没有数据，但未注明空表及原因。",
                locations=[Location.at(t.source, text=t.title, table=t.title)],
                section=t.title,
                suggestion="加注“本单位无××预算，此表为空表”。",
            )


@rule(
    "D004",
    "warning",
    "“三公”经费分项公开，公务用车分列购置和运行",
    what="文字说明分别给出因公出国(境)费、公务用车购置费、公务用车运行费、公务接待费。",
    why="财预〔2016〕143号：“三公”经费须细化公开，公务用车购置和运行分别列示。",
    example="廊坊市公安局安次分局2020年：公务用车购置费 0 万元，运行费 140.15 万元。",
    fix="补充各分项金额，公务用车分列购置和运行。",
)
def three_public_split(ctx: Context) -> Iterator[Finding]:
    tp = ctx.d.three_public
    if tp.total is None:
        raise not_applicable("文字说明没有“三公”经费")
    missing = [
        name
        for name, a in (
            ("因公出国(境)费", tp.outbound),
            ("公务用车购置费", tp.vehicle_purchase),
            ("公务用车运行费", tp.vehicle_operation),
            ("公务接待费", tp.reception),
        )
        if a is None
    ]
    if missing and tp.total.value != 0:
        yield ctx.finding(
            "“三公”经费未分项说明：缺少" + "、".join(missing) + "。",
            locations=[ctx.at(tp.total)],
            section="“三公”经费",
            suggestion="逐项说明“三公”经费，公务用车分列购置和运行。",
        )


@rule(
    "D005",
    "warning",
    "“三公”经费增减说明原因",
    what="“三公”经费比上年有增减时，应说明增减原因。",
    why="财预〔2016〕143号和政务公开标准目录：公开“三公”经费增减变化原因。",
    example="廊坊市公安局安次分局2020年：“比2019年减少0.31万元，减少部分全部为公务接待费……”。",
    fix="补充“三公”经费增减变化的原因。",
)
def three_public_reason(ctx: Context) -> Iterator[Finding]:
    tp = ctx.d.three_public
    if tp.total is None:
        raise not_applicable("文字说明没有“三公”经费")
    if tp.change is None:
        yield ctx.finding(
            "“三公”经费未说明与上年相比的增减情况。",
            locations=[ctx.at(tp.total)],
            section="“三公”经费",
            suggestion="说明比上年增加、减少或持平，及其原因。",
        )
    elif tp.change.value != 0 and not tp.reason:
        yield ctx.finding(
            "“三公”经费比上年有增减，但未说明原因。",
            locations=[ctx.at(tp.change)],
            section="“三公”经费",
            suggestion="补充增减变化的原因。",
        )


_SECTIONS = (
    ("部门职责", lambda d: bool(d.responsibilities)),
    ("机构设置", lambda d: bool(d.organisations)),
    (
        "预算收支总体情况",
        lambda d: d.overview.income_total is not None or d.overview.expenditure_total is not None,
    ),
    ("机关运行经费", lambda d: d.operating_costs.amount is not None),
    ("“三公”经费", lambda d: d.three_public.total is not None),
    ("政府采购", lambda d: d.procurement.total is not None or bool(d.procurement.items)),
    ("名词解释", lambda d: bool(d.glossary)),
)


@rule(
    "D006",
    "warning",
    "文字说明各部分齐全",
    what="文字说明包括部门职责、机构设置、收支总体情况及增减、机关运行经费、“三公”经费、政府采购、名词解释。",
    why=WHY_143 + " 政务公开标准目录列出了部门预算说明的必备内容。",
    example="廊坊市公安局安次分局2020年：九个部分齐全。",
    fix="补写缺少的部分。",
)
def narrative_sections(ctx: Context) -> Iterator[Finding]:
    if not _has_narrative(ctx):
        raise not_applicable("文件没有文字说明部分（可能另行公开）")
    for name, present in _SECTIONS:
        if not present(ctx.d):
            yield ctx.finding(
                f"文字说明缺少“{name}”。", section="文字说明", suggestion=f"补写“{name}”部分。"
            )


@rule(
    "D007",
    "warning",
    "注明金额单位",
    what="预算表和文字说明注明金额单位（万元或元）。",
    why="domain D13：每张表的表头应有单位、年度和金额单位。",
    example="“单位：万元”。",
    fix="在表头注明“单位：万元”。",
)
def money_unit(ctx: Context) -> Iterator[Finding]:
    if not ctx.d.tables and not ctx.d.procurement.items:
        raise not_applicable("没有表格")
    if ctx.d.money_unit is None:
        yield ctx.finding(
            "未注明金额单位。", section="预算表", suggestion="在表头注明“单位：万元”。"
        )


_YEAR_IN = re.compile(r"(20\d{2})\s*年")


@rule(
    "D008",
    "error",
    "年度一致",
    what="表格标题中的年度与文件的预算年度一致。",
    why="domain D13：各表的预算年度应一致。",
    example="济源市公安局2020年：各表标题均为“2020年……”。",
    fix="更正表格标题中的年度。",
)
def year_consistent(ctx: Context) -> Iterator[Finding]:
    if ctx.d.year is None:
        yield ctx.finding("未能确定预算年度。", section="封面", suggestion="在标题中写明预算年度。")
        return
    titled = [t for t in ctx.d.tables if _YEAR_IN.search(t.title)]
    if not titled:
        raise no_data("表格标题没有年度")
    for t in titled:
        years = {int(y) for y in _YEAR_IN.findall(t.title)}
        if ctx.d.year not in years:
            yield ctx.finding(
                f"《{t.title}》的年度与文件年度 {ctx.d.year} 不一致。",
                locations=[Location.at(t.source, text=t.title, table=t.title)],
                expected=str(ctx.d.year),
                actual=",".join(map(str, sorted(years))),
                section=t.title,
            )


@rule(
    "D009",
    "info",
    "名词解释包括“三公”经费和机关运行经费",
    what="名词解释至少解释“三公”经费和机关运行经费。",
    why="domain D14：名词解释应涵盖“三公”经费、机关运行经费等专业术语（财预〔2016〕143号）。",
    example="廊坊市公安局安次分局2020年名词解释第7、8条。",
    fix="补充这两个名词的解释。",
)
def glossary_terms(ctx: Context) -> Iterator[Finding]:
    if not ctx.d.glossary:
        raise not_applicable("没有名词解释")
    terms = " ".join(g.term for g in ctx.d.glossary)
    for word, name in (("三公", "“三公”经费"), ("机关运行", "机关运行经费")):
        if word not in terms:
            yield ctx.finding(
                f"名词解释中没有“{name}”。", section="名词解释", suggestion=f"补充“{name}”的解释。"
            )


@rule(
    "D010",
    "warning",
    "公开绩效目标",
    what="部门预算公开中包括项目绩效目标（至少重点项目）。",
    why="中发〔2018〕34号：绩效目标是预算安排的前置条件；政务公开标准目录要求逐步公开绩效目标。",
    example="唐山市公安局高新区分局2023年：公开 13 个项目绩效目标表。",
    fix="公开项目绩效目标表。",
)
def performance_disclosed(ctx: Context) -> Iterator[Finding]:
    if not _has_narrative(ctx):
        raise not_applicable("文件没有文字说明部分")
    if ctx.d.kind == "final_accounts":
        raise not_applicable("决算公开绩效自评结果，不公开预算绩效目标表")
    if not ctx.d.performance.projects:
        yield ctx.finding(
            "未公开项目绩效目标。", section="绩效目标", suggestion="公开项目绩效目标表。"
        )


@rule(
    "D011",
    "info",
    "政府采购说明货物、工程、服务构成",
    what="政府采购预算说明中写明货物、工程、服务各类的金额。",
    why="政务公开标准目录（domain D09）：政府采购须说明货物、工程、服务的构成。",
    example="—",
    fix="补充“其中：货物类××万元、工程类××万元、服务类××万元”。",
)
def procurement_split(ctx: Context) -> Iterator[Finding]:
    p = ctx.d.procurement
    if p.total is None or p.total.value == 0:
        raise not_applicable("没有政府采购预算")
    text = p.text or ""
    if not all(w in text for w in ("货物", "工程", "服务")):
        yield ctx.finding(
            "政府采购说明未写明货物、工程、服务的构成。",
            locations=[ctx.at(p.total)],
            section="政府采购",
            suggestion="补充货物、工程、服务各类金额。",
        )

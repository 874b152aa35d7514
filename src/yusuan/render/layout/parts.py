"""The narrative sections with a grid of their own: duties (机构设置), procurement, assets,
glossary. Each gives the blocks below its section heading."""

from __future__ import annotations

from yusuan.model import Disclosure
from yusuan.render import narrative
from yusuan.render.layout.blocks import Block, Grid, Para, Rows, money, row
from yusuan.render.profile import Profile, cn_number, plain_money
from yusuan.vocab import LIST_ITEM

__all__ = ["assets", "duties", "glossary", "procurement"]


def duties(d: Disclosure, p: Profile) -> list[Block]:
    out: list[Block] = []
    w = p.unit_word
    if d.responsibilities:
        out.append(Para(f"{w}职责：", "label"))
        for i, item in enumerate(d.responsibilities, 1):
            out.append(Para(item if _enumerated(item) else f"（{cn_number(i)}）{item}"))
    if d.organisations:
        out.append(Para("机构设置：", "label"))
        out.append(Para(f"{w}机构设置情况", "caption"))
        rows: Rows = [row(["单位名称", "单位性质", "单位规格", "经费保障形式"], bold=True)]
        for o in d.organisations:
            rows.append(row([o.name, o.nature or "", o.rank or "", o.funding or ""]))
        out.append(Grid(rows, header_rows=1, role="org", widths=[3, 1, 1, 1.2]))
    return out


def procurement(d: Disclosure, p: Profile, unit: str) -> list[Block]:
    out: list[Block] = [Para(text, style) for style, text in narrative.procurement(d, unit)]
    pr = d.procurement
    if not pr.items and pr.table_total is None:
        return out
    out.append(Para(f"{p.unit_word}政府采购预算表", "caption"))
    out.append(Para("单位：万元", "meta-right"))
    head = [
        "项目名称",
        "预算资金",
        "采购物品名称",
        "政府采购目录序号",
        "计量单位",
        "数量",
        "单价",
        "政府采购金额",
    ]
    align = ["left", "right", "left", "center", "center", "right", "right", "right"]
    rows: Rows = [row(head, bold=True)]
    if pr.table_total is not None:
        rows.append(row(["合计", "", "", "", "", "", "", money(p, pr.table_total)], align, True))
    last_project: object = object()
    for it in pr.items:
        first = it.project != last_project
        last_project = it.project
        rows.append(
            row(
                [
                    (it.project or "") if first else "",
                    money(p, it.project_budget) if first else "",
                    it.item or "",
                    it.catalog_code or "",
                    it.measure or "",
                    "" if it.quantity is None else plain_money(it.quantity),
                    money(p, it.unit_price),
                    money(p, it.amount),
                ],
                align,
            )
        )
    out.append(
        Grid(
            rows,
            header_rows=1,
            role="procurement",
            widths=[2.4, 1, 1.8, 1.4, 0.8, 0.8, 0.9, 1.1],
        )
    )
    return out


def assets(d: Disclosure, p: Profile, unit: str) -> list[Block]:
    out: list[Block] = [Para(text, style) for style, text in narrative.assets(d, unit)]
    a = d.assets
    if not a.items and a.table_total is None:
        if a.as_of:
            out.append(Para(f"截止时间：{a.as_of}", "meta"))
        return out
    out.append(Para(f"{p.unit_word}固定资产占用情况表", "caption"))
    if a.as_of:
        out.append(Para(f"截止时间：{a.as_of}", "meta"))
    rows: Rows = [row(["项目", "数量", "价值（万元）"], bold=True)]
    align = ["left", "right", "right"]
    if a.table_total is not None:
        rows.append(row(["合计", "--", money(p, a.table_total)], align, True))
    for it in a.items:
        qty = "" if it.quantity is None else plain_money(it.quantity)
        if (
            qty
            and it.measure
            and f"（{it.measure}）" not in it.category
            and f"({it.measure})" not in it.category
        ):
            qty += it.measure
        rows.append(row([it.category, qty, money(p, it.value)], align))
    out.append(Grid(rows, header_rows=1, role="assets", widths=[3, 1.2, 1.4]))
    return out


def glossary(d: Disclosure) -> list[Block]:
    out: list[Block] = []
    for i, g in enumerate(d.glossary, 1):
        term = g.term
        if "”" in term and "“" not in term:
            term = "“" + term
        out.append(Para(f"{i}、{term}：{g.definition}"))
    return out


def _enumerated(text: str) -> bool:
    return bool(LIST_ITEM.match(text.strip()))

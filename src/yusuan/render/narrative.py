"""The standard sentences of the 说明, generated from the figures.

Every sentence is written so that yusuan's own reader gives back the figure it was made from
(label right before the amount, a change right after its subject, "与上年持平" right after the
figure it qualifies), so the text and the tables can never disagree. Free text (reasons, goals,
duties) is taken from the input as it is.
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import Amount, Disclosure
from yusuan.render.profile import Profile, plain_money
from yusuan.vocab import OVERVIEW_LABELS

# Labels that read back as the same Overview field (see extract.overview._subject).
_LEVEL_LABELS = {
    **OVERVIEW_LABELS,
    "total": "预算收支总额",
    "income_total": "预算收入",
    "expenditure_total": "预算支出",
}
_ORDER = ("total", "income_total", "expenditure_total", "basic", "personnel", "public_operating")


def wan(a: Amount | Decimal) -> str:
    v = a.value if isinstance(a, Amount) else a
    return f"{plain_money(v)}万元"


def _prev(d: Disclosure) -> str:
    return f"{d.year - 1}年" if d.year else "上年"


def _change(value: Decimal, prev: str) -> str:
    if value == 0:
        return "与上年持平"
    word = "增加" if value > 0 else "减少"
    return f"较{prev}{word}{wan(abs(value))}"


def overview(d: Disclosure, p: Profile) -> list[tuple[str, str]]:
    """(style, text) paragraphs of 预算安排的总体情况.

    No paragraph puts a few words before "2023年…预算": the reader would take them for the
    unit name of a document title ("收入预算：2023年预算收入…").
    """
    ov = d.overview
    year = f"{d.year}年" if d.year else "本年"
    prev = _prev(d)
    out: list[tuple[str, str]] = []
    if p.overview_lead:
        out.append(("body", p.fill(p.overview_lead)))
    explained = p.overview_style == "explained"

    income: list[str] = []
    if ov.income_total is not None:
        income.append(f"{year}预算收入{wan(ov.income_total)}")
    sources = [f"{label}{wan(a)}" for label, a in ov.income_by_source.items()]
    if sources:
        income.append(("其中：" if income else "预算收入来源：") + "，".join(sources))
    if income:
        if explained:
            out.append(("label", "1、收入说明"))
        out.append(("body", "，".join(income) + "。"))

    spend: list[str] = []
    if ov.expenditure_total is not None:
        spend.append(f"{year}预算支出{wan(ov.expenditure_total)}")
    parts: list[str] = []
    if ov.basic is not None:
        inner = [
            f"{_LEVEL_LABELS[k]}{wan(a)}"
            for k in ("personnel", "public_operating")
            if (a := getattr(ov, k)) is not None
        ]
        parts.append(f"基本支出{wan(ov.basic)}" + (f"（{'，'.join(inner)}）" if inner else ""))
    else:
        parts += [
            f"{_LEVEL_LABELS[k]}{wan(a)}"
            for k in ("personnel", "public_operating")
            if (a := getattr(ov, k)) is not None
        ]
    if ov.project is not None:
        parts.append(f"项目支出{wan(ov.project)}")
    if parts:
        spend.append(("其中：" if spend else "") + "，".join(parts))
    if spend:
        if explained:
            out.append(("label", "2、支出说明"))
        out.append(("body", "，".join(spend) + "。"))

    changes = _changes(d, prev)
    if changes:
        if explained:
            out.append(("label", "3、比上年增减情况"))
        out.append(("body", ("" if explained else "与上年相比：") + changes))
    return out


def _changes(d: Disclosure, prev: str) -> str:
    ov = d.overview
    clauses: list[str] = []
    keys = [k for k in _ORDER if k in ov.changes] + ["project"] * ("project" in ov.changes)
    for key in keys:
        a = ov.changes[key]
        level = ov.expenditure_total if key == "total" else getattr(ov, key, None)
        label = _LEVEL_LABELS[key]
        if level is not None:
            clauses.append(f"{label}{wan(level)}，{_change(a.value, prev)}")
        elif a.value == 0:
            clauses.append(f"{label}较{prev}增加0万元")  # 持平 needs a figure before it
        else:
            clauses.append(f"{label}{_change(a.value, prev)}")
    for key, a in ov.changes.items():
        if key in _LEVEL_LABELS or key == "source":
            continue  # "source": a flat change the reader could not attribute; nothing to say
        level = ov.income_by_source.get(key)
        if level is not None:
            clauses.append(f"{key}{wan(level)}，{_change(a.value, prev)}")
        else:
            word = "增加" if a.value >= 0 else "减少"
            clauses.append(f"{key}较{prev}{word}{wan(abs(a.value))}")
    if not clauses:
        return ""
    return "；".join(clauses) + "。"


def operating_costs(d: Disclosure) -> list[tuple[str, str]]:
    oc = d.operating_costs
    if oc.amount is None:
        return []
    year = f"{d.year}年" if d.year else "本年"
    prev = _prev(d)
    text = f"{year}机关运行经费预算安排{wan(oc.amount)}"
    if oc.previous is not None:
        text += f"，比{prev}的{wan(oc.previous)}"
        if oc.change is not None:
            word = "增加" if oc.change.value >= 0 else "减少"
            text += f"{word}{wan(abs(oc.change.value))}"
    elif oc.change is not None:
        word = "增加" if oc.change.value >= 0 else "减少"
        text += f"，较{prev}{word}{wan(abs(oc.change.value))}"
    text += "。机关运行经费主要用于办公及印刷费、邮电费、差旅费、会议费、日常维修费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费等公用经费支出。"
    return [("body", text)]


def three_public(d: Disclosure) -> list[tuple[str, str]]:
    tp = d.three_public
    year = f"{d.year}年" if d.year else "本年"
    prev = _prev(d)
    out: list[tuple[str, str]] = []
    head = ""
    if tp.total is not None:
        head = f"{year}财政拨款“三公”经费预算安排{wan(tp.total)}"
        if tp.change is not None:
            head += f"，{_change(tp.change.value, prev)}"
        head += "。"
    elif tp.change is not None:
        word = "增加" if tp.change.value >= 0 else "减少"
        head = f"“三公”经费预算较{prev}{word}{wan(abs(tp.change.value))}。"
    if tp.reason:
        head += tp.reason if tp.reason.endswith("。") else tp.reason + "。"
    if head:
        out.append(("body", head))
    parts: list[str] = []
    if tp.outbound is not None:
        parts.append(f"因公出国（境）费{wan(tp.outbound)}")
    if tp.vehicle_total is not None:
        sub = [
            f"{label}{wan(a)}"
            for label, a in (
                ("公务用车购置费", tp.vehicle_purchase),
                ("公务用车运行维护费", tp.vehicle_operation),
            )
            if a is not None
        ]
        parts.append(
            f"公务用车购置及运行维护费{wan(tp.vehicle_total)}"
            + (f"（其中：{'，'.join(sub)}）" if sub else "")
        )
    else:
        if tp.vehicle_purchase is not None:
            parts.append(f"公务用车购置费{wan(tp.vehicle_purchase)}")
        if tp.vehicle_operation is not None:
            parts.append(f"公务用车运行维护费{wan(tp.vehicle_operation)}")
    if tp.reception is not None:
        parts.append(f"公务接待费{wan(tp.reception)}")
    if parts:
        out.append(("body", "其中：" + "；".join(parts) + "。"))
    return out


def procurement(d: Disclosure, unit: str) -> list[tuple[str, str]]:
    pr = d.procurement
    year = f"{d.year}年" if d.year else "本年"
    if pr.total is not None:
        text = f"{year}，{unit}安排政府采购预算{wan(pr.total)}。"
        if pr.items:
            text += "具体内容见下表。"
        return [("body", text)]
    if pr.items:
        return [("body", f"{year}政府采购预算具体内容见下表。")]
    return []


def assets(d: Disclosure, unit: str) -> list[tuple[str, str]]:
    a = d.assets
    parts: list[str] = []
    if a.total is not None:
        parts.append(
            f"截至上年末，{unit}上年末固定资产金额为{wan(a.total)}"
            + ("（详见下表）" if a.items else "")
            + "。"
        )
    if a.planned_purchase is not None:
        parts.append(f"本年度拟购置固定资产总额为{wan(a.planned_purchase)}。")
    return [("body", "".join(parts))] if parts else []

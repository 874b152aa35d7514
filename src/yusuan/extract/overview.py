"""The overall figures of the narrative (预算安排的总体情况, 收支预算总体情况说明, 预算编制说明,
收入支出决算总体情况说明 …): totals, income by source, basic/personnel/public/project
spending and their changes against last year.

Each amount is named by the words before it ("基本支出5089.05万元"); a change names its direction
("较2019年减少136.32万元") and belongs to the figure it follows, also across a sentence that
begins with the comparison ("此外，基本支出预算数为5678.17万元。与上年相比减少238.10万元"). The
phrases are in :mod:`yusuan.vocab`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.blocks import Paragraph
from yusuan.extract.figures import Figure, Narrative
from yusuan.extract.narrative import amount
from yusuan.model import Overview
from yusuan.vocab import (
    AGAINST_BUDGET,
    FLAT,
    FUND_WORDS,
    OTHER_USE_WORDS,
    SOURCE_WORDS,
    SPENDING_CLASS_WORDS,
    source_key,
)

# "收入、支出预算总计", "收、支预算总计各增加", "收支总预算", "收支预算安排": both totals at once.
_BOTH = re.compile(r"收入?、支出?|收支|收入支出|收入和支出|收入及支出")
_CHANGE_PHRASE = re.compile(
    r"(较|比|与|同)(上年|去年|上年度|\d{4}年度?)(预算)?(执行数)?(相比|比较)?(数)?"
)
_NUMBERING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)+")
_FILLERS = re.compile(
    r"^(其中|此外|另外|包括|主要为|主要是|主要用于|共计|合计|总计|分别为|\d{4}年度?|本年|当年|全年"
    r"|我局|我部门|我单位|本部门|本单位)+"
)
_TAILS = re.compile(r"(为|共计|合计|总计|总额|安排|是|共|各|预算数|预算|数)+$")
_DIRECTION = re.compile(r"(增加|增长|上升|减少|下降|降低)")
# Spending by function class ("一般公共服务（类）支出"), a function code's line: not an overview field.
_FUNCTION_LINE = re.compile(r"[（(][类款项][)）]|“[^”]*[（(]类[)）]")
_COMPARISON_START = re.compile(
    r"^(?:[，,]?)(?:与上年|比上年|较上年|同比|与\d{4}年|比\d{4}年|较\d{4}年)"
)
_YEAR = re.compile(r"(\d{4})年")
_EXPLANATION = re.compile(
    r"^(?:[，,]?)(?:主要原因|原因是|原因为|主要是由于|主要由于|由于|这一因素)"
)
_LAST_YEAR = re.compile(r"(?:上年|去年|上一年)(?!结转|结余|度?结转)")
_FLAT = re.compile(FLAT)
_USE = "\x00use:"  # marks a subject that is another use of the money, not a source


def _core(label: str) -> str:
    """The thing a label counts: no numbering, change phrase, fillers or trailing verbs."""
    t = _NUMBERING.sub("", label)
    t = _CHANGE_PHRASE.sub("", t)
    t = _DIRECTION.sub("", t)
    t = _FLAT.sub("", t)
    t = _FILLERS.sub("", t)
    return _TAILS.sub("", t)


def _subject(core: str, head: str, clause: str, final: bool) -> list[str] | str | None:
    """The overview fields a label names: a list of field names, a source label, or None.
    ``head`` is the label with the words just before it ("收入、" + "支出预算总计")."""
    if not core or _FUNCTION_LINE.search(clause):
        return None
    part = _part_of_spending(core)
    if part is not None:
        return part
    if any(w in core for w in ("年末结转", "三公", "机关运行")):
        return None
    return _total_or_source(core, head, clause, final)


def _part_of_spending(core: str) -> list[str] | str | None:
    """基本支出, its 人员经费 and 公用经费, 项目支出, or another use of the money (a label)."""
    if "人员经费" in core or "人员支出" in core:
        return ["personnel"]
    if "公用经费" in core or "公用支出" in core or "日常公用" in core:
        return ["public_operating"]
    if "基本支出" in core:
        return ["basic"]
    if "项目支出" in core or "项目经费" in core:
        return ["project"]
    if any(w in core for w in OTHER_USE_WORDS):
        return _USE + core
    return None


def _total_or_source(core: str, head: str, clause: str, final: bool) -> list[str] | str | None:
    """The totals (收入合计, 支出合计, both), or a source of income (its label)."""
    if _BOTH.search(core) or _BOTH.search(head):
        # A 决算's 收入支出总计 includes last year's balance: the totals are 本年收入/支出合计.
        return None if final and "本年" not in core else ["income_total", "expenditure_total"]
    if "支出" in core:
        if any(w in core for w in FUND_WORDS) or any(w in core for w in SPENDING_CLASS_WORDS):
            return None  # one fund's or one class's spending, listed under the total
        return ["expenditure_total"]
    if "收入" in core or "拨款" in core or "资金" in core or "结转" in core or "结余" in core:
        if any(w in core for w in SOURCE_WORDS):
            return core
        if "收入" in core and not (final and "总计" in clause and "本年" not in clause):
            return ["income_total"]
    return None


def _key(subject: list[str] | str) -> str:
    if isinstance(subject, str):
        return subject.removeprefix(_USE)
    return "total" if len(subject) > 1 else subject[0]


def extract_overview(
    paragraphs: list[Paragraph], kind: str = "budget", year: int | None = None
) -> Overview:
    nar = Narrative(paragraphs)
    text = nar.text
    ov = Overview()
    sources: dict[str, str] = {}  # source_key → the label first printed
    final = kind == "final_accounts"
    last: list[str] | str | None = None  # the subject of the previous level figure
    last_sentence = -1
    figures = nar.reported(kind)
    for i, fig in enumerate(figures):
        if _aside(nar, fig):
            continue
        clause = nar.clause(fig)
        start = fig.start - len(fig.label)
        head = text[max(0, start - 3) : fig.start]
        subject = _subject(_core(fig.label), head, clause, final)
        if isinstance(subject, str) and not subject.startswith(_USE):
            subject = sources.setdefault(source_key(subject), subject)
        direction = _direction(fig, clause)
        if fig.sentence != last_sentence:
            last_sentence = fig.sentence
            if subject is None and not _COMPARISON_START.match(nar.sentence_start(fig)):
                last = None
        if direction is not None:
            if final and AGAINST_BUDGET.search(fig.label):
                continue  # "比年初预算增加": against the budget, not against last year
            target = subject or last
            if target is not None:
                value = fig.value if fig.value == 0 else fig.signed_by(direction)
                ov.changes.setdefault(_key(target), amount(fig, value))
            continue
        if subject is None:
            last = None  # a change after it is said of this figure ("财政拨款支出…，比上年减少")
            continue
        if _another_year(fig.label, year):
            continue
        last = subject
        _put(ov, subject, fig)
        following = figures[i + 1].start if i + 1 < len(figures) else len(text)
        if nar.flat_after(fig, following):
            ov.changes.setdefault(_key(subject), amount(fig, Decimal(0)))
    return ov


def _aside(nar: Narrative, fig: Figure) -> bool:
    """A figure said of something other than the overall figures."""
    if fig.raw.startswith("无"):
        return True  # "无…经费" is said of the 三公 or 机关运行经费 parts, not of the totals
    # "主要原因是…这一因素较上年减少部门支出1,653万元": why, not what
    return bool(_EXPLANATION.match(nar.sentence_start(fig)))


def _another_year(label: str, year: int | None) -> bool:
    """ "（2016年度部门支出预算安排为8,648.07万元）", "上年…安排": another year's figure."""
    if year is not None and any(int(y) != year for y in _YEAR.findall(label)):
        return True
    return bool(_LAST_YEAR.search(label))


def _put(ov: Overview, subject: list[str] | str, fig: Figure) -> None:
    """Put a figure where its subject says, unless an earlier one is there."""
    if isinstance(subject, str) and subject.startswith(_USE):
        label = subject.removeprefix(_USE)
        use = next(w for w in OTHER_USE_WORDS if w in label)  # one entry per kind of use
        if not any(use in known for known in ov.other_uses):
            ov.other_uses[label] = amount(fig)
    elif isinstance(subject, str):
        ov.income_by_source.setdefault(subject, amount(fig))
    else:
        for field in subject:
            if getattr(ov, field) is None:
                setattr(ov, field, amount(fig))


def _direction(fig: Figure, clause: str) -> str | None:
    """The change word of a figure's label, or of its clause ("增加（减少）0万元")."""
    if fig.direction is not None:
        return None if fig.direction == "持平" else fig.direction
    tail = clause[-8:]
    found = _DIRECTION.findall(tail)
    return found[0] if found and not fig.label else None

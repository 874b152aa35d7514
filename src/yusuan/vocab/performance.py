"""The words of performance target tables (绩效目标表): their titles and their label cells.

Extraction reads project tables by these; rendering prints tables that read back the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from yusuan.vocab.text import one_line, squash

# Enumerators in front of titles and items: 1. 1、 10  (一) （1） 一、 一是 第一部分.
ITEM_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]{1,3}(?:部分|章|节|条)"
    r"|[(（]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）]"
    r"|[一二三四五六七八九十]{1,3}(?:是|[、.．])"
    r"|[0-9]{1,3}(?:[、.．](?![0-9]*\.[0-9])|\s+(?=[^\s0-9])))\s*[:：]?\s*"
)

# A project's table title: "3、XXX绩效目标表", "XXX绩效目标表（续）".
_TITLE = re.compile(r"^(?P<name>.*?)绩效目标表(?:[(（]续[)）])?$")


def strip_number(text: str) -> str:
    """``text`` without its enumerator ("3、", "（一）", "一是")."""
    return ITEM_NUMBER.sub("", text, count=1).strip()


def title_match(text: str) -> re.Match[str] | None:
    """The name part of a title line or title cell ("3、XXX绩效目标表")."""
    t = text.rstrip()
    if len(t) > 120 or "表" not in t[-8:]:
        return None
    t = one_line(t)
    if len(t) > 90:
        return None
    return _TITLE.match(t)


def title_name(text: str) -> str | None:
    """The project a title names: "10 安次分局执法办案绩效目标表" → "安次分局执法办案"."""
    m = title_match(strip_number(text))  # before the spaces go: "10 安次分局…"
    if m is None:
        return None
    return strip_number(m.group("name")) or None


# Label cells of a project table → the Project field they fill.
PROJECT_FIELDS: dict[str, str] = {
    "项目名称": "name",
    "项目编码": "code",
    "项目代码": "code",
    "项目编号": "code",
    "单位编码": "unit_code",
    "单位代码": "unit_code",
    "预算单位编码": "unit_code",
    "单位名称": "unit",
    "预算单位": "unit",
    "实施单位": "unit",
    "资金用途": "purpose",
    "项目负责人": "owner",
    "负责人": "owner",
    "联系人": "contact",
    "联系电话": "phone",
    "开始时间": "start",
    "项目开始时间": "start",
    "起始时间": "start",
    "结束时间": "end",
    "项目结束时间": "end",
    "完成时间": "end",
    "预算数": "budget",
    "预算金额": "budget",
    "项目本年度金额": "budget",
    "本年度金额": "budget",
    "本年预算数": "budget",
    "年度预算数": "budget",
    "年度资金总额": "budget",
    "本年资金总额": "budget",
    "项目总金额": "total",
    "项目总预算": "total",
    "总金额": "total",
    "财政资金": "fiscal",
    "财政拨款": "fiscal",
    "财政性资金": "fiscal",
    "其他资金": "other",
    "上年度项目总金额": "amount",
    "项目上年度金额": "amount",
    "上年度金额": "amount",
    "绩效目标": "goal",
    "项目绩效目标": "goal",
    "年度绩效目标": "annual_goal",
    "年度目标": "annual_goal",
    "项目总目标": "total_goal",
    "总体目标": "total_goal",
    "长期目标": "total_goal",
    "中期目标": "total_goal",
}
MONEY_FIELDS = frozenset({"budget", "total", "fiscal", "other", "amount"})
GOAL_FIELDS = frozenset({"goal", "annual_goal", "total_goal"})
GOAL_LABELS = frozenset(k for k, f in PROJECT_FIELDS.items() if f in GOAL_FIELDS)
MAX_LABEL = 14  # longer cells are content, not labels

_BRACKETS = re.compile(r"[(（][^()（）]{0,8}[)）]")


@lru_cache(maxsize=8192)
def label(text: str) -> str:
    """Compare-friendly label: no spaces, no 其中 prefix, no short bracketed notes or colon."""
    if len(text) > 3 * MAX_LABEL:
        return text  # content, never a label
    t = squash(text)
    if t.startswith(("其中:", "其中：")):
        t = t[3:]
    elif t.startswith("其中"):
        t = t[2:]
    return _BRACKETS.sub("", t).rstrip(":：")


@lru_cache(maxsize=8192)
def field_of(text: str) -> str | None:
    """The Project field a label cell names ("项目本年度金额（万元）" → "budget"), else None."""
    if len(text) > 3 * MAX_LABEL:
        return None
    t = label(text)
    if not t or len(t) > MAX_LABEL:
        return None
    return PROJECT_FIELDS.get(t)

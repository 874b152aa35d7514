"""Headings and titles of the performance part: what starts a project, what ends the part."""

from __future__ import annotations

import re
from functools import lru_cache

from yusuan.blocks import Paragraph, Table
from yusuan.extract.performance.text import (
    GOAL_LABEL,
    PAGE_NO,
    TERMINAL,
    classify,
)
from yusuan.vocab.performance import ITEM_NUMBER, label, title_match
from yusuan.vocab.text import money_unit, one_line, squash

_DEPARTMENT = ("年度履职目标", "年度主要任务", "部门预算总额", "部门(单位)名称", "部门名称")
_OVERALL = ("总体绩效目标", "总体目标", "整体绩效目标", "年度总体目标")
_SUBGOALS = ("分项绩效目标", "分项目标")
_MEASURES = ("保障措施",)
# heading_kind's cheap test: every keyword holds 标 or 措.
assert all("标" in w or "措" in w for w in (*_OVERALL, *_SUBGOALS, *_MEASURES))


def is_department(table: Table) -> bool:
    """A department-level target table (部门(单位)绩效目标表), not a project's."""
    for row in table.rows[:6]:
        if row and ("部门" in row[0].text or "年度" in row[0].text):
            t = label(row[0].text)
            if any(k in t for k in _DEPARTMENT):
                return True
    return False


def is_title(p: Paragraph) -> re.Match[str] | None:
    return title_match(p.text)


def is_break(p: Paragraph) -> bool:
    """A heading that ends the project part (a new numbered section or 第N部分)."""
    if len(p.text) > 80:
        return False
    return part_heading(p) or classify(p.text) is not None


def is_subheading(p: Paragraph) -> bool:
    """Short captions between the tables of one project: 项目详细信息, (2020年), 单位：万元."""
    return _is_caption(p.text)


@lru_cache(maxsize=4096)
def _is_caption(text: str) -> bool:
    t = squash(text)
    if money_unit(t) is not None or PAGE_NO.match(t):
        return True
    return len(t) <= 12 and not any(ch in t for ch in "，。；,;") and not ITEM_NUMBER.match(t)


def part_heading(p: Paragraph) -> bool:
    if "部" not in p.text:  # cheap test first: spaces may split 部分 but not 部
        return False
    t = squash(p.text)
    return t.startswith("第") and "部分" in t[:5]


def heading_kind(p: Paragraph) -> str | None:
    """The department narrative's headings: "overall", "goals" or "measures"."""
    if "标" not in p.text and "措" not in p.text:  # in every keyword: 目标, 措施
        return None
    t = squash(p.text)
    if len(t) > 30 or t.endswith(TERMINAL):
        return None
    if any(w in t for w in _MEASURES):
        return "measures"
    if any(w in t for w in _SUBGOALS):
        return "goals"
    if any(w in t for w in _OVERALL):
        return "overall"
    return None


def is_subgoal_title(p: Paragraph) -> bool:
    t = one_line(p.text)
    if len(squash(t)) > 40 or t.endswith(TERMINAL) or GOAL_LABEL.match(t):
        return False
    return p.heading_level is not None or p.bold or bool(ITEM_NUMBER.match(t))

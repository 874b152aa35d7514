"""Text helpers of the performance tables: cell kinds, joined lines, money units."""

from __future__ import annotations

import re
from functools import lru_cache

from yusuan.extract import indicator_values
from yusuan.extract.sections import classify_heading
from yusuan.vocab.performance import ITEM_NUMBER
from yusuan.vocab.text import money_unit, one_line, tidy

# Indicator labels and values repeat across a document's tables: read each distinct text once.
normalise_level1 = lru_cache(maxsize=2048)(indicator_values.normalise_level1)
normalise_level2 = lru_cache(maxsize=2048)(indicator_values.normalise_level2)
parse_value = lru_cache(maxsize=4096)(indicator_values.parse_value)
# Captions between project tables ((2020年), 项目详细信息) repeat once per project.
classify = lru_cache(maxsize=4096)(classify_heading)

RULE = re.compile(r"^[\s\-:|—=]*$")  # Markdown table rules ("------", "---") and blanks
RULE_CHARS = frozenset("-:|—=")
TERMINAL = tuple("。；;！!？?：:…")
PAGE_NO = re.compile(r"^[\s\-—–第页/0-9]*$")
GOAL_LABEL = re.compile(r"^(?:绩效目标|绩效指标|目标|指标)\s*[:：]")
_WRAP_MIN = 8  # a cell of fewer characters was not wrapped: what follows it is a new line


def is_rule_row(texts: list[str]) -> bool:
    """Only blanks and Markdown rules; ``texts`` are stripped (the first character decides)."""
    for t in texts:
        if t and (t[0] not in RULE_CHARS or not RULE.match(t)):
            return False
    return True


# Indicator cells repeat across rows and tables (产出指标, 数量指标, 合理): tidy each text once.
@lru_cache(maxsize=8192)
def text_cell(text: str) -> str | None:
    """A description or basis cell, tidied; None when blank."""
    return tidy(text) or None


@lru_cache(maxsize=8192)
def label_cell(text: str) -> str | None:
    """A 一级/二级/三级 cell on one line; None when blank."""
    return one_line(text) or None


def starts_item(text: str) -> bool:
    return bool(ITEM_NUMBER.match(text)) or bool(GOAL_LABEL.match(text))


def join(parts: list[str]) -> str | None:
    """Join lines; a line that stops mid-sentence continues on the next one without a break."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not out.endswith(TERMINAL) and not starts_item(part):
            out += part
        else:
            out = f"{out}\n{part}" if out else part
    return out or None


def continued(old: str | None, more: str) -> str:
    """``old`` continued by ``more``: glued when ``old`` was cut mid-sentence, else a new line."""
    if not old:
        return more
    if old.endswith(TERMINAL) or starts_item(more) or len(old) < _WRAP_MIN:
        return f"{old}\n{more}"
    return old + more


def money_unit_in(texts: list[str]) -> str | None:
    for t in texts:
        if "单位" in t:
            unit = money_unit_of(t)
            if unit is not None:
                return unit
    return None


# 万元 or 元 from "单位：万元"; cached: 单位编码 / 单位名称 labels head every project.
money_unit_of = lru_cache(maxsize=4096)(money_unit)

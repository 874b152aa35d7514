"""Split a document into its numbered top-level sections (一、部门职责 … 九、其他) by meaning."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yusuan.blocks import Block, Paragraph
from yusuan.extract.text import first_char, squash

_HEAD = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分)?[一二三四五六七八九十]{1,3}[、.．]\s*(.{2,40})$"
)
# "第四部分 名词解释" (national template) and "（一）机关运行经费" sub-headings.
_PART = re.compile(r"^第[一二三四五六七八九十]+部分\s*(.{2,40})$")
_SUB = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]\s*(.{2,30})$")
# A sub-heading may only open these sections: they often sit inside "其他重要事项的情况说明".
_SUB_KEYS = frozenset({"three_public", "operating_costs", "procurement", "assets", "glossary"})
_TOC = re.compile(r"[.…·]{4,}\s*\d*$")
# Every heading pattern starts with one of these: most paragraphs are turned away on that alone.
_HEAD_START = frozenset("第一二三四五六七八九十（(")

# (section key, keywords in the heading); first match wins, so order matters.
_KINDS: list[tuple[str, tuple[str, ...]]] = [
    ("three_public", ("三公",)),
    ("operating_costs", ("机关运行",)),
    ("procurement", ("政府采购",)),
    ("assets", ("国有资产", "资产信息", "资产占用")),
    ("glossary", ("名词解释",)),
    (
        "other",
        ("其他需要说明", "其它需要说明", "其他事项", "其它事项", "其他重要事项", "其它重要事项"),
    ),
    ("performance", ("绩效",)),
    ("duties", ("职责", "机构设置")),
    (
        "overview",
        ("总体情况", "收支预算", "收支情况", "收支及增减", "预算安排", "收入预算", "支出预算"),
    ),
]


@dataclass(slots=True)
class Section:
    key: str
    heading: Paragraph | None
    blocks: list[Block] = field(default_factory=list)


def classify_heading(text: str) -> str | None:
    if first_char(text) not in _HEAD_START:
        return None
    t = squash(text)
    if len(t) > 45 or _TOC.search(text):
        return None
    m = _HEAD.match(t) or _PART.match(t)
    sub = False
    if not m:
        m = _SUB.match(t)
        sub = True
    if not m:
        return None
    title = m.group(1)
    for key, words in _KINDS:
        if any(w in title for w in words):
            return key if not sub or key in _SUB_KEYS else None
    return None


def split_sections(blocks: list[Block]) -> list[Section]:
    """Sections in document order; blocks before the first heading go to a ``front`` section.

    A numbered heading that names no known section (e.g. "三、工作保障措施" inside the
    performance part) stays inside the current section.
    """
    sections = [Section("front", None)]
    for block in blocks:
        if isinstance(block, Paragraph):
            key = classify_heading(block.text)
            if key is not None and key != sections[-1].key:
                sections.append(Section(key, block))
                continue
        sections[-1].blocks.append(block)
    return sections

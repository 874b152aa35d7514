"""Split a document into its sections (一、部门职责 … 九、其他) by meaning.

Headings are numbered ("二、部门预算安排的总体情况", "第三部分 …", "（一）机关运行经费") or, in some
templates, printed alone without a number ("XX（部门）主要职能", "2024年部门预算编制说明"). The words
that say which section a heading opens are in :mod:`yusuan.vocab`. A table of contents (目录) is
its own section: its entries look like headings and table titles but open nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yusuan.blocks import Block, Paragraph, Table
from yusuan.vocab import (
    NOT_HEADINGS,
    SECTION_HEADINGS,
    SUB_HEADING_KEYS,
    TOC_HEADINGS,
    UNNUMBERED_HEADING_ENDS,
)
from yusuan.vocab.text import first_char, squash

_HEAD = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分)?[一二三四五六七八九十]{1,3}[、.．]\s*(.{2,40})$"
)
# "第四部分 名词解释" (national template) and "（一）机关运行经费" sub-headings.
_PART = re.compile(r"^第[一二三四五六七八九十]+部分\s*(.{2,40})$")
_SUB = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]\s*(.{2,30})$")
_TOC = re.compile(r"[.…·]{4,}\s*\d*$")
_LEADERS = re.compile(r"[.…·]{4,}")
# Every numbered heading starts with one of these: most paragraphs are turned away on that alone.
_HEAD_START = frozenset("第一二三四五六七八九十（(")
# "一、财政拨款：指由一般公共预算…安排的财政拨款数" is a glossary entry, not a heading.
_DEFINITION = re.compile(r"[:：].|\s指|是指")
_TABLE_TITLE = re.compile(r"表(?:[(（][^)）]*[)）])?$")
_INNER_STOP = re.compile(r"[，,。；;]")
_SENTENCE = re.compile(r"[，,。；;：:！？]")
_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}[、.．]|表[一二三四五六七八九十\d]+|公开\d+表[:：]?)"
)


@dataclass(slots=True)
class Section:
    key: str
    heading: Paragraph | None
    blocks: list[Block] = field(default_factory=list)


def _is_title(text: str) -> bool:
    """A table's title ("四、2018年度…财政拨款收支预算总表") or a duty item, not a heading."""
    return bool(_TABLE_TITLE.search(text)) or any(w in text for w in NOT_HEADINGS)


def _key_of(title: str) -> str | None:
    for key, words in SECTION_HEADINGS:
        if any(w in title for w in words):
            return key
    return None


def classify_heading(text: str) -> str | None:
    """The section a numbered heading opens, or None."""
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
    title = m.group(1) if m else ""
    if not m or _DEFINITION.search(title) or _DEFINITION.search(text) or _is_title(title):
        return None
    if _INNER_STOP.search(t[:-1]):
        return None  # "（一）收入预算总计33172.15万元。包括：" is a sentence
    key = _key_of(m.group(1))
    if key is None or (sub and key not in SUB_HEADING_KEYS):
        return None
    return key


def unnumbered_heading(text: str) -> str | None:
    """The section a heading printed without a number opens ("2024年部门预算编制说明"), or None."""
    t = squash(text)
    if not t.endswith(UNNUMBERED_HEADING_ENDS) or len(t) > 40 or _SENTENCE.search(t):
        return None
    if _is_title(t):
        return None
    return _key_of(t)


def toc_entry(text: str) -> str:
    """An entry of a table of contents as its heading or title prints it: no numbering, no
    leader dots, no page number."""
    t = squash(_LEADERS.split(text, 1)[0])
    while (m := _NUMBERING.match(t)) is not None and m.end():
        t = t[m.end() :]
    return t.rstrip("。.").rstrip("0123456789")


def is_toc_heading(text: str) -> bool:
    return squash(text) in TOC_HEADINGS


class _Toc:
    """Tells where a table of contents ends: at a table, at running text, at the first line
    without leader dots when its entries have them, or where an entry comes round again."""

    def __init__(self) -> None:
        self.entries: set[str] = set()
        self.cores: set[str] = set()
        self.leaders = False

    def takes(self, block: Block) -> bool:
        if isinstance(block, Table):
            return False
        text = block.text
        has_leaders = bool(_LEADERS.search(text))
        if self.leaders and not has_leaders:
            return False
        entry = toc_entry(text)
        if entry and (entry in self.entries or any(entry.endswith(c) for c in self.cores)):
            return False  # the first part begins: its heading repeats an entry
        if not has_leaders and len(squash(text)) > 60 and re.search(r"[，。]", text):
            return False
        self.leaders = self.leaders or has_leaders
        for part in re.split(r"(?<=[表明况能置释])(?=[一二三四五六七八九十]+[、.．])", text):
            if e := toc_entry(part):
                self.entries.add(e)
                # "一、单位主要职能" comes back as "XX福利院主要职能".
                core = e.removeprefix("部门").removeprefix("单位")
                if core != e and len(core) >= 4:
                    self.cores.add(core)
        return True


def split_sections(blocks: list[Block]) -> list[Section]:
    """Sections in document order; blocks before the first heading go to a ``front`` section,
    a table of contents to a ``toc`` section.

    A numbered heading that names no known section (e.g. "三、工作保障措施" inside the
    performance part) stays inside the current section. A heading of the same kind as the
    current section ("第一部分 部门概况", then "一、部门主要职责") starts a new section of that kind.
    """
    sections = [Section("front", None)]
    toc: _Toc | None = None
    for block in blocks:
        if toc is not None:
            if toc.takes(block):
                sections[-1].blocks.append(block)
                continue
            toc = None
            sections.append(Section("front", None))
        if isinstance(block, Paragraph):
            if is_toc_heading(block.text):
                toc = _Toc()
                sections.append(Section("toc", block))
                continue
            key = classify_heading(block.text) or unnumbered_heading(block.text)
            if key is not None:
                sections.append(Section(key, block))
                continue
        sections[-1].blocks.append(block)
    return sections

"""Header facts: the unit, the year, budget or final accounts, department or unit.

They are read from the cover and title first ("上海市普陀区2024年区级部门预算" over
"预算主管部门：上海市普陀区人民政府万里街道办事处"; "2018年度江苏省高级" broken over two lines),
then from labelled header lines ("部门：江苏省政协办公厅 单位：万元"), and only then from weaker
evidence. A narrative sentence or a 第二部分 heading never names the unit, and the year is never
the most frequent year of the text (that is usually the comparison year) while a title gives one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from yusuan.blocks import Paragraph, Table
from yusuan.extract.sections import Section
from yusuan.model import Unit
from yusuan.vocab import DEPARTMENT_WORDS, UNIT_LABELS, UNIT_SCOPE_WORDS
from yusuan.vocab.text import first_char, squash

# "X2024年(度)(区级)(部门)预算…": the unit before the year.
_UNIT_YEAR = re.compile(
    r"^(?P<unit>.*?)(?P<year>(?:19|20)\d{2})年(?:度)?(?P<tail>(?:[省市区县乡]级)?(?:部门|单位)?"
    r"(?:汇总)?(?:“三公”经费|\"三公\"经费)?(?:预算|决算).*)$"
)
# "2018年度X(部门)预算公开": the unit after the year.
_YEAR_UNIT = re.compile(
    r"^(?P<year>(?:19|20)\d{2})年(?:度)?(?P<unit>.+?)(?P<tail>(?:部门|单位)?(?:预算|决算)"
    r"(?:信息)?(?:公开|情况|说明|报表|表)*)$"
)
_LABEL = re.compile(
    r"^(?P<label>" + "|".join(re.escape(w) for w in UNIT_LABELS) + r")[:：]\s*(?P<name>.+)$"
)
_NEXT_LABEL = re.compile(r"\s+(?:金额)?单位[:：].*$|\s{2,}.*$")
_REGION = re.compile(r"^(?:.{1,7}?(?:省|自治区|市|地区|自治州|州|盟|区|县|旗|镇|乡|街道))+$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_NOT_NAME = re.compile(r"[，,。；;：:！？]|\d|万元|预算|决算|公开|关于|^本|^我")
_CODE_NAME = re.compile(r"^(?P<code>\d{3,})\s*(?P<name>[^\d\s].+)$")
_BUDGET_YEAR = re.compile(r"(?:预算|决算)年度[:：]\s*(\d{4})")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_YEAR = re.compile(r"(20\d{2})\s*年")
_UNIT_LINE_START = frozenset("单编部预主填")
_COVER_LINES = 12


@dataclass(slots=True)
class Header:
    unit: Unit
    year: int | None
    kind: str  # budget | final_accounts
    scope: str | None  # department | unit


def _clean_unit(name: str) -> str | None:
    t = squash(name)
    t = _PART.sub("", t)
    t = re.sub(r"[（(]部门[)）]$|[（(]单位[)）]$", "", t)
    for tail in ("“三公”经费", '"三公"经费'):
        t = t.removesuffix(tail)
    if not 2 <= len(t) <= 40 or _NOT_NAME.search(t) or _REGION.match(t):
        return None  # a sentence, a bare region ("上海市普陀区") or nothing
    return t


def _scope_of(text: str) -> str | None:
    if any(w in text for w in UNIT_SCOPE_WORDS):
        return "unit"
    if any(w in text for w in DEPARTMENT_WORDS) or "部门" in text:
        return "department"
    return None


@dataclass(slots=True)
class _Title:
    unit: str | None
    year: int
    kind: str
    scope: str | None


def _title(text: str) -> _Title | None:
    t = squash(text)
    if len(t) > 60 or re.search(r"[，。；]", t) or "目录" in t:
        return None
    m = _UNIT_YEAR.match(t)
    unit_first = m is not None and m.group("unit") != ""
    if not unit_first:
        m = _YEAR_UNIT.match(t) or m
    if m is None:
        return None
    tail = m.group("tail")
    kind = "final_accounts" if "决算" in tail else "budget"
    unit = _clean_unit(m.group("unit")) if m.group("unit") else None
    return _Title(unit, int(m.group("year")), kind, _scope_of(tail))


def _cover(sections: list[Section], paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The lines before the first heading or table of contents (else the document's first)."""
    front = [b for b in sections[0].blocks if isinstance(b, Paragraph)] if sections else []
    # A sheet named "封面" heads the cover; its name is not a line of the title.
    return [p for p in (front or paragraphs) if not p.is_sheet_name][:_COVER_LINES]


def _labelled(text: str) -> tuple[str, str] | None:
    if first_char(text) not in _UNIT_LINE_START:
        return None
    t = re.sub(r"^((?:\S\s){1,5}\S)(?=\s*[:：])", lambda m: squash(m.group(1)), text.strip())
    m = _LABEL.match(t)
    if m is None:
        return None
    name = _NEXT_LABEL.sub("", m.group("name"))
    cleaned = _clean_unit(name)
    return (squash(m.group("label")), cleaned) if cleaned else None


def extract_header(
    sections: list[Section], paragraphs: list[Paragraph], tables: list[Table]
) -> Header:
    unit = Unit()
    cover = _cover(sections, paragraphs)
    title = _cover_title(cover)
    unit.name, label_scope = _unit_name(cover, paragraphs, title)
    year = title.year if title else None
    kind = title.kind if title else None
    scope = title.scope if title and title.scope else label_scope
    coded = _unit_code(paragraphs, tables)
    if coded is not None:
        unit.code = coded[0]
        if unit.name is None:
            unit.name = coded[1]
    if year is None:
        year = _weaker_year(paragraphs)
    titles = [squash(p.text) for p in paragraphs[:600] if "表" in p.text or "预算" in p.text]
    if kind is None:
        finals = sum("决算" in t for t in titles)
        kind = "final_accounts" if finals > sum("预算" in t for t in titles) else "budget"
    if scope is None:
        units = sum(any(w in t for w in UNIT_SCOPE_WORDS) for t in titles)
        departments = sum(any(w in t for w in DEPARTMENT_WORDS) for t in titles)
        if units != departments:
            scope = "unit" if units > departments else "department"
    return Header(unit, year, kind, scope)


def _cover_title(cover: list[Paragraph]) -> _Title | None:
    """The disclosure's title on the cover, preferring one that names the unit; a title may be
    broken over two or three cover lines ("2018年度江苏省高级" / "人民法院预算公开")."""
    title: _Title | None = None
    for i in range(len(cover)):
        for n in (1, 2, 3):
            if i + n > len(cover):
                break
            found = _title("".join(p.text for p in cover[i : i + n]))
            if found is not None and (title is None or (title.unit is None and found.unit)):
                title = found
            if title is not None and title.unit:
                return title
    return title


def _unit_name(
    cover: list[Paragraph], paragraphs: list[Paragraph], title: _Title | None
) -> tuple[str | None, str | None]:
    """The unit's name and the scope its label names ("单位名称" → unit): a labelled cover
    line, else the title, else the labelled line most often repeated in the document."""
    cover_names = [lab for p in cover if (lab := _labelled(p.text))]
    if cover_names:
        label, name = cover_names[0]
        return name, _scope_of(label) if label != "单位" else None
    if title is not None and title.unit:
        return title.unit, None
    names: Counter[str] = Counter()
    label_scope: str | None = None
    for p in paragraphs[:400]:
        lab = _labelled(p.text)
        if lab is not None:
            names[lab[1]] += 1
            label_scope = label_scope or (_scope_of(lab[0]) if lab[0] != "单位" else None)
    return (names.most_common(1)[0][0] if names else None), label_scope


def _unit_code(paragraphs: list[Paragraph], tables: list[Table]) -> tuple[str, str] | None:
    """(code, name) of the unit, as printed most often: "312001 保定市公安局" heading a table or
    on a line of its own."""
    code_names: Counter[tuple[str, str]] = Counter()
    for t in tables[:200]:
        for row in t.rows[:2]:
            for c in row[:1]:
                m = _CODE_NAME.match(squash(c.text)) if first_char(c.text).isdecimal() else None
                if m:
                    code_names[(m.group("code"), m.group("name"))] += 1
    for p in paragraphs[:400]:
        m = _CODE_NAME.match(squash(p.text)) if first_char(p.text).isdecimal() else None
        if m and len(p.text) < 60 and not _YEAR.search(p.text):
            code_names[(m.group("code"), m.group("name"))] += 1
    return code_names.most_common(1)[0][0] if code_names else None


def _weaker_year(paragraphs: list[Paragraph]) -> int | None:
    """No title: "预算年度：2023", then the year of table titles and headings, then any year."""
    for p in paragraphs[:400]:
        m = _BUDGET_YEAR.search(squash(p.text))
        if m:
            return int(m.group(1))
    titled: Counter[int] = Counter()
    for p in paragraphs[:600]:
        t = squash(p.text)
        if len(t) <= 60 and t.endswith(("表", "预算", "决算")) and (m := _TITLE_YEAR.search(t)):
            titled[int(m.group(1))] += 1
    if titled:
        return titled.most_common(1)[0][0]
    years = Counter(int(y) for p in paragraphs if "年" in p.text for y in _YEAR.findall(p.text))
    return years.most_common(1)[0][0] if years else None

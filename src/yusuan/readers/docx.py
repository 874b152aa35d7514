"""Word (DOCX) → blocks, straight from the package XML.

* Paragraphs keep Word's automatic list numbering ("一、", "（二）", "1.") because Chinese
  disclosures number their sections that way and extraction finds sections by those labels.
* Heading levels come from the paragraph's outline level or its style ("Heading 2", "标题 2").
* Table cells merged horizontally (``gridSpan``/``hMerge``) or vertically (``vMerge``) are
  resolved once: the text stays in the first grid cell and the covered positions are ``""``.
* Nested tables and text boxes become blocks of their own right after their container.
* Manual line breaks split a paragraph, as a text export would.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from yusuan.blocks import Block, Cell, Document, Paragraph, Problem, Source, Table
from yusuan.errors import UnreadableDocument
from yusuan.readers import limits
from yusuan.readers._xml import parse_xml
from yusuan.readers.detect import PART_DAMAGE, ZIP_DAMAGE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, T, SDT, SDT_CONTENT = (
    _w(t) for t in ("p", "tbl", "tr", "tc", "t", "sdt", "sdtContent")
)
CUSTOM_XML, TXBX = _w("customXml"), _w("txbxContent")
VAL = _w("val")
_OFF = {"0", "false", "off", "none"}
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_SKIP = {
    _w(t)
    for t in (
        "del",
        "moveFrom",
        "instrText",
        "delText",
        "rPr",
        "pPr",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "fldData",
    )
}


def _on(el: etree._Element | None) -> bool:
    return el is not None and el.get(VAL, "true").lower() not in _OFF


def _int(el: etree._Element | None, default: int = 0) -> int:
    if el is None:
        return default
    try:
        return int(el.get(VAL, default))
    except (TypeError, ValueError):
        return default


@dataclass(slots=True)
class _Style:
    name: str = ""
    based_on: str | None = None
    outline: int | None = None
    bold: bool | None = None
    num: tuple[str, int] | None = None


class _Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_para: str | None = None
        if root is None:
            return
        for s in root.iter(_w("style")):
            sid = s.get(_w("styleId"))
            if sid is None:
                continue
            st = _Style()
            name = s.find(_w("name"))
            st.name = name.get(VAL, "") if name is not None else ""
            based = s.find(_w("basedOn"))
            st.based_on = based.get(VAL) if based is not None else None
            ppr = s.find(_w("pPr"))
            if ppr is not None:
                ol = ppr.find(_w("outlineLvl"))
                if ol is not None:
                    st.outline = _int(ol, 9)
                st.num = _num_pr(ppr)
            b = s.find(f"{_w('rPr')}/{_w('b')}")
            if b is not None:
                st.bold = _on(b)
            self.styles[sid] = st
            if s.get(_w("type")) == "paragraph" and s.get(_w("default")) in ("1", "true"):
                self.default_para = sid

    def _chain(self, sid: str | None) -> list[_Style]:
        out: list[_Style] = []
        seen: set[str] = set()
        while sid and sid not in seen and sid in self.styles and len(out) < 20:
            seen.add(sid)
            out.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return out

    def heading_level(self, sid: str | None) -> int | None:
        for st in self._chain(sid):
            m = _HEADING_NAME.match(st.name.strip())
            if m:
                return int(m.group(1))
            if st.outline is not None:
                return st.outline + 1 if st.outline < 9 else None
        return None

    def bold(self, sid: str | None) -> bool:
        for st in self._chain(sid):
            if st.bold is not None:
                return st.bold
        return False

    def num(self, sid: str | None) -> tuple[str, int] | None:
        for st in self._chain(sid):
            if st.num is not None:
                return st.num
        return None


def _num_pr(ppr: etree._Element) -> tuple[str, int] | None:
    num = ppr.find(_w("numPr"))
    if num is None:
        return None
    num_id = num.find(_w("numId"))
    if num_id is None:
        return None
    return num_id.get(VAL, "0"), _int(num.find(_w("ilvl")))


# --- automatic numbering ---------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = ten if tens == 1 else digits[tens] + ten
        return head + (digits[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: a … z, aa … zz.
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "ideographDigital",
    ):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _ZODIAC[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"


@dataclass(slots=True)
class _Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: etree._Element | None) -> _Numbering:
        self = cls()
        if root is None:
            return self
        for a in root.iter(_w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in a.iter(_w("lvl")):
                ilvl = int(lvl.get(_w("ilvl"), "0"))
                fmt = lvl.find(_w("numFmt"))
                text = lvl.find(_w("lvlText"))
                suff = lvl.find(_w("suff"))
                levels[ilvl] = _Level(
                    start=_int(lvl.find(_w("start")), 1),
                    fmt=fmt.get(VAL, "decimal") if fmt is not None else "decimal",
                    text=text.get(VAL, "") if text is not None else "",
                    suffix=suff.get(VAL, "tab") if suff is not None else "tab",
                )
            self.abstract[a.get(_w("abstractNumId"), "")] = levels
        for n in root.iter(_w("num")):
            aid = n.find(_w("abstractNumId"))
            overrides: dict[int, int] = {}
            for o in n.iter(_w("lvlOverride")):
                so = o.find(_w("startOverride"))
                if so is not None:
                    overrides[int(o.get(_w("ilvl"), "0"))] = _int(so, 1)
            self.nums[n.get(_w("numId"), "")] = (
                aid.get(VAL, "") if aid is not None else "",
                overrides,
            )
        return self

    def label(self, num_id: str, ilvl: int) -> str:
        if num_id not in self.nums or num_id == "0":
            return ""
        aid, overrides = self.nums[num_id]
        levels = self.abstract.get(aid, {})
        level = levels.get(ilvl)
        if level is None or level.fmt == "bullet":
            return ""
        counts = self.counters.setdefault(num_id, [None] * 9)
        if not 0 <= ilvl < 9:
            return ""
        current = counts[ilvl]
        counts[ilvl] = overrides.get(ilvl, level.start) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = None  # a higher level restarts the ones below it

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            n = counts[k] if 0 <= k < 9 and counts[k] is not None else (lv.start if lv else 1)
            return format_number(n or 0, lv.fmt if lv else "decimal")

        text = re.sub(r"%(\d)", sub, level.text)
        if text and level.suffix != "nothing" and text[-1].isascii() and text[-1].isalnum():
            text += " "
        return text


# --- the document walk -------------------------------------------------------------------------


class _Walker:
    def __init__(self, path: str, styles: _Styles, numbering: _Numbering) -> None:
        self.path = path
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0
        self.budget = limits.Budget(path)

    def container(self, el: etree._Element) -> None:
        """Body, text box, or structured-document-tag content: paragraphs and tables in order."""
        for child in el:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag in (SDT, CUSTOM_XML, SDT_CONTENT, f"{{{MC}}}AlternateContent"):
                inner = child.find(SDT_CONTENT) if tag == SDT else _choice(child)
                if inner is not None:
                    self.container(inner)

    def _text(self, p: etree._Element) -> tuple[str, list[etree._Element], bool]:
        parts: list[str] = []
        boxes: list[etree._Element] = []
        bold_runs = [0, 0]  # runs with text: bold, all
        ppr = p.find(_w("pPr"))
        style = ppr.find(_w("pStyle")) if ppr is not None else None
        sid = style.get(VAL) if style is not None else self.styles.default_para
        style_bold = self.styles.bold(sid)

        def walk(el: etree._Element) -> None:
            for child in el:
                tag = child.tag
                if not isinstance(tag, str) or tag in _SKIP:
                    continue
                if tag == T:
                    parts.append(child.text or "")
                elif tag == _w("r"):
                    before = len(parts)
                    walk(child)
                    if "".join(parts[before:]).strip():
                        rpr = child.find(_w("rPr"))
                        b = rpr.find(_w("b")) if rpr is not None else None
                        bold_runs[0] += _on(b) if b is not None else style_bold
                        bold_runs[1] += 1
                elif tag in (_w("tab"), _w("ptab")):
                    parts.append(" ")
                elif tag in (_w("br"), _w("cr")):
                    parts.append("\n")
                elif tag == _w("noBreakHyphen"):
                    parts.append("-")
                elif tag == TXBX:
                    boxes.append(child)
                elif tag == f"{{{MC}}}AlternateContent":
                    inner = _choice(child)
                    if inner is not None:
                        walk(inner)
                elif tag in (P, TBL):
                    boxes.append(child)  # block content inside a run (rare): its own block
                else:
                    walk(child)

        walk(p)
        label = ""
        num = _num_pr(ppr) if ppr is not None else None
        if num is None:
            num = self.styles.num(sid)
        if num is not None:
            label = self.numbering.label(*num)
        text = "".join(parts)
        if label and text.strip():
            text = label + text.lstrip()
        bold = bold_runs[1] > 0 and bold_runs[0] == bold_runs[1]
        return text, boxes, bold

    def paragraph(self, p: etree._Element) -> None:
        self.paragraphs += 1
        text, boxes, bold = self._text(p)
        ppr = p.find(_w("pPr"))
        level = None
        if ppr is not None:
            ol = ppr.find(_w("outlineLvl"))
            style = ppr.find(_w("pStyle"))
            if ol is not None:
                n = _int(ol, 9)
                level = n + 1 if n < 9 else None
            elif style is not None:
                level = self.styles.heading_level(style.get(VAL))
        for line in text.split("\n"):
            line = line.strip(" \u3000\xa0\t")
            if line:
                self.blocks.append(
                    Paragraph(line, Source(self.path, line=self.paragraphs), level, bold)
                )
        for box in boxes:
            if box.tag == P:
                self.paragraph(box)
            elif box.tag == TBL:
                self.table(box)
            else:
                self.container(box)

    def cell_text(self, tc: etree._Element, nested: list[etree._Element]) -> str:
        lines: list[str] = []

        def walk(el: etree._Element) -> None:
            for child in el:
                if child.tag == P:
                    text, boxes, _ = self._text(child)
                    lines.extend(
                        s for s in (x.strip(" \u3000\xa0\t") for x in text.split("\n")) if s
                    )
                    nested.extend(boxes)
                elif child.tag == TBL:
                    nested.append(child)
                elif child.tag in (SDT, CUSTOM_XML, f"{{{MC}}}AlternateContent"):
                    inner = child.find(SDT_CONTENT) if child.tag == SDT else _choice(child)
                    if inner is not None:
                        walk(inner)

        walk(tc)
        return "\n".join(lines)

    def table(self, tbl: etree._Element) -> None:
        index = self.tables
        self.tables += 1
        nested: list[etree._Element] = []
        rows: list[list[Cell]] = []
        for tr in _children(tbl, TR):
            r = len(rows)
            row: list[Cell] = []
            trpr = tr.find(_w("trPr"))
            before = _int(trpr.find(_w("gridBefore"))) if trpr is not None else 0
            before = max(0, min(before, limits.MAX_DOCX_SPAN))
            self.budget.charge(before)
            for _ in range(before):
                row.append(Cell("", Source(self.path, table=index, row=r, col=len(row))))
            for tc in _children(tr, TC):
                tcpr = tc.find(_w("tcPr"))
                span, covered = 1, False
                if tcpr is not None:
                    span = max(1, min(_int(tcpr.find(_w("gridSpan")), 1), limits.MAX_DOCX_SPAN))
                    vm = tcpr.find(_w("vMerge"))
                    hm = tcpr.find(_w("hMerge"))
                    # A merge continuation ("continue" or no value) shows nothing of its own.
                    covered = (vm is not None and vm.get(VAL, "continue") != "restart") or (
                        hm is not None and hm.get(VAL, "continue") != "restart"
                    )
                self.budget.charge(span)
                text = self.cell_text(tc, nested)
                row.append(
                    Cell(
                        "" if covered else text, Source(self.path, table=index, row=r, col=len(row))
                    )
                )
                for _ in range(span - 1):
                    row.append(Cell("", Source(self.path, table=index, row=r, col=len(row))))
            rows.append(row)
        if rows:
            self.blocks.append(Table(rows, Source(self.path, table=index)))
        for el in nested:
            if el.tag == TBL:
                self.table(el)
            elif el.tag == P:
                self.paragraph(el)
            else:
                self.container(el)


def _choice(alt: etree._Element) -> etree._Element | None:
    """mc:AlternateContent holds the same content twice (Choice and Fallback): read one."""
    if alt.tag != f"{{{MC}}}AlternateContent":
        return alt
    choice = alt.find(f"{{{MC}}}Choice")
    return choice if choice is not None else alt.find(f"{{{MC}}}Fallback")


def _children(el: etree._Element, tag: str) -> list[etree._Element]:
    """Direct children with ``tag``, looking through sdt/customXml wrappers."""
    out: list[etree._Element] = []
    for child in el:
        if child.tag == tag:
            out.append(child)
        elif child.tag in (SDT, CUSTOM_XML):
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                out.extend(_children(inner, tag))
    return out


def _part_rels(zf: zipfile.ZipFile, part: str, path: str, problems: list[str]) -> dict[str, str]:
    """Relationship type suffix → target part name for ``part`` (none if its rels are damaged)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in zf.namelist():
        return {}
    try:
        root = parse_xml(zf.read(rels_name), rels_name, path)
    except PART_DAMAGE:
        problems.append(f"部件 {rels_name} 已损坏，已忽略 / damaged part {rels_name} ignored")
        return {}
    out: dict[str, str] = {}
    for rel in root:
        rtype = rel.get("Type", "").rsplit("/", 1)[-1]
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        full = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        out.setdefault(rtype, full)
    return out


# What a reader loses when an optional part is damaged.
_LOSES = {"styles": "标题级别与加粗", "numbering": "自动编号"}


def read_docx(
    zf: zipfile.ZipFile, path: Path, sha256: str, broken: set[str] | frozenset[str] = frozenset()
) -> Document:
    """``broken``: parts whose data cannot be read (from ``detect.check_xml_members``); the
    document is read without them unless it is its main part."""
    p = str(path)
    names = set(zf.namelist())
    problems: list[str] = []
    main = _part_rels(zf, "", p, problems).get("officeDocument", "word/document.xml")
    if main not in names:
        main = next((n for n in sorted(names) if n.startswith("word/document")), "")
    if not main:
        raise UnreadableDocument(
            f"Word 文档缺少正文部件（word/document.xml），文件不完整：{p}",
            f"the Word document has no main part (word/document.xml); the file is incomplete: {p}",
        )
    damaged = UnreadableDocument(
        f"Word 文档的正文部件已损坏（{main}），无法读取：{p}",
        f"corrupt Word document: its main part is damaged ({main}): {p}",
    )
    if main in broken:
        raise damaged
    try:
        data = zf.read(main)
    except ZIP_DAMAGE:
        raise damaged from None
    root = parse_xml(data, main, p)
    rels = _part_rels(zf, main, p, problems)

    def optional(kind: str) -> etree._Element | None:
        name = rels.get(kind)
        if not name or name not in names:
            return None
        if name not in broken:
            try:
                return parse_xml(zf.read(name), name, p)
            except PART_DAMAGE:
                pass
        problems.append(
            f"部件 {name} 已损坏，已忽略（{_LOSES.get(kind, '')}可能丢失） / "
            f"damaged part {name} ignored"
        )
        return None

    walker = _Walker(p, _Styles(optional("styles")), _Numbering.parse(optional("numbering")))
    body = root.find(_w("body"))
    if body is not None:
        walker.container(body)
    return Document(
        path=p,
        format="docx",
        sha256=sha256,
        blocks=walker.blocks,
        problems=[Problem(Source(p), message) for message in problems],
    )

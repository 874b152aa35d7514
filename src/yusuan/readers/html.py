"""Web pages (HTML) → blocks, main content only.

The page's chrome (navigation, header, footer, scripts, forms) is dropped, then the main
content is the deepest element holding most of the page's non-link text — government sites
wrap the article in ``<div id="zoom">``, ``<div class="TRS_Editor">`` and the like, so a
name list would never be complete. Tables resolve ``rowspan``/``colspan`` onto a grid with the
text in the first position and ``""`` in the covered ones, as a text export does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, html

from yusuan.blocks import Block, Cell, Document, Paragraph, Source, Table
from yusuan.errors import UnreadableDocument
from yusuan.readers import limits

_DROP = {
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "object", "embed", "svg", "canvas", "select", "button", "input", "textarea",
    "head", "title", "meta", "link", "map", "audio", "video",
}  # fmt: skip
_BLOCK = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "center", "address", "figure", "figcaption", "caption", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "body", "html", "td", "th", "tr", "tbody", "thead", "tfoot", "fieldset", "legend",
    "table",
}  # fmt: skip
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\xa0\u3000]+")
_BR = "\u2028"  # an explicit <br> in the paragraph buffer, unlike source line breaks


def decode_html(data: bytes) -> str:
    """Decode by BOM, then the page's own ``<meta charset>``, then UTF-8, then GB18030."""
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", "ignore").lower() if m else ""
    if declared in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936"):
        declared = "gb18030"  # the superset: sites that say gb2312 use GBK characters anyway
    for enc in (declared, "utf-8", "gb18030"):
        if not enc:
            continue
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def _norm(text: str) -> str:
    """Collapse white space as a browser does (a line break between two CJK characters vanishes)."""
    text = _BREAK_BETWEEN_CJK.sub("", text)
    return _SPACES.sub(" ", text)


def _text_len(el: etree._Element) -> tuple[int, int]:
    """(all text, link text) lengths without white space."""
    total = len(_SPACES.sub("", "".join(el.itertext())))
    links = sum(len(_SPACES.sub("", "".join(a.itertext()))) for a in el.iter("a"))
    return total, links


def is_layout_table(tbl: etree._Element) -> bool:
    """Old sites lay whole pages out with tables: one that holds a heading, a long text, or
    another table within three columns or fewer (nav | content | sidebar) is a frame, not data."""
    nested = False
    for el in tbl.iterdescendants():
        if el.tag in _HEADINGS:
            return True
        nested = nested or el.tag == "table"
    if nested:
        rows = [tr for tr in tbl.iter("tr") if _owner_table(tr) is tbl]
        if max((len([td for td in tr if td.tag in ("td", "th")]) for tr in rows), default=0) <= 3:
            return True
    return any(len(_SPACES.sub("", "".join(td.itertext()))) > 1000 for td in tbl.iter("td", "th"))


def main_content(body: etree._Element) -> etree._Element:
    """The deepest element that holds at least 80% of the page's non-link text."""
    for tag in ("main", "article"):
        found = body.find(f".//{tag}")
        if found is not None:
            total, links = _text_len(found)
            if total - links > 0:
                return found
    total, links = _text_len(body)
    need = 0.8 * max(total - links, 1)
    node = body
    while True:
        best = None
        for child in node:
            if not isinstance(child.tag, str) or child.tag == "p":
                continue
            if child.tag in ("table", "tbody", "tr", "td", "th"):
                owner = child if child.tag == "table" else _owner_table(child)
                if owner is None or not is_layout_table(owner):
                    continue  # a data table is content, not a container of it
            t, lk = _text_len(child)
            if t - lk >= need:
                best = child
                break
        if best is None:
            return node
        node = best


@dataclass(slots=True)
class _Walker:
    path: str
    budget: limits.Budget
    blocks: list[Block] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    bold_chars: int = 0
    line: int | None = None
    level: int | None = None
    tables: int = 0
    pending: list[etree._Element] = field(default_factory=list)

    def flush(self) -> None:
        raw = "".join(self.buf)
        self.buf.clear()
        plain_len = len(_SPACES.sub("", raw))
        bold = plain_len > 0 and self.bold_chars >= plain_len
        self.bold_chars = 0
        for part in raw.split(_BR):
            text = _norm(part).strip()
            if text:
                self.blocks.append(
                    Paragraph(text, Source(self.path, line=self.line), self.level, bold)
                )
        self.line = None

    def walk(self, el: etree._Element, bold: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP:
            self._tail(el, bold)
            return
        if tag == "table" and not is_layout_table(el):
            self.flush()
            self.table(el)
            self._tail(el, bold)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if tag == "br":
            self.buf.append(_BR)
        level_before = self.level
        if tag in _HEADINGS:
            self.level = _HEADINGS[tag]
        is_bold = bold or tag in ("b", "strong")
        if el.text:
            self._add(el.text, el, is_bold)
        for child in el:
            self.walk(child, is_bold)
        if block:
            self.flush()
        self.level = level_before
        self._tail(el, bold)

    def _add(self, text: str, el: etree._Element, bold: bool) -> None:
        if self.line is None and text.strip():
            self.line = el.sourceline
        self.buf.append(text)
        if bold:
            self.bold_chars += len(_SPACES.sub("", text))

    def _tail(self, el: etree._Element, bold: bool) -> None:
        if el.tail:
            parent = el.getparent()
            self._add(el.tail, parent if parent is not None else el, bold)

    def cell_text(self, td: etree._Element) -> str:
        lines: list[str] = []
        buf: list[str] = []

        def brk() -> None:
            text = _norm("".join(buf)).strip()
            buf.clear()
            if text:
                lines.append(text)

        def walk(el: etree._Element) -> None:
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag == "table":
                self.pending.append(el)
            elif tag not in _DROP:
                block = tag in _BLOCK and el is not td
                if block:
                    brk()
                if tag == "br":
                    brk()
                if el.text:
                    buf.append(el.text)
                for child in el:
                    walk(child)
                if block:
                    brk()
            if el is not td and el.tail:
                buf.append(el.tail)

        walk(td)
        brk()
        return "\n".join(lines)

    def table(self, tbl: etree._Element) -> None:
        index = self.tables
        self.tables += 1
        rows_el = [tr for tr in tbl.iter("tr") if _owner_table(tr) is tbl]
        # Spans are clipped to the table's real extent: its rows, and its widest row's cells
        # (a span never reaches past what some row fills).
        extent = max((sum(td.tag in ("td", "th") for td in tr) for tr in rows_el), default=0)
        self._grid(tbl, rows_el, extent, index)
        nested, self.pending = self.pending, []
        for t in nested:
            self.table(t)

    def _grid(
        self, tbl: etree._Element, rows_el: list[etree._Element], extent: int, index: int
    ) -> None:
        n = len(rows_el)
        grid: dict[tuple[int, int], str] = {}
        covered: set[tuple[int, int]] = set()
        widths = [0] * n
        lines: dict[int, int | None] = {}
        for r, tr in enumerate(rows_el):
            lines[r] = tr.sourceline
            c = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while (r, c) in covered or (r, c) in grid:
                    c += 1
                colspan = max(1, min(_span(td.get("colspan")), extent - c))
                rowspan = max(1, min(_span(td.get("rowspan")), n - r))
                # Every position a span covers becomes a cell: charged before it is made.
                self.budget.charge(rowspan * colspan)
                grid[(r, c)] = self.cell_text(td)
                for rr in range(r, r + rowspan):
                    widths[rr] = max(widths[rr], c + colspan)
                    for cc in range(c, c + colspan):
                        if (rr, cc) != (r, c):
                            covered.add((rr, cc))
                c += colspan
        # Cells left of a span that reaches into a shorter row are padding, made here.
        self.budget.charge(sum(widths) - len(grid) - len(covered))
        rows: list[list[Cell]] = []
        for r in range(n):
            rows.append(
                [
                    Cell(
                        grid.get((r, c), ""), Source(self.path, lines[r], table=index, row=r, col=c)
                    )
                    for c in range(widths[r])
                ]
            )
        if any(rows):
            self.blocks.append(Table(rows, Source(self.path, tbl.sourceline, table=index)))


def _owner_table(tr: etree._Element) -> etree._Element | None:
    el = tr.getparent()
    while el is not None and el.tag != "table":
        el = el.getparent()
    return el


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), limits.MAX_HTML_SPAN))
    except ValueError:
        return 1


def read_html(data: bytes, path: Path, sha256: str) -> Document:
    p = str(path)
    text = decode_html(data)
    parser = html.HTMLParser(
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
    )
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise UnreadableDocument(
            f"HTML 文件无法解析（{e}）：{p}", f"unreadable HTML ({e}): {p}"
        ) from None
    body = root.find("body")
    if body is None:
        body = root
    walker = _Walker(p, limits.Budget(p))
    walker.walk(main_content(body))
    walker.flush()
    return Document(path=p, format="html", sha256=sha256, blocks=walker.blocks)

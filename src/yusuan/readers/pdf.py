"""Born-digital PDF → blocks, with PDFium (pypdfium2) for characters and ruling lines.

PDFium was chosen by measurement: on the seeds' PDFs it yields characters, boxes and path
objects about 10× faster than pdfminer (pdfplumber), and it is the hardened parser of a
browser. Layout is ours:

* **Tables** are found from ruling lines only (lattice): horizontal and vertical strokes or
  thin filled rectangles are snapped, joined and grouped into grids. A grid position whose
  dividing line is missing is merged with its neighbour, so a merged cell's text lands in its
  first grid position and the covered positions read ``""``, as in a text export. A table that
  continues on the next page is a separate :class:`~yusuan.blocks.Table` per page, again as
  in a text export; extraction joins the parts under one title.
* **Text** outside tables is grouped into lines, and lines into paragraphs: a line that runs to
  the right margin continues into the next unless that one is indented or set off by extra
  space — also across a page break. Page numbers and running headers/footers are dropped.
* **Damage**: no text at all (a scan) is an error saying so; characters without a Unicode
  mapping (what pdfminer prints as ``(cid:123)``) are counted and, past a small share, refused
  rather than passed on as garbage; encrypted files name the password as the problem.
"""

from __future__ import annotations

import bisect
import ctypes
import os
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from yusuan.blocks import Block, Cell, Document, Paragraph, Problem, Source, Table
from yusuan.errors import UnreadableDocument
from yusuan.readers import limits

TIMEOUT = float(os.environ.get("YUSUAN_PDF_TIMEOUT", "600"))
GARBAGE_SHARE = 0.01  # unmapped glyphs tolerated before the text layer is called garbage
SNAP = 2.0  # points: lines this close are the same line
THIN = 3.0  # points: a filled rectangle thinner than this is a rule, not a shaded area
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–―－·\s]*\d{1,4}[-—–―－·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    page: int
    lead: float = 0.0  # width of the first word (a CJK character, or a run of Latin/digits)
    number: int = 0  # 1-based line on its page

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _Grid:
    xs: list[float]
    ys: list[float]
    anchor: dict[tuple[int, int], tuple[int, int]]  # grid position → its merged cell's anchor
    chars: dict[tuple[int, int], list[_Char]] = field(default_factory=dict)
    open_top: bool = False  # no rule closes the first row: it goes on from the page before
    open_bottom: bool = False  # no rule closes the last row: it goes on on the next page

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]


@dataclass(slots=True)
class _PageContent:
    number: int
    width: float
    height: float
    lines: list[_Line]
    grids: list[_Grid]
    images: int
    problem: str | None = None  # why the page's ruling was not used


# --- PDFium access -----------------------------------------------------------------------------


def _open(path: Path) -> object:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == 4 or "password" in str(e).lower():
            raise UnreadableDocument(
                f"PDF 文件已加密（需要打开密码），请先去除密码：{path}",
                f"the PDF is encrypted (needs a password to open); remove the password first: {path}",
            ) from None
        raise UnreadableDocument(
            f"PDF 文件已损坏或无法解析（{e}）：{path}", f"corrupt or unreadable PDF ({e}): {path}"
        ) from None


Transform = Callable[[float, float], tuple[float, float]]


def _display(rotation: int, width: float, height: float) -> Transform:
    """PDF user space (origin bottom left) → the page as displayed, origin top left.

    ``width`` × ``height`` is the unrotated page; a page with /Rotate 90 (a landscape table on a
    portrait sheet) is shown turned clockwise, its text drawn turned the other way.
    """
    if rotation == 90:
        return lambda x, y: (y, x)
    if rotation == 180:
        return lambda x, y: (width - x, y)
    if rotation == 270:
        return lambda x, y: (height - y, width - x)
    return lambda x, y: (x, height - y)


def _chars(
    textpage: object, height: float, to_display: Transform | None
) -> tuple[list[_Char], int, int]:
    """Characters in display coordinates (``to_display`` for a rotated page, else the page's
    ``height`` flips y); also (count of unmapped glyphs, visible chars)."""
    import pypdfium2.raw as raw

    tp = textpage.raw  # type: ignore[attr-defined]
    n = raw.FPDFText_CountChars(tp)
    out: list[_Char] = []
    bad = 0
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    rect = raw.FS_RECTF()
    m = raw.FS_MATRIX()
    for i in range(n):
        u = raw.FPDFText_GetUnicode(tp, i)
        generated = raw.FPDFText_IsGenerated(tp, i) == 1
        if u in (13, 10, 9, 32, 0xA0, 0x3000) or (generated and u != 2):
            continue  # spaces come back from the gaps between glyphs (generated ones have no box)
        if u == 2:
            u = 0x2D  # PDFium's mark for a hyphen at a line end: in Chinese text a real "-"
        if (
            raw.FPDFText_HasUnicodeMapError(tp, i) == 1
            or u in (0, 0xFFFD)
            or 0xE000 <= u <= 0xF8FF
            or u < 32
        ):
            bad += 1  # no Unicode mapping: pdfminer would print "(cid:N)"
            continue
        if not raw.FPDFText_GetLooseCharBox(tp, i, rect):
            if not raw.FPDFText_GetCharBox(tp, i, left, right, bottom, top):
                continue
            rect.left, rect.right, rect.bottom, rect.top = (
                left.value,
                right.value,
                bottom.value,
                top.value,
            )
        size = raw.FPDFText_GetFontSize(tp, i)
        if raw.FPDFText_GetMatrix(tp, i, m):  # the font size is in text space: scale it
            size *= abs(m.a * m.d - m.b * m.c) ** 0.5
        if size <= 0:
            size = rect.top - rect.bottom
        ch = chr(u)
        if 0x2F00 <= u <= 0x2FDF or 0x2E80 <= u <= 0x2EFF or 0xF900 <= u <= 0xFAFF:
            # Kangxi radicals and compatibility ideographs that some PDF producers emit for
            # ordinary characters ("⼀" for "一"): back to the unified ideograph.
            ch = unicodedata.normalize("NFKC", ch)
        x0, x1, y0, y1 = rect.left, rect.right, rect.bottom, rect.top
        if to_display is None:  # the common case, kept cheap: one call per character
            out.append(_Char(ch, x0, height - y1, x1, height - y0, size))
            continue
        u0, v0 = to_display(x0, y1)
        u1, v1 = to_display(x1, y0)
        out.append(_Char(ch, min(u0, u1), min(v0, v1), max(u0, u1), max(v0, v1), size))
    return out, bad, len(out)


def _matrix_mul(
    m: tuple[float, ...], n: tuple[float, ...]
) -> tuple[float, float, float, float, float, float]:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _objects(page_raw: object) -> tuple[list[tuple[float, float, float, float]], int]:
    """Axis-aligned rule segments (x0, y0, x1, y1) in PDF space, and the number of images."""
    import pypdfium2.raw as raw

    segs: list[tuple[float, float, float, float]] = []
    images = 0
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    fsm = raw.FS_MATRIX()

    def matrix(obj: object) -> tuple[float, float, float, float, float, float]:
        if raw.FPDFPageObj_GetMatrix(obj, fsm):
            return (fsm.a, fsm.b, fsm.c, fsm.d, fsm.e, fsm.f)
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    # Bound once: the ctypes attribute lookups cost more than the calls on ruled pages.
    get_segment, get_type = raw.FPDFPath_GetPathSegment, raw.FPDFPathSegment_GetType
    get_point, get_close = raw.FPDFPathSegment_GetPoint, raw.FPDFPathSegment_GetClose
    moveto, lineto = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO

    def path(obj: object, m: tuple[float, ...]) -> None:
        if not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
            return
        if not fill.value and not stroke.value:
            return  # clipping only
        a, b, c, d, e, f = m
        n = raw.FPDFPath_CountSegments(obj)
        if n <= 0 or n > 20000:
            return
        subpaths: list[list[tuple[float, float]]] = []
        closed: list[bool] = []
        for i in range(n):
            seg = get_segment(obj, i)
            kind = get_type(seg)
            get_point(seg, x, y)
            xv, yv = x.value, y.value
            pt = (a * xv + c * yv + e, b * xv + d * yv + f)
            if kind == moveto or not subpaths:
                subpaths.append([pt])
                closed.append(False)
            elif kind == lineto:
                subpaths[-1].append(pt)
            else:
                subpaths[-1].append((float("nan"), float("nan")))  # a curve: not a rule
            if get_close(seg):
                closed[-1] = True
        for pts, is_closed in zip(subpaths, closed, strict=True):
            if any(p[0] != p[0] for p in pts):
                continue
            if is_closed and pts[0] != pts[-1]:
                pts = [*pts, pts[0]]
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            w, h = max(xs) - min(xs), max(ys) - min(ys)
            rect = len(pts) in (4, 5) and all(
                abs(p[0] - q[0]) < 0.5 or abs(p[1] - q[1]) < 0.5 for p, q in pairwise(pts)
            )
            if rect and fill.value and (w < THIN or h < THIN):
                if w >= h:  # a thin filled bar is a horizontal rule
                    mid = (min(ys) + max(ys)) / 2
                    segs.append((min(xs), mid, max(xs), mid))
                else:
                    mid = (min(xs) + max(xs)) / 2
                    segs.append((mid, min(ys), mid, max(ys)))
                continue
            if not stroke.value:
                continue  # a filled area (cell shading), not a rule
            for p, q in pairwise(pts):
                if abs(p[1] - q[1]) < 0.5 and abs(p[0] - q[0]) >= 1:
                    segs.append((min(p[0], q[0]), p[1], max(p[0], q[0]), p[1]))
                elif abs(p[0] - q[0]) < 0.5 and abs(p[1] - q[1]) >= 1:
                    segs.append((p[0], min(p[1], q[1]), p[0], max(p[1], q[1])))

    def walk(obj: object, parent: tuple[float, ...], depth: int) -> None:
        nonlocal images
        kind = raw.FPDFPageObj_GetType(obj)
        m = _matrix_mul(matrix(obj), parent)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            path(obj, m)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
            for i in range(raw.FPDFFormObj_CountObjects(obj)):
                walk(raw.FPDFFormObj_GetObject(obj, i), m, depth + 1)

    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for i in range(raw.FPDFPage_CountObjects(page_raw)):
        walk(raw.FPDFPage_GetObject(page_raw, i), identity, 0)
    return segs, images


# --- ruling lines → grids -------------------------------------------------------------------------


def _cluster(values: list[float], tol: float = SNAP) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _join(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear segments (pos, start, end) → maximal joined ones."""
    segs.sort()
    out: list[tuple[float, float, float]] = []
    for pos, s, e in segs:
        if out and abs(out[-1][0] - pos) <= SNAP and s <= out[-1][2] + SNAP:
            p0, s0, e0 = out[-1]
            out[-1] = (p0, s0, max(e0, e))
        else:
            out.append((pos, s, e))
    return out


def _grids(segs: list[tuple[float, float, float, float]]) -> list[_Grid]:
    """Tables from rule segments (x0, y0, x1, y1) in display coordinates."""
    hs: list[tuple[float, float, float]] = []  # (y, x0, x1)
    vs: list[tuple[float, float, float]] = []  # (x, y0, y1)
    for x0, y0, x1, y1 in segs:
        if y0 == y1:
            hs.append((y0, min(x0, x1), max(x0, x1)))
        else:
            vs.append((x0, min(y0, y1), max(y0, y1)))
    if len(hs) < 2 or len(vs) < 2 or len(hs) * len(vs) > 4_000_000:
        return []
    # Snap positions, then join touching segments on the same line.
    hy = _cluster([h[0] for h in hs])
    vx = _cluster([v[0] for v in vs])
    hs = _join([(hy[_nearest(hy, y)], a, b) for y, a, b in hs])
    vs = _join([(vx[_nearest(vx, x)], a, b) for x, a, b in vs])
    # Group rules that touch into tables (union-find over crossings).
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, a, b) in enumerate(hs):
        for j, (x, c, d) in enumerate(vs):
            if a - SNAP <= x <= b + SNAP and c - SNAP <= y <= d + SNAP:
                ri, rj = find(i), find(len(hs) + j)
                if ri != rj:
                    parent[ri] = rj
    groups: dict[
        int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]
    ] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids = []
    for gh, gv in groups.values():
        if not gh or not gv:
            continue  # rules that cross nothing: a chart's strokes, an underline, not a table
        grid = _grid(gh, gv)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids


def _nearest(sorted_values: list[float], v: float) -> int:
    i = bisect.bisect_left(sorted_values, v)
    if i == len(sorted_values) or (i > 0 and v - sorted_values[i - 1] < sorted_values[i] - v):
        return i - 1
    return i


def _covers(segs: list[tuple[float, float, float]], pos: float, a: float, b: float) -> bool:
    """Is there a rule at ``pos`` covering most of the span a..b?"""
    need = (b - a) * 0.5
    covered = 0.0
    for p, s, e in segs:
        if abs(p - pos) <= SNAP:
            covered += max(0.0, min(e, b) - max(s, a))
    return covered >= need


def _grid(
    hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]
) -> _Grid | None:
    # A row cut by a page break may lose its top or bottom rule (WeasyPrint draws none):
    # close the grid where its vertical rules end.
    top, bottom = min(v[1] for v in vs), max(v[2] for v in vs)
    left, right = min(v[0] for v in vs), max(v[0] for v in vs)
    open_top = top < min(h[0] for h in hs) - SNAP
    open_bottom = bottom > max(h[0] for h in hs) + SNAP
    if open_top:
        hs = [*hs, (top, left, right)]
    if open_bottom:
        hs = [*hs, (bottom, left, right)]
    ys = _cluster([h[0] for h in hs])
    xs = _cluster([v[0] for v in vs])
    if len(ys) < 2 or len(xs) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    # Drop slivers (double rules drawn a point apart).
    if nr * nc > 250_000:
        return None
    parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def find(p: tuple[int, int]) -> tuple[int, int]:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    def union(p: tuple[int, int], q: tuple[int, int]) -> None:
        rp, rq = find(p), find(q)
        if rp != rq:
            parent[max(rp, rq)] = min(rp, rq)  # the top-left position anchors the cell

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covers(vs, xs[c + 1], ys[r], ys[r + 1]):
                union((r, c), (r, c + 1))
            if r + 1 < nr and not _covers(hs, ys[r + 1], xs[c], xs[c + 1]):
                union((r, c), (r + 1, c))
    anchor = {p: find(p) for p in parent}
    if len(set(anchor.values())) < 2:
        return None  # a frame around text, not a table
    return _Grid(xs, ys, anchor, open_top=open_top, open_bottom=open_bottom)


# --- characters → lines and cells --------------------------------------------------------------------


def _line_text(chars: list[_Char]) -> str:
    chars.sort(key=lambda ch: ch.x0)
    out: list[str] = []
    prev: _Char | None = None
    for ch in chars:
        if prev is not None:
            # A space is a gap between glyphs, whether or not a glyph drew it. Between Latin
            # and CJK, Word and LibreOffice add a narrow gap of their own ("autospace") that
            # no one typed, so only a wider gap counts there.
            mixed = ch.text.isascii() != prev.text.isascii()
            if ch.x0 - prev.x1 > (0.235 if mixed else 0.2) * max(ch.size, prev.size, 1.0):
                out.append(" ")
        out.append(ch.text)
        prev = ch
    return "".join(out)


def _group_lines(chars: list[_Char]) -> list[list[_Char]]:
    chars = sorted(chars, key=lambda ch: ((ch.top + ch.bottom) / 2, ch.x0))
    lines: list[list[_Char]] = []
    cy = top = bottom = 0.0
    for ch in chars:
        mid = (ch.top + ch.bottom) / 2
        h = max(ch.bottom - ch.top, 1.0)
        # Punctuation ("，", "、") may have a box only as tall as its mark, low in the line: it
        # belongs to the line whose glyphs enclose it.
        if lines and (
            abs(mid - cy) <= 0.45 * h or (ch.top >= top - 0.5 and ch.bottom <= bottom + 0.5)
        ):
            lines[-1].append(ch)
            if abs(mid - cy) <= 0.45 * h:
                top, bottom = min(top, ch.top), max(bottom, ch.bottom)
        else:
            lines.append([ch])
            cy, top, bottom = mid, ch.top, ch.bottom
    return lines


_NO_BREAK_BEFORE = set("〕）】》”’」』,.;:!?、。，；：！？%％)]}")
_OPENING = set("（〔【《“‘「『([{")


def _lead(chars: list[_Char]) -> float:
    """Width of the line's first unbreakable piece: what had to fit for the line before to
    take it (a CJK character with any closing punctuation, or a run of Latin and digits)."""
    first = chars[0]
    end = first.x1
    latin = first.text.isascii() or first.text in _OPENING
    for prev, ch in pairwise(chars):
        if ch.x0 - prev.x1 > 0.25 * ch.size:
            break
        if ch.text in _NO_BREAK_BEFORE or (latin and ch.text.isascii() and ch.text.isalnum()):
            end = ch.x1
            latin = latin and ch.text.isascii()
        elif prev is first and first.text in _OPENING:
            end = ch.x1
            latin = ch.text.isascii()
        else:
            break
    return end - first.x0


_NUMBER = re.compile(r"^[-+]?[\d,]+(?:\.\d+)?%?$")
_OPENER = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]+是|第[一二三四五六七八九十\d]+[部章节条项])"
)
_FINAL = ("。", "；", ";", "：", ":", "！", "？", "!", "?")


@dataclass(slots=True)
class _PCell:
    text: str = ""
    room: float = 1e9  # space left after the last line, when that line ends near the bottom
    lead: float = 0.0  # width of the first word
    size: float = 10.0


_EMPTY = _PCell()


def _cell_text(chars: list[_Char], right: float, bottom: float) -> _PCell:
    """The cell's text, with what it takes to tell whether a page break cut it: the room left
    after its last line, and the width of its first word."""
    parts: list[str] = []
    lines = _group_lines(chars)
    for i, ln in enumerate(lines):
        text = _line_text(ln)
        if not text:
            continue
        if parts:
            prev = lines[i - 1]
            size = max(c.size for c in prev)
            short = max(c.x1 for c in prev) < right - 2.5 * size
            # Lines join without a break, as text exports print a cell. Latin words wrapped at
            # a space leave the line short; a code or number cut by the cell edge leaves it full.
            if (
                short
                and parts[-1][-1:].isascii()
                and parts[-1][-1:].isalnum()
                and text[:1].isascii()
            ):
                parts.append(" ")
        parts.append(text)
    cell = _PCell("".join(parts))
    if lines:
        last = lines[-1]
        cell.size = max(c.size for c in last)
        cell.lead = _lead(lines[0])
        if max(c.bottom for c in last) >= bottom - cell.size - 8:
            cell.room = right - max(c.x1 for c in last)
    return cell


def _page(pdf: object, index: int) -> tuple[_PageContent, int, int]:
    page = pdf[index]  # type: ignore[index]
    try:
        width, height = page.get_size()  # as displayed
        rotation = page.get_rotation() % 360
        if rotation in (90, 270):
            to_display = _display(rotation, height, width)
        else:
            to_display = _display(rotation, width, height)
        textpage = page.get_textpage()
        try:
            chars, bad, visible = _chars(textpage, height, to_display if rotation else None)
        finally:
            textpage.close()
        pdf_segs, images = _objects(page.raw)
    finally:
        page.close()
    segs = []
    for x0, y0, x1, y1 in pdf_segs:
        u0, v0 = to_display(x0, y0)
        u1, v1 = to_display(x1, y1)
        segs.append((u0, v0, u1, v1))
    problem = None
    try:
        grids = _grids(segs)
    except Exception as e:  # ruling we do not understand: the page still reads as text
        if os.environ.get("YUSUAN_DEBUG"):
            raise
        grids = []
        problem = (
            f"第{index + 1}页的表格线无法解析（{type(e).__name__}），该页按文字读取 / "
            f"page {index + 1}: table ruling not understood, read as text"
        )
    loose: list[_Char] = []
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        for g in grids:
            if g.contains(cx, cy):
                r = min(max(bisect.bisect_right(g.ys, cy) - 1, 0), len(g.ys) - 2)
                c = min(max(bisect.bisect_right(g.xs, cx) - 1, 0), len(g.xs) - 2)
                g.chars.setdefault(g.anchor[(r, c)], []).append(ch)
                break
        else:
            loose.append(ch)
    lines = []
    for ln in _group_lines(loose):
        text = _line_text(ln)  # sorts ln by x
        if text:
            lines.append(
                _Line(
                    text,
                    min(c.x0 for c in ln),
                    min(c.top for c in ln),
                    max(c.x1 for c in ln),
                    max(c.bottom for c in ln),
                    max(c.size for c in ln),
                    index + 1,
                    _lead(ln),
                )
            )
    for i, line in enumerate(lines, 1):
        line.number = i
    content = _PageContent(index + 1, width, height, lines, grids, images, problem)
    return content, bad, visible


# --- page furniture and paragraphs --------------------------------------------------------------------


def _furniture(pages: list[_PageContent]) -> None:
    """Drop page numbers and running headers/footers (text in the margins repeated across pages)."""

    def zone(ln: _Line, page: _PageContent) -> bool:
        return ln.bottom < page.height * 0.08 or ln.top > page.height * 0.92

    def key(ln: _Line) -> tuple[str, int]:
        # Running heads repeat their text (page numbers aside) at the same height.
        return re.sub(r"\d+", "#", ln.text), round(ln.top / 3)

    repeated = Counter(key(ln) for page in pages for ln in page.lines if zone(ln, page))
    many = max(3, len(pages) // 2)
    for page in pages:
        page.lines = [
            ln
            for ln in page.lines
            if not (zone(ln, page) and (_PAGE_NUMBER.match(ln.text) or repeated[key(ln)] >= many))
        ]


def _margins(pages: list[_PageContent]) -> dict[int, tuple[float, float]]:
    """Left and right text margins for each page width (portrait and landscape differ)."""
    by_width: dict[int, list[_Line]] = {}
    for page in pages:
        by_width.setdefault(round(page.width), []).extend(page.lines)
    out: dict[int, tuple[float, float]] = {}
    for w, lines in by_width.items():
        if not lines:
            out[w] = (0.0, float(w))
            continue
        lefts = Counter(round(ln.x0) for ln in lines)
        left = float(lefts.most_common(1)[0][0])
        # The right margin is where many long lines end together (justified or wrapped
        # running text; repeated titles don't count); with too few such lines, assume
        # margins as wide as the left one.
        long_enough = left + 0.6 * (w - 2 * left)
        ends = sorted({ln.text: ln.x1 for ln in lines if ln.x1 >= long_enough}.values())
        need = max(3, len(ends) // 10)
        right = float(w) - left
        for i in range(len(ends) - 1, -1, -1):
            v = ends[i]
            if i - bisect.bisect_left(ends, v - 3) + 1 >= need:
                right = v
                break
        out[w] = (left, max(right, left + 1))
    return out


def _page_margins(pages: list[_PageContent]) -> dict[int, tuple[float, float]]:
    """Margins of each page: its own where three or more of its lines end together (pages of
    one width may differ: a landscape narrative page among landscape tables), else its width's.
    The left margin is where the earliest of those full lines starts (first lines are indented)."""
    by_width = _margins(pages)
    out: dict[int, tuple[float, float]] = {}
    for page in pages:
        left, right = by_width[round(page.width)]
        long_enough = left + 0.6 * (right - left)
        ends = sorted(ln.x1 for ln in page.lines if ln.x1 >= long_enough)
        own = None
        for i in range(len(ends) - 1, 1, -1):
            if i - bisect.bisect_left(ends, ends[i] - 3) + 1 >= 3:
                own = ends[i]
                break
        if own is not None:
            full = [ln.x0 for ln in page.lines if abs(ln.x1 - own) <= 3]
            left, right = min(full), own
        out[page.number] = (left, max(right, left + 1))
    return out


def _pitch(pages: list[_PageContent]) -> float:
    """The usual distance between consecutive lines of one paragraph, relative to type size:
    the closest of the common spacings (paragraph spacing adds to it)."""
    ratios: Counter[float] = Counter()
    for page in pages:
        for a, b in pairwise(page.lines):
            size = max(a.size, 1.0)
            ratio = round((b.cy - a.cy) / size, 1)
            if abs(a.size - b.size) < 0.5 and ratio >= 1.0:
                ratios[ratio] += 1
    if not ratios:
        return 1.5
    common = ratios.most_common(3)
    return min(r for r, n in common if n >= 0.3 * common[0][1])


def read_pdf(path: Path, sha256: str) -> Document:
    import pypdfium2 as pdfium

    p = str(path)
    pdf = _open(path)
    started = time.monotonic()
    try:
        n = len(pdf)  # type: ignore[arg-type]
        if n == 0:
            raise UnreadableDocument(f"PDF 没有页面：{p}", f"the PDF has no pages: {p}")
        if n > limits.MAX_PDF_PAGES:
            raise UnreadableDocument(
                f"PDF 页数过多（{n} 页，上限 {limits.MAX_PDF_PAGES}）：{p}",
                f"too many pages ({n}, limit {limits.MAX_PDF_PAGES}): {p}",
            )
        pages: list[_PageContent] = []
        bad = visible = 0
        for i in range(n):
            try:
                content, b, v = _page(pdf, i)
            except pdfium.PdfiumError as e:  # one damaged page: the others are still read
                problem = f"第{i + 1}页已损坏，无法读取（{e}） / page {i + 1} is damaged: skipped"
                content, b, v = _PageContent(i + 1, *_size(pdf, i), [], [], 0, problem), 0, 0
            pages.append(content)
            bad += b
            visible += v
            if time.monotonic() - started > TIMEOUT:
                raise UnreadableDocument(
                    f"PDF 读取超时（{TIMEOUT:.0f} 秒，读到第 {i + 1} 页）：{p}",
                    f"reading the PDF timed out after {TIMEOUT:.0f} s (at page {i + 1}): {p}",
                )
    finally:
        pdf.close()  # type: ignore[attr-defined]
    if bad and bad > GARBAGE_SHARE * (bad + visible):
        raise UnreadableDocument(
            f"PDF 文本层有 {bad} 个字符缺少 Unicode 映射（(cid:…) 乱码，字体未嵌入对照表），"
            f"无法可靠读取：{p}",
            f"the PDF's text layer has {bad} glyphs with no Unicode mapping ((cid:…) garbage; "
            f"the fonts lack ToUnicode tables), so it cannot be read reliably: {p}",
        )
    if visible == 0:
        images = sum(pg.images for pg in pages)
        raise UnreadableDocument(
            f"PDF 没有文本层（{'可能是扫描件，' if images else ''}共 {n} 页），"
            f"请使用原始电子文档或先做文字识别（OCR）：{p}",
            f"the PDF has no text layer ({'a scan? ' if images else ''}{n} pages); use the "
            f"born-digital original or OCR it first: {p}",
        )
    _furniture(pages)
    problems = [Problem(Source(p, page=pg.number), pg.problem) for pg in pages if pg.problem]
    return Document(
        path=p,
        format="pdf",
        sha256=sha256,
        blocks=_blocks(pages, p),
        problems=problems,
        blank_pages=[Source(p, page=pg.number) for pg in pages if _blank(pg)],
    )


def _size(pdf: object, index: int) -> tuple[float, float]:
    """A damaged page's size from the page tree, if that much can be read; else A4."""
    import pypdfium2 as pdfium

    try:
        width, height = pdf.get_page_size(index)  # type: ignore[attr-defined]
    except pdfium.PdfiumError:
        return 595.0, 842.0
    return float(width), float(height)


def _blank(page: _PageContent) -> bool:
    """Nothing printed on the page but its furniture: no text, no image (a seal, a scanned
    chart), and it was read (a damaged page is a problem, not a blank)."""
    return (
        not page.lines
        and not page.images
        and page.problem is None
        and not any(g.chars for g in page.grids)
    )


@dataclass(slots=True)
class _PTable:
    """A table before it becomes a block: its parts on later pages may still join it."""

    xs: list[float]
    rows: list[list[_PCell]]
    cells: list[list[Source]]
    source: Source
    open_top: bool = False
    open_bottom: bool = False


def _blocks(pages: list[_PageContent], path: str) -> list[Block]:
    budget = limits.Budget(path)
    margins = _page_margins(pages)
    pitch = _pitch(pages)
    blocks: list[Paragraph | _PTable] = []
    current: list[_Line] = []  # lines of the paragraph being built
    open_table: _PTable | None = None  # a table that ended its page: the next may continue it

    def flush() -> None:
        if current:
            first = current[0]
            text = current[0].text
            for ln in current[1:]:
                ascii_pair = text[-1:].isascii() and text[-1:].isalnum() and ln.text[:1].isascii()
                text += (" " if ascii_pair else "") + ln.text
            blocks.append(Paragraph(text, Source(path, line=first.number, page=first.page)))
            current.clear()

    def continues(prev: _Line, ln: _Line, same_page: bool) -> bool:
        left, right = margins[prev.page]
        size = max(prev.size, 1.0)
        if right - prev.x1 > ln.lead + 2.2 * size:
            return False  # the next line's first word would have fitted: the paragraph ended
        if prev.text.endswith(_FINAL) and _OPENER.match(ln.text):
            if not same_page:
                return False  # across a page break: a sentence ended and a numbered item begins
            if current and _OPENER.match(current[0].text):
                return False  # one numbered item ended at the line's end; the next begins
        if ln.x0 > left + 0.8 * size or abs(ln.size - prev.size) > 0.6:
            return False  # an indented first line, or a change of type size
        if same_page and (ln.cy - prev.cy) / size > pitch * 1.25 + 0.05:
            return False  # extra space before it
        return True

    for page in pages:
        items: list[tuple[float, int, _Line | _Grid]] = [(ln.top, 1, ln) for ln in page.lines]
        items += [(g.ys[0], 0, g) for g in page.grids]
        items.sort(key=lambda it: (it[0], it[1]))
        for k, (_, _, item) in enumerate(items):
            if isinstance(item, _Grid):
                flush()
                table = _ptable(item, path, page.number, budget)
                if table is None:
                    continue
                if k == 0 and open_table is not None and _same_columns(open_table, table):
                    _continue_table(open_table, table)
                else:
                    blocks.append(table)
                    open_table = table
                if k != len(items) - 1:
                    open_table = None
                continue
            open_table = None
            if current and continues(current[-1], item, current[-1].page == item.page):
                current.append(item)
            else:
                flush()
                current.append(item)
        if not items or not isinstance(items[-1][2], _Grid):
            open_table = None
    flush()
    out: list[Block] = []
    index = 0
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(b)
            continue
        rows = []
        for r, (row, sources) in enumerate(zip(b.rows, b.cells, strict=True)):
            cells = []
            for cell, src in zip(row, sources, strict=True):
                src.table, src.row = index, r
                cells.append(Cell(cell.text, src))
            rows.append(cells)
        b.source.table = index
        out.append(Table(rows, b.source))
        index += 1
    return out


def _same_columns(a: _PTable, b: _PTable) -> bool:
    """Same outer edges, and every inner rule of one lines up with a rule of the other or
    falls inside a cell merged across it (a part may lack rows that split a column)."""
    return abs(a.xs[0] - b.xs[0]) <= 3 and abs(a.xs[-1] - b.xs[-1]) <= 3


def _regrid(t: _PTable, xs: list[float]) -> None:
    """Put a table on a finer column grid: a cell's text stays in its first new column."""
    if len(xs) == len(t.xs):
        return
    starts = [_nearest(xs, x) for x in t.xs]
    for r, (row, srcs) in enumerate(zip(t.rows, t.cells, strict=True)):
        new_row: list[_PCell] = []
        new_srcs: list[Source] = []
        for c, (cell, src) in enumerate(zip(row, srcs, strict=True)):
            for k in range(starts[c], max(starts[c + 1], starts[c] + 1)):
                new_row.append(cell if k == starts[c] else _EMPTY)
                new_srcs.append(
                    src if k == starts[c] else Source(src.file, page=src.page, cell=src.cell)
                )
        for c, s in enumerate(new_srcs):
            s.col = c
        t.rows[r], t.cells[r] = new_row, new_srcs
    t.xs = xs


def _continue_table(a: _PTable, b: _PTable) -> None:
    """Join a table's part on the next page: drop repeated header rows, rejoin a split row."""
    xs = _cluster([*a.xs, *b.xs], 3.0)
    _regrid(a, xs)
    _regrid(b, xs)
    h = _repeated_header(a, b)
    rows, cells = b.rows[h:], b.cells[h:]
    if rows and not any(c.text for c in rows[0]):
        rows, cells = rows[1:], cells[1:]  # the empty tail of a row the break cut
    if rows and a.rows and _cut_row(a, b, a.rows[-1], rows[0]):
        a.rows[-1] = _rejoined(a.rows[-1], rows[0])
        rows, cells = rows[1:], cells[1:]
    a.rows.extend(rows)
    a.cells.extend(cells)
    a.open_bottom = b.open_bottom


def _repeated_header(a: _PTable, b: _PTable) -> int:
    """How many of ``b``'s first rows repeat ``a``'s header (at most 5)."""
    texts_a = [[c.text for c in row] for row in a.rows]
    texts_b = [[c.text for c in row] for row in b.rows]
    h = 0
    while (
        h < min(len(texts_a), len(texts_b) - 1, 5) and texts_a[h] == texts_b[h] and any(texts_b[h])
    ):
        h += 1
    return h


def _cut_row(a: _PTable, b: _PTable, last: list[_PCell], first: list[_PCell]) -> bool:
    """Whether ``first`` (on the new page) continues ``last``, a row the page break cut in two.

    The new part has text only under cells whose last line, at the bottom of the cell, had no
    room for the new part's first word. (A fresh row after a page break looks the same but for
    that: its labels rarely fill a line.) A missing rule between the parts says so outright
    (WeasyPrint draws none there). A number is never cut in two: a number in both parts of one
    column means two rows.
    """
    if a.open_bottom and b.open_top:
        return True
    going_on = [c for c, cell in enumerate(first) if cell.text]
    return (
        bool(going_on)
        and not any(_NUMBER.match(first[c].text) and _NUMBER.match(last[c].text) for c in going_on)
        and all(
            bool(last[c].text) and last[c].room <= first[c].lead + 1.2 * last[c].size + 6
            for c in going_on
        )
    )


def _rejoined(last: list[_PCell], first: list[_PCell]) -> list[_PCell]:
    joined = []
    for c, cell in enumerate(last):
        more = first[c]
        if not more.text or not cell.text:
            joined.append(more if more.text else cell)
            continue
        latin = cell.text[-1:].isascii() and more.text[:1].isascii()
        # A word wrapped at a space left room; a cut through a word left none.
        glue = " " if latin and cell.room > 0.5 * cell.size + 6 else ""
        joined.append(_PCell(cell.text + glue + more.text, more.room, cell.lead, more.size))
    return joined


def _ptable(g: _Grid, path: str, page: int, budget: limits.Budget) -> _PTable | None:
    nr, nc = len(g.ys) - 1, len(g.xs) - 1
    right: dict[tuple[int, int], int] = {}  # anchor → last grid column of its merged cell
    below: dict[tuple[int, int], int] = {}  # anchor → last grid row
    for (r, c), a in g.anchor.items():
        right[a] = max(right.get(a, c), c)
        below[a] = max(below.get(a, r), r)
    texts = {
        pos: _cell_text(chars, g.xs[right[pos] + 1], g.ys[below[pos] + 1])
        for pos, chars in g.chars.items()
    }
    rows: list[list[_PCell]] = []
    sources: list[list[Source]] = []
    for r in range(nr):
        if g.ys[r + 1] - g.ys[r] < 4 and not any((r, c) in texts for c in range(nc)):
            continue  # a sliver between double rules
        budget.charge(nc)
        row: list[_PCell] = []
        srcs: list[Source] = []
        for c in range(nc):
            box = f"{g.xs[c]:.0f},{g.ys[r]:.0f},{g.xs[c + 1]:.0f},{g.ys[r + 1]:.0f}"
            cell = texts.get((r, c), _EMPTY) if g.anchor[(r, c)] == (r, c) else _EMPTY
            row.append(cell)
            srcs.append(Source(path, page=page, cell=box, col=c))
        rows.append(row)
        sources.append(srcs)
    if not any(c.text for row in rows for c in row):
        return None
    x0, y0, x1, y1 = g.bbox
    box = f"{x0:.0f},{y0:.0f},{x1:.0f},{y1:.0f}"
    return _PTable(
        g.xs, rows, sources, Source(path, page=page, cell=box), g.open_top, g.open_bottom
    )

"""PDF from the HTML with WeasyPrint (CSS paged media: A4, page numbers, repeated table headers).

Chosen over LibreOffice-from-DOCX by measurement (docs/publish.md): WeasyPrint repeats
``<thead>`` rows on every page, puts wide tables on landscape pages, and is several times faster
than starting LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from functools import cache

from yusuan.errors import YusuanError
from yusuan.render.layout import Grid, Layout, PageBreak, Para
from yusuan.render.writers.html import WIDE, write_html


@cache
def pdf_unavailable() -> str | None:
    """None when WeasyPrint and a Chinese font are installed, else what is missing."""
    try:
        import weasyprint  # noqa: F401
    except Exception as e:  # missing package or its system libraries (pango)
        return f"WeasyPrint 不可用（{type(e).__name__}）/ WeasyPrint unavailable: {e}"
    if shutil.which("fc-list"):
        found = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
        ).stdout
        if not found.strip():
            return "未安装中文字体 / no Chinese font installed (run .ci/install-render-deps)"
    return None


def write_pdf(layout: Layout) -> bytes:
    why = pdf_unavailable()
    if why is not None:
        raise YusuanError(f"无法生成 PDF：{why}", f"cannot write PDF: {why}")
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = write_html(paginate(layout))
    return weasyprint.HTML(string=html).write_pdf()  # type: ignore[no-any-return]


# --- pagination ------------------------------------------------------------------------------
# A table that WeasyPrint breaks over pages leaves a PDF reader to guess whether the first row
# on the new page goes on from the last one. Standard tables start on a page of their own, so
# their page breaks can be planned: each page gets a table of its own with the header rows
# repeated and "（续表）" above it, and nothing is left to guess.

_PT = 2.8346  # points per millimetre
_PAGE = {False: (841.9 - 47 * _PT, 595.3 - 40 * _PT), True: (595.3 - 36 * _PT, 841.9 - 30 * _PT)}
_FILL = 0.9  # of the page height: estimates err on the safe side


def _text_width(text: str, size: float) -> float:
    return sum(size * (0.55 if ord(ch) < 0x2E80 else 1.0) for ch in text)


def _row_height(row: list, widths: list[float], size: float) -> float:  # type: ignore[type-arg]
    line = size * 1.35
    tallest = 1
    for j, cell in enumerate(row):
        if cell is None or cell.rowspan > 1 or not cell.text:
            continue
        inner = max(sum(widths[j : j + cell.colspan]) - 7, size)
        lines = sum(
            max(1, -(-int(_text_width(part, size)) // int(inner))) for part in cell.text.split("\n")
        )
        tallest = max(tallest, lines)
    return tallest * line + 4.6


def _has_number(row: list) -> bool:  # type: ignore[type-arg]
    from yusuan.extract.numbers import parse_number

    return any(c is not None and parse_number(c.text) is not None for c in row)


def paginate(layout: Layout) -> Layout:
    """The layout with each standard table cut into page-sized tables."""
    out: list = []  # type: ignore[type-arg]
    blocks = layout.blocks
    used = 0.0  # height used on the page since the last PageBreak
    known = False  # whether that is known (false once a table of unknown height was placed)
    for b in blocks:
        if isinstance(b, PageBreak):
            known, used = True, 0.0
            out.append(b)
            continue
        if not isinstance(b, Grid):
            if known:
                used += 45.0 if not isinstance(b, Para) else 19.0
            out.append(b)
            continue
        if not known or b.role != "standard" or not b.repeat_header:
            known = False
            out.append(b)
            continue
        wide = b.width > WIDE
        height, width = _PAGE[wide]
        size = 7.5 if b.width > 9 else 9.0
        total = sum(b.widths or [1.0] * b.width)
        widths = [width * w / total for w in (b.widths or [1.0] * b.width)]
        head = b.rows[: b.header_rows]
        head_h = sum(_row_height(r, widths, size) for r in head)
        room = height * _FILL - used - head_h
        body = b.rows[b.header_rows :]
        cuts: list[int] = []
        start = 0
        for k, row in enumerate(body):
            h = _row_height(row, widths, size)
            if k > start and h > room:
                # The reader finds where the data starts by the first number: a page must
                # not begin with rows that hold none.
                cut = next((c for c in range(k, start, -1) if _has_number(body[c])), None)
                if cut is not None:
                    cuts.append(cut)
                    start = cut
                    room = height * _FILL - 19.0 - head_h
                    room -= sum(_row_height(r, widths, size) for r in body[cut:k])
            room -= h
        for a, z in zip([0, *cuts], [*cuts, len(body)], strict=True):
            if a:
                out.append(Para("（续表）", "continued"))
            out.append(replace(b, rows=head + body[a:z]))
        known = False
    return replace(layout, blocks=out)

"""Evidence on the PDF page: the boxes of the cells a finding cites, the page as an image, and a
copy of the PDF with each cited cell highlighted and annotated with the finding.

The boxes come from the source strings the PDF reader writes for table cells (the cell's box on
the displayed page, in points, origin top left; see :mod:`yusuan.check.locate`). Page images
are rendered with pypdfium2 (the reader's own library); annotations are written with pypdf,
which is pure Python, already used to test the published PDFs, and copies a PDF's pages and
objects unchanged while adding annotations (pikepdf would do too, but needs the qpdf library).

These functions open untrusted files: the web app calls them only in its limited worker
processes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from yusuan.check.findings import SEVERITY_ZH, Finding
from yusuan.check.locate import parse
from yusuan.check.order import ordered

Box = tuple[float, float, float, float]
# Light, as highlighter ink: viewers multiply it over the printed figures.
COLOURS = {"error": (1.0, 0.55, 0.55), "warning": (1.0, 0.8, 0.35), "info": (0.6, 0.78, 1.0)}


def cited_boxes(finding: Finding, files: Sequence[str]) -> list[dict[str, Any]]:
    """The PDF cells a finding cites, by page: [{part, page, boxes}] where ``part`` is the
    index in ``files`` of the file the cell is in (a disclosure may come in several files)."""
    pages: dict[tuple[int, int], list[Box]] = {}
    for loc in finding.locations:
        place = parse(loc.source)
        if place is None or place.box is None or place.page is None:
            continue
        part = files.index(place.file) if place.file in files else None
        if part is None:
            continue
        boxes = pages.setdefault((part, place.page), [])
        if place.box not in boxes:
            boxes.append(place.box)
    return [{"part": p, "page": n, "boxes": [list(b) for b in bs]} for (p, n), bs in pages.items()]


def page_sizes(path: str | Path, pages: set[int]) -> dict[int, tuple[float, float]]:
    """Width and height (points, as displayed) of the given 1-based pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        n = len(pdf)
        return {p: tuple(pdf.get_page_size(p - 1)) for p in sorted(pages) if 1 <= p <= n}  # type: ignore[misc]
    finally:
        pdf.close()


def page_png(path: str | Path, page: int, width: int = 1100) -> bytes:
    """One page (1-based) as a PNG ``width`` pixels wide."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(pdf):
            raise ValueError(f"no page {page}")
        pg = pdf[page - 1]
        try:
            w, _ = pg.get_size()
            bitmap = pg.render(scale=max(0.2, min(4.0, width / max(w, 1.0))))
            image = bitmap.to_pil()
            buf = io.BytesIO()
            image.save(buf, format="PNG", optimize=False, compress_level=3)
            return buf.getvalue()
        finally:
            pg.close()
    finally:
        pdf.close()


def _to_user(box: Box, rotation: int, width: float, height: float) -> Box:
    """A box on the displayed page (origin top left; ``width`` × ``height`` as displayed) back
    into PDF user space (origin bottom left), undoing what the reader did for a rotated page."""
    x0, y0, x1, y1 = box
    corners = [(x0, y0), (x1, y1)]
    if rotation == 90:
        pts = [(v, u) for u, v in corners]
    elif rotation == 180:
        pts = [(width - u, v) for u, v in corners]
    elif rotation == 270:
        pts = [(height - v, width - u) for u, v in corners]
    else:
        pts = [(u, height - v) for u, v in corners]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def annotated_pdf(path: str | Path, findings: Sequence[Finding], name: str | None = None) -> bytes:
    """The PDF at ``path`` with every table cell a finding cites highlighted (red for 错误,
    orange for 警告, blue for 提示) and the finding's code and message as the note.
    ``name`` is how the findings' sources name this file (its path by default)."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Highlight
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    key = name or str(path)
    geometry: dict[int, tuple[int, float, float]] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            pg = pdf[i]
            w, h = pg.get_size()
            geometry[i + 1] = (pg.get_rotation() % 360, w, h)
            pg.close()
    finally:
        pdf.close()
    writer = PdfWriter(clone_from=PdfReader(str(path)))
    for f in ordered(list(findings)):
        seen: set[tuple[int, Box]] = set()
        for loc in f.locations:
            place = parse(loc.source)
            if place is None or place.box is None or place.page not in geometry:
                continue
            if place.file != key or (place.page, place.box) in seen:
                continue
            seen.add((place.page, place.box))
            rotation, w, h = geometry[place.page]
            x0, y0, x1, y1 = _to_user(place.box, rotation, w, h)
            note = f"{SEVERITY_ZH[f.severity]} {f.code}：{f.message}"
            if f.arithmetic:
                note += f"\n算式：{f.arithmetic}"
            r, g, b = COLOURS[f.severity]
            hl = Highlight(
                rect=(x0, y0, x1, y1),
                quad_points=ArrayObject([FloatObject(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0)]),
                highlight_color=f"{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}",
            )
            hl[NameObject("/Contents")] = TextStringObject(note)
            hl[NameObject("/T")] = TextStringObject("yusuan 预算公开检查")
            hl[NameObject("/Subj")] = TextStringObject(f"{f.code} {SEVERITY_ZH[f.severity]}")
            writer.add_annotation(page_number=place.page - 1, annotation=hl)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()

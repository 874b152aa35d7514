"""Reader for disclosures exported to plain text from Word or PDF.

Two table layouts occur in such exports and both become :class:`~yusuan.blocks.Table`:

* tab-separated rows: one table row per line, cells split by tabs;
* one cell per line: every cell on its own line starting with a single tab, rows separated by
  blank lines; a cell may continue on following lines that have no tab (and, inside an open
  double quote, across blank lines).

Everything else is a paragraph, one per line; Markdown-ish markup (``#`` headings, ``<b>``,
``**``, list dashes) is removed and remembered as ``heading_level`` / ``bold``.
"""

from __future__ import annotations

import re
from collections import Counter

from yusuan.blocks import Cell, Document, Paragraph, Source, Table

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MARKUP = re.compile(r"</?b>|\*\*")
_HEADING = re.compile(r"^(#{1,6})\s*(.*)$")
_BLANK, _CELL, _ROW, _TEXT = range(4)


def _clean(text: str) -> str:
    return _MARKUP.sub("", text).strip(" \u3000\xa0")


def _kind(line: str) -> int:
    if line.startswith("\t"):
        return _CELL if line.count("\t") == 1 else _ROW
    if "\t" in line:
        return _ROW
    return _BLANK if not line.strip(" \u3000\xa0") else _TEXT


def _open_quote(text: str) -> bool:
    return text.count('"') % 2 == 1


def parse_text(text: str, path: str) -> list[Paragraph | Table]:
    lines = [_BOOKMARK.sub("", ln).rstrip(" \r\u3000\xa0") for ln in text.split("\n")]
    kinds = [_kind(ln) for ln in lines]
    blocks: list[Paragraph | Table] = []
    n = len(lines)
    i = 0
    while i < n:
        k = kinds[i]
        if k == _BLANK:
            i += 1
        elif k == _TEXT:
            blocks.append(_paragraph(lines[i], path, i + 1))
            i += 1
        elif k == _ROW:
            i = _tab_table(lines, kinds, i, path, blocks)
        else:
            i = _cell_table(lines, kinds, i, path, blocks)
    return blocks


def _table_count(blocks: list[Paragraph | Table]) -> int:
    for b in reversed(blocks):
        if isinstance(b, Table) and b.source.table is not None:
            return b.source.table + 1
    return 0


def _paragraph(line: str, path: str, lineno: int) -> Paragraph:
    stripped = line.strip(" \u3000\xa0")
    level = None
    m = _HEADING.match(stripped)
    if m:
        level = len(m.group(1))
        stripped = m.group(2)
    elif stripped.startswith("- "):
        stripped = stripped[2:]
    bold = stripped.startswith(("**", "<b>")) and stripped.endswith(("**", "</b>"))
    return Paragraph(_clean(stripped), Source(path, line=lineno), heading_level=level, bold=bold)


def _tab_table(
    lines: list[str], kinds: list[int], i: int, path: str, blocks: list[Paragraph | Table]
) -> int:
    start = i
    rows: list[list[Cell]] = []
    n = len(lines)
    index = _table_count(blocks)
    while i < n and kinds[i] in (_ROW, _CELL):
        parts = lines[i].split("\t")
        lineno = i + 1
        i += 1
        # A quoted cell may spill onto following lines; keep them in that cell.
        while _open_quote(parts[-1]) and i < n and kinds[i] in (_TEXT, _BLANK):
            parts[-1] += "\n" + lines[i]
            i += 1
        r = len(rows)
        rows.append(
            [
                Cell(_clean_cell(p), Source(path, lineno, table=index, row=r, col=c))
                for c, p in enumerate(parts)
            ]
        )
    if any(c.text for row in rows for c in row):
        blocks.append(Table(rows, Source(path, start + 1, table=index)))
    return i


def _cell_table(
    lines: list[str], kinds: list[int], i: int, path: str, blocks: list[Paragraph | Table]
) -> int:
    start = i
    n = len(lines)
    index = _table_count(blocks)
    rows: list[list[Cell]] = []
    gaps: list[int] = []  # blank lines after each row
    while i < n and kinds[i] == _CELL:
        row: list[Cell] = []
        r = len(rows)
        # A cell line holding tabs itself ("\t符号>=\t值95.00\t单位%") in the middle of a row is
        # still one cell of this row, not the start of a tab-separated table.
        while i < n and (kinds[i] == _CELL or (kinds[i] == _ROW and row and lines[i][0] == "\t")):
            text = lines[i][1:].replace("\t", " ")
            lineno = i + 1
            i += 1
            # Continuation lines (no tab) belong to this cell; inside an open quote even blanks do.
            while i < n and (kinds[i] == _TEXT or (kinds[i] == _BLANK and _open_quote(text))):
                text += "\n" + lines[i]
                i += 1
            row.append(
                Cell(_clean_cell(text), Source(path, lineno, table=index, row=r, col=len(row)))
            )
        rows.append(row)
        # Rows are separated by one or more blank lines; a following text line ends the table.
        j = i
        while j < n and kinds[j] == _BLANK:
            j += 1
        gaps.append(j - i)
        if j < n and kinds[j] == _CELL:
            i = j
        else:
            break
    rows = _rejoin_split_rows(rows, gaps)
    if any(c.text for row in rows for c in row):
        blocks.append(Table(rows, Source(path, start + 1, table=index)))
    return i


def _rejoin_split_rows(rows: list[list[Cell]], gaps: list[int]) -> list[list[Cell]]:
    """A cell ending in blank lines splits its row in two; join the halves back.

    Only when the two short rows are separated by more than one blank line and together have
    exactly the table's usual width — the usual single blank line between rows never matches.
    """
    if len(rows) < 3:
        return rows
    widths = Counter(len(r) for r in rows)
    width = widths.most_common(1)[0][0]
    out: list[list[Cell]] = []
    k = 0
    while k < len(rows):
        row = rows[k]
        if (
            k + 1 < len(rows)
            and gaps[k] >= 2
            and len(row) < width
            and len(rows[k + 1]) < width
            and len(row) + len(rows[k + 1]) == width
        ):
            row = row + rows[k + 1]
            k += 1
        r = len(out)
        for c, cell in enumerate(row):
            cell.source.row, cell.source.col = r, c
        out.append(row)
        k += 1
    return out


_SIMPLE_WS = " \u3000\xa0"


def _clean_cell(text: str) -> str:
    if not ('"' in text or "\n" in text or "<" in text or "*" in text):
        return text.strip(_SIMPLE_WS)  # the common case, kept cheap
    if '"' in text:
        text = text.replace('"', "")
    # Join wrapped lines; keep line breaks that separate numbered items.
    parts = [p.strip(" \u3000\xa0") for p in text.split("\n")]
    out = "\n".join(p for p in parts if p)
    return _clean(out)


def read_text(data: str, path: str, sha256: str) -> Document:
    return Document(path=path, format="text", sha256=sha256, blocks=parse_text(data, path))

"""Reader for disclosures exported to plain text from Word or PDF.

Two table layouts occur in such exports and both become :class:`~yusuan.blocks.Table`:

* tab-separated rows: one table row per line, cells split by tabs;
* one cell per line: every cell on its own line starting with a single tab, rows separated by
  blank lines; a cell may continue on following lines that have no tab (and, inside an open
  double quote, across blank lines).

and two more that copies from web pages and PDFs produce:

* pipe rows: ``| 项目 | 预算数 |`` (Markdown tables; ``|---|`` rule lines are dropped);
* columns aligned with spaces: three or more lines each with three or more runs of text
  separated by two or more spaces, at least one of them a number. A line indented past the
  first column starts with an empty cell ("      合计    320.50"); an empty cell inside a line
  cannot be seen, so such a line is read with its cells moved left.

Everything else is a paragraph, one per line; Markdown-ish markup (``#`` headings, ``<b>``,
``**``, list dashes) is removed and remembered as ``heading_level`` / ``bold``.
"""

from __future__ import annotations

import re
from collections import Counter

from yusuan.blocks import Cell, Document, Paragraph, Source, Table
from yusuan.readers import limits

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MARKUP = re.compile(r"</?b>|\*\*")
_HEADING = re.compile(r"^(#{1,6})\s*(.*)$")
_BLANK, _CELL, _ROW, _TEXT = range(4)
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_GAP = re.compile(r"(?:[ \xa0]{2,}|\u3000+)")
_NUMBER_CELL = re.compile(r"^[-+]?[\d,，]+(?:\.\d+)?%?$")
_SPACES = " \u3000\xa0"
_LINE_END = " \r\u3000\xa0"


def _clean(text: str) -> str:
    return _MARKUP.sub("", text).strip(_SPACES)


def _kinds(lines: list[str]) -> list[int]:
    """Each line's kind. Lines are stripped at the end, so a line without tabs is blank only
    when empty; a cell line is one leading tab and no other."""
    return [
        (_TEXT if ln else _BLANK)
        if "\t" not in ln
        else _CELL
        if ln[0] == "\t" and ln.find("\t", 1) < 0
        else _ROW
        for ln in lines
    ]


def _open_quote(text: str) -> bool:
    return '"' in text and text.count('"') % 2 == 1


def parse_text(text: str, path: str) -> list[Paragraph | Table]:
    lines = text.split("\n", limits.MAX_TEXT_LINES)  # the last part holds any lines beyond
    if len(lines) > limits.MAX_TEXT_LINES and "\n" in lines[-1]:
        raise limits.too_large("文本", "lines", limits.MAX_TEXT_LINES, path, unit="行")
    budget = limits.Budget(path)
    if "[bookmark:" in text:
        lines = [_BOOKMARK.sub("", ln) if "[bookmark:" in ln else ln for ln in lines]
    lines = [ln.rstrip(_LINE_END) for ln in lines]
    kinds = _kinds(lines)
    blocks: list[Paragraph | Table] = []
    tables = 0  # tables kept so far: the index of the next one
    n = len(lines)
    i = 0
    while i < n:
        k = kinds[i]
        if k == _BLANK:
            i += 1
            continue
        if k == _TEXT:
            found = _pipe_table(lines, kinds, i, path, tables, budget) or _spaced_table(
                lines, kinds, i, path, tables, budget
            )
            if found is not None:
                blocks.append(found[0])
                tables += 1
                i = found[1]
                continue
            blocks.append(_paragraph(lines[i], path, i + 1))
            i += 1
            continue
        read = _tab_table if k == _ROW else _cell_table
        table, i = read(lines, kinds, i, path, tables, budget)
        if table is not None:
            blocks.append(table)
            tables += 1
    return blocks


def _paragraph(line: str, path: str, lineno: int) -> Paragraph:
    stripped = line.strip(_SPACES)
    level = None
    m = _HEADING.match(stripped) if stripped[:1] == "#" else None
    if m:
        level = len(m.group(1))
        stripped = m.group(2)
    elif stripped.startswith("- "):
        stripped = stripped[2:]
    bold = stripped.startswith(("**", "<b>")) and stripped.endswith(("**", "</b>"))
    return Paragraph(_clean(stripped), Source(path, lineno), heading_level=level, bold=bold)


# Cells get their place (file, line, table, row) and column, not a Source: most are never asked
# where they came from, and building thousands of Sources was a third of the reading time.


def _tab_table(
    lines: list[str], kinds: list[int], i: int, path: str, index: int, budget: limits.Budget
) -> tuple[Table | None, int]:
    start = i
    rows: list[list[Cell]] = []
    row_texts: list[str] = []  # each row's cell texts, tab-separated: Table.text()
    filled = False
    n = len(lines)
    while i < n and kinds[i] in (_ROW, _CELL):
        line = lines[i]
        budget.charge(line.count("\t") + 1)  # before the split: one line may hold a million
        parts = line.split("\t")
        lineno = i + 1
        i += 1
        if '"' in line or "<" in line or "*" in line:
            # A quoted cell may spill onto following lines; keep them in that cell.
            while _open_quote(parts[-1]) and i < n and kinds[i] in (_TEXT, _BLANK):
                parts[-1] += "\n" + lines[i]
                i += 1
            texts = [_clean_cell(p) for p in parts]
            row_texts.append("\t".join(texts))
        elif " " in line or "\u3000" in line or "\xa0" in line:
            texts = [p.strip(_SPACES) for p in parts]
            row_texts.append("\t".join(texts))
        else:
            texts = parts  # the common case: nothing to clean
            row_texts.append(line)
        filled = filled or any(texts)
        where = (path, lineno, index, len(rows))
        rows.append([Cell(t, None, where, c) for c, t in enumerate(texts)])
    if not filled:
        return None, i
    return Table(rows, Source(path, start + 1, None, None, None, index), "\n".join(row_texts)), i


def _rows_table(
    rows_text: list[tuple[int, list[str]]], path: str, index: int, budget: limits.Budget
) -> Table:
    budget.charge(sum(len(texts) for _, texts in rows_text))
    rows = [
        [Cell(t, None, (path, lineno, index, r), c) for c, t in enumerate(texts)]
        for r, (lineno, texts) in enumerate(rows_text)
    ]
    joined = "\n".join("\t".join(texts) for _, texts in rows_text)
    return Table(rows, Source(path, rows_text[0][0], None, None, None, index), joined)


def _pipe_table(
    lines: list[str], kinds: list[int], i: int, path: str, index: int, budget: limits.Budget
) -> tuple[Table, int] | None:
    """``| a | b |`` lines (two or more), a Markdown table."""
    if not lines[i].lstrip(_SPACES).startswith("|"):
        return None
    rows: list[tuple[int, list[str]]] = []
    seen = 0
    j = i
    while j < len(lines) and kinds[j] == _TEXT and lines[j].lstrip(_SPACES).startswith("|"):
        line = lines[j].strip(_SPACES)
        j += 1
        if _PIPE_RULE.match(line):
            continue
        cells = line.strip("|").split("|")
        rows.append((j, [_clean(c) for c in cells]))
        seen += len(cells)
        if seen > budget.left:  # cannot fit, table or not: stop collecting
            raise limits.too_many_cells(path)
    if len(rows) < 2 or not any(len(r) > 1 for _, r in rows):
        return None
    return _rows_table(rows, path, index, budget), j


def _spaced_cells(line: str) -> list[str] | None:
    parts = _GAP.split(line.rstrip(_SPACES))
    if line[:1] in _SPACES and parts and parts[0] == "":
        parts = ["", *parts[1:]]  # indented past the first column: that cell is empty
    cells = [p.strip(_SPACES) for p in parts]
    return cells if len([c for c in cells if c]) >= 3 else None


def _spaced_table(
    lines: list[str], kinds: list[int], i: int, path: str, index: int, budget: limits.Budget
) -> tuple[Table, int] | None:
    """Columns aligned with runs of spaces, as PDF-to-text and web copies print them."""
    if _GAP.search(lines[i].strip(_SPACES)) is None:
        return None  # the cheap test: most lines have no run of spaces inside
    rows: list[tuple[int, list[str]]] = []
    seen = 0
    j = i
    while j < len(lines) and kinds[j] == _TEXT:
        cells = _spaced_cells(lines[j])
        if cells is None:
            break
        rows.append((j + 1, cells))
        j += 1
        seen += len(cells)
        if seen > budget.left:
            raise limits.too_many_cells(path)
    if len(rows) < 3 or not any(_NUMBER_CELL.match(c) for _, r in rows for c in r):
        return None
    return _rows_table(rows, path, index, budget), j


def _cell_table(
    lines: list[str], kinds: list[int], i: int, path: str, index: int, budget: limits.Budget
) -> tuple[Table | None, int]:
    start = i
    n = len(lines)
    rows: list[list[Cell]] = []
    gaps: list[int] = []  # blank lines after each row
    filled = False
    while i < n and kinds[i] == _CELL:
        row: list[Cell] = []
        r = len(rows)
        # A cell line holding tabs itself ("\t符号>=\t值95.00\t单位%") in the middle of a row is
        # still one cell of this row, not the start of a tab-separated table.
        while i < n:
            k = kinds[i]
            if k != _CELL and (k != _ROW or not row or lines[i][0] != "\t"):
                break
            text = lines[i][1:] if k == _CELL else lines[i][1:].replace("\t", " ")
            lineno = i + 1
            i += 1
            # Continuation lines (no tab) belong to this cell; inside an open quote even blanks do.
            while i < n and (kinds[i] == _TEXT or (kinds[i] == _BLANK and _open_quote(text))):
                text += "\n" + lines[i]
                i += 1
            text = _clean_cell(text)
            if text:
                filled = True
            budget.charge(1)
            row.append(Cell(text, None, (path, lineno, index, r), len(row)))
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
    if not filled:
        return None, i
    rows = _rejoin_split_rows(rows, gaps)
    return Table(rows, Source(path, start + 1, None, None, None, index)), i


def _rejoin_split_rows(rows: list[list[Cell]], gaps: list[int]) -> list[list[Cell]]:
    """A cell ending in blank lines splits its row in two; join the halves back.

    Only when the two short rows are separated by more than one blank line and together have
    exactly the table's usual width — the usual single blank line between rows never matches.
    """
    if len(rows) < 3 or max(gaps[:-1]) < 2:  # the gap after the last row joins nothing
        return rows
    widths = Counter(len(r) for r in rows)
    width = widths.most_common(1)[0][0]
    out: list[list[Cell]] = []
    shifted = False
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
            shifted = True
        if shifted:  # rows before the first join keep their places
            r = len(out)
            for c, cell in enumerate(row):
                cell.source.row, cell.source.col = r, c
        out.append(row)
        k += 1
    return out


def _clean_cell(text: str) -> str:
    if not ('"' in text or "\n" in text or "<" in text or "*" in text):
        return text.strip(_SPACES)  # the common case, kept cheap
    if '"' in text:
        text = text.replace('"', "")
    # Join wrapped lines; keep line breaks that separate numbered items.
    parts = [p.strip(_SPACES) for p in text.split("\n")]
    out = "\n".join(p for p in parts if p)
    return _clean(out)


def read_text(data: str, path: str, sha256: str) -> Document:
    return Document(path=path, format="text", sha256=sha256, blocks=parse_text(data, path))

"""Plain text in the layout the text reader understands (the way Word/PDF exports look).

Headings carry Markdown ``#`` marks; a table is one tab-separated line per row, or — when a
cell other than the last spans several lines — one cell per line with a blank line between
rows (the other layout exports use). Merged cells print their text in the first position.
"""

from __future__ import annotations

from yusuan.render.layout import Grid, Heading, Layout, PageBreak, Para, Toc

_HEADING_MARKS = {1: "#", 2: "##", 3: "###", 4: "####"}


def _one_line(text: str) -> str:
    return text.replace("\t", " ").replace("\r", "")


def _cell(text: str) -> str:
    # The reader drops ASCII quotes inside table cells (they delimit multi-line cells).
    return text.replace("\t", " ").replace('"', "”").strip()


def _grid(g: Grid) -> list[str]:
    texts = [[_cell(t) for t in row] for row in g.texts()]
    multiline = any("\n" in t for row in texts for t in row[:-1])
    out: list[str] = []
    if not multiline:
        for row in texts:
            last = row[-1]
            if "\n" in last:
                row = [*row[:-1], '"' + last + '"']
            out.append("\t".join(row))
        return out
    for k, row in enumerate(texts):
        if k:
            out.append("")
        for t in row:
            lines = [ln.strip() for ln in t.split("\n") if ln.strip()] or [""]
            out.append("\t" + lines[0])
            out.extend(lines[1:])
    return out


def write_text(layout: Layout) -> str:
    lines: list[str] = []
    for block in layout.blocks:
        if isinstance(block, Heading):
            mark = _HEADING_MARKS.get(block.level, "####")
            lines += [f"{mark} {_one_line(block.text)}", ""]
        elif isinstance(block, Para):
            for ln in block.text.split("\n"):
                if ln.strip():
                    lines += [_one_line(ln), ""]
        elif isinstance(block, Grid):
            lines += [*_grid(block), ""]
        elif isinstance(block, PageBreak | Toc):
            continue
    return "\n".join(lines).rstrip("\n") + "\n"

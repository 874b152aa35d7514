"""The blocks of a layout: headings, paragraphs, ruled grids, page breaks, a table of contents.

Grids are full matrices: a merged cell is one :class:`GridCell` with a span and ``None`` in the
positions it covers — exactly what every reader gives back as "text in the first position,
empty in the covered ones".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yusuan.model import Amount
from yusuan.render.profile import Profile

STAMP = "未经检查 / unchecked：本文件在存在检查错误的情况下强制生成，数据未经核对，不得作为正式公开文本。"


@dataclass(slots=True)
class GridCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"  # left | center | right
    bold: bool = False


@dataclass(slots=True)
class Grid:
    rows: list[list[GridCell | None]]
    header_rows: int = 0
    repeat_header: bool = True  # PDF/DOCX repeat the header rows on every page
    role: str = "table"  # standard | project | department | org | procurement | assets
    widths: list[float] | None = None  # relative column widths

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def texts(self) -> list[list[str]]:
        return [[c.text if c is not None else "" for c in row] for row in self.rows]


@dataclass(slots=True)
class Heading:
    text: str
    level: int  # 1 part title, 2 section / table title, 3 sub-heading
    role: str = ""  # "table": the title of a standard table
    break_at: int = 0  # paged output breaks the line here (after the unit name of a title)


@dataclass(slots=True)
class Para:
    text: str
    style: str = (
        "body"  # body | title | subtitle | meta | meta-right | note | label | caption | stamp
    )


@dataclass(slots=True)
class PageBreak:
    sheet: str | None = None  # XLSX starts a new sheet with this name


@dataclass(slots=True)
class Toc:
    entries: list[tuple[str, str]]  # (text, anchor)


Block = Heading | Para | Grid | PageBreak | Toc


@dataclass(slots=True)
class Layout:
    title: str
    unit: str
    year: int | None
    profile: Profile
    blocks: list[Block] = field(default_factory=list)
    unchecked: bool = False
    anchors: dict[int, str] = field(default_factory=dict)  # id(heading) → anchor for the TOC


Rows = list[list[GridCell | None]]


def row(
    texts: list[str], align: list[str] | None = None, bold: bool = False
) -> list[GridCell | None]:
    """A grid row of plain cells, one per text."""
    return [
        GridCell(t, align=(align[i] if align else "left"), bold=bold) for i, t in enumerate(texts)
    ]


def span_right(r: list[GridCell | None], start: int, end: int) -> None:
    """Merge cells start..end-1 of a row into the first one."""
    if end - start <= 1:
        return
    cell = r[start]
    assert cell is not None
    cell.colspan = end - start
    for k in range(start + 1, end):
        r[k] = None


def label_row(label: str, value: str, width: int) -> list[GridCell | None]:
    """A label and its value, the value merged over the rest of the row."""
    r = row([label, value] + [""] * (width - 2))
    span_right(r, 1, width)
    return r


def money(p: Profile, a: Amount | None) -> str:
    return "" if a is None else p.money(a.value)

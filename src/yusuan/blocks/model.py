"""Format-independent blocks with provenance."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)  # not frozen: one per cell, and frozen init is several times slower
class Source:
    """Where a block or cell came from. Fields a format does not have stay ``None``."""

    file: str
    line: int | None = None  # 1-based, text formats
    page: int | None = None  # 1-based, PDF
    sheet: str | None = None  # XLSX
    cell: str | None = None  # A1 reference, XLSX
    table: int | None = None  # 0-based table index within the document
    row: int | None = None  # 0-based row within the table
    col: int | None = None  # 0-based column within the row

    def __str__(self) -> str:
        # Built by concatenation: one call per cell of every amount read, so kept lean.
        loc = self.file
        if self.page is not None:
            loc += f":p{self.page}"
        if self.sheet is not None:
            loc += ":" + self.sheet
        if self.cell is not None:
            loc += ":" + self.cell
        elif self.row is not None:
            line = "" if self.line is None else f":{self.line}"
            col = "]" if self.col is None else f"c{self.col + 1}]"
            return f"{loc}{line} [r{self.row + 1}{col}"
        if self.line is not None:
            loc += f":{self.line}"
        return loc


class Cell:
    """A table cell's text and where it came from.

    ``Cell(text, source)``. A reader making thousands of cells per document, whose sources are
    mostly never looked at, may instead pass ``where=(file, line, table, row)`` and ``col``: the
    :class:`Source` is then built on first access, and the same object is returned after that.
    """

    __slots__ = ("_col", "_source", "_where", "text")
    __match_args__ = ("text", "source")
    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it replaced

    def __init__(
        self,
        text: str,
        source: Source | None = None,
        where: tuple[str, int, int, int] | None = None,
        col: int = 0,
    ) -> None:
        if source is None and where is None:
            raise TypeError("Cell needs a source or a where=(file, line, table, row)")
        self.text = text
        self._source = source
        self._where = where
        self._col = col

    @property
    def source(self) -> Source:
        src = self._source
        if src is None and self._where is not None:
            file, line, table, row = self._where
            # Positional: keyword arguments make this call twice as slow.
            src = self._source = Source(file, line, None, None, None, table, row, self._col)
        return src  # type: ignore[return-value]  # None only if built without a source

    @source.setter
    def source(self, value: Source) -> None:
        self._source = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell) or other.__class__ is not self.__class__:
            return NotImplemented
        return (self.text, self.source) == (other.text, other.source)

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(text={self.text!r}, source={self.source!r})"


@dataclass(slots=True)
class Paragraph:
    text: str
    source: Source
    heading_level: int | None = None  # explicit heading markup only (Markdown '#', Word styles)
    bold: bool = False

    @property
    def is_sheet_name(self) -> bool:
        """A workbook sheet's name, read as the sheet's heading (not text printed in a cell)."""
        return self.source.sheet is not None and self.source.cell is None


@dataclass(slots=True)
class Table:
    """A table as read: rows of cells. Readers build it whole; nothing edits ``rows`` or a cell's
    text afterwards (extractors make new lists), which is what lets ``text()`` be kept."""

    rows: list[list[Cell]]
    source: Source
    # What text() returns, given by a reader that had it at hand.
    joined: str | None = field(default=None, compare=False, repr=False)

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]

    def text(self) -> str:
        """The cell texts joined by tabs, rows by new lines: for searching and showing whole."""
        if self.joined is None:
            self.joined = "\n".join("\t".join([c.text for c in row]) for row in self.rows)
        return self.joined


Block = Paragraph | Table


@dataclass(slots=True)
class Problem:
    """A part of the file the reader could not read as intended and how it read it instead."""

    source: Source
    message: str  # Chinese first, for the user


@dataclass(slots=True)
class Document:
    path: str
    format: str  # "text", "docx", "xlsx", "pdf", "html"
    sha256: str
    blocks: list[Block] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Further files read as parts of this document: (path, sha256, format) each.
    parts: list[tuple[str, str, str]] = field(default_factory=list)
    # Pages of a paginated file (PDF) with nothing printed on them, as the reader saw them.
    blank_pages: list[Source] = field(default_factory=list)

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def merge_documents(docs: list[Document]) -> Document:
    """Files that are parts of one disclosure (its narrative and its tables published apart) as
    one document, in the order given. Every block keeps the source of its own file."""
    if not docs:
        raise ValueError("nothing to merge")
    first = docs[0]
    return Document(
        path=first.path,
        format=first.format,
        sha256=first.sha256,
        blocks=[b for d in docs for b in d.blocks],
        problems=[p for d in docs for p in d.problems],
        parts=[*first.parts, *((d.path, d.sha256, d.format) for d in docs[1:])],
        blank_pages=[s for d in docs for s in d.blank_pages],
    )

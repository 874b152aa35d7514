"""Where a figure, row or table of the model was printed.

A source is written as one string, the form ``yusuan.blocks.Source`` prints:
``file[:pN][:sheet][:A1][:line][ [rRcC]]`` ("预算.pdf:p3 [r2c4]", "a.xlsx:表1:B7", "a.txt:15"), or a
PDF table cell's page and box, ``file:pN:x0,y0,x1,y1``. That string is what the JSON holds and
what the store keeps, so :class:`Source` *is* that string (a ``str``), with its parts as
attributes, read from it when first asked for (and cached). Strings from JSON, the store or a
test are accepted wherever a source is; other strings (the importer's "book.xlsx:Sheet!12" is
read too) keep the parts they do not hold ``None``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from string import ascii_uppercase
from typing import Any, NamedTuple

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

# Inverse of yusuan.blocks.Source.__str__. An Excel sheet name never holds ":", so the part
# before a cell reference that follows the last ":" is the sheet.
_FORM = re.compile(
    r"^(?P<file>.*?)(?::p(?P<page>\d+))?(?::(?P<cell>[A-Z]{1,3}\d+))?(?::(?P<line>\d+))?"
    r"(?: \[r(?P<row>\d+)(?:c(?P<col>\d+))?\])?$"
)
# The same pattern, matched from a position: the lazy "file" group makes _FORM try every
# position of a long path. Its tail (everything after "file") uses only these characters, so
# the match can start at the last run of them (and of any decimal digit, as \d) and find the
# same split.
_TAIL = re.compile(_FORM.pattern[1:])
_TAIL_CHARS = ":p0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ []rc"
# A PDF table cell: its page and box in points, "f.pdf:p3:72,90,200,110".
_PAGE_BOX = re.compile(r"^(?P<file>.*):p(?P<page>\d+):(?P<box>-?\d+,-?\d+,-?\d+,-?\d+)$")
# A row of a sheet, as the workbook importer writes it: "book.xlsx:表1!12".
_SHEET_ROW = re.compile(r"^(?P<file>.*):(?P<sheet>[^:!\n]+)!(?P<row>\d+)$")
# A sheet without a cell (its name read as a heading, "book.xlsx:封面"; or with a line).
_SHEET_ONLY = re.compile(
    r"^(?P<file>.*\.(?:xlsx|xlsm|xls|ods|et)):(?P<sheet>[^:\n]+)$", re.IGNORECASE
)


class Parts(NamedTuple):
    """A source's parts. Numbers are 1-based as printed (``row``, ``col`` too)."""

    file: str
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None  # A1 reference
    line: int | None = None  # of a text file; of a sheet in the importer's "file:sheet!row"
    row: int | None = None  # row within the table, 1-based as in "[r2c4]"
    col: int | None = None
    bbox: tuple[int, ...] | None = None  # x0, y0, x1, y1 of a PDF table cell

    @property
    def cell_row(self) -> int | None:
        """The sheet row of the A1 reference ("B12" → 12)."""
        return int(self.cell.lstrip(ascii_uppercase)) if self.cell else None


def _int(s: str | None) -> int | None:
    return int(s) if s else None


@lru_cache(maxsize=8192)
def parse(text: str) -> Parts:
    """The parts of a source string; cached, as rules and views point at the same cells often."""
    if "!" in text and (m := _SHEET_ROW.match(text)):
        return Parts(m["file"], sheet=m["sheet"], line=int(m["row"]))
    if "," in text and (m := _PAGE_BOX.match(text)):
        return Parts(m["file"], page=int(m["page"]), bbox=tuple(map(int, m["box"].split(","))))
    if "\n" in text:  # "$" may match before a final newline: leave that to the full pattern
        m = _FORM.match(text)
    else:
        start = len(text.rstrip(_TAIL_CHARS))
        while start and (text[start - 1] in _TAIL_CHARS or text[start - 1].isdecimal()):
            start -= 1  # other decimal digits (rare)
        m = _TAIL.match(text, start)
    if m is None:
        return Parts(text)
    file, sheet = text[: m.end("file")], None
    if m["cell"] and ":" in file:
        file, sheet = file.rsplit(":", 1)
    elif ":" in file and (named := _SHEET_ONLY.match(file)):
        file, sheet = named["file"], named["sheet"]
    return Parts(
        file, _int(m["page"]), sheet, m["cell"], _int(m["line"]), _int(m["row"]), _int(m["col"])
    )


class Source(str):
    """A source location: the string as printed, its parts as attributes."""

    __slots__ = ()

    @property
    def parts(self) -> Parts:
        return parse(self)

    @property
    def file(self) -> str:
        return self.parts.file

    @property
    def page(self) -> int | None:
        return self.parts.page

    @property
    def sheet(self) -> str | None:
        return self.parts.sheet

    @property
    def cell(self) -> str | None:
        return self.parts.cell

    @property
    def line(self) -> int | None:
        return self.parts.line

    @property
    def row(self) -> int | None:
        return self.parts.row

    @property
    def col(self) -> int | None:
        return self.parts.col

    @property
    def bbox(self) -> tuple[int, ...] | None:
        return self.parts.bbox

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # Any string is taken and becomes a Source; a Source passes as it is (checked without a
        # call into Python: extraction makes one per amount). Serialised as the plain string it
        # is; the JSON schema says "string".
        from_str = core_schema.no_info_after_validator_function(cls, core_schema.str_schema())
        return core_schema.json_or_python_schema(
            json_schema=from_str,
            python_schema=core_schema.union_schema(
                [core_schema.is_instance_schema(cls), from_str], mode="left_to_right"
            ),
            serialization=core_schema.to_string_ser_schema(when_used="always"),
        )

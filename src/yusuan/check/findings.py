"""Findings and coverage: what a check run reports."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
SEVERITY_ZH: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
Status = Literal["passed", "failed", "not_applicable", "no_data"]

# Inverse of yusuan.blocks.Source.__str__: "file[:pN][:sheet][:A1][:line] [rRcC]".
_SOURCE = re.compile(
    r"^(?P<file>.*?)(?::p(?P<page>\d+))?(?::(?P<cell>[A-Z]{1,3}\d+))?(?::(?P<line>\d+))?"
    r"(?: \[r(?P<row>\d+)(?:c(?P<col>\d+))?\])?$"
)


# The same pattern, matched from a position: the lazy "file" group makes _SOURCE try every
# position of a long path. Its tail (everything after "file") uses only these characters, so
# the match can start at the last run of them (and of any decimal digit, as \d) and find the
# same split.
_TAIL = re.compile(_SOURCE.pattern[1:])
_TAIL_CHARS = ":p0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ []rc"


@lru_cache(maxsize=8192)
def _parse_source(source: str) -> tuple[int | None, int | None, str | None]:
    """(line, page, cell) of a source string; cached, as rules point at the same cells often."""
    if "\n" in source:  # "$" may match before a final newline: leave that to the full pattern
        m = _SOURCE.match(source)
    else:
        start = len(source.rstrip(_TAIL_CHARS))
        while start and (source[start - 1] in _TAIL_CHARS or source[start - 1].isdecimal()):
            start -= 1  # other decimal digits (rare)
        m = _TAIL.match(source, start)
    if m is None:
        return None, None, None
    return (
        int(m["line"]) if m["line"] else None,
        int(m["page"]) if m["page"] else None,
        m["cell"],
    )


class Location(BaseModel):
    """Where a finding points: a narrative line or a table cell."""

    line: int | None = None  # 1-based, text sources
    page: int | None = None
    cell: str | None = None
    table: str | None = None  # the table's title
    row: str | None = None  # the row's name or code
    column: str | None = None
    text: str | None = None  # the printed text at that place
    source: str | None = None  # the raw source string

    @classmethod
    def at(
        cls,
        source: str | None,
        *,
        text: str | None = None,
        table: str | None = None,
        row: str | None = None,
        column: str | None = None,
    ) -> Location:
        line, page, cell = _parse_source(source) if source else (None, None, None)
        return cls(
            line=line,
            page=page,
            cell=cell,
            text=text,
            table=table,
            row=row,
            column=column,
            source=source,
        )


class Finding(BaseModel):
    code: str
    severity: Severity
    message: str  # Chinese, one sentence a finance clerk can act on
    locations: list[Location] = Field(default_factory=list)
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    arithmetic: str | None = None  # "4820.17 + 988.88 = 5809.05 ≠ 5089.05"
    tolerance: Decimal | None = None
    diagnosis: str | None = None  # the likely cause, when one explains the mismatch
    suggestion: str | None = None
    section: str | None = None  # where in the document (for grouping)


class Coverage(BaseModel):
    # Frozen: the engine hands out one instance per (code, status, detail) to every report.
    model_config = ConfigDict(frozen=True)

    code: str
    status: Status
    detail: str | None = None


class DocumentReport(BaseModel):
    source: dict[str, str]
    unit: str | None = None
    year: int | None = None
    findings: list[Finding] = Field(default_factory=list)
    coverage: list[Coverage] = Field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


class CheckReport(BaseModel):
    documents: list[DocumentReport] = Field(default_factory=list)

"""Findings and coverage: what a check run reports."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from yusuan.model import Source

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
SEVERITY_ZH: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
Status = Literal["passed", "failed", "not_applicable", "no_data"]


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
        where = Source(source or "")
        return cls(
            line=where.line,
            page=where.page,
            cell=where.cell,
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

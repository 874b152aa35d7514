"""One test per rule code, as ruff keeps one fixture per rule.

``county_2024.txt`` beside this file is a small but complete county department's 2024 budget
disclosure (nine tables, narrative, 政府采购, 国有资产, 绩效目标) written by hand so that every
figure agrees: every rule that can run on it passes. A rule's test changes one thing in that
text (a figure, a word, a row), checks the changed document, and asserts that the rule fires at
the changed place with the arithmetic worked out by hand from the text; its passing case is the
unchanged document, where the coverage ledger must say "passed" (not "not applicable").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from yusuan.check.engine import check
from yusuan.check.findings import DocumentReport, Finding
from yusuan.model import Disclosure
from yusuan.pipeline import open as read

HERE = Path(__file__).parent
BASE_PATH = HERE / "county_2024.txt"
BASE = BASE_PATH.read_text(encoding="utf-8")
D = Decimal

# The tables' titles as printed in county_2024.txt.
SUMMARY = "2024年部门收支总表"
INCOME = "2024年部门收入总表"
EXPENDITURE = "2024年部门支出总表"
FISCAL = "2024年部门财政拨款收支总表"
GENERAL = "2024年部门一般公共预算支出表"
BASIC = "2024年部门一般公共预算基本支出表"
THREE = "2024年部门“三公”经费支出表"
FUND = "2024年部门政府性基金预算支出表"


@dataclass(frozen=True)
class Checked:
    """A document as written, as read, and as checked (every rule)."""

    text: str
    disclosure: Disclosure
    report: DocumentReport

    def of(self, code: str) -> list[Finding]:
        return [f for f in self.report.findings if f.code == code]

    def one(self, code: str) -> Finding:
        found = self.of(code)
        assert len(found) == 1, [(f.code, f.message) for f in self.report.findings]
        return found[0]

    def status(self, code: str) -> str:
        return next(c.status for c in self.report.coverage if c.code == code)


def line_of(text: str, needle: str, after: str | None = None) -> int:
    """The 1-based number of the first line holding ``needle`` (after the line holding ``after``)."""
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if after in ln) if after else 0
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def edit(text: str, old: str, new: str, after: str | None = None) -> str:
    """``text`` with ``old`` replaced by ``new`` on the first line holding it (after ``after``);
    ``new`` may hold line breaks (rows added). To take a row out use :func:`drop`: a blank line
    would end the table there."""
    lines = text.split("\n")
    i = line_of(text, old, after) - 1
    lines[i] = lines[i].replace(old, new, 1)
    out = "\n".join(lines)
    assert out != text, f"nothing changed: {old!r}"
    return out


def drop(text: str, first: str, last: str | None = None, after: str | None = None) -> str:
    """``text`` without the line holding ``first`` (after ``after``), or without the lines from
    there to the next one holding ``last``, inclusive."""
    lines = text.split("\n")
    i = line_of(text, first, after) - 1
    j = i if last is None else next(k for k in range(i, len(lines)) if last in lines[k])
    return "\n".join(lines[:i] + lines[j + 1 :])


def _checked(path: Path) -> Checked:
    d = read(path)
    return Checked(path.read_text(encoding="utf-8"), d, check(d))


@cache
def base() -> Checked:
    """The unchanged document, read and checked once for the whole directory."""
    return _checked(BASE_PATH)


def assert_passes(code: str, doc: Checked | None = None) -> None:
    """The passing case: no finding of ``code``, and the ledger says the rule ran and passed."""
    doc = doc or base()
    assert doc.of(code) == [], [(f.message, f.arithmetic) for f in doc.of(code)]
    assert doc.status(code) == "passed"


Run = Callable[[str], Checked]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """``run(text)`` writes ``text`` to a file, reads and checks it."""

    def go(text: str) -> Checked:
        path = tmp_path / BASE_PATH.name
        path.write_text(text, encoding="utf-8")
        return _checked(path)

    return go

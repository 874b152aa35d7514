"""Mutation tests: inject one defect into a seed, check, and expect exactly the right finding.

Each case edits one printed line of a seed document (a cell, a digit order, a decimal point, a
元/万元 slip, a dropped row, a copied number). The check must report the named rule at that place
(or, for a dropped row, at its parent) with the named diagnosis, and no new error anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import seed_path
from yusuan.check.engine import check
from yusuan.check.findings import DocumentReport, Finding
from yusuan.extract import extract
from yusuan.readers import read_document


@dataclass
class Mutation:
    seed: str
    find: Callable[[list[str]], int]  # index of the line to edit
    old: str
    new: str | None  # None drops the line
    rule: str
    diagnosis: str | None  # words the diagnosis must contain
    at: Callable[[list[str]], int] | None = None  # where the finding must point, default the edit


def line_with(*needles: str, after: str | None = None) -> Callable[[list[str]], int]:
    def find(lines: list[str]) -> int:
        start = next(i for i, ln in enumerate(lines) if after in ln) if after else 0
        return next(i for i in range(start, len(lines)) if all(n in lines[i] for n in needles))

    return find


GP = "一般公共预算财政拨款支出表"
BASIC = "基本支出表"
CASES = {
    "transposed digits in a table cell": Mutation(
        "004", line_with("\t30206\t", after=BASIC), "95.00", "59.00", "T002", "数字颠倒"
    ),
    "decimal point shifted": Mutation(
        "004", line_with("\t30199\t", after=BASIC), "3632.50", "363.25", "T002", "小数点错位"
    ),
    "yuan written for wan yuan": Mutation(
        "004", line_with("\t2040220\t", after=GP), "40.00", "400000", "T003", "元/万元"
    ),
    "changed cell": Mutation(
        "004", line_with("\t2040299\t", after=GP), "71.38", "72.38", "T003", None
    ),
    "dropped row": Mutation(
        "004",
        line_with("\t2040299\t", after=GP),
        "",
        None,
        "T002",
        "漏列下级科目 2040299",
        at=line_with("\t20402\t", after=GP),
    ),
    "number copied from another table": Mutation(
        "004", line_with("项目支出2158.68万元"), "2158.68", "1656.00", "N015", "相同"
    ),
    "transposed digits in the narrative": Mutation(
        "004", line_with("人员经费3632.50万元"), "3632.50", "3623.50", "N016", "数字颠倒"
    ),
    "three-public part changed": Mutation(
        "000", line_with("公务接待费5万元"), "公务接待费5万元", "公务接待费6万元", "N005", None
    ),
    "basic expenditure copied wrong in the narrative": Mutation(
        "003", line_with("基本支出 250.65 万元"), "250.65", "205.65", "N003", "数字颠倒"
    ),
}


def _report(path: Path) -> DocumentReport:
    return check(extract(read_document(path)))


def _key(f: Finding) -> tuple[str, str, str | None]:
    return (f.code, f.message, f.arithmetic)


@pytest.mark.parametrize("name", list(CASES))
def test_mutation_is_found_where_it_was_made(name: str, tmp_path: Path) -> None:
    m = CASES[name]
    src = seed_path(m.seed)
    lines = src.read_text(encoding="utf-8").split("\n")
    i = m.find(lines)
    target = (m.at or m.find)(lines) + 1
    if m.new is None:
        del lines[i]
        if target > i + 1:
            target -= 1
    else:
        assert m.old in lines[i]
        lines[i] = lines[i].replace(m.old, m.new, 1)
    mutated = tmp_path / src.name
    mutated.write_text("\n".join(lines), encoding="utf-8")
    edited = {i + 1, target}

    before = {_key(f) for f in _report(src).findings}
    new = [f for f in _report(mutated).findings if _key(f) not in before]

    hits = [f for f in new if f.code == m.rule and any(loc.line == target for loc in f.locations)]
    assert hits, f"{m.rule} not reported at line {target}: {[(f.code, f.message) for f in new]}"
    if m.diagnosis:
        assert any(m.diagnosis in (f.diagnosis or "") for f in hits), [f.diagnosis for f in hits]
    stray = [
        (f.code, f.message)
        for f in new
        if f.severity == "error" and not any(loc.line in edited for loc in f.locations)
    ]
    assert not stray, f"new errors elsewhere: {stray}"

"""Every finding on the seed documents has been reviewed against the document.

tests/check_reviewed.json lists each finding (code, line, message) with the reviewer's verdict.
A new finding, or a lost one, fails here until someone reads the document and records a verdict —
so the checker can neither start crying wolf nor quietly lose a real defect.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.real_corpus import REAL
from yusuan.check.engine import check, select_rules

REVIEWED = json.loads((Path(__file__).parent / "check_reviewed.json").read_text(encoding="utf-8"))
# The real corpus: the findings of the listed (newer) rules, reviewed against the rendered pages.
REAL_REVIEWED: dict[str, Any] = REVIEWED.pop("real")


@pytest.mark.parametrize("prefix", sorted(REVIEWED))
def test_findings_match_the_reviewed_list(seed: Any, prefix: str) -> None:
    report = check(seed(prefix))
    got = Counter(
        (f.code, next((loc.line for loc in f.locations if loc.line), None), f.message)
        for f in report.findings
    )
    want = Counter((r["code"], r["line"], r["message"]) for r in REVIEWED[prefix])
    assert got - want == Counter(), "unreviewed findings"
    assert want - got == Counter(), "reviewed findings no longer reported"
    assert all(r["verdict"].startswith("real") for r in REVIEWED[prefix])


def test_known_defects_are_found(seed: Any) -> None:
    """Defects found by reading the seeds (see tests/expected/*.json notes)."""
    codes = {
        p: {
            (f.code, next((x.line for x in f.locations if x.line), None))
            for f in check(seed(p)).findings
        }
        for p in ("000", "003", "004")
    }
    assert ("N003", 40) in codes["000"]  # 基本支出 5089.05 vs 4820.17 + 988.88
    assert ("N021", 517) in codes["003"]  # 拟购置 57.44 = 上年末资产 57.44
    assert any(c == "P017" for c, _ in codes["003"])  # 2019 time window in a 2020 budget
    assert ("P006", 453) in codes["004"]  # 以实际数为准
    assert ("P019", 566) in codes["004"]  # 1.目标内容1


def test_no_false_arithmetic_errors_on_consistent_tables(seed: Any) -> None:
    """004's nine tables agree with each other: no T/X/C error may fire on them."""
    report = check(seed("004"))
    assert [f for f in report.findings if f.code[0] in "TXC" and f.severity == "error"] == []
    ran = {c.code for c in report.coverage if c.status in ("passed", "failed")}
    assert {"T001", "T002", "T003", "T005", "T006", "X001", "X002", "X003", "X004", "X005"} <= ran


@pytest.mark.skipif(not REAL.is_dir(), reason=f"{REAL} not found")
@pytest.mark.parametrize("name", sorted(REAL_REVIEWED["documents"]))
def test_real_corpus_findings_match_the_reviewed_list(name: str) -> None:
    from tests.test_real_corpus import _read

    report = check(_read(name), select_rules(REAL_REVIEWED["codes"]))
    got = Counter(
        (
            f.code,
            next((loc.page for loc in f.locations if loc.page), None),
            next((loc.line for loc in f.locations if loc.line), None),
            f.message,
        )
        for f in report.findings
    )
    want = Counter(
        (r["code"], r["page"], r["line"], r["message"]) for r in REAL_REVIEWED["documents"][name]
    )
    assert got - want == Counter(), "unreviewed findings"
    assert want - got == Counter(), "reviewed findings no longer reported"
    assert all(r["verdict"].startswith("real") for r in REAL_REVIEWED["documents"][name])


def test_every_real_file_is_reviewed() -> None:
    if REAL.is_dir():
        published = {p.name for p in REAL.iterdir() if p.suffix in (".pdf", ".xlsx")}
        assert published == set(REAL_REVIEWED["documents"])

"""The one order findings are shown in (web report, HTML/XLSX reports, terminal).

Sections holding errors come first, then those with warnings, then those with only 提示 (each
kind in the order the sections were met in the document); within a section errors come first,
then warnings, then 提示, each by rule code, findings of one rule in document order. Findings of
one rule that follow each other are shown as one group with a count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from yusuan.check.findings import SEVERITY_ORDER

F = TypeVar("F")

# Lower is shown first.
RANK: dict[str, int] = {s: -n for s, n in sorted(SEVERITY_ORDER.items(), key=lambda x: -x[1])}
OTHER = "其他"


def _get(f: Any, name: str) -> Any:
    return f.get(name) if isinstance(f, dict) else getattr(f, name)


def sort_key(f: Any) -> tuple[int, str]:
    """Severity (errors first), then rule code; sorted() keeps document order among equals."""
    return RANK.get(_get(f, "severity"), 3), _get(f, "code")


def ordered(findings: Iterable[F]) -> list[F]:
    """Findings in report order, without sections (spreadsheets, lists)."""
    return [f for s in sections(findings) for f in s.findings]


@dataclass
class Section(Generic[F]):
    name: str
    findings: list[F]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def worst(self) -> str:
        return next((s for s in RANK if self.counts.get(s)), "info")

    def runs(self) -> list[list[F]]:
        return runs(self.findings)


def sections(findings: Iterable[F]) -> list[Section[F]]:
    """Findings by section (a finding without one goes to 其他), in report order."""
    groups: dict[str, list[F]] = {}
    for f in findings:
        groups.setdefault(_get(f, "section") or OTHER, []).append(f)
    out = []
    for name, items in groups.items():
        items = sorted(items, key=sort_key)
        counts = {s: 0 for s in RANK}
        for f in items:
            counts[_get(f, "severity")] = counts.get(_get(f, "severity"), 0) + 1
        out.append(Section(name, items, counts))
    out.sort(key=lambda s: RANK.get(s.worst, 3))  # stable: document order within a severity
    return out


def runs(findings: Sequence[F]) -> list[list[F]]:
    """Consecutive findings of one rule as one group (most groups hold one finding)."""
    out: list[list[F]] = []
    for f in findings:
        if out and _get(out[-1][0], "code") == _get(f, "code"):
            out[-1].append(f)
        else:
            out.append([f])
    return out

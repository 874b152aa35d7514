"""The rule registry: every rule has a stable code, a family, a severity and its documentation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from yusuan.check.findings import Finding, Severity

FAMILIES: dict[str, str] = {
    "T": "表内运算 / arithmetic within a table",
    "X": "表间一致 / agreement across tables",
    "N": "文字与表格 / narrative vs tables and within the narrative",
    "C": "科目编码 / classification codes",
    "D": "公开完整性 / completeness of the disclosure",
    "P": "绩效目标 / performance targets",
    "H": "跨文件与历年 / across stored documents and years",
    "W": "文字与格式 / wording and form",
    "R": "读取 / reading the file",
}


class Skip(Exception):
    """Raised by a rule that cannot run on this document."""

    def __init__(self, status: str, detail: str = "") -> None:
        super().__init__(detail)
        self.status = status  # "not_applicable" or "no_data"
        self.detail = detail


def not_applicable(detail: str = "") -> Skip:
    return Skip("not_applicable", detail)


def no_data(detail: str = "") -> Skip:
    return Skip("no_data", detail)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    title: str  # Chinese, short
    what: str  # what it checks
    why: str  # the regulation or reason (see shared/domain)
    example: str  # a real example (from a published disclosure)
    fix: str  # how to fix what it finds
    func: Callable[..., Iterable[Finding]]
    # The arithmetic identity the rule holds the document to ("合计 = Σ 各类"), if any: each is
    # guarded by a mutation test (tests/test_check_mutations.py) and listed in docs/rules.
    identity: str = ""

    @property
    def family(self) -> str:
        return self.code[0]


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str,
    severity: Severity,
    title: str,
    *,
    what: str,
    why: str,
    example: str,
    fix: str,
    identity: str = "",
) -> Callable[[Callable[..., Iterable[Finding]]], Callable[..., Iterable[Finding]]]:
    """Register a check. The function takes a :class:`~yusuan.check.context.Context`."""

    def register(func: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
        if code in REGISTRY:
            raise ValueError(f"duplicate rule code {code}")
        if code[0] not in FAMILIES:
            raise ValueError(f"unknown family in {code}")
        REGISTRY[code] = Rule(code, severity, title, what, why, example, fix, func, identity)
        return func

    return register


def all_rules() -> list[Rule]:
    import yusuan.check.rules  # noqa: F401 - registers the rules

    return [REGISTRY[c] for c in sorted(REGISTRY)]

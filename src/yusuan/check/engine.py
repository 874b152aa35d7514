"""Run the registered rules over a disclosure and record what ran (the coverage ledger)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from yusuan.check.context import Context
from yusuan.check.findings import SEVERITY_ORDER, Coverage, DocumentReport
from yusuan.check.registry import FAMILIES, Rule, Skip, all_rules
from yusuan.errors import YusuanError
from yusuan.model import Disclosure


def parse_codes(values: Iterable[str]) -> list[str]:
    """Rule codes and prefixes as given: repeated options and comma lists ("N,T", "P005，P014")."""
    return [c.upper() for v in values for c in re.split(r"[,，、;；\s]+", v) if c]


def check_codes(codes: Iterable[str], rules: list[Rule] | None = None) -> None:
    """A YusuanError naming the codes that are no rule's code or prefix, with the families."""
    known = [r.code for r in (rules if rules is not None else all_rules())]
    unknown = [c for c in codes if not any(k.startswith(c) for k in known)]
    if not unknown:
        return
    zh = "、".join(f"{k} {v.split(' / ')[0]}" for k, v in FAMILIES.items())
    en = ", ".join(f"{k} ({v.split(' / ')[-1]})" for k, v in FAMILIES.items())
    raise YusuanError(
        f"未知的规则编码或类别：{'、'.join(unknown)}。可用的类别：{zh}；全部规则见 yusuan rules",
        f"unknown rule code or family: {', '.join(unknown)}; the families are {en}; "
        "`yusuan rules` lists every rule",
    )


def select_rules(
    select: Iterable[str] = (), ignore: Iterable[str] = (), rules: list[Rule] | None = None
) -> list[Rule]:
    """``select``/``ignore`` take codes ("N003") or prefixes ("N", "P01"), each may be a comma
    list; one that matches no rule is a YusuanError (a typo must not pass silently)."""
    chosen = rules if rules is not None else all_rules()
    sel, ign = parse_codes(select), parse_codes(ignore)
    check_codes([*sel, *ign], chosen)
    if sel:
        chosen = [r for r in chosen if any(r.code.startswith(s) for s in sel)]
    return [r for r in chosen if not any(r.code.startswith(s) for s in ign)]


@lru_cache(maxsize=4096)
def _coverage(code: str, status: str, detail: str | None = None) -> Coverage:
    return Coverage(code=code, status=status, detail=detail)  # type: ignore[arg-type]


def check(
    disclosure: Disclosure,
    rules: list[Rule] | None = None,
    min_severity: str = "info",
    history: object | None = None,
) -> DocumentReport:
    """Run ``rules`` (default: all). ``history`` gives the H rules other stored disclosures."""
    ctx = Context(disclosure)
    ctx.history = history
    report = DocumentReport(
        source=disclosure.source.model_dump(), unit=disclosure.unit.name, year=disclosure.year
    )
    floor = SEVERITY_ORDER[min_severity]
    for r in rules if rules is not None else all_rules():
        ctx.code = r.code
        try:
            found = list(r.func(ctx))
        except Skip as s:
            report.coverage.append(_coverage(r.code, s.status, s.detail or None))
            continue
        report.coverage.append(_coverage(r.code, "failed" if found else "passed"))
        if floor:
            found = [f for f in found if SEVERITY_ORDER[f.severity] >= floor]
        report.findings.extend(found)
    return report


def run(
    disclosure: Disclosure,
    history: object | None = None,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    min_severity: str = "info",
) -> DocumentReport:
    """Check a disclosure (``yusuan.check``): the rules chosen by ``select``/``ignore`` (codes
    or prefixes; default all), findings at ``min_severity`` or above. ``history`` gives the H
    rules the stored disclosures (:class:`yusuan.store.history.StoredHistory`)."""
    check_severity(min_severity)
    rules = select_rules(select, ignore) if select or ignore else None
    return check(disclosure, rules, min_severity, history=history)


def check_severity(name: str) -> str:
    """``name`` if it is a severity (info | warning | error), else a YusuanError."""
    if name not in SEVERITY_ORDER:
        raise YusuanError(f"未知的级别：{name}", f"unknown severity: {name}")
    return name

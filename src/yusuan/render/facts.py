"""The canonical facts of a disclosure, for comparing a model with its re-read publication.

Leaves out what is legitimately layout-specific: ``source`` locations, ``raw`` print forms,
table and project titles, explanatory text around the figures (procurement.text), notes
yusuan adds itself (空表), and empty tables' column lists.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from yusuan.model import TABLE_KINDS, THREE_PUBLIC_AMOUNTS, Amount, Disclosure, Indicator

_KIND_ORDER = {k: i for i, k in enumerate(TABLE_KINDS)}


def _v(a: Amount | None) -> Decimal | None:
    return None if a is None else a.value.normalize() + 0


def _d(x: Decimal | None) -> Decimal | None:
    return None if x is None else x.normalize() + 0


def _indicator(i: Indicator) -> tuple[Any, ...]:
    v = i.value
    value = None if v is None else (v.operator, _d(v.number), v.unit, v.text)
    return (i.level1, i.level2, i.level3, i.category1, i.category2, i.description, i.basis, value)


def facts(d: Disclosure) -> dict[str, Any]:
    ov = d.overview
    tp = d.three_public
    oc = d.operating_costs
    out: dict[str, Any] = {
        "year": d.year,
        "unit": (d.unit.name, d.unit.code),
        "overview": {
            "income_total": _v(ov.income_total),
            "income_by_source": {k: _v(a) for k, a in ov.income_by_source.items()},
            "expenditure_total": _v(ov.expenditure_total),
            "basic": _v(ov.basic),
            "personnel": _v(ov.personnel),
            "public_operating": _v(ov.public_operating),
            "project": _v(ov.project),
            "changes": {k: _v(a) for k, a in ov.changes.items()},
        },
        "operating_costs": (_v(oc.amount), _v(oc.change), _v(oc.previous)),
        "three_public": {k: _v(getattr(tp, k)) for k in THREE_PUBLIC_AMOUNTS}
        | {"reason": tp.reason},
        "tables": [
            {
                "kind": t.kind,
                "empty": t.empty,
                "rows": [
                    (
                        r.code,
                        r.name,
                        r.side,
                        r.category,
                        {k: _v(a) for k, a in r.values.items()},
                    )
                    for r in t.rows
                ],
            }
            # A profile prints the tables in its own order: compare them kind by kind.
            for t in sorted(d.tables, key=lambda t: _KIND_ORDER.get(t.kind, 99))
        ],
        "procurement": {
            "total": _v(d.procurement.total),
            "table_total": _v(d.procurement.table_total),
            "items": [
                (
                    i.project,
                    _v(i.project_budget),
                    i.item,
                    i.catalog_code,
                    i.measure,
                    _d(i.quantity),
                    _v(i.unit_price),
                    _v(i.amount),
                )
                for i in d.procurement.items
            ],
        },
        "assets": {
            "as_of": d.assets.as_of,
            "total": _v(d.assets.total),
            "table_total": _v(d.assets.table_total),
            "planned_purchase": _v(d.assets.planned_purchase),
            "items": [(i.category, _d(i.quantity), i.measure, _v(i.value)) for i in d.assets.items],
        },
        "projects": [
            {
                "name": p.name,
                "code": p.code,
                "unit_code": p.unit_code,
                "unit": p.unit,
                "budget": _v(p.budget),
                "fiscal": _v(p.fiscal),
                "other": _v(p.other),
                "total": _v(p.total),
                "amounts": {k: _v(a) for k, a in p.amounts.items()},
                "purpose": p.purpose,
                "spending_plan": [(s.by, _d(s.percent)) for s in p.spending_plan],
                "start": p.start,
                "end": p.end,
                "goal": p.goal,
                "details": dict(p.details),
                "owner": p.owner,
                "contact": p.contact,
                "phone": p.phone,
                "indicators": [_indicator(i) for i in p.indicators],
            }
            for p in d.performance.projects
        ],
        "department": {
            "unit": d.performance.department.unit,
            "overall_goal": d.performance.department.overall_goal,
            "goals": [(g.title, g.goal, g.indicators) for g in d.performance.department.goals],
            "measures": list(d.performance.department.measures),
            "tasks": [(t.name, t.content) for t in d.performance.department.tasks],
            "budget": {k: _v(a) for k, a in d.performance.department.budget.items()},
            "indicators": [_indicator(i) for i in d.performance.department.indicators],
        },
        "organisations": [(o.name, o.nature, o.rank, o.funding) for o in d.organisations],
        "responsibilities": list(d.responsibilities),
        "glossary": [(g.term, g.definition) for g in d.glossary],
        "other_matters": d.other_matters,
    }
    return out


def differences(
    a: Disclosure, b: Disclosure, limit: int = 20, line_breaks: bool = True
) -> list[str]:
    """Human-readable differences between the facts of ``a`` (expected) and ``b``.

    ``line_breaks=False`` ignores line breaks inside texts: a PDF cannot tell a line break
    typed in a table cell from a wrapped line.
    """
    fa, fb = facts(a), facts(b)
    if not line_breaks:
        fa, fb = _unbroken(fa), _unbroken(fb)
    out: list[str] = []
    _diff(fa, fb, "", out, limit)
    return out


def _unbroken(x: Any) -> Any:
    if isinstance(x, str):
        return x.replace("\n", "")
    if isinstance(x, dict):
        return {k: _unbroken(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return type(x)(_unbroken(v) for v in x)
    return x


def _diff(x: Any, y: Any, path: str, out: list[str], limit: int) -> None:
    if len(out) >= limit or x == y:
        return
    if isinstance(x, dict) and isinstance(y, dict):
        for k in dict.fromkeys([*x, *y]):
            if k not in y:
                out.append(f"{path}.{k}: missing (expected {x[k]!r:.120})")
            elif k not in x:
                out.append(f"{path}.{k}: unexpected {y[k]!r:.120}")
            else:
                _diff(x[k], y[k], f"{path}.{k}", out, limit)
        return
    if isinstance(x, list) and isinstance(y, list):
        if len(x) != len(y):
            out.append(f"{path}: {len(x)} items expected, {len(y)} found")
        for k, (a, b) in enumerate(zip(x, y, strict=False)):
            _diff(a, b, f"{path}[{k}]", out, limit)
        return
    out.append(f"{path}: expected {x!r:.200}, found {y!r:.200}")

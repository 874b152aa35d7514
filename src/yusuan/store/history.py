"""Stored history for the cross-document rules (check/rules/history.py), and running them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from yusuan.check.findings import DocumentReport
from yusuan.model import Disclosure
from yusuan.store import schema as s
from yusuan.store.mapping import insert_findings, rebuild
from yusuan.store.region import normalise_name


class StoredHistory:
    """The disclosures around one (unit, year, kind), read from the database on demand."""

    def __init__(
        self,
        session: Session,
        *,
        unit_key: str | None,
        year: int | None,
        kind: str,
        scope: str | None = None,
        exclude: int | None = None,
    ) -> None:
        self.session = session
        self.unit_key = unit_key
        self.year = year
        self.kind = kind
        self.scope = scope  # a 部门 and a 单位 disclosure of one unit: the same scope first
        self.exclude = exclude  # the disclosure being checked, when it is stored already
        self._cache: dict[int, Disclosure] = {}

    @classmethod
    def of(cls, session: Session, d: Disclosure) -> StoredHistory:
        """The stored history of a disclosure read from a file (``yusuan check --db``)."""
        key = normalise_name(d.unit.name) if d.unit.name else None
        return cls(session, unit_key=key, year=d.year, kind=d.kind, scope=d.scope)

    def _current(self, unit_key: str, year: int) -> Disclosure | None:
        q = (
            select(s.Disclosure.id)
            .join(s.Unit, s.Unit.id == s.Disclosure.unit_id)
            .where(
                s.Unit.key == unit_key,
                s.Disclosure.year == year,
                s.Disclosure.kind == self.kind,
                s.Disclosure.is_current.is_(True),
            )
        )
        if self.exclude is not None:
            q = q.where(s.Disclosure.id != self.exclude)
        same_scope = s.Disclosure.scope.is_not_distinct_from(self.scope)
        order = (same_scope.desc(), s.Disclosure.version.desc())
        did = self.session.scalars(q.order_by(*order)).first()
        if did is None:
            return None
        if did not in self._cache:
            self._cache[did] = rebuild(self.session, did, light=True)  # H rules need no projects
        return self._cache[did]

    def previous(self) -> Disclosure | None:
        if self.unit_key is None or self.year is None:
            return None
        return self._current(self.unit_key, self.year - 1)

    def member(self, name: str) -> Disclosure | None:
        key = normalise_name(name)
        if self.year is None or key == self.unit_key:
            return None
        return self._current(key, self.year)


def history_rules() -> list[Any]:
    from yusuan.check.registry import all_rules

    return [r for r in all_rules() if r.family == "H"]


def run_check(d: Disclosure, history: StoredHistory | None) -> DocumentReport:
    """``yusuan check`` with the stored history, for every rule including H."""
    from yusuan.check import engine

    return engine.check(d, history=history)


def counts(findings: list[Any]) -> dict[str, int]:
    return {
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity == "warning"),
        "infos": sum(1 for f in findings if f.severity == "info"),
    }


def refresh(session: Session, did: int) -> None:
    """Re-run the H rules of a stored disclosure after its neighbours changed."""
    row = session.get(s.Disclosure, did)
    if row is None:
        return
    d = rebuild(session, did, light=True)  # the H rules read no projects
    unit = session.get(s.Unit, row.unit_id) if row.unit_id else None
    hist = StoredHistory(
        session,
        unit_key=unit.key if unit else None,
        year=row.year,
        kind=row.kind,
        scope=row.scope,
        exclude=did,
    )
    from yusuan.check import engine

    report = engine.check(d, history_rules(), history=hist)
    session.execute(
        delete(s.FindingRow).where(s.FindingRow.disclosure_id == did, s.FindingRow.code.like("H%"))
    )
    start = (
        session.scalars(
            select(s.FindingRow.seq)
            .where(s.FindingRow.disclosure_id == did)
            .order_by(s.FindingRow.seq.desc())
        ).first()
        or 0
    ) + 1
    insert_findings(session, report.findings, did, start)
    kept = [c for c in row.coverage if not c["code"].startswith("H")]
    coverage = kept + [c.model_dump() for c in report.coverage]
    all_findings = session.scalars(
        select(s.FindingRow).where(s.FindingRow.disclosure_id == did)
    ).all()
    session.execute(
        update(s.Disclosure)
        .where(s.Disclosure.id == did)
        .values(coverage=coverage, **counts(list(all_findings)))
    )


_NEXT_YEAR = select(s.Disclosure.id).where(
    s.Disclosure.unit_id == bindparam("uid"),
    s.Disclosure.year == bindparam("next"),
    s.Disclosure.kind == bindparam("kind"),
    s.Disclosure.is_current.is_(True),
)
_DEPARTMENTS = (
    select(s.Disclosure.id)
    .join(s.OrganisationRow, s.OrganisationRow.disclosure_id == s.Disclosure.id)
    .where(
        s.OrganisationRow.key == bindparam("key"),
        s.Disclosure.year == bindparam("year"),
        s.Disclosure.kind == bindparam("kind"),
        s.Disclosure.is_current.is_(True),
        s.Disclosure.unit_id != bindparam("uid"),
    )
)


def dependents(
    session: Session, unit_id: int | None, unit_key: str | None, year: int | None, kind: str
) -> list[int]:
    """Stored disclosures whose H rules look at (unit, year): next year's, and departments'."""
    if unit_id is None or year is None:
        return []
    conn = session.connection()
    nxt = conn.scalars(_NEXT_YEAR, {"uid": unit_id, "next": year + 1, "kind": kind})
    depts = conn.scalars(
        _DEPARTMENTS, {"key": unit_key, "year": year, "kind": kind, "uid": unit_id}
    )
    return sorted(set(nxt) | set(depts))

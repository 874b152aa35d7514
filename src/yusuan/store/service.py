"""Use cases over the store, shared by the command line and the web app: compare (units side by
side, one unit over years), a unit's years, delete a version (promoting the previous one), store
a checked upload. The front ends only format what these return; errors are worded here, once,
in Chinese and English. :class:`NotFound` is a missing unit or disclosure (the web answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from yusuan.errors import YusuanError
from yusuan.model import Disclosure
from yusuan.store import schema as s
from yusuan.store.queries import Profile, comparison, profile, years_of

KIND_ZH = {"budget": "预算", "final_accounts": "决算"}


class NotFound(YusuanError):
    """Nothing stored under that name, id or year."""


def check_kind(kind: str) -> str:
    if kind not in KIND_ZH:
        raise YusuanError(
            f"未知的文件类型：{kind}", f"unknown kind: {kind} (budget|final_accounts)"
        )
    return kind


def get_disclosure(session: Session, did: int) -> s.Disclosure:
    row = session.get(s.Disclosure, did)
    if row is None:
        raise NotFound(f"库中没有编号为 {did} 的公开文件", f"no stored disclosure {did}")
    return row


def get_unit(session: Session, unit_id: int) -> s.Unit:
    u = session.get(s.Unit, unit_id)
    if u is None:
        raise NotFound(f"没有编号为 {unit_id} 的单位", f"no unit {unit_id}")
    return u


def unit_years(session: Session, unit_id: int, kind: str = "budget") -> list[int]:
    """The years a unit has a current disclosure of ``kind`` for, oldest first."""
    return years_of(session, unit_id, kind)


def current_disclosure(
    session: Session, unit_id: int, year: int | None, kind: str = "budget"
) -> s.Disclosure | None:
    """The current version for a unit and year (None: its latest year)."""
    q = select(s.Disclosure).where(
        s.Disclosure.unit_id == unit_id,
        s.Disclosure.kind == kind,
        s.Disclosure.is_current.is_(True),
    )
    if year is not None:
        q = q.where(s.Disclosure.year == year)
    return session.scalars(q.order_by(s.Disclosure.year.desc())).first()


# --- compare ------------------------------------------------------------------------------------


@dataclass
class Comparison:
    """Disclosures side by side: one unit over ``years`` (``by_year``), or ``units`` in one year."""

    by_year: bool
    kind: str
    units: list[s.Unit]
    years: list[int]  # one column per year, or the one year of a units comparison
    disclosures: list[s.Disclosure]  # one per column
    profiles: list[Profile]

    def records(self, labels: list[str]) -> list[dict[str, Any]]:
        """Long form (:func:`yusuan.store.queries.comparison`), columns named by ``labels``."""
        return comparison(self.profiles, labels, by_year=self.by_year)


def compare(
    session: Session, unit_ids: list[int], years: list[int], kind: str = "budget"
) -> Comparison:
    """One unit over ``years`` (default: every year stored), or several units in one year
    (default: the latest year they all have)."""
    check_kind(kind)
    unit_ids = list(dict.fromkeys(unit_ids))
    years = sorted(set(years))
    if not unit_ids:
        raise YusuanError("请至少给出一个单位", "give at least one unit")
    units = [get_unit(session, uid) for uid in unit_ids]
    if len(units) == 1:
        u = units[0]
        years = years or unit_years(session, u.id, kind)
        if not years:
            raise NotFound(
                f"库中没有 {u.name} 的{KIND_ZH[kind]}文件", f"nothing stored for {u.name} ({kind})"
            )
        rows = [current_disclosure(session, u.id, y, kind) for y in years]
        missing = [str(y) for y, r in zip(years, rows, strict=True) if r is None]
        if missing:
            raise NotFound(
                f"库中没有 {u.name} {'、'.join(missing)} 年的{KIND_ZH[kind]}文件",
                f"nothing stored for {u.name} in {', '.join(missing)} ({kind})",
            )
    else:
        year = _one_year(session, units, years, kind)
        years = [year]
        rows = [current_disclosure(session, u.id, year, kind) for u in units]
        absent = [u.name for u, r in zip(units, rows, strict=True) if r is None]
        if absent:
            raise NotFound(
                f"库中没有 {'、'.join(absent)} {year} 年的{KIND_ZH[kind]}文件",
                f"nothing stored for {', '.join(absent)} in {year} ({kind})",
            )
    found = [r for r in rows if r is not None]
    return Comparison(
        by_year=len(units) == 1,
        kind=kind,
        units=units,
        years=years,
        disclosures=found,
        profiles=[profile(session, r.id) for r in found],
    )


def _one_year(session: Session, units: list[s.Unit], years: list[int], kind: str) -> int:
    """The year to compare units in: the one given, else the latest they all have."""
    if len(years) > 1:
        raise YusuanError("比较多个单位时只能给一个年度", "give one year to compare units")
    if years:
        return years[0]
    common = set.intersection(*(set(unit_years(session, u.id, kind)) for u in units))
    if not common:
        raise YusuanError("这些单位没有共同的年度，请指定年度", "the units share no year; give one")
    return max(common)


# --- changing the store -------------------------------------------------------------------------


def delete_disclosure(session: Session, did: int) -> dict[str, Any]:
    """Delete one stored disclosure (and its file record); the previous version becomes current,
    the search index forgets its projects, and neighbours' cross-year findings are recomputed."""
    from yusuan.store.history import dependents, refresh
    from yusuan.store.mapping import forget_search

    row = get_disclosure(session, did)
    info = {"id": row.id, "unit": row.unit_name, "year": row.year, "version": row.version}
    unit_id, year, kind, was_current = row.unit_id, row.year, row.kind, row.is_current
    unit = session.get(s.Unit, unit_id) if unit_id else None
    forget_search(session, did)
    doc_id = row.document_id
    session.execute(delete(s.Disclosure).where(s.Disclosure.id == did))
    session.execute(delete(s.Document).where(s.Document.id == doc_id))
    if was_current and unit_id is not None:
        prev = session.scalars(
            select(s.Disclosure.id)
            .where(
                s.Disclosure.unit_id == unit_id,
                s.Disclosure.year == year,
                s.Disclosure.kind == kind,
            )
            .order_by(s.Disclosure.version.desc())
        ).first()
        if prev is not None:
            session.execute(
                update(s.Disclosure).where(s.Disclosure.id == prev).values(is_current=True)
            )
    session.flush()
    for dep in dependents(session, unit_id, unit.key if unit else None, year, kind):
        refresh(session, dep)
    return info


def store_checked(session: Session, d: Disclosure, size: int | None = None) -> tuple[int, str]:
    """Store a disclosure read and checked elsewhere (a web upload): the checks run again here,
    with the stored history. Returns its id and ``loaded``, or the stored one's and
    ``skipped`` when the same file is stored already."""
    from yusuan.store.loader import store_disclosure

    o = store_disclosure(session, d, size=size)
    did = o.disclosure_id
    if did is None:  # skipped: the same file is stored already
        did = session.scalars(
            select(s.Disclosure.id)
            .join(s.Document, s.Document.id == s.Disclosure.document_id)
            .where(s.Document.sha256 == d.source.sha256)
        ).first()
    return int(did or 0), o.status

"""What the pages and the API show, built on the store's queries and use cases
(:mod:`yusuan.store.service`), and on its ORM schema for the few views only the web app has:
facets, a disclosure's findings, its versions and chart data."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yusuan.check.findings import SEVERITY_ORDER, SEVERITY_ZH
from yusuan.model import TABLE_KINDS
from yusuan.store import schema as s
from yusuan.store import service
from yusuan.store.service import KIND_ZH
from yusuan.vocab import CHANGE_LABELS, THREE_PUBLIC_LABELS

TABLE_KIND_ZH = TABLE_KINDS


def plain(v: Any) -> Any:
    """JSON-ready: Decimals as strings (exact), everything else as is."""
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [plain(x) for x in v]
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


# --- library ---------------------------------------------------------------------------------


def library(
    session: Session,
    *,
    region: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    has_errors: bool | None = None,
    q: str | None = None,
) -> list[dict[str, Any]]:
    from yusuan.store.queries import list_disclosures

    rows = list_disclosures(
        session,
        region=region or None,
        unit=unit or None,
        year=year,
        has_errors=has_errors,
        q=q or None,
    )
    return decorate(rows)


def decorate(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Library rows as the pages show them: the region in one, the kind in Chinese."""
    for r in rows:
        r["region"] = " ".join(x for x in (r["province"], r["city"], r["county"]) if x)
        r["kind_zh"] = KIND_ZH.get(r["kind"], r["kind"])
        r["filename"] = (r.get("path") or "").rsplit("/", 1)[-1]
    return rows


def facets(session: Session) -> dict[str, Any]:
    """Choices for the library's filters: regions, years and units that have current disclosures."""
    cur = s.Disclosure.is_current.is_(True)
    years = [
        y
        for y in session.scalars(
            select(s.Disclosure.year).where(cur).distinct().order_by(s.Disclosure.year.desc())
        )
        if y is not None
    ]
    regions: set[str] = set()
    for p, c, k in session.execute(
        select(s.Unit.province, s.Unit.city, s.Unit.county)
        .join(s.Disclosure, s.Disclosure.unit_id == s.Unit.id)
        .where(cur)
        .distinct()
    ):
        regions.update(x for x in (p, c, k) if x)
    units: list[dict[str, Any]] = [
        {"id": uid, "name": name, "years": []}
        for uid, name in session.execute(
            select(s.Unit.id, s.Unit.name)
            .where(s.Unit.id.in_(select(s.Disclosure.unit_id).where(cur)))
            .order_by(s.Unit.name)
        )
    ]
    ys: dict[int | None, list[int]] = defaultdict(list)
    for uid, y in session.execute(
        select(s.Disclosure.unit_id, s.Disclosure.year)
        .where(cur, s.Disclosure.year.is_not(None))
        .distinct()
        .order_by(s.Disclosure.year)
    ):
        if y is not None:
            ys[uid].append(y)
    for u in units:
        u["years"] = ys.get(u["id"], [])
    return {"years": years, "regions": sorted(regions), "units": units}


def unit_names(session: Session) -> list[str]:
    """The names of the units with current disclosures (the library suggests them)."""
    has_current = select(s.Disclosure.unit_id).where(s.Disclosure.is_current.is_(True))
    return list(
        session.scalars(select(s.Unit.name).where(s.Unit.id.in_(has_current)).order_by(s.Unit.name))
    )


def counts(session: Session) -> dict[str, int]:
    cur = s.Disclosure.is_current.is_(True)
    return {
        "disclosures": session.scalar(select(func.count()).where(cur)) or 0,
        "units": session.scalar(select(func.count(func.distinct(s.Disclosure.unit_id))).where(cur))
        or 0,
        "with_errors": session.scalar(select(func.count()).where(cur, s.Disclosure.errors > 0))
        or 0,
        "projects": session.scalar(
            select(func.count(s.Project.id))
            .join(s.Disclosure, s.Disclosure.id == s.Project.disclosure_id)
            .where(cur)
        )
        or 0,
    }


# --- one disclosure ------------------------------------------------------------------------------


def findings_of(session: Session, did: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for f in session.scalars(
        select(s.FindingRow).where(s.FindingRow.disclosure_id == did).order_by(s.FindingRow.seq)
    ):
        out.append(
            {
                "code": f.code,
                "severity": f.severity,
                "severity_zh": SEVERITY_ZH.get(f.severity, f.severity),
                "message": f.message,
                "expected": f.expected,
                "actual": f.actual,
                "arithmetic": f.arithmetic,
                "tolerance": f.tolerance,
                "diagnosis": f.diagnosis,
                "suggestion": f.suggestion,
                "section": f.section,
                "locations": f.locations,
            }
        )
    out.sort(key=lambda x: -SEVERITY_ORDER.get(x["severity"], -1))  # errors first
    for n, x in enumerate(out, 1):
        x["n"] = n
    return out


def meta(session: Session, row: s.Disclosure) -> dict[str, Any]:
    unit = session.get(s.Unit, row.unit_id) if row.unit_id else None
    doc = session.get(s.Document, row.document_id)
    versions = [
        {"id": i, "version": v, "current": c}
        for i, v, c in session.execute(
            select(s.Disclosure.id, s.Disclosure.version, s.Disclosure.is_current)
            .where(
                s.Disclosure.unit_id == row.unit_id,
                s.Disclosure.year == row.year,
                s.Disclosure.kind == row.kind,
            )
            .order_by(s.Disclosure.version)
        )
    ]
    other_years = (
        [
            {"id": i, "year": y}
            for i, y in session.execute(
                select(s.Disclosure.id, s.Disclosure.year)
                .where(
                    s.Disclosure.unit_id == row.unit_id,
                    s.Disclosure.kind == row.kind,
                    s.Disclosure.is_current.is_(True),
                )
                .order_by(s.Disclosure.year)
            )
        ]
        if row.unit_id
        else []
    )
    return {
        "id": row.id,
        "unit": row.unit_name,
        "unit_id": row.unit_id,
        "province": unit.province if unit else None,
        "city": unit.city if unit else None,
        "county": unit.county if unit else None,
        "region": " ".join(x for x in (unit.province, unit.city, unit.county) if x) if unit else "",
        "region_source": unit.region_source if unit else None,
        "year": row.year,
        "kind": row.kind,
        "kind_zh": KIND_ZH.get(row.kind, row.kind),
        "version": row.version,
        "current": row.is_current,
        "errors": row.errors,
        "warnings": row.warnings,
        "infos": row.infos,
        "expenditure_total": row.expenditure_total,
        "format": row.source_format,
        "filename": (row.source_path or "").rsplit("/", 1)[-1],
        "sha256": doc.sha256 if doc else None,
        "loaded_at": row.loaded_at,
        "versions": versions,
        "years": other_years,
    }


def charts(session: Session, did: int) -> dict[str, Any]:
    """Data for the three charts of a disclosure: functional classes (treemap), basic vs project,
    and the “三公” parts. Values in 万元 as floats (for drawing only; tables show the decimals)."""
    from yusuan.store.queries import FUNCTION_NAMES, profile

    p = profile(session, did)
    functional: dict[str, tuple[str, Decimal]] = {}
    for (section, key), line in p.lines.items():
        if section == "functional" and line.value is not None:
            name = line.label.split(" ", 1)[1] if " " in line.label else line.label
            functional[key] = (name, line.value)

    def children(prefix: str, width: int) -> list[dict[str, Any]]:
        out = []
        for code in sorted(functional):
            if len(code) == width and code.startswith(prefix):
                name, v = functional[code]
                node: dict[str, Any] = {"name": f"{code} {name}", "value": float(v)}
                if width < 7:
                    kids = children(code, width + 2)
                    if kids:
                        node["children"] = kids
                if v > 0:
                    out.append(node)
        return out

    tree = children("", 3)
    if not tree:  # tables printing only items: show them flat
        tree = [
            {"name": f"{c} {functional[c][0] or FUNCTION_NAMES.get(c[:3], '')}", "value": float(v)}
            for c, (_, v) in sorted(functional.items())
            if v > 0
        ]
    basic, project = p.get("totals", "basic"), p.get("totals", "project")
    split: list[dict[str, Any]] = []
    if basic is not None:
        split.append({"name": "基本支出", "value": float(basic)})
    if project is not None:
        split.append({"name": "项目支出", "value": float(project)})
    personnel, public = p.get("totals", "personnel"), p.get("totals", "public_operating")
    tp: list[dict[str, Any]] = []
    for key in ("outbound", "vehicle_purchase", "vehicle_operation", "reception"):
        label = THREE_PUBLIC_LABELS[key]
        v = p.get("three_public", key)
        if v is not None:
            tp.append({"name": label, "value": float(v)})
    if not any(x["name"].startswith("公务用车") for x in tp):
        v = p.get("three_public", "vehicle_total")
        if v is not None:
            tp.insert(1, {"name": "公务用车购置及运行费", "value": float(v)})
    return {
        "functional": tree,
        "split": split,
        "basic_parts": [
            {"name": n, "value": float(v)}
            for n, v in (("人员经费", personnel), ("公用经费", public))
            if v is not None
        ],
        "three_public": tp,
        "three_public_total": _f(p.get("three_public", "total")),
        "expenditure_total": _f(p.get("totals", "expenditure_total")),
    }


def _f(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


# --- changing the store -------------------------------------------------------------------------


def set_region(
    session: Session,
    unit_id: int,
    province: str | None,
    city: str | None,
    county: str | None,
) -> dict[str, Any]:
    u = service.get_unit(session, unit_id)
    # A form sends every field: an empty one clears that part.
    return {"id": u.id, **service.set_region(u, province or "", city or "", county or "")}


# --- comparison --------------------------------------------------------------------------------


SECTION_ZH = {
    "totals": "总体情况",
    "functional": "按功能分类",
    "three_public": "“三公”经费",
    "operating": "机关运行经费",
    "changes": "文中所述比上年增减",
}


def _zh(label: str) -> str:
    """The Chinese part of the store's bilingual labels ("基本支出 basic" → "基本支出")."""
    import re

    return re.sub(r"\s+[A-Za-z][A-Za-z ()'-]*$", "", label).strip()


def compare(
    session: Session, unit_ids: list[int], years: list[int], kind: str = "budget"
) -> dict[str, Any]:
    """One unit over years (with changes), or several units in one year, side by side."""
    c = service.compare(session, unit_ids, years, kind)
    if c.by_year:
        labels = [f"{y}年" for y in c.years]
        title = f"{c.units[0].name} 历年对比"
    else:
        labels = [u.name for u in c.units]
        title = f"{c.years[0]} 年单位对比"
    by_year, ds = c.by_year, c.disclosures
    records = c.records(labels)
    sections: dict[str, dict[str, Any]] = {}
    for rec in records:
        sec = sections.setdefault(
            rec["section"],
            {
                "key": rec["section"],
                "title": SECTION_ZH.get(rec["section"], rec["section"]),
                "rows": {},
            },
        )
        item = _zh(rec["item"])
        if rec["section"] == "changes":  # the section title says 比上年增减 already
            item = CHANGE_LABELS.get(rec["key"], rec["key"])
        row = sec["rows"].setdefault(rec["key"], {"key": rec["key"], "item": item, "cells": []})
        row["cells"].append(
            {
                "value": rec["value"],
                "share": rec["share"],
                "change": rec["change"],
                "change_pct": rec["change_pct"],
                "basis": rec["basis"],
            }
        )
    out_sections = [{**sec, "rows": list(sec["rows"].values())} for sec in sections.values()]

    # Charts: the headline lines and the functional classes (3-digit), per column.
    def series(section: str, keys: list[str] | None = None) -> dict[str, Any]:
        sec = sections.get(section)
        if sec is None:
            return {"categories": [], "series": []}
        chosen = [
            r
            for r in sec["rows"].values()
            if (keys is None and len(r["key"]) == 3) or (keys is not None and r["key"] in keys)
        ]
        return {
            "categories": [r["item"].strip() for r in chosen],
            "series": [
                {
                    "name": label,
                    "data": [
                        None if r["cells"][i]["value"] is None else float(r["cells"][i]["value"])
                        for r in chosen
                    ],
                }
                for i, label in enumerate(labels)
            ],
        }

    return {
        "title": title,
        "by_year": by_year,
        "kind": kind,
        "columns": labels,
        "disclosures": [{"id": d.id, "unit": d.unit_name, "year": d.year} for d in ds],
        "sections": out_sections,
        "charts": {
            "totals": series("totals", ["expenditure_total", "basic", "project"]),
            "functional": series("functional"),
            "three_public": series(
                "three_public", ["outbound", "reception", "vehicle_purchase", "vehicle_operation"]
            ),
        },
        "records": records,
    }

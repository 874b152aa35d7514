"""Disclosure ↔ rows, both ways. ``rebuild(store(d)) == d`` is tested, so nothing read is lost."""

from __future__ import annotations

import json
import operator
import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from yusuan.model import disclosure as m
from yusuan.store import schema as s
from yusuan.store.region import normalise_name

OVERVIEW_FIELDS = (
    "income_total",
    "expenditure_total",
    "basic",
    "personnel",
    "public_operating",
    "project",
)
THREE_PUBLIC_FIELDS = m.THREE_PUBLIC_AMOUNTS
PROJECT_AMOUNTS = ("budget", "fiscal", "other", "total")
_BLANKS = re.compile(r"\s+")
_SQLITE = sqlite.dialect()
_PG = postgresql.dialect()


def _dec(v: Decimal | None) -> str | None:
    return None if v is None else str(v)


def _amount_cols(prefix: str, a: m.Amount | None) -> dict[str, Any]:
    if a is None:
        return {prefix: None, f"{prefix}_raw": None, f"{prefix}_source": None}
    return {prefix: a.value, f"{prefix}_raw": a.raw, f"{prefix}_source": a.source}


def _amount_from(row: Any, prefix: str) -> m.Amount | None:
    raw = getattr(row, f"{prefix}_raw")
    value = getattr(row, prefix)
    if raw is None and value is None:
        return None
    return m.Amount(value=value, raw=raw, source=getattr(row, f"{prefix}_source"))


def search_text(p: m.Project) -> str:
    """What `yusuan projects` searches: the name, goals and every indicator's words, one line
    each (repeats dropped: a term never spans lines). It ends with a newline so that every
    pair of characters begins a trigram (SQLite finds two-character terms that way)."""
    parts = [p.name, p.goal, p.purpose]
    for i in p.indicators:
        parts += [i.level3, i.description, i.value.raw if i.value else None]
    return "\n".join(dict.fromkeys(x for x in parts if x)) + "\n"


def _indicator_row(
    i: m.Indicator, disclosure_id: int, project_id: int | None, seq: int
) -> dict[str, Any]:
    v = i.value
    return {
        "disclosure_id": disclosure_id,
        "project_id": project_id,
        "seq": seq,
        "level1": i.level1,
        "level2": i.level2,
        "level3": i.level3,
        "category1": i.category1,
        "category2": i.category2,
        "description": i.description,
        "basis": i.basis,
        "has_value": v is not None,
        "value_raw": v.raw if v else None,
        "operator": v.operator if v else None,
        "number": v.number if v else None,
        "value_unit": v.unit if v else None,
        "value_text": v.text if v else None,
        "source": i.source,
    }


def extra_of(d: m.Disclosure) -> dict[str, Any]:
    dep = d.performance.department
    return {
        "responsibilities": d.responsibilities,
        "glossary": [g.model_dump() for g in d.glossary],
        "other_matters": d.other_matters,
        "unparsed": [u.model_dump() for u in d.unparsed],
        "change_rates": {k: str(v) for k, v in d.overview.change_rates.items()},
        "procurement_text": d.procurement.text,
        "assets_as_of": d.assets.as_of,
        "three_public_reason": d.three_public.reason,
        "department": {
            "unit": dep.unit,
            "overall_goal": dep.overall_goal,
            "goals": [g.model_dump() for g in dep.goals],
            "measures": dep.measures,
            "tasks": [t.model_dump() for t in dep.tasks],
            "source": dep.source,
        },
    }


def headline_total(d: m.Disclosure) -> Decimal | None:
    """支出合计: the narrative's, else the expenditure table's 合计 row."""
    if d.overview.expenditure_total is not None:
        return d.overview.expenditure_total.value
    from yusuan.check.context import Context

    for kind in ("expenditure", "general_public_expenditure"):
        for t in d.tables:
            if t.kind == kind and not t.empty:
                a = Context.value(Context.total_row(t), Context.total_column(t))
                if a is not None:
                    return a.value
    return None


def figure_rows(d: m.Disclosure, disclosure_id: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(section: str, key: str, a: m.Amount | None) -> None:
        if a is not None:
            out.append(
                {
                    "disclosure_id": disclosure_id,
                    "seq": len(out),
                    "section": section,
                    "key": key,
                    "value": a.value,
                    "raw": a.raw,
                    "source": a.source,
                }
            )

    ov = d.overview
    for f in OVERVIEW_FIELDS:
        add("overview", f, getattr(ov, f))
    for k, a in ov.income_by_source.items():
        add("income_by_source", k, a)
    for k, a in ov.changes.items():
        add("changes", k, a)
    oc = d.operating_costs
    for f in ("amount", "change", "previous"):
        add("operating_costs", f, getattr(oc, f))
    add("procurement", "total", d.procurement.total)
    add("procurement", "table_total", d.procurement.table_total)
    add("assets", "total", d.assets.total)
    add("assets", "table_total", d.assets.table_total)
    add("assets", "planned_purchase", d.assets.planned_purchase)
    for k, a in d.performance.department.budget.items():
        add("department_budget", k, a)
    return out


def _ids(session: Session, model: Any, n: int) -> list[int]:
    """Reserve ``n`` primary keys, so child rows can be inserted in bulk without RETURNING.

    PostgreSQL hands them out from the sequence; on SQLite the loader already holds the write
    lock (the disclosure row is written first), so max(id) cannot move under us.
    """
    if n == 0:
        return []
    conn = session.connection()
    table = model.__tablename__
    if conn.dialect.name == "postgresql":
        q = f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, :n)"
        return list(conn.execute(text(q), {"n": n}).scalars())
    start = conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()
    return list(range(start + 1, start + 1 + n))


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """One driver-level executemany. SQLAlchemy's per-row type processing cost more than the
    database itself, so values are converted here: Decimal → text on SQLite, JSON → text."""
    if not rows:
        return
    conn = session.connection()
    table = model.__table__
    cols = [c for c in table.columns if c.name in rows[0]]
    sqlite = conn.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    quoted = ", ".join(f'"{c.name}"' for c in cols)
    sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join([mark] * len(cols))})"
    names = [c.name for c in cols]
    convert = []
    for i, c in enumerate(cols):
        if isinstance(c.type, JSON):
            convert.append((i, _json))
        elif isinstance(c.type, s.Money):
            convert.append((i, _money_sqlite if sqlite else _money_pg))
    params = []
    for r in rows:
        vals = list(map(r.get, names))
        for i, f in convert:
            if vals[i] is not None:
                vals[i] = f(vals[i])
        params.append(tuple(vals))
    if sqlite:
        conn.exec_driver_sql(sql, params)
        return
    # PostgreSQL: COPY is several times faster than even pipelined INSERTs.
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
        for row in params:
            copy.write_row(row)


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def _money_sqlite(v: Decimal) -> str:
    text_ = str(v)
    return text_ if "E" not in text_ else s.Money().process_bind_param(v, _SQLITE)


def _money_pg(v: Decimal) -> Decimal:
    return v if v.as_tuple().exponent <= 0 else s.Money().process_bind_param(v, _PG)  # type: ignore[operator]


def bigrams(text_: str) -> str:
    """ " 视频 频监 监控 ": each distinct pair of adjacent characters, lower-cased, spaced."""
    grams: set[str] = set()
    for chunk in _BLANKS.split(text_.lower()):
        grams.update(map(operator.add, chunk, chunk[1:]))
    return " " + " ".join(sorted(grams)) + " "


def _index_search(session: Session, did: int, pids: list[int], projects: list[m.Project]) -> None:
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "INSERT INTO project_fts(rowid, search_text) "
            "SELECT id, search_text FROM projects WHERE disclosure_id = ?",
            (did,),
        )
    elif conn.dialect.name == "postgresql":
        rows = [(pid, bigrams(search_text(p))) for pid, p in zip(pids, projects, strict=True)]
        raw = conn.connection.driver_connection
        assert raw is not None
        with (
            raw.cursor() as cur,
            cur.copy("COPY project_bigrams (project_id, grams) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)


def insert_disclosure_parts(session: Session, d: m.Disclosure, did: int) -> None:
    """Insert everything below the ``disclosures`` row, in bulk (one statement per table)."""
    orgs = [
        {
            "disclosure_id": did,
            "seq": n,
            "name": o.name,
            "key": normalise_name(o.name),
            "nature": o.nature,
            "rank": o.rank,
            "funding": o.funding,
        }
        for n, o in enumerate(d.organisations)
    ]
    if orgs:
        _insert(session, s.OrganisationRow, orgs)
    figs = figure_rows(d, did)
    if figs:
        _insert(session, s.Figure, figs)
    tp = [
        {"disclosure_id": did, "item": f, "value": a.value, "raw": a.raw, "source": a.source}
        for f in THREE_PUBLIC_FIELDS
        if (a := getattr(d.three_public, f)) is not None
    ]
    if tp:
        _insert(session, s.ThreePublic, tp)

    if d.tables:
        table_ids = _ids(session, s.BudgetTable, len(d.tables))
        _insert(
            session,
            s.BudgetTable,
            [
                {
                    "id": tid,
                    "disclosure_id": did,
                    "seq": n,
                    "kind": t.kind,
                    "title": t.title,
                    "columns": t.columns,
                    "empty": t.empty,
                    "note": t.note,
                    "source": t.source,
                }
                for n, (tid, t) in enumerate(zip(table_ids, d.tables, strict=True))
            ],
        )
        rows: list[dict[str, Any]] = []
        owners: list[tuple[m.TableModel, m.TableRow]] = []
        for tid, t in zip(table_ids, d.tables, strict=True):
            for n, r in enumerate(t.rows):
                rows.append(
                    {
                        "table_id": tid,
                        "disclosure_id": did,
                        "seq": n,
                        "code": r.code,
                        "name": r.name,
                        "side": r.side,
                        "category": r.category,
                        "source": r.source,
                        "keys": list(r.values),
                    }
                )
                owners.append((t, r))
        if rows:
            row_ids = _ids(session, s.TableRow, len(rows))
            for rid, row in zip(row_ids, rows, strict=True):
                row["id"] = rid
            _insert(session, s.TableRow, rows)
            cells = [
                {
                    "row_id": rid,
                    "disclosure_id": did,
                    "table_kind": t.kind,
                    "code": r.code,
                    "column": col,
                    "value": a.value,
                    "raw": a.raw,
                    "source": a.source,
                }
                for rid, (t, r) in zip(row_ids, owners, strict=True)
                for col, a in r.values.items()
                if a is not None
            ]
            if cells:
                _insert(session, s.TableCell, cells)

    projects = d.performance.projects
    indicators = [
        _indicator_row(i, did, None, n) for n, i in enumerate(d.performance.department.indicators)
    ]
    if projects:
        pids = _ids(session, s.Project, len(projects))
        _insert(
            session,
            s.Project,
            [
                {
                    "id": pid,
                    "disclosure_id": did,
                    "seq": n,
                    "name": p.name,
                    "code": p.code,
                    "unit_code": p.unit_code,
                    "unit": p.unit,
                    "title": p.title,
                    "purpose": p.purpose,
                    "goal": p.goal,
                    "start": p.start,
                    "end": p.end,
                    "owner": p.owner,
                    "contact": p.contact,
                    "phone": p.phone,
                    "source": p.source,
                    **{
                        k: v
                        for f in PROJECT_AMOUNTS
                        for k, v in _amount_cols(f, getattr(p, f)).items()
                    },
                    "details": p.details,
                    "amounts": {k: [str(a.value), a.raw, a.source] for k, a in p.amounts.items()},
                    "spending_plan": [
                        {"by": st.by, "percent": _dec(st.percent)} for st in p.spending_plan
                    ],
                    "search_text": search_text(p),
                }
                for n, (pid, p) in enumerate(zip(pids, projects, strict=True))
            ],
        )
        for pid, p in zip(pids, projects, strict=True):
            indicators += [_indicator_row(i, did, pid, n) for n, i in enumerate(p.indicators)]
        _index_search(session, did, pids, projects)
        from yusuan.store.unitcost import derive

        costs = [
            {"disclosure_id": did, "project_id": pid, **c}
            for pid, p in zip(pids, projects, strict=True)
            if (c := derive(p)) is not None
        ]
        if costs:
            _insert(session, s.UnitCost, costs)
    if indicators:
        _insert(session, s.Indicator, indicators)

    proc = [
        {
            "disclosure_id": did,
            "seq": n,
            "project": it.project,
            **_amount_cols("project_budget", it.project_budget),
            "item": it.item,
            "catalog_code": it.catalog_code,
            "measure": it.measure,
            "quantity": it.quantity,
            **_amount_cols("unit_price", it.unit_price),
            **_amount_cols("amount", it.amount),
            "source": it.source,
        }
        for n, it in enumerate(d.procurement.items)
    ]
    if proc:
        _insert(session, s.ProcurementItem, proc)
    assets = [
        {
            "disclosure_id": did,
            "seq": n,
            "category": a.category,
            "quantity": a.quantity,
            "measure": a.measure,
            **_amount_cols("value", a.value),
            "source": a.source,
        }
        for n, a in enumerate(d.assets.items)
    ]
    if assets:
        _insert(session, s.AssetItem, assets)


def finding_rows(findings: list[Any], did: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        {
            "disclosure_id": did,
            "seq": start + n,
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "expected": None if f.expected is None else str(f.expected),
            "actual": None if f.actual is None else str(f.actual),
            "arithmetic": f.arithmetic,
            "tolerance": None if f.tolerance is None else str(f.tolerance),
            "diagnosis": f.diagnosis,
            "suggestion": f.suggestion,
            "section": f.section,
            "locations": [loc.model_dump(exclude_none=True) for loc in f.locations],
        }
        for n, f in enumerate(findings)
    ]


# --- rows → Disclosure ------------------------------------------------------------------------


def _rows(session: Session, model: Any, did: int, order: Any = None) -> list[Any]:
    """Plain rows (attribute access by column name): much cheaper than ORM objects."""
    t = model.__table__
    key = t.c[order.key] if order is not None else t.c.id
    return list(session.execute(select(t).where(t.c.disclosure_id == did).order_by(key, t.c.id)))


def _indicator(r: s.Indicator) -> m.Indicator:
    value = (
        m.IndicatorValueModel(
            raw=r.value_raw or "",
            operator=r.operator,  # type: ignore[arg-type]
            number=r.number,
            unit=r.value_unit,
            text=r.value_text,
        )
        if r.has_value
        else None
    )
    return m.Indicator(
        level1=r.level1,
        level2=r.level2,
        level3=r.level3,
        category1=r.category1,
        category2=r.category2,
        description=r.description,
        basis=r.basis,
        value=value,
        source=r.source,
    )


def rebuild(session: Session, did: int, *, light: bool = False) -> m.Disclosure:
    """The stored disclosure ``did`` as the canonical model, exactly as it was read.

    ``light`` leaves out projects, indicators, procurement and asset items (the bulk of a
    document), for the cross-year checks that only look at totals and tables.
    """
    row = session.get(s.Disclosure, did)
    if row is None:
        raise KeyError(did)
    doc = session.get(s.Document, row.document_id)
    assert doc is not None
    ex = row.extra

    figs: dict[str, dict[str, m.Amount]] = defaultdict(dict)
    for f in _rows(session, s.Figure, did, s.Figure.seq):
        figs[f.section][f.key] = m.Amount(value=f.value, raw=f.raw, source=f.source)
    ov = figs["overview"]
    overview = m.Overview(
        **{k: ov.get(k) for k in OVERVIEW_FIELDS},
        income_by_source=figs["income_by_source"],
        changes=figs["changes"],
        change_rates={k: Decimal(v) for k, v in ex["change_rates"].items()},
    )
    oc = figs["operating_costs"]
    tp = {
        r.item: m.Amount(value=r.value, raw=r.raw, source=r.source)
        for r in _rows(session, s.ThreePublic, did)
    }

    tables = _rows(session, s.BudgetTable, did, s.BudgetTable.seq)
    trows: dict[int, list[s.TableRow]] = defaultdict(list)
    for r in _rows(session, s.TableRow, did, s.TableRow.id):
        trows[r.table_id].append(r)
    cells: dict[int, dict[str, m.Amount]] = defaultdict(dict)
    for c in _rows(session, s.TableCell, did, s.TableCell.id):
        cells[c.row_id][c.column] = m.Amount(value=c.value, raw=c.raw, source=c.source)
    table_models = []
    for t in tables:
        rows = []
        for r in trows[t.id]:
            have = cells.get(r.id, {})
            rows.append(
                m.TableRow(
                    code=r.code,
                    name=r.name,
                    values={k: have.get(k) for k in r.keys},
                    source=r.source,
                    side=r.side,
                    category=r.category,
                )
            )
        table_models.append(
            m.TableModel(
                kind=t.kind,  # type: ignore[arg-type]
                title=t.title,
                columns=t.columns,
                rows=rows,
                empty=t.empty,
                note=t.note,
                source=t.source,
            )
        )

    inds: dict[int | None, list[m.Indicator]] = defaultdict(list)
    for i in [] if light else _rows(session, s.Indicator, did, s.Indicator.id):
        inds[i.project_id].append(_indicator(i))
    projects = [
        m.Project(
            name=p.name,
            code=p.code,
            unit_code=p.unit_code,
            budget=_amount_from(p, "budget"),
            fiscal=_amount_from(p, "fiscal"),
            other=_amount_from(p, "other"),
            purpose=p.purpose,
            spending_plan=[
                m.SpendingStep(
                    by=st["by"], percent=None if st["percent"] is None else Decimal(st["percent"])
                )
                for st in p.spending_plan
            ],
            start=p.start,
            end=p.end,
            goal=p.goal,
            details=p.details,
            indicators=inds.get(p.id, []),
            source=p.source,
            title=p.title,
            unit=p.unit,
            owner=p.owner,
            contact=p.contact,
            phone=p.phone,
            total=_amount_from(p, "total"),
            amounts={
                k: m.Amount(value=Decimal(v[0]), raw=v[1], source=v[2])
                for k, v in p.amounts.items()
            },
        )
        for p in ([] if light else _rows(session, s.Project, did, s.Project.seq))
    ]
    dep = ex["department"]
    proc = figs["procurement"]
    assets = figs["assets"]
    return m.Disclosure(
        schema=row.schema_id,
        source=m.SourceRef(path=row.source_path, sha256=doc.sha256, format=row.source_format),
        kind=row.kind,  # type: ignore[arg-type]
        year=row.year,
        unit=m.Unit(
            name=row.unit_name,
            code=row.unit_code,
            nature=row.unit_nature,
            rank=row.unit_rank,
            funding=row.unit_funding,
        ),
        organisations=[
            m.Organisation(name=o.name, nature=o.nature, rank=o.rank, funding=o.funding)
            for o in _rows(session, s.OrganisationRow, did, s.OrganisationRow.seq)
        ],
        money_unit=row.money_unit,
        responsibilities=ex["responsibilities"],
        overview=overview,
        operating_costs=m.OperatingCosts(
            amount=oc.get("amount"), change=oc.get("change"), previous=oc.get("previous")
        ),
        three_public=m.ThreePublic(
            **{f: tp.get(f) for f in THREE_PUBLIC_FIELDS}, reason=ex["three_public_reason"]
        ),
        tables=table_models,
        performance=m.Performance(
            department=m.DepartmentPerformance(
                unit=dep["unit"],
                overall_goal=dep["overall_goal"],
                goals=[m.SubGoal(**g) for g in dep["goals"]],
                measures=dep["measures"],
                tasks=[m.Task(**t) for t in dep["tasks"]],
                budget=figs["department_budget"],
                indicators=inds.get(None, []),
                source=dep["source"],
            ),
            projects=projects,
        ),
        procurement=m.Procurement(
            total=proc.get("total"),
            table_total=proc.get("table_total"),
            items=[
                m.ProcurementItem(
                    project=it.project,
                    project_budget=_amount_from(it, "project_budget"),
                    item=it.item,
                    catalog_code=it.catalog_code,
                    measure=it.measure,
                    quantity=it.quantity,
                    unit_price=_amount_from(it, "unit_price"),
                    amount=_amount_from(it, "amount"),
                    source=it.source,
                )
                for it in (
                    [] if light else _rows(session, s.ProcurementItem, did, s.ProcurementItem.seq)
                )
            ],
            text=ex["procurement_text"],
        ),
        assets=m.Assets(
            as_of=ex["assets_as_of"],
            total=assets.get("total"),
            table_total=assets.get("table_total"),
            planned_purchase=assets.get("planned_purchase"),
            items=[
                m.AssetItem(
                    category=a.category,
                    quantity=a.quantity,
                    measure=a.measure,
                    value=_amount_from(a, "value"),
                    source=a.source,
                )
                for a in ([] if light else _rows(session, s.AssetItem, did, s.AssetItem.seq))
            ],
        ),
        glossary=[m.GlossaryEntry(**g) for g in ex["glossary"]],
        other_matters=ex["other_matters"],
        unparsed=[m.Unparsed(**u) for u in ex["unparsed"]],
    )

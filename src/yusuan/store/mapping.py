"""Disclosure ↔ rows, both ways. ``rebuild(store(d)) == d`` is tested, so nothing read is lost."""

from __future__ import annotations

import functools
import json
import operator
import re
from collections import defaultdict
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from yusuan.model import disclosure as m
from yusuan.store import schema as s
from yusuan.store.region import normalise_name

_BLANKS = re.compile(r"\s+")
_SQLITE = sqlite.dialect()
_PG = postgresql.dialect()


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


def extra_of(d: m.Disclosure) -> dict[str, Any]:
    dep = d.performance.department
    return {
        "responsibilities": d.responsibilities,
        "parts": [p.model_dump() for p in d.parts],
        "glossary": [g.model_dump() for g in d.glossary],
        "other_matters": d.other_matters,
        "unparsed": [u.model_dump() for u in d.unparsed],
        "change_rates": {k: str(v) for k, v in d.overview.change_rates.items()},
        "procurement_text": d.procurement.text,
        "assets_as_of": d.assets.as_of,
        "three_public_reason": d.three_public.reason,
        "three_public_changes": {
            k: a.model_dump(mode="json") for k, a in d.three_public.changes.items()
        },
        "narrative": [p.model_dump() for p in d.narrative],
        "blank_pages": d.blank_pages,
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
    for kind in ("expenditure", "general_public_expenditure"):
        for t in d.tables:
            if t.kind == kind and not t.empty:
                a = t.total()
                if a is not None:
                    return a.value
    return None


# --- Disclosure → rows ------------------------------------------------------------------------


def _cols(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# The columns each bulk insert writes, in the order the row tuples below give them.
ORG_COLS = _cols("disclosure_id seq name key nature rank funding")
FIGURE_COLS = _cols("disclosure_id seq section key value raw source")
THREE_PUBLIC_COLS = _cols("disclosure_id item value raw source")
TABLE_COLS = _cols("id disclosure_id seq kind title columns empty note source money_unit")
ROW_COLS = _cols("id table_id disclosure_id seq code name side category source keys")
CELL_COLS = _cols("row_id disclosure_id table_kind code column value raw source")
PROJECT_COLS = (
    *_cols("id disclosure_id seq name code unit_code unit title purpose goal start end owner")
    + _cols("contact phone source"),
    *(f"{a}{x}" for a in m.PROJECT_AMOUNTS for x in ("", "_raw", "_source")),
    *_cols("details amounts spending_plan search_text"),
)
INDICATOR_COLS = _cols(
    "disclosure_id project_id seq level1 level2 level3 category1 category2 description basis "
    "has_value value_raw operator number value_unit value_text source"
)
UNIT_COST_COLS = _cols(
    "disclosure_id project_id item activity measure indicator quantity quantity_raw cost "
    "cost_raw cost_basis unit_cost"
)
PROCUREMENT_COLS = _cols(
    "disclosure_id seq project project_budget project_budget_raw project_budget_source item "
    "catalog_code measure quantity unit_price unit_price_raw unit_price_source amount "
    "amount_raw amount_source source"
)
ASSET_COLS = _cols(
    "disclosure_id seq category quantity measure value value_raw value_source source"
)
FINDING_COLS = _cols(
    "disclosure_id seq code severity message expected actual arithmetic tolerance diagnosis "
    "suggestion section locations"
)
# Compact, and one encoder for all (json.dumps with options builds a new one per call).
json_text = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


def _money_sqlite(v: Decimal | None) -> str | None:
    if v is None:
        return None
    text_ = str(v)
    return text_ if "E" not in text_ else s.Money().process_bind_param(v, _SQLITE)


def _money_pg(v: Decimal | None) -> Decimal | None:
    if v is None or v.as_tuple().exponent <= 0:  # type: ignore[operator]
        return v
    return s.Money().process_bind_param(v, _PG)  # type: ignore[no-any-return]


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


class Writer:
    """Bulk inserts at the driver level, one statement per table (COPY on PostgreSQL).

    Rows are tuples in the order of the ``*_COLS`` above, with values converted by the callers
    (money through ``self.money``, JSON through ``json_text``): SQLAlchemy's per-row type
    processing cost more than the database itself.
    """

    def __init__(self, session: Session) -> None:
        self.conn = session.connection()
        self.sqlite = self.conn.dialect.name == "sqlite"
        self.money = _money_sqlite if self.sqlite else _money_pg
        self.raw = self.conn.connection.driver_connection

    def amount(self, a: m.Amount | None) -> tuple[Any, str | None, str | None]:
        return (None, None, None) if a is None else (self.money(a.value), a.raw, a.source)

    def insert(self, table: str, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        quoted = ", ".join(f'"{c}"' for c in cols)
        if self.sqlite:
            marks = ", ".join("?" * len(cols))
            self.raw.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)  # type: ignore[union-attr]
            return
        with (
            self.raw.cursor() as cur,  # type: ignore[union-attr]
            cur.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def ids(self, table: str, n: int) -> list[int]:
        """Reserve ``n`` primary keys, so child rows can be inserted in bulk without RETURNING.

        PostgreSQL hands them out from the sequence; on SQLite every writing session begins with
        BEGIN IMMEDIATE (``Store.session``), so no other writer can move max(id) under us.
        """
        if n == 0:
            return []
        if self.sqlite:
            start = self.raw.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]  # type: ignore[union-attr]
            return list(range(start + 1, start + 1 + n))
        q = f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)"
        with self.raw.cursor() as cur:  # type: ignore[union-attr]
            return [r[0] for r in cur.execute(q, (n,))]


# The document-level amounts the figures table holds (three_public has its own table).
_FIGURE_SECTIONS = frozenset(
    {
        "overview",
        "income_by_source",
        "other_uses",
        "changes",
        "operating_costs",
        "procurement",
        "assets",
        "department_budget",
    }
)


def figure_rows(d: m.Disclosure, did: int, money: Any) -> list[tuple[Any, ...]]:
    present = [
        (at.section, at.key, at.amount) for at in d.amounts() if at.section in _FIGURE_SECTIONS
    ]
    return [
        (did, n, sec, k, money(a.value), a.raw, a.source) for n, (sec, k, a) in enumerate(present)
    ]


def _indicator_rows(
    inds: list[m.Indicator], did: int, project_id: int | None, money: Any
) -> list[tuple[Any, ...]]:
    no_value = (False, None, None, None, None, None)
    return [
        (
            did,
            project_id,
            n,
            i.level1,
            i.level2,
            i.level3,
            i.category1,
            i.category2,
            i.description,
            i.basis,
            *(
                no_value
                if (v := i.value) is None
                else (True, v.raw, v.operator, money(v.number), v.unit, v.text)
            ),
            i.source,
        )
        for n, i in enumerate(inds)
    ]


def _tables(w: Writer, d: m.Disclosure, did: int) -> None:
    if not d.tables:
        return
    table_ids = w.ids("budget_tables", len(d.tables))
    w.insert(
        "budget_tables",
        TABLE_COLS,
        [
            (
                tid,
                did,
                n,
                t.kind,
                t.title,
                json_text(t.columns),
                t.empty,
                t.note,
                t.source,
                t.money_unit,
            )
            for n, (tid, t) in enumerate(zip(table_ids, d.tables, strict=True))
        ],
    )
    owners = [
        (tid, n, t, r)
        for tid, t in zip(table_ids, d.tables, strict=True)
        for n, r in enumerate(t.rows)
    ]
    if not owners:
        return
    row_ids = w.ids("table_rows", len(owners))
    rows = [
        (rid, tid, did, n, r.code, r.name, r.side, r.category, r.source, json_text(list(r.values)))
        for rid, (tid, n, _, r) in zip(row_ids, owners, strict=True)
    ]
    w.insert("table_rows", ROW_COLS, rows)
    money = w.money
    w.insert(
        "table_cells",
        CELL_COLS,
        [
            (rid, did, t.kind, r.code, col, money(a.value), a.raw, a.source)
            for rid, (_, _, t, r) in zip(row_ids, owners, strict=True)
            for col, a in r.values.items()
            if a is not None
        ],
    )


def _projects(w: Writer, d: m.Disclosure, did: int) -> list[tuple[Any, ...]]:
    """Insert the projects (and their search index entries, unit costs); their indicators are
    returned, for one insert with the department's."""
    from yusuan.store.unitcost import derive

    projects = d.performance.projects
    if not projects:
        return []
    money, amount = w.money, w.amount
    pids = w.ids("projects", len(projects))
    texts = [search_text(p) for p in projects]
    rows = []
    indicators = []
    costs = []
    for n, (pid, p, st) in enumerate(zip(pids, projects, texts, strict=True)):
        rows.append(
            (
                pid,
                did,
                n,
                p.name,
                p.code,
                p.unit_code,
                p.unit,
                p.title,
                p.purpose,
                p.goal,
                p.start,
                p.end,
                p.owner,
                p.contact,
                p.phone,
                p.source,
                *amount(p.budget),
                *amount(p.fiscal),
                *amount(p.other),
                *amount(p.total),
                json_text(p.details),
                json_text({k: [str(a.value), a.raw, a.source] for k, a in p.amounts.items()}),
                json_text([{"by": x.by, "percent": _str(x.percent)} for x in p.spending_plan]),
                st,
            )
        )
        indicators += _indicator_rows(p.indicators, did, pid, money)
        c = derive(p)
        if c is not None:
            costs.append(
                (
                    did,
                    pid,
                    c["item"],
                    c["activity"],
                    c["measure"],
                    c["indicator"],
                    money(c["quantity"]),
                    c["quantity_raw"],
                    money(c["cost"]),
                    c["cost_raw"],
                    c["cost_basis"],
                    money(c["unit_cost"]),
                )
            )
    w.insert("projects", PROJECT_COLS, rows)
    _index_search(w, did, pids, texts)
    w.insert("unit_costs", UNIT_COST_COLS, costs)
    return indicators


def bigrams(text_: str) -> str:
    """ " 视频 频监 监控 ": each distinct pair of adjacent characters, lower-cased, spaced."""
    grams: set[str] = set()
    for chunk in _BLANKS.split(text_.lower()):
        grams.update(map(operator.add, chunk, chunk[1:]))
    return " " + " ".join(sorted(grams)) + " "


def _index_search(w: Writer, did: int, pids: list[int], texts: list[str]) -> None:
    if w.sqlite:
        w.raw.execute(  # type: ignore[union-attr]
            "INSERT INTO project_fts(rowid, search_text) "
            "SELECT id, search_text FROM projects WHERE disclosure_id = ?",
            (did,),
        )
    elif w.conn.dialect.name == "postgresql":
        w.insert(
            "project_bigrams",
            ("project_id", "grams"),
            [(pid, bigrams(t)) for pid, t in zip(pids, texts, strict=True)],
        )


def forget_search(session: Session, did: int) -> None:
    """Take a disclosure's projects out of the search index before they are deleted.

    SQLite's ``project_fts`` has external content: its rows must be deleted with the text they
    were indexed with. PostgreSQL's search rows go with the projects (cascade).
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql(
        "INSERT INTO project_fts(project_fts, rowid, search_text) "
        "SELECT 'delete', id, search_text FROM projects WHERE disclosure_id = ?",
        (did,),
    )


def insert_disclosure_parts(session: Session, d: m.Disclosure, did: int) -> None:
    """Insert everything below the ``disclosures`` row, in bulk (one statement per table)."""
    w = Writer(session)
    money, amount = w.money, w.amount
    w.insert(
        "organisations",
        ORG_COLS,
        [
            (did, n, o.name, normalise_name(o.name), o.nature, o.rank, o.funding)
            for n, o in enumerate(d.organisations)
        ],
    )
    w.insert("figures", FIGURE_COLS, figure_rows(d, did, money))
    w.insert(
        "three_public",
        THREE_PUBLIC_COLS,
        [
            (did, f, money(a.value), a.raw, a.source)
            for f in m.THREE_PUBLIC_AMOUNTS
            if (a := getattr(d.three_public, f)) is not None
        ],
    )
    _tables(w, d, did)
    indicators = _indicator_rows(d.performance.department.indicators, did, None, money)
    indicators += _projects(w, d, did)
    w.insert("indicators", INDICATOR_COLS, indicators)
    w.insert(
        "procurement_items",
        PROCUREMENT_COLS,
        [
            (
                did,
                n,
                it.project,
                *amount(it.project_budget),
                it.item,
                it.catalog_code,
                it.measure,
                money(it.quantity),
                *amount(it.unit_price),
                *amount(it.amount),
                it.source,
            )
            for n, it in enumerate(d.procurement.items)
        ],
    )
    w.insert(
        "asset_items",
        ASSET_COLS,
        [
            (did, n, a.category, money(a.quantity), a.measure, *amount(a.value), a.source)
            for n, a in enumerate(d.assets.items)
        ],
    )


@functools.cache
def _location_list() -> Any:
    from pydantic import TypeAdapter

    from yusuan.check.findings import Location

    return TypeAdapter(list[Location])


def _locations(locations: list[Any]) -> str:
    """A finding's locations as JSON, by pydantic in one call (what json_text would give)."""
    return _location_list().dump_json(locations, exclude_none=True).decode()  # type: ignore[no-any-return]


def insert_findings(session: Session, findings: list[Any], did: int, start: int = 0) -> None:
    Writer(session).insert(
        "findings",
        FINDING_COLS,
        [
            (
                did,
                start + n,
                f.code,
                f.severity,
                f.message,
                _str(f.expected),
                _str(f.actual),
                f.arithmetic,
                _str(f.tolerance),
                f.diagnosis,
                f.suggestion,
                f.section,
                _locations(f.locations),
            )
            for n, f in enumerate(findings)
        ],
    )


# --- rows → Disclosure ------------------------------------------------------------------------


def _rows(session: Session, model: Any, did: int, order: Any = None, *where: Any) -> list[Any]:
    """Plain rows (attribute access by column name): much cheaper than ORM objects."""
    t = model.__table__
    key = t.c[order.key] if order is not None else t.c.id
    q = select(t).where(t.c.disclosure_id == did, *where).order_by(key, t.c.id)
    return list(session.execute(q))


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
        **{k: ov.get(k) for k in m.OVERVIEW_AMOUNTS},
        income_by_source=figs["income_by_source"],
        other_uses=figs["other_uses"],
        changes=figs["changes"],
        change_rates={k: Decimal(v) for k, v in ex["change_rates"].items()},
    )
    oc = figs["operating_costs"]
    tp = {
        r.item: m.Amount(value=r.value, raw=r.raw, source=r.source)
        for r in _rows(session, s.ThreePublic, did)
    }

    table_models = stored_tables(session, did)
    projects, department_indicators = ([], []) if light else _stored_performance(session, did)
    dep = ex["department"]
    proc = figs["procurement"]
    assets = figs["assets"]
    return m.Disclosure(
        schema_=row.schema_id,
        source=m.SourceRef(path=row.source_path, sha256=doc.sha256, format=row.source_format),
        parts=[m.SourceRef(**p) for p in ex.get("parts", [])],
        kind=row.kind,  # type: ignore[arg-type]
        scope=row.scope,  # type: ignore[arg-type]
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
            **{f: tp.get(f) for f in m.THREE_PUBLIC_AMOUNTS},
            reason=ex["three_public_reason"],
            changes={k: m.Amount(**a) for k, a in ex.get("three_public_changes", {}).items()},
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
                indicators=department_indicators,
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
        # Disclosures stored before these were kept have none.
        narrative=[m.Passage(**p) for p in ex.get("narrative", [])],
        blank_pages=ex.get("blank_pages", []),
        unparsed=[m.Unparsed(**u) for u in ex["unparsed"]],
    )


def stored_tables(
    session: Session, did: int, kinds: Collection[str] | None = None
) -> list[m.TableModel]:
    """The stored tables of disclosure ``did`` (of ``kinds`` only, when given) with their rows
    and cells, in printed order."""
    tables_of, rows_of, cells_of = [], [], []  # conditions beside the disclosure's id
    if kinds is not None:
        tables_of = [s.BudgetTable.kind.in_(kinds)]
        cells_of = [s.TableCell.table_kind.in_(kinds)]
    tables = _rows(session, s.BudgetTable, did, s.BudgetTable.seq, *tables_of)
    if kinds is not None:
        rows_of = [s.TableRow.table_id.in_([t.id for t in tables])]
    trows: dict[int, list[s.TableRow]] = defaultdict(list)
    for r in _rows(session, s.TableRow, did, s.TableRow.id, *rows_of):
        trows[r.table_id].append(r)
    cells: dict[int, dict[str, m.Amount]] = defaultdict(dict)
    for c in _rows(session, s.TableCell, did, s.TableCell.id, *cells_of):
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
                money_unit=t.money_unit,
            )
        )

    return table_models


def _stored_performance(session: Session, did: int) -> tuple[list[m.Project], list[m.Indicator]]:
    """The stored projects of disclosure ``did`` with their indicators, and the department's
    own indicators (those of no project)."""
    inds: dict[int | None, list[m.Indicator]] = defaultdict(list)
    for i in _rows(session, s.Indicator, did, s.Indicator.id):
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
        for p in _rows(session, s.Project, did, s.Project.seq)
    ]
    return projects, inds.get(None, [])

"""Queries over stored disclosures: list, find, profile for comparison, full-text project search."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    String,
    and_,
    case,
    cast,
    collate,
    func,
    not_,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from yusuan.errors import YusuanError
from yusuan.model import TableModel
from yusuan.store import schema as s
from yusuan.vocab import OVERVIEW_LABELS, OVERVIEW_PARTS_OF_BASIC
from yusuan.vocab.text import bare_name

CENT = Decimal("0.01")


def _binary(session: Session, col: Any) -> Any:
    """Order by code point on both back ends, whatever the server's collation."""
    return collate(col, "C") if session.get_bind().dialect.name == "postgresql" else col


def _numeric(session: Session, col: Any) -> Any:
    """A money column as an ordering key: SQLite stores it as text ("10150.48" < "9.5"), so it
    orders by its number there (only the order: the values read stay exact)."""
    return cast(col, Float) if session.get_bind().dialect.name == "sqlite" else col


# The library's region facet: the unit's city, else its province. A value chosen from it
# filters on the same expression, exactly (typed text: region_filter).
REGION_FACET = func.coalesce(s.Unit.city, s.Unit.province)


def region_filter(region: str) -> ColumnElement[bool]:
    """Units whose province, city or county name contains ``region`` (typed text)."""
    like = f"%{region}%"
    return or_(s.Unit.province.like(like), s.Unit.city.like(like), s.Unit.county.like(like))


def disclosure_filters(
    *,
    region: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    has_errors: bool | None = None,
    current: bool = False,
) -> list[ColumnElement[bool]]:
    """The conditions of ``yusuan ls`` (and ``export``) on disclosures outer-joined to units."""
    conds: list[ColumnElement[bool]] = []
    if current:
        conds.append(s.Disclosure.is_current.is_(True))
    if region:
        conds.append(region_filter(region))
    if unit:
        conds.append(or_(s.Disclosure.unit_name.like(f"%{unit}%"), s.Unit.name.like(f"%{unit}%")))
    if year is not None:
        conds.append(s.Disclosure.year == year)
    if kind:
        conds.append(s.Disclosure.kind == kind)
    if has_errors is True:
        conds.append(s.Disclosure.errors > 0)
    elif has_errors is False:
        conds.append(s.Disclosure.errors == 0)
    return conds


# --- ls and the library ------------------------------------------------------------------------

# Sort keys of the library (``yusuan ls``, the web's 公开库) → the columns they order by.
LIBRARY_SORTS = (
    "unit", "region", "year", "kind", "expenditure_total", "projects", "errors", "warnings",
    "format", "loaded_at", "id",
)  # fmt: skip
# Facets of the library: what each counts by.
LIBRARY_FACETS = ("year", "region", "kind", "errors", "format")


def _projects_count() -> Any:
    return (
        select(func.count(s.Project.id))
        .where(s.Project.disclosure_id == s.Disclosure.id)
        .scalar_subquery()
    )


def _terms(q: str | None) -> list[ColumnElement[bool]]:
    """Every word of ``q`` in the unit's name, its region, the year or the file's path."""
    conds: list[ColumnElement[bool]] = []
    for t in (q or "").split():
        like = f"%{_like_escape(t)}%"
        fields = (
            s.Disclosure.unit_name,
            s.Unit.province,
            s.Unit.city,
            s.Unit.county,
            s.Document.path,
            cast(s.Disclosure.year, String),
        )
        conds.append(or_(*(f.ilike(like, escape="\\") for f in fields)))
    return conds


def library_conditions(
    *,
    region: str | None = None,
    area: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    has_errors: bool | None = None,
    fmt: str | None = None,
    q: str | None = None,
    all_versions: bool = False,
    without: str | None = None,
) -> list[ColumnElement[bool]]:
    """The library's filters on disclosures joined to their document and (outer) unit: ``region``
    typed text, ``area`` a value of the region facet (:data:`REGION_FACET`); ``without`` leaves
    one facet's own filter out (its counts then show the alternatives)."""
    conds = disclosure_filters(
        region=region,
        unit=unit,
        year=None if without == "year" else year,
        kind=None if without == "kind" else kind,
        has_errors=None if without == "errors" else has_errors,
        current=not all_versions,
    )
    if area and without != "region":
        conds.append(REGION_FACET == area)
    if fmt and without != "format":
        conds.append(s.Document.format == fmt)
    return conds + _terms(q)


def _library_select(*columns: Any) -> Any:
    return (
        select(*columns)
        .select_from(s.Disclosure)
        .join(s.Document, s.Document.id == s.Disclosure.document_id)
        .outerjoin(s.Unit, s.Unit.id == s.Disclosure.unit_id)
    )


def _listed(nproj: Any) -> list[Any]:
    """What the library lists of each disclosure: a few columns (``extra`` and ``coverage``
    are long), named as the rows name them."""
    columns = {
        "id": s.Disclosure.id,
        "unit": s.Disclosure.unit_name,
        "province": s.Unit.province,
        "city": s.Unit.city,
        "county": s.Unit.county,
        "year": s.Disclosure.year,
        "kind": s.Disclosure.kind,
        "version": s.Disclosure.version,
        "current": s.Disclosure.is_current,
        "expenditure_total": s.Disclosure.expenditure_total,
        "projects": nproj,
        "errors": s.Disclosure.errors,
        "warnings": s.Disclosure.warnings,
        "format": s.Document.format,
        "sha256": s.Document.sha256,
        "path": s.Document.path,
        "loaded_at": s.Document.loaded_at,
    }
    return [c.label(k) for k, c in columns.items()]


def list_disclosures(
    session: Session,
    *,
    region: str | None = None,
    area: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    has_errors: bool | None = None,
    all_versions: bool = False,
    fmt: str | None = None,
    q: str | None = None,
    sort: str | None = None,
    desc: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stored disclosures (current versions unless ``all_versions``) matching the filters,
    ordered by ``sort`` (one of :data:`LIBRARY_SORTS`; default unit, year, kind, version), a
    page of them with ``limit``/``offset``."""
    nproj = _projects_count()
    q_ = _library_select(*_listed(nproj)).where(
        *library_conditions(
            region=region,
            area=area,
            unit=unit,
            year=year,
            kind=kind,
            has_errors=has_errors,
            fmt=fmt,
            q=q,
            all_versions=all_versions,
        )
    )
    default = [
        _binary(session, s.Disclosure.unit_name),
        s.Disclosure.year,
        s.Disclosure.kind,
        s.Disclosure.version,
        s.Disclosure.id,
    ]
    if sort and sort != "unit":
        keys = _sort_columns(session, sort, nproj)
        q_ = q_.order_by(*(k.desc().nulls_last() if desc else k.nulls_last() for k in keys))
        q_ = q_.order_by(*default)
    elif desc:
        q_ = q_.order_by(default[0].desc(), *default[1:])
    else:
        q_ = q_.order_by(*default)
    if limit is not None:
        q_ = q_.limit(limit).offset(offset)
    return [dict(r._mapping) for r in session.execute(q_)]


def _sort_columns(session: Session, sort: str, nproj: Any) -> list[Any]:
    if sort not in LIBRARY_SORTS:
        raise YusuanError(
            f"不能按“{sort}”排序；可用：{'、'.join(LIBRARY_SORTS)}",
            f"cannot sort by {sort!r}; one of {', '.join(LIBRARY_SORTS)}",
        )
    columns: dict[str, list[Any]] = {
        "region": [_binary(session, c) for c in (s.Unit.province, s.Unit.city, s.Unit.county)],
        "year": [s.Disclosure.year],
        "kind": [_binary(session, s.Disclosure.kind)],
        "expenditure_total": [_numeric(session, s.Disclosure.expenditure_total)],
        "projects": [nproj],
        "errors": [s.Disclosure.errors],
        "warnings": [s.Disclosure.warnings],
        "format": [_binary(session, s.Document.format)],
        "loaded_at": [s.Document.loaded_at],
        "id": [s.Disclosure.id],
    }
    return columns[sort]


def count_disclosures(session: Session, **filters: Any) -> int:
    """How many disclosures :func:`list_disclosures` gives for these filters (all pages)."""
    q_ = _library_select(func.count(s.Disclosure.id)).where(*library_conditions(**filters))
    return session.scalar(q_) or 0


def disclosure_facets(session: Session, **filters: Any) -> dict[str, list[tuple[Any, int]]]:
    """For each of :data:`LIBRARY_FACETS`, its values among the disclosures the filters leave
    (its own filter left out) with how many there are, most first."""
    exprs: dict[str, Any] = {
        "year": s.Disclosure.year,
        "region": REGION_FACET,
        "kind": s.Disclosure.kind,
        "errors": case((s.Disclosure.errors > 0, "yes"), else_="no"),
        "format": s.Document.format,
    }
    out: dict[str, list[tuple[Any, int]]] = {}
    for name in LIBRARY_FACETS:
        value = exprs[name].label("value")
        n = func.count(s.Disclosure.id).label("n")
        q_ = (
            _library_select(value, n)
            .where(*library_conditions(**filters, without=name))
            .group_by(value)
        )
        found = [(v, c) for v, c in session.execute(q_) if v is not None]
        found.sort(key=lambda x: (-x[0] if name == "year" else 0, -x[1], str(x[0])))
        out[name] = found
    return out


# --- finding one disclosure --------------------------------------------------------------------


def find_unit(session: Session, name: str) -> s.Unit:
    """The unit called ``name``: exactly, else the only one whose name contains it."""
    from yusuan.store.region import normalise_name

    key = normalise_name(name)
    exact = session.scalars(select(s.Unit).where(s.Unit.key == key)).first()
    if exact:
        return exact
    found = list(
        session.scalars(
            select(s.Unit).where(s.Unit.key.like(f"%{key}%")).order_by(s.Unit.key).limit(11)
        )
    )
    if not found:
        raise YusuanError(f"库中没有单位“{name}”", f"no stored unit matches {name!r}")
    if len(found) > 1:
        names = "、".join(u.name for u in found[:10])
        raise YusuanError(
            f"“{name}”对应多个单位：{names}；请写全名", f"{name!r} matches several units: {names}"
        )
    return found[0]


def find_disclosure(
    session: Session, unit: str, year: int | None, kind: str = "budget", version: int | None = None
) -> s.Disclosure:
    u = find_unit(session, unit)
    q = select(s.Disclosure).where(s.Disclosure.unit_id == u.id, s.Disclosure.kind == kind)
    if year is not None:
        q = q.where(s.Disclosure.year == year)
    if version is None:
        q = q.where(s.Disclosure.is_current.is_(True))
    else:
        q = q.where(s.Disclosure.version == version)
    d = session.scalars(q.order_by(s.Disclosure.year.desc(), s.Disclosure.version.desc())).first()
    if d is None:
        what = f"{u.name} {year or ''} 年".strip()
        raise YusuanError(
            f"库中没有 {what} 的{'决算' if kind == 'final_accounts' else '预算'}文件"
            + (f"（第 {version} 版）" if version else ""),
            f"no stored {kind} disclosure for {u.name} {year or ''}".rstrip(),
        )
    return d


def years_of(session: Session, unit_id: int, kind: str) -> list[int]:
    q = (
        select(s.Disclosure.year)
        .where(
            s.Disclosure.unit_id == unit_id,
            s.Disclosure.kind == kind,
            s.Disclosure.is_current.is_(True),
            s.Disclosure.year.is_not(None),
        )
        .distinct()
        .order_by(s.Disclosure.year)
    )
    return [y for y in session.scalars(q) if y is not None]


# --- compare ------------------------------------------------------------------------------------

_OVERVIEW_EN = {
    "income_total": "income total",
    "expenditure_total": "expenditure total",
    "basic": "basic",
    "personnel": "personnel",
    "public_operating": "public operating",
    "project": "project",
}
OVERVIEW_LINES = tuple(
    (key, f"{'  ' if key in OVERVIEW_PARTS_OF_BASIC else ''}{zh} {_OVERVIEW_EN[key]}")
    for key, zh in OVERVIEW_LABELS.items()
)
THREE_PUBLIC_LINES = (
    ("total", "“三公”经费合计 total"),
    ("outbound", "因公出国（境）费 outbound"),
    ("reception", "公务接待费 reception"),
    ("vehicle_total", "公务用车费 vehicles"),
    ("vehicle_purchase", "  公务用车购置费 purchase"),
    ("vehicle_operation", "  公务用车运行维护费 operation"),
)
# Row names in a 三公 table → the item, for disclosures stating 三公 only in the table.
THREE_PUBLIC_ROWS = (
    ("total", ("合计", "共计", "总计", "“三公”经费合计")),
    ("outbound", ("因公出国（境）费用", "因公出国（境）费", "因公出国(境)费用", "因公出国(境)费")),
    ("reception", ("公务接待费",)),
    ("vehicle_purchase", ("公务用车购置",)),
    ("vehicle_operation", ("公务用车运行维护费", "公务用车运行费")),
    ("vehicle_total", ("公务用车费", "公务用车购置及运行费", "公务用车购置及运行维护费")),
)
FUNCTION_CODE = re.compile(r"^2\d{2}(?:\d{2}){0,2}$")


@dataclass
class Line:
    section: str  # totals | three_public | operating | functional | changes
    key: str
    label: str
    value: Decimal | None
    basis: str  # where the figure came from: text | table | derived


@dataclass
class Profile:
    disclosure_id: int
    unit: str | None
    year: int | None
    lines: dict[tuple[str, str], Line]

    def get(self, section: str, key: str) -> Decimal | None:
        line = self.lines.get((section, key))
        return line.value if line else None


def _first_tables(session: Session, did: int, kinds: tuple[str, ...]) -> dict[str, TableModel]:
    """The first stored table of each of those kinds that is not empty."""
    from yusuan.store.mapping import stored_tables

    out: dict[str, TableModel] = {}
    for t in stored_tables(session, did, kinds):
        if not t.empty:
            out.setdefault(t.kind, t)
    return out


def profile(session: Session, did: int) -> Profile:
    """The comparable lines of one disclosure: text figures first, tables where text is silent."""
    d = session.get(s.Disclosure, did)
    assert d is not None
    lines: dict[tuple[str, str], Line] = {}

    def put(section: str, key: str, label: str, value: Decimal | None, basis: str) -> None:
        if value is not None and (section, key) not in lines:
            lines[(section, key)] = Line(section, key, label, value, basis)

    figs = {
        (f.section, f.key): f.value
        for f in session.scalars(select(s.Figure).where(s.Figure.disclosure_id == did))
    }
    labels = dict(OVERVIEW_LINES)
    for key, label in OVERVIEW_LINES:
        put("totals", key, label, figs.get(("overview", key)), "text")
    tables = _first_tables(
        session, did, ("expenditure", "general_public_expenditure", "three_public")
    )
    exp = tables.get("expenditure") or tables.get("general_public_expenditure")
    if exp is not None:
        total_row = exp.total_row()
        col = exp.total_column()
        if total_row is not None:
            put(
                "totals",
                "expenditure_total",
                labels["expenditure_total"],
                _v(total_row, col),
                "table",
            )
            put(
                "totals",
                "basic",
                labels["basic"],
                _v(total_row, exp.column("基本支出")),
                "table",
            )
            put(
                "totals",
                "project",
                labels["project"],
                _v(total_row, exp.column("项目支出")),
                "table",
            )
        functional: dict[str, tuple[str, Decimal]] = {}
        for r in exp.rows:
            v = _v(r, col)
            if (
                r.code
                and FUNCTION_CODE.match(r.code)
                and v is not None
                and r.code not in functional
            ):
                functional[r.code] = (bare_name(r.name or ""), v)
        for code, value in _derived_classes(functional).items():
            functional.setdefault(code, value)
        for code in sorted(functional):
            name, v = functional[code]
            put("functional", code, f"{code} {name}".strip(), v, "table")
    tp = {
        r.item: r.value
        for r in session.scalars(select(s.ThreePublic).where(s.ThreePublic.disclosure_id == did))
    }
    for key, label in THREE_PUBLIC_LINES:
        put("three_public", key, label, tp.get(key), "text")
    tpt = tables.get("three_public")
    if tpt is not None and tpt.columns:
        col = _three_public_column(tpt, d.year)
        for key, names in THREE_PUBLIC_ROWS:
            label = dict(THREE_PUBLIC_LINES)[key]
            for r in tpt.rows:
                if r.name and bare_name(r.name) in names:
                    put("three_public", key, label, _v(r, col), "table")
                    break
    put(
        "operating",
        "amount",
        "机关运行经费 operating costs",
        figs.get(("operating_costs", "amount")),
        "text",
    )
    for (section, key), v in figs.items():
        if section == "changes":
            # "total": one change stated for income and expenditure together (收支总预算).
            label = dict(OVERVIEW_LINES, total="收支总额 income and expenditure").get(key, key)
            put("changes", key, f"比上年增减（文中所述）{label.strip()}", v, "text")
    return Profile(did, d.unit_name, d.year, lines)


def _three_public_column(t: TableModel, year: int | None) -> str | None:
    """This year's column of a 三公 table (they often print last year's beside it)."""
    if year is not None:
        for c in t.columns:
            if f"{year}年" in c:
                return c
    return t.total_column() or t.columns[0]


def _v(row: Any, col: str | None) -> Decimal | None:
    if row is None or col is None:
        return None
    a = row.values.get(col)
    return a.value if a is not None else None


def _derived_classes(functional: dict[str, tuple[str, Decimal]]) -> dict[str, tuple[str, Decimal]]:
    """Class (3-digit) and item (5-digit) sums from 7-digit lines, where a table prints only those."""
    out: dict[str, tuple[str, Decimal]] = {}
    for width in (5, 3):
        sums: dict[str, Decimal] = defaultdict(Decimal)
        for code, (_, v) in functional.items():
            if len(code) == 7:
                sums[code[:width]] += v
        for prefix, total in sums.items():
            if prefix not in functional:
                out[prefix] = (FUNCTION_NAMES.get(prefix, "（明细合计 sum of items）"), total)
    return out


# Names of the functional classes (支出功能分类 类), for lines derived from their sub-items.
FUNCTION_NAMES = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出",
    "205": "教育支出", "206": "科学技术支出", "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出", "210": "卫生健康支出", "211": "节能环保支出",
    "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出",
    "219": "援助其他地区支出", "220": "自然资源海洋气象等支出", "221": "住房保障支出",
    "222": "粮油物资储备支出", "224": "灾害防治及应急管理支出", "227": "预备费",
    "229": "其他支出", "230": "转移性支出", "231": "债务还本支出", "232": "债务付息支出",
    "233": "债务发行费用支出",
}  # fmt: skip

SECTION_TITLES = {
    "totals": "总体 totals",
    "functional": "功能分类 functional classification",
    "three_public": "“三公”经费 three public",
    "operating": "机关运行经费 operating costs",
    "changes": "比上年 stated changes",
}


def pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or whole is None or whole == 0:
        return None
    return (part * 100 / whole).quantize(CENT, ROUND_HALF_UP)


def comparison(
    profiles: list[Profile], labels: list[str], *, by_year: bool
) -> list[dict[str, Any]]:
    """Long form: one record per (line, column) with its share of the column's total and, across
    years, the change against the previous column."""
    keys: list[tuple[str, str]] = []
    seen = set()
    for section in SECTION_TITLES:
        for p in profiles:
            for k in p.lines:
                if k[0] == section and k not in seen:
                    seen.add(k)
                    keys.append(k)
    # Functional lines in code order across all columns.
    keys.sort(
        key=lambda k: (list(SECTION_TITLES).index(k[0]), k[1] if k[0] == "functional" else "")
    )
    out = []
    for k in keys:
        label = next(p.lines[k].label for p in profiles if k in p.lines)
        prev: Decimal | None = None
        for i, (p, col) in enumerate(zip(profiles, labels, strict=True)):
            line = p.lines.get(k)
            v = line.value if line else None
            total = p.get("totals", "expenditure_total")
            rec: dict[str, Any] = {
                "section": k[0],
                "key": k[1],
                "item": label,
                "column": col,
                "unit": p.unit,
                "year": p.year,
                "value": v,
                "share": pct(v, total) if k[0] not in ("changes",) else None,
                "basis": line.basis if line else None,
                "change": None,
                "change_pct": None,
            }
            if by_year and i > 0 and v is not None and prev is not None:
                rec["change"] = v - prev
                rec["change_pct"] = pct(v - prev, prev)
            prev = v
            out.append(rec)
    return out


# --- projects: full-text search ---------------------------------------------------------------------


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_query(session: Session, long_: list[str], pairs: list[str]) -> str | None:
    """An FTS5 query for ``project_fts`` (trigrams, ``detail=none``: no phrases): each long term
    as all of its trigrams, each pair of characters as any trigram that begins with it (every
    pair begins one, as the search text ends with a newline). None if a pair is in no text."""
    parts = [" AND ".join(_phrase(t[i : i + 3]) for i in range(len(t) - 2)) for t in long_]
    conn = session.connection()
    for t in pairs:
        grams = conn.exec_driver_sql(
            "SELECT term FROM project_fts_terms WHERE term >= ? AND term < ?",
            (t, t + "\U0010ffff"),
        ).scalars()
        ors = " OR ".join(map(_phrase, grams))
        if not ors:
            return None
        parts.append(f"({ors})")
    return " AND ".join(parts)


@dataclass
class _Matching:
    """The projects a search finds: ``query`` selects ``columns`` of them (joined to their
    disclosure), ``order`` is the index's order, ``in_name`` holds for those named after the
    terms."""

    query: Any
    order: Any
    in_name: ColumnElement[bool]


def _matching(
    session: Session,
    terms: list[str],
    *,
    unit: str | None = None,
    unit_name: str | None = None,
    year: int | None = None,
    region: str | None = None,
    columns: tuple[Any, ...] = (s.Project.id,),
) -> _Matching | None:
    """The current projects holding every term and meeting the filters (None: nothing can
    match); ``unit`` is part of the unit's name, ``unit_name`` all of it."""
    dialect = session.get_bind().dialect.name
    found = _term_conditions(session, dialect, terms)
    if found is None:
        return None  # a pair of characters that no stored text contains
    hits, conds = found
    q = select(*columns)
    if hits is not None:
        q = q.select_from(hits).join(s.Project, s.Project.id == hits.c.id)
    else:
        q = q.select_from(s.Project)
    q = q.join(s.Disclosure, s.Disclosure.id == s.Project.disclosure_id).where(
        s.Disclosure.is_current.is_(True), *conds
    )
    if unit:
        q = q.where(s.Disclosure.unit_name.like(f"%{unit}%"))
    if unit_name is not None:
        q = q.where(s.Disclosure.unit_name == unit_name)
    if year is not None:
        q = q.where(s.Disclosure.year == year)
    if region:
        q = q.join(s.Unit, s.Unit.id == s.Disclosure.unit_id).where(region_filter(region))
    name_like = s.Project.name.ilike if dialect == "postgresql" else s.Project.name.like
    in_name = and_(*(name_like(f"%{_like_escape(t)}%", escape="\\") for t in terms))
    return _Matching(q, hits.c.id if hits is not None else s.Project.id, in_name)


def _search_terms(terms: list[str]) -> list[str]:
    terms = [t for t in (x.strip() for x in terms) if t]
    if not terms:
        raise YusuanError("请给出检索词", "give at least one search term")
    return terms


def search_projects(
    session: Session,
    terms: list[str],
    *,
    unit: str | None = None,
    unit_name: str | None = None,
    year: int | None = None,
    region: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Projects whose name, goals or indicators contain every term (substring match), the
    first ``limit`` in rank order; ``unit`` is part of the unit's name, ``unit_name`` all of it.

    Terms of 3+ characters use the trigram index (SQLite FTS5 ``trigram``, PostgreSQL
    ``pg_trgm``); two-character terms the trigrams that begin with them on SQLite, the index of
    character pairs (``project_bigrams``) on PostgreSQL; single characters a LIKE scan. Case is
    folded for every script (full-width Latin too) on both back ends.
    """
    terms = _search_terms(terms)
    m = _matching(session, terms, unit=unit, unit_name=unit_name, year=year, region=region)
    if m is None:
        return []
    # Order: projects named after the terms first, then the rest, each in load order (id). Only
    # ids are selected: sorting whole rows (long texts) is what made a common term slow.
    # Two passes (named, then not), each in id order: a common word then stops after `limit`
    # hits instead of sorting all of them (SQLite reads the index in rowid order; PostgreSQL
    # walks the primary key).
    ids: list[int] = []
    for named in (True, False):
        part = m.query.where(m.in_name if named else not_(m.in_name)).order_by(m.order)
        ids += session.scalars(part.limit(limit - len(ids)))
        if len(ids) >= limit:
            break
    return _project_rows(session, ids, terms)


def project_facets(
    session: Session, terms: list[str], *, unit_name: str | None = None, year: int | None = None
) -> dict[str, list[tuple[Any, int]]]:
    """The year and unit facets of a search: the values among every project it finds (each
    facet's own filter left out) with how many there are, most first."""
    year_, unit_ = s.Disclosure.year, s.Disclosure.unit_name
    m = _matching(session, _search_terms(terms), columns=(year_, unit_, func.count(s.Project.id)))
    # One pass over the hits, by year and unit; each facet adds up the other's choice.
    groups = [] if m is None else session.execute(m.query.group_by(year_, unit_)).all()
    years: dict[Any, int] = defaultdict(int)
    units: dict[Any, int] = defaultdict(int)
    for y, u, n in groups:
        if y is not None and (unit_name is None or u == unit_name):
            years[y] += n
        if u is not None and (year is None or y == year):
            units[u] += n
    return {
        "year": sorted(years.items(), key=lambda x: (-x[1], str(x[0]))),
        "unit": sorted(units.items(), key=lambda x: (-x[1], str(x[0]))),
    }


def _term_conditions(
    session: Session, dialect: str, terms: list[str]
) -> tuple[Any, list[Any]] | None:
    """The index hits to drive the search from (a subquery, or None) and the conditions each
    project must meet; None when a term cannot match anything."""
    conds: list[Any] = []
    long_ = [t for t in terms if len(t) >= 3]
    pairs = [t.lower() for t in terms if len(t) == 2]
    for t in terms:  # single characters: no index can help, LIKE scans
        if len(t) == 1 or dialect not in ("sqlite", "postgresql"):
            op = (
                s.Project.search_text.ilike
                if dialect == "postgresql"
                else s.Project.search_text.like
            )
            conds.append(op(f"%{_like_escape(t)}%", escape="\\"))
    if dialect == "sqlite" and (long_ or pairs):
        match = _fts_query(session, long_, pairs)
        if match is None:
            return None
        # Drive the query from the index hits (an IN list made SQLite scan every disclosure).
        hits = (
            text("SELECT rowid AS id FROM project_fts WHERE project_fts MATCH :q")
            .bindparams(q=match)
            .columns(id=Integer)
            .subquery("hits")
        )
        return hits, conds + _sqlite_in_place(long_)
    if dialect == "postgresql":
        for t in long_:
            conds.append(s.Project.search_text.ilike(f"%{_like_escape(t)}%", escape="\\"))
        for t in pairs:
            grams = text("SELECT project_id FROM project_bigrams WHERE grams LIKE :g").bindparams(
                g=f"% {_like_escape(t)} %"
            )
            conds.append(s.Project.id.in_(grams.columns(project_id=Integer)))
    return None, conds


def _sqlite_in_place(long_: list[str]) -> list[Any]:
    """A trigram hit has all of a term's trigrams; for terms of 4+ characters LIKE checks that
    they are in one place (shorter ones are a trigram, or begin one: nothing to check)."""
    conds: list[Any] = []
    for t in long_:
        if len(t) <= 3:
            continue
        if any(not c.isascii() and c.lower() != c.upper() for c in t):  # Ｆｕｌｌ, Ä …
            folded = func.yusuan_lower(s.Project.search_text)  # LIKE folds ASCII only
            conds.append(folded.like(f"%{_like_escape(t.lower())}%", escape="\\"))
        else:
            conds.append(s.Project.search_text.like(f"%{_like_escape(t)}%", escape="\\"))
    return conds


def _project_rows(session: Session, ids: list[int], terms: list[str]) -> list[dict[str, Any]]:
    """The projects found, in the order found, each with the line that matched."""
    rank = {pid: n for n, pid in enumerate(ids)}
    fetched = list(
        session.execute(
            select(
                s.Project.id,
                s.Project.name,
                s.Project.budget,
                s.Project.goal,
                s.Project.source,
                s.Project.search_text,
                s.Project.disclosure_id,
                s.Disclosure.unit_name,
                s.Disclosure.year,
            )
            .join(s.Disclosure, s.Disclosure.id == s.Project.disclosure_id)
            .where(s.Project.id.in_(ids))
        ).all()
    )
    fetched.sort(key=lambda r: rank[r.id])
    out = []
    lowered = [t.lower() for t in terms]
    for p in fetched:
        lines = p.search_text.splitlines()[1:]
        matched = next((x for x in lines if any(t in x.lower() for t in lowered)), p.name)
        out.append(
            {
                "id": p.id,
                "disclosure_id": p.disclosure_id,
                "unit": p.unit_name,
                "year": p.year,
                "project": p.name,
                "budget": p.budget,
                "goal": p.goal,
                "matched": matched,
                "source": p.source,
            }
        )
    return out

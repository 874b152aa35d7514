"""Use cases over the store, shared by the command line and the web app: compare (units side by
side, one unit over years), delete a version (promoting the previous one), store a checked
upload, and the lists (library, project search, benchmark). The front ends only format what
these return; errors are worded here, once, in Chinese and English. :class:`NotFound` is a
missing unit or disclosure (the web answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from yusuan.errors import YusuanError
from yusuan.model import Disclosure
from yusuan.store import schema as s
from yusuan.store.output import Column
from yusuan.store.queries import Profile, comparison, profile, years_of
from yusuan.vocab import KIND_NAMES

KIND_ZH = KIND_NAMES  # the name the web templates know it by


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


def set_region(
    u: s.Unit,
    province: str | None = None,
    city: str | None = None,
    county: str | None = None,
    *,
    infer: bool = False,
) -> dict[str, Any]:
    """Correct a unit's region by hand (a part not given keeps what is stored), or ``infer`` it
    again from the unit's name; the region as shown."""
    from yusuan.store.region import infer_region, region_view, set_manual_region

    if infer:
        r = infer_region(u.name)
        u.province, u.city, u.county, u.level = r.province, r.city, r.county, r.level
        u.region_source = "inferred"
    elif province is not None or city is not None or county is not None:
        set_manual_region(
            u,
            *(
                old if new is None else new.strip()[:64]  # typed input, bounded
                for old, new in ((u.province, province), (u.city, city), (u.county, county))
            ),
        )
    return region_view(u)


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
        years = years or years_of(session, u.id, kind)
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
    common = set.intersection(*(set(years_of(session, u.id, kind)) for u in units))
    if not common:
        raise YusuanError("这些单位没有共同的年度，请指定年度", "the units share no year; give one")
    return max(common)


# --- changing the store -------------------------------------------------------------------------


def delete_disclosure(session: Session, did: int) -> dict[str, Any]:
    """Delete one stored disclosure and the records of its files (its document; the files that
    are its parts go by cascade); the previous version becomes current, the search index forgets
    its projects, and neighbours' cross-year findings are recomputed."""
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
    with the stored history. Returns its id and ``loaded``, or ``skipped`` and the id of the
    disclosure the same file is stored in already (as its document or one of its parts)."""
    from yusuan.store.loader import store_disclosure

    o = store_disclosure(session, d, size=size)
    assert o.disclosure_id is not None, "a stored file belongs to a disclosure"
    return o.disclosure_id, o.status


# --- lists: the library, a project search, the unit-cost benchmark ------------------------------
# Each a page of rows with its facets (values and counts, as datasette shows them), sortable by
# any column, and exportable whole (CSV/XLSX, store.output) with the columns below.

PAGE_SIZE = 50
PAGE_SIZES = (20, 50, 100, 200)
PROJECT_SEARCH_MAX = 1000  # hits a search ranks; sorted and paged within them


@dataclass
class FacetValue:
    value: str  # as the filter takes it
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    key: str  # the filter it sets
    label: str
    values: list[FacetValue]


@dataclass
class Page:
    """One page of a list: its rows, how many in all, the order, and the facets."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    size: int
    sort: str | None
    desc: bool
    facets: list[Facet]
    capped: bool = False  # the search stopped at PROJECT_SEARCH_MAX hits

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size)) if self.size else 1

    @property
    def first(self) -> int:
        """The number of the page's first row (1-based; 0 when empty)."""
        return (self.page - 1) * self.size + 1 if self.rows else 0


def page_bounds(page: int, size: int) -> tuple[int, int]:
    """(page, size) made sane: size one of PAGE_SIZES (0: every row, for exports), page ≥ 1."""
    size = size if size in (0, *PAGE_SIZES) else PAGE_SIZE
    return max(1, page), size


def _facet(key: str, label: str, counts: list[tuple[Any, int]], chosen: Any, names: Any) -> Facet:
    return Facet(
        key,
        label,
        [
            FacetValue(str(v), names(v), n, chosen is not None and str(chosen) == str(v))
            for v, n in counts
        ],
    )


LIBRARY_COLUMNS = [
    Column("id", "编号 id", True),
    Column("unit", "单位 unit"),
    Column("province", "省 province"),
    Column("city", "市 city"),
    Column("county", "县/区 county"),
    Column("year", "年度 year", True),
    Column("kind", "类型 kind"),
    Column("version", "版本 version", True),
    Column("current", "现行 current"),
    Column("expenditure_total", "支出合计（万元） total", True),
    Column("projects", "项目数 projects", True),
    Column("errors", "错误 errors", True),
    Column("warnings", "警告 warnings", True),
    Column("format", "格式 format"),
    Column("sha256", "SHA-256"),
    Column("path", "来源 path"),
    Column("loaded_at", "入库时间 loaded at"),
]
ERRORS_ZH = {"yes": "存在错误", "no": "未发现错误"}


def library(
    session: Session,
    *,
    region: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    has_errors: bool | None = None,
    fmt: str | None = None,
    q: str | None = None,
    sort: str | None = None,
    desc: bool = False,
    page: int = 1,
    size: int = PAGE_SIZE,
) -> Page:
    """A page of the stored disclosures (current versions) with the library's facets;
    ``region`` is a value of the region facet (a city, else a province), taken exactly."""
    from yusuan.store.queries import count_disclosures, disclosure_facets, list_disclosures

    page, size = page_bounds(page, size)
    filters: dict[str, Any] = {
        "area": region or None,
        "unit": unit or None,
        "year": year,
        "kind": kind or None,
        "has_errors": has_errors,
        "fmt": fmt or None,
        "q": q or None,
    }
    total = count_disclosures(session, **filters)
    page = min(page, max(1, -(-total // size))) if size else 1
    rows = list_disclosures(
        session, **filters, sort=sort, desc=desc, limit=size or None, offset=(page - 1) * size
    )
    counts = disclosure_facets(session, **filters)
    errors = None if has_errors is None else ("yes" if has_errors else "no")
    facets = [
        _facet("year", "年度", counts["year"], year, lambda v: f"{v} 年"),
        _facet("region", "地区", counts["region"], region, str),
        _facet("kind", "类型", counts["kind"], kind, lambda v: KIND_ZH.get(v, v)),
        _facet("errors", "检查结果", counts["errors"], errors, lambda v: ERRORS_ZH[v]),
        _facet("format", "格式", counts["format"], fmt, lambda v: str(v).upper()),
    ]
    return Page(rows, total, page, size, sort, desc, facets)


def _sorted_page(
    rows: list[dict[str, Any]], sort: str | None, desc: bool, page: int, size: int, keys: list[str]
) -> tuple[list[dict[str, Any]], int, int]:
    """Rows sorted by ``sort`` (one of ``keys``; empty values last either way) and paged."""
    if sort is not None and sort not in keys:
        raise YusuanError(
            f"不能按“{sort}”排序；可用：{'、'.join(keys)}",
            f"cannot sort by {sort!r}; one of {', '.join(keys)}",
        )
    if sort:
        present = [r for r in rows if r.get(sort) is not None]
        present.sort(key=lambda r: r[sort], reverse=desc)  # stable: ties keep their rank
        rows = present + [r for r in rows if r.get(sort) is None]
    if not size:
        return rows, len(rows), 1
    page = min(max(1, page), max(1, -(-len(rows) // size)))
    return rows[(page - 1) * size : page * size], len(rows), page


def _counts(rows: list[dict[str, Any]], key: str) -> list[tuple[Any, int]]:
    tally: dict[Any, int] = {}
    for r in rows:
        if r.get(key) is not None:
            tally[r[key]] = tally.get(r[key], 0) + 1
    return sorted(tally.items(), key=lambda x: (-x[1], str(x[0])))


def _faceted(
    rows: list[dict[str, Any]], chosen: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, list[tuple[Any, int]]]]:
    """Rows with every chosen facet value; each facet counted without its own choice."""

    def keep(r: dict[str, Any], skip: str | None = None) -> bool:
        return all(v is None or str(r.get(k)) == str(v) for k, v in chosen.items() if k != skip)

    counts = {k: _counts([r for r in rows if keep(r, k)], k) for k in chosen}
    return [r for r in rows if keep(r)], counts


PROJECT_COLUMNS = [
    Column("id", "编号 id", True),
    Column("unit", "单位 unit"),
    Column("year", "年度 year", True),
    Column("project", "项目 project"),
    Column("budget", "预算（万元） budget", True),
    Column("matched", "命中 matched"),
    Column("goal", "绩效目标 goal"),
    Column("source", "位置 source"),
]
PROJECT_SORTS = ["unit", "year", "project", "budget"]


def project_search(
    session: Session,
    q: str,
    *,
    unit: str | None = None,
    year: int | None = None,
    sort: str | None = None,
    desc: bool = False,
    page: int = 1,
    size: int = PAGE_SIZE,
) -> Page:
    """A page of the projects whose name, goals or indicators hold every word of ``q`` (best
    first unless sorted), with facets by year and unit; each row knows its disclosure."""
    from yusuan.store.queries import project_facets, search_projects

    page, size = page_bounds(page, size)
    terms, unit = q.split(), unit or None
    # Filtered in the query; only the ranking stops at PROJECT_SEARCH_MAX (sorting and paging
    # are within those), the facets count every project found.
    found = search_projects(session, terms, unit_name=unit, year=year, limit=PROJECT_SEARCH_MAX)
    counts = project_facets(session, terms, unit_name=unit, year=year)
    rows, total, page = _sorted_page(found, sort, desc, page, size, PROJECT_SORTS)
    facets = [
        _facet("year", "年度", sorted(counts["year"], reverse=True), year, lambda v: f"{v} 年"),
        _facet("unit", "单位", counts["unit"], unit, str),
    ]
    return Page(rows, total, page, size, sort, desc, facets, len(found) >= PROJECT_SEARCH_MAX)


BENCHMARK_COLUMNS = [
    Column("item", "物项 item"),
    Column("activity", "活动 activity"),
    Column("unit", "单位 unit"),
    Column("year", "年度 year", True),
    Column("project", "项目 project"),
    Column("quantity", "数量 quantity", True),
    Column("measure", "计量单位 measure"),
    Column("cost", "金额（万元） cost", True),
    Column("unit_cost", "单位成本 unit cost", True),
    Column("per", "成本单位 per"),
    Column("median", "同类中位数 peers' median", True),
    Column("ratio", "倍数 ratio", True),
    Column("peers", "同类数 peers", True),
    Column("outlier", "判断 outlier"),
    Column("indicator", "数量指标 indicator"),
    Column("cost_basis", "金额来源 cost basis"),
    Column("disclosure_id", "文件编号 disclosure id", True),
]
BENCHMARK_SORTS = [
    "item", "activity", "unit", "year", "project", "quantity", "cost", "unit_cost", "median",
    "ratio", "peers",
]  # fmt: skip
OUTLIER_ZH = {"high": "偏高", "low": "偏低"}


def benchmark_records(rows: list[Any]) -> list[dict[str, Any]]:
    """Benchmark rows (:class:`~yusuan.store.unitcost.CostRow`) as records: the cost's unit
    written out, the judgement in words (``outlier``; ``judged`` keeps high | low)."""
    return [
        {
            **r.__dict__,
            "per": f"元/{r.measure}/年",
            "judged": r.outlier or None,
            "outlier": f"{OUTLIER_ZH[r.outlier]} {r.outlier}" if r.outlier else "",
        }
        for r in rows
    ]


def benchmark(
    session: Session,
    *,
    item: str | None = None,
    activity: str | None = None,
    year: int | None = None,
    judged: str | None = None,
    sort: str | None = None,
    desc: bool = False,
    page: int = 1,
    size: int = PAGE_SIZE,
) -> tuple[Page, list[dict[str, Any]]]:
    """A page of the unit-cost benchmark (items known by name and unit only; the loose ones
    are for ``yusuan benchmark --loose``) with facets by item, activity, judgement and year;
    and every row the filters leave (for the chart)."""
    from yusuan.store.unitcost import benchmark as run

    page, size = page_bounds(page, size)
    records = [r for r in benchmark_records(run(session)) if not r["item"].startswith("其他")]
    chosen: dict[str, Any] = {
        "item": item or None,
        "activity": activity or None,
        "judged": judged or None,
        "year": year,
    }
    kept, counts = _faceted(records, chosen)
    rows, total, page = _sorted_page(kept, sort, desc, page, size, BENCHMARK_SORTS)
    facets = [
        _facet("item", "物项", counts["item"], item or None, str),
        _facet("activity", "活动", counts["activity"], activity or None, str),
        _facet("judged", "判断", counts["judged"], judged or None, lambda v: OUTLIER_ZH[v]),
        _facet("year", "年度", sorted(counts["year"], reverse=True), year, lambda v: f"{v} 年"),
    ]
    return Page(rows, total, page, size, sort, desc, facets), kept

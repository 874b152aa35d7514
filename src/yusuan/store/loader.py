"""``yusuan load``: read → check → store, one transaction per document.

Loading is idempotent by the file's SHA-256. A different file for a unit, year and kind already
stored is a corrected re-publication: it becomes the next version and the old one is kept (no
longer current). A crash or a bad file rolls back its own transaction and nothing else.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from yusuan.batch import batch_gc
from yusuan.blocks import Document
from yusuan.check.findings import DocumentReport
from yusuan.errors import YusuanError
from yusuan.model import Disclosure
from yusuan.pipeline import Opened, is_part, open_input, open_parts, pair_parts
from yusuan.store import schema as s
from yusuan.store.db import Store
from yusuan.store.history import StoredHistory, counts, dependents, refresh, run_check
from yusuan.store.mapping import extra_of, headline_total, insert_disclosure_parts, insert_findings
from yusuan.store.region import infer_region, normalise_name

# Files a directory is searched for; a file named on the command line is always tried.
EXTENSIONS = {
    ".txt", ".text", ".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".html", ".htm",
    ".rtf", ".odt", ".ods", ".ofd",
}  # fmt: skip

Status = Literal["loaded", "skipped", "failed"]


@dataclass
class Outcome:
    path: str
    status: Status
    reason: str | None = None  # why skipped or failed
    disclosure_id: int | None = None
    unit: str | None = None
    year: int | None = None
    version: int | None = None
    errors: int = 0
    files: int = 1  # files stored as this one disclosure (its parts)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the disclosure files under directories named (sorted, no hidden ones)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in EXTENSIONS
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            out.append(p)
    return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# Statements built once (building and cache-keying them each time cost more than running them).
_UNITS = cast(Table, s.Unit.__table__)
_DOCUMENT_BY_SHA = select(s.Document.id).where(s.Document.sha256 == bindparam("sha"))
# The disclosure a stored file is the document of, or a part of.
_OWNER_BY_SHA = (
    select(func.coalesce(s.Document.disclosure_id, s.Disclosure.id))
    .select_from(s.Document)
    .outerjoin(s.Disclosure, s.Disclosure.document_id == s.Document.id)
    .where(s.Document.sha256 == bindparam("sha"))
)
_UNIT_BY_KEY = select(_UNITS.c.id, _UNITS.c.code).where(_UNITS.c.key == bindparam("key"))
_SET_UNIT_CODE = update(_UNITS).where(_UNITS.c.id == bindparam("uid")).values(code=bindparam("c"))
_SAME_VERSIONS = (
    s.Disclosure.unit_id == bindparam("uid"),
    s.Disclosure.year == bindparam("y"),
    s.Disclosure.kind == bindparam("k"),
    s.Disclosure.scope.is_not_distinct_from(bindparam("sc")),
)
_LATEST_VERSION = select(func.max(s.Disclosure.version)).where(*_SAME_VERSIONS)
_NOT_CURRENT = update(s.Disclosure).where(*_SAME_VERSIONS).values(is_current=False)
_INSERT_UNIT = insert(_UNITS)
_INSERT_DOCUMENT = insert(cast(Table, s.Document.__table__))
_INSERT_DISCLOSURE = insert(cast(Table, s.Disclosure.__table__))


def _new_id(result: Any) -> int:
    """The primary key an INSERT gave its row."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _unit(session: Session, d: Disclosure) -> tuple[int, str] | None:
    """The stored unit's id and key, added if new (Core statements: no ORM flush)."""
    if not d.unit.name:
        return None
    key = normalise_name(d.unit.name)
    conn = session.connection()  # Core statements, past the ORM's execution layer
    found = conn.execute(_UNIT_BY_KEY, {"key": key}).first()
    if found is None:
        r = infer_region(d.unit.name)
        added = conn.execute(
            _INSERT_UNIT,
            {
                "key": key,
                "name": d.unit.name,
                "code": d.unit.code,
                "province": r.province,
                "city": r.city,
                "county": r.county,
                "level": r.level,
                "region_source": "inferred",
            },
        )
        return _new_id(added), key
    if found.code is None and d.unit.code:
        conn.execute(_SET_UNIT_CODE, {"uid": found.id, "c": d.unit.code})
    return found.id, key


def store_disclosure(
    session: Session,
    d: Disclosure,
    report: DocumentReport | None = None,
    *,
    size: int | None = None,
) -> Outcome:
    """Store one read disclosure (and its check report) in the session's transaction.

    Without ``report`` the checks are run here, with the stored history.
    """
    sha = d.source.sha256
    conn = session.connection()  # Core statements, past the ORM's execution layer
    if conn.execute(_DOCUMENT_BY_SHA, {"sha": sha}).first() is not None:
        owner = conn.execute(_OWNER_BY_SHA, {"sha": sha}).scalar()
        return Outcome(
            d.source.path, "skipped", "已入库（同一文件）/ already loaded", disclosure_id=owner
        )
    unit = _unit(session, d)
    unit_id, unit_key = unit if unit is not None else (None, None)
    version = 1
    if unit_id is not None and d.year is not None:
        same = {"uid": unit_id, "y": d.year, "k": d.kind, "sc": d.scope}
        latest = conn.execute(_LATEST_VERSION, same).scalar()
        if latest is not None:
            version = latest + 1
            session.execute(_NOT_CURRENT, same)
    if report is None:
        report = run_check(d, StoredHistory.of(session, d))
    now = datetime.now(UTC)
    doc_id = _new_id(
        conn.execute(
            _INSERT_DOCUMENT,
            {
                "sha256": sha,
                "path": d.source.path,
                "format": d.source.format,
                "size": size,
                "loaded_at": now,
            },
        )
    )
    tally = counts(report.findings)
    did = _new_id(
        conn.execute(
            _INSERT_DISCLOSURE,
            {
                "document_id": doc_id,
                "unit_id": unit_id,
                "year": d.year,
                "kind": d.kind,
                "scope": d.scope,
                "version": version,
                "is_current": True,
                "unit_name": d.unit.name,
                "unit_code": d.unit.code,
                "unit_nature": d.unit.nature,
                "unit_rank": d.unit.rank,
                "unit_funding": d.unit.funding,
                "money_unit": d.money_unit,
                "schema_id": d.schema_,
                "source_path": d.source.path,
                "source_format": d.source.format,
                "expenditure_total": headline_total(d),
                "loaded_at": now,
                "extra": extra_of(d),
                "coverage": [c.model_dump() for c in report.coverage],
                **tally,
            },
        )
    )
    for part in d.parts:  # the other files of a merged disclosure: stored with it
        if conn.execute(_DOCUMENT_BY_SHA, {"sha": part.sha256}).first() is None:
            conn.execute(
                _INSERT_DOCUMENT,
                {
                    "sha256": part.sha256,
                    "path": part.path,
                    "format": part.format,
                    "size": None,
                    "loaded_at": now,
                    "disclosure_id": did,
                },
            )
    insert_disclosure_parts(session, d, did)
    insert_findings(session, report.findings, did)
    for dep in dependents(session, unit_id, unit_key, d.year, d.kind):
        refresh(session, dep)
    return Outcome(
        d.source.path,
        "loaded",
        disclosure_id=did,
        unit=d.unit.name,
        year=d.year,
        version=version,
        errors=tally["errors"],
    )


def _read(path: Path) -> Opened:
    """A file read; its blocks are kept only when it is a part of a disclosure (they are merged
    with its other parts', not read again)."""
    o = open_input(path)
    return o if is_part(o.disclosure) else Opened(o.disclosure, None)


def _read_safe(path: Path) -> Opened | YusuanError | str:
    """For worker processes: never raise, so one bad file cannot stop the pool."""
    try:
        return _read(path)
    except YusuanError as e:
        return e
    except Exception as e:
        return f"内部错误 internal error: {type(e).__name__}: {e}"


def _reason(e: BaseException) -> str:
    if isinstance(e, YusuanError):
        return f"{e.zh} / {e.en}"
    return f"内部错误 internal error: {type(e).__name__}: {e}"


def load_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    jobs: int = 1,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Load files (directories are searched); each document in its own transaction."""
    with batch_gc():
        return _load_paths(store, expand(paths), jobs, on_outcome)


def _load_paths(
    store: Store,
    files: list[Path],
    jobs: int,
    on_outcome: Callable[[Outcome], None] | None,
) -> list[Outcome]:
    outcomes: list[Outcome] = []

    def done(o: Outcome) -> None:
        outcomes.append(o)
        if on_outcome:
            on_outcome(o)

    todo: list[tuple[Path, int]] = []
    with store.engine.connect() as conn:
        for f in files:
            try:
                sha, size = sha256_file(f), f.stat().st_size
            except OSError as e:
                done(Outcome(str(f), "failed", f"无法读取文件 cannot read file: {e.strerror}"))
                continue
            if conn.execute(_DOCUMENT_BY_SHA, {"sha": sha}).first() is not None:
                done(Outcome(str(f), "skipped", "已入库（同一文件）/ already loaded"))
            else:
                todo.append((f, size))

    def keep(path: Path, size: int | None, d: Disclosure, note: str | None = None) -> None:
        try:
            o = _store_one(store, d, size)
        except Exception as e:  # rolled back: nothing of this document is kept
            if os.environ.get("YUSUAN_DEBUG"):
                raise
            o = Outcome(str(path), "failed", _reason(e))
        o.path = str(path)
        o.files = 1 + len(d.parts)
        if note and o.status == "loaded":
            o.reason = note
        done(o)

    # Files that may be one part of a disclosure (narrative only, tables only) wait for the
    # others: parts of one unit, year and kind are stored as one disclosure, their blocks
    # merged. A part with no blocks (canonical JSON) cannot be merged: it is stored as it is.
    waiting: dict[Path, tuple[int, Disclosure, Document]] = {}
    for path, size, result in _parsed(todo, jobs):
        if isinstance(result, BaseException | str):
            done(
                Outcome(str(path), "failed", result if isinstance(result, str) else _reason(result))
            )
            continue
        if result.document is not None:
            waiting[path] = (size, result.disclosure, result.document)
        else:
            keep(path, size, result.disclosure)
    for group in pair_parts([(path, d) for path, (_, d, _) in waiting.items()]):
        if len(group) == 1:
            size, d, _ = waiting[group[0]]
            keep(group[0], size, d)
            continue
        try:
            merged = open_parts([waiting[p][2] for p in group])
        except Exception as e:  # each part read alone; together they do not: keep them apart
            if os.environ.get("YUSUAN_DEBUG"):
                raise
            for path in group:
                size, d, _ = waiting[path]
                keep(path, size, d, f"未能合并 not merged: {_reason(e)}")
            continue
        first = Path(merged.disclosure.source.path)
        others = " + ".join(Path(p.path).name for p in merged.disclosure.parts)
        keep(first, waiting[first][0], merged.disclosure, f"合并 merged with {others}")
    if store.dialect == "sqlite" and any(o.status == "loaded" for o in outcomes):
        _optimize(store)
    return outcomes


def _optimize(store: Store) -> None:
    """Refresh the planner's statistics where useful. Optional: a concurrent loader holding
    the write lock past the busy timeout only means the next load refreshes them."""
    from sqlalchemy.exc import OperationalError

    try:
        with store.engine.connect() as conn:
            # It writes: take the lock up front (a deferred transaction fails when another
            # writer commits between its read and its write).
            with conn.execution_options(yusuan_write=True).begin():
                conn.exec_driver_sql("PRAGMA optimize")
    except OperationalError:
        pass


def _store_one(store: Store, d: Disclosure, size: int | None) -> Outcome:
    """One transaction; tried twice, since a concurrent loader may have just added the same
    unit or file (a unique-key clash that the second try sees as committed)."""
    for attempt in (1, 2):
        try:
            with store.session() as session:
                return store_disclosure(session, d, size=size)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _parsed(
    todo: list[tuple[Path, int]], jobs: int
) -> Iterator[tuple[Path, int, Opened | BaseException | str]]:
    """Read the files, in worker processes when ``jobs`` > 1 (the database writes stay here)."""
    if jobs <= 1 or len(todo) < 2:
        for path, size in todo:
            try:
                yield path, size, _read(path)
            except YusuanError as e:
                yield path, size, e
            except Exception as e:
                if os.environ.get("YUSUAN_DEBUG"):
                    raise
                yield path, size, _reason(e)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = pool.map(_read_safe, [p for p, _ in todo], chunksize=4)
        for (path, size), result in zip(todo, results, strict=True):
            yield path, size, result

"""The Python API: what the ``yusuan`` command does, as three calls.

    import yusuan
    d = yusuan.open("预算.pdf")          # any supported file, canonical JSON or a filled workbook
    r = yusuan.check(d)                  # the findings (a DocumentReport)
    yusuan.load("sqlite:///y.db", ["公开文件/"])   # read, check and store (idempotent)

The command line, the web app and the store loader go through the same functions: ``open`` is
:func:`yusuan.pipeline.open`, ``check`` runs the rule registry (:mod:`yusuan.check.engine`),
``load`` is the store's loader (:mod:`yusuan.store.loader`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from yusuan.pipeline import Opened, open, open_input

if TYPE_CHECKING:
    from yusuan.check.findings import DocumentReport
    from yusuan.model import Disclosure
    from yusuan.store.db import Store
    from yusuan.store.loader import Outcome

__all__ = ["Opened", "check", "load", "open", "open_input"]


def check(
    disclosure: Disclosure,
    history: object | None = None,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    min_severity: str = "info",
) -> DocumentReport:
    """Check a disclosure against the rule registry (``yusuan check``).

    ``select``/``ignore`` take rule codes or prefixes ("N003", "P"); findings below
    ``min_severity`` (info | warning | error) are left out. ``history`` gives the cross-year
    rules (H) the stored disclosures: :func:`yusuan.store.history.StoredHistory`.
    """
    from yusuan.check.engine import run

    return run(disclosure, history, select=select, ignore=ignore, min_severity=min_severity)


def load(
    store: Store | str | None,
    paths: Sequence[str | Path] | str | Path,
    *,
    jobs: int = 1,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Read, check and store files (directories are searched), each disclosure in its own
    transaction (``yusuan load``). ``store`` is an open :class:`~yusuan.store.db.Store` or a
    database URL (None: SQLite in the user data directory). Returns one outcome per file:
    loaded, skipped (already stored) or failed, with the reason."""
    from yusuan.store.db import Store
    from yusuan.store.loader import load_paths

    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    if isinstance(store, Store):
        return load_paths(store, files, jobs=jobs, on_outcome=on_outcome)
    with Store(store) as opened:
        return load_paths(opened, files, jobs=jobs, on_outcome=on_outcome)

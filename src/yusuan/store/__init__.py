"""Store disclosures in a database (SQLite by default, PostgreSQL on a server) and query them.

The names below are imported when first used: ``yusuan.store.output`` (what the command line
needs to start) must not pay for SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yusuan.store.db import Store, StoreError, open_store, resolve_url

__all__ = ["Store", "StoreError", "open_store", "resolve_url"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from yusuan.store import db

        return getattr(db, name)
    raise AttributeError(f"module 'yusuan.store' has no attribute {name!r}")

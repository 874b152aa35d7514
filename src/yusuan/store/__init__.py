"""Store disclosures in a database (SQLite by default, PostgreSQL on a server) and query them."""

from yusuan.store.db import Store, StoreError, open_store, resolve_url

__all__ = ["Store", "StoreError", "open_store", "resolve_url"]

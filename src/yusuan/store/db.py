"""Opening a store: resolve the URL, make the engine, bring the schema up to date."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from yusuan.errors import YusuanError

ENV_VAR = "YUSUAN_DB"
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(YusuanError):
    """The database cannot be opened or used."""


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("yusuan", appauthor=False) / "yusuan.db"


def resolve_url(url: str | None = None) -> str:
    """``--db`` first, then ``$YUSUAN_DB``, then SQLite in the user's data directory.

    A bare path means SQLite; ``postgresql://`` is taken to mean psycopg 3.
    """
    url = url or os.environ.get(ENV_VAR) or ""
    if not url:
        path = default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # pysqlite's own transaction handling skips DDL and SELECTs; emit BEGIN ourselves instead
    # (see _sqlite_begin) so migrations and loads are whole transactions.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # readers keep reading while a load writes
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL is still crash-safe for commits
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
    # Unicode lower case, as the FTS5 index folds it (SQLite's own lower() and LIKE fold ASCII).
    dbapi_conn.create_function("yusuan_lower", 1, _lower, deterministic=True)


def _lower(text: str | None) -> str | None:
    return text.lower() if isinstance(text, str) else text


def _sqlite_begin(conn: Any) -> None:
    # Writers take the lock up front: a deferred transaction that reads, then writes after
    # another loader committed, fails at once with "database is locked" (busy_timeout can't help).
    immediate = conn.get_execution_options().get("yusuan_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _json(v: Any) -> str:
    from yusuan.store.mapping import json_text  # compact, non-ASCII as is

    return json_text(v)


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise StoreError(f"数据库地址无效：{url}", f"invalid database URL: {url} ({e})") from None
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, json_serializer=_json)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True, json_serializer=_json)
    except NoSuchModuleError as e:
        raise StoreError(
            f"不支持的数据库：{parsed.get_backend_name()}", f"unsupported database: {e}"
        ) from None


def migrate(engine: Engine) -> None:
    """Run Alembic's upgrade to head on this engine (idempotent)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        # Take the write lock up front: a second process opening a new database waits, then
        # finds it migrated (a deferred transaction would race it and fail).
        conn = conn.execution_options(yusuan_write=True)
        if sqlite:
            # SQLite alters a table by copying it; dropping the old copy would cascade deletes
            # into every table that refers to it. Foreign keys stay off for the migration (the
            # pragma only works outside a transaction) and are checked after it.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StoreError(
                        "数据库迁移后外键不一致，已回滚", "foreign keys broken by the migration"
                    )
        finally:
            if sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


class Store:
    """An open database: an engine plus a session factory. Use as a context manager."""

    def __init__(self, url: str | None = None, *, upgrade: bool = True) -> None:
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        try:
            self.revision = current_revision(self.engine)  # None: an empty database
            if upgrade and self.revision != head_revision():
                migrate(self.engine)
                self.revision = head_revision()
        except (OperationalError, DBAPIError) as e:
            self.engine.dispose()
            shown = make_url(self.url).render_as_string(hide_password=True)
            reason = str(e.orig).strip().splitlines()[0] if e.orig else str(e)
            raise StoreError(
                f"无法打开数据库 {shown}：{reason}", f"cannot open database {shown}: {reason}"
            ) from None
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writers = sessionmaker(
            self.engine.execution_options(yusuan_write=True), expire_on_commit=False
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A writing session in one transaction: committed on success, rolled back on error."""
        with self._writers() as s, s.begin():
            yield s

    def has_table(self, name: str) -> bool:
        return inspect(self.engine).has_table(name)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(url: str | None = None) -> Store:
    return Store(url)


def open_for_reading(url: str) -> Store:
    """An existing, up-to-date store, opened without creating or migrating anything."""
    resolved = resolve_url(url)
    parsed = make_url(resolved)
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if not path or path == ":memory:" or not Path(path).is_file():
            raise StoreError(f"数据库不存在：{shown}", f"no database at {shown}")
        # Looked at read-only first: our connections switch a file to WAL, which is a write.
        if _sqlite_revision(Path(path)) != head_revision():
            raise _outdated(shown)
    store = Store(resolved, upgrade=False)
    if store.revision != head_revision():
        store.close()
        raise _outdated(shown)
    return store


def _outdated(shown: str) -> StoreError:
    return StoreError(
        f"{shown} 不是本版本 yusuan 的数据库（先用 yusuan load 或 yusuan ls 打开一次以升级）",
        f"{shown} is not a database of this yusuan version "
        "(open it once with yusuan load or yusuan ls to upgrade it)",
    )


def _sqlite_revision(path: Path) -> str | None:
    import sqlite3

    try:
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as c:
            row = c.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None  # not SQLite, or no yusuan schema
    return row[0] if row else None

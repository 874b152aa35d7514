"""Database fixtures: every store test runs on SQLite and on a throwaway PostgreSQL cluster.

The cluster is started once per session with initdb + pg_ctl in a temporary directory on a free
port (as the ``postgres`` user when running as root, since PostgreSQL refuses to run as root).
Set ``YUSUAN_TEST_PG`` to a server URL (postgresql+psycopg://user@host:port/) to use one already
running instead. Without server binaries the PostgreSQL half is skipped, saying why.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS

PG_ENV = "YUSUAN_TEST_PG"
_counter = itertools.count()


def _pg_bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    for d in sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    ):
        if Path(d, "pg_ctl").exists() and Path(d, "initdb").exists():
            return Path(d)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _utf8_locale() -> str | None:
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return None
    names = {n.strip().lower().replace("-", ""): n.strip() for n in out.splitlines()}
    for want in ("c.utf8", "en_us.utf8"):
        if want in names:
            return names[want]
    return None


class PgCluster:
    def __init__(self) -> None:
        bindir = _pg_bindir()
        if bindir is None:
            pytest.skip(
                "PostgreSQL server binaries (initdb, pg_ctl) not found: run .ci/install-postgres "
                f"or set {PG_ENV} to a server URL"
            )
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="yusuan-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # initdb and postgres refuse root
            import pwd

            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no 'postgres' user to run the server")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            runuser = shutil.which("runuser")
            self.prefix = [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres", "-c"]
        self.root.chmod(0o755)
        locale = _utf8_locale()
        initdb = [
            str(bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
        ]
        initdb += [f"--locale={locale}"] if locale else ["--no-locale"]
        self._run(initdb)
        opts = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        self._run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                opts,
                "-l",
                str(self.root / "log"),
                "-w",
                "start",
            ]
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/"

    def _run(self, cmd: list[str]) -> None:
        if self.prefix and self.prefix[-1] == "-c":  # su postgres -c "one string"
            import shlex

            cmd = [*self.prefix, shlex.join(cmd)]
        else:
            cmd = [*self.prefix, *cmd]
        r = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if r.returncode != 0:
            log = self.root / "log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{cmd} failed: {r.stdout}{r.stderr}{tail}")

    def stop(self) -> None:
        try:
            self._run(
                [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _admin(server: str, sql: str) -> None:
    import psycopg

    dsn = server.replace("postgresql+psycopg://", "postgresql://") + "postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)


class Backend:
    """Hands out fresh, migrated, empty databases of one kind."""

    def __init__(self, name: str, tmp: Path, server: str | None = None) -> None:
        from yusuan.store.db import Store

        self.name = name
        self.tmp = tmp
        self.server = server
        self.created: list[str] = []
        if name == "sqlite":
            self.template = tmp / "template.db"
            Store(f"sqlite:///{self.template}").close()
        else:
            assert server is not None
            self.template_db = f"yusuan_tpl_{os.getpid()}"
            _admin(server, f"DROP DATABASE IF EXISTS {self.template_db}")
            _admin(server, f"CREATE DATABASE {self.template_db}")
            Store(server + self.template_db).close()

    def fresh(self) -> str:
        n = next(_counter)
        if self.name == "sqlite":
            path = self.tmp / f"db{n}.db"
            shutil.copy(self.template, path)
            return f"sqlite:///{path}"
        assert self.server is not None
        db = f"yusuan_t{os.getpid()}_{n}"
        _admin(self.server, f"CREATE DATABASE {db} TEMPLATE {self.template_db}")
        self.created.append(db)
        return self.server + db

    def drop_all(self) -> None:
        """Only matters on a server of one's own (YUSUAN_TEST_PG); a throwaway cluster just goes."""
        if self.server is None:
            return
        import contextlib

        for db in [*self.created, self.template_db]:
            with contextlib.suppress(Exception):  # best effort
                _admin(self.server, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        self.created.clear()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    external = os.environ.get(PG_ENV)
    if external:
        yield external.rstrip("/") + "/"
        return
    cluster = PgCluster()
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    tmp = tmp_path_factory.mktemp(f"store-{request.param}")
    if request.param == "sqlite":
        yield Backend("sqlite", tmp)
        return
    server = request.getfixturevalue("pg_server")
    b = Backend("postgresql", tmp, server)
    yield b
    if os.environ.get(PG_ENV):
        b.drop_all()


@pytest.fixture
def db_url(backend: Backend) -> str:
    """A fresh, empty, migrated database (SQLite file or PostgreSQL database)."""
    return backend.fresh()


def seed_files() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt"))
    if len(files) < 5:
        pytest.skip(f"seeds not found in {SEEDS}")
    return files


@pytest.fixture(scope="session")
def seeded_url(backend: Backend) -> str:
    """A database with all five seeds loaded, shared by read-only tests (don't write to it)."""
    from yusuan.store.db import Store
    from yusuan.store.loader import load_paths

    url = backend.fresh()
    with Store(url) as store:
        outcomes = load_paths(store, seed_files())
    assert [o.status for o in outcomes] == ["loaded"] * 5, outcomes
    return url

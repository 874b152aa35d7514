"""Store benchmark: load synthesised disclosures, then time queries, on SQLite and PostgreSQL.

Disclosures are synthesised from the seeds: each copy renames the unit's place (廊坊 → 沧州 …),
shifts the years and scales every decimal figure by a few percent, then is written as a text file.
Reports disclosures/second for loading (end to end, and the database part alone) and
milliseconds for compare / projects / benchmark / ls queries. Prints numbers; asserts nothing.

Goal (issue #6): ≥ 50 disclosures/s loading text on one core; queries < 100 ms at 10,000.

Usage: python benchmarks/store.py [--n 1000] [--scale 10000] [--backends sqlite,postgresql]
       [--pg URL]   (without --pg a throwaway cluster is started when server binaries exist)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
# The place token of each seed's unit name, replaced to make new units.
PLACES = {"000": "廊坊", "001": "保定", "002": "济源", "003": "大城", "004": "唐山"}


def tokens() -> list[str]:
    from yusuan.store.region import CITIES

    seen = {c[:-1] for c in CITIES if c.endswith("市") and len(c) == 3}
    return sorted(seen - set(PLACES.values()))


def synthesise(n: int, target: Path, seed: int = 6) -> list[Path]:
    rng = random.Random(seed)
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    names = tokens()
    files = []
    number = re.compile(r"(?<![\d.])(\d{1,7})\.(\d{1,2})(?![\d.])")
    year = re.compile(r"20(1\d|2\d)")
    for i in range(n):
        key = sorted(texts)[i % len(texts)]
        place = names[(i // len(texts)) % len(names)]
        shift = (i // (len(texts) * len(names))) + 1  # years back, so copies don't collide
        factor = Decimal(str(round(rng.uniform(0.9, 1.1), 3)))

        def scale(m: re.Match[str], factor: Decimal = factor) -> str:
            digits = len(m.group(2))
            v = (Decimal(f"{m.group(1)}.{m.group(2)}") * factor).quantize(Decimal(10) ** -digits)
            return format(v, "f")

        text = texts[key].replace(PLACES[key], place)
        text = year.sub(lambda m, k=shift: str(2000 + int(m.group(1)) - k), text)
        text = number.sub(scale, text)
        f = target / f"{i:05d}_{key}_{place}.txt"
        f.write_text(text, encoding="utf-8")
        files.append(f)
    return files


# --- a throwaway PostgreSQL cluster (as in tests/conftest_store.py) -----------------------------


class Cluster:
    def __init__(self) -> None:
        import glob
        import socket

        dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
        found = shutil.which("pg_ctl")
        bindir = (
            Path(os.path.realpath(found)).parent if found else (Path(dirs[0]) if dirs else None)
        )
        if bindir is None:
            raise RuntimeError("no PostgreSQL server binaries (run .ci/install-postgres)")
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="yusuan-bench-pg-"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            import pwd

            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.root.chmod(0o755)
        data = self.root / "data"
        self._run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                opts,
                "-l",
                str(self.root / "log"),
                "-w",
                "start",
            ]
        )
        self.data = data

    def _run(self, cmd: list[str]) -> None:
        subprocess.run([*self.prefix, *cmd], check=True, capture_output=True)

    def url(self, db: str) -> str:
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as c:
            c.execute(f"DROP DATABASE IF EXISTS {db}")
            c.execute(f"CREATE DATABASE {db}")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"])
        shutil.rmtree(self.root, ignore_errors=True)


# --- measuring -------------------------------------------------------------------------------


def timed_ms(fn: Callable[[], Any], rounds: int = 7) -> float:
    fn()  # warm caches and compiled statements
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def queries(url: str) -> dict[str, float]:
    from sqlalchemy import text

    from yusuan.store.db import Store
    from yusuan.store.queries import (
        comparison,
        find_disclosure,
        list_disclosures,
        profile,
        search_projects,
    )
    from yusuan.store.unitcost import benchmark

    st = Store(url)
    out: dict[str, float] = {}
    with st.sessions() as s:
        name_a = s.execute(
            text(
                "SELECT unit_name, year FROM disclosures WHERE unit_name LIKE '%公安局安次分局%' ORDER BY id LIMIT 1"
            )
        ).first()
        name_b = s.execute(
            text(
                "SELECT unit_name FROM disclosures WHERE unit_name LIKE '%市公安局' AND year = :y ORDER BY id LIMIT 1"
            ),
            {"y": name_a[1]},
        ).first()

        def compare_units() -> None:
            ds = [find_disclosure(s, n, name_a[1]) for n in (name_a[0], name_b[0])]
            comparison([profile(s, d.id) for d in ds], ["a", "b"], by_year=False)

        def compare_years() -> None:
            from yusuan.store.queries import find_unit, years_of

            u = find_unit(s, name_a[0])
            ds = [find_disclosure(s, u.name, y) for y in years_of(s, u.id, "budget")]
            comparison([profile(s, d.id) for d in ds], [str(d.year) for d in ds], by_year=True)

        out["compare 2 units"] = timed_ms(compare_units)
        out["compare 1 unit × years"] = timed_ms(compare_years)
        out["projects 视频监控 (4 chars)"] = timed_ms(lambda: search_projects(s, ["视频监控"]))
        out["projects 监控 (2 chars)"] = timed_ms(lambda: search_projects(s, ["监控"]))
        out["projects 1060路 天网"] = timed_ms(lambda: search_projects(s, ["1060路", "天网"]))
        out["benchmark 视频监控点位"] = timed_ms(lambda: benchmark(s, item="视频监控点位"), 3)
        out["benchmark (all)"] = timed_ms(lambda: benchmark(s), 3)
        out["ls --region 河北"] = timed_ms(lambda: list_disclosures(s, region="河北"), 3)
    st.close()
    return out


def bulk_topup(url: str, parsed: list[Any], total: int) -> float:
    """Add copies of already-read disclosures (new unit names and years, checks skipped) until
    the store holds ``total``; returns disclosures/s. Only for timing queries at scale."""
    from sqlalchemy import func, select

    from yusuan.check.findings import DocumentReport
    from yusuan.store import schema as sch
    from yusuan.store.db import Store
    from yusuan.store.loader import store_disclosure

    st = Store(url)
    with st.sessions() as s:
        have = s.scalar(select(func.count(sch.Disclosure.id))) or 0
    n, t0 = 0, time.perf_counter()
    i = 0
    while have + n < total:
        d = parsed[i % len(parsed)]
        i += 1
        copy = d.model_copy(deep=False)
        copy.unit = d.unit.model_copy(update={"name": f"{d.unit.name}（副本{i}）"})
        copy.source = d.source.model_copy(update={"sha256": f"{0xB000000 + i:064x}"})
        report = DocumentReport(
            source=copy.source.model_dump(), unit=copy.unit.name, year=copy.year
        )
        with st.session() as s:
            if store_disclosure(s, copy, report).status == "loaded":
                n += 1
    st.close()
    return n / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000, help="disclosures to synthesise and load")
    ap.add_argument("--e2e", type=int, default=200, help="of which loaded end to end from text")
    ap.add_argument(
        "--scale", type=int, default=0, help="also time queries at this many disclosures"
    )
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument(
        "--pg", default=None, help="PostgreSQL server URL (…/) instead of a throwaway one"
    )
    a = ap.parse_args()
    if not SEEDS.exists():
        print(f"no seeds in {SEEDS}")
        return

    import yusuan
    from yusuan.store.db import Store
    from yusuan.store.history import run_check
    from yusuan.store.loader import load_paths, store_disclosure

    work = Path(tempfile.mkdtemp(prefix="yusuan-bench-"))
    try:
        files = synthesise(a.n, work)
        print(f"synthesised {len(files)} disclosures from {SEEDS} into {work}")
        t0 = time.perf_counter()
        parsed = [yusuan.open(f) for f in files]
        read_s = time.perf_counter() - t0
        print(f"read (reader + extraction, no database): {len(parsed) / read_s:7.1f} disclosures/s")
        t0 = time.perf_counter()
        for d in parsed[:200]:
            run_check(d, None)
        check_rate = min(200, len(parsed)) / (time.perf_counter() - t0)
        print(f"check (rules, no history):               {check_rate:7.1f} disclosures/s")

        cluster: Cluster | None = None
        for backend in a.backends.split(","):
            if backend == "sqlite":
                url = f"sqlite:///{work / 'bench.db'}"
                e2e_url = f"sqlite:///{work / 'e2e.db'}"
            else:
                if a.pg:
                    import psycopg

                    base = a.pg.rstrip("/")
                    for db in ("yusuan_bench", "yusuan_e2e"):
                        with psycopg.connect(
                            base.replace("+psycopg", "") + "/postgres", autocommit=True
                        ) as c:
                            c.execute(f"DROP DATABASE IF EXISTS {db}")
                            c.execute(f"CREATE DATABASE {db}")
                    url, e2e_url = base + "/yusuan_bench", base + "/yusuan_e2e"
                else:
                    try:
                        cluster = Cluster()
                    except Exception as e:
                        print(f"\n[postgresql] skipped: {e}")
                        continue
                    url, e2e_url = cluster.url("yusuan_bench"), cluster.url("yusuan_e2e")
            print(f"\n[{backend}]")
            with Store(e2e_url) as st:
                sub = files[: a.e2e]
                t0 = time.perf_counter()
                outcomes = load_paths(st, sub)
                rate = len(sub) / (time.perf_counter() - t0)
                ok = sum(o.status == "loaded" for o in outcomes)
                print(
                    f"  load end to end, text files, 1 process: {rate:7.1f} disclosures/s ({ok}/{len(sub)} loaded)"
                )
                t0 = time.perf_counter()
                again = load_paths(st, sub)
                skipped = sum(o.status == "skipped" for o in again)
                print(
                    f"  load again (all skipped by SHA-256):     {len(sub) / (time.perf_counter() - t0):7.0f} files/s ({skipped} skipped)"
                )
            e2e2 = f"sqlite:///{work / 'e2e_j2.db'}" if backend == "sqlite" else None
            if cluster is not None:
                e2e2 = cluster.url("yusuan_e2e_j2")
            if e2e2:
                with Store(e2e2) as st:
                    t0 = time.perf_counter()
                    load_paths(st, sub, jobs=2)
                    rate = len(sub) / (time.perf_counter() - t0)
                print(f"  load end to end, --jobs 2 (2 readers):  {rate:7.1f} disclosures/s")
            with Store(url) as st:
                t0 = time.perf_counter()
                for d in parsed:
                    with st.session() as s:
                        store_disclosure(s, d)
                rate = len(parsed) / (time.perf_counter() - t0)
            print(
                f"  store (check with history + write):      {rate:7.1f} disclosures/s, {len(parsed)} disclosures"
            )
            print(f"  queries at {len(parsed)} disclosures (median ms):")
            for name, ms in queries(url).items():
                print(f"    {name:<30} {ms:8.1f}")
            if a.scale > len(parsed):
                rate = bulk_topup(url, parsed, a.scale)
                print(f"  topped up to {a.scale} (checks skipped): {rate:.1f} disclosures/s")
                print(f"  queries at {a.scale} disclosures (median ms):")
                for name, ms in queries(url).items():
                    print(f"    {name:<30} {ms:8.1f}")
        if cluster:
            cluster.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

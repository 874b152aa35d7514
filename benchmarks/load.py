"""Where `yusuan load` spends its time: CPU milliseconds per disclosure for each stage.

Loads synthesised text disclosures (as benchmarks/store.py makes them) into a fresh SQLite
database (or ``--db URL``) with ``load_paths``, the code path of ``yusuan load``, and wraps the
pipeline's stages with timers. Prints numbers; asserts nothing.

Goal (issue #6): ≥ 50 disclosures/s end to end on one core for text input (≤ 20 ms each).

Usage: python benchmarks/load.py [--n 200] [--db URL] [FILES...]
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

# (label, module, attribute): the stages, wrapped where the caller looks them up.
STAGES = [
    ("read: format reader → blocks", "yusuan.readers", "read_document"),
    ("extract: all", "yusuan.extract", "extract"),
    ("  sections", "yusuan.extract", "split_sections"),
    ("  standard tables", "yusuan.extract", "extract_tables"),
    ("  performance", "yusuan.extract.performance", "extract_performance"),
    ("  narrative: organisations", "yusuan.extract", "extract_organisations"),
    ("  model construction", "yusuan.extract", "Disclosure"),
    ("check: rules (with history)", "yusuan.store.loader", "run_check"),
    ("store: all (before commit)", "yusuan.store.loader", "store_disclosure"),
    ("  insert parts", "yusuan.store.loader", "insert_disclosure_parts"),
    ("  search index", "yusuan.store.mapping", "_index_search"),
    ("  re-check dependents", "yusuan.store.loader", "refresh"),
    ("store + commit", "yusuan.store.loader", "_store_one"),
]


def wrap(totals: dict[str, float], label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[label] += time.process_time() - t0

    return timed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200, help="disclosures to synthesise")
    ap.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    ap.add_argument("files", nargs="*", type=Path)
    a = ap.parse_args()

    from store import SEEDS, synthesise  # benchmarks/store.py

    from yusuan.store.db import Store
    from yusuan.store.loader import load_paths

    work = Path(tempfile.mkdtemp(prefix="yusuan-load-"))
    try:
        if a.files:
            files = a.files
        elif SEEDS.exists():
            files = synthesise(a.n, work)
        else:
            print(f"no seeds in {SEEDS}")
            return
        totals: dict[str, float] = defaultdict(float)
        for label, module, attr in STAGES:
            mod = importlib.import_module(module)
            setattr(mod, attr, wrap(totals, label, getattr(mod, attr)))
        url = a.db or f"sqlite:///{work / 'load.db'}"
        with Store(url) as st:
            load_paths(st, files[:1])  # warm imports and caches; not counted
            totals.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            outcomes = load_paths(st, files[1:])
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        n = len(outcomes)
        loaded = sum(o.status == "loaded" for o in outcomes)
        print(f"{n} files, {loaded} loaded, into {url.split(':')[0]}")
        print(f"end to end: {n / wall:6.1f} disclosures/s wall, {cpu / n * 1000:6.1f} ms CPU each")
        for label, _, _ in STAGES:
            print(f"  {label:<32} {totals[label] / n * 1000:7.2f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Per-document read time (reader + extraction), in-process on one core.

Target (issue #2): all five seeds in under 0.15 s in total. Prints numbers; asserts nothing.
Usage: python benchmarks/read.py [FILES...]   (default: ../shared/seeds/*.txt)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from yusuan.extract import extract
from yusuan.readers import read_document

ROUNDS = 5


def main(argv: list[str]) -> None:
    root = Path(__file__).resolve().parents[1]
    files = [Path(a) for a in argv] or sorted((root.parent / "shared" / "seeds").glob("*.txt"))
    if not files:
        print("no documents to read")
        return
    for f in files:  # warm up imports and caches
        extract(read_document(f))
    total = 0.0
    print(f"{'document':<34} {'KB':>6} {'read ms':>8} {'extract ms':>10} {'total ms':>9}")
    for f in files:
        best_read = best_extract = float("inf")
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            doc = read_document(f)
            t1 = time.perf_counter()
            extract(doc)
            t2 = time.perf_counter()
            best_read = min(best_read, t1 - t0)
            best_extract = min(best_extract, t2 - t1)
        both = best_read + best_extract
        total += both
        kb = f.stat().st_size / 1024
        print(
            f"{f.name:<34} {kb:>6.0f} {best_read * 1000:>8.1f} "
            f"{best_extract * 1000:>10.1f} {both * 1000:>9.1f}"
        )
    print(f"{'all documents':<34} {'':>6} {'':>8} {'':>10} {total * 1000:>9.1f}  (target < 150 ms)")


if __name__ == "__main__":
    main(sys.argv[1:])

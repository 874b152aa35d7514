"""The whole fuzz corpus (tests/fuzz/make_corpus.py, about three thousand malformed and hostile
files made from the seeds and ../shared/real), each read in a bounded child process.

Goal (issue #16): 0 internal errors, 0 over 5 s, 0 over 500 MB. Prints the counts by outcome
and the worst cases; asserts nothing.
Usage: python benchmarks/fuzz.py [--n N] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz import make_corpus, run  # noqa: E402


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--n", type=int, default=0, help="a sample of N cases (0: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        t0 = time.perf_counter()
        n = make_corpus.write(folder, args.n)
        t1 = time.perf_counter()
        results = run.run(folder.iterdir(), timeout=5.0, memory_mb=500, jobs=args.jobs)
        t2 = time.perf_counter()
    print(f"corpus: {n} files made in {t1 - t0:.0f} s, read in {t2 - t1:.0f} s ({args.jobs} jobs)")
    print(run.report(results))


if __name__ == "__main__":
    main(sys.argv[1:])

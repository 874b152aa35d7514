"""Read + check time per document, in-process on one core.

Target (issue #4): all five seeds read and checked in under 0.3 s in total. Prints numbers only.
Usage: python benchmarks/check.py [FILES...]   (default: ../shared/seeds/*.txt)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from yusuan.check.engine import check
from yusuan.check.registry import all_rules
from yusuan.extract import extract
from yusuan.readers import read_document

ROUNDS = 5


def main(argv: list[str]) -> None:
    root = Path(__file__).resolve().parents[1]
    files = [Path(a) for a in argv] or sorted((root.parent / "shared" / "seeds").glob("*.txt"))
    rules = all_rules()
    for f in files:
        check(extract(read_document(f)), rules)
    total = 0.0
    print(f"{len(rules)} rules")
    print(f"{'document':<34} {'read ms':>8} {'check ms':>9} {'findings':>9}")
    for f in files:
        best_read = best_check = float("inf")
        findings = 0
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            d = extract(read_document(f))
            t1 = time.perf_counter()
            report = check(d, rules)
            t2 = time.perf_counter()
            best_read, best_check = min(best_read, t1 - t0), min(best_check, t2 - t1)
            findings = len(report.findings)
        total += best_read + best_check
        print(f"{f.name:<34} {best_read * 1000:>8.1f} {best_check * 1000:>9.1f} {findings:>9}")
    print(f"{'all documents (read + check)':<34} {total * 1000:>18.1f} ms  (target < 300 ms)")


if __name__ == "__main__":
    main(sys.argv[1:])

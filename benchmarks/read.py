"""Per-document read time (reader + extraction), in-process on one core.

Targets: all five seeds in under 0.15 s in total (issue #2); PDF reading at 100 pages/s or more
on the real corpus (issue #12). Prints numbers; asserts nothing.
Usage: python benchmarks/read.py [FILES...]   (default: ../shared/seeds/*.txt, then the files
of ../shared/real)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from yusuan.extract import extract
from yusuan.readers import read_document

ROUNDS = 5


def _pages(path: Path) -> int | None:
    if path.suffix.lower() != ".pdf":
        return None
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def real_corpus(folder: Path) -> None:
    """Each published file once more (best of 3): ms per document, and pages/s for PDFs."""
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".pdf", ".xlsx"))
    if not files:
        return
    print()
    print(f"{'real document':<44} {'pages':>5} {'ms':>8} {'pages/s':>8}")
    pages_total = 0
    pdf_seconds = 0.0
    all_seconds = 0.0
    for f in files:
        extract(read_document(f))  # warm
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            extract(read_document(f))
            best = min(best, time.perf_counter() - t0)
        pages = _pages(f)
        all_seconds += best
        rate = ""
        if pages:
            pages_total += pages
            pdf_seconds += best
            rate = f"{pages / best:>8.0f}"
        print(f"{f.name:<44} {pages or '':>5} {best * 1000:>8.1f} {rate:>8}")
    print(
        f"{'all ' + str(len(files)) + ' files':<44} {pages_total:>5} {all_seconds * 1000:>8.1f} "
        f"{pages_total / pdf_seconds if pdf_seconds else 0:>8.0f}  (PDF target ≥ 100 pages/s)"
    )


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
    if not argv:
        real_corpus(root.parent / "shared" / "real")


if __name__ == "__main__":
    main(sys.argv[1:])

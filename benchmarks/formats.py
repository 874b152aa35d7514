"""Format readers: speed, table accuracy against pdfplumber and camelot, and PDF memory.

Builds DOCX/XLSX/HTML/PDF versions of every seed (tests/formats/build.py; PDF through
LibreOffice, else WeasyPrint), then prints

* documents/s reading DOCX, XLSX and HTML, and pages/s reading PDF (blocks only, and through
  extraction);
* on the same PDF pages, yusuan against pdfplumber's and camelot's (lattice) table extraction:
  pages/s and cell accuracy — the share of the seeds' non-empty table cells that come out
  with the same text in the same row, in order (ground truth: the text seeds' own tables);
* peak memory of one process reading the longest PDF.

Numbers only, never a pass/fail gate. Usage: python benchmarks/formats.py [--pages N]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.formats import build  # noqa: E402

from yusuan.blocks import Document  # noqa: E402
from yusuan.extract import extract  # noqa: E402
from yusuan.readers import read_document  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
_WS = re.compile(r"\s+")
Rows = list[list[str]]


def squash_row(row: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(t for t in (_WS.sub("", c or "") for c in row) if t)


def accuracy(truth: list[Rows], found: list[Rows]) -> tuple[int, int]:
    """(cells right, cells in truth): each true row is matched to the extracted row that
    repeats most of its non-empty cells in order; a row cut in two by a page break, cells
    glued together or split apart, all cost cells."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for table in found:
        for row in table:
            cells = squash_row(row)
            for c in cells:
                index.setdefault(c, []).append(cells)
    right = total = 0
    for table in truth:
        for row in table:
            cells = squash_row(row)
            total += len(cells)
            best = 0
            for c in set(cells):
                for cand in index.get(c, ()):
                    best = max(best, sum(a == b for a, b in zip(cells, cand, strict=False)))
            right += best
    return right, total


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def pdf_pages(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def yusuan_tables(path: Path, pages: int) -> list[Rows]:
    doc = read_document(path)
    return [t.texts() for t in doc.tables() if t.rows and (t.rows[0][0].source.page or 1) <= pages]


def pdfplumber_tables(path: Path, pages: int) -> list[Rows]:
    import pdfplumber

    out: list[Rows] = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages[:pages]:
            out.extend(page.extract_tables())  # type: ignore[arg-type]
            page.extract_text()  # the same work: the page's text too
            page.close()
    return out


def camelot_tables(path: Path, pages: int) -> list[Rows]:
    import camelot

    found = camelot.read_pdf(str(path), pages=f"1-{pages}", flavor="lattice")
    return [t.df.values.tolist() for t in found]


def peak_memory_mb(path: Path) -> tuple[float, float]:
    """Peak RSS of a fresh process reading ``path``, and of one that only imports.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
    """
    code = (
        "import sys\n"
        "from yusuan.readers import read_document\n"
        "if sys.argv[1] != '-': read_document(sys.argv[1])\n"
        "status = open('/proc/self/status').read()\n"
        "print(next(ln.split()[1] for ln in status.splitlines() if ln.startswith('VmHWM')))\n"
    )
    out = []
    for arg in (str(path), "-"):
        res = subprocess.run(
            [sys.executable, "-c", code, arg], capture_output=True, text=True, check=True
        )
        out.append(int(res.stdout.strip()) / 1024)
    return out[0], out[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages", type=int, default=0, help="compare tables on the first N pages only (0: all)"
    )
    args = parser.parse_args()
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        print(f"no seeds in {SEEDS}")
        return
    texts: dict[str, Document] = {s.stem[:3]: read_document(s) for s in seeds}
    tmp = Path(tempfile.mkdtemp(prefix="yusuan-formats-"))
    files: dict[str, dict[str, Path]] = {"docx": {}, "xlsx": {}, "html": {}, "pdf": {}}
    for prefix, doc in texts.items():
        files["docx"][prefix] = build.to_docx(doc, tmp / f"{prefix}.docx")
        files["xlsx"][prefix] = build.to_xlsx(doc, tmp / f"{prefix}.xlsx")
        build.to_html(doc, tmp / f"{prefix}.html")
        files["html"][prefix] = tmp / f"{prefix}.html"
    producer = "none"
    if build.soffice():
        producer = "LibreOffice"
        pdfs = build.convert(list(files["docx"].values()), "pdf", tmp)
        files["pdf"] = dict(zip(files["docx"], pdfs, strict=True))
    elif build.weasyprint_available() is None:
        producer = "WeasyPrint"
        for prefix, doc in texts.items():
            files["pdf"][prefix] = build.to_pdf(doc, tmp / f"{prefix}.pdf")
    print(f"seeds: {len(texts)}; PDFs made by {producer}; files in {tmp}")

    print("\n== reading (best of 3) ==")
    for fmt in ("docx", "xlsx", "html"):
        paths = list(files[fmt].values())
        t_read = timed(lambda paths=paths: [read_document(p) for p in paths], 3)
        t_all = timed(lambda paths=paths: [extract(read_document(p)) for p in paths], 3)
        print(
            f"{fmt:5s} {len(paths) / t_read:8.1f} documents/s read, "
            f"{len(paths) / t_all:7.1f} documents/s read+extract"
        )
    if files["pdf"]:
        paths = list(files["pdf"].values())
        pages = sum(pdf_pages(p) for p in paths)
        t_read = timed(lambda: [read_document(p) for p in paths], 3)
        t_all = timed(lambda: [extract(read_document(p)) for p in paths], 3)
        print(
            f"pdf   {pages / t_read:8.1f} pages/s read ({pages} pages, "
            f"{len(paths) / t_read:.1f} documents/s), {pages / t_all:7.1f} pages/s read+extract"
        )
    else:
        print("pdf   skipped: neither LibreOffice nor WeasyPrint can make PDFs here")
        return

    scope = f"first {args.pages} pages of each seed" if args.pages else "every page"
    print(f"\n== PDF tables, {scope} (truth: the text seeds' table cells) ==")
    truth = {prefix: [t.texts() for t in doc.tables()] for prefix, doc in texts.items()}
    tools: dict[str, Callable[[Path, int], list[Rows]]] = {
        "yusuan": yusuan_tables,
        "pdfplumber": pdfplumber_tables,
    }
    try:
        import camelot  # noqa: F401

        tools["camelot"] = camelot_tables
    except Exception as e:  # camelot needs OpenCV and more; it may be absent
        print(f"camelot: not available ({type(e).__name__}: {e}); pip install camelot-py")
    results: dict[str, tuple[float, int, int]] = {}
    for name, tool in tools.items():
        seconds = 0.0
        right = total = 0
        n_pages = 0
        for prefix, path in files["pdf"].items():
            n = min(args.pages or 10**9, pdf_pages(path))
            n_pages += n
            t0 = time.perf_counter()
            found = tool(path, n)
            seconds += time.perf_counter() - t0
            r, t = accuracy(truth[prefix], found)
            right += r
            total += t
        results[name] = (n_pages / seconds, right, total)
    for name, (speed, right, total) in results.items():
        share = f"{100 * right / total:5.1f}%" if not args.pages else "(partial: pages sampled)"
        print(f"{name:10s} {speed:8.1f} pages/s   cells right: {right:6d} of {total} {share}")
    if "camelot" in results:
        ratio = results["yusuan"][0] / results["camelot"][0]
        print(f"yusuan is {ratio:.1f}x camelot's speed on these pages")

    longest = max(files["pdf"].values(), key=pdf_pages)
    peak, base = peak_memory_mb(longest)
    print(
        f"\n== memory ==\npeak RSS reading {longest.name} ({pdf_pages(longest)} pages): "
        f"{peak:.0f} MB (a process that only imports yusuan: {base:.0f} MB)"
    )


if __name__ == "__main__":
    main()

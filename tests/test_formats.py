"""Every seed, rebuilt as DOCX, XLSX, HTML and PDF, reads back to the same canonical facts.

The files are built from the text reader's blocks of each seed (tests/formats/build.py), once
per session; PDFs come from LibreOffice (from the DOCX) and WeasyPrint (from the HTML) when
those are installed (.ci/install-format-deps), else those cases skip saying why.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXPECTED, SEEDS
from tests.formats.corpus import Corpus, build_corpus, differences, facts
from yusuan.blocks import Document, Table
from yusuan.extract import extract
from yusuan.readers import read_document

PREFIXES = sorted(p.stem for p in EXPECTED.glob("*.json"))
FORMATS = ["docx", "xlsx", "html", "pdf"]
# WeasyPrint is slow on long documents: it renders the smallest seed only.
WEASY_SEED = min(
    PREFIXES,
    key=lambda p: min((f.stat().st_size for f in SEEDS.glob(f"{p}_*.txt")), default=1 << 40),
)
CASES = [(p, f) for p in PREFIXES for f in FORMATS] + [(WEASY_SEED, "pdf-weasyprint")]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, seed_doc: Callable[[str], Document]) -> Corpus:
    seeds = {p: seed_doc(p) for p in PREFIXES}
    return build_corpus(tmp_path_factory.mktemp("formats"), seeds, WEASY_SEED)


def _file(corpus: Corpus, prefix: str, fmt: str) -> Path:
    path = corpus.files.get((prefix, fmt))
    if path is None:
        pytest.skip(corpus.missing.get(fmt, f"no {fmt} version of seed {prefix} is built"))
    return path


@pytest.mark.parametrize(("prefix", "fmt"), CASES)
def test_same_facts_as_the_text(
    corpus: Corpus, seed: Callable[[str], object], prefix: str, fmt: str
) -> None:
    path = _file(corpus, prefix, fmt)
    doc = read_document(path)
    assert doc.format == fmt.split("-")[0]
    pdf = fmt.startswith("pdf")
    want = facts(seed(prefix), layout_free=pdf)  # type: ignore[arg-type]
    got = facts(extract(doc), layout_free=pdf)
    diff = differences(want, got)
    assert not diff, f"{len(diff)} differences, first: " + "\n".join(diff[:15])


@pytest.mark.parametrize("prefix", PREFIXES)
def test_docx_and_html_blocks_equal_the_text_blocks(
    corpus: Corpus, seed_doc: Callable[[str], Document], prefix: str
) -> None:
    """Stricter than facts: same paragraphs, same cells (a merge reads back as its first grid
    cell plus empty ones; a short row is closed by one cell spanning the rest)."""
    text = seed_doc(prefix)
    for fmt in ("docx", "html"):
        # HTML collapses runs of white space, as a browser shows them.
        same = (lambda t: " ".join(t.split())) if fmt == "html" else (lambda t: t)
        doc = read_document(_file(corpus, fmt=fmt, prefix=prefix))
        assert len(doc.blocks) == len(text.blocks), fmt
        for a, b in zip(text.blocks, doc.blocks, strict=True):
            assert type(a) is type(b), (fmt, a.source)
            if isinstance(a, Table) and isinstance(b, Table):
                width = max(len(r) for r in a.rows)
                want = [[same(c.text) for c in r] + [""] * (width - len(r)) for r in a.rows]
                assert [[same(t) for t in r] for r in b.texts()] == want, (fmt, a.source)
            else:
                assert same(b.text) == same(a.text), (fmt, a.source)  # type: ignore[union-attr]


def test_sources_point_into_the_file(corpus: Corpus) -> None:
    prefix = PREFIXES[0]
    xlsx = read_document(_file(corpus, prefix, "xlsx"))
    cell = xlsx.tables()[0].rows[0][0].source
    assert cell.sheet and cell.cell and cell.cell[0].isalpha() and cell.table == 0
    docx = read_document(_file(corpus, prefix, "docx"))
    assert docx.tables()[0].rows[1][0].source.row == 1
    assert docx.paragraphs()[0].source.line == 1
    html = read_document(_file(corpus, prefix, "html"))
    assert html.paragraphs()[0].source.line is not None
    pdf_path = corpus.files.get((prefix, "pdf")) or corpus.files.get((prefix, "pdf-weasyprint"))
    if pdf_path is not None:
        pdf = read_document(pdf_path)
        src = pdf.tables()[0].rows[0][0].source
        assert src.page is not None and src.cell is not None and src.cell.count(",") == 3


def test_peak_memory_reading_a_long_pdf(corpus: Corpus) -> None:
    """A fresh process reading the longest PDF (100+ pages) stays far under 500 MB."""
    pdfs = [f for (_, fmt), f in corpus.files.items() if fmt == "pdf"]
    if not pdfs:
        pytest.skip(corpus.missing.get("pdf", "no PDF built"))
    longest = max(pdfs, key=lambda f: f.stat().st_size)
    code = (
        "import sys\n"
        "from yusuan.readers import read_document\n"
        "doc = read_document(sys.argv[1])\n"
        "pages = max(c.source.page or 0 for t in doc.tables() for r in t.rows for c in r)\n"
        "status = open('/proc/self/status').read()\n"
        "hwm = next(ln.split()[1] for ln in status.splitlines() if ln.startswith('VmHWM'))\n"
        "print(pages, hwm)\n"
    )
    if not Path("/proc/self/status").exists():
        pytest.skip("no /proc to read peak memory from")
    out = subprocess.run(
        [sys.executable, "-c", code, str(longest)], capture_output=True, text=True, check=True
    )
    pages, peak_kb = map(int, out.stdout.split())
    assert pages >= 100
    assert peak_kb / 1024 < 500

"""Build a corpus of malformed and hostile files from the seeds and the real corpus.

    python tests/fuzz/make_corpus.py OUT_DIR [--n N] [--seed S]

Seeded, so the same arguments give the same files. Every case is one file in OUT_DIR, named
``<number>-<base>-<mutation>.<ext>``. Three kinds of case:

* byte mutations of every base file (truncations, bit flips, zeroed and repeated ranges);
* structural mutations of the containers (a ZIP member removed, garbled, truncated or
  inflated; a PDF's cross-reference table, trailer or a content stream broken);
* bombs written directly: spans and merges far past the table, huge sheets, deep nesting,
  hundreds of thousands of paragraphs, one enormous line.

The bases are the five seeds as text, DOCX, XLSX and HTML (built as tests/formats does) and the
smaller files of ../shared/real. With ``--n`` a sample of N cases is drawn (all bombs kept).
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

Case = tuple[str, str, bytes]  # (name, extension, content)


# --- bases ---------------------------------------------------------------------------------------


def bases(tmp: Path) -> list[tuple[str, str, bytes]]:
    """(name, extension, bytes) of every file the mutations start from."""
    from tests.formats import build
    from yusuan.readers import read_document

    out: list[tuple[str, str, bytes]] = []
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        prefix = seed.name[:3]
        data = seed.read_bytes()
        out.append((f"s{prefix}", "txt", data))
        doc = read_document(seed)
        for ext, make in (("docx", build.to_docx), ("xlsx", build.to_xlsx)):
            path = make(doc, tmp / f"{prefix}.{ext}")
            out.append((f"s{prefix}", ext, path.read_bytes()))
        out.append((f"s{prefix}", "html", build.to_html(doc).encode("utf-8")))
    real = sorted(
        (p for p in (SHARED / "real").glob("*") if p.suffix in (".pdf", ".xlsx")),
        key=lambda p: p.stat().st_size,
    )
    for path in real[:12]:  # the smaller ones: a mutation of each costs its size on disk
        out.append((path.stem.replace(".", "_"), path.suffix[1:], path.read_bytes()))
    return out


# --- byte mutations --------------------------------------------------------------------------------


ROUNDS = 5  # byte mutations drawn per base: with the rest, about three thousand cases


def byte_mutations(data: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    for r in range(ROUNDS):
        for tag, content in _byte_round(data, rng, r):
            yield f"{tag}r{r}", content


def _byte_round(data: bytes, rng: random.Random, r: int) -> Iterator[tuple[str, bytes]]:
    n = len(data)
    fracs = (0.01, 0.1, 0.5, 0.9, 0.999) if r == 0 else [rng.random() for _ in range(4)]
    for frac in fracs:
        yield f"trunc{int(frac * 1000)}", data[: max(1, int(n * frac))]
    for flips in (1, 2, 4, 16, 64, 256):
        b = bytearray(data)
        for _ in range(flips):
            i = rng.randrange(n)
            b[i] ^= 1 << rng.randrange(8)
        yield f"flip{flips}", bytes(b)
    for _ in range(2):
        i = rng.randrange(n)
        j = min(n, i + rng.randrange(1, 4096))
        yield "zero", data[:i] + bytes(j - i) + data[j:]
    i = rng.randrange(n)
    j = min(n, i + rng.randrange(1, 2048))
    yield "repeat", data[:j] + data[i:j] * 50 + data[j:]
    yield "garbage_tail", data + bytes(rng.randrange(256) for _ in range(5000))


# --- ZIP (DOCX, XLSX) --------------------------------------------------------------------------


def _rezip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buf.getvalue()


def zip_mutations(data: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = {i.filename: z.read(i) for i in z.infolist()}
    except zipfile.BadZipFile:
        return
    names = sorted(members)
    for name in names:
        rest = {k: v for k, v in members.items() if k != name}
        yield f"drop_{_slug(name)}", _rezip(rest)
    for name in [n for n in names if n.endswith(".xml")][:6]:
        content = members[name]
        cut = {**members, name: content[: len(content) // 2]}
        yield f"cut_{_slug(name)}", _rezip(cut)
        garbled = bytearray(content)
        for _ in range(20):
            if garbled:
                garbled[rng.randrange(len(garbled))] = rng.choice(b"<>&\"'/=\x00")
        yield f"garble_{_slug(name)}", _rezip({**members, name: bytes(garbled)})
    big = max(names, key=lambda n: len(members[n]))
    yield "inflate", _rezip({**members, big: members[big] * 40})
    yield (
        "not_xml",
        _rezip(
            {k: (b"\xff\xfe\x00garbage" if k.endswith(".xml") else v) for k, v in members.items()}
        ),
    )


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")[-30:]


# --- PDF ------------------------------------------------------------------------------------------


def pdf_mutations(data: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    i = data.rfind(b"startxref")
    if i > 0:
        yield "startxref", data[:i] + b"startxref\n999999999\n%%EOF\n"
        yield "no_trailer", data[:i]
    j = data.find(b"xref")
    if j > 0:
        b = bytearray(data)
        for k in range(j, min(len(b), j + 2000)):
            if 48 <= b[k] <= 57 and rng.random() < 0.3:
                b[k] = rng.randrange(48, 58)
        yield "xref_digits", bytes(b)
    for tag, what in ((b"stream\r\n", "stream"), (b"stream\n", "stream")):
        k = data.find(tag, len(data) // 3)
        if k > 0:
            start = k + len(tag)
            end = data.find(b"endstream", start)
            if end > start:
                junk = bytes(rng.randrange(256) for _ in range(end - start))
                yield f"{what}_junk", data[:start] + junk + data[end:]
                yield (
                    f"{what}_cut",
                    data[:start] + data[start : start + (end - start) // 3] + data[end:],
                )
            break
    yield "no_header", data.replace(b"%PDF-", b"%PXF-", 1)
    yield "double", data + data


# --- bombs ------------------------------------------------------------------------------------------


def _xlsx(sheet_xml: str, extra: dict[str, str] | None = None) -> bytes:
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="部门收支总表" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
        **(extra or {}),
    }
    return _rezip({k: v.encode("utf-8") for k, v in members.items()})


def _sheet(rows: Iterator[str], merges: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData>{merges}</worksheet>"
    )


def _col(c: int) -> str:
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def _rows(n: int, width: int) -> Iterator[str]:
    for r in range(1, n + 1):
        cells = "".join(
            f'<c r="{_col(c)}{r}" t="inlineStr"><is><t>项目{r}</t></is></c>'
            if c == 1
            else f'<c r="{_col(c)}{r}"><v>{r * c}.5</v></c>'
            for c in range(1, width + 1)
        )
        yield f'<row r="{r}">{cells}</row>'


def _html(body: str) -> bytes:
    return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()


def _docx(body: str) -> bytes:
    from tests.formats.handmade import docx_package

    return docx_package(body)


def bombs() -> Iterator[Case]:
    row = "<tr><td>一、一般公共预算拨款收入</td><td>100.00</td></tr>"
    yield (
        "html-spanbomb",
        "html",
        _html(
            "<p>部门收支总表</p><table><tr><td rowspan='99999999' colspan='99999999'>x</td>"
            "<td colspan='16384'>y</td></tr>" + row * 50 + "</table>"
        ),
    )
    yield (
        "html-spans-everywhere",
        "html",
        _html(
            "<p>部门收支总表</p><table>"
            + "".join(
                f"<tr><td rowspan='{10**6}' colspan='1000'>{i}</td><td>1.00</td></tr>"
                for i in range(300)
            )
            + "</table>"
        ),
    )
    # Five tables of 1,000 rows (unclosed <tr>s) under one 999 × 999 span and a last row of
    # 1,000 cells: five million cells from 45 KB.
    square = "<table><tr><td colspan=999 rowspan=999>1" + "<tr>" * 999 + "<td>1" * 1000 + "</table>"
    yield "html-big-tables", "html", _html("<p>部门收支总表</p>" + square * 5)
    yield "html-20000-rows", "html", _html("<p>部门收支总表</p><table>" + row * 20000 + "</table>")
    yield "html-deep", "html", _html("<div>" * 20000 + "2024年收入预算10万元" + "</div>" * 20000)
    yield (
        "html-wide",
        "html",
        _html("<table><tr>" + "<td>1.00</td>" * 20000 + "</tr>" * 3 + "</table>"),
    )
    yield (
        "xlsx-merge-all",
        "xlsx",
        _xlsx(
            _sheet(
                _rows(20, 4), '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
            )
        ),
    )
    merges = "".join(f'<mergeCell ref="A{r}:Z{r}"/>' for r in range(1, 10001))
    yield (
        "xlsx-10000-merges",
        "xlsx",
        _xlsx(_sheet(_rows(200, 4), f'<mergeCells count="10000">{merges}</mergeCells>')),
    )
    yield "xlsx-3000-rows", "xlsx", _xlsx(_sheet(_rows(3000, 6)))
    yield "xlsx-2m-cells", "xlsx", _xlsx(_sheet(_rows(100_000, 21)))
    far = '<row r="1"><c r="A1"><v>1</v></c></row><row r="3000"><c r="ZZ3000"><v>1</v></c></row>'
    yield (
        "xlsx-merge-to-far-cell",
        "xlsx",
        _xlsx(
            _sheet(iter([far]), '<mergeCells count="1"><mergeCell ref="A1:ZZ3000"/></mergeCells>')
        ),
    )
    # White space other than a blank after the tag name is legal XML: "<c\n r=...>".
    newline_cells = "".join(
        f'<row r="{r}">'
        + "".join(f'<c\n r="{_col(c)}{r}"><v>1</v></c>' for c in range(1, 21))
        + "</row>"
        for r in range(1, 30_001)
    )
    yield "xlsx-newline-cells", "xlsx", _xlsx(_sheet(iter([newline_cells])))
    # Two cells a row, 16,383 columns apart: a table as wide as the sheet.
    far_apart = (
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="XFD{r}"><v>{r}</v></c></row>'
        for r in range(1, 1001)
    )
    yield "xlsx-far-columns", "xlsx", _xlsx(_sheet(far_apart))
    yield (
        "xlsx-far-cell",
        "xlsx",
        _xlsx(
            _sheet(iter(['<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', *_rows(5, 3)]))
        ),
    )
    para = "2024年收入预算8579.96万元，比上年增加80.31万元。\n"
    yield "text-300k-paragraphs", "txt", ("二、部门预算安排的总体情况\n" + para * 300_000).encode()
    yield "text-one-line", "txt", ("某局2024年部门预算" + "收入预算10万元，" * 400_000).encode()
    yield (
        "text-300k-tab-rows",
        "txt",
        ("2024年部门收支总表\n" + "项目\t1.00\t项目\t1.00\n" * 300_000).encode(),
    )
    yield (
        "text-wide-tab-rows",
        "txt",
        ("2024年部门收支总表\n" + ("\t".join(["1"] * 400) + "\n") * 25_000).encode(),
    )
    yield "text-cell-lines", "txt", ("2024年部门收支总表\n" + "\t合计\n\n" * 100_000).encode()
    cell = "<w:tc><w:tcPr><w:gridSpan w:val='100000'/><w:vMerge w:val='restart'/></w:tcPr><w:p><w:r><w:t>1.00</w:t></w:r></w:p></w:tc>"
    yield (
        "docx-span-bomb",
        "docx",
        _docx("<w:tbl>" + ("<w:tr>" + cell * 5 + "</w:tr>") * 300 + "</w:tbl>"),
    )
    # gridSpan is capped per cell (64), so the total is what bounds: 45,000 cells × 64.
    # Numbers that differ keep the part under the ZIP ratio bound.
    amounts = random.Random(0)
    wide = "".join(
        "<w:tr>"
        + "".join(
            "<w:tc><w:tcPr><w:gridSpan w:val='64'/></w:tcPr><w:p><w:r>"
            f"<w:t>{amounts.randrange(10**6)}</w:t></w:r></w:p></w:tc>"
            for _ in range(150)
        )
        + "</w:tr>"
        for _ in range(300)
    )
    yield "docx-many-spans", "docx", _docx(f"<w:tbl>{wide}</w:tbl>")
    yield (
        "docx-100k-paragraphs",
        "docx",
        _docx("<w:p><w:r><w:t>2024年收入预算10万元。</w:t></w:r></w:p>" * 100_000),
    )
    nested = "<w:tbl><w:tr><w:tc>" * 200 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 200
    yield "docx-nested", "docx", _docx(nested)


# --- the corpus ---------------------------------------------------------------------------------


def cases(tmp: Path, rng: random.Random) -> Iterator[Case]:
    mutate: dict[str, list[Callable[[bytes, random.Random], Iterator[tuple[str, bytes]]]]] = {
        "docx": [byte_mutations, zip_mutations],
        "xlsx": [byte_mutations, zip_mutations],
        "pdf": [byte_mutations, pdf_mutations],
    }
    for name, ext, data in bases(tmp):
        for mutation in mutate.get(ext, [byte_mutations]):
            for tag, content in mutation(data, rng):
                yield f"{name}-{tag}", ext, content
    yield from bombs()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=0, help="a sample of N cases (0: all)")
    ap.add_argument("--seed", type=int, default=20261204)
    args = ap.parse_args(argv)
    print(f"{write(args.out, args.n, args.seed)} cases in {args.out}")


def write(out: Path, n: int = 0, seed: int = 20261204) -> int:
    """Write the corpus (or a sample of ``n`` cases, every bomb kept) into ``out``."""
    import tempfile

    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        all_cases = list(cases(Path(tmp), rng))
    if n and n < len(all_cases):
        keep = {
            i
            for i, c in enumerate(all_cases)
            if c[0].startswith(("html-", "xlsx-", "text-", "docx-"))
        }
        others = [i for i in range(len(all_cases)) if i not in keep]
        keep |= set(random.Random(seed).sample(others, max(0, n - len(keep))))
        all_cases = [c for i, c in enumerate(all_cases) if i in keep]
    for i, (name, ext, content) in enumerate(all_cases):
        (out / f"{i:05d}-{name}.{ext}").write_bytes(content)
    return len(all_cases)


if __name__ == "__main__":
    main()

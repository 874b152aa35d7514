"""Every seed in every format, built once per test session, and the comparison of their facts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.formats import build
from yusuan.blocks import Document
from yusuan.model import Disclosure

# The parts of the canonical model that are facts; unparsed text and provenance are not.
FACT_FIELDS = (
    "kind",
    "year",
    "unit",
    "organisations",
    "money_unit",
    "responsibilities",
    "overview",
    "operating_costs",
    "three_public",
    "tables",
    "performance",
    "procurement",
    "assets",
    "glossary",
    "other_matters",
)
_WS = re.compile(r"\s+")


@dataclass
class Corpus:
    root: Path
    files: dict[tuple[str, str], Path] = field(default_factory=dict)  # (seed, format) → file
    missing: dict[str, str] = field(default_factory=dict)  # format → why it could not be built


def build_corpus(root: Path, seeds: dict[str, Document], weasy_seed: str | None = None) -> Corpus:
    """DOCX, XLSX and HTML from the seeds' blocks; PDF from the DOCX through LibreOffice
    (what a Word user's "save as PDF" looks like), and through WeasyPrint from the HTML for the
    ``weasy_seed`` only (a second producer with different drawing habits)."""
    corpus = Corpus(root)
    for prefix, doc in seeds.items():
        corpus.files[(prefix, "docx")] = build.to_docx(doc, root / f"{prefix}.docx")
        corpus.files[(prefix, "xlsx")] = build.to_xlsx(doc, root / f"{prefix}.xlsx")
        corpus.files[(prefix, "html")] = root / f"{prefix}.html"
        build.to_html(doc, root / f"{prefix}.html")
    if build.soffice():
        pdf_dir = root / "lo"
        pdf_dir.mkdir()
        docx = [corpus.files[(p, "docx")] for p in seeds]
        try:
            for prefix, pdf in zip(seeds, build.convert(docx, "pdf", pdf_dir), strict=True):
                if pdf.exists():
                    corpus.files[(prefix, "pdf")] = pdf
        except Exception as e:
            corpus.missing["pdf"] = f"LibreOffice conversion failed: {e}"
    else:
        corpus.missing["pdf"] = (
            "LibreOffice (soffice) is not installed: run .ci/install-format-deps"
        )
    why = build.weasyprint_available()
    if why is None and weasy_seed in seeds:
        out = root / f"{weasy_seed}.weasy.pdf"
        corpus.files[(weasy_seed, "pdf-weasyprint")] = build.to_pdf(seeds[weasy_seed], out)
    elif why is not None:
        corpus.missing["pdf-weasyprint"] = why
    return corpus


def _squash(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _squash(v) for k, v in value.items() if k not in ("source", "raw")}
    if isinstance(value, list):
        return [_squash(v) for v in value]
    if isinstance(value, str):
        return _WS.sub("", value)
    return value


def _raw_values(value: Any) -> Any:
    """Indicator values as their printed text: a PDF line break inside "值 2.00 辆 辆" hides
    the space the value parser splits on (see docs/formats.md, "Known differences")."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "value" and isinstance(v, dict) and "raw" in v:
                out[k] = _WS.sub("", v["raw"])
            else:
                out[k] = _raw_values(v)
        return out
    if isinstance(value, list):
        return [_raw_values(v) for v in value]
    return value


def facts(d: Disclosure, layout_free: bool = False) -> dict[str, Any]:
    """The facts of a disclosure, without provenance and raw strings; white space in text is
    layout (cells wrap), not fact. ``layout_free`` also compares indicator values by text."""
    dump = d.model_dump()
    out = {k: dump[k] for k in FACT_FIELDS if k in dump}
    if layout_free:
        out = _raw_values(out)
    return _squash(out)


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Field-by-field differences, as readable paths."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f"{path}.{k}: only in {'text' if k in a else 'format'}")
            else:
                out += differences(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = [f"{path}: {len(a)} items in text, {len(b)} in format"] if len(a) != len(b) else []
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            out += differences(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: {str(a)[:120]!r} != {str(b)[:120]!r}"]

"""Publishing: a disclosure (canonical model) → the standard disclosure document.

    import yusuan
    from yusuan.render import render
    d = yusuan.open("填报.xlsx")               # a filled workbook, canonical JSON or any disclosure
    data = render(d, "pdf", profile="hebei")  # bytes of the document

The layout (:mod:`yusuan.render.layout`) follows a profile (``profiles/*.toml``); each writer in
:mod:`yusuan.render.writers` prints it. Standard sentences come from the figures
(:mod:`yusuan.render.narrative`), so the text and the tables never disagree.
"""

from __future__ import annotations

from pathlib import Path

from yusuan.errors import YusuanError
from yusuan.model import Disclosure
from yusuan.render.layout import Layout, build_layout
from yusuan.render.profile import PROFILES, load_profile

FORMATS = ("html", "docx", "pdf", "xlsx", "txt")
SUFFIX = {"html": ".html", "docx": ".docx", "pdf": ".pdf", "xlsx": ".xlsx", "txt": ".txt"}

__all__ = ["FORMATS", "PROFILES", "guess_profile", "make_layout", "render"]


def make_layout(d: Disclosure, profile: str, unchecked: bool = False) -> Layout:
    return build_layout(d, load_profile(profile), unchecked)


def render(d: Disclosure, fmt: str, profile: str = "national", unchecked: bool = False) -> bytes:
    """The document in ``fmt``; ``unchecked`` stamps it 未经检查 (rendered despite errors)."""
    lay = make_layout(d, profile, unchecked)
    if fmt == "txt":
        from yusuan.render.writers.text import write_text

        return write_text(lay).encode("utf-8")
    if fmt == "html":
        from yusuan.render.writers.html import write_html

        return write_html(lay).encode("utf-8")
    if fmt == "pdf":
        from yusuan.render.writers.pdf import write_pdf

        return write_pdf(lay)
    if fmt == "docx":
        from yusuan.render.writers.docx import write_docx

        return write_docx(lay)
    if fmt == "xlsx":
        from yusuan.render.writers.xlsx import write_xlsx

        return write_xlsx(lay)
    raise YusuanError(
        f"未知的输出格式：{fmt}（可用：{'、'.join(FORMATS)}）",
        f"unknown output format: {fmt} (available: {', '.join(FORMATS)})",
    )


def guess_profile(d: Disclosure) -> str:
    """The profile whose layout the disclosure was published in, else ``national``."""
    titles = [t.title for t in d.tables] + [p.title or "" for p in d.performance.projects]
    if any("总体情况表" in t or "支出项目绩效目标表" in t for t in titles):
        return "henan"
    dep = d.performance.department
    if any(t.startswith(("部门预算", "单位预算")) for t in titles) or (dep.goals and dep.measures):
        return "hebei"
    return "national"


def render_json_to(model_json: str, fmt: str, profile: str, out: str) -> str:
    """Render a model given as canonical JSON into ``out`` (for worker processes)."""
    Path(out).write_bytes(render(Disclosure.model_validate_json(model_json), fmt, profile))
    return out


def write(d: Disclosure, fmt: str, profile: str, out: Path, unchecked: bool = False) -> Path:
    out.write_bytes(render(d, fmt, profile, unchecked))
    return out

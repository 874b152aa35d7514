"""HTML from the profile's Jinja2 template (``templates/html/<profile>.html.j2``)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from yusuan.render.layout import Grid, Heading, Layout, PageBreak, Para, Toc

# 宋体-like for text, 黑体-like for headings; the first installed one wins.
FONTS = {
    "serif": '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", '
    '"AR PL UMing CN", "WenQuanYi Micro Hei", serif',
    "sans": '"Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Heiti SC", '
    '"WenQuanYi Micro Hei", sans-serif',
}


def _lines(text: str) -> Markup:
    return Markup("<br>").join(escape(t) for t in text.split("\n"))


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("yusuan.render", "templates/html"),
        autoescape=select_autoescape(["j2", "html"], default=True),
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters["cell"] = _lines
    env.filters["lines"] = _lines
    return env


def _items(layout: Layout) -> list[dict[str, Any]]:
    """Blocks for the template: the cover paragraphs grouped, page breaks as sheets."""
    blocks = layout.blocks
    items: list[dict[str, Any]] = []
    k = 0
    cover: list[Para] = []
    while k < len(blocks) and isinstance(blocks[k], Para):
        cover.append(blocks[k])  # type: ignore[arg-type]
        k += 1
    items.append({"kind": "cover", "paras": cover})
    for i in range(k, len(blocks)):
        b = blocks[i]
        if isinstance(b, PageBreak):
            items.append({"kind": "sheet", "wide": _wide_after(blocks, i)})
        elif isinstance(b, Toc):
            items.append({"kind": "toc", "entries": b.entries})
        elif isinstance(b, Heading):
            items.append(
                {
                    "kind": "heading",
                    "level": min(b.level, 6),
                    "text": b.text,
                    "anchor": layout.anchors.get(id(b)),
                    "table_title": b.role == "table",
                    "head": b.text[: b.break_at] if b.break_at else "",
                    "tail": b.text[b.break_at :] if b.break_at else b.text,
                }
            )
        elif isinstance(b, Para):
            if b.style == "continued":
                items.append({"kind": "sheet", "wide": _wide_after(blocks, i)})
            items.append({"kind": "para", "text": b.text, "style": b.style})
        elif isinstance(b, Grid):
            items.append({"kind": "grid", "grid": b})
    return items


def _wide_after(blocks: list, i: int) -> bool:  # type: ignore[type-arg]
    """Whether the page started at ``i`` holds a table too wide for portrait A4."""
    for nxt in blocks[i + 1 :]:
        if isinstance(nxt, PageBreak) or (isinstance(nxt, Para) and nxt.style == "continued"):
            return False
        if isinstance(nxt, Grid):
            return nxt.width > WIDE
    return False


WIDE = 9  # columns: wider tables get a landscape page


def write_html(layout: Layout) -> str:
    template = _env().get_template(f"{layout.profile.name}.html.j2")
    return template.render(layout=layout, blocks=_items(layout), fonts=FONTS)

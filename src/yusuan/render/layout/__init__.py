"""A disclosure laid out for publishing: headings, paragraphs and ruled grids, in a profile's order.

The layout is format-free; each writer (text, HTML/PDF, DOCX, XLSX) prints the same blocks
(``blocks``). The standard tables' grids are in ``grids``, the performance section's in
``performance``, the other sections with a grid in ``parts``.
"""

from __future__ import annotations

from yusuan.model import Disclosure, TableModel
from yusuan.render import narrative
from yusuan.render.layout import parts
from yusuan.render.layout.blocks import (
    STAMP,
    Block,
    Grid,
    GridCell,
    Heading,
    Layout,
    PageBreak,
    Para,
    Toc,
)
from yusuan.render.layout.grids import header_grid, standard_grid
from yusuan.render.layout.performance import has_performance, performance
from yusuan.render.profile import Profile, cn_number, table_specs

__all__ = [
    "STAMP",
    "Block",
    "Grid",
    "GridCell",
    "Heading",
    "Layout",
    "PageBreak",
    "Para",
    "Toc",
    "build_layout",
    "header_grid",
    "standard_grid",
]


class _Builder:
    """Lays out one disclosure: cover, tables, then the sections in the profile's order."""

    def __init__(self, d: Disclosure, p: Profile, unchecked: bool) -> None:
        self.d = d
        self.p = p
        self.unit = d.unit.name or "（单位名称）"
        self.year = d.year
        title = p.fill(p.cover_title, unit=self.unit, year=d.year or "")
        self.out = Layout(title=title, unit=self.unit, year=d.year, profile=p, unchecked=unchecked)
        self.blocks = self.out.blocks
        self.toc: list[tuple[str, str]] = []

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def heading(
        self, text: str, level: int, toc: bool = False, role: str = "", break_at: int = 0
    ) -> None:
        h = Heading(text, level, role, break_at)
        if toc:
            anchor = f"s{len(self.toc) + 1}"
            self.out.anchors[id(h)] = anchor
            self.toc.append((text, anchor))
        self.blocks.append(h)

    def build(self) -> Layout:
        p, d = self.p, self.d
        if self.out.unchecked:
            self.add(Para(STAMP, "stamp"))
        # The cover title is two lines, unit then document: a PDF reader splits a wrapped
        # centred title anyway, and the halves must not look like a shorter unit's title.
        # The unit and year are then read from the lines below it and from the 说明 title.
        tail = self.out.title[len(self.unit) :] if self.out.title.startswith(self.unit) else ""
        if tail:
            self.add(Para(self.unit, "title"), Para(tail, "title"))
        else:
            self.add(Para(self.out.title, "title"))
        code = d.unit.code
        self.add(Para(f"{code} {self.unit}" if code else f"编制单位：{self.unit}", "subtitle"))
        if d.year:
            self.add(Para(f"预算年度：{d.year}", "subtitle"))
        toc = Toc([])
        self.add(toc)
        tables = self._ordered_tables()
        if p.tables_first and tables:
            self._tables(tables)
        explain = p.fill(p.explain_title, unit=self.unit, year=d.year or "")
        self.add(PageBreak("说明"))
        cut = len(self.unit) if explain.startswith(self.unit) else 0
        self.heading(explain, 1, toc=True, break_at=cut)
        self.add(Para(p.fill(p.intro, unit=self.unit, year=d.year or ""), "body"))
        n = 0
        for key in p.section_order:
            body = self._section(key)
            if body is None:
                if key == "overview" and not p.tables_first and tables:
                    self._tables(tables)
                continue
            n += 1
            title = p.fill(p.sections[key], year=d.year or "")
            self.heading(f"{cn_number(n)}、{title}", 2, toc=True)
            self.add(*body)
            if key == "overview" and not p.tables_first and tables:
                self._tables(tables)
        toc.entries = self.toc
        return self.out

    # -- tables --

    def _ordered_tables(self) -> list[TableModel]:
        order = {k: i for i, k in enumerate(self.p.table_order)}
        tabs = [t for t in self.d.tables if t.kind != "other"]
        return sorted(tabs, key=lambda t: order.get(t.kind, len(order)))

    def _tables(self, tables: list[TableModel]) -> None:
        p = self.p
        for k, t in enumerate(tables):
            title = p.table_title(t.kind, self.year)
            sheet = (table_specs()[t.kind].name if t.kind in table_specs() else title)[:28]
            self.add(PageBreak(f"{k + 1}.{sheet}"))
            self.heading(title, 2, toc=True, role="table")
            for meta in p.table_meta:
                self.add(*self._table_meta(meta))
            grid = standard_grid(t, p)
            if grid is not None:
                self.add(grid)
            note = t.note
            if t.empty and not note:
                spec = table_specs().get(t.kind)
                what = spec.what if spec else "相关预算"
                note = p.fill(p.empty_note, year=self.year or "", what=what)
            if note:
                self.add(Para(note, "note"))

    # -- narrative sections --

    def _table_meta(self, meta: str) -> list[Block]:
        """The lines under a table's title the profile asks for."""
        code = self.d.unit.code
        if meta == "unit_code":
            return [Para(f"{code} {self.unit}" if code else f"编制单位：{self.unit}", "meta")]
        if meta == "unit_name":
            named = [Para(f"{code} {self.unit}", "meta")] if code else []
            return [*named, Para(f"单位：{self.unit}", "meta")]
        if meta == "year" and self.year:
            return [Para(f"预算年度：{self.year}", "meta")]
        if meta == "money":
            return [Para("单位：万元", "meta-right")]
        return []

    # -- narrative sections --

    def _section(self, key: str) -> list[Block] | None:
        """The blocks under a section's heading; None when the disclosure has nothing for it."""
        d, p = self.d, self.p
        if key == "overview":
            paras = narrative.overview(d, p)
            return _paras(paras) if any(s == "body" and "万元" in t for s, t in paras) else None
        if key == "operating_costs":
            return _paras(narrative.operating_costs(d)) or None
        if key == "three_public":
            return _paras(narrative.three_public(d)) or None
        if key == "performance":
            return performance(d, p, self.unit, self.year) if has_performance(d) else None
        if key == "other":
            other = d.other_matters
            return [Para(t) for t in other.split("\n") if t] if other else None
        return self._grid_section(key)

    def _grid_section(self, key: str) -> list[Block] | None:
        """Sections with a grid of their own, when the disclosure has their data."""
        d = self.d
        if key == "duties" and (d.responsibilities or d.organisations):
            return parts.duties(d, self.p)
        if key == "procurement" and (d.procurement.total or d.procurement.items):
            return parts.procurement(d, self.p, self.unit)
        if key == "assets" and (d.assets.total or d.assets.items or d.assets.planned_purchase):
            return parts.assets(d, self.p, self.unit)
        if key == "glossary" and d.glossary:
            return parts.glossary(d)
        return None


def _paras(paras: list[tuple[str, str]]) -> list[Block]:
    return [Para(text, style) for style, text in paras]


def build_layout(d: Disclosure, p: Profile, unchecked: bool = False) -> Layout:
    return _Builder(d, p, unchecked).build()

"""View models shared by pages and API: a checked upload and a stored disclosure, as plain data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from typing import Any

from yusuan.check.locate import in_words, locations_in_words
from yusuan.check.order import sections
from yusuan.check.registry import FAMILIES, REGISTRY, all_rules
from yusuan.model import Source
from yusuan.vocab import (
    CHANGE_LABELS,
    OVERVIEW_LABELS,
    OVERVIEW_PARTS_OF_BASIC,
    SCOPE_NAMES,
    THREE_PUBLIC_LABELS,
)
from yusuan.web.data import SEVERITY_ZH, TABLE_KIND_ZH

STATUS_ZH = {
    "passed": "通过",
    "failed": "发现问题",
    "not_applicable": "不适用",
    "no_data": "缺少数据",
}


def where(loc: dict[str, Any]) -> str:
    """A location in words: 第19页 表3 第5行 第2列 (never a PDF cell's coordinates)."""
    return in_words(loc)


def finding_view(f: dict[str, Any]) -> dict[str, Any]:
    rule = REGISTRY.get(f["code"])
    return {
        "where": locations_in_words(f.get("locations") or []),
        **f,
        "severity_zh": SEVERITY_ZH.get(f["severity"], f["severity"]),
        "rule_title": rule.title if rule else "",
        "family": f["code"][:1],
    }


def grouped(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings by section in report order (:mod:`yusuan.check.order`); within a section,
    repeated findings of one rule as one run."""
    out = []
    for n, section in enumerate(sections(findings)):
        out.append(
            {
                "section": section.name,
                "anchor": f"sec-{n}",
                "items": section.findings,
                "runs": section.runs(),
                "worst": section.worst,
                "counts": section.counts,
            }
        )
    return out


def families(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rule families present, with their counts (for the filter)."""
    counts: dict[str, int] = defaultdict(int)
    for f in findings:
        counts[f["code"][:1]] += 1
    return [
        {"family": fam, "name": name.partition(" / ")[0], "count": counts[fam]}
        for fam, name in FAMILIES.items()
        if counts.get(fam)
    ]


MARGIN = 48  # points of the page shown above and below the cited cells


def crop(boxes: list[list[float]], size: list[float]) -> dict[str, Any]:
    """The band of a page that holds the cited cells (full width), and the cells' boxes in
    percent of that band: for an image shown beside the finding with the cells framed."""
    w, h = size
    top = max(0.0, min(b[1] for b in boxes) - MARGIN)
    bottom = min(h, max(b[3] for b in boxes) + MARGIN)
    band = max(bottom - top, 1.0)
    return {
        "ratio": f"{w:.1f} / {band:.1f}",
        "top": round(-top / band * 100, 3),
        "boxes": [
            [
                round(b[0] / w * 100, 3),
                round((b[1] - top) / band * 100, 3),
                round((b[2] - b[0]) / w * 100, 3),
                round((b[3] - b[1]) / band * 100, 3),
            ]
            for b in boxes
        ],
    }


def coverage_counts(coverage: list[dict[str, Any]]) -> dict[str, int]:
    counts = {k: 0 for k in STATUS_ZH}
    for c in coverage:
        counts[c["status"]] = counts.get(c["status"], 0) + 1
    return counts


def check_view(job: Any) -> dict[str, Any]:
    """A finished upload check: the summary, the grouped findings with their excerpts and
    evidence (all prepared by the worker: nothing is parsed again here)."""
    findings = []
    for n, f in enumerate(job.findings, 1):
        v = finding_view(f)
        v["n"] = n
        v["evidence"] = []
        for e in f.get("evidence") or []:
            size = job.pages.get(f"{e['part']}-{e['page']}")
            if size:
                label = f"第{e['page']}页"
                if len(job.names) > 1:
                    label = f"{job.names[e['part']]} {label}"
                v["evidence"].append({**e, "label": label, "crop": crop(e["boxes"], size)})
        findings.append(v)
    s = job.summary
    pdf_parts = [
        {"part": i, "name": name}
        for i, (name, fmt) in enumerate(zip(job.names, job.formats, strict=False))
        if fmt == "pdf"
    ]
    return {
        "job": job.status(),
        "unit": s.get("unit"),
        "year": s.get("year"),
        "kind": s.get("kind"),
        "scope": SCOPE_NAMES.get(s.get("scope") or "", ""),
        "format": job.format,
        "counts": s.get("counts", {}),
        "groups": grouped(findings),
        "families": families(findings),
        "findings": findings,
        "coverage": s.get("coverage", []),
        "coverage_counts": coverage_counts(s.get("coverage", [])),
        "tables": s.get("tables", 0),
        "projects": s.get("projects", 0),
        "pdf_parts": pdf_parts,
    }


# --- a stored disclosure -------------------------------------------------------------------------


class Marks:
    """Which findings point at an amount: by its source, and by its printed text when the
    finding's location names one (a narrative line holds several figures)."""

    def __init__(self, findings: list[dict[str, Any]]) -> None:
        self._by_source: dict[str, list[tuple[str | None, dict[str, Any]]]] = defaultdict(list)
        for f in findings:
            for loc in f.get("locations") or []:
                if loc.get("source"):
                    self._by_source[loc["source"]].append((loc.get("text"), f))

    def of(self, amount: Any) -> list[dict[str, Any]]:
        if amount is None:
            return []
        source = getattr(amount, "source", None)
        raw = getattr(amount, "raw", None)
        if not source or source not in self._by_source:
            return []
        out: list[dict[str, Any]] = []
        for text, f in self._by_source[source]:
            if text and raw and text != raw and raw not in text and text not in raw:
                continue
            if f not in out:
                out.append(f)
        return out

    def at(self, source: str | None) -> list[dict[str, Any]]:
        """Findings pointing at a whole row or block by its source."""
        if not source:
            return []
        out: list[dict[str, Any]] = []
        for _, f in self._by_source.get(source, []):
            if f not in out:
                out.append(f)
        return out


def overview_lines(d: Any) -> list[tuple[str, Any]]:
    ov = d.overview
    lines = []
    first_part = True
    for key, label in OVERVIEW_LABELS.items():
        if key in OVERVIEW_PARTS_OF_BASIC:  # one step in: "其中：人员经费", "　　　　公用经费"
            label = ("　其中：" if first_part else "　　　　") + label
            first_part = False
        lines.append((label, getattr(ov, key)))
    lines += [(f"收入来源：{k}", a) for k, a in ov.income_by_source.items()]
    return [(label, a) for label, a in lines if a is not None]


def disclosure_view(d: Any, findings: list[dict[str, Any]]) -> dict[str, Any]:
    marks = Marks(findings)
    tp = d.three_public
    # The two parts of 公务用车 one step in.
    indent = {"vehicle_purchase": "　", "vehicle_operation": "　"}
    three = [
        *((indent.get(k, "") + label, getattr(tp, k)) for k, label in THREE_PUBLIC_LABELS.items()),
        ("比上年增减", tp.change),
    ]
    oc = d.operating_costs
    tables = []
    for n, t in enumerate(d.tables):
        tables.append(
            {
                "n": n,
                "anchor": f"table-{n}",
                "kind_zh": TABLE_KIND_ZH.get(t.kind, t.kind),
                "t": t,
                "header_rows": header_rows(t.columns),
                "sided": any(r.side for r in t.rows),
                "pairs": pair_sides(t) if any(r.side for r in t.rows) else None,
                "categorised": any(r.category for r in t.rows),
                "row_marks": [marks.at(r.source) for r in t.rows],
            }
        )
    projects = []
    for n, p in enumerate(d.performance.projects):
        projects.append(
            {
                "n": n,
                "anchor": f"project-{n}",
                "p": p,
                "marks": marks.at(p.source) + [f for i in p.indicators for f in marks.at(i.source)],
            }
        )
    return {
        "d": d,
        "marks": marks,
        "overview": overview_lines(d),
        "changes": [(CHANGE_LABELS.get(k, k), a) for k, a in d.overview.changes.items()],
        "three_public": [(label, a) for label, a in three if a is not None],
        "operating": [
            (label, a)
            for label, a in (
                ("机关运行经费", oc.amount),
                ("比上年增减", oc.change),
                ("上年机关运行经费", oc.previous),
            )
            if a is not None
        ],
        "tables": tables,
        "projects": projects,
        "groups": grouped(findings),
    }


def _line_key(source: str | None) -> Hashable | None:
    """The printed line a cell belongs to, whichever column it is in."""
    if not source:
        return None
    p = Source(source).parts
    return (p.file, p.page, p.bbox, p.sheet, p.cell_row, p.line, p.row)


def pair_sides(t: Any) -> dict[str, Any]:
    """A two-sided table (收入 | 支出) as printed: one line per printed row, both sides on it."""
    left_cols = [c for c in t.columns if c.split("/")[0].startswith("收入")]
    right_cols = [c for c in t.columns if c not in left_cols]
    lines: dict[Hashable, dict[str, Any]] = {}
    counts: dict[Hashable, int] = {}
    for n, r in enumerate(t.rows):
        side = "left" if (r.side or "").startswith("收入") else "right"
        key = _line_key(r.source) or f"#{n}"
        k = key
        while k in lines and side in lines[k]:
            counts[key] = counts.get(key, 0) + 1
            k = (key, counts[key])
        lines.setdefault(k, {})[side] = r
    left_paths = [c.split("/", 1)[-1] for c in left_cols]
    right_paths = [c.split("/", 1)[-1] for c in right_cols]
    depth = max(len(p.split("/")) for p in [*left_paths, *right_paths, ""])
    return {
        "left": left_cols,
        "right": right_cols,
        "depth": depth,
        # All 收入 rows come before all 支出 rows in the model: put lines back in printed order.
        "left_headers": header_rows(left_paths, depth),
        "right_headers": header_rows(right_paths, depth),
        "lines": sorted(lines.values(), key=_position),
    }


def _position(line: dict[str, Any]) -> tuple[tuple[int, ...], int]:
    """Printed order: the numbers of the source location (line; or page, row; or sheet row)."""
    r = line.get("left") or line.get("right")
    p = Source((r.source if r is not None else "") or "").parts
    numbers = (p.page, *(p.bbox or ()), p.cell_row, p.line, p.row)
    first = line.get("left") is None  # a 支出-only line sorts after a full line at the same place
    return (tuple(n for n in numbers if n is not None), int(first))


def is_total(name: str | None) -> bool:
    return name is not None and any(w in name for w in ("合计", "总计"))


def header_rows(columns: list[str], depth: int = 1) -> list[list[dict[str, Any]]]:
    """Flattened column paths ("本年收入/财政拨款收入") back into header rows with spans; leaves
    reach down to row ``depth`` at least (for two tables side by side)."""
    paths = [c.split("/") for c in columns]
    depth = max([depth, *(len(p) for p in paths)])
    rows: list[list[dict[str, Any]]] = [[] for _ in range(depth)]
    for level in range(depth):
        i = 0
        while i < len(paths):
            p = paths[i]
            if len(p) <= level:
                i += 1
                continue
            if level == len(p) - 1:
                rows[level].append({"label": p[level], "colspan": 1, "rowspan": depth - level})
                i += 1
                continue
            j = i + 1
            while (
                j < len(paths)
                and len(paths[j]) > level + 1
                and paths[j][: level + 1] == p[: level + 1]
            ):
                j += 1
            rows[level].append({"label": p[level], "colspan": j - i, "rowspan": 1})
            i = j
    return [r for r in rows if r]


# --- rules ---------------------------------------------------------------------------------------


def rules_view() -> list[dict[str, Any]]:
    rules = all_rules()
    out = []
    for fam, name in FAMILIES.items():
        members = [r for r in rules if r.family == fam]
        if members:
            zh, _, en = name.partition(" / ")
            out.append({"family": fam, "name": zh, "en": en, "rules": members})
    return out


def rule_dict(r: Any) -> dict[str, Any]:
    return {
        "code": r.code,
        "family": r.family,
        "family_name": FAMILIES.get(r.family, ""),
        "severity": r.severity,
        "severity_zh": SEVERITY_ZH.get(r.severity, r.severity),
        "title": r.title,
        "what": r.what,
        "why": r.why,
        "example": r.example,
        "fix": r.fix,
    }

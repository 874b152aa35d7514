"""Helpers shared by rule modules."""

from __future__ import annotations

import re
from functools import lru_cache

from yusuan.model import TableModel, TableRow
from yusuan.vocab import TOTAL_NAMES
from yusuan.vocab.text import squash

CODE_TABLES = (
    "income",
    "expenditure",
    "general_public_expenditure",
    "general_public_basic",
    "government_fund",
    "state_capital",
    "economic_summary",
)
_ENUMERATED = re.compile(r"^[一二三四五六七八九十]+、")


@lru_cache(maxsize=4096)
def is_of_which(label: str) -> bool:
    """ "其中" columns and rows are subsets of their neighbour, never added in."""
    last = label.rsplit("/", 1)[-1]
    return squash(last).startswith("其中")


def code_rows(table: TableModel) -> list[TableRow]:
    return [r for r in table.rows if r.code]


def top_level(rows: list[TableRow]) -> list[TableRow]:
    """Code rows whose parent code is not printed in the table (类, or the highest level shown)."""
    codes = {r.code for r in rows}
    out = []
    for r in rows:
        assert r.code is not None
        parents = {r.code[:n] for n in (3, 5) if n < len(r.code)}
        if not parents & codes:
            out.append(r)
    return out


def children(rows: list[TableRow]) -> dict[str, list[TableRow]]:
    """Code rows by their parent's code (a child's code is its parent's plus two digits)."""
    found: dict[str, list[TableRow]] = {}
    for r in rows:
        if r.code and len(r.code) > 2:
            found.setdefault(r.code[:-2], []).append(r)
    return found


def enumerated(rows: list[TableRow]) -> list[TableRow]:
    return [r for r in rows if r.name and _ENUMERATED.match(r.name)]


def label(row: TableRow) -> str:
    return f"{row.code} {row.name}" if row.code and row.name else (row.name or row.code or "?")


def three_public_part(label: str) -> str | None:
    """The "三公" part a row or column label names: outbound, vehicle_total, vehicle_purchase,
    vehicle_operation, reception, total; None for anything else."""
    n = label.replace("（", "(").replace("）", ")")
    if "出国" in n:
        return "outbound"
    if "接待" in n:
        return "reception"
    vehicle_run = "运行" in n or "运维" in n or "维护" in n
    if ("购置" in n and vehicle_run) or n.endswith("公务用车费"):
        return "vehicle_total"
    if "购置" in n:
        return "vehicle_purchase"
    if vehicle_run:
        return "vehicle_operation"
    if any(w in n for w in TOTAL_NAMES):
        return "total"
    return None

"""The rules' tables kept as data: classification codes (codes.csv) and names renamed by year
(renamed.csv). Each is read once per process."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of one of this folder's CSV files."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


@cache
def code_list() -> dict[str, tuple[str, str]]:
    """code → (name, system), from the domain notes and codes seen in published disclosures."""
    return {r["code"]: (r["name"], r["system"]) for r in rows("codes.csv")}


@cache
def renamed() -> tuple[tuple[str, str, int], ...]:
    """(old name, new name, the year the new name applies from)."""
    return tuple((r["old"], r["new"], int(r["from_year"])) for r in rows("renamed.csv"))

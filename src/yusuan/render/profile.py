"""Publishing profiles: a province's section order, table set, titles and number style.

Profiles are data files (``profiles/*.toml``); ``tables.toml`` holds the default layout of each
standard table, shared by all profiles.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from yusuan.errors import YusuanError
from yusuan.vocab.text import cn_numeral

PROFILES = ("hebei", "henan", "national")
# Section and item numbers (一、 …), shared with the rules that check them.
cn_number = cn_numeral


def _load(name: str) -> dict[str, Any]:
    path = resources.files("yusuan.render") / "profiles" / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class TableSpec:
    """Default layout of one standard table kind (``tables.toml``)."""

    kind: str
    name: str
    what: str
    columns: tuple[str, ...]
    coded: bool = False
    economic: bool = False
    two_sided: bool = False
    income: tuple[str, ...] = ()
    expenditure: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    display: str
    unit_word: str
    cover_title: str
    explain_title: str
    intro: str
    precision: int
    thousands: bool
    code_style: str
    serial: bool
    table_meta: tuple[str, ...]
    project_style: str
    tables_first: bool
    table_order: tuple[str, ...]
    section_order: tuple[str, ...]
    titles: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    empty_note: str = "注：本表无数据，空表列示。"
    overview_style: str = "plain"
    overview_lead: str = ""

    def fill(self, template: str, **ctx: object) -> str:
        return template.format(unit_word=self.unit_word, **ctx)

    def table_title(self, kind: str, year: int | None) -> str:
        spec = table_specs().get(kind)
        template = self.titles.get(kind) or (spec.name if spec else "预算表")
        return self.fill(template, year=year if year is not None else "")

    def money(self, value: Decimal) -> str:
        """A table amount: the profile's decimals, never fewer than the value carries."""
        return format_money(value, self.precision, self.thousands)


def format_money(value: Decimal, precision: int, thousands: bool = False) -> str:
    exp = value.as_tuple().exponent
    own = -exp if isinstance(exp, int) and exp < 0 else 0
    places = max(precision, own)
    q = value.quantize(Decimal(1).scaleb(-places)) if places or own else value
    return format(q, f"{',' if thousands else ''}.{places}f")


def plain_money(value: Decimal) -> str:
    """A narrative amount as the value carries it ("192", "5983.18"), no exponent notation."""
    return format(value, "f")


@cache
def load_profile(name: str) -> Profile:
    if name not in PROFILES:
        raise YusuanError(
            f"未知的格式：{name}（可用：{'、'.join(PROFILES)}）",
            f"unknown profile: {name} (available: {', '.join(PROFILES)})",
        )
    d = _load(name)
    return Profile(
        name=d["name"],
        display=d["display"],
        unit_word=d["unit_word"],
        cover_title=d["cover_title"],
        explain_title=d["explain_title"],
        intro=d["intro"],
        precision=int(d["precision"]),
        thousands=bool(d["thousands"]),
        code_style=d["code_style"],
        serial=bool(d.get("serial", False)),
        table_meta=tuple(d["table_meta"]),
        project_style=d["project_style"],
        tables_first=bool(d["tables_first"]),
        table_order=tuple(d["table_order"]),
        section_order=tuple(d["section_order"]),
        titles=dict(d.get("titles", {})),
        sections=dict(d.get("sections", {})),
        empty_note=d.get("empty_notes", {}).get("default", "注：本表无数据，空表列示。"),
        overview_style=d.get("overview", {}).get("style", "plain"),
        overview_lead=d.get("overview", {}).get("lead", ""),
    )


@cache
def table_specs() -> dict[str, TableSpec]:
    out: dict[str, TableSpec] = {}
    for kind, d in _load("tables").items():
        out[kind] = TableSpec(
            kind=kind,
            name=d["name"],
            what=d["what"],
            columns=tuple(d["columns"]),
            coded=bool(d.get("coded", False)),
            economic=bool(d.get("economic", False)),
            two_sided=bool(d.get("two_sided", False)),
            income=tuple(d.get("income", ())),
            expenditure=tuple(d.get("expenditure", ())),
            rows=tuple(d.get("rows", ())),
        )
    return out

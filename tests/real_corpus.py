"""Score a read disclosure against the hand-written facts of tests/expected/real/ (see its README).

Every fact is one comparison; the score of a document is the share of its facts that match. The
comparison is written here, independently of yusuan's own normalisation, so that a bug there
cannot hide itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from yusuan.model import Amount, Disclosure, TableModel

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
EXPECTED = Path(__file__).parent / "expected" / "real"
OVERVIEW_FIELDS = (
    "income_total",
    "expenditure_total",
    "basic",
    "personnel",
    "public_operating",
    "project",
)
# The 收支总表 and "三公" kinds: every row is a fact.
ROW_KINDS = frozenset(
    {
        "income_expenditure_summary",
        "fiscal_summary",
        "three_public",
        "final_income_expenditure_summary",
        "final_fiscal_summary",
        "final_three_public",
    }
)


def expected_files() -> list[Path]:
    return sorted(EXPECTED.glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def unit_key(name: str | None) -> str:
    """中共/中国共产党 and 委员会/委 name the same unit."""
    t = squash(name).replace("中国共产党", "中共").replace("委员会", "委")
    return t.removeprefix("中共")


_TITLE_NUMBER = re.compile(r"^(?:公开\d+表[:：]?|[一二三四五六七八九十]+[、.．]|\d+[、.．])")


def title_key(title: str | None) -> str:
    """A title without its numbering ("一、", "5．", "公开01表：")."""
    t = squash(title)
    while (m := _TITLE_NUMBER.match(t)) is not None and m.end() > 0:
        t = t[m.end() :]
    return t


def same_title(expected: str, got: str | None) -> bool:
    """The numbering may be printed on a line of its own ("表八" above "一般公共预算支出预算表")."""
    e, g = title_key(expected), title_key(got)
    return bool(g) and (e == g or e.endswith(g))


def source_key(label: str) -> str:
    """An income-source label without the words that vary between passages of one document
    ("财政拨款收入预算总计" / "财政拨款收入" / "财政拨款")."""
    t = squash(label)
    t = re.sub(r"^(?:其中[:：,，]?|包括|[（(]?[一二三四五六七八九十\d]+[)）、.．])", "", t)
    t = re.sub(r"[为是:：]$", "", t)
    previous = None
    while previous != t:
        previous = t
        for suffix in ("预算总计", "预算数", "预算", "总计", "合计", "收入", "资金"):
            t = t.removesuffix(suffix)
    return t


def dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Amount):
        return value.value
    return Decimal(str(value).replace(",", ""))


def wan(value: str, money_unit: str | None) -> Decimal:
    d = Decimal(value.replace(",", ""))
    return d / 10000 if money_unit == "元" else d


@dataclass
class Fact:
    name: str
    expected: Any
    got: Any

    @property
    def ok(self) -> bool:
        return self.expected == self.got


@dataclass
class Score:
    file: str
    facts: list[Fact] = field(default_factory=list)

    def add(self, name: str, expected: Any, got: Any) -> None:
        self.facts.append(Fact(name, expected, got))

    @property
    def matched(self) -> int:
        return sum(f.ok for f in self.facts)

    @property
    def total(self) -> int:
        return len(self.facts)

    def misses(self) -> list[Fact]:
        return [f for f in self.facts if not f.ok]


def printed_lines(table: TableModel) -> list[tuple[list[str], list[Decimal]]]:
    """One entry per printed line: its labels (group label first) and its amounts, left to right.
    Two-sided tables keep each side as its own row with the line's source; joined back here."""
    lines: dict[str | None, tuple[list[str], list[Decimal]]] = {}
    for row in table.rows:
        names, values = lines.setdefault(row.source or str(id(row)), ([], []))
        labels = [squash(x) for x in (row.category, row.name) if x]
        names.extend(dict.fromkeys(labels))  # a group label repeated as the name counts once
        values.extend(v.value for v in row.values.values() if v is not None)
    return list(lines.values())


def _line(names: list[str], values: list[str], money_unit: str | None) -> tuple[Any, ...]:
    return tuple(squash(n) for n in names), tuple(wan(v, money_unit) for v in values)


def score(d: Disclosure, exp: dict[str, Any], name: str | None = None) -> Score:
    s = Score(name or exp["file"])
    s.add("unit_name", unit_key(exp["unit_name"]), unit_key(d.unit.name))
    for key in ("year", "kind", "scope", "money_unit"):
        if key in exp:
            s.add(key, exp[key], getattr(d, key, None))
    _score_overview(s, d, exp.get("overview") or {})
    for key, value in (exp.get("operating_costs") or {}).items():
        s.add(f"operating_costs.{key}", dec(value), dec(getattr(d.operating_costs, key)))
    for key, value in (exp.get("three_public") or {}).items():
        s.add(f"three_public.{key}", dec(value), dec(getattr(d.three_public, key)))
    _score_tables(s, d, exp.get("tables") or [])
    return s


def _score_overview(s: Score, d: Disclosure, ov: dict[str, Any]) -> None:
    for key in OVERVIEW_FIELDS:
        if key in ov:
            s.add(f"overview.{key}", dec(ov[key]), dec(getattr(d.overview, key)))
    got_sources = {source_key(k): v.value for k, v in d.overview.income_by_source.items()}
    for label, value in (ov.get("income_by_source") or {}).items():
        s.add(f"overview.income_by_source.{label}", dec(value), got_sources.get(source_key(label)))
    fields = ("total", *OVERVIEW_FIELDS)
    got_changes = {
        k if k in fields else source_key(k): v.value for k, v in d.overview.changes.items()
    }
    for label, value in (ov.get("changes") or {}).items():
        key = label if label in fields else source_key(label)
        s.add(f"overview.changes.{label}", dec(value), got_changes.get(key))


def _score_tables(s: Score, d: Disclosure, tables: list[dict[str, Any]]) -> None:
    used: set[int] = set()
    start = 0
    for i, exp in enumerate(tables):
        label = f"tables[{i}] {exp['kind']} {title_key(exp['title'])}"
        found = next(
            (
                j
                for j in range(start, len(d.tables))
                if j not in used and d.tables[j].kind == exp["kind"]
            ),
            None,
        )
        s.add(f"{label}: found", True, found is not None)
        if found is None:
            continue
        used.add(found)
        start = found + 1
        table = d.tables[found]
        got_title = table.title if same_title(exp["title"], table.title) else f"≠ {table.title}"
        s.add(
            f"{label}: title", exp["title"], exp["title"] if got_title == table.title else got_title
        )
        s.add(f"{label}: empty", exp["empty"], table.empty)
        if exp["empty"]:
            continue
        unit = exp.get("money_unit")
        lines = [(tuple(n), tuple(v)) for n, v in printed_lines(table)]
        s.add(f"{label}: data_row_count", exp["data_row_count"], len(lines))
        total = exp.get("total_row")
        if total is not None:
            want = _line(total["names"], total["values"], unit)
            s.add(f"{label}: total_row", want, want if want in lines else lines[-1:])
        if exp["kind"] in ROW_KINDS:
            left = list(lines)
            for k, row in enumerate(exp.get("rows") or []):
                want = _line(row["names"], row["values"], unit)
                hit = want in left
                if hit:
                    left.remove(want)
                s.add(f"{label}: rows[{k}]", want, want if hit else None)

"""What a rule sees: the disclosure plus helpers to find tables, columns, rows and amounts."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from yusuan.check.arith import (
    diagnose_copy,
    diagnose_figure,
    diagnose_rows,
    differs,
    fmt,
    sum_text,
    tolerance,
)
from yusuan.check.findings import Finding, Location
from yusuan.check.registry import REGISTRY
from yusuan.model import Amount, Disclosure, TableModel, TableRow
from yusuan.vocab import OVERVIEW_LABELS, SECTION_NAMES

T = TypeVar("T")
# Where a finding points; rules may pass a function that builds the list only when one is made.
Locations = list[Location] | Callable[[], list[Location]]


class Context:
    def __init__(self, disclosure: Disclosure) -> None:
        self.d = disclosure
        self.code = ""  # the rule being run, set by the engine
        # Other stored disclosures (last year, sub-units), given by the store; H rules need it.
        self.history: object | None = None
        self._figures: list[tuple[str, Amount]] | None = None
        self._shared: dict[str, Any] = {}

    def shared(self, key: str, build: Callable[[], T]) -> T:
        """A view of the document that several rules use, built once per document."""
        try:
            return self._shared[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._shared[key] = build()
            return value

    def figures(self) -> list[tuple[str, Amount]]:
        """Every amount in the document with a readable name, for "copied from" diagnoses."""
        if self._figures is None:
            found: list[tuple[str, Amount]] = []
            ov = self.d.overview
            for name, a in (
                *((f"文字说明{label}", getattr(ov, k)) for k, label in OVERVIEW_LABELS.items()),
                ("机关运行经费", self.d.operating_costs.amount),
                ("“三公”经费", self.d.three_public.total),
            ):
                if a is not None:
                    found.append((name, a))
            for t in self.d.tables:
                for r in t.rows:
                    for col, a in r.values.items():
                        if a is not None:
                            found.append((f"《{t.title}》{_row_label(r)}“{col}”", a))
            self._figures = found
        return self._figures

    def elsewhere(self, actual: Amount, *exclude: Amount | None) -> list[tuple[str, Decimal]]:
        """Other figures with the same value as ``actual``, not among ``exclude``."""
        skip = {a.source for a in exclude if a is not None} | {actual.source}
        return [
            (name, a.value)
            for name, a in self.figures()
            if a.value == actual.value and a.source not in skip
        ]

    # --- tables -------------------------------------------------------------------------------
    def tables(self, kind: str) -> list[TableModel]:
        return self.shared(
            "tables:" + kind, lambda: [t for t in self.d.tables if t.kind == kind and not t.empty]
        )

    def table(self, kind: str) -> TableModel | None:
        found = self.tables(kind)
        return found[0] if found else None

    @staticmethod
    def value(row: TableRow | None, column: str | None) -> Amount | None:
        if row is None or column is None:
            return None
        return row.values.get(column)

    # --- findings -----------------------------------------------------------------------------
    def finding(self, message: str, **kw: object) -> Finding:
        rule = REGISTRY[self.code]
        if isinstance(section := kw.get("section"), str):  # a passage's key: its name
            kw["section"] = SECTION_NAMES.get(section, section)
        return Finding(code=rule.code, severity=rule.severity, message=message, **kw)  # type: ignore[arg-type]

    def cell(self, table: TableModel, row: TableRow, column: str) -> Location:
        a = row.values.get(column)
        return Location.at(
            a.source if a else row.source,
            text=a.raw if a else None,
            table=table.title,
            row=_row_label(row),
            column=column,
        )

    @staticmethod
    def at(a: Amount | None, what: str | None = None) -> Location:
        return Location.at(a.source if a else None, text=(a.raw if a else what))

    def cells(self, table: TableModel, *at: tuple[TableRow, str]) -> Callable[[], list[Location]]:
        """Locations of (row, column) cells, made only if a finding needs them."""
        return lambda: [self.cell(table, r, c) for r, c in at]

    @staticmethod
    def amounts(*amounts: Amount | None) -> Callable[[], list[Location]]:
        """Locations of printed amounts, made only if a finding needs them."""
        return lambda: [Context.at(a) for a in amounts]

    def compare_sum(
        self,
        total: Amount | None,
        parts: Sequence[tuple[str, Amount | None]],
        message: str,
        locations: Locations,
        *,
        elsewhere: Sequence[tuple[str, Decimal]] = (),
        section: str | None = None,
        suggestion: str | None = None,
    ) -> Iterator[Finding]:
        """Yield a finding when ``total`` ≠ Σ ``parts`` beyond the printed precision."""
        if total is None:
            return
        present = [(n, a) for n, a in parts if a is not None]
        if not present:
            return
        amounts = [a for _, a in present]
        values = [a.value for a in amounts]
        expected = sum(values, Decimal(0))
        tol = tolerance(values, total.value)
        if not differs(expected, total.value, tol):
            return
        named = [(n, a.value) for n, a in present]
        part = _diagnose_part(total.value, present)
        diag = (
            diagnose_figure(expected, total.value)
            or (part[2] if part else None)
            or diagnose_rows(expected, total.value, named)
            or diagnose_copy(total.value, elsewhere)
        )
        if part and not diagnose_figure(expected, total.value) and suggestion is None:
            suggestion = f"“{part[0]}”应为 {fmt(part[1])}（合计与其余分项不变时）。"
        yield self.finding(
            message,
            locations=locations() if callable(locations) else locations,
            expected=expected,
            actual=total.value,
            arithmetic=f"{sum_text(amounts)} = {fmt(expected)} ≠ {fmt(total.value)}",
            tolerance=tol,
            diagnosis=diag,
            suggestion=suggestion
            or f"核对合计数与各项数字，合计应为 {fmt(expected)}，或更正有误的分项。",
            section=section,
        )

    def compare_equal(
        self,
        expected: Amount | None,
        actual: Amount | None,
        message: str,
        locations: Locations,
        *,
        section: str | None = None,
        suggestion: str | None = None,
        expected_label: str = "",
        actual_label: str = "",
    ) -> Iterator[Finding]:
        if expected is None or actual is None:
            return
        tol = tolerance([], expected) + tolerance([], actual) - tolerance([], Decimal(0))
        tol = max(tol, Decimal("0.005"))
        if not differs(expected.value, actual.value, tol):
            return
        yield self.finding(
            message,
            locations=locations() if callable(locations) else locations,
            expected=expected.value,
            actual=actual.value,
            arithmetic=f"{expected_label}{fmt(expected.value)} ≠ {actual_label}{fmt(actual.value)}",
            tolerance=tol,
            diagnosis=diagnose_figure(expected.value, actual.value)
            or diagnose_copy(actual.value, self.elsewhere(actual, expected)[:1]),
            suggestion=suggestion or "核对两处数字，使其一致。",
            section=section,
        )


def _diagnose_part(
    total: Decimal, parts: Sequence[tuple[str, Amount]]
) -> tuple[str, Decimal, str] | None:
    """A wrong part explains the gap when fixing its digits makes the sum work."""
    others = sum((a.value for _, a in parts), Decimal(0))
    for name, a in parts:
        needed = total - (others - a.value)
        d = diagnose_figure(needed, a.value)
        if d:
            return name, needed, f"分项“{name}”{d}"
    return None


def _row_label(row: TableRow) -> str | None:
    if row.code and row.name:
        return f"{row.code} {row.name}"
    return row.name or row.code

"""政府采购预算: the stated total and the item rows of the 政府采购预算表."""

from __future__ import annotations

import re

from yusuan.blocks import Cell, Paragraph, Table
from yusuan.extract.figures import Narrative
from yusuan.extract.numbers import parse_number, to_wan
from yusuan.model import Amount, Procurement, ProcurementItem
from yusuan.vocab.text import squash

# 政府采购目录序号: A goods, B works, C services, then digits (A05030301, C0399, B010599).
_CATALOG = re.compile(r"^[ABC]\d{2,}$")


def _amount(cell: Cell, unit: str | None) -> Amount | None:
    v = parse_number(cell.text)
    if v is None:
        return None
    return Amount(value=to_wan(v, unit), raw=cell.text.strip(), source=str(cell.source))


def extract_procurement(
    paragraphs: list[Paragraph], tables: list[Table], money_unit: str | None
) -> tuple[Procurement, list[Table]]:
    """Returns the procurement facts and the tables that were read for them."""
    proc = Procurement(text="\n".join(p.text for p in paragraphs) or None)
    for fig in Narrative(paragraphs).figures():
        if fig.direction is None:
            proc.total = Amount(value=fig.value, raw=fig.raw, source=str(fig.source))
            break
    used: list[Table] = []
    project: str | None = None
    budget: Amount | None = None
    for table in tables:
        rows = table.rows
        if not any(_CATALOG.match(squash(c.text)) for row in rows for c in row):
            continue
        used.append(table)
        for row in rows:
            texts = [squash(c.text) for c in row]
            k = next((i for i, t in enumerate(texts) if _CATALOG.match(t)), None)
            if k is None:
                if texts and "合计" in texts[0] and proc.table_total is None:
                    proc.table_total = next(
                        (a for c in row[1:] if (a := _amount(c, money_unit)) is not None), None
                    )
                continue
            if k >= 2 and texts[0]:
                project = texts[0]
                budget = _amount(row[1], money_unit) if k >= 3 else None
            rest = row[k + 1 :]
            measure = None
            if rest and rest[0].text.strip() and parse_number(rest[0].text) is None:
                measure = squash(rest[0].text)
                rest = rest[1:]
            numbers = [c for c in rest]
            quantity = parse_number(numbers[0].text) if numbers else None
            price = _amount(numbers[1], money_unit) if len(numbers) > 1 else None
            total = _amount(numbers[2], money_unit) if len(numbers) > 2 else None
            proc.items.append(
                ProcurementItem(
                    project=project,
                    project_budget=budget,
                    item=texts[k - 1] if k >= 1 else None,
                    catalog_code=texts[k],
                    measure=measure,
                    quantity=quantity,
                    unit_price=price,
                    amount=total,
                    source=str(row[0].source),
                )
            )
    return proc, used

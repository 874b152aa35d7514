"""国有资产信息: 上年末固定资产, 拟购置, and the 固定资产占用情况表."""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.blocks import Cell, Paragraph, Table
from yusuan.extract.figures import Narrative
from yusuan.extract.numbers import normalise_digits, parse_number, to_wan
from yusuan.model import Amount, AssetItem, Assets, Source
from yusuan.vocab.text import squash

_AS_OF = re.compile(
    r"截止(?:时间|日期)?[:：]\s*(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})"
)
_QTY = re.compile(r"^(\d[\d,]*(?:\.\d+)?)\s*(\D*)$")
_MEASURE = re.compile(r"[（(]([^()（）]+)[)）]\s*$")
_TOTAL = ("合计", "总额", "总计")


def _as_of(text: str) -> str | None:
    m = _AS_OF.search(normalise_digits(text))
    if not m:
        return None
    y, mo, d = m.groups()
    return f"{y}-{int(mo):02d}-{int(d):02d}"


def extract_assets(
    paragraphs: list[Paragraph], tables: list[Table], money_unit: str | None
) -> tuple[Assets, list[Table]]:
    assets = Assets()
    for fig in Narrative(paragraphs).figures():
        amount = Amount(value=fig.value, raw=fig.raw, source=Source(str(fig.source)))
        if "拟购置" in fig.label or "拟购" in fig.label:
            assets.planned_purchase = assets.planned_purchase or amount
        elif "固定资产" in fig.label or "资产总额" in fig.label:
            assets.total = assets.total or amount
    for p in paragraphs:
        assets.as_of = assets.as_of or _as_of(p.text)
    used: list[Table] = []
    totals: list[Amount | None] = []
    for table in tables:
        # A table split over pages continues without a header of its own.
        header_seen = bool(used)
        if header_seen:
            used.append(table)
        for row in table.rows:
            texts = [c.text.strip() for c in row]
            if any(_as_of(t) for t in texts):
                assets.as_of = assets.as_of or next(a for t in texts if (a := _as_of(t)))
            elif not header_seen:
                header_seen = _is_header(texts)
                if header_seen and table not in used:
                    used.append(table)
            elif texts and texts[0]:
                _read_row(row, texts, money_unit, assets.items, totals)
    assets.table_total = next((t for t in totals if t is not None), None)
    if assets.total is None:
        assets.total = assets.table_total
    return assets, used


def _is_header(texts: list[str]) -> bool:
    flat = [squash(t) for t in texts]
    return any("数量" in t for t in flat) and any("价值" in t or "金额" in t for t in flat)


def _read_row(
    row: list[Cell],
    texts: list[str],
    money_unit: str | None,
    items: list[AssetItem],
    totals: list[Amount | None],
) -> None:
    """A row of the 固定资产占用情况表: an item, or the 合计 row (its value to ``totals``)."""
    label = texts[0]
    value_cell = row[2] if len(row) > 2 else None
    v = parse_number(value_cell.text) if value_cell else None
    value = (
        Amount(
            value=to_wan(v, money_unit),
            raw=value_cell.text.strip(),
            source=Source(str(value_cell.source)),
        )
        if v is not None and value_cell is not None
        else None
    )
    if any(w in squash(label) for w in _TOTAL):
        totals.append(value)
        return
    quantity, measure = _quantity(texts[1] if len(texts) > 1 else "", label)
    items.append(
        AssetItem(
            category=squash(label),
            quantity=quantity,
            measure=measure,
            value=value,
            source=Source(str(row[0].source)),
        )
    )


def _quantity(text: str, label: str) -> tuple[Decimal | None, str | None]:
    """The quantity cell ("12辆") and its measure, else the measure in the label ("车辆（辆）")."""
    quantity: Decimal | None = None
    measure = None
    m = _QTY.match(normalise_digits(text).strip())
    if m:
        quantity = parse_number(m.group(1))
        measure = m.group(2).strip() or None
    if measure is None:
        mm = _MEASURE.search(label)
        measure = mm.group(1) if mm else None
    return quantity, measure

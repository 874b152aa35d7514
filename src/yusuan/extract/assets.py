"""国有资产信息: 上年末固定资产, 拟购置, and the 固定资产占用情况表."""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.blocks import Paragraph, Table
from yusuan.extract.figures import Narrative
from yusuan.extract.numbers import normalise_digits, parse_number, to_wan
from yusuan.model import Amount, AssetItem, Assets
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
        amount = Amount(value=fig.value, raw=fig.raw, source=str(fig.source))
        if "拟购置" in fig.label or "拟购" in fig.label:
            assets.planned_purchase = assets.planned_purchase or amount
        elif "固定资产" in fig.label or "资产总额" in fig.label:
            assets.total = assets.total or amount
    for p in paragraphs:
        assets.as_of = assets.as_of or _as_of(p.text)
    used: list[Table] = []
    table_total: Amount | None = None
    for table in tables:
        # A table split over pages continues without a header of its own.
        header_seen = bool(used)
        if header_seen:
            used.append(table)
        for row in table.rows:
            texts = [c.text.strip() for c in row]
            if any(_as_of(t) for t in texts):
                assets.as_of = assets.as_of or next(a for t in texts if (a := _as_of(t)))
                continue
            if not header_seen:
                flat = [squash(t) for t in texts]
                if any("数量" in t for t in flat) and any("价值" in t or "金额" in t for t in flat):
                    header_seen = True
                    if table not in used:
                        used.append(table)
                continue
            if not texts or not texts[0]:
                continue
            label = texts[0]
            value_cell = row[2] if len(row) > 2 else None
            v = parse_number(value_cell.text) if value_cell else None
            value = (
                Amount(
                    value=to_wan(v, money_unit),
                    raw=value_cell.text.strip(),
                    source=str(value_cell.source),
                )
                if v is not None and value_cell is not None
                else None
            )
            if any(w in squash(label) for w in _TOTAL):
                table_total = table_total or value
                continue
            quantity: Decimal | None = None
            measure = None
            qtext = normalise_digits(texts[1]) if len(texts) > 1 else ""
            m = _QTY.match(qtext.strip())
            if m:
                quantity = parse_number(m.group(1))
                measure = m.group(2).strip() or None
            if measure is None:
                mm = _MEASURE.search(label)
                measure = mm.group(1) if mm else None
            assets.items.append(
                AssetItem(
                    category=squash(label),
                    quantity=quantity,
                    measure=measure,
                    value=value,
                    source=str(row[0].source),
                )
            )
    assets.table_total = table_total
    if assets.total is None:
        assets.total = table_total
    return assets, used

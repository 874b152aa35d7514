"""The rule catalogue, one module per family (see docs/rules/)."""

from yusuan.check.rules import (
    codes,
    completeness,
    cross_table,
    history,
    narrative,
    narrative_assets,
    narrative_changes,
    narrative_final,
    performance,
    performance_money,
    performance_rows,
    reading,
    table_arith,
    table_extra,
    wording,
)

__all__ = [
    "codes",
    "completeness",
    "cross_table",
    "history",
    "narrative",
    "narrative_assets",
    "narrative_changes",
    "narrative_final",
    "performance",
    "performance_money",
    "performance_rows",
    "reading",
    "table_arith",
    "table_extra",
    "wording",
]

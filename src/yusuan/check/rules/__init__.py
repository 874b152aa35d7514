"""The rule catalogue, one module per family (see docs/rules/)."""

from yusuan.check.rules import (
    codes,
    completeness,
    cross_table,
    history,
    narrative,
    performance,
    performance_money,
    performance_rows,
    reading,
    table_arith,
)

__all__ = [
    "codes",
    "completeness",
    "cross_table",
    "history",
    "narrative",
    "performance",
    "performance_money",
    "performance_rows",
    "reading",
    "table_arith",
]

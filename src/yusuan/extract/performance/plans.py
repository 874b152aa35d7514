"""Spending plans (资金支出计划): "3月底 | 6月底 …" headers over percentages, or "3月底：25%"."""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.extract.numbers import parse_number
from yusuan.model.disclosure import SpendingStep
from yusuan.vocab.performance import label
from yusuan.vocab.text import one_line

_PERCENT = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)\s*[%％]")
_PLAN_STEP = re.compile(r"^(?P<by>.*?[月季年底末])\s*[:：]?\s*(?P<pct>[0-9.]+\s*[%％])$")


def is_plan_label(text: str) -> bool:
    return "支出计划" in label(text)


def read_plan_header(texts: list[str], i: int) -> tuple[dict[int, str], list[SpendingStep]]:
    """The cells after the 支出计划 label in column ``i``: column → date ("3月底"), and the steps
    when each cell holds its percentage too ("3月底：25%")."""
    plan = {j: one_line(texts[j]) for j in range(i + 1, len(texts)) if texts[j]}
    steps = []
    for by in list(plan.values()):
        m = _PLAN_STEP.match(by)
        if m:
            steps.append(SpendingStep(by=m.group("by"), percent=_pct(m.group("pct"))))
    return plan, steps


def plan_steps(plan: dict[int, str], texts: list[str]) -> list[SpendingStep]:
    """The percentages of the row under a plan header."""
    return [
        SpendingStep(by=by, percent=_pct(texts[j] if j < len(texts) else ""))
        for j, by in plan.items()
    ]


def _pct(text: str) -> Decimal | None:
    """A spending-plan percentage: "25%" or "25" → 25; blank → None."""
    m = _PERCENT.search(text)
    return Decimal(m.group(1)) if m else parse_number(text)

"""Mutation tests: inject one defect into a seed, check, and expect exactly the right finding.

Each case edits one printed line of a seed document (a cell, a digit order, a decimal point, a
元/万元 slip, a dropped row, a copied number). The check must report the named rule at that place
(or, for a dropped row, at its parent) with the named diagnosis, and no new error anywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from tests.conftest import seed_path
from yusuan.check.engine import check, select_rules
from yusuan.check.findings import DocumentReport, Finding
from yusuan.check.registry import all_rules
from yusuan.extract import extract
from yusuan.model import (
    Amount,
    Disclosure,
    Overview,
    Performance,
    Project,
    TableModel,
    TableRow,
    ThreePublic,
)
from yusuan.readers import read_document


@dataclass
class Mutation:
    seed: str
    find: Callable[[list[str]], int]  # index of the line to edit
    old: str
    new: str | None  # None drops the line
    rule: str
    diagnosis: str | None  # words the diagnosis must contain
    at: Callable[[list[str]], int] | None = None  # where the finding must point, default the edit


def line_with(*needles: str, after: str | None = None) -> Callable[[list[str]], int]:
    def find(lines: list[str]) -> int:
        start = next(i for i, ln in enumerate(lines) if after in ln) if after else 0
        return next(i for i in range(start, len(lines)) if all(n in lines[i] for n in needles))

    return find


GP = "一般公共预算财政拨款支出表"
BASIC = "基本支出表"
CASES = {
    "transposed digits in a table cell": Mutation(
        "004", line_with("\t30206\t", after=BASIC), "95.00", "59.00", "T002", "数字颠倒"
    ),
    "decimal point shifted": Mutation(
        "004", line_with("\t30199\t", after=BASIC), "3632.50", "363.25", "T002", "小数点错位"
    ),
    "yuan written for wan yuan": Mutation(
        "004", line_with("\t2040220\t", after=GP), "40.00", "400000", "T003", "元/万元"
    ),
    "changed cell": Mutation(
        "004", line_with("\t2040299\t", after=GP), "71.38", "72.38", "T003", None
    ),
    "dropped row": Mutation(
        "004",
        line_with("\t2040299\t", after=GP),
        "",
        None,
        "T002",
        "漏列下级科目 2040299",
        at=line_with("\t20402\t", after=GP),
    ),
    "number copied from another table": Mutation(
        "004", line_with("项目支出2158.68万元"), "2158.68", "1656.00", "N015", "相同"
    ),
    "transposed digits in the narrative": Mutation(
        "004", line_with("人员经费3632.50万元"), "3632.50", "3623.50", "N016", "数字颠倒"
    ),
    "three-public part changed": Mutation(
        "000", line_with("公务接待费5万元"), "公务接待费5万元", "公务接待费6万元", "N005", None
    ),
    "basic expenditure copied wrong in the narrative": Mutation(
        "003", line_with("基本支出 250.65 万元"), "250.65", "205.65", "N003", "数字颠倒"
    ),
}


def _report(path: Path) -> DocumentReport:
    return check(extract(read_document(path)))


def _key(f: Finding) -> tuple[str, str, str | None]:
    return (f.code, f.message, f.arithmetic)


@pytest.mark.parametrize("name", list(CASES))
def test_mutation_is_found_where_it_was_made(name: str, tmp_path: Path) -> None:
    m = CASES[name]
    src = seed_path(m.seed)
    lines = src.read_text(encoding="utf-8").split("\n")
    i = m.find(lines)
    target = (m.at or m.find)(lines) + 1
    if m.new is None:
        del lines[i]
        if target > i + 1:
            target -= 1
    else:
        assert m.old in lines[i]
        lines[i] = lines[i].replace(m.old, m.new, 1)
    mutated = tmp_path / src.name
    mutated.write_text("\n".join(lines), encoding="utf-8")
    edited = {i + 1, target}

    before = {_key(f) for f in _report(src).findings}
    new = [f for f in _report(mutated).findings if _key(f) not in before]

    hits = [f for f in new if f.code == m.rule and any(loc.line == target for loc in f.locations)]
    assert hits, f"{m.rule} not reported at line {target}: {[(f.code, f.message) for f in new]}"
    if m.diagnosis:
        assert any(m.diagnosis in (f.diagnosis or "") for f in hits), [f.diagnosis for f in hits]
    stray = [
        (f.code, f.message)
        for f in new
        if f.severity == "error" and not any(loc.line in edited for loc in f.locations)
    ]
    assert not stray, f"new errors elsewhere: {stray}"


# --- every identity the catalogue claims ----------------------------------------------------------
# For each rule with an identity: in a document where it holds, change one figure at a time (+1,
# or the decimal point shifted) until the rule reports it. Documents: the seeds, and disclosures
# built in the printed form of the real ones for the identities no seed exercises.


def _built() -> list[Disclosure]:
    from tests.check_build import (
        ASSETS,
        amt,
        disclosure,
        final_summary,
        passages,
        three_columns,
        tp,
    )

    return [
        disclosure(kind="final_accounts", tables=[final_summary("2995.39")]),
        disclosure(tables=[three_columns("2.95")]),
        disclosure(three_public=tp("-4", outbound="0", vehicle_total="-3", reception="-1")),
        disclosure(
            narrative=passages(
                "收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。"
            )
        ),
        disclosure(narrative=passages(ASSETS, section="assets")),
        disclosure(
            kind="final_accounts",
            narrative=passages(
                "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。",
                "年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因：人员减少。",
            ),
        ),
        disclosure(
            performance=Performance(
                projects=[Project(name="项目", total=amt("12.80"), budget=amt("12.80"))]
            )
        ),
        # 支出总表 and "三公" table as 江苏 prints them, with the narrative's figures.
        disclosure(
            overview=Overview(basic=amt("5089.05")),
            three_public=ThreePublic(total=amt("6.5"), reception=amt("1.5")),
            tables=[
                TableModel(
                    kind="expenditure",
                    title="支出预算总表",
                    columns=["合计", "基本支出", "项目支出"],
                    rows=[
                        TableRow(
                            name="合计",
                            values={
                                "合计": amt("7860"),
                                "基本支出": amt("5089.05"),
                                "项目支出": amt("2770.95"),
                            },
                        )
                    ],
                ),
                TableModel(
                    kind="three_public",
                    title="“三公”经费支出表",
                    columns=["合计"],
                    rows=[
                        TableRow(name="合计", values={"合计": amt("6.5")}),
                        TableRow(name="公务接待费", values={"合计": amt("1.5")}),
                    ],
                ),
            ],
        ),
        # 国有资本经营预算支出表 against the 财政拨款收支总表's column.
        disclosure(
            tables=[
                TableModel(
                    kind="fiscal_summary",
                    title="财政拨款收支总表",
                    columns=["收入/金额", "支出/合计", "支出/国有资本经营预算"],
                    rows=[
                        TableRow(
                            name="本年支出合计",
                            side="支出",
                            values={"支出/合计": amt("20"), "支出/国有资本经营预算": amt("20")},
                        )
                    ],
                ),
                TableModel(
                    kind="state_capital",
                    title="国有资本经营预算支出表",
                    columns=["合计"],
                    rows=[TableRow(name="合计", values={"合计": amt("20")})],
                ),
            ]
        ),
    ]


def _amounts(node: object) -> Iterator[Amount]:
    if isinstance(node, Amount):
        yield node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _amounts(getattr(node, name))
    elif isinstance(node, (list, tuple)):
        for x in node:
            yield from _amounts(x)
    elif isinstance(node, dict):
        for x in node.values():
            yield from _amounts(x)


_NUM = re.compile(r"\d+(?:\.\d+)?")


def _mutations(d: Disclosure) -> Iterator[None]:
    """Change one figure at a time; each is put back before the next (and when the caller
    stops early, as the generator is closed)."""
    for a in _amounts(d):
        old = a.value
        try:
            for new in (old + 1, old * 10):
                if new != old:
                    a.value = new
                    yield
        finally:
            a.value = old
    for p in d.narrative:
        text = p.text
        try:
            for m in _NUM.finditer(text):
                whole, dot, frac = m.group(0).partition(".")
                for new in (str(int(whole) + 1), whole + "0"):
                    p.text = text[: m.start()] + new + dot + frac + text[m.end() :]
                    yield
        finally:
            p.text = text


def _fails(d: Disclosure, code: str) -> str:
    report = check(d, select_rules([code]))
    return next(c.status for c in report.coverage if c.code == code)


IDENTITIES = [r.code for r in all_rules() if r.identity]


@pytest.fixture(scope="module")
def pool(seed: Any) -> list[Disclosure]:
    return [seed(p).model_copy(deep=True) for p in ("000", "001", "002", "003", "004")] + _built()


@pytest.mark.parametrize("code", IDENTITIES)
def test_identity_is_guarded_by_a_mutation(pool: list[Disclosure], code: str) -> None:
    holding = [d for d in pool if _fails(d, code) == "passed"]
    assert holding, f"no document where {code}'s identity holds: add one to _built()"
    for d in holding:
        with closing(_mutations(d)) as changes:
            for _ in changes:
                if _fails(d, code) == "failed":
                    return
    raise AssertionError(f"no single-figure change made {code} report anything")

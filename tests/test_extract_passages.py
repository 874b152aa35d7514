"""Facts added for the deeper rules (issue 13): narrative passages, blank pages, and the stated
changes of the "三公" parts. Expected values are read off the printed text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS
from yusuan.blocks import Paragraph, Source
from yusuan.extract.narrative import extract_three_public

REAL = SEEDS.parent / "real"


def three(text: str) -> dict[str, Decimal]:
    tp = extract_three_public([Paragraph(text, Source("x.txt", line=1))])
    return {k: v.value for k, v in tp.changes.items()}


def test_part_changes_after_their_amounts() -> None:
    text = (
        "2024年“三公”经费财政拨款预算数为12.5万元，比上年减少4.6万元。其中：因公出国（境）费0万元，与上年持平；"
        "公务用车购置及运行费8.5万元，比上年减少3万元；公务接待费4万元，比上年增加1万元。"
    )
    tp = extract_three_public([Paragraph(text, Source("x.txt", line=1))])
    assert tp.change is not None and tp.change.value == Decimal("-4.6")
    assert three(text) == {
        "outbound": Decimal(0),
        "vehicle_total": Decimal(-3),
        "reception": Decimal(1),
    }


def test_flat_parts_without_an_amount() -> None:
    text = "与 2019 年相比减少 2.5 万元。其中，因公出国（境）费与 2019 年相比持平，无增减变化；公务用车购置及运维费减少 2 万元。"
    assert three(text)["outbound"] == Decimal(0)


def test_meeting_costs_are_not_the_three_public_change() -> None:
    text = (
        "3．公务接待费预算支出 427.5 万元，与上年预算数持平。会议费预算支出 1305.25 万元，"
        "本年数小于上年预算数 403.75 万元。"
    )
    tp = extract_three_public([Paragraph(text, Source("x.txt", line=1))])
    assert tp.change is None
    assert three(text) == {"reception": Decimal(0)}


def test_narrative_keeps_every_paragraph_with_its_section(seed: Any) -> None:
    d = seed("001")
    doubled = [p for p in d.narrative if "从优待警举措。。" in p.text]
    assert len(doubled) == 1 and doubled[0].source.endswith(":45")
    assert {p.section for p in d.narrative} >= {"performance"}


@pytest.mark.skipif(not (REAL / "sh-ptfinance-2024-dept-final.pdf").exists(), reason="no corpus")
def test_blank_pages_of_a_pdf() -> None:
    from yusuan.pipeline import open as read

    d = read(Path(REAL / "sh-ptfinance-2024-dept-final.pdf"))
    assert [s.rsplit(":", 1)[1] for s in d.blank_pages] == ["p14"]  # only a stray table rule


def test_a_final_accounts_comparison_with_its_budget_is_no_part_change() -> None:
    """决算: "比年初预算减少" and "与年初预算持平" compare with the budget, not with last year
    (N022 would add them to the changes vs last year)."""
    from yusuan.blocks import Paragraph, Source
    from yusuan.extract.narrative import extract_three_public

    text = (
        "“三公”经费决算为12万元，比上年减少2万元。其中：因公出国（境）费0万元，与上年持平；"
        "公务用车购置及运行费9万元，比上年减少2万元；公务接待费3万元，比年初预算减少0.5万元。"
    )
    for said in (text, text.replace("比年初预算减少0.5万元", "与年初预算持平")):
        tp = extract_three_public([Paragraph(said, Source("x.txt", line=1))], "final_accounts")
        assert {k: v.value for k, v in tp.changes.items()} == {"outbound": 0, "vehicle_total": -2}
        assert tp.change is not None and tp.change.value == -2


# Ways disclosures say "no change", each as printed somewhere ("与上年预算数相等": 江苏省检察院
# 2017, "本年数与上年预算数一致": 江苏省委办公厅 2017, "无增减变化": 大城县 2020, "保持不变": 上海万里).
NO_CHANGE = ["持平", "一致", "相等", "无增减", "没有变化", "未发生变化", "无变化", "保持不变"]


@pytest.mark.parametrize("said", NO_CHANGE)
def test_every_way_of_saying_no_change_is_read_everywhere(said: str) -> None:
    from yusuan.extract.narrative import extract_operating_costs
    from yusuan.extract.overview import extract_overview

    def para(text: str) -> list[Paragraph]:
        return [Paragraph(text, Source("x.txt", line=1))]

    parts = (
        f"因公出国（境）费预算支出 110 万元，与上年预算数{said}。公务接待费4万元，比上年增加1万元。"
    )
    assert three(parts) == {"outbound": Decimal(0), "reception": Decimal(1)}
    total = extract_three_public(para(f"2024年“三公”经费预算数为12.5万元，与上年{said}。"))
    assert total.change is not None and total.change.value == 0
    stated = extract_three_public(para(f"“三公”经费预算数为12.5万元。“三公”经费与上年{said}。"))
    assert stated.change is not None and stated.change.value == 0
    costs = extract_operating_costs(para(f"机关运行经费预算50万元。机关运行经费与上年{said}。"))
    assert costs.change is not None and costs.change.value == 0
    overview = extract_overview(para(f"2024年收入预算100.00万元，与上年{said}。"))
    assert overview.changes["income_total"].value == 0


def test_not_the_same_is_not_no_change() -> None:
    """ "统计口径与上年不一致" says the figures cannot be compared, not that they are equal."""
    from yusuan.extract.narrative import extract_operating_costs

    text = "机关运行经费预算50万元。主要原因是本年机关运行经费统计口径与上年不一致。"
    costs = extract_operating_costs([Paragraph(text, Source("x.txt", line=1))])
    assert costs.change is None

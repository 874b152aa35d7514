"""T005–T009 on 决算 summaries, T016 (“三公” tables by column), T017 (序号 that skip or
repeat): a case each rule must find and a close case it must not."""

from __future__ import annotations

from decimal import Decimal

from tests.check_build import disclosure, final_summary, findings, row, status, three_columns
from yusuan.model import (
    Performance,
    Project,
    TableModel,
)

# --- tables ----------------------------------------------------------------------------------------


def test_final_summary_balances() -> None:
    good = disclosure(kind="final_accounts", tables=[final_summary("2995.39")])
    for code in ("T005", "T006", "T007", "T008", "T009"):
        assert status(good, code) == "passed", code
    bad = disclosure(kind="final_accounts", tables=[final_summary("2959.39")])
    assert findings(bad, "T008") and findings(bad, "T009")


def test_T016_three_public_by_column() -> None:
    assert findings(disclosure(tables=[three_columns("2.95")]), "T016") == []
    (f,) = findings(disclosure(tables=[three_columns("3.95")]), "T016")
    assert f.expected == Decimal("2.95")


def test_T017_numbering_skips_and_repeats() -> None:
    c = "支出/合计"
    names = [
        "一、一般公共服务支出",
        "二、外交支出",
        "四、公共安全支出",
        "四、教育支出",
        "五、科学技术支出",
    ]
    t = TableModel(
        kind="fiscal_summary",
        title="财政拨款收支总表",
        columns=[c],
        rows=[row(n, "支出", "1", c) for n in names],
    )
    found = findings(disclosure(tables=[t]), "T017")
    assert [f.message.split("：")[-1] for f in found] == ["序号从 2 跳到 4。", "序号“4”重复。"]
    ok = ["一、一般公共服务支出", "二、外交支出", "三、国防支出", "一、上年结转"]
    t2 = TableModel(
        kind="fiscal_summary",
        title="财政拨款收支总表",
        columns=[c],
        rows=[row(n, "支出", "1", c) for n in ok],
    )
    assert findings(disclosure(tables=[t2]), "T017") == []
    projects = [Project(name=f"项目{n}", title=f"{n}.项目{n}绩效目标表") for n in (1, 2, 3, 5)]
    assert len(findings(disclosure(performance=Performance(projects=projects)), "T017")) == 1


def test_T017_a_misprinted_numeral_is_no_number() -> None:
    c = "支出/合计"
    names = ["一、一般公共服务支出", "二、外交支出", "十十、国防支出", "三、公共安全支出"]
    t = TableModel(
        kind="fiscal_summary",
        title="财政拨款收支总表",
        columns=[c],
        rows=[row(n, "支出", "1", c) for n in names],
    )
    assert findings(disclosure(tables=[t]), "T017") == []


def test_T016_a_column_headed_gongji_is_the_total() -> None:
    # "共计" names the total column as "合计" does (the row rules always read it so).
    t = three_columns("3.95")
    t.columns = [c.replace("合计", "共计") for c in t.columns]
    for r in t.rows:
        r.values = {k.replace("合计", "共计"): v for k, v in r.values.items()}
    (f,) = findings(disclosure(tables=[t]), "T016")
    assert f.expected == Decimal("2.95")

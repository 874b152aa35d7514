"""H: checks against stored disclosures. A SQLite store holds the county's 2023 disclosure
(figures that agree with the changes county_2024.txt states) and two sub-units' 2024
disclosures; each test checks a changed county_2024.txt against it, as ``yusuan check --db``
does."""

from __future__ import annotations

import pytest

from tests.rules.conftest import BASE, Checked, D, Run, base, edit, line_of
from yusuan.check.engine import check
from yusuan.pipeline import open as read
from yusuan.store.db import Store
from yusuan.store.history import StoredHistory
from yusuan.store.loader import store_disclosure
from yusuan.store.region import normalise_name

# 2024 says: 支出 600.00 (+50.00), 基本 300.00 (+20.00), 项目 300.00 (+30.00), 人员 250.00
# (+15.00), 公用 50.00 (+5.00); 机关运行经费 50.00 (+5.00, 2023年 45.00); “三公” 10.00 (−1.00).
LAST_YEAR = """某县公安局2023年部门预算公开说明

第二部分 2023年部门预算情况说明
一、收支预算总体情况
2023年收入预算总额550.00万元，其中：一般公共预算拨款收入480.00万元，政府性基金预算拨款收入70.00万元。
二、支出预算情况
2023年支出预算总额550.00万元，其中：基本支出280.00万元，项目支出270.00万元。基本支出包括人员经费235.00万元和公用经费45.00万元。

2023年部门“三公”经费支出表
单位：万元
项目\t预算数
合计\t11.00
因公出国（境）费\t0.00
公务用车购置及运行费\t8.00
其中：公务用车购置费\t0.00
公务用车运行费\t8.00
公务接待费\t3.00

第三部分 其他重要事项的情况说明
一、机关运行经费
2023年机关运行经费财政拨款预算45.00万元。
二、“三公”经费
2023年“三公”经费预算11.00万元，其中：因公出国（境）费0万元，公务用车购置及运行费8.00万元（其中：公务用车购置费0万元，公务用车运行费8.00万元），公务接待费3.00万元。
"""


def _member(name: str, amount: str) -> str:
    return (
        f"{name}2024年单位预算公开说明\n\n一、收支预算总体情况\n"
        f"2024年收入预算总额{amount}万元，其中：一般公共预算拨款收入{amount}万元。\n"
        f"二、支出预算情况\n2024年支出预算总额{amount}万元，其中：基本支出{amount}万元，项目支出0万元。\n"
    )


MEMBERS = {"某县公安局机关": "450.00", "某县看守所": "150.00"}  # 450.00 + 150.00 = 600.00


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("history")
    url = f"sqlite:///{folder / 'store.db'}"
    files = {"county_2023.txt": LAST_YEAR}
    files.update({f"{n}.txt": _member(n, v) for n, v in MEMBERS.items()})
    with Store(url) as st:
        for name, text in files.items():
            path = folder / name
            path.write_text(text, encoding="utf-8")
            with st.session() as session:
                assert store_disclosure(session, read(path)).status == "loaded"
    return url


@pytest.fixture
def against(store: str, run: Run) -> Run:
    """``run``, checking with the stored history of the document's unit and year (as
    ``yusuan check --db``)."""

    def go(text: str) -> Checked:
        doc = run(text)
        d = doc.disclosure
        key = normalise_name(d.unit.name) if d.unit.name else None
        with Store(store) as st, st.sessions() as session:
            hist = StoredHistory(session, unit_key=key, year=d.year, kind=d.kind, scope=d.scope)
            return Checked(doc.text, d, check(d, history=hist))

    return go


def _passes(doc: Checked, code: str) -> None:
    assert doc.of(code) == [], [(f.message, f.arithmetic) for f in doc.of(code)]
    assert doc.status(code) == "passed"


def _last_year_line(needle: str) -> int:
    return line_of(LAST_YEAR, needle)


def test_H001_stated_change_against_last_year(against: Run) -> None:
    # "比上年增加50.00万元" → 40.00; 2023 published 550.00, so the change is 600.00 − 550.00 = 50.00.
    doc = against(edit(BASE, "支出预算比上年增加50.00万元", "支出预算比上年增加40.00万元"))
    f = doc.one("H001")
    assert f.message == (
        "支出合计“比上年增加 40.00 万元”，但按 2023 年已公开的 550.00 万元计算，实际变化为 50.00 万元。"
    )
    assert [loc.line for loc in f.locations] == [
        line_of(doc.text, "支出预算比上年增加40.00万元"),
        line_of(doc.text, "2024年支出预算总额"),
        _last_year_line("2023年支出预算总额"),
    ]
    assert "county_2023.txt" in str(f.locations[2].source)
    assert (f.expected, f.actual) == (D("50.00"), D("40.00"))
    assert f.arithmetic == "600.00 − 550.00 = 50.00 ≠ 40.00"
    _passes(against(BASE), "H001")


def test_H002_three_public_change_against_last_year(against: Run) -> None:
    # “三公” 10.00, 2023 published 11.00: a decrease of 1.00, stated as 2.00.
    doc = against(edit(BASE, "比上年减少1.00万元", "比上年减少2.00万元"))
    f = doc.one("H002")
    assert f.message == (
        "“三公”经费“比上年减少 2.00 万元”，但按 2023 年已公开的 11.00 万元计算，实际变化为 -1.00 万元。"
    )
    assert [loc.line for loc in f.locations] == [
        line_of(doc.text, "2024年“三公”经费预算"),
        line_of(doc.text, "2024年“三公”经费预算"),
        _last_year_line("2023年“三公”经费预算"),
    ]
    assert (f.expected, f.actual) == (D("-1.00"), D("-2.00"))
    assert f.arithmetic == "10.00 − 11.00 = -1.00 ≠ -2.00"
    _passes(against(BASE), "H002")


def test_H002_last_year_operating_costs_as_published(against: Run) -> None:
    doc = against(edit(BASE, "2023年的机关运行经费45.00万元", "2023年的机关运行经费46.00万元"))
    (f,) = [f for f in doc.of("H002") if f.message.startswith("文中所列上年机关运行经费")]
    assert [loc.line for loc in f.locations] == [
        line_of(doc.text, "2023年的机关运行经费46.00万元"),
        _last_year_line("2023年机关运行经费"),
    ]
    assert f.arithmetic == "2023 年公开 45.00 ≠ 本年文件所列上年数 46.00"


# The 2024 “三公” table with a column for last year's figures, as published in 2023.
WITH_LAST_YEAR = (
    BASE.replace("项目\t预算数\n合计\t10.00", "项目\t上年预算数\t预算数\n合计\t11.00\t10.00")
    .replace("因公出国（境）费\t0.00", "因公出国（境）费\t0.00\t0.00")
    .replace("公务用车购置及运行费\t8.00", "公务用车购置及运行费\t8.00\t8.00")
    .replace("其中：公务用车购置费\t0.00", "其中：公务用车购置费\t0.00\t0.00")
    .replace("公务用车运行费\t8.00", "公务用车运行费\t8.00\t8.00")
    .replace("公务接待费\t2.00", "公务接待费\t3.00\t2.00")
)


def test_H003_last_year_column_against_last_year_table(against: Run) -> None:
    doc = against(edit(WITH_LAST_YEAR, "公务接待费\t3.00\t2.00", "公务接待费\t3.50\t2.00"))
    f = doc.one("H003")
    assert f.message == (
        "《2024年部门“三公”经费支出表》“上年预算数”列与 2023 年公开的《2023年部门“三公”经费支出表》不符。"
    )
    loc = f.locations[0]
    assert (loc.line, loc.row, loc.column) == (
        line_of(doc.text, "公务接待费\t3.50"),
        "公务接待费",
        "上年预算数",
    )
    assert f.locations[1].line == _last_year_line("公务接待费\t3.00")
    assert (f.expected, f.actual) == (D("3.00"), D("3.50"))
    assert f.arithmetic == "2023 年公开 3.00 ≠ 本年表中上年数 3.50"
    _passes(against(WITH_LAST_YEAR), "H003")


# The department lists its two sub-units (stored with 450.00 and 150.00) beside itself.
DEPARTMENT = edit(
    BASE,
    "某县公安局\t行政单位\t正科级\t财政全额拨款",
    "某县公安局\t行政单位\t正科级\t财政全额拨款\n"
    "某县公安局机关\t行政单位\t正科级\t财政全额拨款\n"
    "某县看守所\t行政单位\t副科级\t财政全额拨款",
)


def test_H004_sub_units_add_up_to_the_department(against: Run) -> None:
    # The department says 620.00; its sub-units published 450.00 + 150.00 = 600.00.
    text = edit(DEPARTMENT, "支出预算总额600.00万元", "支出预算总额620.00万元")
    doc = against(text)
    f = doc.one("H004")
    assert f.locations[0].line == line_of(doc.text, "2024年支出预算总额")
    assert (f.expected, f.actual) == (D("600.00"), D("620.00"))
    assert f.arithmetic == "450.00 + 150.00 = 600.00 ≠ 620.00"
    _passes(against(DEPARTMENT), "H004")


def test_H004_waits_for_every_sub_unit(against: Run) -> None:
    doc = against(edit(DEPARTMENT, "某县看守所", "某县拘留所"))
    assert doc.status("H004") == "not_applicable"


def test_H_rules_without_a_store_do_not_apply() -> None:
    codes = ("H001", "H002", "H003", "H004")
    assert {c: base().status(c) for c in codes} == dict.fromkeys(codes, "not_applicable")

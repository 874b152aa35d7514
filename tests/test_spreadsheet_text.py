"""Names in exports come from documents and anonymous uploaders: a value that a spreadsheet
would run as a formula (=, +, -, @, tab, CR first) is written as plain text."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from yusuan.check.findings import CheckReport, DocumentReport, Finding
from yusuan.review import Row, findings_workbook
from yusuan.store.output import Column, Result, to_csv, to_xlsx

LINK = '=HYPERLINK("http://x/")'


def result() -> Result:
    columns = [Column("unit", "单位 unit"), Column("total", "合计 total", numeric=True)]
    rows = [
        {"unit": LINK, "total": Decimal("-5.00")},
        {"unit": "@SUM(A1)", "total": Decimal("1.50")},
        {"unit": "-某单位", "total": None},
    ]
    return Result("公开库", columns, rows)


def test_xlsx_export_writes_formulas_as_text() -> None:
    ws = load_workbook(io.BytesIO(to_xlsx(result()))).active
    assert ws is not None
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [
        (LINK, "s"),
        ("@SUM(A1)", "s"),
        ("-某单位", "s"),
    ]
    assert ws["B2"].value == -5 and ws["B2"].data_type == "n"  # numbers stay numbers


def test_csv_export_quotes_what_would_run() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(result()).lstrip("\ufeff"))))
    assert rows[1] == ["'" + LINK, "-5.00"]  # a negative amount is no formula
    assert rows[2][0] == "'@SUM(A1)" and rows[3][0] == "'-某单位"


def test_the_batch_workbook_writes_formulas_as_text() -> None:
    finding = Finding(code="N002", severity="error", message="数字颠倒")
    doc = DocumentReport(source={"path": LINK + ".txt"}, unit=LINK, findings=[finding])
    row = Row(files=[LINK + ".txt"], unit=LINK, year=2024, kind="budget")
    wb = load_workbook(io.BytesIO(findings_workbook([row], CheckReport(documents=[doc]))))
    strings = [
        c
        for ws in wb.worksheets
        for r in ws.iter_rows()
        for c in r
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert len(strings) >= 4  # 文件汇总: file, unit; 检查结果: file, unit
    assert all(c.data_type == "s" for c in strings)


def test_the_check_sheet_writes_formulas_as_text() -> None:
    from tests.conftest import seed_path
    from yusuan.api import check, open
    from yusuan.check.review import review_workbook

    d = open(seed_path("004"))
    d.unit.name = LINK
    d.source.path = LINK + ".txt"
    wb = load_workbook(io.BytesIO(review_workbook([(d, check(d))])))
    strings = [
        c
        for ws in wb.worksheets
        for r in ws.iter_rows()
        for c in r
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert len(strings) >= 4  # 汇总: unit, file; its sheet: unit, file
    assert all(c.data_type == "s" for c in strings)

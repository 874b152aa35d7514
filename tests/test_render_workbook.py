"""The fill-in workbook: template → filled → imported → checked → rendered, and refused with a
deliberate error."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from yusuan.render import workbook as W

# (code, name, values…) rows per table sheet; amounts in 万元.
SAMPLE_TABLES: dict[str, list[tuple]] = {
    "income": [
        ("204", "公共安全支出", 1000, 1000, 1000),
        ("20402", "公安", 1000, 1000, 1000),
        ("2040201", "行政运行", 800, 800, 800),
        ("2040220", "执法办案", 200, 200, 200),
        ("212", "城乡社区支出", 200, 200, 200),
        ("21208", "国有土地使用权出让收入安排的支出", 200, 200, 200),
        ("2120899", "其他国有土地使用权出让收入安排的支出", 200, 200, 200),
    ],
    "expenditure": [
        ("204", "公共安全支出", 1000, 800, 200),
        ("20402", "公安", 1000, 800, 200),
        ("2040201", "行政运行", 800, 800, None),
        ("2040220", "执法办案", 200, None, 200),
        ("212", "城乡社区支出", 200, None, 200),
        ("21208", "国有土地使用权出让收入安排的支出", 200, None, 200),
        ("2120899", "其他国有土地使用权出让收入安排的支出", 200, None, 200),
    ],
    "general_public_expenditure": [
        ("204", "公共安全支出", 1000, 800, 200),
        ("20402", "公安", 1000, 800, 200),
        ("2040201", "行政运行", 800, 800, None),
        ("2040220", "执法办案", 200, None, 200),
    ],
    "general_public_basic": [
        ("301", "工资福利支出", 700, 700, None),
        ("30101", "基本工资", 700, 700, None),
        ("302", "商品和服务支出", 100, None, 100),
        ("30201", "办公费", 100, None, 100),
    ],
    "government_fund": [
        ("212", "城乡社区支出", 200, None, 200),
        ("21208", "国有土地使用权出让收入安排的支出", 200, None, 200),
        ("2120899", "其他国有土地使用权出让收入安排的支出", 200, None, 200),
    ],
}


def fill_sample(path: Path, profile: str = "hebei", year: int = 2024) -> Path:
    """A complete, consistent workbook for a small unit."""
    W.write_template(path, year, profile, "示范市公安局")
    wb = load_workbook(path)
    ws = wb[W.UNIT]
    ws["B4"] = "901001"
    head = next(r for r in range(1, 30) if ws.cell(r, 2).value == "单位性质")
    for j, v in enumerate(["示范市公安局", "行政单位", "正处级", "财政拨款"], 1):
        ws.cell(head + 1, j, v)
    ws = wb[W.DUTIES]
    for i, t in enumerate(
        ["预防、制止和侦查违法犯罪活动。", "维护社会治安秩序。", "管理户政、国籍、出入境事务。"], 5
    ):
        ws.cell(i, 2, t)
    specs = W.table_specs()
    for kind, rows in SAMPLE_TABLES.items():
        ws = wb[specs[kind].name]
        for i, (code, name, *values) in enumerate(rows):
            r = W.FIRST + i
            ws.cell(r, 1, code)
            ws.cell(r, 2, name)
            for j, v in enumerate(values):
                ws.cell(r, 3 + j, v)
    ws = wb[specs["income_expenditure_summary"].name]
    ws.cell(W.TOTAL_ROW + 0, 2, 1000)  # 一、一般公共预算拨款收入
    ws.cell(W.TOTAL_ROW + 1, 2, 200)  # 二、政府性基金预算拨款收入
    ws.cell(W.TOTAL_ROW + 3, 4, 1000)  # 四、公共安全支出
    ws.cell(W.TOTAL_ROW + 10, 4, 200)  # 十一、城乡社区支出
    ws = wb[specs["fiscal_summary"].name]
    ws.cell(W.TOTAL_ROW + 0, 2, 1000)
    ws.cell(W.TOTAL_ROW + 1, 2, 200)
    for c, v in ((4, 1000), (5, 1000)):
        ws.cell(W.TOTAL_ROW + 3, c, v)
    for c, v in ((4, 200), (6, 200)):
        ws.cell(W.TOTAL_ROW + 10, c, v)
    ws = wb[specs["three_public"].name]
    ws.cell(W.TOTAL_ROW + 2, 3, 5)  # 公务接待费, 一般公共预算
    ws.cell(W.TOTAL_ROW + 4, 3, 10)  # 公务用车运行维护费
    ws = wb[W.FACTS_SHEET]
    rows = {f.key: 4 + i for i, f in enumerate(W.FACTS)}
    ws.cell(rows["income_total"], 3, 950)
    ws.cell(rows["operating_costs"], 3, 110)
    ws.cell(rows["tp_total"], 3, 18)
    ws.cell(rows["tp_reason"], 2, "主要原因是严格落实过紧日子要求，压减公务接待和公务用车支出。")
    ws.cell(rows["assets_planned"], 2, 20)
    ws.cell(rows["other"], 2, "本单位无其他需要说明的事项。")
    ws = wb[W.PROCUREMENT]
    for j, v in enumerate(["执法办案经费", 200, "执法记录仪", "A02100000", "台", 10, 2], 1):
        ws.cell(5, j, v)
    ws = wb[W.ASSETS]
    ws["B6"], ws["D6"] = None, 500
    ws["B7"], ws["C7"], ws["D7"] = 2, "栋", 480
    ws["B8"], ws["C8"], ws["D8"] = 50, "台", 120
    ws["B9"], ws["C9"], ws["D9"] = 10, "辆", 90
    ws = wb[W.DEPARTMENT]
    ws["B3"] = "全面履行公安机关职责，维护社会治安大局持续稳定。"
    ws["A6"], ws["B6"], ws["C6"] = (
        "严厉打击违法犯罪",
        "依法打击各类违法犯罪活动，提升破案率。",
        "刑事案件破案率不低于上年。",
    )
    ws["A28"], ws["A29"] = (
        "完善制度建设，落实预算绩效管理制度。",
        "加强支出管理，确保支出进度达标。",
    )
    ws = wb[W.PROJECTS]
    project = ["执法办案经费", "", "执法办案", 200, 200, None, 200, "2024-01-01", "2024-12-31",
               "张三", "李四", "0311-1234567", "保障执法办案工作顺利开展。", "用于执法办案支出。",
               "公安业务经费保障标准。", "按季度支付。"]  # fmt: skip
    for j, v in enumerate(project, 1):
        ws.cell(5, j, v or None)
    ws = wb[W.INDICATORS]
    indicators = [
        ["执法办案经费", "产出指标", "数量指标", "办理案件数", "全年办理刑事、治安案件数", "≥", 1000, "件", "工作计划"],
        ["执法办案经费", "产出指标", "质量指标", "案件办结率", "办结案件占受理案件比例", "≥", 95, "%", "上级要求"],
        ["执法办案经费", "效益指标", "社会效益指标", "群众安全感", "辖区群众安全感", "定性", "明显提升", None, "调查"],
        ["执法办案经费", "满意度指标", "服务对象满意度指标", "群众满意度", "群众对公安工作满意度", "≥", 90, "%", "满意度调查"],
    ]  # fmt: skip
    for i, row in enumerate(indicators, 5):
        for j, v in enumerate(row, 1):
            ws.cell(i, j, v)
    ws = wb[W.GLOSSARY]
    ws["A5"], ws["B5"] = "一般公共预算拨款收入", "指本级财政当年拨付的资金。"
    ws["A6"], ws["B6"] = "“三公”经费", "指因公出国（境）费、公务用车购置及运行维护费和公务接待费。"
    wb.save(path)
    return path


# --- tests -----------------------------------------------------------------------------------

import typer  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from yusuan.check.engine import check  # noqa: E402
from yusuan.cli.render import register  # noqa: E402
from yusuan.render.importer import import_workbook  # noqa: E402


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:  # a group, so that commands are addressed by name
        """test app"""

    return app


runner = CliRunner()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fill_sample(tmp_path_factory.mktemp("wb") / "填报.xlsx")


def test_template_has_one_sheet_per_part(tmp_path: Path) -> None:
    out = tmp_path / "填报.xlsx"
    result = runner.invoke(
        _app(), ["template", "--year", "2024", "--profile", "henan", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    names = wb.sheetnames
    for sheet in (W.INSTRUCTIONS, W.UNIT, W.DUTIES, W.FACTS_SHEET, W.PROCUREMENT, W.ASSETS,
                  W.DEPARTMENT, W.PROJECTS, W.INDICATORS, W.GLOSSARY):  # fmt: skip
        assert sheet in names
    assert names[0] == W.INSTRUCTIONS
    for spec in W.table_specs().values():
        assert spec.name in names
    assert wb[W.HIDDEN].sheet_state == "veryHidden"
    assert W.template_profile(out) == "henan"
    income = wb["收入总表"]
    assert income.cell(W.TOTAL_ROW, 3).value.startswith("=SUMIF(")  # totals are formulas
    assert income.cell(3, 1).value == "科目编码"
    lists = [dv.formula1 for dv in income.data_validations.dataValidation]
    assert any(f.startswith(f"'{W.CODES}'!$A$2") for f in lists)  # codes drop-down
    ind = [dv.formula1 for dv in wb[W.INDICATORS].data_validations.dataValidation]
    assert '"≥,≤,=,>,<,定性"' in ind and any("%" in f for f in ind)
    assert "2024年部门收入总体情况表" == income.cell(1, 1).value  # the profile's title


def test_filled_workbook_imports_without_errors(filled: Path) -> None:
    d = import_workbook(filled)
    assert d.unit.name == "示范市公安局" and d.unit.code == "901001" and d.year == 2024
    ov = d.overview
    assert ov.income_total.value == Decimal("1200.00")  # type: ignore[union-attr]
    assert ov.basic.value == Decimal("800.00") and ov.personnel.value == Decimal("700.00")  # type: ignore[union-attr]
    assert ov.changes["total"].value == Decimal("250.00")
    assert d.three_public.total.value == Decimal("15.00")  # type: ignore[union-attr]
    assert d.three_public.change.value == Decimal("-3.00")  # type: ignore[union-attr]
    assert d.procurement.items[0].amount.value == Decimal("20.00")  # type: ignore[union-attr]
    assert [t.kind for t in d.tables if t.empty] == ["state_capital", "economic_summary"]
    assert len(d.performance.projects[0].indicators) == 4
    errors = [f for f in check(d).findings if f.severity == "error"]
    assert not errors, [f.message for f in errors]


@pytest.mark.parametrize("fmt", ["txt", "html", "docx", "xlsx", "pdf"])
@pytest.mark.parametrize("profile", ["hebei", "henan", "national"])
def test_workbook_round_trip(tmp_path: Path, filled: Path, profile: str, fmt: str) -> None:
    from tests.test_render_roundtrip import pdf_missing, reader_missing
    from yusuan.extract import extract
    from yusuan.readers import read_document
    from yusuan.render import render
    from yusuan.render.facts import differences

    why = reader_missing(fmt) or (pdf_missing() if fmt == "pdf" else None)
    if why:
        pytest.skip(why)
    if fmt == "pdf" and profile != "national":
        pytest.skip("PDF of the sample: national profile only (time)")
    d = import_workbook(filled)
    out = tmp_path / f"out.{fmt}"
    out.write_bytes(render(d, fmt, profile))
    diffs = differences(d, extract(read_document(out)), line_breaks=fmt != "pdf")
    assert not diffs, "\n".join(diffs)


def test_deliberate_error_is_refused_then_fixed_renders(tmp_path: Path) -> None:
    book = fill_sample(tmp_path / "填报.xlsx")
    wb = load_workbook(book)
    ws = wb["支出总表"]
    ws.cell(W.FIRST + 1, 3, 1100)  # 20402 公安 合计: 1100 ≠ 800 + 200 and ≠ its 项 rows
    wb.save(book)
    out = tmp_path / "公开.html"
    result = runner.invoke(_app(), ["render", str(book), "--to", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "错误" in result.output and "1100" in result.output
    assert not out.exists()
    forced = runner.invoke(_app(), ["render", str(book), "--to", "html", "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert "未经检查" in out.read_text(encoding="utf-8")
    out.unlink()
    wb = load_workbook(book)
    wb["支出总表"].cell(W.FIRST + 1, 3, 1000)  # fixed
    wb.save(book)
    result = runner.invoke(_app(), ["render", str(book), "--to", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "未经检查" not in html and "示范市公安局" in html
    assert "2024年预算收入1200.00万元" in html  # the sentence comes from the figures


def test_bad_amount_is_one_line_exit_2(tmp_path: Path) -> None:
    book = fill_sample(tmp_path / "填报.xlsx")
    wb = load_workbook(book)
    wb["支出总表"].cell(W.FIRST, 3, "一千")
    wb.save(book)
    result = runner.invoke(_app(), ["render", str(book), "--to", "txt"])
    assert result.exit_code == 2
    assert "不是数字" in result.output and "Traceback" not in result.output


def test_template_bad_arguments(tmp_path: Path) -> None:
    result = runner.invoke(_app(), ["template", "--year", "2024", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and ".xlsx" in result.output
    result = runner.invoke(_app(), ["template", "--year", "24", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2

"""One order for findings everywhere, and locations in words (never coordinates)."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from rich.console import Console

from yusuan.check import report as rep
from yusuan.check.findings import CheckReport, DocumentReport, Finding, Location
from yusuan.check.locate import in_words, parse, positions
from yusuan.check.order import ordered, runs, sections


def f(code: str, severity: str, section: str | None, msg: str = "m") -> Finding:
    return Finding(code=code, severity=severity, message=msg, section=section)  # type: ignore[arg-type]


MIXED = [
    f("P003", "info", "绩效目标", "p3a"),
    f("C004", "info", "收入表", "c4"),
    f("P010", "error", "绩效目标", "p10"),
    f("P003", "info", "绩效目标", "p3b"),
    f("P011", "warning", "绩效目标", "p11"),
    f("N005", "warning", None, "n5"),
    f("P001", "error", "绩效目标", "p1"),
]


def test_errors_first_within_and_across_sections() -> None:
    got = sections(MIXED)
    assert [s.name for s in got] == ["绩效目标", "其他", "收入表"]
    assert [x.message for x in got[0].findings] == ["p1", "p10", "p11", "p3a", "p3b"]
    assert got[0].counts == {"error": 2, "warning": 1, "info": 2}
    assert [x.message for x in ordered(MIXED)] == ["p1", "p10", "p11", "p3a", "p3b", "n5", "c4"]


def test_runs_group_one_rule_in_a_row() -> None:
    grouped = runs(sections(MIXED)[0].findings)
    assert [[x.message for x in r] for r in grouped] == [["p1"], ["p10"], ["p11"], ["p3a", "p3b"]]


def test_reports_share_the_order() -> None:
    report = CheckReport(documents=[DocumentReport(source={"path": "a.txt"}, findings=MIXED)])
    wb = load_workbook(io.BytesIO(rep.to_xlsx(report)))
    messages = [row[6] for row in wb["检查结果"].iter_rows(min_row=2, values_only=True)]
    assert messages == ["p1", "p10", "p11", "p3a", "p3b", "n5", "c4"]
    html = rep.to_html(report)
    assert html.index("p1<") < html.index("p10<") < html.index("p3a<") < html.index("c4<")
    console = Console(file=io.StringIO(), width=200)
    rep.print_terminal(report, console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert text.index("p1") < text.index("p11") < text.index("p3a") < text.index("n5")


def test_a_pdf_cell_in_words_never_shows_its_box() -> None:
    src = "/up/预算.pdf:p19:57,127,115,141"
    loc = Location.at(src, table="一般公共预算支出表", row="2010507 专项普查活动", column="合计")
    assert parse(src).box == (57, 127, 115, 141)  # type: ignore[union-attr]
    assert in_words(loc) == "第19页 《一般公共预算支出表》 “2010507 专项普查活动”行 “合计”列"
    assert (
        in_words(loc, (2, 4, 1))
        == "第19页 表3《一般公共预算支出表》 第5行（2010507 专项普查活动） 第2列（合计）"
    )
    assert "57" not in in_words(Location.at(src))


def test_other_formats_in_words() -> None:
    assert in_words(Location.at("a.txt:40", text="5089.05")) == "第40行 “5089.05”"
    assert in_words(Location.at("a.pdf:p3:12", text="5089.05")) == "第3页 第12行 “5089.05”"
    xlsx = Location.at("a.xlsx:收入总表:B7", table="收入总表", row="合计")
    assert in_words(xlsx) == "工作表“收入总表” B7单元格 《收入总表》 “合计”行"
    assert in_words(Location.at("a.docx [r3c2]", table="T")) == "《T》 第3行 第2列"
    assert in_words(Location.at("a.docx:12", text="9")) == "第12段 “9”"


def test_positions_from_the_block_model() -> None:
    from yusuan.blocks.model import Cell, Document, Paragraph, Source, Table

    def cell(t: int, r: int, c: int) -> Cell:
        return Cell("1", Source("a.pdf", page=2, cell=f"{c},{r},{c + 1},{r + 1}", table=t))

    doc = Document(
        "a.pdf",
        "pdf",
        "0",
        [
            Paragraph("x", Source("a.pdf", line=1, page=1)),
            Table([[cell(0, 0, 0)]], Source("a.pdf", page=1, cell="0,0,9,9", table=0)),
            Table(
                [[cell(1, 0, 0), cell(1, 0, 1)], [cell(1, 1, 0), cell(1, 1, 1)]],
                Source("a.pdf", page=2, cell="0,0,9,9", table=1),
            ),
        ],
    )
    assert positions(doc)["a.pdf:p2:1,1,2,2"] == (1, 1, 1)

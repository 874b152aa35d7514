"""The text reader turns both exported table layouts into the same block model."""

from yusuan.blocks import Cell, Paragraph, Source, Table
from yusuan.readers.text import parse_text

CELL_PER_LINE = """某某局2024年部门预算信息公开
部门机构设置情况
\t单位名称
\t单位性质

\t某某局
\t行政单位



二、部门预算安排的总体情况
"""

TAB_ROWS = """## 单位预算支出总表
序号\t科目编码\t科目名称\t合计
1\t\t合计\t5983.18
2\t204\t公共安全支出\t4327.18
"""


def test_cell_per_line_rows_are_split_by_blank_lines() -> None:
    blocks = parse_text(CELL_PER_LINE, "x.txt")
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert tables[0].texts() == [["单位名称", "单位性质"], ["某某局", "行政单位"]]
    # Each cell knows its line in the file.
    assert tables[0].rows[1][1].source.line == 7
    paras = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert paras == [
        "某某局2024年部门预算信息公开",
        "部门机构设置情况",
        "二、部门预算安排的总体情况",
    ]


def test_tab_rows_and_markdown_heading() -> None:
    blocks = parse_text(TAB_ROWS, "y.txt")
    heading, table = blocks
    assert isinstance(heading, Paragraph) and heading.heading_level == 2
    assert heading.text == "单位预算支出总表"
    assert isinstance(table, Table)
    assert table.texts()[2] == ["2", "204", "公共安全支出", "4327.18"]
    assert table.rows[2][3].source.line == 4 and table.rows[2][3].source.col == 3


def test_multi_line_cell_continues_without_tab_and_inside_quotes() -> None:
    text = '\t绩效目标\n\t1."打击违法犯罪\n\n\n维护社会稳定"\n\n\t一级指标\n\t二级指标\n'
    (table,) = parse_text(text, "z.txt")
    assert isinstance(table, Table)
    assert table.texts() == [["绩效目标", "1.打击违法犯罪\n维护社会稳定"], ["一级指标", "二级指标"]]


def test_wrapped_cell_line_joins_previous_cell() -> None:
    text = "\t项目\n\t治安、刑事案件处理及时性（小时\n）\n\t下一格\n"
    (table,) = parse_text(text, "w.txt")
    assert isinstance(table, Table)
    assert table.texts() == [["项目", "治安、刑事案件处理及时性（小时\n）", "下一格"]]


def test_markup_and_bookmarks_are_removed() -> None:
    text = "[bookmark: _Toc1]<b>绩效目标</b>\t**1.目标**\n"
    (table,) = parse_text(text, "m.txt")
    assert isinstance(table, Table)
    assert table.texts() == [["绩效目标", "1.目标"]]


def test_empty_tables_are_dropped() -> None:
    assert parse_text("\t\n\n\t\n", "e.txt") == []


def test_cell_line_with_inner_tabs_stays_in_its_row() -> None:
    # Hebei exports print some 指标值 cells as "\t符号>=\t值95.00\t单位%" inside a one-cell-per-line
    # table; that line is one cell of the current row, not a tab-separated table of its own.
    text = "\t一级指标\n\t指标值\n\t依据\n\n\t满意度指标\n\t符号>=\t值95.00\t单位%\n\t调查问卷\n\n\t下一行\n"
    (table,) = parse_text(text, "t.txt")
    assert isinstance(table, Table)
    assert table.texts() == [
        ["一级指标", "指标值", "依据"],
        ["满意度指标", "符号>= 值95.00 单位%", "调查问卷"],
        ["下一行"],
    ]


def test_tab_table_after_a_cell_table_still_starts_a_new_table() -> None:
    text = "\t单位名称\n\t某某局\n\n序号\t名称\n1\t合计\n"
    tables = [b for b in parse_text(text, "n.txt") if isinstance(b, Table)]
    assert [t.texts() for t in tables] == [
        [["单位名称", "某某局"]],
        [["序号", "名称"], ["1", "合计"]],
    ]


def test_row_split_by_blank_lines_inside_a_cell_is_rejoined() -> None:
    # A cell ending in blank lines ("成本控制率\n\n") splits its row in the export.
    text = (
        "\t一级\n\t二级\n\t三级\n\t值\n\n"
        "\t产出\n\t数量\n\t人数\n\t≥5人\n\n"
        "\t\n\t成本\n\t成本控制率\n\n\n\t≤100%\n\n"
        "\t效益\n\t社会\n\t安全感\n\t≥90%\n"
    )
    (table,) = parse_text(text, "s.txt")
    assert isinstance(table, Table)
    assert table.texts()[2] == ["", "成本", "成本控制率", "≤100%"]
    assert [len(r) for r in table.rows] == [4, 4, 4, 4]
    assert table.rows[2][3].source.row == 2 and table.rows[2][3].source.col == 3


def test_cell_sources_are_built_on_demand_and_kept() -> None:
    text = "\t单位名称\n\t某某局\n\n序号\t名称\n1\t合计\n"
    cell_table, tab_table = [b for b in parse_text(text, "p.txt") if isinstance(b, Table)]
    cell = cell_table.rows[0][1]
    assert cell.source == Source("p.txt", line=2, table=0, row=0, col=1)
    assert cell.source is cell.source  # built once: later edits stick
    cell.source.file = "renamed.txt"
    assert str(cell.source) == "renamed.txt:2 [r1c2]"
    assert str(tab_table.rows[1][1].source) == "p.txt:5 [r2c2]"
    assert tab_table.rows[1][1] == Cell("合计", Source("p.txt", 5, table=1, row=1, col=1))
    assert repr(Cell("x", Source("f"))) == f"Cell(text='x', source={Source('f')!r})"


def test_table_text_joins_cells_by_tabs_and_rows_by_new_lines() -> None:
    text = '序号\t名称\n1\t" 合计 "\n\n\t单位名称\n\t某某局\n\n\t单位性质\n\t行政\n'
    tables = [b for b in parse_text(text, "j.txt") if isinstance(b, Table)]
    for table in tables:
        assert table.text() == "\n".join("\t".join(row) for row in table.texts())
    assert tables[0].text() == "序号\t名称\n1\t合计"
    assert Table([[Cell("a", Source("f"))], [Cell("b", Source("f"))]], Source("f")).text() == "a\nb"


def test_a_cell_always_knows_where_it_is() -> None:
    import pytest

    with pytest.raises(TypeError):
        Cell("x")

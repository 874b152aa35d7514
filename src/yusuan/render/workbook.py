"""The fill-in workbook (``yusuan template``): one sheet per part of the disclosure.

Preparers fill amounts in the table sheets; totals are formulas (a 合计 row sums the 类 rows,
二 side totals sum their side) and the 说明数据 sheet takes its figures from the tables by formula,
so the narrative generated from it cannot disagree with them. Drop-downs offer the
classification codes, units of measure, indicator levels and operators. The hidden sheet
``_yusuan`` marks the file as a yusuan workbook (profile, year, layout version) for the importer.

The sheet layout is described once here (``SHEETS``, ``FACTS``); :mod:`importer` reads by it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.render.profile import Profile, TableSpec, load_profile, table_specs
from yusuan.vocab import OVERVIEW_LABELS, THREE_PUBLIC_LABELS

MARK = "yusuan-template"
VERSION = 1
DATA_ROWS = 300  # rows offered for table data
FIRST = 6  # first data row of a table sheet (rows 1–4 title/unit/header, 5 the 合计 row)
TOTAL_ROW = 5

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_CALC_FILL = PatternFill("solid", fgColor="F2F2F2")  # formulas: filled in by the workbook
_INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")  # to be filled by the preparer
_TITLE = Font(name="黑体", size=14, bold=True)
_BOLD = Font(name="黑体", size=10, bold=True)
_TEXT = Font(name="宋体", size=10)
_MONEY = "#,##0.00"

NATURE = ["行政单位", "事业单位", "参照公务员法管理事业单位", "其他"]
FUNDING = ["财政拨款", "财政补助", "经费自理"]
LEVEL1 = ["产出指标", "效益指标", "满意度指标", "成本指标"]
LEVEL2 = [
    "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
    "生态效益指标", "可持续影响指标", "服务对象满意度指标",
]  # fmt: skip
OPERATORS = ["≥", "≤", "=", ">", "<", "定性"]
MEASURES = [
    "%", "个", "次", "人", "人次", "件", "项", "台", "套", "辆", "天", "月", "年", "小时",
    "万元", "元", "平方米", "公里", "份", "户", "起", "条",
]  # fmt: skip

# Sheet names (the importer finds sheets by these).
INSTRUCTIONS = "填报说明"
UNIT = "单位信息"
DUTIES = "部门职责"
FACTS_SHEET = "说明数据"
PROCUREMENT = "政府采购"
ASSETS = "国有资产"
DEPARTMENT = "部门整体绩效"
PROJECTS = "项目"
INDICATORS = "绩效指标"
GLOSSARY = "名词解释"
CODES = "代码表"
HIDDEN = "_yusuan"

PROJECT_COLUMNS = [
    ("项目名称", "name"),
    ("项目编码", "code"),
    ("资金用途", "purpose"),
    ("本年预算数（万元）", "budget"),
    ("其中：财政资金", "fiscal"),
    ("其他资金", "other"),
    ("项目总金额", "total"),
    ("开始时间", "start"),
    ("结束时间", "end"),
    ("项目负责人", "owner"),
    ("联系人", "contact"),
    ("联系电话", "phone"),
    ("年度绩效目标", "goal"),
    ("项目概况", "项目概况"),
    ("立项依据", "立项依据"),
    ("项目实施计划", "项目实施计划"),
]
INDICATOR_COLUMNS = [
    "项目名称", "一级指标", "二级指标", "三级指标", "绩效指标描述", "运算符", "指标值",
    "计量单位", "指标值确定依据",
]  # fmt: skip
PROCUREMENT_COLUMNS = [
    "项目名称", "项目预算（万元）", "采购物品名称", "政府采购目录序号", "计量单位", "数量",
    "单价（万元）", "采购金额（万元）",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fact:
    """A row of the 说明数据 sheet: label, the formula (or None: typed in), 上年 allowed."""

    key: str
    label: str
    prior: bool = False


FACTS: list[Fact] = [
    *(Fact(k, label, prior=k != "expenditure_total") for k, label in OVERVIEW_LABELS.items()),
    Fact("operating_costs", "机关运行经费", prior=True),
    Fact("tp_total", THREE_PUBLIC_LABELS["total"], prior=True),
    *(
        Fact(f"tp_{k}", THREE_PUBLIC_LABELS[k])
        for k in ("outbound", "reception", "vehicle_total", "vehicle_operation", "vehicle_purchase")
    ),
    Fact("procurement", "政府采购预算"),
    Fact("assets_total", "上年末固定资产金额"),
    Fact("assets_planned", "本年拟购置固定资产"),
    Fact("assets_as_of", "固定资产截止日期"),
    Fact("tp_reason", "“三公”经费增减原因"),
    Fact("other", "其他需要说明的事项"),
]
SOURCES_ROW = 30  # income sources start here on the 说明数据 sheet (one per 收支总表 income row)


def _codes() -> list[tuple[str, str, str]]:
    text = (resources.files("yusuan.check.data") / "codes.csv").read_text(encoding="utf-8")
    return [(r["code"], r["name"], r["system"]) for r in csv.DictReader(io.StringIO(text))]


def table_sheet(spec: TableSpec) -> str:
    return spec.name


def _style_head(c: object) -> None:
    c.font = _BOLD  # type: ignore[attr-defined]
    c.fill = _HEAD_FILL  # type: ignore[attr-defined]
    c.border = _BOX  # type: ignore[attr-defined]
    c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)  # type: ignore[attr-defined]


def _title(ws: Worksheet, text: str, width: int, note: str | None = None) -> None:
    ws.cell(1, 1, text).font = _TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 2))
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.row_dimensions[1].height = 26
    if note:
        ws.cell(2, 1, note).font = Font(name="宋体", size=9, color="666666")


def _leaves(columns: tuple[str, ...]) -> list[list[str]]:
    return [c.split("/") for c in columns]


def _header(ws: Worksheet, row: int, col: int, paths: list[list[str]]) -> None:
    """Two header rows: parents merged over their children, leaves merged down."""
    for j, path in enumerate(paths):
        c = col + j
        if len(path) == 1:
            ws.cell(row, c, path[0])
            ws.merge_cells(start_row=row, start_column=c, end_row=row + 1, end_column=c)
        else:
            ws.cell(row + 1, c, path[-1])
            if j == 0 or paths[j - 1][:-1] != path[:-1]:
                k = j
                while k + 1 < len(paths) and paths[k + 1][:-1] == path[:-1]:
                    k += 1
                ws.cell(row, c, "/".join(path[:-1]))
                if k > j:
                    ws.merge_cells(start_row=row, start_column=c, end_row=row, end_column=col + k)
        for r in (row, row + 1):
            _style_head(ws.cell(r, c))


def _coded_sheet(ws: Worksheet, spec: TableSpec, title: str, codes_ref: str) -> None:
    paths = _leaves(spec.columns)
    width = 2 + len(paths)
    _title(
        ws,
        title,
        width,
        "单位：万元　填写说明：每行一个科目（类、款、项均可填），合计行自动计算（按“类”级科目汇总）。",
    )
    for c, label in ((1, "科目编码"), (2, "科目名称")):
        ws.cell(3, c, label)
        ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
        _style_head(ws.cell(3, c))
        _style_head(ws.cell(4, c))
    _header(ws, 3, 3, paths)
    last = FIRST + DATA_ROWS - 1
    ws.cell(TOTAL_ROW, 2, "合计").font = _BOLD
    for j in range(len(paths)):
        col = get_column_letter(3 + j)
        cell = ws.cell(
            TOTAL_ROW, 3 + j, f'=SUMIF($A${FIRST}:$A${last},"???",{col}{FIRST}:{col}{last})'
        )
        cell.number_format = _MONEY
        cell.fill = _CALC_FILL
        cell.font = _BOLD
    for c in range(1, width + 1):
        ws.cell(TOTAL_ROW, c).border = _BOX
    for r in range(FIRST, last + 1):
        ws.cell(r, 1).number_format = "@"  # codes are text: "20402", never 20402.0
        ws.cell(r, 2, f'=IFERROR(VLOOKUP(A{r},{codes_ref},2,FALSE),"")')
        for j in range(len(paths)):
            ws.cell(r, 3 + j).number_format = _MONEY
        if r < FIRST + 40:
            for c in range(1, width + 1):
                ws.cell(r, c).border = _BOX
    dv = DataValidation(
        type="list",
        formula1=codes_ref.replace(":$B$", ":$A$"),  # the code column of the lookup range
        allow_blank=True,
        errorStyle="warning",
        error="不在常用科目代码表中，请核对科目编码。",
        errorTitle="科目编码",
        prompt="选择或输入功能/经济分类科目编码；科目名称自动带出，可改写。",
        promptTitle="科目编码",
    )
    dv.add(f"A{FIRST}:A{last}")
    ws.add_data_validation(dv)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 34
    for j in range(len(paths)):
        ws.column_dimensions[get_column_letter(3 + j)].width = 14
    ws.freeze_panes = f"C{FIRST}"


def two_sided_rows(spec: TableSpec) -> int:
    return max(len(spec.income), len(spec.expenditure))


def _is_year_total(label: str) -> bool:
    return "本年" in label and "合计" in label


def _two_sided_sheet(ws: Worksheet, spec: TableSpec, title: str) -> None:
    left = [c for c in spec.columns if c.startswith("收入")]
    right = [c for c in spec.columns if not c.startswith("收入")]
    width = 2 + len(left) + len(right)
    _title(
        ws,
        title,
        width,
        "单位：万元　填写说明：在各收入、支出项目后填写金额；合计、总计行自动计算。",
    )
    ws.cell(3, 1, "收入")
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=1 + len(left))
    ws.cell(3, 2 + len(left), "支出")
    ws.merge_cells(start_row=3, start_column=2 + len(left), end_row=3, end_column=width)
    ws.cell(4, 1, "项目")
    for j, label in enumerate(left):
        ws.cell(4, 2 + j, label.split("/", 1)[1])
    ws.cell(4, 2 + len(left), "项目")
    for j, label in enumerate(right):
        ws.cell(4, 3 + len(left) + j, label.split("/", 1)[1])
    for r in (3, 4):
        for c in range(1, width + 1):
            _style_head(ws.cell(r, c))
    for labels, name_col, cols in (
        (spec.income, 1, range(2, 2 + len(left))),
        (spec.expenditure, 2 + len(left), range(3 + len(left), width + 1)),
    ):
        year_total: int | None = None
        for i, label in enumerate(labels):
            r = TOTAL_ROW + i
            ws.cell(r, name_col, label).font = _TEXT
            for c in cols:
                cell = ws.cell(r, c)
                cell.number_format = _MONEY
                letter = get_column_letter(c)
                if _is_year_total(label):
                    cell.value = f"=SUM({letter}{TOTAL_ROW}:{letter}{r - 1})"
                    year_total = r
                elif "总计" in label and year_total is not None:
                    cell.value = f"=SUM({letter}{year_total}:{letter}{r - 1})"
                if cell.value is not None:
                    cell.fill = _CALC_FILL
                    cell.font = _BOLD
                    ws.cell(r, name_col).font = _BOLD
    for r in range(TOTAL_ROW, TOTAL_ROW + two_sided_rows(spec)):
        for c in range(1, width + 1):
            ws.cell(r, c).border = _BOX
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions[get_column_letter(2 + len(left))].width = 30
    for c in list(range(2, 2 + len(left))) + list(range(3 + len(left), width + 1)):
        ws.column_dimensions[get_column_letter(c)].width = 14


def _rows_sheet(ws: Worksheet, spec: TableSpec, title: str) -> None:
    """A table of fixed rows ("三公" 经费): labels given, amounts filled in by fund."""
    paths = _leaves(spec.columns)
    width = 1 + len(paths)
    _title(
        ws,
        title,
        width,
        "单位：万元　填写说明：按资金性质填写各项金额；合计列、合计行和公务用车小计自动计算。",
    )
    ws.cell(3, 1, "项目")
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    _style_head(ws.cell(3, 1))
    _style_head(ws.cell(4, 1))
    _header(ws, 3, 2, paths)
    for i, label in enumerate(spec.rows):
        r = TOTAL_ROW + i
        ws.cell(r, 1, label).font = _TEXT
        for j in range(len(paths)):
            c = 2 + j
            letter = get_column_letter(c)
            cell = ws.cell(r, c)
            cell.number_format = _MONEY
            if i == 0:  # 合计 = 出国 + 接待 + 公务用车
                cell.value = f"={letter}{r + 1}+{letter}{r + 2}+{letter}{r + 3}"
            elif i == 3:  # 公务用车购置及运行维护费 = 运行维护 + 购置
                cell.value = f"={letter}{r + 1}+{letter}{r + 2}"
            elif j == 0:  # 合计列 = the fund columns
                end = get_column_letter(1 + len(paths))
                cell.value = f"=SUM(C{r}:{end}{r})"
            if cell.value is not None:
                cell.fill = _CALC_FILL
        for c in range(1, width + 1):
            ws.cell(r, c).border = _BOX
    ws.column_dimensions["A"].width = 32
    for j in range(len(paths)):
        ws.column_dimensions[get_column_letter(2 + j)].width = 16


def _list_sheet(
    ws: Worksheet, title: str, headers: list[str], note: str, widths: list[int]
) -> None:
    _title(ws, title, len(headers), note)
    for j, h in enumerate(headers, 1):
        ws.cell(4, j, h)
        _style_head(ws.cell(4, j))
        ws.column_dimensions[get_column_letter(j)].width = widths[j - 1]
    ws.freeze_panes = "A5"


def _list(
    ws: Worksheet, cells: str, values: list[str] | str, prompt: str, strict: bool = True
) -> None:
    formula = values if isinstance(values, str) else '"' + ",".join(values) + '"'
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        errorStyle="stop" if strict else "warning",
        prompt=prompt,
        showErrorMessage=True,
    )
    dv.add(cells)
    ws.add_data_validation(dv)


def write_template(
    path: Path, year: int, profile: str = "national", unit: str | None = None
) -> None:
    p = load_profile(profile)
    wb = build_template(year, p, unit)
    wb.save(str(path))


def _codes_sheet(cws: Worksheet) -> tuple[str, str]:
    """The codes for the drop-downs, functional first, then economic: their two ranges."""
    codes = sorted(_codes(), key=lambda c: (c[2] != "functional", c[0]))
    cws.append(["科目编码", "科目名称", "分类"])
    for code, name, system in codes:
        cws.append(
            [code, name, {"functional": "功能分类", "economic": "经济分类"}.get(system, system)]
        )
    for c in cws["A"]:
        c.number_format = "@"
    cws.column_dimensions["B"].width = 40
    n_fun = sum(1 for c in codes if c[2] == "functional")
    fun_ref = f"{quote_sheetname(CODES)}!$A$2:$B${1 + n_fun}"
    eco_ref = f"{quote_sheetname(CODES)}!$A${2 + n_fun}:$B${1 + len(codes)}"
    cws.sheet_state = "hidden"
    return fun_ref, eco_ref


def build_template(year: int, p: Profile, unit: str | None = None) -> Workbook:
    specs = table_specs()
    wb = Workbook()
    guide = wb.active
    assert isinstance(guide, Worksheet)  # a new workbook's one sheet
    guide.title = INSTRUCTIONS
    sheets: dict[str, Worksheet] = {}
    for name in (UNIT, DUTIES, FACTS_SHEET):
        sheets[name] = wb.create_sheet(name)
    kinds = [k for k in p.table_order if k in specs]
    for k in kinds:
        sheets[k] = wb.create_sheet(table_sheet(specs[k]))
    for name in (PROCUREMENT, ASSETS, DEPARTMENT, PROJECTS, INDICATORS, GLOSSARY, CODES, HIDDEN):
        sheets[name] = wb.create_sheet(name)

    fun_ref, eco_ref = _codes_sheet(sheets[CODES])

    hid = sheets[HIDDEN]
    for row in ([MARK], [VERSION], [p.name], [year]):
        hid.append(row)
    hid.sheet_state = "veryHidden"

    # 单位信息
    ws = sheets[UNIT]
    _title(ws, "单位信息", 4, "黄色格子由填报人填写。")
    items: list[tuple[str, str | int]] = [
        ("单位名称", unit or ""),
        ("单位编码", ""),
        ("预算年度", year),
        ("公开格式", f"{p.name}（{p.display}）"),
    ]
    for i, (label, value) in enumerate(items, 3):
        ws.cell(i, 1, label).font = _BOLD
        cell = ws.cell(i, 2, value)
        cell.fill = _INPUT_FILL
        cell.border = _BOX
        ws.merge_cells(start_row=i, start_column=2, end_row=i, end_column=4)
    ws.cell(3 + len(items) + 1, 1, "机构设置情况").font = _BOLD
    org_head = 3 + len(items) + 2
    for j, h in enumerate(["单位名称", "单位性质", "单位规格", "经费保障形式"], 1):
        ws.cell(org_head, j, h)
        _style_head(ws.cell(org_head, j))
    for r in range(org_head + 1, org_head + 21):
        for j in range(1, 5):
            ws.cell(r, j).border = _BOX
    _list(ws, f"B{org_head + 1}:B{org_head + 20}", NATURE, "单位性质")
    _list(ws, f"D{org_head + 1}:D{org_head + 20}", FUNDING, "经费保障形式")
    ws.column_dimensions["A"].width = 36
    for col in "BCD":
        ws.column_dimensions[col].width = 18
    wb.defined_names["机构设置表头"] = DefinedName(
        "机构设置表头", attr_text=f"{quote_sheetname(UNIT)}!$A${org_head}"
    )

    # 部门职责
    ws = sheets[DUTIES]
    _list_sheet(
        ws,
        f"{p.unit_word}职责",
        ["序号", "职责（每行一条）"],
        "每行填写一条职责，序号可不填。",
        [8, 100],
    )

    # table sheets
    titles: dict[str, str] = {}
    for k in kinds:
        spec = specs[k]
        title = p.table_title(k, year)
        titles[k] = title
        ws = sheets[k]
        if spec.two_sided:
            _two_sided_sheet(ws, spec, title)
        elif spec.rows:
            _rows_sheet(ws, spec, title)
        else:
            _coded_sheet(ws, spec, title, eco_ref if spec.economic else fun_ref)

    # 说明数据
    ws = sheets[FACTS_SHEET]
    _facts_sheet(ws, p, year, kinds)

    # 政府采购
    ws = sheets[PROCUREMENT]
    _list_sheet(
        ws,
        "政府采购预算",
        PROCUREMENT_COLUMNS,
        "每行一个采购品目；同一项目的多个品目可重复填写项目名称和项目预算。采购金额 = 数量 × 单价（可改写）。",
        [30, 14, 24, 16, 10, 10, 12, 14],
    )
    for r in range(5, 5 + 200):
        ws.cell(
            r, 8, f'=IF(AND(ISNUMBER(F{r}),ISNUMBER(G{r})),F{r}*G{r},"")'
        ).number_format = _MONEY
        for c in (2, 7):
            ws.cell(r, c).number_format = _MONEY
    _list(ws, "E5:E204", MEASURES, "计量单位", strict=False)

    # 国有资产
    ws = sheets[ASSETS]
    _list_sheet(
        ws,
        "固定资产占用情况",
        ["项目", "数量", "计量单位", "价值（万元）"],
        "截止上年末的固定资产；“合计”行自动计算（不含“其中”行）。",
        [36, 12, 10, 16],
    )
    ws.cell(5, 1, "合计").font = _BOLD
    ws.cell(5, 4, '=SUMIF(A6:A60,"<>其中*",D6:D60)').number_format = _MONEY
    ws.cell(5, 4).fill = _CALC_FILL
    defaults = ["一、土地房屋及构筑物", "其中：房屋", "二、通用设备", "其中：汽车", "三、专用设备",
                "四、文物和陈列品", "五、图书、档案", "六、家具、用具、装具及动植物"]  # fmt: skip
    for i, label in enumerate(defaults, 6):
        ws.cell(i, 1, label)
    for r in range(5, 61):
        ws.cell(r, 4).number_format = _MONEY
    _list(ws, "C6:C60", MEASURES, "计量单位", strict=False)

    # 部门整体绩效
    ws = sheets[DEPARTMENT]
    _title(ws, "部门整体绩效目标", 3, "总体绩效目标、分项绩效目标和工作保障措施。")
    ws.cell(3, 1, "总体绩效目标").font = _BOLD
    ws.cell(3, 2).fill = _INPUT_FILL
    ws.merge_cells("B3:C3")
    ws.row_dimensions[3].height = 60
    for j, h in enumerate(["分项目标（标题）", "绩效目标", "绩效指标"], 1):
        ws.cell(5, j, h)
        _style_head(ws.cell(5, j))
    ws.cell(27, 1, "工作保障措施（每行一条）")
    _style_head(ws.cell(27, 1))
    ws.merge_cells("A27:C27")
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 60

    # 项目 and 绩效指标
    ws = sheets[PROJECTS]
    _list_sheet(
        ws,
        "预算项目",
        [h for h, _ in PROJECT_COLUMNS],
        "每行一个预算项目；项目名称须唯一，绩效指标表按名称引用。",
        [30, 20, 12, 12, 12, 12, 12, 12, 12, 10, 10, 14, 40, 40, 30, 30],
    )
    for r in range(5, 205):
        for c in range(4, 8):
            ws.cell(r, c).number_format = _MONEY
    ws = sheets[INDICATORS]
    _list_sheet(
        ws,
        "项目绩效指标",
        INDICATOR_COLUMNS,
        "每行一个三级指标；定量指标选择运算符并填写数值和计量单位，定性指标运算符选“定性”并在“指标值”中填写文字。",
        [30, 12, 16, 24, 30, 8, 12, 10, 20],
    )
    _list(ws, "A5:A2004", f"{quote_sheetname(PROJECTS)}!$A$5:$A$204", "项目名称（来自“项目”表）")
    _list(ws, "B5:B2004", LEVEL1, "一级指标", strict=False)
    _list(ws, "C5:C2004", LEVEL2, "二级指标", strict=False)
    _list(ws, "F5:F2004", OPERATORS, "运算符")
    _list(ws, "H5:H2004", MEASURES, "计量单位", strict=False)

    # 名词解释
    ws = sheets[GLOSSARY]
    _list_sheet(ws, "名词解释", ["名词", "解释"], "每行一个名词。", [24, 100])

    _instructions(guide, p, year, [titles[k] for k in kinds])
    return wb


def _facts_sheet(ws: Worksheet, p: Profile, year: int, kinds: list[str]) -> None:
    specs = table_specs()
    _title(
        ws,
        "说明数据（生成文字说明用）",
        5,
        "灰色格子为公式，取自各表，不必填写；黄色格子由填报人填写。“上年预算数”用于生成“比上年增减”说明。",
    )
    for j, h in enumerate(
        ["项目", f"{year}年预算数（万元）", f"{year - 1}年预算数（万元）", "比上年增减", "说明"], 1
    ):
        ws.cell(3, j, h)
        _style_head(ws.cell(3, j))

    def ref(kind: str, row: int, col: int) -> str | None:
        if kind not in kinds:
            return None
        return f"{quote_sheetname(specs[kind].name)}!{get_column_letter(col)}{row}"

    # column of a spec's value column on its sheet
    def col_of(kind: str, column: str) -> int:
        spec = specs[kind]
        return 3 + list(spec.columns).index(column)

    formulas: dict[str, str | None] = {
        "income_total": ref("income", TOTAL_ROW, col_of("income", "合计")),
        "expenditure_total": ref("expenditure", TOTAL_ROW, col_of("expenditure", "合计")),
        "basic": ref("expenditure", TOTAL_ROW, col_of("expenditure", "基本支出")),
        "project": ref("expenditure", TOTAL_ROW, col_of("expenditure", "项目支出")),
        "personnel": ref(
            "general_public_basic",
            TOTAL_ROW,
            col_of("general_public_basic", "一般公共预算基本支出/人员经费"),
        ),
        "public_operating": ref(
            "general_public_basic",
            TOTAL_ROW,
            col_of("general_public_basic", "一般公共预算基本支出/公用经费"),
        ),
        "tp_total": ref("three_public", TOTAL_ROW, 2),
        "tp_outbound": ref("three_public", TOTAL_ROW + 1, 2),
        "tp_reception": ref("three_public", TOTAL_ROW + 2, 2),
        "tp_vehicle_total": ref("three_public", TOTAL_ROW + 3, 2),
        "tp_vehicle_operation": ref("three_public", TOTAL_ROW + 4, 2),
        "tp_vehicle_purchase": ref("three_public", TOTAL_ROW + 5, 2),
        "procurement": f"SUM({quote_sheetname(PROCUREMENT)}!H5:H204)",
        "assets_total": f"{quote_sheetname(ASSETS)}!D5",
    }
    rows = {f.key: 4 + i for i, f in enumerate(FACTS)}
    formulas["operating_costs"] = f"B{rows['public_operating']}"
    for f in FACTS:
        r = rows[f.key]
        ws.cell(r, 1, f.label).font = _BOLD
        b = ws.cell(r, 2)
        formula = formulas.get(f.key)
        if formula:
            b.value = f"={formula}"
            b.fill = _CALC_FILL
        else:
            b.fill = _INPUT_FILL
        b.number_format = _MONEY
        b.border = _BOX
        if f.prior:
            ws.cell(r, 3).fill = _INPUT_FILL
            ws.cell(r, 3).number_format = _MONEY
            ws.cell(r, 4, f'=IF(C{r}="","",B{r}-C{r})').number_format = _MONEY
        for c in (3, 4, 5):
            ws.cell(r, c).border = _BOX
    ws.cell(rows["assets_as_of"], 2, f"{year - 1}-12-31").number_format = "@"
    ws.cell(rows["operating_costs"], 5, "默认等于公用经费，可改写")
    ws.cell(rows["tp_reason"], 5, "“三公”经费比上年增减的原因（文字）")
    ws.cell(rows["other"], 5, "没有可留空")
    for key in ("tp_reason", "other"):
        ws.cell(rows[key], 2).number_format = "@"
        ws.merge_cells(start_row=rows[key], start_column=2, end_row=rows[key], end_column=4)
        ws.row_dimensions[rows[key]].height = 45
    # income sources, taken from the 收支总表's income rows
    ws.cell(SOURCES_ROW - 1, 1, "收入来源（取自收支总表）").font = _BOLD
    spec = specs["income_expenditure_summary"]
    for i, label in enumerate(spec.income):
        if "合计" in label or "总计" in label or "结转" in label:
            continue
        r = SOURCES_ROW + i
        name = label.split("、", 1)[-1]
        ws.cell(r, 1, name)
        src = ref("income_expenditure_summary", TOTAL_ROW + i, 2)
        b = ws.cell(r, 2, f"={src}" if src else None)
        b.fill = _CALC_FILL if src else _INPUT_FILL
        b.number_format = _MONEY
        ws.cell(r, 3).fill = _INPUT_FILL
        ws.cell(r, 3).number_format = _MONEY
        ws.cell(r, 4, f'=IF(C{r}="","",B{r}-C{r})').number_format = _MONEY
        for c in (1, 2, 3, 4):
            ws.cell(r, c).border = _BOX
    ws.column_dimensions["A"].width = 30
    for col in "BCD":
        ws.column_dimensions[col].width = 18
    ws.column_dimensions["E"].width = 40
    ws.cell(2, 1).comment = Comment(
        "本表数字由公式取自各预算表，文字说明据此自动生成，保证文表一致。", "yusuan"
    )


def _instructions(ws: Worksheet, p: Profile, year: int, titles: list[str]) -> None:
    lines = [
        (f"{year}年{p.unit_word}预算公开填报工作簿（{p.display}格式）", _TITLE),
        ("", _TEXT),
        ("一、填报顺序", _BOLD),
        ("1. 单位信息：单位名称、单位编码、机构设置情况。", _TEXT),
        (f"2. {p.unit_word}职责：每行一条。", _TEXT),
        ("3. 各预算表：" + "、".join(titles) + "。金额单位均为万元，保留两位小数。", _TEXT),
        (
            "   · 科目编码可从下拉列表选择（也可直接输入），科目名称自动带出；类、款、项三级科目都要填写。",
            _TEXT,
        ),
        (
            "   · 合计行、本年收入（支出）合计、总计行和“三公”经费小计为公式，自动计算，请勿改写。",
            _TEXT,
        ),
        ("   · 没有数据的表保持空白，公开文件中按“空表”列示并加注说明。", _TEXT),
        (
            "4. 说明数据：灰色格子由公式从各表取数；黄色格子填写上年预算数、拟购置资产、“三公”经费增减原因等。",
            _TEXT,
        ),
        ("5. 政府采购、国有资产、部门整体绩效、项目、绩效指标、名词解释：按表头填写。", _TEXT),
        ("", _TEXT),
        ("二、生成公开文件", _BOLD),
        ("yusuan render 填报.xlsx --to pdf      # 先检查，发现错误时列出问题、不生成文件", _TEXT),
        ("yusuan render 填报.xlsx --to docx -o 公开.docx", _TEXT),
        (
            "文字说明中的收入、支出、比上年增减、机关运行经费、“三公”经费等标准语句由数字自动生成，与表格一致。",
            _TEXT,
        ),
        (
            "检查发现错误时按提示修改本工作簿后重新生成；确需先行生成时可加 --force，文件将标注“未经检查”。",
            _TEXT,
        ),
    ]
    for i, (text, font) in enumerate(lines, 1):
        c = ws.cell(i, 1, text)
        c.font = font
    ws.column_dimensions["A"].width = 120


def is_template(path: Path) -> bool:
    """Whether an XLSX file is a yusuan fill-in workbook."""
    return template_profile(path) is not None


def template_profile(path: Path) -> str | None:
    try:
        wb = load_workbook(path, read_only=True)
    except Exception:
        return None
    try:
        if HIDDEN not in wb.sheetnames:
            return None
        ws = wb[HIDDEN]
        values = [row[0] for row in ws.iter_rows(min_row=1, max_row=4, max_col=1, values_only=True)]
        if not values or values[0] != MARK:
            return None
        return str(values[2]) if len(values) > 2 and values[2] else "national"
    finally:
        wb.close()

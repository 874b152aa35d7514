"""The reviewer's check sheet (公开情况检查表): one row per required item of a disclosure with
符合要求 是/否 and the problems found for it, and a summary sheet over all disclosures.

Fiscal bureaus record their review of every published disclosure on such a sheet. yusuan fills
what it can judge from the document; an item it cannot judge (及时性 without a publication
date) says so rather than 是.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from yusuan.check.findings import SEVERITY_ZH, DocumentReport, Finding
from yusuan.check.locate import locations_in_words
from yusuan.check.report import text_cells
from yusuan.model import TABLE_KINDS, Disclosure
from yusuan.model.disclosure import STANDARD_BUDGET_KINDS

YES, NO, UNKNOWN = "是", "否", "无法判断"
_URL = re.compile(r"https?://[\w./?=&%#:~+-]+", re.ASCII)  # not the Chinese text after it

# Where a finding's section (a section's name, vocab.SECTION_NAMES, or a rule's own section
# word; table titles are placed by their kind) belongs on the sheet.
_SECTION_ITEMS = {
    "封面": "封面",
    "目录": "目录",
    "主要职能与机构设置": "主要职能",
    "单位构成": "机构设置",
    "名词解释": "名词解释",
    "收支总体情况": "预算编制说明",
    "编制依据": "预算编制说明",
    "财政拨款收支": "预算编制说明",
    "一般公共预算": "预算编制说明",
    "政府性基金": "预算编制说明",
    "国有资本经营": "预算编制说明",
    "收入说明": "预算编制说明",
    "支出说明": "预算编制说明",
    "比上年增减情况": "预算编制说明",
    "“三公”经费": "其他相关说明",
    "机关运行经费": "其他相关说明",
    "政府采购": "其他相关说明",
    "国有资产": "其他相关说明",
    "其他需要说明的事项": "其他相关说明",
    "绩效目标": "项目经费情况说明",
    "项目经费情况": "项目经费情况说明",
}
# Rules whose findings belong to an item whatever their section says.
_CODE_ITEMS = {
    "D001": "预算编制说明",
    "D002": "预算编制说明",
    "D006": "预算编制说明",
    "D007": "预算编制说明",
    "D008": "封面",
    "D009": "名词解释",
    "D010": "项目经费情况说明",
    "W006": "预算编制说明",
    "W007": "目录",
}


@dataclass
class Item:
    name: str
    ok: str = YES
    notes: list[str] = field(default_factory=list)  # what yusuan itself says about the item
    findings: list[Finding] = field(default_factory=list)

    def verdict(self) -> str:
        if self.ok != YES:
            return self.ok
        return NO if any(f.severity != "info" for f in self.findings) else YES

    def problems(self) -> str:
        lines = list(self.notes)
        for f in self.findings:
            where = "；".join(locations_in_words(f.locations, limit=2))
            tag = SEVERITY_ZH[f.severity]
            lines.append(f"[{tag} {f.code}] {f.message}" + (f"（{where}）" if where else ""))
        return "\n".join(lines)


def _table_names(d: Disclosure) -> list[tuple[str, str]]:
    """(kind, name) of the nine tables this disclosure should publish."""
    final = d.kind == "final_accounts"
    return [
        (f"final_{k}" if final else k, TABLE_KINDS[f"final_{k}" if final else k])
        for k in STANDARD_BUDGET_KINDS
    ]


def _has(d: Disclosure, section: str) -> bool:
    return any(p.section == section for p in d.narrative)


def _text(d: Disclosure, section: str) -> str:
    return "".join(p.text for p in d.narrative if p.section == section)


def items_for(d: Disclosure, report: DocumentReport) -> list[Item]:
    """The sheet's rows for one disclosure, in the order reviewers list them."""
    words = "决算" if d.kind == "final_accounts" else "预算"
    tables = _table_names(d)
    rows = [
        Item(
            "及时性",
            UNKNOWN,
            [
                "文件未载明公开日期，无法判断是否在批复后 20 日内公开（《预算法》第十四条），请核对发布时间。"
            ],
        ),
        *(Item(name) for name in ("封面", "目录", "主要职能", "机构设置", "名词解释")),
        Item("预算编制说明" if words == "预算" else "决算情况说明"),
        *(Item(name) for _, name in tables),
        Item("其他相关说明"),
        Item("项目经费情况说明"),
    ]
    by_name = {r.name: r for r in rows}
    explain = rows[6]
    for name, missing in _absent_parts(d, words):
        item = explain if name == "编制说明" else by_name[name]
        item.ok = NO
        item.notes.append(missing)
    present = {t.kind for t in d.tables}
    for kind, name in tables:
        if kind not in present:
            by_name[name].ok = NO
            by_name[name].notes.append(f"未见《{name}》（或未能识别）。")
    other = by_name["其他相关说明"]
    titles: dict[str, str] = {t.title: t.kind for t in d.tables}
    kinds = dict(tables)
    for f in report.findings:
        name = _item_of(f, titles, kinds) or "其他相关说明"
        if name == "预算编制说明":
            name = explain.name
        (by_name.get(name) or other).findings.append(f)
    return rows


def _absent_parts(d: Disclosure, words: str) -> list[tuple[str, str]]:
    """(item, what is missing) for each required part the disclosure does not have."""
    front = _text(d, "front")
    duties = _text(d, "duties")
    ov = d.overview
    checks = [
        (
            "封面",
            bool(d.year and (str(d.year) in front or (d.unit.name and d.unit.name in front))),
            "未见封面（单位名称、年度和“预算/决算”字样）。",
        ),
        ("目录", _has(d, "toc"), "未见目录。"),
        ("主要职能", bool(d.responsibilities or duties.strip()), "未见部门（单位）主要职能。"),
        (
            "机构设置",
            bool(d.organisations or re.search(r"机构设置|单位构成|内设机构|所属单位|下属", duties)),
            "未见机构设置（单位构成）情况。",
        ),
        ("名词解释", bool(d.glossary or _has(d, "glossary")), "未见名词解释。"),
        (
            "编制说明",
            ov.income_total is not None or ov.expenditure_total is not None or _has(d, "overview"),
            f"未见收支{words}总体情况的说明。",
        ),
        (
            "项目经费情况说明",
            bool(d.performance.projects or _has(d, "projects") or _has(d, "performance")),
            "未见项目经费（项目绩效目标）情况说明。",
        ),
    ]
    out = [(name, missing) for name, there, missing in checks if not there]
    if unexplained := _other_matters_missing(d):
        out.append(("其他相关说明", "未说明" + "、".join(unexplained) + "情况。"))
    return out


def _other_matters_missing(d: Disclosure) -> list[str]:
    """Which of "三公", 机关运行经费, 政府采购, 国有资产 the disclosure says nothing of."""
    there = {
        "“三公”经费": d.three_public.total is not None or _has(d, "three_public"),
        "机关运行经费": d.operating_costs.amount is not None or _has(d, "operating_costs"),
        "政府采购": d.procurement.total is not None
        or bool(d.procurement.items)
        or _has(d, "procurement"),
        "国有资产占用": d.assets.total is not None or bool(d.assets.items) or _has(d, "assets"),
    }
    return [what for what, said in there.items() if not said]


def _item_of(f: Finding, titles: dict[str, str], kinds: dict[str, str]) -> str | None:
    """The sheet's item a finding belongs to. ``titles``: table title → its kind; ``kinds``:
    the standard tables this disclosure should publish, kind → item name."""
    if f.code in _CODE_ITEMS:
        return _CODE_ITEMS[f.code]
    table = (
        f.section
        if f.section in titles
        else next((loc.table for loc in f.locations if loc.table in titles), None)
    )
    if table is not None:
        kind = titles[table]
        # A budget table in a 决算 (or the reverse) is still that standard table's item.
        for k in (kind, f"final_{kind}", kind.removeprefix("final_")):
            if k in kinds:
                return kinds[k]
    if f.section in _SECTION_ITEMS:
        return _SECTION_ITEMS[f.section]
    if f.code[0] == "P":
        return "项目经费情况说明"
    return None


def _url(d: Disclosure) -> str:
    for p in d.narrative[:40]:
        m = _URL.search(p.text)
        if m:
            return m.group(0)
    return "未载明（请填写）"


def _summary_names(sheets: list[list[Item]]) -> list[str]:
    """The summary's item headers: the items are in the same order for every disclosure; where
    预算 and 决算 name one differently ("预算编制说明" / "决算情况说明"), both names."""
    names: list[str] = []
    for column in zip(*sheets, strict=True):
        seen = list(dict.fromkeys(i.name for i in column))
        names.append("/".join(seen))
    return names


def review_workbook(checked: Sequence[tuple[Disclosure, DocumentReport]]) -> bytes:
    """The check sheet as an XLSX workbook: a summary sheet, then one sheet per disclosure."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="9E1B1B")
    no_fill = PatternFill("solid", fgColor="F8D7DA")
    unknown_fill = PatternFill("solid", fgColor="FFF3CD")
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = Workbook()
    summary = wb.worksheets[0]
    summary.title = "汇总"
    sheets: list[tuple[Disclosure, list[Item]]] = [(d, items_for(d, r)) for d, r in checked]
    names = _summary_names([items for _, items in sheets])
    summary.append(["序号", "单位名称", "年度", "文件", "不符合项数", *names])
    for cell in summary[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = head_fill
        cell.alignment = wrap
    used: set[str] = {"汇总"}
    for n, (d, items) in enumerate(sheets, 1):
        verdicts = [i.verdict() for i in items]
        summary.append(
            text_cells(
                summary,
                [n, d.unit.name or "", d.year or "", d.source.path, verdicts.count(NO), *verdicts],
            )
        )
        ws = wb.create_sheet(_sheet_name(n, d, used))
        ws.append(["部门（单位）预决算公开情况检查表"])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append(text_cells(ws, ["单位名称", d.unit.name or "未识别"]))
        ws.append(["年度", d.year or "未识别"])
        ws.append(text_cells(ws, ["公开网址", _url(d)]))
        ws.append(text_cells(ws, ["文件", d.source.path]))
        ws.append([])
        ws.append(["序号", "检查项目", "符合要求", "存在问题（页码/行）"])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = head_fill
        for k, item in enumerate(items, 1):
            verdict = item.verdict()
            ws.append(text_cells(ws, [k, item.name, verdict, item.problems() or "—"]))
            row = ws[ws.max_row]
            for cell in row:
                cell.alignment = wrap
            if verdict == NO:
                row[2].fill = no_fill
            elif verdict == UNKNOWN:
                row[2].fill = unknown_fill
        for r in range(2, 6):
            ws.cell(r, 1).font = bold
        for col, width in zip("ABCD", (8, 26, 10, 110), strict=True):
            ws.column_dimensions[col].width = width
    for col, width in zip("ABCDE", (6, 30, 6, 40, 10), strict=True):
        summary.column_dimensions[col].width = width
    summary.freeze_panes = "F2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_name(n: int, d: Disclosure, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", f"{n}-{d.unit.name or '未识别'}")[:28]
    name, k = base, 2
    while name in used:
        name, k = f"{base[:26]}~{k}", k + 1
    used.add(name)
    return name

"""A filled workbook (``yusuan template``) → the canonical model.

Formulas are evaluated here, exactly (:mod:`formula`), so a workbook filled by a program and
never opened in Excel imports the same as one saved by Excel. Table figures keep their printed
meaning: a 合计 row is a row named 合计, a blank cell is "not printed" (None), and a table with
no amounts at all is published as an empty table (空表).
"""

from __future__ import annotations

import hashlib
import re
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from yusuan.errors import YusuanError
from yusuan.extract.indicator_values import normalise_level1, normalise_level2, parse_value
from yusuan.model import (
    Amount,
    AssetItem,
    Assets,
    DepartmentPerformance,
    Disclosure,
    GlossaryEntry,
    Indicator,
    IndicatorValueModel,
    Organisation,
    Overview,
    Performance,
    Procurement,
    ProcurementItem,
    Project,
    SourceRef,
    TableModel,
    TableRow,
    ThreePublic,
    Unit,
)
from yusuan.model.disclosure import OperatingCosts, SubGoal
from yusuan.render import workbook as W
from yusuan.render.formula import Evaluator, FormulaError, number
from yusuan.render.profile import cn_number, load_profile, table_specs
from yusuan.vocab import LIST_ITEM


class _Book:
    def __init__(self, path: Path) -> None:
        self.path = path
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.wb = load_workbook(path, data_only=False)
        self.ev = Evaluator(self.wb)
        self.name = path.name

    def has(self, sheet: str) -> bool:
        return sheet in self.wb.sheetnames

    def get(self, sheet: str, row: int, col: int) -> Any:
        try:
            return self.ev.cell(sheet, row, col)
        except FormulaError as e:
            from openpyxl.utils import get_column_letter

            where = f"{sheet}!{get_column_letter(col)}{row}"
            raise YusuanError(
                f"工作簿公式无法计算（{where}：{e}）：{self.name}",
                f"cannot evaluate the formula at {where} ({e}): {self.name}",
            ) from None

    def text(self, sheet: str, row: int, col: int) -> str | None:
        v = self.get(sheet, row, col)
        if v is None:
            return None
        if isinstance(v, Decimal):
            v = format(v.normalize(), "f")
        t = str(v).strip()
        return t or None

    def amount(self, sheet: str, row: int, col: int) -> Amount | None:
        v = self.get(sheet, row, col)
        if isinstance(v, str) and not v.strip():
            return None
        n = number(v)
        if n is None:
            if v is not None:
                from openpyxl.utils import get_column_letter

                where = f"{sheet}!{get_column_letter(col)}{row}"
                raise YusuanError(
                    f"金额格子不是数字（{where}：{v!r}）：{self.name}",
                    f"not a number at {where} ({v!r}): {self.name}",
                )
            return None
        return _amount(n, f"{self.name}:{sheet}!{row}")

    def max_row(self, sheet: str) -> int:
        return self.wb[sheet].max_row


def _amount(v: Decimal, source: str | None = None) -> Amount:
    v = _money(v)
    return Amount(value=v, raw=format(v, "f"), source=source)


def _money(v: Decimal) -> Decimal:
    """Two decimals, unless the figure was typed with more (a unit price of 0.035)."""
    exp = v.normalize().as_tuple().exponent
    if isinstance(exp, int) and exp < -2:
        return v.normalize()
    return v.quantize(Decimal("0.01"))


def import_workbook(path: Path) -> Disclosure:
    book = _Book(path)
    if not book.has(W.HIDDEN):
        raise YusuanError(f"不是 yusuan 填报工作簿：{path}", f"not a yusuan workbook: {path}")
    profile = load_profile(str(book.get(W.HIDDEN, 3, 1) or "national"))
    year_cell = book.get(W.UNIT, 5, 2)
    year = int(number(year_cell) or 0) or None
    unit = Unit(name=book.text(W.UNIT, 3, 2), code=book.text(W.UNIT, 4, 2))
    if not unit.name:
        raise YusuanError(
            f"“单位信息”表未填写单位名称：{path}",
            f"the unit name is missing (sheet 单位信息): {path}",
        )
    orgs = _organisations(book)
    if orgs:
        main = next((o for o in orgs if o.name == unit.name), orgs[0])
        unit.nature, unit.rank, unit.funding = main.nature, main.rank, main.funding
    data = path.read_bytes()
    d = Disclosure(
        source=SourceRef(
            path=str(path), sha256=hashlib.sha256(data).hexdigest(), format="workbook"
        ),
        year=year,
        unit=unit,
        organisations=orgs,
        money_unit="万元",
        responsibilities=_duties(book),
        tables=_tables(book, profile, year),
        procurement=_procurement(book),
        assets=_assets(book),
        glossary=_glossary(book),
        performance=_performance(book),
    )
    _facts(book, d)
    return d


def _organisations(book: _Book) -> list[Organisation]:
    ws = book.wb[W.UNIT]
    head = next(
        (
            r
            for r in range(1, 30)
            if ws.cell(r, 1).value == "单位名称" and ws.cell(r, 2).value == "单位性质"
        ),
        None,
    )
    if head is None:
        return []
    out = []
    for r in range(head + 1, book.max_row(W.UNIT) + 1):
        name = book.text(W.UNIT, r, 1)
        if name:
            out.append(
                Organisation(
                    name=name,
                    nature=book.text(W.UNIT, r, 2),
                    rank=book.text(W.UNIT, r, 3),
                    funding=book.text(W.UNIT, r, 4),
                )
            )
    return out


def _duties(book: _Book) -> list[str]:
    out: list[str] = []
    for r in range(5, book.max_row(W.DUTIES) + 1):
        t = book.text(W.DUTIES, r, 2)
        if t:
            out.append(t if LIST_ITEM.match(t) else f"（{cn_number(len(out) + 1)}）{t}")
    return out


def _tables(book: _Book, profile: Any, year: int | None) -> list[TableModel]:
    specs = table_specs()
    out: list[TableModel] = []
    for kind in profile.table_order:
        spec = specs.get(kind)
        if spec is None or not book.has(spec.name):
            continue
        sheet = spec.name
        title = profile.table_title(kind, year)
        if spec.two_sided:
            rows = _two_sided_rows(book, sheet, spec)
        elif spec.rows:
            rows = _fixed_rows(book, sheet, spec)
        else:
            rows = _coded_rows(book, sheet, spec)
        # totals computed from nothing are 0: a table with no amount is published as 空表
        has_amounts = any(v is not None and v.value for r in rows for v in r.values.values())
        note = None
        if not has_amounts:
            note = profile.fill(profile.empty_note, year=year or "", what=spec.what)
        out.append(
            TableModel(
                kind=kind,  # type: ignore[arg-type]
                title=title,
                columns=list(spec.columns),
                rows=rows if has_amounts else [],
                empty=not has_amounts,
                note=note,
                source=f"{book.name}:{sheet}",
            )
        )
    return out


def _coded_rows(book: _Book, sheet: str, spec: Any) -> list[TableRow]:
    cols = list(spec.columns)
    rows: list[TableRow] = []
    data: list[TableRow] = []
    for r in range(W.FIRST, book.max_row(sheet) + 1):
        code = book.text(sheet, r, 1)
        if code:
            code = re.sub(r"\s", "", code)
            if code.endswith(".0"):
                code = code[:-2]
        name = book.text(sheet, r, 2) if code or book.wb[sheet].cell(r, 2).value else None
        values = {c: book.amount(sheet, r, 3 + j) for j, c in enumerate(cols)}
        if not code and not name and all(v is None for v in values.values()):
            continue
        data.append(
            TableRow(code=code, name=name, values=values, source=f"{book.name}:{sheet}!{r}")
        )
    if data:
        total = {c: book.amount(sheet, W.TOTAL_ROW, 3 + j) for j, c in enumerate(cols)}
        rows.append(
            TableRow(name="合计", values=total, source=f"{book.name}:{sheet}!{W.TOTAL_ROW}")
        )
    return rows + data


def _two_sided_rows(book: _Book, sheet: str, spec: Any) -> list[TableRow]:
    left = [c for c in spec.columns if c.startswith("收入")]
    right = [c for c in spec.columns if not c.startswith("收入")]
    income: list[TableRow] = []
    spend: list[TableRow] = []
    for i in range(W.two_sided_rows(spec)):
        r = W.TOTAL_ROW + i
        lname = book.text(sheet, r, 1)
        if lname:
            income.append(
                TableRow(
                    name=lname,
                    side="收入",
                    values={c: book.amount(sheet, r, 2 + j) for j, c in enumerate(left)},
                    source=f"{book.name}:{sheet}!{r}",
                )
            )
        rname = book.text(sheet, r, 2 + len(left))
        if rname:
            spend.append(
                TableRow(
                    name=rname,
                    side="支出",
                    values={
                        c: book.amount(sheet, r, 3 + len(left) + j) for j, c in enumerate(right)
                    },
                    source=f"{book.name}:{sheet}!{r}",
                )
            )
    return income + spend


def _fixed_rows(book: _Book, sheet: str, spec: Any) -> list[TableRow]:
    cols = list(spec.columns)
    out = []
    for i in range(len(spec.rows)):
        r = W.TOTAL_ROW + i
        name = book.text(sheet, r, 1)
        values = {c: book.amount(sheet, r, 2 + j) for j, c in enumerate(cols)}
        out.append(TableRow(name=name, values=values, source=f"{book.name}:{sheet}!{r}"))
    return out


def _fact_rows(book: _Book) -> dict[str, int]:
    labels = {f.label: f.key for f in W.FACTS}
    out = {}
    for r in range(4, W.SOURCES_ROW - 1):
        label = book.text(W.FACTS_SHEET, r, 1)
        if label in labels:
            out[labels[label]] = r
    return out


def _facts(book: _Book, d: Disclosure) -> None:
    rows = _fact_rows(book)
    S = W.FACTS_SHEET

    def now(key: str) -> Amount | None:
        return book.amount(S, rows[key], 2) if key in rows else None

    def prior(key: str) -> Amount | None:
        return book.amount(S, rows[key], 3) if key in rows else None

    def change(cur: Amount | None, old: Amount | None) -> Amount | None:
        if cur is None or old is None:
            return None
        return _amount(cur.value - old.value)

    ov = Overview(
        income_total=now("income_total"),
        expenditure_total=now("expenditure_total"),
        basic=now("basic"),
        personnel=now("personnel"),
        public_operating=now("public_operating"),
        project=now("project"),
    )
    for key, target in (
        ("income_total", "total"),
        ("basic", "basic"),
        ("personnel", "personnel"),
        ("public_operating", "public_operating"),
        ("project", "project"),
    ):
        c = change(now(key), prior(key))
        if c is not None:
            ov.changes[target] = c
    for r in range(W.SOURCES_ROW, W.SOURCES_ROW + 20):
        label = book.text(S, r, 1)
        if not label:
            continue
        a = book.amount(S, r, 2)
        if a is None or a.value == 0:
            continue  # a source the unit does not have
        ov.income_by_source[label] = a
        c = change(a, book.amount(S, r, 3))
        if c is not None:
            ov.changes[label] = c
    d.overview = ov
    oc_prev = prior("operating_costs")
    d.operating_costs = OperatingCosts(
        amount=now("operating_costs"),
        previous=oc_prev,
        change=change(now("operating_costs"), oc_prev),
    )
    d.three_public = ThreePublic(
        total=now("tp_total"),
        outbound=now("tp_outbound"),
        vehicle_total=now("tp_vehicle_total"),
        vehicle_purchase=now("tp_vehicle_purchase"),
        vehicle_operation=now("tp_vehicle_operation"),
        reception=now("tp_reception"),
        change=change(now("tp_total"), prior("tp_total")),
        reason=book.text(S, rows["tp_reason"], 2) if "tp_reason" in rows else None,
    )
    proc = now("procurement")
    if d.procurement.items or (proc is not None and proc.value):
        d.procurement.total = proc
    total = now("assets_total")
    if d.assets.items or (total is not None and total.value):
        d.assets.total = total
    planned = now("assets_planned")
    if planned is not None:
        d.assets.planned_purchase = planned
    if d.assets.items or d.assets.total:
        as_of = book.text(S, rows["assets_as_of"], 2) if "assets_as_of" in rows else None
        d.assets.as_of = as_of[:10] if as_of else None
    d.other_matters = book.text(S, rows["other"], 2) if "other" in rows else None


def _procurement(book: _Book) -> Procurement:
    S = W.PROCUREMENT
    items = []
    for r in range(5, book.max_row(S) + 1):
        item = book.text(S, r, 3)
        catalog = book.text(S, r, 4)
        if not item and not catalog:
            continue
        qty = number(book.get(S, r, 6))
        items.append(
            ProcurementItem(
                project=book.text(S, r, 1),
                project_budget=book.amount(S, r, 2),
                item=item,
                catalog_code=catalog,
                measure=book.text(S, r, 5),
                quantity=qty.normalize() if qty is not None else None,
                unit_price=book.amount(S, r, 7),
                amount=book.amount(S, r, 8),
                source=f"{book.name}:{S}!{r}",
            )
        )
    total = None
    if items:
        total = _amount(sum((i.amount.value for i in items if i.amount), Decimal(0)))
    return Procurement(items=items, table_total=total)


def _assets(book: _Book) -> Assets:
    S = W.ASSETS
    items = []
    for r in range(6, book.max_row(S) + 1):
        label = book.text(S, r, 1)
        qty = number(book.get(S, r, 2))
        value = book.amount(S, r, 4)
        if not label or (qty is None and value is None):
            continue
        items.append(
            AssetItem(
                category=re.sub(r"\s", "", label),
                quantity=qty.normalize() if qty is not None else None,
                measure=book.text(S, r, 3),
                value=value,
                source=f"{book.name}:{S}!{r}",
            )
        )
    return Assets(items=items, table_total=book.amount(S, 5, 4) if items else None)


def _glossary(book: _Book) -> list[GlossaryEntry]:
    S = W.GLOSSARY
    out = []
    for r in range(5, book.max_row(S) + 1):
        term, definition = book.text(S, r, 1), book.text(S, r, 2)
        if term and definition:
            out.append(GlossaryEntry(term=term, definition=definition.replace("\n", "")))
    return out


def _performance(book: _Book) -> Performance:
    dep = DepartmentPerformance()
    S = W.DEPARTMENT
    dep.overall_goal = book.text(S, 3, 2)
    for r in range(6, 27):
        title, goal, ind = book.text(S, r, 1), book.text(S, r, 2), book.text(S, r, 3)
        if title or goal or ind:
            dep.goals.append(SubGoal(title=title or "", goal=goal, indicators=ind))
    for r in range(28, book.max_row(S) + 1):
        t = book.text(S, r, 1)
        if t:
            dep.measures.append(LIST_ITEM.sub("", t).strip())
    projects: list[Project] = []
    by_name: dict[str, Project] = {}
    P = W.PROJECTS
    for r in range(5, book.max_row(P) + 1):
        name = book.text(P, r, 1)
        if not name:
            continue
        fields: dict[str, Any] = {}
        details: dict[str, str] = {}
        amounts: dict[str, Amount] = {}
        for j, (label, key) in enumerate(W.PROJECT_COLUMNS, 1):
            if key in ("budget", "fiscal", "other", "total"):
                a = book.amount(P, r, j)
                if a is not None:
                    fields[key] = a
                    amounts[
                        {
                            "budget": "预算数",
                            "fiscal": "财政资金",
                            "other": "其他资金",
                            "total": "项目总金额",
                        }[key]
                    ] = a
            elif key == "goal":
                t = book.text(P, r, j)
                if t:
                    fields["goal"] = t
                    details["年度绩效目标"] = t
            elif key in ("name",):
                continue
            elif label in ("项目概况", "立项依据", "项目实施计划"):
                t = book.text(P, r, j)
                if t:
                    details[label] = t
            else:
                t = book.text(P, r, j)
                if t:
                    fields[key] = t
        p = Project(
            name=name, details=details, amounts=amounts, source=f"{book.name}:{P}!{r}", **fields
        )
        projects.append(p)
        by_name[name] = p
    ind = W.INDICATORS
    for r in range(5, book.max_row(ind) + 1):
        pname = book.text(ind, r, 1)
        l3 = book.text(ind, r, 4)
        if not pname or not l3:
            continue
        project = by_name.get(pname)
        if project is None:
            raise YusuanError(
                f"“绩效指标”表第{r}行的项目“{pname}”不在“项目”表中：{book.name}",
                f"indicator row {r} names a project that is not on the 项目 sheet ({pname}): {book.name}",
            )
        op = book.text(ind, r, 6)
        val = book.text(ind, r, 7) or ""
        unit = book.text(ind, r, 8) or ""
        if op and op != "定性":
            raw = f"{op}{val}{unit}"
        else:
            raw = val
        v = parse_value(raw) if raw else None
        l1, l2 = book.text(ind, r, 2), book.text(ind, r, 3)
        project.indicators.append(
            Indicator(
                level1=l1,
                level2=l2,
                level3=l3,
                category1=normalise_level1(l1),
                category2=normalise_level2(l2),
                description=book.text(ind, r, 5),
                basis=book.text(ind, r, 9),
                value=(
                    IndicatorValueModel(
                        raw=v.raw, operator=v.operator, number=v.number, unit=v.unit, text=v.text
                    )
                    if v is not None
                    else None
                ),
                source=f"{book.name}:{ind}!{r}",
            )
        )
    return Performance(department=dep, projects=projects)

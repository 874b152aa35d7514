"""Pydantic models for one disclosure. Amounts are ``Decimal`` in 万元 with raw text and source.

Field names are a public contract (see docs/model.md): add fields, never rename them.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from yusuan.model.source import Source
from yusuan.vocab import OVERVIEW_LABELS, TOTAL_NAMES
from yusuan.vocab.text import bare_name

SCHEMA_ID = "yusuan.disclosure/1"

TableKind = Literal[
    "income_expenditure_summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_public_expenditure",
    "general_public_basic",
    "three_public",
    "government_fund",
    "state_capital",
    "economic_summary",
    "fiscal_expenditure",
    "fiscal_basic",
    "operating_costs",
    "procurement",
    "final_income_expenditure_summary",
    "final_income",
    "final_expenditure",
    "final_fiscal_summary",
    "final_general_public_expenditure",
    "final_general_public_basic",
    "final_three_public",
    "final_government_fund",
    "final_state_capital",
    "other",
]


# The standard tables in disclosure order, with their usual Chinese names.
TABLE_KINDS: dict[str, str] = {
    "income_expenditure_summary": "收支总表",
    "income": "收入总表",
    "expenditure": "支出总表",
    "fiscal_summary": "财政拨款收支总表",
    "general_public_expenditure": "一般公共预算支出表",
    "general_public_basic": "一般公共预算基本支出表",
    "three_public": "“三公”经费支出表",
    "government_fund": "政府性基金预算支出表",
    "state_capital": "国有资本经营预算支出表",
    "economic_summary": "支出经济分类汇总表",
    "fiscal_expenditure": "财政拨款支出表",
    "fiscal_basic": "财政拨款基本支出表",
    "operating_costs": "机关运行经费支出表",
    "procurement": "政府采购预算表",
    "final_income_expenditure_summary": "收入支出决算总表",
    "final_income": "收入决算表",
    "final_expenditure": "支出决算表",
    "final_fiscal_summary": "财政拨款收入支出决算总表",
    "final_general_public_expenditure": "一般公共预算财政拨款支出决算表",
    "final_general_public_basic": "一般公共预算财政拨款基本支出决算表",
    "final_three_public": "财政拨款“三公”经费支出决算表",
    "final_government_fund": "政府性基金预算财政拨款收入支出决算表",
    "final_state_capital": "国有资本经营预算财政拨款收入支出决算表",
    "other": "其他表",
}
# The nine tables every budget disclosure publishes (财预〔2016〕143号 and provincial templates);
# a 决算 publishes their ``final_`` counterparts. The other kinds are provincial additions.
STANDARD_BUDGET_KINDS = (
    "income_expenditure_summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_public_expenditure",
    "general_public_basic",
    "three_public",
    "government_fund",
    "state_capital",
)

# The amounts of ThreePublic, in the order disclosures state them.
THREE_PUBLIC_AMOUNTS = (
    "total",
    "outbound",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
    "change",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", ser_json_inf_nan="strings")


class Amount(_Model):
    """A money figure normalised to 万元; ``raw`` is the text as printed."""

    value: Decimal
    raw: str
    source: Source | None = None  # where it was printed: "file:line", "file:p3 [r2c4]" …


class SourceRef(_Model):
    path: str
    sha256: str
    format: str


class Unit(_Model):
    name: str | None = None
    code: str | None = None
    nature: str | None = None  # 单位性质: 行政/事业 …
    rank: str | None = None  # 单位规格
    funding: str | None = None  # 经费保障形式


class Organisation(_Model):
    name: str
    nature: str | None = None
    rank: str | None = None
    funding: str | None = None


class Overview(_Model):
    """Figures stated in the narrative (预算安排的总体情况), not in the tables."""

    income_total: Amount | None = None
    income_by_source: dict[str, Amount] = Field(default_factory=dict)
    expenditure_total: Amount | None = None
    basic: Amount | None = None
    personnel: Amount | None = None
    public_operating: Amount | None = None
    project: Amount | None = None
    # Other uses of the money the text names beside 基本支出 and 项目支出 (Jiangsu's 单位预留机动经费,
    # 结转下年资金 …), label as printed → Amount: the total is their sum with basic and project.
    other_uses: dict[str, Amount] = Field(default_factory=dict)
    # Signed change vs last year (减少 → negative), keyed like the fields above or a source label.
    changes: dict[str, Amount] = Field(default_factory=dict)
    change_rates: dict[str, Decimal] = Field(default_factory=dict)  # percent, signed


class OperatingCosts(_Model):
    amount: Amount | None = None
    change: Amount | None = None
    previous: Amount | None = None


class ThreePublic(_Model):
    total: Amount | None = None
    outbound: Amount | None = None
    vehicle_total: Amount | None = None
    vehicle_purchase: Amount | None = None
    vehicle_operation: Amount | None = None
    reception: Amount | None = None
    change: Amount | None = None  # signed, vs last year
    reason: str | None = None
    # Signed changes vs last year stated for the parts (outbound, vehicle_total, vehicle_purchase,
    # vehicle_operation, reception), as the text states them.
    changes: dict[str, Amount] = Field(default_factory=dict)


class TableRow(_Model):
    code: str | None = None
    name: str | None = None
    values: dict[str, Amount | None] = Field(default_factory=dict)
    source: Source | None = None
    side: str | None = None  # two-sided tables (收入 | 支出): which side the row is on
    category: str | None = None  # a merged group label to the left of the name, filled down


class TableModel(_Model):
    kind: TableKind
    title: str
    columns: list[str] = Field(default_factory=list)
    rows: list[TableRow] = Field(default_factory=list)
    empty: bool = False
    note: str | None = None
    source: Source | None = None
    money_unit: str | None = None  # 万元 or 元, as its "单位：" line printed it (values are 万元)

    def rows_on(self, side: str | None = None) -> list[TableRow]:
        """The rows of one side of a two-sided table (收入 | 支出); all rows for ``None``."""
        return self.rows if side is None else [r for r in self.rows if r.side == side]

    def column(self, *names: str, side: str | None = None) -> str | None:
        """The column whose path ends in one of ``names`` (or is ``name/小计``), first match."""
        cols = [c for c in self.columns if side is None or c.split("/", 1)[0] == side]
        for name in names:
            for c in cols:
                parts = c.split("/")
                if parts[-1] == name or (
                    parts[-1] == "小计" and len(parts) > 1 and parts[-2] == name
                ):
                    return c
        return None

    def total_column(self, side: str | None = None) -> str | None:
        return self.column(*TOTAL_NAMES, side=side) or self.column(
            "金额", "预算数", "决算数", side=side
        )

    def row(self, *names: str, side: str | None = None) -> TableRow | None:
        """The first row whose name, without numbering, equals one of ``names``."""
        rows = self.rows_on(side)
        for name in names:
            for r in rows:
                if r.name and bare_name(r.name) == name:
                    return r
        return None

    def total_row(self, side: str | None = None) -> TableRow | None:
        """The 合计 row (of one side), or the one unnamed line of amounts under a 合计 column."""
        rows = self.rows_on(side)
        for r in rows:
            if r.code is None and r.name and bare_name(r.name) in TOTAL_NAMES:
                return r
        if len(rows) == 1 and rows[0].code is None and rows[0].name is None:
            return rows[0]  # one line of amounts under a 合计 column (Jiangsu 支出预算总表)
        return None

    def total(self, side: str | None = None) -> Amount | None:
        """The amount of the 合计 row in the total column."""
        row, col = self.total_row(side), self.total_column(side)
        return None if row is None or col is None else row.values.get(col)


class IndicatorValueModel(_Model):
    # Frozen: the extractor shares one instance among the indicators that print the same value.
    model_config = ConfigDict(extra="forbid", ser_json_inf_nan="strings", frozen=True)

    raw: str
    operator: Literal[">=", "<=", "=", ">", "<"] | None = None
    number: Decimal | None = None
    unit: str | None = None
    text: str | None = None


class Indicator(_Model):
    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    category1: str | None = None
    category2: str | None = None
    description: str | None = None
    basis: str | None = None
    value: IndicatorValueModel | None = None
    source: Source | None = None


class SpendingStep(_Model):
    by: str
    percent: Decimal | None = None


class Project(_Model):
    name: str
    code: str | None = None
    unit_code: str | None = None
    budget: Amount | None = None  # this year's amount: 预算数 / 项目本年度金额
    fiscal: Amount | None = None
    other: Amount | None = None
    purpose: str | None = None
    spending_plan: list[SpendingStep] = Field(default_factory=list)
    start: str | None = None
    end: str | None = None
    goal: str | None = None  # 年度绩效目标, else 绩效目标 / 项目总目标
    details: dict[str, str] = Field(default_factory=dict)
    indicators: list[Indicator] = Field(default_factory=list)
    source: Source | None = None
    title: str | None = None  # the title line printed above the table, as printed
    unit: str | None = None  # the unit carrying the project (table header or 单位名称)
    owner: str | None = None  # 项目负责人
    contact: str | None = None  # 联系人
    phone: str | None = None  # 联系电话
    total: Amount | None = None  # 项目总金额 (all years)
    amounts: dict[str, Amount] = Field(default_factory=dict)  # every money cell, by its label


class SubGoal(_Model):
    title: str
    goal: str | None = None
    indicators: str | None = None


class Task(_Model):
    name: str
    content: str | None = None


class DepartmentPerformance(_Model):
    unit: str | None = None  # 部门(单位)名称 of a department-level target table
    overall_goal: str | None = None  # 总体绩效目标, else the table's 年度履职目标
    goals: list[SubGoal] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    budget: dict[str, Amount] = Field(default_factory=dict)
    indicators: list[Indicator] = Field(default_factory=list)
    source: Source | None = None  # the department-level target table, when there is one


class Performance(_Model):
    department: DepartmentPerformance = Field(default_factory=DepartmentPerformance)
    projects: list[Project] = Field(default_factory=list)


class ProcurementItem(_Model):
    project: str | None = None
    project_budget: Amount | None = None
    item: str | None = None
    catalog_code: str | None = None
    measure: str | None = None
    quantity: Decimal | None = None
    unit_price: Amount | None = None
    amount: Amount | None = None
    source: Source | None = None


class Procurement(_Model):
    total: Amount | None = None  # as stated in the narrative
    table_total: Amount | None = None  # the table's 合计 row, when printed
    items: list[ProcurementItem] = Field(default_factory=list)
    text: str | None = None  # the section's explanation, as printed


class AssetItem(_Model):
    category: str
    quantity: Decimal | None = None
    measure: str | None = None
    value: Amount | None = None
    source: Source | None = None


class Assets(_Model):
    as_of: str | None = None  # ISO date
    total: Amount | None = None  # 上年末固定资产 as stated in the text, else the table's 合计
    table_total: Amount | None = None  # the table's 合计 / 资产总额 row
    planned_purchase: Amount | None = None
    items: list[AssetItem] = Field(default_factory=list)


class GlossaryEntry(_Model):
    term: str
    definition: str


class Passage(_Model):
    """A paragraph of the narrative as printed, with the section it stands in."""

    section: str  # the section key (front, toc, duties, overview, three_public, … other)
    text: str
    source: str | None = None


class Unparsed(_Model):
    source: Source
    text: str
    # Set when the reader could not read this part of the file (a damaged page, sheet or part),
    # rather than reading it and finding nothing it understood.
    reason: str | None = None


# The amounts of the document-level parts, in the order amounts() gives them.
OVERVIEW_AMOUNTS = tuple(OVERVIEW_LABELS)
OPERATING_COSTS_AMOUNTS = ("amount", "change", "previous")
PROJECT_AMOUNTS = ("budget", "fiscal", "other", "total")
PROCUREMENT_ITEM_AMOUNTS = ("project_budget", "unit_price", "amount")
# Where each section of amounts() is in the model.
_SECTION_PATHS = {
    "overview": "overview",
    "income_by_source": "overview.income_by_source",
    "other_uses": "overview.other_uses",
    "changes": "overview.changes",
    "operating_costs": "operating_costs",
    "three_public": "three_public",
    "three_public_changes": "three_public.changes",
    "procurement": "procurement",
    "assets": "assets",
    "department_budget": "performance.department.budget",
}


class AmountAt(NamedTuple):
    """One amount of a disclosure and where it is (see :meth:`Disclosure.amounts`)."""

    section: str
    key: str  # the field's name, or the label as printed (income sources, table columns …)
    amount: Amount
    table: TableModel | None = None  # for "table"
    holder: TableRow | Project | ProcurementItem | AssetItem | None = None  # for nested amounts

    @property
    def path(self) -> str:
        """The field's path in the model ("overview.income_by_source.财政拨款收入")."""
        return f"{_SECTION_PATHS.get(self.section, self.section)}.{self.key}"


class Disclosure(_Model):
    schema_: str = Field(default=SCHEMA_ID, alias="schema")
    source: SourceRef
    # Further files read as parts of this disclosure (narrative and tables published apart).
    parts: list[SourceRef] = Field(default_factory=list)
    kind: Literal["budget", "final_accounts"] = "budget"
    # 部门 (the department with its sub-units) or 单位 (one budget unit); None when not said.
    scope: Literal["department", "unit"] | None = None
    year: int | None = None
    unit: Unit = Field(default_factory=Unit)
    organisations: list[Organisation] = Field(default_factory=list)
    money_unit: str | None = None
    responsibilities: list[str] = Field(default_factory=list)
    overview: Overview = Field(default_factory=Overview)
    operating_costs: OperatingCosts = Field(default_factory=OperatingCosts)
    three_public: ThreePublic = Field(default_factory=ThreePublic)
    tables: list[TableModel] = Field(default_factory=list)
    performance: Performance = Field(default_factory=Performance)
    procurement: Procurement = Field(default_factory=Procurement)
    assets: Assets = Field(default_factory=Assets)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    other_matters: str | None = None
    # Every paragraph outside the tables, in order (wording checks, the reviewer's sheet).
    narrative: list[Passage] = Field(default_factory=list)
    # Pages of a paginated file with nothing on them ("file:pN"), blank pages left in.
    blank_pages: list[str] = Field(default_factory=list)
    unparsed: list[Unparsed] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def amounts(self) -> Iterator[AmountAt]:
        """Every amount of the disclosure, in this order of sections: ``overview`` (the
        OVERVIEW_AMOUNTS), ``income_by_source``, ``other_uses``, ``changes`` (labels as keys),
        ``operating_costs``, ``three_public``, ``three_public_changes`` (by part), ``procurement`` (total, table_total), ``assets``
        (total, table_total, planned_purchase), ``department_budget``; then those inside parts:
        ``table`` (a row's values, the column as key), ``project`` (PROJECT_AMOUNTS),
        ``project_amounts`` (every money cell, by label), ``procurement_item``, ``asset_item``.
        """
        ov, oc, tp = self.overview, self.operating_costs, self.three_public
        proc, assets = self.procurement, self.assets
        yield from _fields("overview", ov, OVERVIEW_AMOUNTS)
        yield from _labelled("income_by_source", ov.income_by_source)
        yield from _labelled("other_uses", ov.other_uses)
        yield from _labelled("changes", ov.changes)
        yield from _fields("operating_costs", oc, OPERATING_COSTS_AMOUNTS)
        yield from _fields("three_public", tp, THREE_PUBLIC_AMOUNTS)
        yield from _labelled("three_public_changes", tp.changes)
        yield from _fields("procurement", proc, ("total", "table_total"))
        yield from _fields("assets", assets, ("total", "table_total", "planned_purchase"))
        yield from _labelled("department_budget", self.performance.department.budget)
        for t in self.tables:
            for r in t.rows:
                for col, a in r.values.items():
                    if a is not None:
                        yield AmountAt("table", col, a, t, r)
        for p in self.performance.projects:
            yield from _fields("project", p, PROJECT_AMOUNTS, p)
            yield from _labelled("project_amounts", p.amounts, p)
        for it in proc.items:
            yield from _fields("procurement_item", it, PROCUREMENT_ITEM_AMOUNTS, it)
        for item in assets.items:
            yield from _fields("asset_item", item, ("value",), item)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent, exclude_none=False)


def _fields(
    section: str,
    obj: _Model,
    names: tuple[str, ...],
    holder: Project | ProcurementItem | AssetItem | None = None,
) -> Iterator[AmountAt]:
    for name in names:
        a = getattr(obj, name)
        if a is not None:
            yield AmountAt(section, name, a, None, holder)


def _labelled(
    section: str, amounts: dict[str, Amount], holder: Project | None = None
) -> Iterator[AmountAt]:
    for label, a in amounts.items():
        yield AmountAt(section, label, a, None, holder)

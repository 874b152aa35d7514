"""The relational schema (SQLAlchemy 2 ORM). Migrations in ``migrations/`` must match it.

Every money figure is stored twice: ``value`` (exact Decimal, 万元) beside ``raw`` (as printed), with
``source`` ("file:line") so a reviewer can find it again. Rows that belong to one disclosure carry
``disclosure_id`` directly, so deleting or exporting a disclosure never needs a join chain.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine


class Money(TypeDecorator[Decimal]):
    """Exact decimals on both back ends: NUMERIC on PostgreSQL, canonical text on SQLite.

    SQLite's NUMERIC is a float; text keeps "1260.00" exactly, so both back ends return the same
    Decimal (and the same query output).
    """

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(64))
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        d = value if isinstance(value, Decimal) else Decimal(str(value))
        if d.as_tuple().exponent > 0:  # type: ignore[operator]  # "1E+3": PostgreSQL has no exponent
            d = d.quantize(Decimal(1))
        return str(d) if dialect.name == "sqlite" else d

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))


class Base(DeclarativeBase):
    pass


def _fk(target: str) -> Any:
    return ForeignKey(target, ondelete="CASCADE")


class Document(Base):
    """A file as loaded; ``sha256`` makes loading idempotent."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(32))
    size: Mapped[int | None] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # A part of a disclosure published in several files (its tables PDF): the disclosure it
    # was stored in, and goes with. NULL for a disclosure's own document (its document_id).
    # The tables refer to each other, so this key is added after both exist.
    disclosure_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "disclosures.id", ondelete="CASCADE", use_alter=True, name="fk_documents_disclosure"
        ),
        index=True,
    )


class Unit(Base):
    """A budget unit; the region is inferred from its name and may be edited (``region_source``)."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)  # normalised name
    name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str | None] = mapped_column(String(64))
    province: Mapped[str | None] = mapped_column(String(64))
    city: Mapped[str | None] = mapped_column(String(64))
    county: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[str | None] = mapped_column(String(16))  # province | city | county
    region_source: Mapped[str] = mapped_column(String(16), default="inferred")


class Disclosure(Base):
    __tablename__ = "disclosures"
    __table_args__ = (
        UniqueConstraint(
            "unit_id", "year", "kind", "scope", "version", name="uq_disclosure_version"
        ),
        Index("ix_disclosures_unit_year", "unit_id", "year", "kind"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(_fk("documents.id"), unique=True)
    unit_id: Mapped[int | None] = mapped_column(_fk("units.id"), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str | None] = mapped_column(String(16))  # department | unit
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    unit_name: Mapped[str | None] = mapped_column(String(255))  # as printed in this document
    unit_code: Mapped[str | None] = mapped_column(String(64))
    unit_nature: Mapped[str | None] = mapped_column(String(64))
    unit_rank: Mapped[str | None] = mapped_column(String(64))
    unit_funding: Mapped[str | None] = mapped_column(String(64))
    money_unit: Mapped[str | None] = mapped_column(String(16))
    schema_id: Mapped[str] = mapped_column(String(64))
    source_path: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(32))
    # 支出合计 as stated in the text, else the expenditure table's 合计 row: for listing
    expenditure_total: Mapped[Decimal | None] = mapped_column(Money)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Free-form parts of the model with no figures to query: responsibilities, organisations,
    # glossary, other matters, unparsed text, department goals/measures/tasks, change rates.
    extra: Mapped[dict[str, Any]] = mapped_column(JSON)
    coverage: Mapped[list[Any]] = mapped_column(JSON)  # the check run's coverage ledger


class OrganisationRow(Base):
    """A unit listed as part of the department (组成单位); links departments to sub-units."""

    __tablename__ = "organisations"
    __table_args__ = (Index("ix_organisations_key", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(255))  # normalised like Unit.key
    nature: Mapped[str | None] = mapped_column(String(64))
    rank: Mapped[str | None] = mapped_column(String(64))
    funding: Mapped[str | None] = mapped_column(String(64))


class Figure(Base):
    """A figure stated in the narrative (总体情况, 机关运行经费, 采购 and 资产 totals …)."""

    __tablename__ = "figures"
    __table_args__ = (Index("ix_figures_disclosure_section", "disclosure_id", "section", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"))
    seq: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(255))
    value: Mapped[Decimal | None] = mapped_column(Money)
    raw: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class ThreePublic(Base):
    """“三公”经费 as stated in the narrative, one row per item (total, outbound, vehicle …)."""

    __tablename__ = "three_public"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"), index=True)
    item: Mapped[str] = mapped_column(String(32))
    value: Mapped[Decimal | None] = mapped_column(Money)
    raw: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class BudgetTable(Base):
    __tablename__ = "budget_tables"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(48))
    title: Mapped[str] = mapped_column(Text)
    columns: Mapped[list[str]] = mapped_column(JSON)
    empty: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    money_unit: Mapped[str | None] = mapped_column(String(16))  # as printed: 万元 | 元


class TableRow(Base):
    __tablename__ = "table_rows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_id: Mapped[int] = mapped_column(_fk("budget_tables.id"), index=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(Text)
    side: Mapped[str | None] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    keys: Mapped[list[str]] = mapped_column(JSON)  # every column of the row, blank ones too


class TableCell(Base):
    """One amount of a budget table: (classification code, column, amount), long form."""

    __tablename__ = "table_cells"
    __table_args__ = (
        Index("ix_cells_disclosure_kind_code", "disclosure_id", "table_kind", "code"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_id: Mapped[int] = mapped_column(_fk("table_rows.id"), index=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"))
    table_kind: Mapped[str] = mapped_column(String(48))
    code: Mapped[str | None] = mapped_column(String(32))
    column: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal] = mapped_column(Money)
    raw: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(64))
    unit_code: Mapped[str | None] = mapped_column(String(64))
    unit: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str | None] = mapped_column(Text)
    goal: Mapped[str | None] = mapped_column(Text)
    start: Mapped[str | None] = mapped_column(String(64))
    end: Mapped[str | None] = mapped_column(String(64))
    owner: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(Text)
    budget: Mapped[Decimal | None] = mapped_column(Money)
    budget_raw: Mapped[str | None] = mapped_column(Text)
    budget_source: Mapped[str | None] = mapped_column(Text)
    fiscal: Mapped[Decimal | None] = mapped_column(Money)
    fiscal_raw: Mapped[str | None] = mapped_column(Text)
    fiscal_source: Mapped[str | None] = mapped_column(Text)
    other: Mapped[Decimal | None] = mapped_column(Money)
    other_raw: Mapped[str | None] = mapped_column(Text)
    other_source: Mapped[str | None] = mapped_column(Text)
    total: Mapped[Decimal | None] = mapped_column(Money)
    total_raw: Mapped[str | None] = mapped_column(Text)
    total_source: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, str]] = mapped_column(JSON)
    amounts: Mapped[dict[str, Any]] = mapped_column(JSON)  # label → {value, raw, source}
    spending_plan: Mapped[list[Any]] = mapped_column(JSON)
    # name + goal + indicators, for full-text search (FTS5 trigram / pg_trgm)
    search_text: Mapped[str] = mapped_column(Text)


class Indicator(Base):
    """A performance indicator; ``project_id`` is NULL for department-level ones."""

    __tablename__ = "indicators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(_fk("projects.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    level1: Mapped[str | None] = mapped_column(Text)
    level2: Mapped[str | None] = mapped_column(Text)
    level3: Mapped[str | None] = mapped_column(Text)
    category1: Mapped[str | None] = mapped_column(String(64))
    category2: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)
    has_value: Mapped[bool] = mapped_column(Boolean, default=False)
    value_raw: Mapped[str | None] = mapped_column(Text)
    operator: Mapped[str | None] = mapped_column(String(4))
    number: Mapped[Decimal | None] = mapped_column(Money)
    value_unit: Mapped[str | None] = mapped_column(String(64))
    value_text: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class ProcurementItem(Base):
    __tablename__ = "procurement_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    project: Mapped[str | None] = mapped_column(Text)
    project_budget: Mapped[Decimal | None] = mapped_column(Money)
    project_budget_raw: Mapped[str | None] = mapped_column(Text)
    project_budget_source: Mapped[str | None] = mapped_column(Text)
    item: Mapped[str | None] = mapped_column(Text)
    catalog_code: Mapped[str | None] = mapped_column(String(64))
    measure: Mapped[str | None] = mapped_column(String(32))
    quantity: Mapped[Decimal | None] = mapped_column(Money)
    unit_price: Mapped[Decimal | None] = mapped_column(Money)
    unit_price_raw: Mapped[str | None] = mapped_column(Text)
    unit_price_source: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    amount_raw: Mapped[str | None] = mapped_column(Text)
    amount_source: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class AssetItem(Base):
    __tablename__ = "asset_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal | None] = mapped_column(Money)
    measure: Mapped[str | None] = mapped_column(String(32))
    value: Mapped[Decimal | None] = mapped_column(Money)
    value_raw: Mapped[str | None] = mapped_column(Text)
    value_source: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class FindingRow(Base):
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(8), index=True)
    severity: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(Text)
    expected: Mapped[str | None] = mapped_column(Text)
    actual: Mapped[str | None] = mapped_column(Text)
    arithmetic: Mapped[str | None] = mapped_column(Text)
    tolerance: Mapped[str | None] = mapped_column(Text)
    diagnosis: Mapped[str | None] = mapped_column(Text)
    suggestion: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    locations: Mapped[list[Any]] = mapped_column(JSON)


class UnitCost(Base):
    """A project stating a quantity and a cost: the unit cost, derived at load time."""

    __tablename__ = "unit_costs"
    __table_args__ = (Index("ix_unit_costs_item", "item", "activity"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(_fk("disclosures.id"), index=True)
    project_id: Mapped[int] = mapped_column(_fk("projects.id"), index=True)
    item: Mapped[str] = mapped_column(String(64))  # the kind of thing counted, e.g. 视频监控点位
    activity: Mapped[str] = mapped_column(String(16))  # 运维 / 建设 / 购置 / 服务 / 其他
    measure: Mapped[str] = mapped_column(String(32))  # the indicator's unit as printed: 路, 个
    indicator: Mapped[str | None] = mapped_column(Text)  # the quantity indicator's name
    quantity: Mapped[Decimal] = mapped_column(Money)
    quantity_raw: Mapped[str | None] = mapped_column(Text)
    cost: Mapped[Decimal] = mapped_column(Money)  # 万元
    cost_raw: Mapped[str | None] = mapped_column(Text)
    cost_basis: Mapped[str] = mapped_column(String(32))  # budget / fiscal / cost_indicator …
    unit_cost: Mapped[Decimal] = mapped_column(Money)  # 元 per measure (per year)

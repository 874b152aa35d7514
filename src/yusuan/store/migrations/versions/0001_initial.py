"""Initial schema: documents, units, disclosures and everything read from them; search indexes.

Revision ID: 0001
Revises:
Create Date: 2026-11-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from yusuan.store.schema import Money

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _fk(name: str, target: str, nullable: bool = False) -> sa.Column:
    return sa.Column(
        name, sa.Integer(), sa.ForeignKey(target, ondelete="CASCADE"), nullable=nullable
    )


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=True)


def _str(name: str, n: int, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.String(n), nullable=nullable)


def _money(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, Money(), nullable=nullable)


def _amount(prefix: str) -> list[sa.Column]:
    return [_money(prefix), _text(f"{prefix}_raw"), _text(f"{prefix}_source")]


def _seq() -> sa.Column:
    return sa.Column("seq", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "documents",
        _id(),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "units",
        _id(),
        sa.Column("key", sa.String(255), nullable=False, unique=True),
        sa.Column("name", sa.String(255), nullable=False),
        _str("code", 64),
        _str("province", 64),
        _str("city", 64),
        _str("county", 64),
        _str("level", 16),
        _str("region_source", 16, nullable=False),
    )
    op.create_table(
        "disclosures",
        _id(),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        _fk("unit_id", "units.id", nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        _str("kind", 32, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        _str("unit_name", 255),
        _str("unit_code", 64),
        _str("unit_nature", 64),
        _str("unit_rank", 64),
        _str("unit_funding", 64),
        _str("money_unit", 16),
        _str("schema_id", 64, nullable=False),
        sa.Column("source_path", sa.Text(), nullable=False),
        _str("source_format", 32, nullable=False),
        _money("expenditure_total"),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("infos", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("coverage", sa.JSON(), nullable=False),
        sa.UniqueConstraint("unit_id", "year", "kind", "version", name="uq_disclosure_version"),
    )
    op.create_index("ix_disclosures_unit_year", "disclosures", ["unit_id", "year", "kind"])
    op.create_index("ix_disclosures_unit_id", "disclosures", ["unit_id"])
    op.create_index("ix_disclosures_year", "disclosures", ["year"])
    op.create_index("ix_disclosures_is_current", "disclosures", ["is_current"])

    op.create_table(
        "organisations",
        _id(),
        _fk("disclosure_id", "disclosures.id"),
        _seq(),
        sa.Column("name", sa.Text(), nullable=False),
        _str("key", 255, nullable=False),
        _str("nature", 64),
        _str("rank", 64),
        _str("funding", 64),
    )
    op.create_index("ix_organisations_disclosure_id", "organisations", ["disclosure_id"])
    op.create_index("ix_organisations_key", "organisations", ["key"])
    op.create_table(
        "figures",
        _id(),
        _fk("disclosure_id", "disclosures.id"),
        _seq(),
        _str("section", 32, nullable=False),
        _str("key", 255, nullable=False),
        _money("value"),
        _text("raw"),
        _text("source"),
    )
    op.create_index("ix_figures_disclosure_section", "figures", ["disclosure_id", "section", "key"])
    op.create_table(
        "three_public",
        _id(),
        _fk("disclosure_id", "disclosures.id"),
        _str("item", 32, nullable=False),
        _money("value"),
        _text("raw"),
        _text("source"),
    )
    op.create_index("ix_three_public_disclosure_id", "three_public", ["disclosure_id"])
    op.create_table(
        "budget_tables",
        _id(),
        _fk("disclosure_id", "disclosures.id"),
        _seq(),
        _str("kind", 48, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("empty", sa.Boolean(), nullable=False),
        _text("note"),
        _text("source"),
    )
    op.create_index("ix_budget_tables_disclosure_id", "budget_tables", ["disclosure_id"])
    op.create_table(
        "table_rows",
        _id(),
        _fk("table_id", "budget_tables.id"),
        _fk("disclosure_id", "disclosures.id"),
        _seq(),
        _str("code", 32),
        _text("name"),
        _str("side", 16),
        _text("category"),
        _text("source"),
        sa.Column("keys", sa.JSON(), nullable=False),
    )
    op.create_index("ix_table_rows_table_id", "table_rows", ["table_id"])
    op.create_index("ix_table_rows_disclosure_id", "table_rows", ["disclosure_id"])
    op.create_table(
        "table_cells",
        _id(),
        _fk("row_id", "table_rows.id"),
        _fk("disclosure_id", "disclosures.id"),
        _str("table_kind", 48, nullable=False),
        _str("code", 32),
        sa.Column("column", sa.Text(), nullable=False),
        _money("value", nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        _text("source"),
    )
    op.create_index("ix_table_cells_row_id", "table_cells", ["row_id"])
    op.create_index(
        "ix_cells_disclosure_kind_code", "table_cells", ["disclosure_id", "table_kind", "code"]
    )
    op.create_table(
        "projects",
        _id(),
        _fk("disclosure_id", "disclosures.id"),
        _seq(),
        sa.Column("name", sa.Text(), nullable=False),
        _str("code", 64),
        _str("unit_code", 64),
        _text("unit"),
        _text("title"),
        _text("purpose"),
        _text("goal"),
        _str("start", 64),
        _str("end", 64),
        _text("owner"),
        _text("contact"),
        _str("phone", 64),
        _text("source"),
        *_amount("budget"),
        *_amount("fiscal"),
        *_amount("other"),
        *_amount("total"),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("amounts", sa.JSON(), nullable=False),
        sa.Column("spending_plan", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
    )
    op.create_index("ix_projects_disclosure_id", "projects", ["disclosure_id"])
    op.create_table(
        "indicators",
        _id(),
        _fk("disclosure_id", "disclosures.id"),
        _fk("project_id", "projects.id", nullable=True),
        _seq(),
        _text("level1"),
        _text("level2"),
        _text("level3"),
        _str("category1", 64),
        _str("category2", 64),
        _text("description"),
        _text("basis"),
        sa.Column("has_value", sa.Boolean(), nullable=False),
        _text("value_raw"),
        _str("operator", 4),
        _money("number"),
        _str("value_unit", 64),
        _text("value_text"),
        _text("source"),
    )
    op.create_index("ix_indicators_disclosure_id", "indicators", ["disclosure_id"])
    op.create_index("ix_indicators_project_id", "indicators", ["project_id"])
    op.create_table(
        "procurement_items",
        _id(),
        _fk("disclosure_id", "disclosures.id"),
        _seq(),
        _text("project"),
        *_amount("project_budget"),
        _text("item"),
        _str("catalog_code", 64),
        _str("measure", 32),
        _money("quantity"),
        *_amount("unit_price"),
        *_amount("amount"),
        _text("source"),
    )
    op.create_index("ix_procurement_items_disclosure_id", "procurement_items", ["disclosure_id"])
    op.create_table(
        "asset_items",
        _id(),
        _fk("disclosure_id", "disclosures.id"),
        _seq(),
        sa.Column("category", sa.Text(), nullable=False),
        _money("quantity"),
        _str("measure", 32),
        *_amount("value"),
        _text("source"),
    )
    op.create_index("ix_asset_items_disclosure_id", "asset_items", ["disclosure_id"])
    op.create_table(
        "findings",
        _id(),
        _fk("disclosure_id", "disclosures.id"),
        _seq(),
        _str("code", 8, nullable=False),
        _str("severity", 8, nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        _text("expected"),
        _text("actual"),
        _text("arithmetic"),
        _text("tolerance"),
        _text("diagnosis"),
        _text("suggestion"),
        _text("section"),
        sa.Column("locations", sa.JSON(), nullable=False),
    )
    op.create_index("ix_findings_disclosure_id", "findings", ["disclosure_id"])
    op.create_index("ix_findings_code", "findings", ["code"])
    op.create_table(
        "unit_costs",
        _id(),
        _fk("disclosure_id", "disclosures.id"),
        _fk("project_id", "projects.id"),
        _str("item", 64, nullable=False),
        _str("activity", 16, nullable=False),
        _str("measure", 32, nullable=False),
        _text("indicator"),
        _money("quantity", nullable=False),
        _text("quantity_raw"),
        _money("cost", nullable=False),
        _text("cost_raw"),
        _str("cost_basis", 32, nullable=False),
        _money("unit_cost", nullable=False),
    )
    op.create_index("ix_unit_costs_item", "unit_costs", ["item", "activity"])
    op.create_index("ix_unit_costs_disclosure_id", "unit_costs", ["disclosure_id"])
    op.create_index("ix_unit_costs_project_id", "unit_costs", ["project_id"])

    _search_index()


def _search_index() -> None:
    """Chinese full-text search without a word segmenter: character trigrams on both back ends."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # External content: the text lives once, in projects.search_text; the loader fills it.
        op.execute(
            "CREATE VIRTUAL TABLE project_fts USING fts5("
            "search_text, content='projects', content_rowid='id', tokenize='trigram')"
        )
        # Two-character words (监控, 车辆) are shorter than a trigram: index each project's
        # distinct bigrams as " 监控 " so they become trigram queries too (contentless).
        op.execute(
            "CREATE VIRTUAL TABLE project_bigrams USING fts5(grams, content='', tokenize='trigram')"
        )
    elif bind.dialect.name == "postgresql":
        op.create_table(
            "project_bigrams",
            sa.Column(
                "project_id",
                sa.Integer(),
                sa.ForeignKey("projects.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column("grams", sa.Text(), nullable=False),
        )
        available = bind.execute(
            sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        ).first()
        if available is None:
            return  # LIKE still answers, by a scan
        try:
            with bind.begin_nested():  # may lack the privilege: keep the migration going
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except sa.exc.DBAPIError:
            return
        op.execute(
            "CREATE INDEX ix_projects_search_trgm ON projects USING gin (search_text gin_trgm_ops)"
        )
        op.execute(
            "CREATE INDEX ix_project_bigrams_trgm ON project_bigrams USING gin (grams gin_trgm_ops)"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS project_fts")
    op.execute("DROP TABLE IF EXISTS project_bigrams")
    for table in (
        "unit_costs",
        "findings",
        "asset_items",
        "procurement_items",
        "indicators",
        "projects",
        "table_cells",
        "table_rows",
        "budget_tables",
        "three_public",
        "figures",
        "organisations",
        "disclosures",
        "units",
        "documents",
    ):
        op.drop_table(table)

"""Disclosures know their scope: 部门 (department) or 单位 (unit); tables their money unit.

A unit's 部门预算 and its 单位预算 of one year are two disclosures, not two versions of one, so
the scope joins the version key. A table records the unit it was printed in (万元 / 元; its
values are 万元 either way). Existing rows keep NULL (not said).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("budget_tables", sa.Column("money_unit", sa.String(16), nullable=True))
    with op.batch_alter_table("disclosures") as batch:
        batch.add_column(sa.Column("scope", sa.String(16), nullable=True))
        batch.drop_constraint("uq_disclosure_version", type_="unique")
        batch.create_unique_constraint(
            "uq_disclosure_version", ["unit_id", "year", "kind", "scope", "version"]
        )


def downgrade() -> None:
    with op.batch_alter_table("disclosures") as batch:
        batch.drop_constraint("uq_disclosure_version", type_="unique")
        batch.create_unique_constraint(
            "uq_disclosure_version", ["unit_id", "year", "kind", "version"]
        )
        batch.drop_column("scope")
    with op.batch_alter_table("budget_tables") as batch:
        batch.drop_column("money_unit")

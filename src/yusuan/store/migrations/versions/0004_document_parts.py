"""The files that are parts of a disclosure (Jiangsu's tables PDF beside the narrative) know it.

``documents.disclosure_id`` links a part's file to the disclosure it was stored in, so deleting
the disclosure deletes the file record too (ON DELETE CASCADE) and loading the pair again
stores it whole; a disclosure's own document keeps NULL. Existing parts are linked from the
parts each disclosure lists (``extra``), the first disclosure that lists one owning it.

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-10
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("disclosure_id", sa.Integer(), nullable=True))
        batch.create_index("ix_documents_disclosure_id", ["disclosure_id"])
        batch.create_foreign_key(
            "fk_documents_disclosure", "disclosures", ["disclosure_id"], ["id"], ondelete="CASCADE"
        )
    bind = op.get_bind()
    link = sa.text(
        "UPDATE documents SET disclosure_id = :did WHERE sha256 = :sha "
        "AND disclosure_id IS NULL AND id NOT IN (SELECT document_id FROM disclosures)"
    )
    # Only the parts are read (``extra`` holds the narrative too: large).
    parts = "json_extract(extra, '$.parts')" if bind.dialect.name == "sqlite" else "extra->'parts'"
    listed = sa.text(
        f"SELECT id, {parts} FROM disclosures WHERE json_array_length({parts}) > 0 ORDER BY id"
    )
    for did, found in bind.execute(listed).all():
        for part in json.loads(found) if isinstance(found, str) else found:
            bind.execute(link, {"did": did, "sha": part["sha256"]})


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint("fk_documents_disclosure", type_="foreignkey")
        batch.drop_index("ix_documents_disclosure_id")
        batch.drop_column("disclosure_id")

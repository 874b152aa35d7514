"""SQLite: one search index instead of two, without positions.

``project_fts`` becomes a trigram index with ``detail=none`` (which rows hold a trigram, not
where): a term is found as "every one of its trigrams", then checked with LIKE on the stored
text. Two-character terms look up the trigrams that begin with them in ``project_fts_terms``
(an fts5vocab table), so the bigram index ``project_bigrams`` goes. Indexing cost about a
third, and the index is smaller. The search text now ends with a newline, so every pair of
characters begins some trigram. PostgreSQL is unchanged.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FTS = (
    "CREATE VIRTUAL TABLE project_fts USING fts5(search_text, content='projects', "
    "content_rowid='id', tokenize='trigram'{})"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS project_bigrams")
    op.execute("DROP TABLE IF EXISTS project_fts")
    op.execute(
        "UPDATE projects SET search_text = search_text || char(10) "
        "WHERE substr(search_text, -1) <> char(10)"
    )
    op.execute(FTS.format(", detail=none"))
    op.execute("INSERT INTO project_fts(project_fts) VALUES ('rebuild')")
    op.execute("CREATE VIRTUAL TABLE project_fts_terms USING fts5vocab(project_fts, 'row')")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from yusuan.store.mapping import bigrams

    op.execute("DROP TABLE IF EXISTS project_fts_terms")
    op.execute("DROP TABLE IF EXISTS project_fts")
    op.execute(FTS.format(""))
    op.execute("INSERT INTO project_fts(project_fts) VALUES ('rebuild')")
    op.execute(
        "CREATE VIRTUAL TABLE project_bigrams USING fts5(grams, content='', tokenize='trigram')"
    )
    rows = bind.execute(sa.text("SELECT id, search_text FROM projects")).all()
    if rows:
        bind.execute(
            sa.text("INSERT INTO project_bigrams(rowid, grams) VALUES (:id, :grams)"),
            [{"id": i, "grams": bigrams(t)} for i, t in rows],
        )

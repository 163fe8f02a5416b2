"""Import batches: every import run is a batch, and its activities and files name it.

``runlean import --undo BATCH`` deletes a batch's activities (with their stream files) and its
imported-file records. Activities imported before this revision have no batch (NULL); they
can still be deleted one by one.

Now that rows can be deleted, ids must never be reused (an ``--undo 3`` copied from an old
terminal must not remove a later import): on SQLite, ``import_batches`` and ``activities``
use ``AUTOINCREMENT`` (``activities`` is copied into a new table for it); PostgreSQL's
sequences never reuse ids.

Revision ID: 0003_import_batches
Revises: 0002_logs
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003_import_batches"
down_revision: str | None = "0002_logs"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("sources_json", sa.JSON(), nullable=False),
        sa.Column("n_files", sa.Integer(), nullable=False),
        sqlite_autoincrement=True,
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in ("activities", "imported_files"):
        recreate = sqlite and table == "activities"
        with op.batch_alter_table(table, recreate="always" if recreate else "auto",
                                  table_kwargs={"sqlite_autoincrement": True} if recreate
                                  else {}) as batch:
            batch.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(f"fk_{table}_batch_id", "import_batches",
                                     ["batch_id"], ["id"])
            batch.create_index(f"ix_{table}_batch_id", ["batch_id"])


def downgrade() -> None:
    for table in ("imported_files", "activities"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_batch_id")
            batch.drop_constraint(f"fk_{table}_batch_id", type_="foreignkey")
            batch.drop_column("batch_id")
    op.drop_table("import_batches")

"""Daily logs: weight, intake, sleep, tape measurements.

Revision ID: 0002_logs
Revises: 0001_initial
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002_logs"
down_revision: str | None = "0001_initial"
branch_labels: str | None = None
depends_on: str | None = None


def _common() -> list[sa.Column[object]]:
    return [
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("logged_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "weight_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("date", sa.Date(), nullable=False, unique=True),
        sa.Column("weight_kg", sa.Float(), nullable=False),
        sa.Column("body_fat_pct", sa.Float(), nullable=True),
        *_common(),
    )
    op.create_table(
        "intake_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("date", sa.Date(), nullable=False, unique=True),
        sa.Column("kcal", sa.Float(), nullable=False),
        sa.Column("protein_g", sa.Float(), nullable=True),
        sa.Column("carbs_g", sa.Float(), nullable=True),
        sa.Column("fat_g", sa.Float(), nullable=True),
        *_common(),
    )
    op.create_table(
        "sleep_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("date", sa.Date(), nullable=False, unique=True),
        sa.Column("hours", sa.Float(), nullable=False),
        *_common(),
    )
    op.create_table(
        "measurement_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("date", sa.Date(), nullable=False, unique=True),
        sa.Column("waist_cm", sa.Float(), nullable=True),
        sa.Column("neck_cm", sa.Float(), nullable=True),
        sa.Column("hip_cm", sa.Float(), nullable=True),
        *_common(),
    )


def downgrade() -> None:
    for table in ("measurement_log", "sleep_log", "intake_log", "weight_log"):
        op.drop_table(table)

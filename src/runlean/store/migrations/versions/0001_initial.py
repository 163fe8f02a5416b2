"""Initial schema: profile, plans, imported/failed files, activities.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "profile",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_json", sa.JSON(), nullable=False),
        sa.Column("habits_json", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column("plan_json", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_plans_is_active", "plans", ["is_active"])
    op.create_table(
        "imported_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("n_activities", sa.Integer(), nullable=False),
    )
    op.create_table(
        "failed_imports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_failed_imports_sha256", "failed_imports", ["sha256"])
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("source_format", sa.String(8), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("session_index", sa.Integer(), nullable=False),
        sa.Column("start_utc", sa.DateTime(), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=True),
        sa.Column("utc_offset_s", sa.Integer(), nullable=True),
        sa.Column("sport", sa.String(64), nullable=False),
        sa.Column("sub_sport", sa.String(64), nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("moving_time_s", sa.Float(), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("distance_source", sa.String(16), nullable=True),
        sa.Column("ascent_m", sa.Float(), nullable=True),
        sa.Column("avg_hr_bpm", sa.Float(), nullable=True),
        sa.Column("max_hr_bpm", sa.Float(), nullable=True),
        sa.Column("avg_speed_m_per_s", sa.Float(), nullable=True),
        sa.Column("device", sa.Text(), nullable=True),
        sa.Column("device_energy_kcal", sa.Float(), nullable=True),
        sa.Column("energy_kcal", sa.Float(), nullable=True),
        sa.Column("net_energy_kcal", sa.Float(), nullable=True),
        sa.Column("energy_method", sa.String(64), nullable=True),
        sa.Column("epoc_kcal", sa.Float(), nullable=True),
        sa.Column("load", sa.Float(), nullable=True),
        sa.Column("load_method", sa.String(64), nullable=True),
        sa.Column("zones_json", sa.JSON(), nullable=True),
        sa.Column("laps_json", sa.JSON(), nullable=False),
        sa.Column("warnings_json", sa.JSON(), nullable=False),
        sa.Column("sanitised_json", sa.JSON(), nullable=False),
        sa.Column("stream_path", sa.Text(), nullable=True),
        sa.Column("n_samples", sa.Integer(), nullable=False),
        sa.Column("planned_session_uid", sa.String(64), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_activities_content_sha256", "activities", ["content_sha256"])
    op.create_index("ix_activities_start_utc", "activities", ["start_utc"])


def downgrade() -> None:
    op.drop_table("activities")
    op.drop_table("failed_imports")
    op.drop_table("imported_files")
    op.drop_table("plans")
    op.drop_table("profile")

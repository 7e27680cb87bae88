"""relationships: events read from X, notes, tracking marks, weekly reports

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 15:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("post_url", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("guild_id", "account_id", "kind", "ref", name="uq_person_event_once"),
    )
    op.create_index(op.f("ix_person_event_guild_id"), "person_event", ["guild_id"])
    op.create_index(op.f("ix_person_event_account_id"), "person_event", ["account_id"])
    op.create_index(op.f("ix_person_event_at"), "person_event", ["at"])
    op.create_table(
        "person_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_person_note_guild_id"), "person_note", ["guild_id"])
    op.create_index(op.f("ix_person_note_account_id"), "person_note", ["account_id"])
    op.create_table(
        "relationship_state",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("last_own_post_id", sa.String(length=32), nullable=True),
        sa.Column("last_mention_id", sa.String(length=32), nullable=True),
        sa.Column("tracked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tracking_error", sa.String(length=500), nullable=True),
        sa.Column("report_weekday", sa.Integer(), nullable=False),
        sa.Column("report_hour", sa.Integer(), nullable=False),
        sa.Column("report_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("quiet_weeks", sa.Integer(), nullable=False),
        sa.Column("seed_learning", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id"),
    )
    op.create_table(
        "tracking_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posts_read", sa.Integer(), nullable=False),
        sa.Column("accounts_read", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("cost_micros", sa.BigInteger(), nullable=False),
        sa.Column("paid_reads", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_tracking_run_guild_id"), "tracking_run", ["guild_id"])
    op.create_index(op.f("ix_tracking_run_at"), "tracking_run", ["at"])
    op.create_table(
        "weekly_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("guild_id", "week_start", name="uq_weekly_report_week"),
    )
    op.create_index(op.f("ix_weekly_report_guild_id"), "weekly_report", ["guild_id"])


def downgrade() -> None:
    op.drop_table("weekly_report")
    op.drop_table("tracking_run")
    op.drop_table("relationship_state")
    op.drop_table("person_note")
    op.drop_table("person_event")

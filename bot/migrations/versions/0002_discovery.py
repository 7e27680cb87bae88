"""discovery: suggestions, runs, per-team account state

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 05:18:53.909094
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "discovery_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("cost_micros", sa.BigInteger(), nullable=False),
        sa.Column("seeds_crawled", sa.Integer(), nullable=False),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("screened_out", sa.JSON(), nullable=False),
        sa.Column("shortlisted", sa.Integer(), nullable=False),
        sa.Column("suggested", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("discovery_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_discovery_run_guild_id"), ["guild_id"], unique=False)

    op.create_table(
        "guild_account",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_suggested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("followed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("guild_id", "account_id"),
    )
    op.create_table(
        "suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("digest_day", sa.Date(), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("followed_by", sa.JSON(), nullable=False),
        sa.Column("follows_team", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.String(length=500), nullable=False),
        sa.Column("check", sa.JSON(), nullable=False),
        sa.Column("activity", sa.JSON(), nullable=False),
        sa.Column("openers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("guild_id", "digest_day", "account_id", name="uq_suggestion_day_account"),
    )
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestion_digest_day"), ["digest_day"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_guild_id"), ["guild_id"], unique=False)

    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        # Existing teams get the defaults the model gives new ones.
        batch_op.add_column(sa.Column("topics", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("suggestion_cooldown_days", sa.Integer(), nullable=False, server_default="14"))
        batch_op.add_column(sa.Column("full_crawl_days", sa.Integer(), nullable=False, server_default="30"))


def downgrade() -> None:
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.drop_column("full_crawl_days")
        batch_op.drop_column("suggestion_cooldown_days")
        batch_op.drop_column("topics")

    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_guild_id"))
        batch_op.drop_index(batch_op.f("ix_suggestion_digest_day"))

    op.drop_table("suggestion")
    op.drop_table("guild_account")
    with op.batch_alter_table("discovery_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_discovery_run_guild_id"))

    op.drop_table("discovery_run")

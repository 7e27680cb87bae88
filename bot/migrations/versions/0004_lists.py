"""lists

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 05:44:29.713168
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "list_member",
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by_us", sa.Boolean(), nullable=False),
        sa.Column("removed_on_x_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("list_id", "account_id"),
    )
    op.create_table(
        "shown_conversation",
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("list_id", "conversation_id"),
    )
    op.create_table(
        "x_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("x_list_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=25), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("description", sa.String(length=100), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("seed_weight", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("watch_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("watch_thread_id", sa.BigInteger(), nullable=True),
        sa.Column("watch_every_hours", sa.Float(), nullable=False),
        sa.Column("last_seen_post_id", sa.String(length=32), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("new_posts_per_hour", sa.Float(), nullable=True),
        sa.Column("watch_error", sa.String(length=500), nullable=True),
        sa.Column("members_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("guild_id", "x_list_id", name="uq_x_list_guild_list"),
    )
    with op.batch_alter_table("x_list", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_x_list_guild_id"), ["guild_id"], unique=False)

    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("daily_list_add_cap", sa.Integer(), nullable=False, server_default="50"))

    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suggested_list_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("list_match", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_column("list_match")
        batch_op.drop_column("suggested_list_id")

    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.drop_column("daily_list_add_cap")

    with op.batch_alter_table("x_list", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_x_list_guild_id"))

    op.drop_table("x_list")
    op.drop_table("shown_conversation")
    op.drop_table("list_member")

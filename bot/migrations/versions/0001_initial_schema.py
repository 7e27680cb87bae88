"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 05:07:26.204173
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("handle", sa.String(length=15), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("bio", sa.String(length=1000), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("profile_image_url", sa.String(length=500), nullable=False),
        sa.Column("followers_count", sa.Integer(), nullable=False),
        sa.Column("following_count", sa.Integer(), nullable=False),
        sa.Column("post_count", sa.Integer(), nullable=False),
        sa.Column("listed_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("most_recent_post_id", sa.String(length=32), nullable=True),
        sa.Column("most_recent_post_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("protected", sa.Boolean(), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_handle"), ["handle"], unique=False)

    op.create_table(
        "api_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=True),
        sa.Column("endpoint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("resources", sa.Integer(), nullable=False),
        sa.Column("billed_resources", sa.Integer(), nullable=False),
        sa.Column("cost_micros", sa.BigInteger(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("api_call", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_call_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_api_call_endpoint"), ["endpoint"], unique=False)
        batch_op.create_index(batch_op.f("ix_api_call_guild_id"), ["guild_id"], unique=False)

    op.create_table(
        "billed_resource",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("resource_id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("day", "kind", "resource_id"),
    )
    op.create_table(
        "crawl_state",
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("cursor", sa.String(length=256), nullable=True),
        sa.Column("full_crawl_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_full_crawl_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_refresh_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("known_count", sa.Integer(), nullable=True),
        sa.Column("needs_full_crawl", sa.Boolean(), nullable=False),
        sa.Column("pages_read", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("account_id", "direction"),
    )
    op.create_table(
        "follow_edge",
        sa.Column("follower_id", sa.String(length=32), nullable=False),
        sa.Column("followee_id", sa.String(length=32), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("follower_id", "followee_id"),
    )
    with op.batch_alter_table("follow_edge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_edge_followee_id"), ["followee_id"], unique=False)

    op.create_table(
        "guild_settings",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("digest_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("digest_hour", sa.Integer(), nullable=False),
        sa.Column("digest_timezone", sa.String(length=64), nullable=False),
        sa.Column("digest_size", sa.Integer(), nullable=False),
        sa.Column("silence_days", sa.Integer(), nullable=False),
        sa.Column("min_reply_share", sa.Float(), nullable=False),
        sa.Column("min_posts_per_week", sa.Float(), nullable=False),
        sa.Column("daily_follow_cap", sa.Integer(), nullable=False),
        sa.Column("approver_role_id", sa.BigInteger(), nullable=True),
        sa.Column("approvals_needed", sa.Integer(), nullable=False),
        sa.Column("team_account_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id"),
    )
    op.create_table(
        "post",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("author_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=True),
        sa.Column("in_reply_to_account_id", sa.String(length=32), nullable=True),
        sa.Column("replied_to_post_id", sa.String(length=32), nullable=True),
        sa.Column("quoted_post_id", sa.String(length=32), nullable=True),
        sa.Column("reposted_post_id", sa.String(length=32), nullable=True),
        sa.Column("mention_ids", sa.JSON(), nullable=False),
        sa.Column("mention_handles", sa.JSON(), nullable=False),
        sa.Column("like_count", sa.Integer(), nullable=False),
        sa.Column("reply_count", sa.Integer(), nullable=False),
        sa.Column("repost_count", sa.Integer(), nullable=False),
        sa.Column("quote_count", sa.Integer(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_post_author_id"), ["author_id"], unique=False)

    op.create_table(
        "seed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("handle", sa.String(length=15), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("added_by", sa.BigInteger(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("guild_id", "account_id", name="uq_seed_guild_account"),
    )
    with op.batch_alter_table("seed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seed_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_seed_guild_id"), ["guild_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("seed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seed_guild_id"))
        batch_op.drop_index(batch_op.f("ix_seed_account_id"))

    op.drop_table("seed")
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_post_author_id"))

    op.drop_table("post")
    op.drop_table("guild_settings")
    with op.batch_alter_table("follow_edge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_edge_followee_id"))

    op.drop_table("follow_edge")
    op.drop_table("crawl_state")
    op.drop_table("billed_resource")
    with op.batch_alter_table("api_call", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_call_guild_id"))
        batch_op.drop_index(batch_op.f("ix_api_call_endpoint"))
        batch_op.drop_index(batch_op.f("ix_api_call_at"))

    op.drop_table("api_call")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_handle"))

    op.drop_table("account")

"""list_claim (a List created on X but maybe not stored here) and reaction_note (members told once, across restarts)

Revision ID: 0010
Revises: 0011
Create Date: 2026-11-30 21:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "list_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=25), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("description", sa.String(length=100), nullable=False),
        sa.Column("seed_weight", sa.Float(), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("x_list_id", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_list_claim_guild_id"), "list_claim", ["guild_id"], unique=False)
    op.create_table(
        "reaction_note",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "user_id", "reason"),
    )


def downgrade() -> None:
    op.drop_table("reaction_note")
    op.drop_index(op.f("ix_list_claim_guild_id"), table_name="list_claim")
    op.drop_table("list_claim")

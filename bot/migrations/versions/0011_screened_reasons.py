"""discovery_run.screened_reasons: why each account screened out after its timeline read (hostile) was dropped

Revision ID: 0011
Revises: 0007
Create Date: 2026-11-30 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Runs stored before this revision kept only the counts (screened_out): an empty map, not NULL.
    with op.batch_alter_table("discovery_run") as batch:
        batch.add_column(sa.Column("screened_reasons", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("discovery_run") as batch:
        batch.drop_column("screened_reasons")

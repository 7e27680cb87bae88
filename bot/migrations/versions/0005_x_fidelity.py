"""x fidelity: a free activity signal without a last-post id; the team's account by handle

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        # The read before the post count grew: the account posted after it (X's post vocabulary sends no id).
        batch.add_column(sa.Column("posted_since", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("guild_settings") as batch:
        batch.add_column(sa.Column("team_account_handle", sa.String(length=15), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("guild_settings") as batch:
        batch.drop_column("team_account_handle")
    with op.batch_alter_table("account") as batch:
        batch.drop_column("posted_since")

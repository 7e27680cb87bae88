"""post.lang (X's language guess for each stored post) and guild_settings.language (the team's)

Revision ID: 0007
Revises: 0008
Create Date: 2026-11-30 15:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: posts stored before this revision have no language; the openers then judge it from the text.
    with op.batch_alter_table("post") as batch:
        batch.add_column(sa.Column("lang", sa.String(length=16), nullable=True))
    with op.batch_alter_table("guild_settings") as batch:
        batch.add_column(sa.Column("language", sa.String(length=16), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("guild_settings") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("post") as batch:
        batch.drop_column("lang")

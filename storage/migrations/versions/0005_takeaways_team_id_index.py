"""Index takeaways by (team_id, id): read one workspace in id order without a full scan.

Revision ID: 0005_takeaways_team_id_index
Revises: 0004_search
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0005_takeaways_team_id_index"
down_revision = "0004_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_takeaways_team_id", "takeaways", ["team_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_takeaways_team_id", table_name="takeaways")

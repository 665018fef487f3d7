"""Takeaways and follow-ups numbered per workspace.

Global ids told a new workspace how busy the others were (its first takeaway was #2,
or #40,512). Each row gets a `number` within its workspace, and each workspace counts
its own (`takeaway_seq`, `followup_seq`). Existing rows keep their id as their number,
so every #id already written in Slack still leads to the same takeaway.

Revision ID: 0008_numbers
Revises: 0007_uids
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_numbers"
down_revision = "0007_uids"
branch_labels = None
depends_on = None

TABLES = {"takeaways": "takeaway_seq", "followups": "followup_seq"}


def upgrade() -> None:
    for table, seq in TABLES.items():
        op.add_column(
            "workspaces",
            sa.Column(seq, sa.BigInteger(), nullable=False, server_default=sa.text("0")),
        )
        # Nullable: SQLite cannot add a NOT NULL column the unique index would accept;
        # the application always sets it.
        op.add_column(table, sa.Column("number", sa.BigInteger(), nullable=True))
        op.execute(f"UPDATE {table} SET number = id WHERE number IS NULL")
        op.execute(
            f"UPDATE workspaces SET {seq} = COALESCE("
            f"(SELECT MAX(number) FROM {table} WHERE {table}.team_id = workspaces.team_id), 0)"
        )
        op.create_index(f"uq_{table}_team_number", table, ["team_id", "number"], unique=True)


def downgrade() -> None:
    for table, seq in TABLES.items():
        op.drop_index(f"uq_{table}_team_number", table_name=table)
        op.drop_column(table, "number")
        op.drop_column("workspaces", seq)

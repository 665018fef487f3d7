"""Stable ids for takeaways and follow-ups, so an export re-imported creates no duplicates.

A row's `uid` travels with it through export and import (ids do not: another database
numbers rows its own way). Existing rows get a random one. The column stays nullable:
SQLite can only add a NOT NULL column with a constant default, which the unique index
would refuse; the application always sets it.

Revision ID: 0007_uids
Revises: 0006_oauth
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_uids"
down_revision = "0006_oauth"
branch_labels = None
depends_on = None

TABLES = ("takeaways", "followups")


def upgrade() -> None:
    random_uid = (
        "lower(hex(randomblob(16)))"
        if op.get_bind().dialect.name == "sqlite"
        else "md5(random()::text || clock_timestamp()::text || id::text)"
    )
    for table in TABLES:
        op.add_column(table, sa.Column("uid", sa.String(64), nullable=True))
        op.execute(f"UPDATE {table} SET uid = {random_uid} WHERE uid IS NULL")
        op.create_index(f"uq_{table}_team_uid", table, ["team_id", "uid"], unique=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"uq_{table}_team_uid", table_name=table)
        op.drop_column(table, "uid")

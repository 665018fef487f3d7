"""Core tables: workspaces, takeaways, tags.

Revision ID: 0001_core
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import BigId, UTCDateTime

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("content_version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_workspaces")),
    )
    op.create_table(
        "takeaways",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("conference", sa.String(200), nullable=True),
        sa.Column("talk", sa.String(300), nullable=True),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_takeaways_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takeaways")),
    )
    op.create_index("ix_takeaways_team_created", "takeaways", ["team_id", "created_at"])
    op.create_index("ix_takeaways_team_author", "takeaways", ["team_id", "author"])
    op.create_index("ix_takeaways_team_conference", "takeaways", ["team_id", "conference"])
    op.create_table(
        "takeaway_tags",
        sa.Column("takeaway_id", BigId, nullable=False),
        sa.Column("tag", sa.String(64), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["takeaway_id"],
            ["takeaways.id"],
            name=op.f("fk_takeaway_tags_takeaway_id_takeaways"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("takeaway_id", "tag", name=op.f("pk_takeaway_tags")),
    )
    op.create_index("ix_takeaway_tags_team_tag", "takeaway_tags", ["team_id", "tag"])


def downgrade() -> None:
    op.drop_index("ix_takeaway_tags_team_tag", table_name="takeaway_tags")
    op.drop_table("takeaway_tags")
    op.drop_index("ix_takeaways_team_conference", table_name="takeaways")
    op.drop_index("ix_takeaways_team_author", table_name="takeaways")
    op.drop_index("ix_takeaways_team_created", table_name="takeaways")
    op.drop_table("takeaways")
    op.drop_table("workspaces")

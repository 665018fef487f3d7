"""Slack surfaces: channel default conferences, event claims, the source author of a saved
message.

Revision ID: 0003_surfaces
Revises: 0002_followups
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0003_surfaces"
down_revision = "0002_followups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE on both backends (SQLite >= 3.35 drops columns too). Batch mode
    # would copy the table, and dropping the old copy with foreign keys on would cascade
    # into takeaway_tags.
    op.add_column("takeaways", sa.Column("source_author", sa.String(64), nullable=True))
    op.add_column("takeaways", sa.Column("source_author_name", sa.String(200), nullable=True))
    op.create_table(
        "channel_conferences",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("conference", sa.String(200), nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_channel_conferences_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "channel_id", name=op.f("pk_channel_conferences")),
    )
    op.create_table(
        "slack_event_claims",
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_slack_event_claims")),
    )
    op.create_index(
        "ix_slack_event_claims_claimed_at", "slack_event_claims", ["claimed_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_slack_event_claims_claimed_at", table_name="slack_event_claims")
    op.drop_table("slack_event_claims")
    op.drop_table("channel_conferences")
    op.drop_column("takeaways", "source_author_name")
    op.drop_column("takeaways", "source_author")

"""Conferences as events: their schedule (talks), who goes, who means to attend which
talk, the pre-conference briefs sent (each claimed once), and each person's own
notification settings (timezone, working hours, what they muted).

Revision ID: 0011_conferences
Revises: 0009_sources
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_conferences"
# Issue 15 (built in parallel) follows as 0012_knowledge.
down_revision = "0009_sources"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _workspace(table: str) -> sa.Column[str]:
    """The team_id column of a workspace's rows, gone with the workspace."""
    return sa.Column(
        "team_id",
        sa.String(32),
        sa.ForeignKey(
            "workspaces.team_id", ondelete="CASCADE", name=f"fk_{table}_team_id_workspaces"
        ),
        nullable=False,
    )


def upgrade() -> None:
    # Reports read a conference's follow-ups through its takeaways: without this, SQLite
    # scanned every follow-up once per takeaway (2.8 s for a 10k-takeaway conference).
    op.create_index("ix_followups_takeaway", "followups", ["takeaway_id"])
    op.create_table(
        "talks",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        _workspace("talks"),
        sa.Column("uid", sa.String(64), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("conference", sa.String(200), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("speakers", sa.JSON(), nullable=False),
        sa.Column("starts_at", _utc(), nullable=True),
        sa.Column("ends_at", _utc(), nullable=True),
        sa.Column("room", sa.String(200), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_talks"),
    )
    op.create_index("uq_talks_team_uid", "talks", ["team_id", "uid"], unique=True)
    op.create_index("uq_talks_team_number", "talks", ["team_id", "number"], unique=True)
    op.create_index(
        "ix_talks_team_conference_start", "talks", ["team_id", "conference", "starts_at"]
    )
    op.create_table(
        "talk_stars",
        sa.Column(
            "talk_id",
            BigId,
            sa.ForeignKey("talks.id", ondelete="CASCADE", name="fk_talk_stars_talk_id_talks"),
            nullable=False,
        ),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("talk_id", "user_id", name="pk_talk_stars"),
    )
    op.create_index("ix_talk_stars_team_user", "talk_stars", ["team_id", "user_id"])
    op.create_table(
        "conference_attendees",
        _workspace("conference_attendees"),
        sa.Column("conference", sa.String(200), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "conference", "user_id", name="pk_conference_attendees"),
    )
    op.add_column("user_settings", sa.Column("timezone_set", sa.String(64), nullable=True))
    op.add_column("user_settings", sa.Column("work_start", sa.Integer(), nullable=True))
    op.add_column("user_settings", sa.Column("work_end", sa.Integer(), nullable=True))
    for muted in ("mute_digest", "mute_briefs"):
        op.add_column(
            "user_settings",
            sa.Column(muted, sa.Boolean(), nullable=False, server_default=sa.false()),
        )
    op.create_table(
        "brief_sends",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("conference", sa.String(200), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("claimed_at", _utc(), nullable=False),
        sa.Column("sent_at", _utc(), nullable=True),
        sa.Column("channel_id", sa.String(32), nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "conference", "user_id", name="pk_brief_sends"),
    )


def downgrade() -> None:
    for column in ("mute_briefs", "mute_digest", "work_end", "work_start", "timezone_set"):
        with op.batch_alter_table("user_settings") as batch:
            batch.drop_column(column)
    op.drop_table("brief_sends")
    op.drop_table("conference_attendees")
    op.drop_index("ix_talk_stars_team_user", table_name="talk_stars")
    op.drop_table("talk_stars")
    op.drop_index("ix_talks_team_conference_start", table_name="talks")
    op.drop_index("uq_talks_team_number", table_name="talks")
    op.drop_index("uq_talks_team_uid", table_name="talks")
    op.drop_table("talks")
    op.drop_index("ix_followups_takeaway", table_name="followups")

"""Knowledge that stays true: co-authors, "+1"s (and the messages whose reactions count
as one), merged takeaways' aliases and the pairs people chose to keep separate; revisit
dates, status (current, outdated, superseded) and the revisit DMs' claims; who hides
from `/takeaway who`.

Revision ID: 0012_knowledge
Revises: 0011_conferences
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0012_knowledge"
down_revision = "0011_conferences"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # Plain ALTER TABLE (see 0003): a server default fills the rows already there.
    op.add_column(
        "takeaways", sa.Column("coauthors", sa.JSON(), nullable=False, server_default="[]")
    )
    op.add_column(
        "takeaways",
        sa.Column("status", sa.String(16), nullable=False, server_default="current"),
    )
    op.add_column("takeaways", sa.Column("revisit_on", sa.Date(), nullable=True))
    op.add_column("takeaways", sa.Column("verified_at", UTCDateTime(), nullable=True))
    op.add_column("takeaways", sa.Column("superseded_by_id", sa.BigInteger(), nullable=True))
    op.add_column(
        "user_settings",
        sa.Column("who_hidden", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_takeaways_status_revisit", "takeaways", ["status", "revisit_on"])
    op.create_table(
        "takeaway_plus_ones",
        sa.Column("takeaway_id", _ID, nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["takeaway_id"],
            ["takeaways.id"],
            name=op.f("fk_takeaway_plus_ones_takeaway_id_takeaways"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("takeaway_id", "user_id", name=op.f("pk_takeaway_plus_ones")),
    )
    op.create_index("ix_takeaway_plus_ones_team_user", "takeaway_plus_ones", ["team_id", "user_id"])
    op.create_table(
        "takeaway_messages",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("ts", sa.String(32), nullable=False),
        sa.Column("takeaway_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["takeaway_id"],
            ["takeaways.id"],
            name=op.f("fk_takeaway_messages_takeaway_id_takeaways"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "channel_id", "ts", name=op.f("pk_takeaway_messages")),
    )
    op.create_index("ix_takeaway_messages_takeaway_id", "takeaway_messages", ["takeaway_id"])
    op.create_table(
        "takeaway_aliases",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("uid", sa.String(64), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=True),
        sa.Column("takeaway_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_takeaway_aliases_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["takeaway_id"],
            ["takeaways.id"],
            name=op.f("fk_takeaway_aliases_takeaway_id_takeaways"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "uid", name=op.f("pk_takeaway_aliases")),
    )
    op.create_index(
        "uq_takeaway_aliases_team_number", "takeaway_aliases", ["team_id", "number"], unique=True
    )
    op.create_index("ix_takeaway_aliases_takeaway_id", "takeaway_aliases", ["takeaway_id"])
    op.create_table(
        "duplicate_dismissals",
        sa.Column("first_id", _ID, nullable=False),
        sa.Column("second_id", _ID, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_id"],
            ["takeaways.id"],
            name=op.f("fk_duplicate_dismissals_first_id_takeaways"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["second_id"],
            ["takeaways.id"],
            name=op.f("fk_duplicate_dismissals_second_id_takeaways"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("first_id", "second_id", name=op.f("pk_duplicate_dismissals")),
    )
    op.create_index("ix_duplicate_dismissals_second_id", "duplicate_dismissals", ["second_id"])


def downgrade() -> None:
    op.drop_index("ix_duplicate_dismissals_second_id", table_name="duplicate_dismissals")
    op.drop_table("duplicate_dismissals")
    op.drop_index("ix_takeaway_aliases_takeaway_id", table_name="takeaway_aliases")
    op.drop_index("uq_takeaway_aliases_team_number", table_name="takeaway_aliases")
    op.drop_table("takeaway_aliases")
    op.drop_index("ix_takeaway_messages_takeaway_id", table_name="takeaway_messages")
    op.drop_table("takeaway_messages")
    op.drop_index("ix_takeaway_plus_ones_team_user", table_name="takeaway_plus_ones")
    op.drop_table("takeaway_plus_ones")
    op.drop_column("user_settings", "who_hidden")
    op.drop_index("ix_takeaways_status_revisit", table_name="takeaways")
    for column in ("superseded_by_id", "verified_at", "revisit_on", "status", "coauthors"):
        op.drop_column("takeaways", column)

"""Where a takeaway comes from: the post or page it was imported from (`source_url`) and
the day of the event or post (`event_date`), kept apart from `created_at` (the day it
was recorded here, which for an import of a 2019 write-up is today).

Revision ID: 0009_sources
Revises: 0008_numbers
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_sources"
down_revision = "0008_numbers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("takeaways", sa.Column("source_url", sa.Text(), nullable=True))
    op.add_column("takeaways", sa.Column("event_date", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("takeaways", "event_date")
    op.drop_column("takeaways", "source_url")

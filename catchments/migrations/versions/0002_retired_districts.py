"""Districts an import's region lacks are retired, not counted: ``districts.retired_at``.

A region whose districts were merged, split or renamed used to leave the old districts in the
register as live places, so their remaining places were counted twice (once in the old district,
once in the one that absorbed it). They are kept (attachments refer to them), marked retired.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from catchments.register import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``districts.retired_at`` (NULL: current); every existing district stays current."""
    # A nullable column is a plain ALTER TABLE … ADD COLUMN on both databases (no table copy on
    # SQLite, where a copy of districts would trip the attachments' foreign key).
    op.add_column("districts", sa.Column("retired_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    """Drop ``districts.retired_at``: retired districts become current again."""
    op.drop_column("districts", "retired_at")

"""takeover by hand-off code: the taking-over kiosk and staff member, the sealed session

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 02:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("help_requests") as batch:
        batch.add_column(sa.Column("takeover_kiosk_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("takeover_by", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("takeover_at", _UTC, nullable=True))
        batch.add_column(sa.Column("session_sealed", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("session_expires_at", _UTC, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("help_requests") as batch:
        batch.drop_column("session_expires_at")
        batch.drop_column("session_sealed")
        batch.drop_column("takeover_at")
        batch.drop_column("takeover_by")
        batch.drop_column("takeover_kiosk_id")

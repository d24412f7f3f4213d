"""kiosks: when a heartbeat's audit sequence went backwards

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 22:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kiosks") as batch:
        batch.add_column(sa.Column("audit_regressed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("audit_regressed_from", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("audit_regressed_to", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kiosks") as batch:
        batch.drop_column("audit_regressed_to")
        batch.drop_column("audit_regressed_from")
        batch.drop_column("audit_regressed_at")

"""fleet view: the doctor summary of a kiosk's latest heartbeat (contract 1.2)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 02:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kiosks") as batch:
        batch.add_column(sa.Column("doctor_ok", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("doctor_warn", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("doctor_fail", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("doctor_problems", sa.String(length=2500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kiosks") as batch:
        batch.drop_column("doctor_problems")
        batch.drop_column("doctor_fail")
        batch.drop_column("doctor_warn")
        batch.drop_column("doctor_ok")

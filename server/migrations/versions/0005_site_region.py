"""kiosks and enrollment codes: the site's Kemendagri regency code

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 00:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("kiosks", "enroll_codes"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("region_code", sa.String(4), nullable=True))


def downgrade() -> None:
    for table in ("kiosks", "enroll_codes"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("region_code")

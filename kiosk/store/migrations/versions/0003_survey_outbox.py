"""The survey queue's table is `survey_outbox`: `outbox` alone read as the applications' queue.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE outbox RENAME TO survey_outbox")


def downgrade() -> None:
    op.execute("ALTER TABLE survey_outbox RENAME TO outbox")

"""The upload plan of each application: inline (0) or the part size its first upload used.

A retry must send the same request shape as the first attempt, whatever the configured part
size is by then; otherwise the server sees another body under the same Idempotency-Key.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE applications ADD COLUMN part_size INTEGER")


def downgrade() -> None:
    op.execute("ALTER TABLE applications DROP COLUMN part_size")

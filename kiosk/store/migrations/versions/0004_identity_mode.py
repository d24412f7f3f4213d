"""How each application's identity was settled, when it is not implied by verification_pending:
"staff" for a supervisor-approved staff verification (issue 13). NULL: online, or offline when
verification_pending is set (every row before this revision).

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE applications ADD COLUMN identity_mode TEXT")


def downgrade() -> None:
    op.execute("ALTER TABLE applications DROP COLUMN identity_mode")

"""counter staff: staff accounts, help requests, staff-verified applications

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "staff_accounts",
        sa.Column("staff_id", sa.String(length=16), nullable=False),
        sa.Column("site", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_salt", sa.LargeBinary(), nullable=False),
        sa.Column("pin_verifier", sa.LargeBinary(), nullable=False),
        sa.Column("pin_key_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("pin_kdf", sa.String(length=200), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("updated_at", _UTC, nullable=False),
        sa.Column("disabled_at", _UTC, nullable=True),
        sa.PrimaryKeyConstraint("staff_id"),
    )
    op.create_index("ix_staff_accounts_site", "staff_accounts", ["site"])
    op.create_table(
        "help_requests",
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("site", sa.String(length=200), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("handoff_code", sa.String(length=8), nullable=False),
        sa.Column("active_code", sa.String(length=8), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("expires_at", _UTC, nullable=False),
        sa.Column("acknowledged_at", _UTC, nullable=True),
        sa.Column("acknowledged_by", sa.String(length=16), nullable=True),
        sa.Column("closed_at", _UTC, nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("request_id"),
    )
    op.create_index(
        "ux_help_requests_site_active_code",
        "help_requests",
        ["site", "active_code"],
        unique=True,
    )
    op.create_index("ix_help_requests_site_state", "help_requests", ["site", "state"])
    op.create_index("ix_help_requests_kiosk_id", "help_requests", ["kiosk_id"])
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("staff_id", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("supervisor_id", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("supervisor_id")
        batch.drop_column("staff_id")
    op.drop_index("ix_help_requests_kiosk_id", table_name="help_requests")
    op.drop_index("ix_help_requests_site_state", table_name="help_requests")
    op.drop_index("ux_help_requests_site_active_code", table_name="help_requests")
    op.drop_table("help_requests")
    op.drop_index("ix_staff_accounts_site", table_name="staff_accounts")
    op.drop_table("staff_accounts")

"""fleet updates: published kiosk builds, and the update state of each kiosk (contract 1.3)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 06:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("store_schema", sa.String(length=32), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("default_share", sa.Integer(), nullable=False),
        sa.Column("site_shares", sa.Text(), nullable=False),
        sa.Column("published_at", _UTC, nullable=False),
        sa.Column("published_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", _UTC, nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_index("ix_releases_version", "releases", ["version"])
    op.create_index("ix_releases_state", "releases", ["state"])
    with op.batch_alter_table("kiosks") as batch:
        batch.add_column(sa.Column("release_state", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("release_running", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("release_target", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("release_previous", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("release_detail", sa.String(length=48), nullable=True))
        batch.add_column(sa.Column("release_changed_at", _UTC, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kiosks") as batch:
        for name in ("changed_at", "detail", "previous", "target", "running", "state"):
            batch.drop_column(f"release_{name}")
    op.drop_index("ix_releases_state", table_name="releases")
    op.drop_index("ix_releases_version", table_name="releases")
    op.drop_table("releases")

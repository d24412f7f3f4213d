"""personal data sealed at rest: reference templates and session NIKs

Reference templates were stored in clear, sessions held the plaintext NIK. Both are now
encrypted with the server's data key (keys/data_secretbox.key); rows already stored are
encrypted here, which needs the keys (server.db.migrate passes them).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 22:20:00
"""

import sqlalchemy as sa
from alembic import context, op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _keys(conn, needed: bool):
    keys = context.config.attributes.get("keys")
    if keys is None and needed:
        raise RuntimeError("stored personal data must be encrypted: run server.db.migrate with keys")
    return keys


def upgrade() -> None:
    conn = op.get_bind()
    citizens = sa.table(
        "citizens", sa.column("nik", sa.String), sa.column("reference_template", sa.LargeBinary)
    )
    rows = conn.execute(
        sa.select(citizens.c.nik, citizens.c.reference_template).where(
            citizens.c.reference_template.is_not(None)
        )
    ).all()
    keys = _keys(conn, bool(rows))
    for nik, template in rows:
        conn.execute(
            citizens.update()
            .where(citizens.c.nik == nik)
            .values(reference_template=keys.seal_data(bytes(template)))
        )
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("nik_sealed", sa.LargeBinary(), nullable=True))
    sessions = sa.table(
        "sessions",
        sa.column("token_hash", sa.String),
        sa.column("nik", sa.String),
        sa.column("nik_sealed", sa.LargeBinary),
    )
    rows = conn.execute(sa.select(sessions.c.token_hash, sessions.c.nik)).all()
    keys = _keys(conn, bool(rows))
    for token_hash, nik in rows:
        conn.execute(
            sessions.update()
            .where(sessions.c.token_hash == token_hash)
            .values(nik_sealed=keys.seal_data(nik.encode()))
        )
    with op.batch_alter_table("sessions") as batch:
        batch.alter_column("nik_sealed", existing_type=sa.LargeBinary(), nullable=False)
        batch.drop_column("nik")


def downgrade() -> None:
    raise RuntimeError("0003 cannot be undone: the plaintext is not kept")

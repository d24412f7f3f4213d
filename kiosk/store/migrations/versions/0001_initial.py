"""Initial kiosk store: sealed applications, attachments, outbox, audit log, key-value state.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Only sealed data and non-personal metadata ever reach these tables.
    op.execute(
        """
        CREATE TABLE applications (
            id TEXT PRIMARY KEY,
            tracking_code TEXT NOT NULL UNIQUE,
            service_id TEXT NOT NULL,
            catalog_version TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN
                ('sealed', 'queued', 'sending', 'accepted', 'rejected')),
            sealed BLOB,
            size INTEGER NOT NULL,
            digest TEXT NOT NULL,
            verification_pending INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            accepted_at REAL,
            server_reference TEXT,
            reason_code TEXT,
            reason TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            parts_sent INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    op.execute("CREATE INDEX applications_state ON applications (state, next_attempt_at)")
    op.execute(
        """
        CREATE TABLE attachments (
            application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            sealed BLOB,
            size INTEGER NOT NULL,
            digest TEXT NOT NULL,
            PRIMARY KEY (application_id, name)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            payload BLOB NOT NULL,
            created_at REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            last_error TEXT
        )
        """
    )
    op.execute(
        """
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            ts REAL NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """
    )
    op.execute("CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def downgrade() -> None:
    for table in ("state", "audit_log", "outbox", "attachments", "applications"):
        op.execute(f"DROP TABLE {table}")

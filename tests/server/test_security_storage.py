"""The server's storage keeps what it confirmed (security issue, defect 9)."""

from __future__ import annotations

from sqlalchemy import text


def test_the_sqlite_server_commits_with_full_synchronous(sqlite_server):
    # 2 is FULL (https://sqlite.org/pragma.html#pragma_synchronous): a commit is on disk before
    # the kiosk hears "accepted", so a power cut cannot take back a confirmed application.
    with sqlite_server.app.state.ctx.engine.connect() as conn:
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"

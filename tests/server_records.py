"""What the reference server recorded, read straight from its database (the tests' view of the
server side; no HTTP)."""

from __future__ import annotations


def verify_attempts(ctx, nik: str) -> list[bool]:
    """The identity checks the server recorded for `nik`, oldest first: matched or not.
    `ctx` is the server's context (`server.app.state.ctx`, `demo.ctx`)."""
    from sqlalchemy import select

    from server.models import VerifyAttempt

    with ctx.db() as db:
        rows = db.scalars(
            select(VerifyAttempt.matched)
            .where(VerifyAttempt.nik_hash == ctx.nik_hash(nik))
            .order_by(VerifyAttempt.id)
        )
        return [bool(matched) for matched in rows]

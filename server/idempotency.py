"""Idempotency-Key handling (the key is the application id), shared by both submit routes.

Same key + same body -> the stored original response; same key + another body -> 422
idempotency_conflict; the same key while the first request still runs -> 409 in_progress.
A request stuck "in progress" longer than `in_progress_timeout_s` (crashed process) is taken
over. State lives in the database so any app process can answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from protocol.signing import canonical_json
from server.context import ServerContext, utcnow
from server.errors import ApiError
from server.models import IdempotencyKey

# Refusals that a later identical request may overcome (missing parts uploaded meanwhile).
RETRYABLE = {"parts_incomplete", "in_progress"}


_INSERT_KEY = insert(IdempotencyKey)
_FINISH_KEY = (
    update(IdempotencyKey)
    .where(IdempotencyKey.key == bindparam("k"))
    .values(state="done", status_code=bindparam("code"), response_body=bindparam("body"))
)


def request_hash(payload: dict) -> str:
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def _claim(ctx: ServerContext, key: str, kiosk_id: str, digest: str) -> tuple[int, dict] | None:
    """Claim the key for this request, or return the stored (status, body) to replay."""
    now = utcnow()
    try:
        with ctx.engine.begin() as conn:
            row = {"key": key, "kiosk_id": kiosk_id, "request_hash": digest, "started_at": now}
            conn.execute(_INSERT_KEY, {**row, "state": "in_progress"})
        return None
    except IntegrityError:
        pass
    with ctx.db() as db:
        row = db.get(IdempotencyKey, key)
        if row is None:  # the first attempt failed and let go of the key just now
            raise ApiError("in_progress", headers={"Retry-After": "1"})
        if row.request_hash != digest or row.kiosk_id != kiosk_id:
            raise ApiError("idempotency_conflict")
        if row.state == "done":
            return row.status_code, json.loads(row.response_body)
        if now - row.started_at < dt.timedelta(seconds=ctx.settings.in_progress_timeout_s):
            raise ApiError("in_progress", headers={"Retry-After": "2"})
        took = db.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.key == key, IdempotencyKey.started_at == row.started_at)
            .values(started_at=now)
        ).rowcount
        if took != 1:
            raise ApiError("in_progress", headers={"Retry-After": "2"})
    return None


def _finish(db: Session, key: str, status: int, body: dict) -> None:
    db.connection().execute(_FINISH_KEY, {"k": key, "code": status, "body": json.dumps(body)})


def run_idempotent(
    ctx: ServerContext,
    key: str,
    kiosk_id: str,
    payload: dict,
    work: Callable[[Session], tuple[int, dict]],
) -> tuple[int, dict, bool]:
    """(status, body, replayed). `work(db)` runs in the transaction that records the answer."""
    stored = _claim(ctx, key, kiosk_id, request_hash(payload))
    if stored is not None:
        return stored[0], stored[1], True
    try:
        with ctx.db() as db:
            status, body = work(db)
            _finish(db, key, status, body)
        return status, body, False
    except ApiError as exc:
        if exc.family == "application" and exc.code not in RETRYABLE:
            # A deterministic refusal of this body: answer it the same way next time.
            with ctx.db() as db:
                _finish(db, key, exc.status, exc.body())
        else:
            _release(ctx, key)
        raise
    except BaseException:
        _release(ctx, key)
        raise


def _release(ctx: ServerContext, key: str) -> None:
    with ctx.db() as db:
        db.execute(delete(IdempotencyKey).where(IdempotencyKey.key == key))

"""Idempotency-Key handling (the key is the application id), shared by both submit routes.

Same key + same body -> the stored original response; same key + another body -> 422
idempotency_conflict; the same key while the first request still runs -> 409 in_progress.
A request stuck "in progress" longer than `in_progress_timeout_s` (crashed process) is taken
over. State lives in the database so any app process can answer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from protocol.signing import canonical_json
from server.context import ServerContext, utcnow
from server.errors import ApiError
from server.models import IdempotencyKey
from server.sqlite_writer import group_commit

# Refusals that a later identical request may overcome (missing parts uploaded meanwhile).
RETRYABLE = {"parts_incomplete", "in_progress"}


_INSERT_KEY = insert(IdempotencyKey)
_FINISH_KEY = (
    update(IdempotencyKey)
    .where(IdempotencyKey.key == bindparam("k"))
    .values(state="done", status_code=bindparam("code"), response_body=bindparam("body"))
)


_SELECT_KEY = select(
    IdempotencyKey.request_hash,
    IdempotencyKey.kiosk_id,
    IdempotencyKey.state,
    IdempotencyKey.started_at,
    IdempotencyKey.status_code,
    IdempotencyKey.response_body,
).where(IdempotencyKey.key == bindparam("k"))


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
        return _stored(ctx, db, key, kiosk_id, digest, now)


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


@functools.cache
def _claim_insert(dialect: str):
    # ON CONFLICT DO NOTHING: a taken key is a row count of 0, not an error that would abort
    # the transaction (PostgreSQL) holding the nonce. A concurrent claim of the same key waits
    # for the first transaction and then sees its outcome.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    claim = dialect_insert(IdempotencyKey).on_conflict_do_nothing(index_elements=["key"])
    return claim.returning(IdempotencyKey.key)  # a row when claimed (rowcount is -1 here)


def _stored(ctx: ServerContext, db: Session, key: str, kiosk_id: str, digest: str, now):
    """For a key already claimed: the stored (status, body) to replay, None when a stale
    in-progress claim (a crashed process) was taken over by this transaction, else ApiError."""
    row = db.connection().execute(_SELECT_KEY, {"k": key}).first()
    if row is None:  # the claim's transaction was rolled back meanwhile
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


def run_idempotent_once(
    ctx: ServerContext,
    key: str,
    kiosk_id: str,
    payload: dict,
    work: Callable[[Session], tuple[int, dict]],
    before: Callable[[Session], None],
) -> tuple[int, dict, bool]:
    """run_idempotent in one transaction: `before(db)` (recording the request's nonce), the
    claim of the key, `work(db)` and its recorded answer commit together. A refusal rolls that
    back (no half-done work kept); the nonce is then recorded again and, for a deterministic
    refusal by `work`, the answer, so the database ends as run_idempotent leaves it. On SQLite
    file databases these run as savepoints of a group commit (server.sqlite_writer): one
    commit, one fsync, for the submissions that arrive together."""
    digest = request_hash(payload)
    row = {"key": key, "kiosk_id": kiosk_id, "request_hash": digest, "started_at": utcnow()}
    claim = _claim_insert(ctx.engine.dialect.name)
    working = False

    def attempt(db: Session) -> tuple[int, dict, bool]:
        nonlocal working
        before(db)
        if db.connection().execute(claim, {**row, "state": "in_progress"}).first() is None:
            stored = _stored(ctx, db, key, kiosk_id, digest, row["started_at"])
            if stored is not None:
                return stored[0], stored[1], True
        working = True
        status, body = work(db)
        _finish(db, key, status, body)
        return status, body, False

    def refusal(exc: ApiError) -> dict | None:
        """The refused claim's stored answer, for a deterministic refusal by `work`."""
        if working and exc.family == "application" and exc.code not in RETRYABLE:
            return {
                **row,
                "state": "done",
                "status_code": exc.status,
                "response_body": json.dumps(exc.body()),
            }
        return None

    committer = group_commit(ctx.engine)
    if committer is None:
        return _attempt(ctx.db, attempt, refusal, before, claim)
    return committer.run(
        lambda db: _attempt(lambda: _savepoint(db), attempt, refusal, before, claim)
    )


@contextlib.contextmanager
def _savepoint(db: Session):
    """A scope of its own inside a group commit's shared transaction."""
    with db.begin_nested():
        yield db


def _attempt(scope, attempt, refusal, before, claim) -> tuple[int, dict, bool]:
    """attempt(db) in a scope of its own (a transaction, or a savepoint of a group commit);
    if refused, the nonce again (a replay racing this attempt is the same request: it is
    refused the same way) and the refused claim's stored answer in a second one."""
    try:
        with scope() as db:
            return attempt(db)
    except ApiError as exc:
        if exc.code == "signature_replayed":
            raise  # nothing of this request is kept
        refused = refusal(exc)
        try:
            with scope() as db:
                before(db)
                if refused is not None:
                    db.connection().execute(claim, refused)
        except ApiError as again:
            if again.code != "signature_replayed":
                raise
        raise


def _release(ctx: ServerContext, key: str) -> None:
    with ctx.db() as db:
        db.execute(delete(IdempotencyKey).where(IdempotencyKey.key == key))

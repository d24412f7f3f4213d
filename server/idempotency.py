"""Idempotency-Key handling (the key is the application id), shared by both submit routes.

Same key + same body -> the stored original response; same key + another body -> 422
idempotency_conflict; the same key while the first request still runs -> 409 in_progress.
A request stuck "in progress" longer than `in_progress_timeout_s` (crashed process) is taken
over. State lives in the database so any app process can answer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import threading
from collections.abc import Callable

try:
    import fcntl
except ImportError:  # Windows: the thread lock alone
    fcntl = None

from sqlalchemy import bindparam, delete, insert, select, update
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
    claim of the key, `work(db)` and its recorded answer commit together (one commit, one
    fsync). A refusal rolls that transaction back (no half-done work kept); a second one then
    records the nonce and, for a deterministic refusal by `work`, the answer, so the database
    ends as run_idempotent leaves it."""
    digest = request_hash(payload)
    now = utcnow()
    row = {"key": key, "kiosk_id": kiosk_id, "request_hash": digest, "started_at": now}
    working = False
    try:
        with _writer(ctx), ctx.db() as db:
            before(db)
            claim = _claim_insert(ctx.engine.dialect.name)
            claimed = db.connection().execute(claim, {**row, "state": "in_progress"}).first()
            if claimed is None:
                stored = _stored(ctx, db, key, kiosk_id, digest, now)
                if stored is not None:
                    return stored[0], stored[1], True
            working = True
            status, body = work(db)
            _finish(db, key, status, body)
        return status, body, False
    except ApiError as exc:
        if exc.code == "signature_replayed":
            raise  # nothing of this request is kept
        refusal = None
        if working and exc.family == "application" and exc.code not in RETRYABLE:
            refusal = {**row, "state": "done", "status_code": exc.status}
            refusal["response_body"] = json.dumps(exc.body())
        _record_refusal(ctx, before, refusal)
        raise


def _record_refusal(ctx: ServerContext, before, refusal: dict | None) -> None:
    """The nonce again (a replay racing this attempt is the same request: it is refused the
    same way) and the refused claim's stored answer."""
    try:
        with _writer(ctx), ctx.db() as db:
            before(db)
            if refusal is not None:
                claim = _claim_insert(ctx.engine.dialect.name)
                db.connection().execute(claim, refusal)
    except ApiError as exc:
        if exc.code != "signature_replayed":
            raise


class _SqliteWriter:
    """SQLite has one writer at a time. Waiting in SQLite's busy handler means sleeping (up to
    100 ms a try) while the writer may long be done; taking turns here wakes the next writer at
    once: a thread lock within the process, an flock on a file beside the database across
    worker processes (POSIX; elsewhere the thread lock alone, and SQLite's handler between
    processes)."""

    def __init__(self, database: str):
        self.thread_lock = threading.Lock()
        self.path = database + ".ingest-lock"
        self.fd: int | None = None  # open only while held: no descriptor outlives a turn

    def __enter__(self):
        self.thread_lock.acquire()
        try:
            if fcntl is not None:
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(self.fd, fcntl.LOCK_EX)
        except BaseException:
            self._close()
            self.thread_lock.release()
            raise
        return self

    def __exit__(self, *exc):
        try:
            self._close()  # closing the descriptor releases the flock
        finally:
            self.thread_lock.release()

    def _close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


_WRITERS: dict[str, _SqliteWriter] = {}
_WRITERS_LOCK = threading.Lock()


def _writer(ctx: ServerContext):
    """The SQLite writer's turn (see _SqliteWriter); PostgreSQL locks rows, not the database."""
    url = ctx.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return contextlib.nullcontext()
    with _WRITERS_LOCK:
        writer = _WRITERS.get(url.database)
        if writer is None:
            writer = _WRITERS[url.database] = _SqliteWriter(url.database)
    return writer


def _release(ctx: ServerContext, key: str) -> None:
    with ctx.db() as db:
        db.execute(delete(IdempotencyKey).where(IdempotencyKey.key == key))

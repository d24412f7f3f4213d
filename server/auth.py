"""Kiosk request authentication: RFC 9421 signature, kiosk state, clock window, nonce replay.

Each failure has its own error code (all kiosk-level), checked in this order: signature
missing/malformed, kiosk unknown, kiosk revoked, clock skew, signature invalid (tampered),
replayed nonce. The nonce is recorded only after the signature verifies, so nobody can burn a
kiosk's nonces, and it lives in the database so several app processes share it.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader
from sqlalchemy import bindparam, delete, exists, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from protocol.signing import SigningError, load_public_key, read_signature_params, verify_request
from server.context import ServerContext, utcnow
from server.errors import ApiError
from server.models import Kiosk, Nonce

# Declared for the OpenAPI document (security scheme); the real check reads both headers.
signature_header = APIKeyHeader(
    name="Signature",
    scheme_name="KioskSignature",
    description="RFC 9421 signature by the kiosk key (with Signature-Input and Content-Digest)",
    auto_error=False,
)


@dataclass(frozen=True)
class AuthedKiosk:
    kiosk_id: str
    site: str


# Built once: statements compiled from the cache, no expression building per request.
# The kiosk and whether the nonce was used, in one round trip (the route's verification).
_SELECT_KIOSK_NONCE = select(
    Kiosk.public_key,
    Kiosk.site,
    Kiosk.revoked_at,
    Kiosk.revoke_reason,
    Kiosk.last_seen_at,
    exists().where(Nonce.kiosk_id == bindparam("kid"), Nonce.nonce == bindparam("n")).label("used"),
).where(Kiosk.kiosk_id == bindparam("kid"))
_INSERT_NONCE = insert(Nonce).values(
    kiosk_id=bindparam("k"), nonce=bindparam("n"), created_at=bindparam("at")
)
_TOUCH_KIOSK = (
    update(Kiosk).where(Kiosk.kiosk_id == bindparam("kid")).values(last_seen_at=bindparam("at"))
)


@dataclass(frozen=True)
class PendingNonce:
    """A verified request's nonce, recorded later in the caller's own transaction."""

    kiosk_id: str
    nonce: str
    at: dt.datetime
    touch: bool  # last_seen_at is over a minute old: refresh it too


def _verify(
    ctx: ServerContext, method: str, url: str, headers: list, body: bytes
) -> tuple[AuthedKiosk, PendingNonce]:
    """Every check but recording the nonce (read-only, outside any write transaction)."""
    try:
        params = read_signature_params(headers)
    except SigningError as exc:
        raise ApiError(exc.code, str(exc)) from None
    now = utcnow()
    kiosk_id = params.key_id
    with _read_only(ctx.engine) as conn:
        row = conn.execute(_SELECT_KIOSK_NONCE, {"kid": kiosk_id, "n": params.nonce}).first()
    if row is None:
        raise ApiError("kiosk_unknown", f"no enrolled kiosk has id {kiosk_id[:64]!r}")
    if row.revoked_at is not None:
        raise ApiError(
            "kiosk_revoked",
            f"kiosk {kiosk_id} was revoked: {row.revoke_reason or 'no reason given'}",
            detail={"reason": row.revoke_reason, "revoked_at": row.revoked_at.isoformat()},
        )
    skew = params.created - now.timestamp()
    if abs(skew) > ctx.settings.clock_skew_s:
        raise ApiError(
            "clock_skew",
            f"the signature was made {skew:+.0f} s from the server's clock "
            f"(limit {ctx.settings.clock_skew_s} s)",
            detail={"server_time": now.isoformat(), "skew_s": round(skew)},
        )
    try:
        verify_request(method, url, headers, body, _public_key(row.public_key), params)
    except SigningError as exc:
        raise ApiError(exc.code, str(exc)) from None
    if row.used:  # an early answer to a plain replay; the insert's unique key is the guard
        raise _replayed()
    touch = row.last_seen_at is None or now - row.last_seen_at > dt.timedelta(seconds=60)
    return AuthedKiosk(kiosk_id, row.site), PendingNonce(kiosk_id, params.nonce, now, touch)


# A kiosk's key is loaded once per process, not once per request (immutable; ~1,000 kiosks).
_public_key = functools.lru_cache(maxsize=8192)(load_public_key)


def _read_only(engine) -> Connection:
    conn = engine.connect()
    if engine.dialect.name == "sqlite":
        return conn  # pysqlite opens no transaction for a SELECT: nothing to roll back
    # Autocommit: a read-only lookup needs no transaction (nor its rollback round trip). Not
    # on SQLite: there each checkout and return would run PRAGMAs to switch it on and off.
    return conn.execution_options(isolation_level="AUTOCOMMIT")


def _replayed() -> ApiError:
    return ApiError("signature_replayed", "this nonce was already used by the kiosk")


def record_nonce(ctx: ServerContext, conn: Connection, pending: PendingNonce) -> None:
    """Record the nonce in `conn`'s transaction; a concurrent replay fails here (primary key)."""
    try:
        conn.execute(_INSERT_NONCE, {"k": pending.kiosk_id, "n": pending.nonce, "at": pending.at})
    except IntegrityError:  # the caller's transaction rolls back: nothing of it is kept
        raise _replayed() from None
    if pending.touch:
        conn.execute(_TOUCH_KIOSK, {"kid": pending.kiosk_id, "at": pending.at})
    if random.random() < 0.002:  # an occasional sweep keeps the nonce table small
        keep = pending.at - dt.timedelta(seconds=ctx.settings.nonce_keep_s)
        conn.execute(delete(Nonce).where(Nonce.created_at < keep))


def _check(ctx: ServerContext, method: str, url: str, headers: list, body: bytes) -> AuthedKiosk:
    kiosk, pending = _verify(ctx, method, url, headers, body)
    with ctx.engine.begin() as conn:  # one short transaction (SQLAlchemy Core: every request)
        record_nonce(ctx, conn, pending)
    return kiosk


def request_headers(request: Request) -> list[tuple[str, str]]:
    """The request's header lines as text, repeated lines kept (what signing reads)."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.scope["headers"]]


async def authenticated_kiosk(
    request: Request,
    _signature: Annotated[str | None, Depends(signature_header)],
) -> AuthedKiosk:
    """FastAPI dependency: the enrolled, active kiosk that signed this request."""
    body = await request.body()
    ctx = request.app.state.ctx
    headers = request_headers(request)
    return await run_in_threadpool(_check, ctx, request.method, str(request.url), headers, body)


SignedKiosk = Annotated[AuthedKiosk, Depends(authenticated_kiosk)]


@dataclass(frozen=True)
class VerifiedRequest:
    kiosk: AuthedKiosk
    nonce: PendingNonce  # not yet recorded: the route records it in its one transaction

    @property
    def kiosk_id(self) -> str:
        return self.kiosk.kiosk_id


async def verified_request(
    request: Request,
    _signature: Annotated[str | None, Depends(signature_header)],
) -> VerifiedRequest:
    """Like authenticated_kiosk, in the same order, but the nonce is left for the route to
    record in the transaction that does its work (one commit per request instead of two)."""
    body = await request.body()
    ctx = request.app.state.ctx
    headers = request_headers(request)
    return await run_in_threadpool(
        verify_signed, ctx, request.method, str(request.url), headers, body
    )


def verify_signed(
    ctx: ServerContext, method: str, url: str, headers: list, body: bytes
) -> VerifiedRequest:
    """verified_request's checks, called in a thread that goes on to do the route's work
    (server.fast_path)."""
    return VerifiedRequest(*_verify(ctx, method, url, headers, body))


SignedRequest = Annotated[VerifiedRequest, Depends(verified_request)]

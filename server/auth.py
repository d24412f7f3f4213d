"""Kiosk request authentication: RFC 9421 signature, kiosk state, clock window, nonce replay.

Each failure has its own error code (all kiosk-level), checked in this order: signature
missing/malformed, kiosk unknown, kiosk revoked, clock skew, signature invalid (tampered),
replayed nonce. The nonce is recorded only after the signature verifies, so nobody can burn a
kiosk's nonces, and it lives in the database so several app processes share it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader
from sqlalchemy import bindparam, delete, insert, select, update
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
_SELECT_KIOSK = select(
    Kiosk.public_key, Kiosk.site, Kiosk.revoked_at, Kiosk.revoke_reason, Kiosk.last_seen_at
).where(Kiosk.kiosk_id == bindparam("kid"))
_INSERT_NONCE = insert(Nonce)


def _check(ctx: ServerContext, method: str, url: str, headers: list, body: bytes) -> AuthedKiosk:
    try:
        params = read_signature_params(headers)
    except SigningError as exc:
        raise ApiError(exc.code, str(exc)) from None
    now = utcnow()
    kiosk_id = params.key_id
    try:
        # One short transaction (SQLAlchemy Core: this runs on every request).
        with ctx.engine.begin() as conn:
            row = conn.execute(_SELECT_KIOSK, {"kid": kiosk_id}).first()
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
                verify_request(method, url, headers, body, load_public_key(row.public_key))
            except SigningError as exc:
                raise ApiError(exc.code, str(exc)) from None
            conn.execute(
                insert(Nonce).values(kiosk_id=kiosk_id, nonce=params.nonce, created_at=now)
            )
            if row.last_seen_at is None or now - row.last_seen_at > dt.timedelta(seconds=60):
                conn.execute(
                    update(Kiosk).where(Kiosk.kiosk_id == kiosk_id).values(last_seen_at=now)
                )
            if random.random() < 0.002:  # an occasional sweep keeps the nonce table small
                keep = now - dt.timedelta(seconds=ctx.settings.nonce_keep_s)
                conn.execute(delete(Nonce).where(Nonce.created_at < keep))
    except IntegrityError:
        raise ApiError("signature_replayed", "this nonce was already used by the kiosk") from None
    return AuthedKiosk(kiosk_id, row.site)


async def authenticated_kiosk(
    request: Request,
    _signature: Annotated[str | None, Depends(signature_header)],
) -> AuthedKiosk:
    """FastAPI dependency: the enrolled, active kiosk that signed this request."""
    body = await request.body()
    ctx = request.app.state.ctx
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.scope["headers"]]
    return await run_in_threadpool(_check, ctx, request.method, str(request.url), headers, body)


SignedKiosk = Annotated[AuthedKiosk, Depends(authenticated_kiosk)]

"""Kiosk enrollment: one-time codes (made by `admin enroll-code`) exchanged for a kiosk id."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable

from sqlalchemy import func, select, update

from protocol.contract import EnrollmentGrant, EnrollRequest
from protocol.signing import b64decode
from server.context import ServerContext, utcnow
from server.errors import ApiError
from server.models import EnrollCode, EnrollFailure, Kiosk

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _code_hash(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(cleaned.encode()).hexdigest()


def create_enroll_code(
    ctx: ServerContext, site: str, ttl_s: int | None = None, region_code: str | None = None
) -> tuple[str, dt.datetime]:
    """A new one-time code for `site` in region `region_code` (a Kemendagri regency code; only
    the code's hash is stored) and when it expires."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    code = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
    now = utcnow()
    expires = now + dt.timedelta(seconds=ctx.settings.enroll_code_ttl_s if ttl_s is None else ttl_s)
    with ctx.db() as db:
        db.add(
            EnrollCode(
                code_hash=_code_hash(code),
                site=site,
                region_code=region_code,
                created_at=now,
                expires_at=expires,
            )
        )
    return code, expires


MIN_TTL_S, MAX_TTL_S = 60, 30 * 24 * 3600  # a code lives from a minute to 30 days


def check_ttl(ttl_s: float) -> int:
    """A code's lifetime in whole seconds, or ValueError saying what is allowed."""
    if not (MIN_TTL_S <= ttl_s <= MAX_TTL_S):  # also False for nan
        raise ValueError(
            f"an enrollment code lives between {MIN_TTL_S} s and {MAX_TTL_S // 86400} days"
        )
    return int(ttl_s)


def _check_guessing(ctx: ServerContext, source: str, now: dt.datetime) -> None:
    minute_ago = now - dt.timedelta(minutes=1)
    with ctx.db() as db:
        failures = db.scalar(
            select(func.count())
            .select_from(EnrollFailure)
            .where(EnrollFailure.source == source, EnrollFailure.at > minute_ago)
        )
        db.execute(
            EnrollFailure.__table__.delete().where(EnrollFailure.at < now - dt.timedelta(hours=1))
        )
    if failures >= ctx.settings.enroll_failures_per_minute:
        raise ApiError(
            "rate_limited", "too many refused enrollment codes", headers={"Retry-After": "60"}
        )


def enroll_kiosk(
    ctx: ServerContext,
    request: EnrollRequest,
    source: str = "",
    dump: Callable[[EnrollmentGrant], dict] | None = None,
) -> dict:
    """Consume the code, register the kiosk key; returns the signed EnrollmentGrant (as `dump`
    shapes it for the kiosk's contract version).
    Refused codes are counted per `source` (the client's address): past
    `enroll_failures_per_minute` of them every attempt is refused for a minute."""
    try:
        grant = _enroll(ctx, request, source)
    except ApiError as exc:
        if exc.code.startswith("enroll_code_"):
            with ctx.db() as db:
                db.add(EnrollFailure(source=source[:64], at=utcnow()))
        raise
    # in the shape of the contract the kiosk declared: a 1.0 kiosk refuses unknown fields
    return ctx.sign(dump(grant) if dump else grant.model_dump(mode="json"))


def _enroll(ctx: ServerContext, request: EnrollRequest, source: str) -> EnrollmentGrant:
    _check_guessing(ctx, source[:64], utcnow())
    try:
        if len(b64decode(request.public_key)) != 32:
            raise ValueError
    except ValueError:
        raise ApiError(
            "invalid_request", "public_key must be the base64 of a raw 32-byte Ed25519 key"
        ) from None
    now = utcnow()
    code_hash = _code_hash(request.code)
    with ctx.db() as db:
        row = db.get(EnrollCode, code_hash)
        if row is None:
            raise ApiError("enroll_code_invalid")
        if row.used_at is not None:
            raise ApiError("enroll_code_used")
        if row.expires_at < now:
            raise ApiError("enroll_code_expired")
        if db.scalar(select(Kiosk.kiosk_id).where(Kiosk.public_key == request.public_key)):
            raise ApiError("invalid_request", "this public key is already enrolled; make a new one")
        kiosk_id = "KIOSK-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))
        # Conditional update: of two kiosks racing with one code, exactly one wins.
        won = db.execute(
            update(EnrollCode)
            .where(EnrollCode.code_hash == code_hash, EnrollCode.used_at.is_(None))
            .values(used_at=now, kiosk_id=kiosk_id)
        ).rowcount
        if won != 1:
            raise ApiError("enroll_code_used")
        db.add(
            Kiosk(
                kiosk_id=kiosk_id,
                site=row.site,
                region_code=row.region_code,
                public_key=request.public_key,
                app_version=request.app_version,
                enrolled_at=now,
            )
        )
        site, region_code = row.site, row.region_code
    grant = EnrollmentGrant(
        kiosk_id=kiosk_id,
        site=site,
        region_code=region_code,
        server_signing_key=ctx.keys.signing_public_b64,
        server_sealing_key=ctx.keys.sealing_public_b64,
        kiosk_public_key=request.public_key,
        enrolled_at=now,
    )
    return grant


def revoke_kiosk(ctx: ServerContext, kiosk_id: str, reason: str) -> bool:
    with ctx.db() as db:
        kiosk = db.get(Kiosk, kiosk_id)
        if kiosk is None:
            return False
        kiosk.revoked_at = utcnow()
        kiosk.revoke_reason = reason
    return True

"""Identity verification against the reference templates (1:1), sessions and lockout.

The reference template never leaves the server. Unknown NIK, NIK without a reference photo
and a face that does not match all give the same `{"match": false}`, after the same work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

import numpy as np
from nacl.exceptions import CryptoError
from sqlalchemy import bindparam, func, select

from protocol.contract import (
    Address,
    CitizenPrefill,
    FamilyMember,
    IdentityVerifyRequest,
    IdentityVerifyResponse,
)
from server.context import ServerContext, utcnow
from server.errors import ApiError
from server.models import Citizen, Session, VerifyAttempt

log = logging.getLogger(__name__)

# Compared against when a NIK has no reference, so timing does not tell the cases apart.
_DUMMY_REFERENCE = np.full(128, 10.0)


def template_to_bytes(template) -> bytes:
    return np.asarray(template, dtype="<f8").reshape(128).tobytes()


def seal_reference(ctx: ServerContext, template) -> bytes:
    """A reference template as stored: encrypted with the server's data key."""
    return ctx.keys.seal_data(template_to_bytes(template))


def open_reference(ctx: ServerContext, sealed: bytes | None) -> bytes | None:
    """The template bytes, or None (no reference, or one that does not open: altered, or
    sealed with another server's key; staff must enroll the face again)."""
    if not sealed:
        return None
    try:
        return ctx.keys.open_data(sealed)
    except CryptoError:
        log.error("a reference template does not open with this server's data key")
        return None


def template_from_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<f8")


def faces_match(ctx: ServerContext, live, sealed_reference: bytes | None) -> bool:
    from kiosk.facematch import is_match  # the one comparison the kiosk uses too

    reference = open_reference(ctx, sealed_reference)
    ref = template_from_bytes(reference) if reference else _DUMMY_REFERENCE
    try:
        matched = is_match(live, ref, threshold=ctx.settings.face_threshold)
    except ValueError:
        return False
    return matched and reference is not None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_limits(ctx: ServerContext, db, kiosk_id: str, nik_hash: str, now: dt.datetime) -> None:
    s = ctx.settings
    minute_ago, hour_ago = now - dt.timedelta(minutes=1), now - dt.timedelta(hours=1)
    count = select(func.count()).select_from(VerifyAttempt)
    per_kiosk = db.scalar(
        count.where(VerifyAttempt.kiosk_id == kiosk_id, VerifyAttempt.at > minute_ago)
    )
    per_nik = db.scalar(
        count.where(VerifyAttempt.nik_hash == nik_hash, VerifyAttempt.at > minute_ago)
    )
    if per_kiosk >= s.verify_per_kiosk_per_minute or per_nik >= s.verify_per_nik_per_minute:
        raise ApiError(
            "rate_limited",
            "too many identity checks in the last minute",
            headers={"Retry-After": "60"},
        )
    failures = db.scalar(
        count.where(
            VerifyAttempt.nik_hash == nik_hash,
            VerifyAttempt.at > hour_ago,
            VerifyAttempt.matched.is_(False),
        )
    )
    if failures >= s.nik_lock_failures:
        raise ApiError("nik_locked", detail={"retry_after_s": 3600})


def prefill_for(db, citizen: Citizen) -> CitizenPrefill:
    members = db.scalars(
        select(Citizen).where(Citizen.kk_number == citizen.kk_number).order_by(Citizen.nik)
    ).all()
    return prefill_from(citizen, members)


def prefill_from(citizen: Citizen, members) -> CitizenPrefill:
    """The verification answer's prefill: the citizen and the members of their KK."""
    return CitizenPrefill(
        nik=citizen.nik,
        name=citizen.name,
        birth_place=citizen.birth_place,
        birth_date=citizen.birth_date,
        sex=citizen.sex,
        religion=citizen.religion,
        marital_status=citizen.marital_status,
        occupation=citizen.occupation,
        address=Address(
            street=citizen.street,
            rt=citizen.rt,
            rw=citizen.rw,
            village=citizen.village,
            district=citizen.district,
            regency=citizen.regency,
            province=citizen.province,
            postal_code=citizen.postal_code,
        ),
        kk_number=citizen.kk_number,
        family=[
            FamilyMember(
                nik=m.nik,
                name=m.name,
                relationship=m.relationship,
                sex=m.sex,
                birth_date=m.birth_date,
                marital_status=m.marital_status,
            )
            for m in members
        ],
    )


def verify_identity(
    ctx: ServerContext, kiosk_id: str, request: IdentityVerifyRequest
) -> IdentityVerifyResponse:
    from kiosk.nik import NikError, parse_nik

    try:
        nik = parse_nik(request.nik).nik
    except NikError as exc:
        raise ApiError("invalid_nik", exc.message_en, detail={"reason": exc.code}) from None
    now = utcnow()
    nik_hash = ctx.nik_hash(nik)
    with ctx.db() as db:
        check_limits(ctx, db, kiosk_id, nik_hash, now)
        citizen = db.get(Citizen, nik)
        reference = citizen.reference_template if citizen else None
        matched = faces_match(ctx, request.template, reference) and request.liveness.passed
        db.add(VerifyAttempt(kiosk_id=kiosk_id, nik_hash=nik_hash, matched=matched, at=now))
        if not matched:
            return IdentityVerifyResponse(match=False)
        token = secrets.token_urlsafe(32)
        expires = now + dt.timedelta(seconds=ctx.settings.session_ttl_s)
        db.add(
            Session(
                token_hash=_token_hash(token),
                nik_sealed=ctx.keys.seal_data(nik.encode()),
                kiosk_id=kiosk_id,
                created_at=now,
                expires_at=expires,
            )
        )
        return IdentityVerifyResponse(
            match=True,
            session_token=token,
            session_expires_at=expires,
            citizen=prefill_for(db, citizen),
        )


_SELECT_SESSION = select(Session.nik_sealed, Session.kiosk_id, Session.expires_at).where(
    Session.token_hash == bindparam("h")
)


@dataclass(frozen=True)
class FoundSession:
    nik: str
    kiosk_id: str
    expires_at: dt.datetime


def find_session(
    ctx: ServerContext, db, token: str, kiosk_id: str, *, allow_expired: bool = False
) -> FoundSession | None:
    """The session (nik, kiosk_id, expires_at) for `token` if it belongs to `kiosk_id` (and
    is current unless allowed), else None."""
    row = db.connection().execute(_SELECT_SESSION, {"h": _token_hash(token)}).first()
    if row is None or row.kiosk_id != kiosk_id:
        return None
    if not allow_expired and row.expires_at < utcnow():
        return None
    nik = ctx.keys.open_data(row.nik_sealed).decode()
    return FoundSession(nik, row.kiosk_id, row.expires_at)

"""Receiving sealed application packets: inline, or as parts then a commit.

On arrival the packet is opened with the sealing key, checked against its metadata, and the
identity is settled: an online session's token must belong to the same kiosk and NIK; an
offline session's live template is compared with the NIK's reference now, counted and recorded
like an online check. A failed or locked check does not lose the application: it is kept with
status `visit_counter` (the status answer sends the citizen to a counter; staff see why).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from nacl.exceptions import CryptoError
from pydantic import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.tracking import TrackingCodeError, normalize
from protocol.contract import ApplicationPacket, PartInfo, SubmissionMetadata, SubmissionReceipt
from protocol.signing import b64decode, content_digest
from server.context import ServerContext, utcnow
from server.errors import ApiError
from server.identity import check_limits, faces_match, find_session
from server.models import Application, ApplicationPart, Citizen, Kiosk, VerifyAttempt

log = logging.getLogger(__name__)

_INSERT_APPLICATION = insert(Application)


def decode_b64(text: str, what: str) -> bytes:
    try:
        return b64decode(text)
    except ValueError:
        raise ApiError("invalid_request", f"{what} is not valid base64") from None


def check_metadata(ctx: ServerContext, kiosk_id: str, meta: SubmissionMetadata) -> str:
    """Returns the canonical tracking code."""
    if meta.kiosk_id != kiosk_id:
        raise ApiError("invalid_request", "metadata.kiosk_id is not the kiosk that signed")
    try:
        tracking = normalize(meta.tracking_code)
    except TrackingCodeError as exc:
        raise ApiError(
            "invalid_tracking_code", exc.message_en, detail={"reason": exc.code}
        ) from None
    if meta.size > ctx.settings.max_packet_bytes:
        raise ApiError(
            "packet_too_large", f"packets are limited to {ctx.settings.max_packet_bytes} bytes"
        )
    return tracking


def _identity_status(
    ctx: ServerContext,
    db: Session,
    kiosk_id: str,
    packet: ApplicationPacket,
    meta: SubmissionMetadata,
) -> str:
    if packet.identity_mode == "staff":
        # Only with a supervisor's valid approval (_staff_approval): never by the kiosk's word.
        raise ApiError("staff_mode_refused")
    if packet.identity_mode == "online":
        token = meta.session_token or packet.session_token
        session = find_session(ctx, db, token, kiosk_id, allow_expired=True) if token else None
        if session is None or session.nik != packet.nik:
            return "failed_online"
        grace = dt.timedelta(seconds=ctx.settings.session_grace_s)
        if session.expires_at + grace < utcnow():
            return "needs_staff"  # too old to vouch for the citizen: staff check them
        return "verified_online"
    return _offline_check(ctx, db, kiosk_id, packet)


def _staff_approval(
    ctx: ServerContext,
    db: Session,
    kiosk_id: str,
    packet: ApplicationPacket,
    plain: bytes,
    meta: SubmissionMetadata,
) -> tuple[str, str] | None:
    """(staff id, supervisor id) for identity_mode "staff" with a valid supervisor's approval
    of the kiosk's own site (server.staff.check_approval); None for the other modes. Anything
    else is the same 403 staff_mode_refused for the kiosk; the reason goes to the log only."""
    if packet.identity_mode != "staff":
        return None
    from server.staff import ApprovalRefused, check_approval

    site = db.scalar(select(Kiosk.site).where(Kiosk.kiosk_id == kiosk_id))
    try:
        return check_approval(ctx, db, kiosk_id, site, packet, json.loads(plain), meta.created_at)
    except ApprovalRefused as exc:
        log.warning(
            "kiosk %s: staff-verified application %s refused: %s",
            kiosk_id,
            packet.application_id.lower(),
            exc,
        )
        raise ApiError("staff_mode_refused") from None


def _offline_check(ctx: ServerContext, db: Session, kiosk_id: str, packet) -> str:
    """The face check of an application captured offline, under the same limits and records
    as an online check (else it would be an unlimited matching oracle). A per-minute limit is
    a 429 (the kiosk sends it again later); a locked NIK is not compared at all: staff verify."""
    now = utcnow()
    nik_hash = ctx.nik_hash(packet.nik)
    try:
        check_limits(ctx, db, kiosk_id, nik_hash, now)
    except ApiError as exc:
        if exc.code == "nik_locked":
            return "needs_staff"
        raise
    reference = db.scalar(select(Citizen.reference_template).where(Citizen.nik == packet.nik))
    # A missing liveness result is a failed one: nothing shows the face was live.
    live = packet.liveness is not None and packet.liveness.passed
    matched = (
        live
        and packet.face_template is not None
        and faces_match(ctx, packet.face_template, reference)
    )
    db.add(VerifyAttempt(kiosk_id=kiosk_id, nik_hash=nik_hash, matched=matched, at=now))
    return "verified_offline" if matched else "failed_offline"


@dataclass(frozen=True)
class Opened:
    """A sealed packet checked against its metadata and opened (no database needed)."""

    sealed: bytes
    plain: bytes
    packet: ApplicationPacket
    tracking: str


def open_packet(
    ctx: ServerContext, kiosk_id: str, meta: SubmissionMetadata, sealed: bytes
) -> Opened:
    tracking = check_metadata(ctx, kiosk_id, meta)
    if len(sealed) != meta.size or content_digest(sealed) != meta.digest:
        raise ApiError("packet_digest_mismatch")
    try:
        plain = ctx.keys.open_sealed(sealed)
    except CryptoError:
        raise ApiError("packet_undecryptable") from None
    try:
        packet = ApplicationPacket.model_validate_json(plain)
    except ValidationError as exc:
        raise ApiError(
            "packet_undecryptable",
            f"the opened packet is not an ApplicationPacket: {exc.error_count()} problem(s)",
        ) from None
    if (
        packet.application_id.lower() != meta.application_id.lower()
        or packet.service_id != meta.service_id
        or packet.identity_mode != meta.identity_mode
        or not _same_tracking(packet.tracking_code, tracking)
    ):
        raise ApiError("invalid_request", "the packet does not match its metadata")
    return Opened(sealed, plain, packet, tracking)


def ingest(
    ctx: ServerContext, db: Session, kiosk_id: str, meta: SubmissionMetadata, sealed: bytes
) -> tuple[int, dict]:
    return store(ctx, db, kiosk_id, meta, open_packet(ctx, kiosk_id, meta, sealed))


def store(
    ctx: ServerContext, db: Session, kiosk_id: str, meta: SubmissionMetadata, opened: Opened
) -> tuple[int, dict]:
    """Settle the identity and insert the application, in `db`'s transaction."""
    sealed, plain, packet, tracking = opened.sealed, opened.plain, opened.packet, opened.tracking
    staff = _staff_approval(ctx, db, kiosk_id, packet, plain, meta)
    identity = "verified_staff" if staff else _identity_status(ctx, db, kiosk_id, packet, meta)
    now = utcnow()
    status = "received" if identity.startswith(("verified", "staff")) else "visit_counter"
    application_id = meta.application_id.lower()
    try:
        row = {
            "application_id": application_id,
            "tracking_code": tracking,
            "service_id": meta.service_id,
            "catalog_version": meta.catalog_version,
            "kiosk_id": kiosk_id,
            "created_at": meta.created_at,
            "received_at": now,
            "updated_at": now,
            "size": meta.size,
            "digest": meta.digest,
            "packet": sealed,
            "identity_mode": meta.identity_mode,
            "identity_status": identity,
            "status": status,
            "staff_id": staff[0] if staff else None,
            "supervisor_id": staff[1] if staff else None,
        }
        db.connection().execute(_INSERT_APPLICATION, row)
    except IntegrityError:
        raise ApiError("invalid_request", "this tracking code or application id is taken") from None
    # The kiosk (and anyone holding its key) never learns an offline check's outcome: staff
    # and the status answer ("go to the counter") do.
    offline = meta.identity_mode == "offline"
    receipt = SubmissionReceipt(
        application_id=application_id,
        tracking_code=tracking,
        status="received" if offline else status,
        received_at=now,
        identity_status="offline_received" if offline else identity,
    )
    return 201, receipt.model_dump(mode="json")


def _same_tracking(text: str, canonical: str) -> bool:
    try:
        return normalize(text) == canonical
    except TrackingCodeError:
        return False


def store_part(
    ctx: ServerContext, kiosk_id: str, application_id: str, number: int, data: bytes, digest: str
) -> PartInfo:
    if content_digest(data) != digest:
        raise ApiError("packet_digest_mismatch", "the part does not match its digest")
    if len(data) > ctx.settings.part_threshold_bytes:
        raise ApiError(
            "packet_too_large", f"parts are limited to {ctx.settings.part_threshold_bytes} bytes"
        )
    application_id = application_id.lower()
    for _attempt in range(2):
        with ctx.db() as db:
            existing = db.get(ApplicationPart, (application_id, number))
            if existing is not None:
                if existing.kiosk_id != kiosk_id or existing.digest != digest:
                    raise ApiError("part_conflict")
                return PartInfo(part_number=number, size=existing.size, digest=existing.digest)
        try:
            with ctx.db() as db:
                db.add(
                    ApplicationPart(
                        application_id=application_id,
                        part_number=number,
                        kiosk_id=kiosk_id,
                        digest=digest,
                        size=len(data),
                        data=data,
                        received_at=utcnow(),
                    )
                )
            return PartInfo(part_number=number, size=len(data), digest=digest)
        except IntegrityError:
            continue  # a concurrent upload of the same part: compare with it
    raise ApiError("in_progress", headers={"Retry-After": "1"})


def list_parts(db: Session, kiosk_id: str, application_id: str) -> tuple[list[PartInfo], int]:
    rows = db.execute(
        select(ApplicationPart.part_number, ApplicationPart.size, ApplicationPart.digest)
        .where(
            ApplicationPart.application_id == application_id.lower(),
            ApplicationPart.kiosk_id == kiosk_id,
        )
        .order_by(ApplicationPart.part_number)
    ).all()
    parts = [PartInfo(part_number=n, size=s, digest=d) for n, s, d in rows]
    numbers = {p.part_number for p in parts}
    next_missing = 1
    while next_missing in numbers:
        next_missing += 1
    return parts, next_missing


def assemble(db: Session, kiosk_id: str, application_id: str, part_count: int) -> bytes:
    rows = db.scalars(
        select(ApplicationPart)
        .where(
            ApplicationPart.application_id == application_id.lower(),
            ApplicationPart.kiosk_id == kiosk_id,
            ApplicationPart.part_number <= part_count,
        )
        .order_by(ApplicationPart.part_number)
    ).all()
    have = {r.part_number for r in rows}
    missing = [n for n in range(1, part_count + 1) if n not in have]
    if missing:
        raise ApiError(
            "parts_incomplete",
            f"{len(missing)} part(s) missing, first {missing[0]}",
            detail={"missing": missing[:100], "next_missing": missing[0]},
        )
    data = b"".join(r.data for r in rows)
    for row in rows:
        db.delete(row)
    return data

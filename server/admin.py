"""Operations behind `kiosk server admin ...` (no HTTP: they work on the database directly)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from sqlalchemy import func, select

from kiosk.nik import mask_nik
from kiosk.tracking import TrackingCodeError, normalize
from server.context import ServerContext, utcnow
from server.help_requests import LIVE
from server.identity import seal_reference
from server.models import AdminAudit, Application, Citizen, HelpRequest, Kiosk
from server.releases import kiosk_summary

log = logging.getLogger(__name__)


class AdminError(Exception):
    """A message for the operator (English)."""


def _doctor(k: Kiosk) -> str | None:
    """`ok 3, warn 1, fail 0 (warn:disk)`; None before a 1.2 kiosk's first heartbeat."""
    if k.doctor_ok is None:
        return None
    text = f"ok {k.doctor_ok}, warn {k.doctor_warn}, fail {k.doctor_fail}"
    return f"{text} ({k.doctor_problems})" if k.doctor_problems else text


def kiosks(ctx: ServerContext) -> list[dict]:
    now = utcnow()
    with ctx.db() as db:
        rows = db.scalars(select(Kiosk).order_by(Kiosk.enrolled_at)).all()
        # live help requests (server/help_requests.py) not yet past their expiry
        help_open = dict(
            db.execute(
                select(HelpRequest.kiosk_id, func.count())
                .where(HelpRequest.state.in_(LIVE), HelpRequest.expires_at > now)
                .group_by(HelpRequest.kiosk_id)
            ).all()
        )
        return [
            {
                "kiosk_id": k.kiosk_id,
                "site": k.site,
                "region_code": k.region_code,
                "state": "revoked" if k.revoked_at else "active",
                "enrolled_at": k.enrolled_at.isoformat(timespec="seconds"),
                "last_seen_at": k.last_seen_at.isoformat(timespec="seconds")
                if k.last_seen_at
                else None,
                "heartbeat_at": k.heartbeat_at.isoformat(timespec="seconds")
                if k.heartbeat_at
                else None,
                "app_version": k.app_version,
                "health": k.health,
                "queue_depth": k.queue_depth,
                "oldest_pending_age_s": k.oldest_pending_age_s,
                "doctor": _doctor(k),
                "release": kiosk_summary(k),
                "open_help_requests": help_open.get(k.kiosk_id, 0),
                "camera": k.camera,
                "printer": k.printer,
                "audit_seq": k.audit_seq,
                "audit_went_back": (
                    f"from {k.audit_regressed_from} to {k.audit_regressed_to} at "
                    f"{k.audit_regressed_at.isoformat(timespec='seconds')}"
                    if k.audit_regressed_at
                    else None
                ),
                "revoke_reason": k.revoke_reason,
            }
            for k in rows
        ]


def applications(ctx: ServerContext, limit: int = 100) -> list[dict]:
    with ctx.db() as db:
        rows = db.scalars(
            select(Application).order_by(Application.received_at.desc()).limit(limit)
        ).all()
        return [
            {
                "tracking_code": a.tracking_code,
                "application_id": a.application_id,
                "service_id": a.service_id,
                "kiosk_id": a.kiosk_id,
                "status": a.status,
                "identity": a.identity_status,
                "staff_verified": staff_verified(db, a),
                "size": a.size,
                "received_at": a.received_at.isoformat(timespec="seconds"),
            }
            for a in rows
        ]


def operator() -> str:
    """Who runs an admin command: the operating-system account (and sudo's caller)."""
    import getpass

    user = getpass.getuser()
    caller = os.environ.get("SUDO_USER")
    return f"{caller} (as {user})" if caller and caller != user else user


def show_application(ctx: ServerContext, reference: str, actor: str | None = None) -> dict:
    """Metadata and decrypted packet of one application (by tracking code or application id).
    Decrypting personal data leaves a record in admin_audit: who (`actor`, by default the
    account running this), when, which application."""
    with ctx.db() as db:
        app = db.get(Application, reference.strip().lower())
        if app is None:
            try:
                code = normalize(reference)
            except TrackingCodeError:
                code = None
            app = (
                db.scalar(select(Application).where(Application.tracking_code == code))
                if code
                else None
            )
        if app is None:
            raise AdminError(f"no application with tracking code or id {reference!r}")
        packet = json.loads(ctx.keys.open_sealed(app.packet))
        db.add(
            AdminAudit(
                at=utcnow(),
                actor=(actor or operator())[:100],
                action="show",
                subject=app.application_id,
            )
        )
        return {
            "tracking_code": app.tracking_code,
            "application_id": app.application_id,
            "service_id": app.service_id,
            "catalog_version": app.catalog_version,
            "kiosk_id": app.kiosk_id,
            "status": app.status,
            "identity_status": app.identity_status,
            "staff_verified": staff_verified(db, app),
            "created_at": app.created_at.isoformat(),
            "received_at": app.received_at.isoformat(),
            "packet": packet,
        }


def reference_template(photo: Path):
    """The careful template of a reference photo (jittered encodings averaged; ~1 s): time is
    cheap when a reference is stored, and the live probes are compared with it for years."""
    from camera.templates import REFERENCE_JITTERS, template_from_photo

    return template_from_photo(photo, jitters=REFERENCE_JITTERS)


def enroll_face(ctx: ServerContext, nik_text: str, photo: Path) -> dict:
    """Store the reference template of `photo` for a NIK (a demo citizen is made if unknown)."""
    from camera.templates import FaceTemplateError
    from kiosk.nik import NikError, parse_nik

    try:
        info = parse_nik(nik_text)
    except NikError as exc:
        raise AdminError(f"invalid NIK: {exc.message_en}") from None
    if not Path(photo).is_file():
        raise AdminError(f"no such photo file: {photo}")
    try:
        template = reference_template(photo)
    except FaceTemplateError as exc:
        raise AdminError(f"no usable face in the photo ({exc.code}): {exc}") from None
    created = store_reference(ctx, info, template)
    return {"nik": mask_nik(info.nik), "created_citizen": created}


def store_reference(ctx: ServerContext, info, template) -> bool:
    """Keep `template` as the reference face of the NIK described by `info` (a parsed NIK);
    an unknown NIK gets a placeholder demo citizen. Returns whether one was created."""
    with ctx.db() as db:
        citizen = db.get(Citizen, info.nik)
        created = citizen is None
        if created:
            citizen = _demo_citizen(info)
            db.add(citizen)
        citizen.reference_template = seal_reference(ctx, template)
        citizen.template_updated_at = utcnow()
    return created


PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")


def _photo_of(photos: Path, nik: str) -> Path | None:
    for suffix in PHOTO_SUFFIXES:
        for name in (nik + suffix, nik + suffix.upper()):
            if (photos / name).is_file():
                return photos / name
    return None


def reencode_references(ctx: ServerContext, photos: Path) -> dict:
    """Re-encode every stored reference face from its photo, `photos/NIK.jpg` (.jpeg, .png).

    The server keeps only sealed templates, never the photos, so a template made the old way
    (one encoding) is replaced only when its photo is supplied again (from the population
    register). A NIK without a photo, or whose photo gives no template, keeps its old
    template and is listed, so the operator can fetch it and run the command again.
    Returns counts, the NIKs that kept their old template and the seconds per reference.
    """
    import time

    from camera.templates import FaceTemplateError

    photos = Path(photos)
    if not photos.is_dir():
        raise AdminError(f"no such folder of reference photos: {photos}")
    with ctx.db() as db:
        niks = list(
            db.scalars(
                select(Citizen.nik)
                .where(Citizen.reference_template.is_not(None))
                .order_by(Citizen.nik)
            )
        )
    reencoded, no_photo, refused, seconds = 0, [], {}, []
    for nik in niks:
        photo = _photo_of(photos, nik)
        if photo is None:
            no_photo.append(nik)
            continue
        started = time.perf_counter()
        try:
            template = reference_template(photo)
        except FaceTemplateError as exc:
            refused[nik] = exc.code if not exc.reason else f"{exc.code}: {exc.reason}"
            continue
        seconds.append(time.perf_counter() - started)
        with ctx.db() as db:
            citizen = db.get(Citizen, nik)
            if citizen is None or citizen.reference_template is None:
                continue  # forgotten meanwhile (`admin forget`): never bring it back
            citizen.reference_template = seal_reference(ctx, template)
            citizen.template_updated_at = utcnow()
        reencoded += 1
    # counts only in the log: NIKs are personal data
    log.info(
        "re-encoded %d of %d reference faces (%d without a photo, %d refused)",
        reencoded,
        len(niks),
        len(no_photo),
        len(refused),
    )
    return {
        "references": len(niks),
        "reencoded": reencoded,
        "kept_no_photo": no_photo,
        "kept_photo_refused": refused,
        "seconds_per_reference": round(sum(seconds) / len(seconds), 3) if seconds else None,
    }


def _demo_citizen(info) -> Citizen:
    # Someone trying the demo with their own NIK: a placeholder family of one.
    kk = info.nik[:6] + "0101" + f"{info.birth_date.year % 100:02d}" + info.nik[12:]
    regency = info.regency or f"Wilayah {info.region.regency_code}"  # a code not in the list
    place = regency.removeprefix("Kabupaten ").removeprefix("Kota ")
    return Citizen(
        nik=info.nik,
        kk_number=kk,
        relationship="Kepala Keluarga",
        name="Warga Demo",
        birth_place=place,
        birth_date=info.birth_date,
        sex=info.sex,
        street="Jl. Contoh No. 1",
        rt="001",
        rw="001",
        village="Demo",
        district="Demo",
        regency=regency,
        province=info.province,
    )


def staff_verified(db, app: Application) -> str | None:
    """The line "staff-verified by <supervisor> for <staff>" for an application whose
    identity a supervisor approved (identity_mode "staff"); None for the others."""
    if not app.supervisor_id:
        return None
    from server.models import StaffAccount

    def who(staff_id: str) -> str:
        name = db.scalar(select(StaffAccount.name).where(StaffAccount.staff_id == staff_id))
        return f"{name} ({staff_id})" if name else staff_id

    return f"staff-verified by {who(app.supervisor_id)} for {who(app.staff_id or '?')}"

"""Counter staff accounts of each site: made and managed by `kiosk server admin staff ...`,
handed to the kiosks of their site in a signed document, and used to check a supervisor's
approval of a staff-verified application.

PINs (kiosk.staff.pin): the server never stores one. Per account it keeps a random salt, the
verifier V = SHA-256(K) that kiosks get, and K = Argon2id(PIN, salt) sealed with the data key,
so it can recompute the HMAC of a supervisor's approval. Every admin action leaves an
admin_audit row (who, what, which staff id); PINs and keys never appear in one, nor in logs.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from dataclasses import dataclass

from nacl.exceptions import CryptoError
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.staff.accounts import ROLES, STAFF_ID_ALPHABET
from kiosk.staff.pin import (
    DEFAULT_PARAMS,
    PinParams,
    check_new_pin,
    derive_key,
    new_salt,
    verifier_of,
)
from protocol.contract import ApplicationPacket, SupervisorApproval
from protocol.signing import b64encode
from protocol.staff import approval_mac_ok
from server.context import ServerContext, utcnow
from server.models import AdminAudit, Kiosk, StaffAccount

log = logging.getLogger(__name__)

NAME_MAX = 100
SITE_MAX = 200
# How long before the application was sealed a supervisor's approval may have been given (a
# session with an approval in the middle of it does not last longer).
APPROVAL_MAX_AGE_S = 3600


class StaffError(Exception):
    """A message for the operator (English)."""


@dataclass(frozen=True)
class PinMaterial:
    salt: bytes
    verifier: bytes
    key_sealed: bytes
    kdf: str


def pin_material(ctx: ServerContext, pin: str, params: PinParams = DEFAULT_PARAMS) -> PinMaterial:
    """Salt, verifier and sealed key of a new PIN (PinError for a weak or malformed one)."""
    check_new_pin(pin)
    salt = new_salt()
    key = derive_key(pin, salt, params)
    return PinMaterial(
        salt, verifier_of(key), ctx.keys.seal_data(key), json.dumps(params.to_dict())
    )


def new_pin() -> str:
    """A random 6-digit PIN that passes check_new_pin (for `staff add` without --pin-stdin)."""
    from kiosk.staff.pin import PinError

    while True:
        pin = f"{secrets.randbelow(10**6):06d}"
        try:
            return check_new_pin(pin)
        except PinError:
            continue


def _new_staff_id() -> str:
    return "ST-" + "".join(secrets.choice(STAFF_ID_ALPHABET) for _ in range(8))


def _audit(db: Session, actor: str, action: str, subject: str) -> None:
    db.add(AdminAudit(at=utcnow(), actor=actor[:100], action=action, subject=subject[:100]))


def _clean(text: str, what: str, limit: int) -> str:
    value = " ".join(str(text).split())
    if not value or len(value) > limit or not value.isprintable():
        raise StaffError(f"{what} must be 1 to {limit} printable characters")
    return value


def add_account(ctx: ServerContext, site: str, name: str, role: str, pin: str, actor: str) -> str:
    """A new account; returns its staff id. StaffError / PinError when refused."""
    site, name = _clean(site, "--site", SITE_MAX), _clean(name, "--name", NAME_MAX)
    if role not in ROLES:
        raise StaffError(f"--role must be one of {', '.join(ROLES)}")
    material = pin_material(ctx, pin)
    now = utcnow()
    with ctx.db() as db:
        staff_id = _new_staff_id()
        while db.get(StaffAccount, staff_id) is not None:
            staff_id = _new_staff_id()
        db.add(
            StaffAccount(
                staff_id=staff_id,
                site=site,
                name=name,
                role=role,
                pin_salt=material.salt,
                pin_verifier=material.verifier,
                pin_key_sealed=material.key_sealed,
                pin_kdf=material.kdf,
                created_at=now,
                updated_at=now,
                disabled_at=None,
            )
        )
        _audit(db, actor, "staff_add", f"{staff_id} {role}")
    return staff_id


def kiosks_at_site(ctx: ServerContext, site: str) -> int:
    """Enrolled, not revoked kiosks of `site` (0 for a mistyped site: its staff reach none)."""
    with ctx.db() as db:
        return db.scalar(
            select(func.count())
            .select_from(Kiosk)
            .where(Kiosk.site == site, Kiosk.revoked_at.is_(None))
        )


def _account(db: Session, staff_id: str) -> StaffAccount:
    account = db.get(StaffAccount, str(staff_id).strip().upper())
    if account is None:
        raise StaffError(f"no staff account {staff_id!r}")
    return account


def disable_account(ctx: ServerContext, staff_id: str, actor: str) -> dict:
    """Disable an account: it leaves its site's staff document and approvals by it are refused."""
    with ctx.db() as db:
        account = _account(db, staff_id)
        if account.disabled_at is None:
            account.disabled_at = account.updated_at = utcnow()
        _audit(db, actor, "staff_disable", account.staff_id)
        return describe(account)


def reset_pin(ctx: ServerContext, staff_id: str, pin: str, actor: str) -> dict:
    """A new PIN (new salt, verifier and key). Approvals made with the old PIN no longer verify."""
    material = pin_material(ctx, pin)
    with ctx.db() as db:
        account = _account(db, staff_id)
        if account.disabled_at is not None:
            raise StaffError(f"staff account {account.staff_id} is disabled")
        account.pin_salt, account.pin_verifier = material.salt, material.verifier
        account.pin_key_sealed, account.pin_kdf = material.key_sealed, material.kdf
        account.updated_at = utcnow()
        _audit(db, actor, "staff_reset_pin", account.staff_id)
        return describe(account)


def describe(account: StaffAccount) -> dict:
    return {
        "staff_id": account.staff_id,
        "site": account.site,
        "name": account.name,
        "role": account.role,
        "state": "disabled" if account.disabled_at else "active",
        "created_at": account.created_at.isoformat(timespec="seconds"),
        "updated_at": account.updated_at.isoformat(timespec="seconds"),
    }


def list_accounts(ctx: ServerContext, site: str | None = None) -> list[dict]:
    with ctx.db() as db:
        query = select(StaffAccount).order_by(StaffAccount.site, StaffAccount.name)
        if site:
            query = query.where(StaffAccount.site == site)
        return [describe(a) for a in db.scalars(query)]


def active_account(db: Session, staff_id: str, site: str) -> StaffAccount | None:
    """The account if it is active and of `site`, else None."""
    account = db.get(StaffAccount, staff_id) if isinstance(staff_id, str) else None
    if account is None or account.disabled_at is not None or account.site != site:
        return None
    return account


# ---------------------------------------------------------------- the signed staff document


def staff_document(ctx: ServerContext, site: str) -> dict:
    """The StaffDocument of `site`: its active accounts with verifier, salt and parameters."""
    with ctx.db() as db:
        rows = db.scalars(
            select(StaffAccount)
            .where(StaffAccount.site == site, StaffAccount.disabled_at.is_(None))
            .order_by(StaffAccount.staff_id)
        ).all()
        latest = db.scalar(
            select(func.max(StaffAccount.updated_at)).where(StaffAccount.site == site)
        )
        accounts = [
            {
                "staff_id": a.staff_id,
                "name": a.name,
                "role": a.role,
                "salt": b64encode(a.pin_salt),
                "verifier": b64encode(a.pin_verifier),
                "kdf": json.loads(a.pin_kdf),
            }
            for a in rows
        ]
    if latest is not None and latest.tzinfo is None:  # max() on SQLite skips the column type
        latest = dt.datetime.fromisoformat(str(latest)).replace(tzinfo=dt.UTC)
    return {
        "kind": "staff",
        "site": site,
        "updated_at": latest.astimezone(dt.UTC).isoformat() if latest else None,
        "accounts": accounts,
    }


# ---------------------------------------------------------------- supervisor approvals


class ApprovalRefused(Exception):
    """Why a staff-mode application was refused (English, for the server log only)."""


def check_approval(
    ctx: ServerContext,
    db: Session,
    kiosk_id: str,
    site: str,
    packet: ApplicationPacket,
    raw: dict,
    created_at: dt.datetime,
) -> tuple[str, str]:
    """(staff id, supervisor id) of a valid approval in the opened packet `raw` (its JSON as
    sent: the MAC covers the fields as the kiosk wrote them). ApprovalRefused otherwise."""
    given = raw.get("staff_approval")
    if not isinstance(given, dict):
        raise ApprovalRefused("no supervisor's approval in the packet")
    try:
        approval = SupervisorApproval.model_validate(given)
    except ValidationError as exc:
        raise ApprovalRefused(f"malformed approval ({exc.error_count()} problem(s))") from None
    if approval.application_id.lower() != packet.application_id.lower():
        raise ApprovalRefused("the approval is for another application")
    if approval.kiosk_id != kiosk_id:
        raise ApprovalRefused("the approval is for another kiosk")
    if approval.staff_id == approval.supervisor_id:
        raise ApprovalRefused("the supervisor approved their own session (four eyes)")
    supervisor = active_account(db, approval.supervisor_id, site)
    if supervisor is None:
        raise ApprovalRefused(
            f"supervisor {approval.supervisor_id} is unknown, disabled or of another site"
        )
    if supervisor.role != "supervisor":
        raise ApprovalRefused(f"{approval.supervisor_id} is a {supervisor.role}, not a supervisor")
    if active_account(db, approval.staff_id, site) is None:
        raise ApprovalRefused(f"staff {approval.staff_id} is unknown, disabled or of another site")
    try:
        key = ctx.keys.open_data(supervisor.pin_key_sealed)
    except CryptoError:
        raise ApprovalRefused("the supervisor's sealed key does not open") from None
    if not approval_mac_ok(key, given):
        raise ApprovalRefused("the approval's MAC does not verify (forged, or another PIN)")
    now, skew = utcnow(), dt.timedelta(seconds=ctx.settings.clock_skew_s)
    approved = approval.approved_at
    if approved > now + skew or approved > created_at + skew:
        raise ApprovalRefused("the approval is dated after the application was sealed")
    if created_at - approved > dt.timedelta(seconds=APPROVAL_MAX_AGE_S):
        raise ApprovalRefused("the approval is older than its session can be")
    if now - approved > dt.timedelta(seconds=ctx.settings.session_grace_s) + skew:
        raise ApprovalRefused("the approval is older than the outage grace")
    return approval.staff_id, approval.supervisor_id

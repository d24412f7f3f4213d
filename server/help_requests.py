"""Help requests: a kiosk calls for staff, staff of the same site see it and acknowledge it.

A request holds the kiosk, the step and the reason (closed vocabularies, protocol.staff), never
personal data. It gets a four-character hand-off code, unique among the site's live requests
(a unique index on (site, active_code); the code is cleared when the request ends). States:
open -> acknowledged (by an active staff account of the site) -> closed; a request still
open or acknowledged after EXPIRE_S is expired, lazily, whenever the site's requests are read.
Kiosks see only the requests of their own site: another site's request id answers 404.

Takeover by hand-off code: a staff member on another kiosk of the site asks for the citizen's
session (takeover), the citizen's kiosk sees that on its next poll and sends the session
(send_session: sealed with the data key, kept SESSION_EXPIRE_S, the request closed), and the
taking-over kiosk fetches it once (fetch_session: deleted as it is read). Each step leaves an
admin_audit row with the request id, never personal data.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from protocol.staff import HANDOFF_ALPHABET, HelpRequestState
from server.context import ServerContext, utcnow
from server.errors import ApiError
from server.models import AdminAudit, HelpRequest, StaffAccount
from server.staff import active_account

EXPIRE_S = 30 * 60
MAX_LIVE_PER_KIOSK = 3  # a kiosk stuck in a loop must not fill the staff screen
LIVE = ("open", "acknowledged")
SESSION_EXPIRE_S = 10 * 60  # a handed-over session waits this long for the taking-over kiosk


def _expire(db: Session, site: str | None, now: dt.datetime) -> None:
    query = update(HelpRequest).where(HelpRequest.state.in_(LIVE), HelpRequest.expires_at <= now)
    if site is not None:
        query = query.where(HelpRequest.site == site)
    db.execute(query.values(state="expired", active_code=None, closed_at=now))
    # a handed-over session nobody fetched in time is not kept (it holds a NIK, sealed)
    stale = update(HelpRequest).where(HelpRequest.session_expires_at <= now)
    if site is not None:
        stale = stale.where(HelpRequest.site == site)
    db.execute(stale.values(session_sealed=None, session_expires_at=None))


def state_of(db: Session, row: HelpRequest) -> HelpRequestState:
    name = None
    if row.acknowledged_by:
        name = db.scalar(
            select(StaffAccount.name).where(StaffAccount.staff_id == row.acknowledged_by)
        )
    return HelpRequestState(
        request_id=row.request_id,
        handoff_code=row.handoff_code,
        kiosk_id=row.kiosk_id,
        step=row.step,
        reason=row.reason,
        state=row.state,
        created_at=row.created_at,
        expires_at=row.expires_at,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=row.acknowledged_by,
        acknowledged_by_name=name,
        closed_at=row.closed_at,
        takeover_kiosk_id=row.takeover_kiosk_id,
        takeover_by=row.takeover_by,
    )


def raise_request(ctx: ServerContext, kiosk_id: str, site: str, step: str, reason: str) -> dict:
    """A new open request of `kiosk_id`; its state as JSON data."""
    for _attempt in range(20):
        now = utcnow()
        code = "".join(secrets.choice(HANDOFF_ALPHABET) for _ in range(4))
        try:
            with ctx.db() as db:
                _expire(db, site, now)
                live = db.scalar(
                    select(func.count())
                    .select_from(HelpRequest)
                    .where(HelpRequest.kiosk_id == kiosk_id, HelpRequest.state.in_(LIVE))
                )
                if live >= MAX_LIVE_PER_KIOSK:
                    raise ApiError(
                        "rate_limited",
                        f"this kiosk already has {live} help requests waiting",
                        headers={"Retry-After": "30"},
                    )
                row = HelpRequest(
                    request_id=str(uuid.uuid4()),
                    site=site,
                    kiosk_id=kiosk_id,
                    step=step,
                    reason=reason,
                    handoff_code=code,
                    active_code=code,
                    state="open",
                    created_at=now,
                    expires_at=now + dt.timedelta(seconds=EXPIRE_S),
                )
                db.add(row)
                db.flush()  # the unique (site, active_code) index speaks here
                return state_of(db, row).model_dump(mode="json")
        except IntegrityError:
            continue  # that code is live at the site: draw another
    raise ApiError("service_unavailable", "no free hand-off code at this site")


def _site_request(db: Session, request_id: str, site: str) -> HelpRequest:
    row = db.get(HelpRequest, str(request_id).lower())
    if row is None or row.site != site:  # another site's request is not even said to exist
        raise ApiError("not_found", "no help request with that id at this site")
    return row


def get_request(ctx: ServerContext, request_id: str, site: str) -> dict:
    with ctx.db() as db:
        _expire(db, site, utcnow())
        return state_of(db, _site_request(db, request_id, site)).model_dump(mode="json")


def live_requests(ctx: ServerContext, site: str | None) -> list[dict]:
    """Open and acknowledged requests (of `site`; None: every site, for the admin), oldest
    first."""
    with ctx.db() as db:
        _expire(db, site, utcnow())
        query = select(HelpRequest).where(HelpRequest.state.in_(LIVE))
        if site is not None:
            query = query.where(HelpRequest.site == site)
        rows = db.scalars(query.order_by(HelpRequest.created_at)).all()
        found = []
        for row in rows:
            entry = state_of(db, row).model_dump(mode="json")
            if site is None:
                entry["site"] = row.site
            found.append(entry)
        return found


def acknowledge(ctx: ServerContext, request_id: str, site: str, staff_id: str | None) -> dict:
    """`staff_id` (an active account of `site`; None only from the admin command) is on the
    way. Acknowledging again moves it to the new staff member; a closed or expired request
    stays as it is."""
    with ctx.db() as db:
        now = utcnow()
        _expire(db, site, now)
        row = _site_request(db, request_id, site)
        if staff_id is not None and active_account(db, staff_id, site) is None:
            raise ApiError("staff_invalid", "that staff id is not an active account of this site")
        if row.state in LIVE:
            row.state, row.acknowledged_at, row.acknowledged_by = "acknowledged", now, staff_id
        return state_of(db, row).model_dump(mode="json")


def close(ctx: ServerContext, request_id: str, site: str, by: str) -> dict:
    with ctx.db() as db:
        now = utcnow()
        _expire(db, site, now)
        row = _site_request(db, request_id, site)
        if row.state in LIVE:
            row.state, row.active_code, row.closed_at, row.closed_by = "closed", None, now, by[:64]
        return state_of(db, row).model_dump(mode="json")


def find_site_of_request(ctx: ServerContext, request_id: str) -> str:
    """The site of a request (admin commands act on any site)."""
    with ctx.db() as db:
        row = db.get(HelpRequest, str(request_id).strip().lower())
        if row is None:
            raise ApiError("not_found", f"no help request {request_id!r}")
        return row.site


# ---------------------------------------------------------------- takeover by hand-off code


def _audit(db: Session, kiosk_id: str, action: str, request_id: str) -> None:
    db.add(
        AdminAudit(at=utcnow(), actor=f"kiosk {kiosk_id}"[:100], action=action, subject=request_id)
    )


def takeover(ctx: ServerContext, request_id: str, site: str, kiosk_id: str, staff_id: str) -> dict:
    """`staff_id`, signed in on `kiosk_id` (another kiosk of the request's site), asks for the
    citizen's session. The request must still be live; a takeover already asked by another
    kiosk stands (in_progress)."""
    with ctx.db() as db:
        now = utcnow()
        _expire(db, site, now)
        row = _site_request(db, request_id, site)
        if row.state not in LIVE:
            raise ApiError("not_found", "that help request is no longer waiting")
        if row.kiosk_id == kiosk_id:
            raise ApiError("invalid_request", "a kiosk cannot take over its own session")
        if active_account(db, staff_id, site) is None:
            raise ApiError("staff_invalid", "that staff id is not an active account of this site")
        if row.takeover_kiosk_id not in (None, kiosk_id):
            raise ApiError("in_progress", "another kiosk is taking this session over")
        row.takeover_kiosk_id, row.takeover_by, row.takeover_at = kiosk_id, staff_id, now
        if row.state == "open":  # the taking-over staff member is the one who helps
            row.state, row.acknowledged_at, row.acknowledged_by = "acknowledged", now, staff_id
        _audit(db, kiosk_id, "help_takeover", row.request_id)
        return state_of(db, row).model_dump(mode="json")


def send_session(
    ctx: ServerContext, request_id: str, site: str, kiosk_id: str, snapshot: dict
) -> dict:
    """The request's own kiosk hands its session over (only after a takeover was asked): kept
    sealed for SESSION_EXPIRE_S; the request is closed (the citizen's kiosk is at welcome)."""
    with ctx.db() as db:
        now = utcnow()
        _expire(db, site, now)
        row = _site_request(db, request_id, site)
        if row.kiosk_id != kiosk_id:  # only the citizen's own kiosk holds the session
            raise ApiError("not_found", "no help request of this kiosk with that id")
        if row.takeover_kiosk_id is None or row.state not in LIVE:
            raise ApiError("not_found", "no takeover is waiting for this help request")
        plain = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")).encode()
        row.session_sealed = ctx.keys.seal_data(plain)
        row.session_expires_at = now + dt.timedelta(seconds=SESSION_EXPIRE_S)
        row.state, row.active_code, row.closed_at = "closed", None, now
        row.closed_by = f"takeover {row.takeover_kiosk_id}"[:64]
        _audit(db, kiosk_id, "help_session_sent", row.request_id)
        return state_of(db, row).model_dump(mode="json")


def fetch_session(ctx: ServerContext, request_id: str, site: str, kiosk_id: str) -> dict:
    """The session, once, for the kiosk that asked for it (deleted as it is read); in_progress
    while the citizen's kiosk has not sent it yet, not_found once fetched or expired."""
    with ctx.db() as db:
        now = utcnow()
        row = _site_request(db, request_id, site)
        if row.takeover_kiosk_id != kiosk_id:
            raise ApiError("not_found", "this kiosk did not take that session over")
        if row.session_sealed is None:
            if row.state in LIVE and row.expires_at > now:
                raise ApiError(
                    "in_progress",
                    "the citizen's kiosk has not sent the session yet",
                    headers={"Retry-After": "1"},
                )
            raise ApiError("not_found", "the session was fetched already or never sent")
        sealed, expires = row.session_sealed, row.session_expires_at
        row.session_sealed, row.session_expires_at = None, None  # once, whatever happens next
        expired = expires is None or _aware(expires) <= now
        action = "help_session_expired" if expired else "help_session_fetched"
        _audit(db, kiosk_id, action, row.request_id)
        origin = row.kiosk_id
    if expired:  # after the commit: the expired session is gone either way
        raise ApiError("not_found", "the handed-over session expired")
    snapshot = json.loads(ctx.keys.open_data(sealed))
    return {"request_id": str(request_id).lower(), "from_kiosk_id": origin, "snapshot": snapshot}


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)

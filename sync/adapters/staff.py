"""Counter staff through the server (contract 1.2): the site's signed staff document, help
requests, and a supervisor's approval of a staff verification.

What the UI calls:

    StaffDocuments(data_dir, identity, client).pull()     # GET /v1/staff, verified and kept
    StaffDocuments(data_dir, identity).directory()        # kiosk.staff.StaffDirectory in force
    desk = HelpDesk(client)
    desk.raise_help(step, reason) / desk.poll(id) / desk.open_requests()
    desk.acknowledge(id, staff_id) / desk.close(id, staff_id=None)
    desk.take_over(id, staff_id) / desk.send_session(id, snapshot) / desk.fetch_session(id)
    approve_staff_verification(signin, supervisor_id=..., pin=..., staff_id=..., ...)

The staff document is accepted only when its key id is the pinned server key, its signature
verifies, it fits protocol.staff.StaffDocument, it is for this kiosk's site and it is not older
than the one held. The last good copy stays in force otherwise; it is kept 0600 (its verifiers
allow an offline PIN guess: server/README.md, "Staff accounts and PINs").
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.staff import StaffDirectory, StaffSignIn
from kiosk.staff.verification import REASON_MAX, REASON_MIN, clean_reason
from protocol.staff import (
    HELP_REASONS,
    HELP_STEPS,
    HandoffSession,
    HandoffSessionAnswer,
    HelpRequestList,
    HelpRequestState,
    StaffDocument,
    make_approval,
)
from sync.client import ServerClient
from sync.errors import Offline, SyncError
from sync.kiosk_key import KioskIdentity, _write_atomic
from sync.signed_documents import DocumentRefused, open_signed

log = logging.getLogger(__name__)

STAFF_FILE = "staff.json"


# ---------------------------------------------------------------- the staff document


def verify_staff_document(signed: Any, identity: KioskIdentity) -> dict:
    """The staff document inside `signed` after the key, signature, schema and site checks
    (DocumentRefused, or KioskProblem for a foreign signature)."""
    document = open_signed("staff", signed, identity)
    try:
        parsed = StaffDocument.model_validate(document)
        StaffDirectory.from_document(document)  # the core's own checks (sizes, parameters)
    except (ValidationError, ValueError) as exc:
        raise DocumentRefused("schema_invalid", f"the staff document is invalid: {exc}") from None
    if parsed.site != identity.site:
        raise DocumentRefused(
            "wrong_site", f"the staff document is for another site ({parsed.site!r})"
        )
    return document


def _updated(document: dict | None) -> dt.datetime | None:
    value = (document or {}).get("updated_at")
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else None


class StaffDocuments:
    """The site's staff accounts: pulled from the server, kept in documents/staff.json."""

    def __init__(self, data_dir: Path, identity: KioskIdentity, client: ServerClient | None = None):
        self.data_dir = Path(data_dir)
        self.identity = identity
        self.client = client
        self.path = self.data_dir / "documents" / STAFF_FILE

    def current(self) -> dict | None:
        """The last good document, re-verified on every read (an edited file is ignored)."""
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            return verify_staff_document(saved["signed"], self.identity)
        except (OSError, ValueError, KeyError, TypeError, SyncError):
            return None

    def directory(self) -> StaffDirectory:
        """The accounts in force (empty before the first good document): give it, or this
        bound method, to kiosk.staff.StaffSignIn."""
        return StaffDirectory.from_document(self.current())

    def accept(self, signed: Any, etag: str | None = None) -> dict:
        document = verify_staff_document(signed, self.identity)
        held, new = _updated(self.current()), _updated(document)
        if held is not None and (new is None or new < held):
            # An older copy handed back (a replay) could bring back a disabled account.
            raise DocumentRefused("stale", "the staff document is older than the one in force")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"signed": signed, "etag": etag}, ensure_ascii=False).encode()
        _write_atomic(self.path, payload, 0o600)
        return document

    def pull(self) -> dict:
        """Fetch the site's staff document (If-None-Match); returns the document in force.
        Offline and refused documents raise; the last good one stays in force either way."""
        headers = {}
        etag = self._etag()
        if etag and self.current() is not None:
            headers["If-None-Match"] = etag
        response = self.client.call("GET", "/staff", headers=headers)
        if response.status_code == 304:
            return self.current()
        try:
            signed = response.json()
        except ValueError:
            raise DocumentRefused("schema_invalid", "the staff answer is not JSON") from None
        try:
            return self.accept(signed, response.headers.get("ETag"))
        except SyncError as exc:
            log.warning("refused the server's staff document: %s", exc)
            raise

    def _etag(self) -> str | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8")).get("etag")
        except (OSError, ValueError, AttributeError):
            return None


# ---------------------------------------------------------------- help requests


class HelpOffline(Offline):
    """The help request did not reach the server (or its answer did not come back): the
    screen says staff could not be reached and to go to the counter (staff.help_offline)."""

    def __init__(self, message: str, code: str = "help_offline"):
        super().__init__(message, code)
        self._set_words(None, "staff.help_offline", message)


class HelpDesk:
    """Help requests of this kiosk's site. Every call raises HelpOffline when the server
    cannot be reached or is busy, ApplicationRejected for a refused request (not_found:
    unknown or another site's request; staff_invalid: not an active account of the site) and
    KioskProblem when the kiosk itself must be fixed."""

    def __init__(self, client: ServerClient):
        self.client = client

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        try:
            return self.client.json(method, path, body=body)
        except Offline as exc:  # ServerBusy included
            raise HelpOffline(f"help request: {exc.message}", exc.code) from None

    @staticmethod
    def _state(answer: dict) -> HelpRequestState:
        try:
            return HelpRequestState.model_validate(answer)
        except ValidationError:
            raise HelpOffline("the help request answer is malformed", "bad_answer") from None

    def raise_help(self, step: str, reason: str) -> HelpRequestState:
        """Ask for staff from screen `step` for `reason` (protocol.staff.HELP_STEPS /
        HELP_REASONS; ValueError for others: nothing else may be sent)."""
        if step not in HELP_STEPS or reason not in HELP_REASONS:
            raise ValueError(f"unknown help step or reason: {step!r}, {reason!r}")
        return self._state(self._call("POST", "/help-requests", {"step": step, "reason": reason}))

    def poll(self, request_id: str) -> HelpRequestState:
        """The request's state now (poll every <= 3 s while the citizen waits)."""
        return self._state(self._call("GET", f"/help-requests/{_uuid(request_id)}"))

    def open_requests(self) -> list[HelpRequestState]:
        """Open and acknowledged requests of the site, oldest first (the staff screen)."""
        answer = self._call("GET", "/help-requests")
        try:
            return HelpRequestList.model_validate(answer).requests
        except ValidationError:
            raise HelpOffline("the help list answer is malformed", "bad_answer") from None

    def acknowledge(self, request_id: str, staff_id: str) -> HelpRequestState:
        """`staff_id` (signed in on this kiosk) is on the way."""
        path = f"/help-requests/{_uuid(request_id)}/ack"
        return self._state(self._call("POST", path, {"staff_id": staff_id}))

    def close(self, request_id: str, staff_id: str | None = None) -> HelpRequestState:
        body = {"staff_id": staff_id} if staff_id else {}
        return self._state(self._call("POST", f"/help-requests/{_uuid(request_id)}/close", body))

    # ----- takeover by hand-off code ---------------------------------------------------------

    def take_over(self, request_id: str, staff_id: str) -> HelpRequestState:
        """`staff_id` (signed in on this kiosk) asks for the citizen's session of another kiosk
        of the site; the citizen's kiosk sends it on its next poll."""
        path = f"/help-requests/{_uuid(request_id)}/takeover"
        return self._state(self._call("POST", path, {"staff_id": staff_id}))

    def send_session(self, request_id: str, snapshot: dict) -> HelpRequestState:
        """Hand this kiosk's session over (kiosk.session.Session.handoff_snapshot()). ValueError
        for a snapshot the contract does not allow: nothing else may leave the kiosk."""
        try:
            body = HandoffSession.model_validate({"snapshot": snapshot}).model_dump(mode="json")
        except ValidationError:
            raise ValueError("the session snapshot does not fit the contract") from None
        path = f"/help-requests/{_uuid(request_id)}/session"
        return self._state(self._call("POST", path, body))

    def fetch_session(self, request_id: str) -> HandoffSessionAnswer | None:
        """The handed-over session (once), or None while the citizen's kiosk has not sent it
        yet. ApplicationRejected (not_found) once fetched, expired or never this kiosk's."""
        path = f"/help-requests/{_uuid(request_id)}/session"
        try:
            answer = self._call("GET", path)
        except HelpOffline as exc:
            if exc.code == "in_progress":
                return None
            raise
        try:
            return HandoffSessionAnswer.model_validate(answer)
        except ValidationError:
            raise HelpOffline("the session answer is malformed", "bad_answer") from None


def _uuid(value: str) -> str:
    return str(uuid.UUID(str(value)))  # ValueError for anything that is not an id


# ---------------------------------------------------------------- supervisor approval


class ApprovalInvalid(SyncError):
    """The approval cannot be made as given (reason missing or too long, unknown reason code,
    the supervisor is also the counter staff member)."""

    def __init__(self, message: str, screen_code: str = "staff.approval_invalid"):
        super().__init__("approval_invalid", message, screen_code=screen_code)


def approve_staff_verification(
    signin: StaffSignIn,
    *,
    supervisor_id: str,
    pin: str,
    staff_id: str,
    kiosk_id: str,
    reason_code: str,
    reason_text: str,
    now: dt.datetime | None = None,
) -> dict:
    """A supervisor approves, with their PIN, that counter staff member `staff_id` verified the
    citizen against the physical KTP-el. Returns the SupervisorApproval (JSON data) for a new
    application id: put it in SubmissionPacket.staff_approval, and OutboxSubmitter seals the
    application under that id with identity_mode "staff".

    Raises kiosk.staff.SignInRefused (wrong PIN, locked, not a supervisor: the same lockout and
    audit as a sign-in) or ApprovalInvalid. The PIN key is used for the MAC only, then dropped;
    the approval (ids and reason code, not the reason text) goes to the audit log."""
    from protocol.staff import APPROVAL_REASONS

    text = clean_reason(reason_text)
    if reason_code not in APPROVAL_REASONS:
        raise ApprovalInvalid(
            f"unknown approval reason {reason_code!r}", "staff.override_reason_code"
        )
    if not REASON_MIN <= len(text) <= REASON_MAX:
        raise ApprovalInvalid(f"the reason must be {REASON_MIN} to {REASON_MAX} characters")
    if staff_id == supervisor_id:
        raise ApprovalInvalid(
            "a supervisor cannot approve their own session (four eyes)", "staff.approval_four_eyes"
        )
    if signin.directory.get(staff_id) is None:
        raise ApprovalInvalid(
            f"{staff_id!r} is not a staff account of this site", "staff.approval_unknown_staff"
        )
    account, key = signin.confirm_pin(supervisor_id, pin, roles=("supervisor",))
    application_id = str(uuid.uuid4())
    when = now or dt.datetime.fromtimestamp(signin.clock(), dt.UTC)
    try:
        approval = make_approval(
            key,
            application_id=application_id,
            kiosk_id=kiosk_id,
            staff_id=staff_id,
            supervisor_id=account.staff_id,
            reason_code=reason_code,
            reason_text=text,
            approved_at=when,
        )
    except ValidationError as exc:
        raise ApprovalInvalid(f"the approval is invalid: {exc.error_count()} problem(s)") from None
    finally:
        del key
    if signin.store is not None:
        signin.store.audit.record(
            "kiosk",
            "staff.supervisor_approval",
            application_id,
            {"staff_id": staff_id, "supervisor_id": account.staff_id, "reason": reason_code},
        )
    return approval

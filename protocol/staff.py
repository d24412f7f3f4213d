"""Counter staff in the kiosk <-> server contract (1.2): the per-site signed staff document,
help requests, and the MAC of a supervisor's approval (the approval model itself is
protocol.contract.SupervisorApproval, a field of the sealed ApplicationPacket).

Help requests never carry personal data: a step and a reason from closed vocabularies, nothing
typed by anyone. The PIN scheme behind the staff document is kiosk.staff.pin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.staff.accounts import STAFF_ID_PATTERN
from protocol.contract import Base64, SupervisorApproval
from protocol.signing import b64encode, canonical_json
from protocol.versions import RequestModel, ResponseModel, added

STAFF_ID = Field(pattern=STAFF_ID_PATTERN, description="ST- and 8 characters")
StaffRole = Literal["petugas", "supervisor", "teknisi"]

# ---------------------------------------------------------------- the staff document


class StaffKdf(ResponseModel):
    kdf: Literal["argon2id"]
    memory_kib: int = Field(ge=8 * 1024, le=512 * 1024)
    iterations: int = Field(ge=1, le=10)
    lanes: int = Field(ge=1, le=4)


class StaffAccountEntry(ResponseModel):
    """One account: the kiosk checks a PIN with SHA-256(Argon2id(PIN, salt)) == verifier."""

    staff_id: str = STAFF_ID
    name: str = Field(min_length=1, max_length=100)
    role: StaffRole
    salt: Base64 = Field(description="16 random bytes")
    verifier: Base64 = Field(description="SHA-256 of the Argon2id key, 32 bytes")
    kdf: StaffKdf


class StaffDocument(ResponseModel):
    """The `document` of GET /v1/staff: the active accounts of the calling kiosk's site.

    `updated_at` is the latest change to any account of the site (disabled ones included): a
    kiosk refuses a document older than the one it holds."""

    kind: Literal["staff"]
    site: str
    updated_at: dt.datetime | None
    accounts: list[StaffAccountEntry]


# ---------------------------------------------------------------- help requests

# Where the citizen was (the session's screens) and why help was asked for.
HELP_STEPS = (
    "welcome",
    "language",
    "nik",
    "consent",
    "face",
    "face_failed",
    "verifying",
    "no_match",
    "service",
    "form",
    "documents",
    "review",
    "submitting",
    "submitted",
    "survey",
    "status_check",
    "status_lookup",
    "staff_help",
    "ended",
)
HELP_REASONS = (
    "requested",  # the citizen pressed "Bantuan"
    "no_face",
    "multiple_faces",
    "poor_quality",
    "liveness_failed",
    "camera_unavailable",
    "no_match",
    "nik_locked",
    "consent_declined",
    "submit_failed",
    "printer_problem",
    "other",
)
HelpStep = Literal[HELP_STEPS]  # type: ignore[valid-type]
HelpReason = Literal[HELP_REASONS]  # type: ignore[valid-type]
HelpState = Literal["open", "acknowledged", "closed", "expired"]
# Four characters without look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B): said across a hall.
HANDOFF_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
HANDOFF_PATTERN = rf"^[{HANDOFF_ALPHABET}]{{4}}$"


class HelpRequestCreate(RequestModel):
    """POST /v1/help-requests: the kiosk that signs is the one asking."""

    step: HelpStep
    reason: HelpReason


class HelpAck(RequestModel):
    """POST /v1/help-requests/{id}/ack: the staff member signed in on the acknowledging kiosk."""

    staff_id: str = STAFF_ID


class HelpClose(RequestModel):
    """POST /v1/help-requests/{id}/close: the staff member who closes it, when one is known."""

    staff_id: str | None = Field(default=None, pattern=STAFF_ID_PATTERN)


class HelpRequestState(ResponseModel):
    request_id: str
    handoff_code: str = Field(description="four characters the citizen tells the staff member")
    kiosk_id: str
    step: str
    reason: str
    state: HelpState
    created_at: dt.datetime
    expires_at: dt.datetime
    acknowledged_at: dt.datetime | None = None
    acknowledged_by: str | None = Field(default=None, description="staff id")
    acknowledged_by_name: str | None = None
    closed_at: dt.datetime | None = None
    # Takeover by hand-off code: the staff terminal that asked for the citizen's session and the
    # staff member signed in there. The citizen's kiosk sends the session when it sees these.
    takeover_kiosk_id: str | None = added("1.2", description="the taking-over kiosk")
    takeover_by: str | None = added("1.2", description="staff id")


class HelpRequestList(ResponseModel):
    requests: list[HelpRequestState]


# ---------------------------------------------------------------- takeover by hand-off code

HANDOFF_FORM_BYTES = 16 * 1024


class HelpTakeover(RequestModel):
    """POST /v1/help-requests/{id}/takeover: the staff member signed in on the kiosk that asks
    for the citizen's session (another kiosk of the same site)."""

    staff_id: str = STAFF_ID


class HandoffSnapshot(BaseModel):
    """The citizen's session as it moves (kiosk.session.handoff): no face data, no session
    token, no approval, no scans. Strict: any other field is refused."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1]
    language: Literal["id", "en"]
    nik: str | None = Field(pattern=r"^[0-9]{16}$")
    consent_given: bool
    help_reason: HelpReason
    help_step: HelpStep | None
    service_id: str | None = Field(max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    form_values: dict[str, Any] = Field(max_length=100)

    @field_validator("form_values")
    @classmethod
    def _bounded(cls, values: dict[str, Any]) -> dict[str, Any]:
        if any(len(key) > 64 for key in values):
            raise ValueError("a form field id is longer than 64 characters")
        if len(canonical_json(values)) > HANDOFF_FORM_BYTES:
            raise ValueError(f"the form values exceed {HANDOFF_FORM_BYTES} bytes")
        return values


class HandoffSession(RequestModel):
    """POST /v1/help-requests/{id}/session: the citizen's kiosk hands its session over."""

    snapshot: HandoffSnapshot


class HandoffSessionAnswer(ResponseModel):
    """GET /v1/help-requests/{id}/session: the session, once, for the taking-over kiosk."""

    request_id: str
    from_kiosk_id: str
    snapshot: dict[str, Any]


# ---------------------------------------------------------------- supervisor approval

APPROVAL_REASONS: tuple[str, ...] = get_args(
    SupervisorApproval.model_fields["reason_code"].annotation
)


def approval_mac(key: bytes, approval: Mapping[str, Any]) -> str:
    """HMAC-SHA256 keyed with the supervisor's PIN key K over the canonical JSON of every
    field of the approval but `mac` (base64). The server recomputes it with its sealed K."""
    fields = {name: value for name, value in approval.items() if name != "mac"}
    return b64encode(hmac.new(bytes(key), canonical_json(fields), hashlib.sha256).digest())


def approval_mac_ok(key: bytes, approval: Mapping[str, Any]) -> bool:
    mac = approval.get("mac")
    return isinstance(mac, str) and hmac.compare_digest(mac, approval_mac(key, approval))


def make_approval(
    key: bytes,
    *,
    application_id: str,
    kiosk_id: str,
    staff_id: str,
    supervisor_id: str,
    reason_code: str,
    reason_text: str,
    approved_at: dt.datetime,
) -> dict[str, Any]:
    """A SupervisorApproval as JSON data, MAC included (checked against the contract model)."""
    body = {
        "application_id": application_id.lower(),
        "kiosk_id": kiosk_id,
        "staff_id": staff_id,
        "supervisor_id": supervisor_id,
        "reason_code": reason_code,
        "reason_text": reason_text.strip(),
        "approved_at": approved_at.astimezone(dt.UTC).isoformat(),
    }
    body["mac"] = approval_mac(key, body)
    SupervisorApproval.model_validate(body)  # ValueError (ValidationError) when not valid
    return body

"""The kiosk <-> MPP server contract (API version 1): data shapes only, no I/O.

Imported by the reference server (server/) and by the kiosk's sync layer. Every field the two
sides exchange is declared here so the OpenAPI document and both implementations agree.

Conventions:
- binary values (keys, sealed packets, signatures) travel as standard base64 strings;
- times are ISO 8601 with a timezone (UTC from the server);
- public keys are the raw 32-byte Ed25519 / X25519 keys, base64;
- a digest is ``sha-256=:<base64>:`` (the RFC 9530 Content-Digest member syntax).

Versioning (what may change within /v1, and how each side copes): protocol/versions.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from kiosk.staff.accounts import STAFF_ID_PATTERN
from protocol.release import UpdateReport
from protocol.times import Timestamp
from protocol.versions import RequestModel, ResponseModel, added

API_PREFIX = "/v1"
TEMPLATE_SIZE = 128
SKM_ELEMENTS = 9  # PermenPANRB 14/2017: nine elements, each scored 1-4
DIGEST_PATTERN = r"^sha-256=:[A-Za-z0-9+/]{43}=:$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
SERVICE_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"

Base64 = Annotated[str, Field(pattern=r"^[A-Za-z0-9+/]*={0,2}$", max_length=4_000_000)]
Digest = Annotated[str, Field(pattern=DIGEST_PATTERN, examples=["sha-256=:" + "A" * 43 + "=:"])]
ApplicationId = Annotated[str, Field(pattern=UUID_PATTERN, description="UUID made by the kiosk")]


MAX_SEQ = 2**53  # integers stay exact in every JSON implementation
TemplateValue = Annotated[float, Field(allow_inf_nan=False, ge=-10, le=10)]
Nik = Annotated[str, Field(min_length=1, max_length=32, description="16-digit NIK")]


# ---------------------------------------------------------------- errors

ErrorFamily = Literal["kiosk", "application"]

#: code -> (HTTP status, family). "kiosk": the kiosk itself must pause and fix something
#: (credentials, clock, back off); "application": only this request / application is invalid.
ERROR_CODES: dict[str, tuple[int, ErrorFamily]] = {
    # authentication and kiosk state
    "signature_missing": (401, "kiosk"),
    "signature_malformed": (401, "kiosk"),
    "signature_invalid": (401, "kiosk"),  # tampered method, path, headers or body
    "signature_replayed": (401, "kiosk"),
    "clock_skew": (401, "kiosk"),
    "kiosk_unknown": (401, "kiosk"),
    "kiosk_revoked": (401, "kiosk"),
    "enroll_code_invalid": (403, "kiosk"),
    "enroll_code_expired": (403, "kiosk"),
    "enroll_code_used": (403, "kiosk"),
    "rate_limited": (429, "kiosk"),
    "service_unavailable": (503, "kiosk"),
    # this request or application
    "malformed_json": (400, "application"),
    "malformed_http": (400, "application"),  # not even HTTP/1.1 (answered by the server's h11)
    "invalid_request": (422, "application"),
    "body_too_large": (413, "application"),
    "not_found": (404, "application"),
    "method_not_allowed": (405, "application"),
    "invalid_nik": (422, "application"),
    "nik_locked": (423, "application"),
    "session_invalid": (403, "application"),
    "invalid_tracking_code": (422, "application"),
    "idempotency_key_missing": (400, "application"),
    "idempotency_key_mismatch": (422, "application"),
    "idempotency_conflict": (422, "application"),
    "in_progress": (409, "application"),
    "packet_too_large": (413, "application"),
    "packet_digest_mismatch": (422, "application"),
    "packet_undecryptable": (422, "application"),
    "part_conflict": (422, "application"),
    "parts_incomplete": (422, "application"),
    # identity_mode "staff" without a valid supervisor's approval for the kiosk's site (1.2)
    "staff_mode_refused": (403, "application"),
    # a staff id that is not an active account of the kiosk's site (help acknowledgement, 1.2)
    "staff_invalid": (403, "application"),
    # GET /release with nothing published (or withdrawn): the kiosk keeps its build (1.3)
    "no_release": (404, "application"),
    "internal_error": (500, "kiosk"),
}


class ErrorBody(ResponseModel):
    """Every 4xx/5xx answer. `error` is stable and machine-readable; messages are for people."""

    error: str = Field(description="stable error code, see ERROR_CODES")
    family: ErrorFamily
    message: str = Field(description="English, for logs and technicians")
    message_id: str = Field(description="Bahasa Indonesia, for staff screens")
    detail: dict[str, Any] | None = None


# ---------------------------------------------------------------- signed documents


class SignedDocument(ResponseModel):
    """A document signed by the server's Ed25519 key.

    `signature` is over ``protocol.signing.canonical_json(document)``; `key_id` names the key
    (``server-`` + the first 16 hex digits of the SHA-256 of the raw public key).
    """

    document: dict[str, Any]
    signature: Base64
    key_id: str


# ---------------------------------------------------------------- enrollment


class EnrollRequest(RequestModel):
    code: str = Field(min_length=1, max_length=64, description="one-time enrollment code")
    public_key: Base64 = Field(description="the kiosk's Ed25519 public key, raw 32 bytes")
    app_version: str | None = Field(default=None, max_length=64)


class EnrollmentGrant(ResponseModel):
    """The `document` of the signed enrollment answer."""

    kiosk_id: str
    site: str
    # the site's Kemendagri regency code: the kiosk's receipts take their zone (WIB, WITA, WIT)
    region_code: str | None = added("1.2", pattern=r"^[0-9]{2}([0-9]{2})?$")
    server_signing_key: Base64
    server_sealing_key: Base64
    kiosk_public_key: Base64
    enrolled_at: dt.datetime


class EnrollmentQr(ResponseModel):
    """What the enrollment QR code holds (JSON) for the technician wizard."""

    url: str
    code: str
    server_key_id: str = Field(description="lets the kiosk check the signed answer's key")


# ---------------------------------------------------------------- identity


class LivenessSummary(RequestModel):
    passed: bool
    score: float | None = Field(default=None, ge=0, le=1)
    method: str | None = Field(default=None, max_length=64)


class FaceTemplate(RequestModel):
    template: list[TemplateValue] = Field(min_length=TEMPLATE_SIZE, max_length=TEMPLATE_SIZE)


class IdentityVerifyRequest(FaceTemplate):
    nik: Nik
    liveness: LivenessSummary


class Address(ResponseModel):
    street: str
    rt: str
    rw: str
    village: str
    district: str
    regency: str
    province: str
    postal_code: str | None = None


class FamilyMember(ResponseModel):
    nik: str
    name: str
    relationship: str
    sex: Literal["F", "M"]
    birth_date: dt.date
    # a KIA is only for a child who never married (Permendagri 2/2016)
    marital_status: str | None = added("1.2", max_length=40)


class CitizenPrefill(ResponseModel):
    nik: str
    name: str
    birth_place: str
    birth_date: dt.date
    sex: Literal["F", "M"]
    religion: str | None = None
    marital_status: str | None = None
    occupation: str | None = None
    address: Address
    kk_number: str
    family: list[FamilyMember]


class IdentityVerifyResponse(ResponseModel):
    """No match answers only ``{"match": false}``: nothing about the NIK is revealed."""

    match: bool
    session_token: str | None = None
    session_expires_at: dt.datetime | None = None
    citizen: CitizenPrefill | None = None


# ---------------------------------------------------------------- health workers


class SessionRef(RequestModel):
    session_token: str = Field(min_length=1, max_length=128)


class HealthWorkerRecord(ResponseModel):
    profession_code: str
    profession: str
    str_number: str
    str_status: Literal["active", "expired", "suspended"]
    str_valid_until: dt.date | None = Field(description="null for a lifetime STR")


class HealthWorkerLookupResponse(ResponseModel):
    found: bool
    worker: HealthWorkerRecord | None = None


# ---------------------------------------------------------------- applications

IdentityMode = Literal["online", "offline", "staff"]


class SubmissionMetadata(RequestModel):
    application_id: ApplicationId
    tracking_code: str = Field(min_length=11, max_length=32)
    service_id: str = Field(pattern=SERVICE_ID_PATTERN)
    catalog_version: str = Field(min_length=1, max_length=64)
    kiosk_id: str = Field(min_length=1, max_length=64)
    created_at: Timestamp
    size: int = Field(ge=1, le=MAX_SEQ, description="bytes of the sealed packet")
    digest: Digest = Field(description="digest of the sealed packet")
    identity_mode: IdentityMode
    session_token: str | None = Field(default=None, max_length=128)


class SubmissionRequest(RequestModel):
    """Single-request submission; send with header ``Idempotency-Key: <application_id>``."""

    metadata: SubmissionMetadata
    packet: Base64 = Field(description="SealedBox(X25519) of an ApplicationPacket, base64")


class CommitRequest(RequestModel):
    """Commit of a packet uploaded as parts (also with the Idempotency-Key header)."""

    metadata: SubmissionMetadata
    part_count: int = Field(ge=1, le=10_000)


class PartUpload(RequestModel):
    data: Base64
    digest: Digest = Field(description="digest of this part's bytes")


class PartInfo(ResponseModel):
    part_number: int
    size: int
    digest: str


class PartsListing(ResponseModel):
    application_id: str
    parts: list[PartInfo]
    next_missing: int = Field(description="first part number not yet received (1-based)")


class SubmissionReceipt(ResponseModel):
    application_id: str
    tracking_code: str
    status: str
    received_at: dt.datetime
    identity_status: str


class SupervisorApproval(RequestModel):
    """A supervisor's approval of a staff-verified identity (identity_mode "staff", 1.2).

    `mac` is HMAC-SHA256 keyed with the supervisor's PIN key K (kiosk.staff.pin) over the
    canonical JSON of the other fields as sent (protocol.staff.approval_mac); the server checks
    it with the K it keeps sealed. Bound to one application and one kiosk; `staff_id` is the
    counter staff member who ran the session, `supervisor_id` another person. Inside the
    packet like the packet itself: fields of a newer minor are kept (and covered by the MAC)."""

    application_id: ApplicationId
    kiosk_id: str = Field(min_length=1, max_length=64)
    staff_id: str = Field(pattern=STAFF_ID_PATTERN)
    supervisor_id: str = Field(pattern=STAFF_ID_PATTERN)
    reason_code: Literal[
        "face_check_failed",  # the face check failed after the allowed attempts
        "liveness_impossible",  # disability, injury or age: the citizen cannot do it
        "camera_unavailable",
        "no_reference_face",  # the population register has no usable photo
        "other",
    ]
    reason_text: str = Field(min_length=10, max_length=500, description="by the supervisor")
    approved_at: Timestamp
    mac: str = Field(pattern=r"^[A-Za-z0-9+/]{43}=$", description="HMAC-SHA256, base64")


class ApplicationPacket(BaseModel):
    """The plaintext inside the sealed packet (JSON, UTF-8) before sealing."""

    model_config = ConfigDict(extra="allow")

    application_id: ApplicationId
    tracking_code: str
    service_id: str
    catalog_version: str
    created_at: Timestamp
    nik: str
    identity_mode: IdentityMode
    session_token: str | None = None
    face_template: list[TemplateValue] | None = Field(
        default=None,
        min_length=TEMPLATE_SIZE,
        max_length=TEMPLATE_SIZE,
        description="the live template; required when identity_mode is offline",
    )
    liveness: LivenessSummary | None = None
    form: dict[str, Any] = Field(default_factory=dict)
    documents: list[dict[str, Any]] = Field(default_factory=list)
    staff_approval: SupervisorApproval | None = added(
        "1.2", description="required when identity_mode is staff"
    )


# ---------------------------------------------------------------- status

ApplicationStatus = Literal["received", "in_review", "completed", "rejected", "visit_counter"]


class StatusResponse(ResponseModel):
    tracking_code: str
    service_id: str
    status: ApplicationStatus
    submitted_at: dt.datetime
    received_at: dt.datetime
    updated_at: dt.datetime
    identity_verification_failed: bool | None = Field(
        description="offline sessions only: true means the citizen must visit a counter"
    )
    message_id: str
    message_en: str


# ---------------------------------------------------------------- heartbeat and surveys


DOCTOR_CHECK_NAME = r"^[a-z][a-z0-9_]{0,31}$"


class DoctorSummary(RequestModel):
    """The kiosk's cheap in-process doctor checks (kiosk/doctor.py): counts and the names of the
    checks that warn or fail (names only: details may quote local paths)."""

    ok: int = Field(ge=0, le=1000)
    warn: int = Field(ge=0, le=1000)
    fail: int = Field(ge=0, le=1000)
    warning: list[Annotated[str, Field(pattern=DOCTOR_CHECK_NAME)]] = Field(
        default_factory=list, max_length=32
    )
    failing: list[Annotated[str, Field(pattern=DOCTOR_CHECK_NAME)]] = Field(
        default_factory=list, max_length=32
    )


class Heartbeat(RequestModel):
    app_version: str = Field(max_length=64)
    health: Literal["ok", "degraded", "error"]
    queue_depth: int = Field(ge=0, le=10_000_000)
    oldest_pending_age_s: float | None = Field(default=None, ge=0, le=1e9)
    camera: Literal["ok", "missing", "error"]
    printer: Literal["ok", "paper_low", "paper_out", "missing", "error"]
    audit_seq: int = Field(ge=0, le=MAX_SEQ, description="latest audit-log sequence number")
    audit_hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="hash of that entry")
    sent_at: Timestamp
    doctor: DoctorSummary | None = added(
        "1.2", description="cheap doctor checks only (disk, queue); never the slow ones"
    )
    release: UpdateReport | None = added("1.3", description="the kiosk's update state")


class HeartbeatAck(ResponseModel):
    server_time: dt.datetime
    audit_anchor_seq: int
    contract_version: str | None = added("1.1", description="the server's contract (MAJOR.MINOR)")


def _some_answered(scores: list[int | None]) -> list[int | None]:
    if all(score is None for score in scores):
        raise ValueError("at least one SKM element must be scored")
    return scores


class SurveyResult(RequestModel):
    survey_id: ApplicationId
    service_id: str | None = Field(default=None, pattern=SERVICE_ID_PATTERN)
    submitted_at: Timestamp
    # One entry per SKM element in order; null where the citizen skipped that question.
    scores: Annotated[
        list[Annotated[int, Field(ge=1, le=4)] | None],
        Field(min_length=SKM_ELEMENTS, max_length=SKM_ELEMENTS),
        AfterValidator(_some_answered),
    ]


class SurveyBatch(RequestModel):
    results: list[SurveyResult] = Field(min_length=1, max_length=500)


class SurveyAck(ResponseModel):
    accepted: int
    duplicates: int


# ---------------------------------------------------------------- configuration


class ServerConfiguration(ResponseModel):
    """The `document` of GET /v1/configuration."""

    heartbeat_interval_s: int
    max_packet_bytes: int
    part_size_bytes: int
    clock_skew_s: int
    session_ttl_s: int
    face_threshold: float
    nik_lock_failures: int
    survey_enabled: bool

"""Database tables of the reference server (SQLAlchemy 2; schema changes go through Alembic)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite drops the zone; we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            value = value.astimezone(dt.UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None:
            value = (
                value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
            )
        return value


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: UtcDateTime()}


class Kiosk(Base):
    __tablename__ = "kiosks"
    kiosk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(String(4))  # Kemendagri regency code
    public_key: Mapped[str] = mapped_column(String(64), unique=True)
    app_version: Mapped[str | None] = mapped_column(String(64))
    enrolled_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(String(500))
    last_seen_at: Mapped[dt.datetime | None]
    # latest heartbeat
    health: Mapped[str | None] = mapped_column(String(16))
    queue_depth: Mapped[int | None]
    oldest_pending_age_s: Mapped[float | None] = mapped_column(Float)
    camera: Mapped[str | None] = mapped_column(String(16))
    printer: Mapped[str | None] = mapped_column(String(16))
    audit_seq: Mapped[int | None] = mapped_column(BigInteger)
    audit_hash: Mapped[str | None] = mapped_column(String(64))
    heartbeat_at: Mapped[dt.datetime | None]
    # the doctor summary of the latest heartbeat (contract 1.2; NULL from older kiosks):
    # counts, and "fail:NAME,...,warn:NAME,..." (check names only)
    doctor_ok: Mapped[int | None]
    doctor_warn: Mapped[int | None]
    doctor_fail: Mapped[int | None]
    doctor_problems: Mapped[str | None] = mapped_column(String(2500))
    # A heartbeat whose audit sequence went backwards (a lost, reset or restored kiosk store):
    # when, and from which acknowledged sequence. Staff see it in `admin kiosks`.
    audit_regressed_at: Mapped[dt.datetime | None]
    audit_regressed_from: Mapped[int | None] = mapped_column(BigInteger)
    audit_regressed_to: Mapped[int | None] = mapped_column(BigInteger)
    # the update state of the latest heartbeat (contract 1.3, protocol.release.UpdateReport;
    # NULL from older kiosks)
    release_state: Mapped[str | None] = mapped_column(String(16))
    release_running: Mapped[str | None] = mapped_column(String(64))
    release_target: Mapped[str | None] = mapped_column(String(64))
    release_previous: Mapped[str | None] = mapped_column(String(64))
    release_detail: Mapped[str | None] = mapped_column(String(48))
    release_changed_at: Mapped[dt.datetime | None]


class EnrollCode(Base):
    __tablename__ = "enroll_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    site: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(String(4))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    kiosk_id: Mapped[str | None] = mapped_column(String(64))


class Nonce(Base):
    __tablename__ = "nonces"
    kiosk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(128), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(index=True)


class Citizen(Base):
    __tablename__ = "citizens"
    nik: Mapped[str] = mapped_column(String(16), primary_key=True)
    kk_number: Mapped[str] = mapped_column(String(16), index=True)
    relationship: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    birth_place: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    religion: Mapped[str | None] = mapped_column(String(40))
    marital_status: Mapped[str | None] = mapped_column(String(40))
    occupation: Mapped[str | None] = mapped_column(String(100))
    street: Mapped[str] = mapped_column(String(200))
    rt: Mapped[str] = mapped_column(String(3))
    rw: Mapped[str] = mapped_column(String(3))
    village: Mapped[str] = mapped_column(String(100))
    district: Mapped[str] = mapped_column(String(100))
    regency: Mapped[str] = mapped_column(String(100))
    province: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    # sealed with the server's data key (server.identity.seal_reference), never in clear
    reference_template: Mapped[bytes | None] = mapped_column(LargeBinary)
    template_updated_at: Mapped[dt.datetime | None]


class HealthWorker(Base):
    __tablename__ = "health_workers"
    nik: Mapped[str] = mapped_column(String(16), primary_key=True)
    profession_code: Mapped[str] = mapped_column(String(40))
    profession: Mapped[str] = mapped_column(String(100))
    str_number: Mapped[str] = mapped_column(String(40), unique=True)
    str_status: Mapped[str] = mapped_column(String(16))
    str_valid_until: Mapped[dt.date | None] = mapped_column(Date)


class VerifyAttempt(Base):
    __tablename__ = "verify_attempts"
    __table_args__ = (
        Index("ix_verify_attempts_nik_at", "nik_hash", "at"),
        Index("ix_verify_attempts_kiosk_at", "kiosk_id", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    nik_hash: Mapped[str] = mapped_column(String(64))
    matched: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime]


class EnrollFailure(Base):
    """A refused enrollment code, by source address: enrollment is unsigned, so guessing is
    limited per source (server.enrollment)."""

    __tablename__ = "enroll_failures"
    __table_args__ = (Index("ix_enroll_failures_source_at", "source", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]


class AdminAudit(Base):
    """Who did what with personal data through the admin commands (e.g. decrypted one
    application), and when."""

    __tablename__ = "admin_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(100))


class Release(Base):
    """A kiosk build published with `kiosk server admin release publish` (server.releases):
    at most one is `current` (offered), one `previous` (its file still served for downloads
    under way); older ones are `retired` and withdrawn ones `withdrawn` (no file kept)."""

    __tablename__ = "releases"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    store_schema: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), index=True)
    default_share: Mapped[int]
    site_shares: Mapped[str] = mapped_column(Text)  # JSON {"site": per cent}
    published_at: Mapped[dt.datetime]
    published_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime]


class Session(Base):
    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    nik_sealed: Mapped[bytes] = mapped_column(LargeBinary)  # the data key's, never in clear
    kiosk_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))  # in_progress | done
    started_at: Mapped[dt.datetime]
    status_code: Mapped[int | None]
    response_body: Mapped[str | None] = mapped_column(Text)


class Application(Base):
    __tablename__ = "applications"
    application_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(32), unique=True)
    service_id: Mapped[str] = mapped_column(String(64))
    catalog_version: Mapped[str] = mapped_column(String(64))
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.kiosk_id"))
    created_at: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    size: Mapped[int]
    digest: Mapped[str] = mapped_column(String(80))
    packet: Mapped[bytes] = mapped_column(LargeBinary)
    identity_mode: Mapped[str] = mapped_column(String(16))
    identity_status: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    # identity_mode "staff": the counter staff member and the approving supervisor (staff ids)
    staff_id: Mapped[str | None] = mapped_column(String(16))
    supervisor_id: Mapped[str | None] = mapped_column(String(16))


class ApplicationPart(Base):
    __tablename__ = "application_parts"
    application_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    part_number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(80))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[dt.datetime]


class SurveyResponse(Base):
    __tablename__ = "survey_responses"
    survey_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    service_id: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]
    scores: Mapped[str] = mapped_column(String(40))  # "4,3,-,..." nine digits 1-4, "-" skipped


class StaffAccount(Base):
    """A counter staff member of one site (server.staff). The PIN is never stored: its salt,
    the verifier V = SHA-256(K) kiosks get, and K = Argon2id(PIN, salt) sealed with the data key
    (to check a supervisor's approval)."""

    __tablename__ = "staff_accounts"
    staff_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    site: Mapped[str] = mapped_column(String(200), index=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # petugas | supervisor | teknisi
    pin_salt: Mapped[bytes] = mapped_column(LargeBinary)
    pin_verifier: Mapped[bytes] = mapped_column(LargeBinary)
    pin_key_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    pin_kdf: Mapped[str] = mapped_column(String(200))  # JSON: kiosk.staff.pin.PinParams
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    disabled_at: Mapped[dt.datetime | None]


class HelpRequest(Base):
    """A citizen's call for staff from a kiosk (server.help_requests): no personal data.
    `active_code` is the hand-off code while the request is open or acknowledged (NULL after),
    so the unique index keeps codes unique among a site's live requests only."""

    __tablename__ = "help_requests"
    __table_args__ = (
        Index("ux_help_requests_site_active_code", "site", "active_code", unique=True),
        Index("ix_help_requests_site_state", "site", "state"),
    )
    request_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site: Mapped[str] = mapped_column(String(200))
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    step: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(32))
    handoff_code: Mapped[str] = mapped_column(String(8))
    active_code: Mapped[str | None] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16))  # open | acknowledged | closed | expired
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    acknowledged_at: Mapped[dt.datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(16))
    closed_at: Mapped[dt.datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(64))  # a staff id, a kiosk or an admin
    # takeover by hand-off code (0007): the kiosk and staff member that asked for the session,
    # and the session itself, sealed with the data key, until fetched once or expired
    takeover_kiosk_id: Mapped[str | None] = mapped_column(String(64))
    takeover_by: Mapped[str | None] = mapped_column(String(16))
    takeover_at: Mapped[dt.datetime | None]
    session_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    session_expires_at: Mapped[dt.datetime | None]

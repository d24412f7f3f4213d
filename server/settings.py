"""Settings of the reference MPP server (one object, passed to create_app)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MIB = 1024 * 1024


@dataclass
class ServerSettings:
    """Everything configurable; defaults suit the embedded demo server."""

    data_dir: Path
    database_url: str | None = None  # default: sqlite:///<data_dir>/server.sqlite3
    public_url: str = "http://127.0.0.1:8700"  # what enrollment QR codes point at
    max_request_bytes: int = 2 * MIB  # any single HTTP body
    part_threshold_bytes: int = MIB  # packets larger than this upload as parts
    max_packet_bytes: int = 64 * MIB
    enroll_code_ttl_s: int = 24 * 3600
    clock_skew_s: int = 300
    nonce_keep_s: int = 600  # > 2 x clock skew, so a replay always finds its nonce
    session_ttl_s: int = 15 * 60
    # An application queued during an outage arrives with an expired session token: accepted
    # for this long after expiry (a long outage), then staff verify the citizen instead.
    session_grace_s: int = 7 * 24 * 3600
    # How long personal data stays (server.lifecycle.prune; server/README.md names them)
    retention_decided_days: int = 365  # completed or rejected applications
    retention_parts_days: int = 7  # parts of an upload never committed
    retention_attempts_days: int = 30  # face-check attempts (lockout needs an hour)
    # Idempotency records (a stored answer per request key): longer than any kiosk keeps
    # retrying one application, a kiosk switched off through a long holiday included.
    retention_idempotency_days: int = 90
    face_threshold: float | None = None  # None: kiosk.facematch.DEFAULT_THRESHOLD
    verify_per_kiosk_per_minute: int = 30
    verify_per_nik_per_minute: int = 10
    nik_lock_failures: int = 5  # failed matches within an hour lock self-service
    enroll_failures_per_minute: int = 10  # refused enrollment codes per source address
    api_docs: bool = False  # /docs, /redoc, /openapi.json: only with `serve --dev`
    in_progress_timeout_s: int = 60  # an idempotent request stuck longer is taken over
    heartbeat_interval_s: int = 60
    survey_enabled: bool = True
    extra_configuration: dict = field(default_factory=dict)

    def __post_init__(self):
        self.data_dir = Path(self.data_dir)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'server.sqlite3'}"

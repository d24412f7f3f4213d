"""Typed sync errors: what went wrong, as a code, English for logs and catalog words for screens.

Three families, matching what the kiosk must do about them:
- Offline (also ports.ServerUnreachable): no answer, or a temporary server problem; carry on
  offline and retry later (ServerBusy carries the server's Retry-After).
- KioskProblem: the kiosk itself must be fixed (revoked, clock, unknown kiosk, bad answer
  signed by another key): pause the queue and say what to fix.
- ApplicationRejected: this one request or application is refused, with the server's code.
"""

from __future__ import annotations

from kiosk.errors import ScreenWords
from kiosk.ports import ServerUnreachable


class SyncError(ScreenWords, Exception):
    """`message` is English for logs; `message_id` the Indonesian screen text (the server's, or
    the catalog's `screen_code` when the kiosk words it itself)."""

    def __init__(
        self,
        code: str,
        message: str,
        message_id: str | None = None,
        detail=None,
        *,
        screen_code: str | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self._set_words(message_id, screen_code, message)
        self.detail = detail or {}


class Offline(SyncError, ServerUnreachable):
    """The server could not be reached or answered with a temporary failure."""

    def __init__(self, message: str = "the server cannot be reached", code: str = "offline"):
        super().__init__(code, message, screen_code="sync.offline")


class ServerBusy(Offline):
    """5xx, 429 or in-progress answers; `retry_after` is seconds from now (None: not said)."""

    def __init__(self, code: str, message: str, retry_after: float | None = None):
        super().__init__(message, code)
        self.retry_after = retry_after


# What a technician must do for each kiosk-level code: English, for logs and the CLI (commands,
# config keys). Staff screens show the catalog's `sync.fix.<code>` instead, which says what
# staff can do; the two are different instructions, not translations of each other.
FIXES: dict[str, str] = {
    "kiosk_revoked": "This kiosk's enrollment was revoked by the server. Ask the MPP administrator "
    "for a new enrollment code and run `kiosk enroll` again.",
    "kiosk_unknown": "The server does not know this kiosk. Enroll it again with `kiosk enroll`.",
    "clock_skew": "The kiosk's clock is too far from the server's. Set the correct date and time "
    "(enable NTP), then retry the queue.",
    "not_enrolled": "This kiosk is not enrolled yet. Run the `kiosk enroll ...` line that "
    "`server admin enroll-code` prints.",
    "wrong_server_key": "An answer was signed by a key other than the pinned server key. Check "
    "that the kiosk talks to the right server (no interception); if the server's keys really "
    "changed, enroll again with --new-server.",
    "tls_error": "The server's TLS certificate could not be verified. Check server.url and "
    "server.ca_bundle.",
    "insecure_server_url": "Set server.url to the server's https:// address (TLS terminated by "
    "the server or its reverse proxy); plain http:// is only for a server on this machine.",
}
DEFAULT_FIX = (
    "The server refused the kiosk's requests; check the kiosk's enrollment and configuration."
)


class KioskProblem(SyncError):
    """The kiosk must be fixed before anything more can be sent."""

    def __init__(self, code: str, message: str, message_id: str | None = None, detail=None):
        fix = FIXES.get(code, DEFAULT_FIX)
        screen = f"sync.fix.{code}" if code in FIXES else "sync.fix.default"
        # The server's own Indonesian words win over the kiosk's generic ones.
        super().__init__(
            code,
            f"{message} {fix}".strip(),
            message_id,
            detail,
            screen_code=None if message_id else screen,
        )
        self.fix = fix


class ApplicationRejected(SyncError):
    """The server refused this application for good (staff must look at it)."""


class EnrollmentRefused(SyncError):
    """A wrong, expired or used code: `message` is the server's reason."""

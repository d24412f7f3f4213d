"""Typed sync errors: what went wrong, in words the UI can show (Indonesian and English).

Three families, matching what the kiosk must do about them:
- Offline (also ports.ServerUnreachable): no answer, or a temporary server problem; carry on
  offline and retry later (ServerBusy carries the server's Retry-After).
- KioskProblem: the kiosk itself must be fixed (revoked, clock, unknown kiosk, bad answer
  signed by another key): pause the queue and say what to fix.
- ApplicationRejected: this one request or application is refused, with the server's code.
"""

from __future__ import annotations

from kiosk.ports import ServerUnreachable


class SyncError(Exception):
    def __init__(self, code: str, message: str, message_id: str | None = None, detail=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_id = message_id or message
        self.detail = detail or {}


class Offline(SyncError, ServerUnreachable):
    """The server could not be reached or answered with a temporary failure."""

    def __init__(self, message: str = "the server cannot be reached", code: str = "offline"):
        super().__init__(
            code,
            message,
            "Server tidak dapat dihubungi. Permohonan disimpan dan akan dikirim otomatis.",
        )


class ServerBusy(Offline):
    """5xx, 429 or in-progress answers; `retry_after` is seconds from now (None: not said)."""

    def __init__(self, code: str, message: str, retry_after: float | None = None):
        super().__init__(message, code)
        self.retry_after = retry_after


# What a technician must do for each kiosk-level code (English; Indonesian for staff screens).
# Not in the message catalog (assets/messages): the English texts are technician instructions
# (commands, config keys), not the English of the Indonesian staff texts, so they are no pairs.
FIXES: dict[str, tuple[str, str]] = {
    "kiosk_revoked": (
        "This kiosk's enrollment was revoked by the server. Ask the MPP administrator for a new "
        "enrollment code and run `kiosk enroll` again.",
        "Pendaftaran kios ini dicabut. Minta kode pendaftaran baru kepada admin MPP.",
    ),
    "kiosk_unknown": (
        "The server does not know this kiosk. Enroll it again with `kiosk enroll`.",
        "Server tidak mengenal kios ini. Daftarkan ulang kios.",
    ),
    "clock_skew": (
        "The kiosk's clock is too far from the server's. Set the correct date and time "
        "(enable NTP), then retry the queue.",
        "Jam kios tidak sesuai. Atur tanggal dan jam yang benar, lalu kirim ulang antrean.",
    ),
    "not_enrolled": (
        "This kiosk is not enrolled yet. Run `kiosk enroll --server URL --code CODE`.",
        "Kios belum terdaftar. Jalankan pendaftaran kios.",
    ),
    "wrong_server_key": (
        "An answer was signed by a key other than the pinned server key. Check that the kiosk "
        "talks to the right server (no interception); if the server's keys really changed, "
        "enroll again with --new-server.",
        "Jawaban server ditandatangani kunci yang tidak dikenal. Hubungi teknisi.",
    ),
    "tls_error": (
        "The server's TLS certificate could not be verified. Check server.url and "
        "server.ca_bundle.",
        "Sertifikat server tidak dapat diverifikasi. Hubungi teknisi.",
    ),
}
DEFAULT_FIX = (
    "The server refused the kiosk's requests; check the kiosk's enrollment and configuration.",
    "Server menolak permintaan kios. Hubungi teknisi.",
)


class KioskProblem(SyncError):
    """The kiosk must be fixed before anything more can be sent."""

    def __init__(self, code: str, message: str, message_id: str | None = None, detail=None):
        fix_en, fix_id = FIXES.get(code, DEFAULT_FIX)
        super().__init__(code, f"{message} {fix_en}".strip(), message_id or fix_id, detail)
        self.fix = fix_en


class ApplicationRejected(SyncError):
    """The server refused this application for good (staff must look at it)."""


class EnrollmentRefused(SyncError):
    """A wrong, expired or used code: `message` is the server's reason."""

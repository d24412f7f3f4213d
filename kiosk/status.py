"""What "Cek status" tells the citizen about an application, Qt-free.

The status values a StatusLookup answers (kiosk.ports.ApplicationStatus.status) are the server's
(protocol.contract.ApplicationStatus: received, in_review, completed, rejected, visit_counter) and
QUEUED, which the sync layer answers itself for an application still in this kiosk's outbox (the
server does not know it yet). Each has one headline and one kind of message here; the office's
own note, when the server sends one, is shown instead of our headline (never for QUEUED: the
kiosk, not the office, knows about those).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.ports import ApplicationStatus

QUEUED = "queued"


@dataclass(frozen=True)
class StatusText:
    """What the citizen reads, in both languages, and how it is shown: `kind` is "info",
    "success", "warning" or "error" (the screen's message colours)."""

    text_id: str
    text_en: str
    kind: str


# status value -> our headline (Indonesian, English) and kind
STATUS_TEXTS: dict[str, StatusText] = {
    QUEUED: StatusText(
        "Masih antre di kiosk ini. Permohonan akan dikirim ke kantor begitu koneksi "
        "tersambung kembali.",
        "Still queued on this kiosk. It will be sent to the office as soon as the connection "
        "is back.",
        "warning",
    ),
    "received": StatusText(
        "Sudah diterima kantor, menunggu diproses.",
        "Received by the office, waiting to be processed.",
        "info",
    ),
    "in_review": StatusText("Sedang diperiksa petugas.", "Being checked by an officer.", "info"),
    "completed": StatusText(
        "Selesai. Hasilnya sudah dapat diambil.",
        "Finished. You can collect the result.",
        "success",
    ),
    "rejected": StatusText(
        "Tidak disetujui. Silakan datang ke loket.",
        "Not approved. Please visit a counter.",
        "error",
    ),
    "visit_counter": StatusText(
        "Verifikasi gagal: silakan datang ke loket dengan membawa KTP-el.",
        "Verification failed: please visit a counter with your ID card (KTP-el).",
        "error",
    ),
}


def status_text(status: ApplicationStatus) -> StatusText:
    """What to show for a lookup's answer: the office's note first, in each language on its
    own, else our headline; QUEUED always ours. A value we do not know (a newer server) is
    shown as the office's note, else as the value itself, as plain information."""
    ours = STATUS_TEXTS.get(status.status)
    if status.status == QUEUED:
        return ours
    if ours is None:
        ours = StatusText(status.status, status.status, "info")
    return StatusText(status.note_id or ours.text_id, status.note_en or ours.text_en, ours.kind)

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

from kiosk.messages import pair
from kiosk.ports import ApplicationStatus

QUEUED = "queued"


@dataclass(frozen=True)
class StatusText:
    """What the citizen reads, in both languages, and how it is shown: `kind` is "info",
    "success", "warning" or "error" (the screen's message colours)."""

    text_id: str
    text_en: str
    kind: str


_KINDS = {
    QUEUED: "warning",
    "received": "info",
    "in_review": "info",
    "completed": "success",
    "rejected": "error",
    "visit_counter": "error",
}

# status value -> our headline (Indonesian, English; from the message catalog, codes
# "status.*") and kind
STATUS_TEXTS: dict[str, StatusText] = {
    value: StatusText(*pair(f"status.{value}"), kind) for value, kind in _KINDS.items()
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

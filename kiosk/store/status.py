"""The outbox as staff see it (`kiosk queue status|retry` and the staff console): counts per
state, the oldest pending application, the queue's pause and last error, and the applications
the server rejected with its reason. Never the sealed contents."""

from __future__ import annotations

from kiosk.errors import KioskError
from kiosk.store.applications import Applications, StoredApplication, TransitionError
from kiosk.store.outbox import Outbox


def queue_status(store) -> dict:
    apps, outbox = Applications(store), Outbox(store)
    return {
        "counts": apps.counts(),
        "oldest_pending_seconds": apps.oldest_pending_seconds(),
        "last_error": outbox.last_error(),
        "paused": outbox.paused(),
        "rejected": [
            {
                "id": a.id,
                "tracking_code": a.tracking_code,
                "reason_code": a.reason_code,
                "reason": a.reason,
            }
            for a in apps.list("rejected")
        ],
        "durability": store.durability(),
    }


def find_application(store, id_or_code: str) -> StoredApplication | None:
    """The application with this id or tracking code (typed in any case, with or without
    separators), or None."""
    from kiosk.tracking import TrackingCodeError, normalize

    apps = Applications(store)
    found = apps.get(id_or_code)
    if found is None:
        try:
            found = apps.by_tracking_code(normalize(id_or_code))
        except TrackingCodeError:
            return None
    return found


def retry_application(store, id_or_code: str, actor: str = "staff") -> StoredApplication:
    """Queue a rejected or waiting application to be sent again (KioskError otherwise)."""
    app = find_application(store, id_or_code)
    if app is None:
        raise KioskError(f"no application with id or tracking code {id_or_code!r}")
    if app.state not in ("rejected", "queued"):
        raise KioskError(
            f"application {app.id} is {app.state}; only rejected or queued "
            "applications can be retried"
        )
    try:
        Outbox(store).retry(app.id, actor=actor)
    except TransitionError as exc:
        raise KioskError(str(exc)) from None
    return app

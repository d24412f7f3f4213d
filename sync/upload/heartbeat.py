"""Heartbeat: kiosk health, queue depth and the audit log's head; the ack anchors the log.

When the server acknowledges the sequence number we sent, that (seq, hash) becomes the audit
anchor, so `kiosk audit verify` notices if the newest entries are later deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from kiosk import __version__
from kiosk.doctor import FAIL, OK, WARN, check_disk, ok, run_check, warn
from kiosk.store import Store
from kiosk.store.applications import Applications
from protocol.contract import HeartbeatAck
from protocol.release import UpdateReport
from sync.client import ServerClient
from sync.errors import ServerBusy

log = logging.getLogger(__name__)


def default_devices() -> dict[str, str]:
    # The queue worker alone cannot see the camera or printer; the UI passes real values.
    return {"camera": "missing", "printer": "missing"}


def doctor_summary(
    store: Store,
    oldest_pending_s: float | None,
    *,
    disk_warn_mb: float = 2048,
    disk_fail_mb: float = 500,
    queue_warn_hours: float = 24.0,
) -> dict:
    """The doctor's cheap checks for the fleet view, run on every heartbeat: free disk in the
    store's folder (one statvfs) and the queue backlog (from the counts already read). The slow
    checks (camera fps, face models, server, store integrity_check) are `kiosk doctor`'s only:
    even SQLite's quick_check reads the whole database."""
    results = run_check("disk", lambda: check_disk(store.path.parent, disk_warn_mb, disk_fail_mb))
    if oldest_pending_s is not None and oldest_pending_s > queue_warn_hours * 3600:
        results.append(warn("queue", "applications wait too long", "kiosk queue drain"))
    else:
        results.append(ok("queue", "backlog within limits"))
    return {
        "ok": sum(r.status == OK for r in results),
        "warn": sum(r.status == WARN for r in results),
        "fail": sum(r.status == FAIL for r in results),
        "warning": [r.name for r in results if r.status == WARN],
        "failing": [r.name for r in results if r.status == FAIL],
    }


def send_heartbeat(
    client: ServerClient,
    store: Store,
    *,
    health: str = "ok",
    devices: Callable[[], dict[str, str]] = default_devices,
    doctor: Callable[[Store, float | None], dict] | None = doctor_summary,
    release: Callable[[], dict | None] | None = None,
) -> HeartbeatAck:
    apps = Applications(store)
    counts = apps.counts()
    seq, digest = store.audit.head()
    oldest = apps.oldest_pending_seconds()
    body = {
        "app_version": __version__,
        "health": health,
        "queue_depth": counts["sealed"] + counts["queued"] + counts["sending"],
        "oldest_pending_age_s": oldest,
        "audit_seq": seq,
        "audit_hash": digest,
        "sent_at": dt.datetime.now(dt.UTC).isoformat(),
        **devices(),
    }
    if doctor is not None:  # contract 1.2; an older server drops it (a newer kiosk's field)
        body["doctor"] = doctor(store, oldest)
    if release is not None:  # contract 1.3 (UpdateReport); an older server drops it too
        try:
            report = release()
            if report is not None:
                body["release"] = UpdateReport.model_validate(report).model_dump(mode="json")
        except ValueError as exc:  # a damaged state file must not stop the heartbeat
            log.warning("update state not reported: %s", type(exc).__name__)
    answer = client.json("POST", "/heartbeat", body=body)
    try:
        ack = HeartbeatAck.model_validate(answer)
    except ValueError:
        raise ServerBusy("bad_answer", "the heartbeat acknowledgement is malformed") from None
    if ack.audit_anchor_seq == seq and seq > 0:
        store.audit.set_anchor(seq, digest)
    return ack

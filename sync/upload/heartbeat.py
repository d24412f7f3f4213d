"""Heartbeat: kiosk health, queue depth and the audit log's head; the ack anchors the log.

When the server acknowledges the sequence number we sent, that (seq, hash) becomes the audit
anchor, so `kiosk audit verify` notices if the newest entries are later deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kiosk import __version__
from kiosk.store import Store
from kiosk.store.applications import Applications
from protocol.contract import HeartbeatAck
from sync.client import ServerClient
from sync.errors import ServerBusy


def default_devices() -> dict[str, str]:
    # The queue worker alone cannot see the camera or printer; the UI passes real values.
    return {"camera": "missing", "printer": "missing"}


def send_heartbeat(
    client: ServerClient,
    store: Store,
    *,
    health: str = "ok",
    devices: Callable[[], dict[str, str]] = default_devices,
) -> HeartbeatAck:
    apps = Applications(store)
    counts = apps.counts()
    seq, digest = store.audit.head()
    body = {
        "app_version": __version__,
        "health": health,
        "queue_depth": counts["sealed"] + counts["queued"] + counts["sending"],
        "oldest_pending_age_s": apps.oldest_pending_seconds(),
        "audit_seq": seq,
        "audit_hash": digest,
        "sent_at": dt.datetime.now(dt.UTC).isoformat(),
        **devices(),
    }
    answer = client.json("POST", "/heartbeat", body=body)
    try:
        ack = HeartbeatAck.model_validate(answer)
    except ValueError:
        raise ServerBusy("bad_answer", "the heartbeat acknowledgement is malformed") from None
    if ack.audit_anchor_seq == seq and seq > 0:
        store.audit.set_anchor(seq, digest)
    return ack

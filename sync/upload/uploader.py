"""The outbox uploader: a background worker that drains queued applications to the server.

Per round: take a batch of due applications, mark them `sending` (one transaction), send them
concurrently over the pooled client, then record every outcome (one transaction):
- accepted -> `accepted` with the server's reference;
- application-level refusal -> `rejected` with the server's code and reason (staff attention);
- kiosk-level problem -> back to `queued` and the whole queue pauses, saying what to fix;
- anything else (offline, 5xx, 429, lost or garbled answers, bugs) -> back to `queued` with
  exponential backoff and full jitter, never sooner than Retry-After. Nothing is given up.
After a crash, `recover()` puts `sending` rows back to `queued`; the Idempotency-Key (the
application id) makes resending them safe.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from kiosk.store import Store
from kiosk.store.applications import ACCEPTED, QUEUED, REJECTED, Applications
from kiosk.store.db import StoreError
from kiosk.store.outbox import Damaged, Due, Outbox, Outcome
from sync.adapters.surveys import flush_surveys
from sync.backoff import next_delay
from sync.client import ServerClient
from sync.errors import ApplicationRejected, KioskProblem, ServerBusy, SyncError
from sync.upload.heartbeat import doctor_summary, send_heartbeat
from sync.upload.sender import Sender

log = logging.getLogger(__name__)


@dataclass
class UploaderSettings:
    backoff_cap_s: float = 300.0
    part_size: int = 1024 * 1024
    heartbeat_s: float = 60.0
    concurrency: int = 8
    batch: int = 64
    retention_days: float = 30.0
    documents_s: float = 3600.0  # pull configuration and catalog this often (0: never)
    # the heartbeat's cheap doctor checks (sync/upload/heartbeat.py doctor_summary)
    disk_warn_mb: float = 2048.0
    disk_fail_mb: float = 500.0
    queue_warn_hours: float = 24.0

    @classmethod
    def from_config(cls, config, **overrides) -> UploaderSettings:
        return cls(
            backoff_cap_s=float(config.get("sync.backoff_cap_s", 300.0)),
            part_size=int(config.get("sync.part_size", 1024 * 1024)),
            heartbeat_s=float(config.get("sync.heartbeat_s", 60)),
            documents_s=float(config.get("sync.documents_s", 3600)),
            retention_days=float(config.get("sync.retention_days", 30)),
            disk_warn_mb=float(config.get("doctor.disk_warn_mb", 2048)),
            disk_fail_mb=float(config.get("doctor.disk_fail_mb", 500)),
            queue_warn_hours=float(config.get("doctor.queue_warn_hours", 24)),
            **overrides,
        )


def purge_expired(store: Store, retention_days: float, now: float | None = None) -> int:
    """Delete sealed blobs accepted longer ago than the retention period (metadata stays)."""
    return Applications(store).purge_sealed(retention_days, now=now)


PURGE_MAX_S = 3600.0


def purge_interval(retention_days: float) -> float:
    """Seconds between purges: hourly, or a tenth of a shorter retention period."""
    return max(0.1, min(PURGE_MAX_S, retention_days * 86400 / 10))


def compact_interval(retention_days: float) -> float:
    """Seconds between compactions of the store after purges: daily, or once a shorter
    retention period."""
    return max(1.0, min(86400.0, retention_days * 86400))


class Uploader:
    def __init__(
        self,
        store: Store,
        client: ServerClient,
        kiosk_id: str,
        settings: UploaderSettings | None = None,
        devices=None,
        refresh: Callable[[], UploaderSettings | None] | None = None,
        clock: Callable[[], float] = time.time,
        release: Callable[[], dict | None] | None = None,
    ):
        """refresh(): pull the server's documents and return the settings now in force (see
        sync/refresh.py); run every `documents_s` beside the heartbeat. clock(): the time in
        epoch seconds for every due time, backoff and deadline (tests pass a settable one).
        release(): the update report sent with each heartbeat (kiosk.updates.Updates.report)."""
        self.clock = clock
        self.store = store
        self.outbox = Outbox(store)
        self.settings = settings or UploaderSettings()
        self.client = client
        self.sender = Sender(client, kiosk_id, self.settings.part_size)
        self.devices = devices
        self._pool = ThreadPoolExecutor(self.settings.concurrency, thread_name_prefix="upload")
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0  # consecutive rounds without any success (queue-wide backoff)
        self._quiet_until = 0.0
        self._next_heartbeat = 0.0
        self.refresh = refresh
        self._next_refresh = 0.0
        self.release = release
        self._next_purge = 0.0
        self._next_compact = 0.0

    # ------------------------------------------------------------ one round

    def run_once(self) -> int:
        """Send one batch; returns how many applications were attempted."""
        now = self.clock()
        if now < self._quiet_until:
            return 0
        pause = self.outbox.paused()
        limit = self.settings.batch
        if pause is not None:
            if now < pause.get("until", 0):
                return 0
            limit = 1  # probe with a single application whether the problem is fixed
        items = self.outbox.due(limit, now)
        if not items:
            return 0
        blobs = self.outbox.sealed_blobs(items)
        items = self.outbox.claim(items, self.sender.part_size)
        results = list(self._pool.map(lambda it: self._send(it, blobs.get(it.id)), items))
        outcomes, problem, retry_after = [], None, None
        successes = 0
        for item, result in zip(items, results, strict=True):
            outcome, error = self._outcome(item, result)
            outcomes.append(outcome)
            if outcome.state in (ACCEPTED, REJECTED):
                successes += 1
            if isinstance(error, KioskProblem):
                problem = error
            elif isinstance(error, ServerBusy) and error.retry_after is not None:
                retry_after = max(retry_after or 0.0, error.retry_after)
        self.outbox.finish(outcomes)
        self._after_round(successes, outcomes, problem, retry_after, pause)
        return len(items)

    def _send(self, item: Due, blob: bytes | Damaged | None):
        if blob is None:
            return ApplicationRejected("blob_missing", "the sealed packet is gone from the kiosk")
        if isinstance(blob, Damaged):
            log.error(
                "application %s: the sealed packet stored on this kiosk is damaged (digest %s, "
                "stored %s); not sent",
                item.id,
                blob.actual_digest,
                blob.stored_digest,
            )
            return ApplicationRejected(
                "local_corruption",
                "the sealed packet stored on this kiosk is damaged (bit rot on the kiosk's "
                "disk, not a server problem); it was kept and not sent: have the kiosk's disk "
                "checked, and staff take the application at the counter",
            )
        try:
            return self.sender.send(item, blob)
        except SyncError as exc:
            return exc
        except Exception as exc:  # a bug must not lose the application: retry it later
            log.exception("unexpected error sending %s", item.id)
            return ServerBusy("kiosk_error", f"{type(exc).__name__}: {exc}")

    def _outcome(self, item: Due, result) -> tuple[Outcome, SyncError | None]:
        if isinstance(result, dict):
            return Outcome(item.id, ACCEPTED, server_reference=str(result["application_id"])), None
        if isinstance(result, ApplicationRejected):
            log.warning("application %s rejected: %s (%s)", item.id, result.code, result.message)
            return Outcome(
                item.id, REJECTED, reason_code=result.code, reason=result.message
            ), result
        if isinstance(result, KioskProblem):
            return Outcome(
                item.id, QUEUED, reason_code=result.code, reason=result.message, next_attempt_at=0.0
            ), result
        delay = next_delay(
            item.attempts + 1, self.settings.backoff_cap_s, getattr(result, "retry_after", None)
        )
        return Outcome(
            item.id,
            QUEUED,
            reason_code=result.code,
            reason=result.message,
            next_attempt_at=self.clock() + delay,
        ), result

    def _after_round(self, successes, outcomes, problem, retry_after, pause) -> None:
        cap = self.settings.backoff_cap_s
        if problem is not None:
            log.error("queue paused: %s", problem.message)
            self.outbox.pause(problem.code, problem.message, problem.message_id, self.clock() + cap)
            return
        if pause is not None and successes:
            log.info("queue resumed: the kiosk-level problem is gone")
            self.outbox.resume()
        if successes:
            self._failures = 0
            return
        failed = [o for o in outcomes if o.state == QUEUED]
        if failed:
            self._failures += 1
            self._quiet_until = self.clock() + next_delay(self._failures, cap, retry_after)
            self.outbox.set_last_error(
                failed[0].reason_code or "offline",
                failed[0].reason or "the server cannot be reached",
            )

    # ------------------------------------------------------------ heartbeat

    def heartbeat_if_due(self) -> None:
        now = self.clock()
        if self.settings.heartbeat_s <= 0:
            return
        if now < self._next_heartbeat or self.outbox.paused() is not None:
            return
        self._next_heartbeat = now + self.settings.heartbeat_s
        try:
            flush_surveys(self.client, self.store, self.settings.backoff_cap_s, self.clock)
        except KioskProblem as exc:
            log.warning("surveys not sent: %s", exc.code)
        health = "ok" if self._failures == 0 else "degraded"
        kwargs = {"devices": self.devices} if self.devices else {}
        if self.release is not None:
            kwargs["release"] = self.release
        s = self.settings
        kwargs["doctor"] = lambda store, oldest: doctor_summary(
            store,
            oldest,
            disk_warn_mb=s.disk_warn_mb,
            disk_fail_mb=s.disk_fail_mb,
            queue_warn_hours=s.queue_warn_hours,
        )
        try:
            send_heartbeat(self.client, self.store, health=health, **kwargs)
        except KioskProblem as exc:
            self.outbox.pause(
                exc.code, exc.message, exc.message_id, now + self.settings.backoff_cap_s
            )
        except SyncError as exc:
            log.info("heartbeat not delivered: %s", exc.code)

    def purge_if_due(self) -> None:
        """Delete the sealed packets past their retention period, on a schedule of its own:
        also while the queue is paused or the heartbeat is off. The WAL is checkpointed and
        truncated after a purge, so its copies of the packets go too (secure_delete zeroes
        the freed pages of the database file; later packets reuse them); at most daily the
        store is compacted as well (Store.compact)."""
        now = self.clock()
        if now < self._next_purge:
            return
        self._next_purge = now + purge_interval(self.settings.retention_days)
        purged = purge_expired(self.store, self.settings.retention_days, now=now)
        if not purged:
            return
        log.info("deleted %d sealed packets past the retention period", purged)
        if now < self._next_compact:
            self.store.checkpoint()
            return
        self._next_compact = now + compact_interval(self.settings.retention_days)
        try:
            self.store.compact()
        except (StoreError, sqlite3.Error) as exc:  # e.g. no room for the copy: next time
            log.warning("store not compacted: %s", exc)
            self.store.checkpoint()

    def refresh_if_due(self) -> None:
        """Pull the configuration and catalog when due; apply the new settings to this
        uploader (a part size change applies to applications not yet claimed)."""
        now = self.clock()
        if self.refresh is None or self.settings.documents_s <= 0 or now < self._next_refresh:
            return
        self._next_refresh = now + self.settings.documents_s
        settings = self.refresh()
        if settings is None:
            return
        settings.concurrency = self.settings.concurrency  # the pool is already running
        settings.batch = self.settings.batch
        if settings != self.settings:
            log.info("uploader settings updated from the server's configuration")
            if settings.heartbeat_s != self.settings.heartbeat_s:
                self._next_heartbeat = 0.0
            self.settings = settings
            self.sender.part_size = max(1024, int(settings.part_size))
        self._next_refresh = now + settings.documents_s

    # ------------------------------------------------------------ loops

    def drain(self, deadline: float | None = None, heartbeat: bool = True) -> None:
        """Run rounds until nothing is pending, the queue pauses, or `deadline` passes."""
        self.outbox.recover()
        while not self._stop.is_set():
            if heartbeat:
                self.heartbeat_if_due()
                self.refresh_if_due()
                self.purge_if_due()
            sent = self.run_once()
            if self.outbox.pending_count() == 0 or self.outbox.paused() is not None:
                return
            if deadline is not None and self.clock() >= deadline:
                return
            if not sent:
                self._sleep(deadline)

    def _sleep(self, deadline: float | None) -> None:
        now = self.clock()
        wake = max(self._quiet_until, self.outbox.next_due_at() or now + 1.0)
        pause = self.outbox.paused()
        if pause is not None:
            wake = max(wake, pause.get("until", now))
        if self.settings.heartbeat_s > 0:
            wake = min(wake, self._next_heartbeat)
        if self.refresh is not None and self.settings.documents_s > 0:
            wake = min(wake, self._next_refresh)
        if self._thread is not None:  # the running kiosk purges on schedule
            wake = min(wake, self._next_purge)
        if deadline is not None:
            wake = min(wake, deadline)
        self._wake.wait(max(0.01, min(wake - now, 5.0)))
        self._wake.clear()

    def start(self) -> Uploader:
        """Run forever in a background thread (the kiosk app)."""

        def loop():
            self.outbox.recover()
            while not self._stop.is_set():
                try:
                    self.heartbeat_if_due()
                    self.refresh_if_due()
                    self.purge_if_due()
                    if not self.run_once():
                        self._sleep(None)
                except Exception:  # the store may be full; keep the worker alive and retry
                    log.exception("uploader round failed")
                    self._stop.wait(5.0)

        self._thread = threading.Thread(target=loop, name="uploader", daemon=True)
        self._thread.start()
        return self

    def wake(self, _app_id: str | None = None) -> None:
        self._quiet_until = 0.0
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._pool.shutdown(wait=True)

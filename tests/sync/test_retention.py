"""Retention on a running kiosk: the uploader deletes the sealed packets of accepted applications
once their retention period has passed, on a schedule of its own, and the store file does not
grow with the packets it has let go (freed pages are zeroed and reused, the WAL truncated, the
file compacted).

A real store file, the real reference server process, the real uploader; only the uploader's
clock is moved forward instead of waiting 30 days.
"""

from __future__ import annotations

import time

from kiosk.store.applications import ACCEPTED, Applications
from kiosk.store.outbox import Outbox
from sync.upload.uploader import purge_interval

DAY = 86400.0


class Clock:
    """Real time plus an offset the test moves forward."""

    def __init__(self):
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


def wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)


def test_purge_interval_is_hourly_or_a_tenth_of_a_short_period():
    assert purge_interval(30) == 3600.0
    assert purge_interval(0.001) == 0.001 * DAY / 10  # 8.64 s


def test_the_running_uploader_purges_also_with_the_heartbeat_off_and_the_queue_paused(kiosk):
    clock = Clock()
    uploader = kiosk.uploader(retention_days=30, heartbeat_s=0)
    uploader.clock = clock
    apps = Applications(kiosk.store)
    ids = kiosk.submit(3, photo_bytes=5000)
    uploader.start()
    try:
        wait_until(lambda: all(apps.get(i).state == ACCEPTED for i in ids))
        assert all(apps.sealed_blob(i) for i in ids)  # within the period: kept
        Outbox(kiosk.store).pause("kiosk_revoked", "paused by the test", "", clock() + 10 * DAY)
        clock.offset = 31 * DAY
        uploader.wake()
        wait_until(lambda: all(apps.sealed_blob(i) is None for i in ids))
    finally:
        uploader.stop()
    for app_id in ids:  # what the receipt and staff need stays
        app = apps.get(app_id)
        assert app.state == ACCEPTED and app.server_reference and app.size > 0
    purged = kiosk.store.read("SELECT details FROM audit_log WHERE action = 'application.purged'")
    assert len(purged) == 1 and '"count": 3' in purged[0]["details"]
    assert kiosk.store.audit.verify().ok


def store_bytes(kiosk) -> tuple[int, bytes]:
    """The database file and its WAL: their total size and their bytes."""
    path = kiosk.store.path
    wal = path.with_name(path.name + "-wal")
    data = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    return len(data), data


def test_the_store_file_stays_bounded_across_retention_cycles(kiosk):
    """8 cycles of 5 applications of ~200 KB each: accepted, past retention, purged. Without
    reuse of the freed pages the file would grow by ~1 MB a cycle (8 MB in all); with it, only
    the rows that stay are added after the first cycle: the application's metadata (~0.3 KiB)
    and its 4 audit entries (~0.3 KiB each), under 2 KiB an application once the store is
    compacted. Without compaction each purged row keeps the 4 KiB page its packet's start
    filled (SQLite does not merge pages an UPDATE left nearly empty)."""
    clock = Clock()
    uploader = kiosk.uploader(retention_days=1, heartbeat_s=0)
    uploader.clock = clock
    apps = Applications(kiosk.store)
    cycles, per_cycle, photo = 8, 5, 200_000
    sizes, samples = [], []
    try:
        for cycle in range(cycles):
            ids = [  # sizes spread over a page: how much of a packet sits in its row varies
                kiosk.submit(photo_bytes=photo + 733 * n, seed=n)[0]
                for n in range(cycle * per_cycle, (cycle + 1) * per_cycle)
            ]
            uploader.drain(heartbeat=False)
            assert all(apps.get(i).state == ACCEPTED for i in ids)
            for app_id in ids:  # a slice from inside each packet, looked for after the purge
                blob = apps.sealed_blob(app_id)
                assert len(blob) > photo
                samples.append(blob[photo // 2 : photo // 2 + 64])
            clock.offset += 2 * DAY
            uploader.purge_if_due()
            assert all(apps.sealed_blob(i) is None for i in ids)
            sizes.append(store_bytes(kiosk)[0])
    finally:
        uploader.stop()
    bound = sizes[0] + (cycles - 1) * per_cycle * 2048
    assert sizes[-1] <= bound, sizes
    assert sizes[-1] < sizes[0] + cycles * per_cycle * photo // 4, sizes  # far from no reuse
    _size, data = store_bytes(kiosk)
    assert not [s for s in samples if s in data]  # zeroed in the file, gone from the WAL
    assert kiosk.store.audit.verify().ok

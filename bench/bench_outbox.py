"""Benchmark: drain N queued applications to the local reference server.

Two drains in the same run, against the same server process, with the same HTTP client
(sync.client.ServerClient + sync.upload.sender.Sender, 8 concurrent senders):
  1. the kiosk's outbox (sync.upload.uploader.Uploader over kiosk.store: WAL, synchronous=FULL,
     an audit entry per state change, batched commits);
  2. a baseline on persist-queue's SQLiteAckQueue with the same durability settings
     (WAL, synchronous=FULL): get -> send -> ack per item.
Prints both rates and the ratio. Usage: python bench/bench_outbox.py [--count 10000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "sync"))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("MPP_KIOSK_NO_KEYRING", "1")

from figures import Figure  # noqa: E402
from sync_helpers import make_packet  # noqa: E402


def queue_kiosk(kiosk, count: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        kiosk.submitter.submit(make_packet(seed=i, photo_bytes=1000))
    return time.perf_counter() - started


def drain_outbox(kiosk, concurrency: int) -> float:
    from sync.upload.uploader import Uploader, UploaderSettings

    settings = UploaderSettings(
        backoff_cap_s=1.0, part_size=1024 * 1024, heartbeat_s=0, concurrency=concurrency, batch=128
    )
    uploader = Uploader(
        kiosk.store, kiosk.client(pool_size=concurrency), kiosk.identity.kiosk_id, settings
    )
    started = time.perf_counter()
    uploader.drain()
    elapsed = time.perf_counter() - started
    uploader.stop()
    counts = kiosk.submitter.applications.counts()
    assert counts["accepted"] >= count_queued(kiosk), counts
    return elapsed


def count_queued(kiosk) -> int:
    return sum(kiosk.submitter.applications.counts().values())


def baseline(kiosk, count: int, concurrency: int, folder: Path) -> tuple[float, int]:
    """The same sends through persist-queue's SQLiteAckQueue (synchronous=FULL)."""
    import persistqueue

    from kiosk.store.outbox import Due
    from protocol.packets import seal_packet
    from sync.upload.sender import Sender

    class DurableAckQueue(persistqueue.SQLiteAckQueue):
        def _new_db_connection(self, path, multithreading, timeout):
            conn = super()._new_db_connection(path, multithreading, timeout)
            conn.execute("PRAGMA synchronous=FULL")
            return conn

    queue = DurableAckQueue(str(folder), multithreading=True, auto_commit=True)
    sealing_key = kiosk.identity.sealing_key_bytes()
    import datetime as dt

    from kiosk import tracking

    for i in range(count):
        app_id, code = str(uuid.uuid4()), tracking.new_code()
        created = dt.datetime.now(dt.UTC)
        blob = seal_packet(
            make_packet(seed=i, photo_bytes=1000), app_id, code, "2026.11.1", created, sealing_key
        )
        queue.put(
            {"id": app_id, "tracking_code": code, "created_at": created.timestamp(), "blob": blob}
        )
    sender = Sender(kiosk.client(pool_size=concurrency), kiosk.identity.kiosk_id, 1024 * 1024)
    sent = [0]
    lock = threading.Lock()

    def worker():
        while True:
            try:
                item = queue.get(block=False)
            except persistqueue.exceptions.Empty:
                return
            due = Due(
                item["id"],
                item["tracking_code"],
                "cetak-kk",
                "2026.11.1",
                len(item["blob"]),
                item["created_at"],
                True,
                0,
            )
            try:
                sender.send(due, item["blob"])
                queue.ack(item)
                with lock:
                    sent[0] += 1
            except Exception:
                queue.nack(item)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, sent[0]


def cpu_s() -> float:
    """CPU seconds of this (the kiosk) process so far, all threads."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(count: int, concurrency: int = 8, server_workers: int = 2, progress=print) -> dict:
    """One run: a fresh server and kiosk, `count` applications queued, the outbox's drain,
    then the same count through the persist-queue baseline."""
    from sync_helpers import Kiosk
    from sync_serverproc import ServerProcess

    with tempfile.TemporaryDirectory(prefix="bench-outbox-") as tmp:
        tmp = Path(tmp)
        server = ServerProcess(
            tmp / "server", part_threshold=1024 * 1024, workers=server_workers
        ).start()
        try:
            kiosk = Kiosk.enroll(tmp / "kiosk", server)
            progress(f"outbox: queueing {count} applications")
            queued_s = queue_kiosk(kiosk, count)
            progress(f"outbox: draining {count} applications")
            cpu0 = cpu_s()
            ours = drain_outbox(kiosk, concurrency)
            ours_cpu = cpu_s() - cpu0
            progress(f"outbox: persist-queue baseline, {count} applications")
            base_s, base_sent = baseline(kiosk, count, concurrency, tmp / "pq")
            kiosk.close()
        finally:
            server.close()
    return {
        "queued_s": queued_s,
        "ours_s": ours,
        "ours_cpu_s": ours_cpu,
        "base_s": base_s,
        "base_sent": base_sent,
        "ours_rate": count / ours,
        "base_rate": base_sent / base_s,
    }


def figures(quick: bool = False, progress=lambda text: None, runs: int = 1) -> list[Figure]:
    """The outbox's drain rate next to persist-queue's (quick: 100 applications)."""
    count = 100 if quick else 10_000
    found = [measure(count, progress=progress) for _ in range(runs)]
    cpu_ms = statistics.median(r["ours_cpu_s"] for r in found) / count * 1000
    figure = Figure(
        name="outbox drain, applications/s",
        unit="/s",
        target=">= 2x the peer",
        runs=[r["ours_rate"] for r in found],
        peer="persist-queue SQLiteAckQueue, same durability",
        peer_runs=[r["base_rate"] for r in found],
        note=(
            f"{count:,} applications, 8 senders, local reference server (2 workers); "
            f"kiosk-side CPU {cpu_ms:.2f} ms per application"
        ),
    )
    figure.met = figure.ratio is not None and figure.ratio >= 2.0
    return [figure]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--server-workers",
        type=int,
        default=2,
        help="uvicorn worker processes of the reference server",
    )
    args = parser.parse_args()
    r = measure(args.count, args.concurrency, args.server_workers, progress=lambda text: None)
    count = args.count
    print(
        f"queued {count} applications in {r['queued_s']:.1f} s "
        f"({count / r['queued_s']:.0f}/s, each a durable commit)"
    )
    print(
        f"outbox (kiosk.store + sync.upload): {r['ours_s']:.1f} s, "
        f"{r['ours_rate']:.0f} applications/s"
    )
    print(
        f"  kiosk-side CPU: {r['ours_cpu_s'] / count * 1000:.2f} ms per application "
        f"(the kiosk alone could drive ~{count / r['ours_cpu_s']:.0f} applications/s per core)"
    )
    print(
        f"baseline (persist-queue SQLiteAckQueue): {r['base_s']:.1f} s, {r['base_rate']:.0f} "
        f"applications/s ({r['base_sent']} sent)"
    )
    print(f"ratio outbox/baseline: {r['ours_rate'] / r['base_rate']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

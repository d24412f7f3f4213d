"""The crash test: 500 queued applications, the uploader SIGKILLed 20 times at random moments
while the proxy injects faults and the server restarts mid-upload; then it must finish with
every application on the server exactly once, byte-identical, and all 500 accepted."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time

from sync_faultproxy import FaultProxy
from sync_helpers import REPO, Kiosk, kiosk_cli
from sync_serverproc import ServerProcess

from kiosk.store import Store
from kiosk.store.applications import Applications
from kiosk.store.db import pragma_values

DURABLE = {"journal_mode": "wal", "synchronous": "2", "secure_delete": "1", "foreign_keys": "1"}
TOTAL = 500


def _start_drain(kiosk: Kiosk, config) -> subprocess.Popen:
    import os

    env = dict(os.environ, PYTHONPATH=str(REPO), MPP_KIOSK_NO_KEYRING="1")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--data-dir",
            str(kiosk.data_dir),
            "--config",
            str(config),
            "queue",
            "drain",
            "--timeout",
            "120",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _uploads(proxy: FaultProxy, seen: int) -> int:
    return sum("/applications" in path for path in proxy.requests[seen:])


def _wait_for_kill_moment(proxy: FaultProxy, seen: int, rng: random.Random, early: bool):
    """A random moment: during start-up for some rounds; otherwise after a random number of
    upload requests (1-12) or a random time (0-1 s), whichever comes first. Bounding the
    uploads per round keeps some applications for every round whatever the machine's speed."""
    if early:
        time.sleep(rng.uniform(0.1, 1.5))
        return
    give_up = time.monotonic() + 30
    while not _uploads(proxy, seen) and time.monotonic() < give_up:
        time.sleep(0.01)
    target, until = rng.randint(1, 12), time.monotonic() + rng.uniform(0.0, 1.0)
    while _uploads(proxy, seen) < target and time.monotonic() < until:
        time.sleep(0.005)


def test_crash_sigkill_faults_and_server_restarts(tmp_path):
    server = ServerProcess(tmp_path / "server").start()
    proxy = FaultProxy(server.port, rate=0.12, seed=20261127, delay_s=0.4)
    kiosk = Kiosk.enroll(tmp_path / "kiosk", server)
    try:
        rng = random.Random(500)
        for i in range(TOTAL):
            # Mostly small packets; every 25th is large enough to upload as parts.
            size = 40_000 if i % 25 == 0 else rng.randint(100, 3000)
            kiosk.submit(1, photo_bytes=size, seed=i)
        apps = Applications(kiosk.store)
        sealed = {a.id: apps.sealed_blob(a.id) for a in apps.list()}
        assert len(sealed) == TOTAL and apps.counts()["queued"] == TOTAL
        assert pragma_values(kiosk.store.conn) == DURABLE
        kiosk.close()

        config = kiosk.write_config(proxy.url, cap_s=1.0)
        kills = random.Random(20)
        for round_no in range(20):
            seen = len(proxy.requests)
            proc = _start_drain(kiosk, config)
            _wait_for_kill_moment(proxy, seen, kills, early=round_no % 7 == 3)
            if round_no in (5, 12):  # the server restarts while uploads are in flight
                server.stop()
                time.sleep(0.3)
                server.start()
            proc.send_signal(signal.SIGKILL)
            assert proc.wait(10) == -signal.SIGKILL, "the uploader finished before its kill"

        partial = len(server.applications())
        assert 0 < partial < TOTAL, "the kills should interrupt a drain in progress"
        final = kiosk_cli(
            kiosk.data_dir, "queue", "drain", "--timeout", "150", config=config, timeout=200
        )
        assert final.returncode == 0, final.stdout + final.stderr
        assert sum(proxy.stats[f] for f in proxy.stats if f != "ok") > 20, proxy.stats

        held = server.applications()
        ids = [app_id for app_id, _ in held]
        assert len(ids) == TOTAL and len(set(ids)) == TOTAL
        assert {app_id: blob for app_id, blob in held} == sealed

        status = kiosk_cli(kiosk.data_dir, "queue", "status", "--json", config=config)
        report = json.loads(status.stdout)
        assert report["counts"]["accepted"] == TOTAL
        assert report["durability"] == DURABLE  # the subprocess's own connection
        store = Store.open(kiosk.data_dir)
        try:
            assert pragma_values(store.conn) == DURABLE
            assert store.audit.verify().ok
        finally:
            store.close()
    finally:
        proxy.close()
        server.close()

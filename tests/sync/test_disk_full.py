"""A full disk while queuing: the citizen is told, and nothing half-written remains."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from nacl.public import PrivateKey
from sync_helpers import REPO

from kiosk.store import Store
from kiosk.store.applications import Applications, digest_of

# Runs in a child process whose files may not grow past RLIMIT_FSIZE (the "small disk").
CHILD = r"""
import json, resource, signal, sys
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from kiosk.ports import SubmitFailed
from kiosk.store import Store
from sync.adapters.submitter import OutboxSubmitter
from sync_helpers import make_packet

store = Store.open(Path(sys.argv[1]))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
submitter = OutboxSubmitter(store, bytes.fromhex(sys.argv[4]), "2026.11.1")
queued, failure = [], None
for i in range(400):
    try:
        queued.append(submitter.submit(make_packet(seed=i, photo_bytes=20_000)).tracking_code)
    except SubmitFailed as exc:
        failure = exc.reason
        break
print(json.dumps({"queued": queued, "failure": failure}))
"""


def test_full_disk_while_queuing_tells_the_citizen_and_leaves_no_half_row(data_dir):
    Store.open(data_dir).close()  # migrated before the limit applies
    size = sum(p.stat().st_size for p in data_dir.iterdir())
    key = PrivateKey.generate()
    tests_dir = str(REPO / "tests" / "sync")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(data_dir),
            str(size + 400_000),
            tests_dir,
            bytes(key.public_key).hex(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["failure"] == "store_full", result
    assert 0 < len(result["queued"]) < 400

    store = Store.open(data_dir)
    try:
        assert store.read("PRAGMA integrity_check")[0][0] == "ok"
        apps = Applications(store)
        stored = apps.list()
        # exactly the applications the citizens were told about, each complete
        assert sorted(a.tracking_code for a in stored) == sorted(result["queued"])
        for app in stored:
            assert app.state == "queued"
            blob = apps.sealed_blob(app.id)
            assert len(blob) == app.size and digest_of(blob) == app.digest
        assert store.audit.verify().ok
    finally:
        store.close()

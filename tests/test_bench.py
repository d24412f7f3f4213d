"""`./kiosk.sh bench --quick` inside the suite, so the benchmark scripts cannot rot.

Untimed: the figures of a quick run on a busy machine mean nothing; only that every bench ran
and gave every figure it owes, as a number, into docs-style files in a folder of the test's own.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FROZEN = ROOT / "build" / "out" / "dist" / "kiosk" / "kiosk"
FROZEN_COLD_START = "cold start to the welcome screen, frozen build"

# Every figure a quick run must give (names as the benches word them in quick mode).
EXPECTED = [
    "camera pipeline fps, 640x480",
    "camera pipeline fps, 1280x720",
    "template ready after the last challenge",
    "verification of a still, one template",
    "UI stall during a face capture, longest",
    "outbox drain, applications/s",
    "server ingest on SQLite, submissions/s",
    "server ingest on SQLite, p50",
    "server ingest on SQLite, p99",
    "server ingest on SQLite, CPU per submission",
    "server ingest on PostgreSQL, submissions/s",
    "server ingest on PostgreSQL, p50",
    "server ingest on PostgreSQL, p99",
    "server ingest on PostgreSQL, CPU per submission",
    "server fleet load, requests/s",
    "server fleet load, heartbeat p99",
    "server fleet load, submission p99",
    "cold start to the welcome screen, from source",
    FROZEN_COLD_START,
    "memory: kiosk resident size growth, sessions 2 -> 4, trend of a reading every 1",
    "memory: face-model process resident size growth, sessions 2 -> 4, trend of a reading every 1",
]


@pytest.mark.timeout(1500)  # a hang guard, not a timing: a few minutes, more on a busy machine
def test_quick_bench_writes_every_figure(tmp_path):
    out = tmp_path / "bench"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--output-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1400,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    markdown = (out / "benchmarks.md").read_text(encoding="utf-8")
    report = json.loads((out / "benchmarks.json").read_text(encoding="utf-8"))
    assert report["quick"] is True
    assert report["machine"]["cores"] >= 1 and report["machine"]["load_end"]
    rows = {row["name"]: row for row in report["figures"]}
    logs = {
        log.name: log.read_text(errors="replace")[-1500:]
        for log in (out / "bench-logs").glob("*.log")
    }
    failed = {
        name: row["error"]
        for name, row in rows.items()
        if row["failed"] and not (name == FROZEN_COLD_START and not FROZEN.is_file())
    }
    assert not failed, (failed, logs)
    for name in EXPECTED:
        assert name in rows, (name, sorted(rows))
        assert f"| {name} |" in markdown
        row = rows[name]
        if name == FROZEN_COLD_START and not FROZEN.is_file():
            assert row["failed"] and "./kiosk.sh build" in row["error"]
            continue
        assert isinstance(row["value"], (int, float)) and math.isfinite(row["value"]), row
        assert row["runs"] and min(row["runs"]) == row["min"] <= row["value"] <= row["max"]
        assert row["met"] in (True, False, None), row  # None: a figure with no target
        if row["peer"]:
            assert row["peer_value"] > 0 and row["ratio"] > 0, row


def test_an_unknown_bench_is_refused_and_nothing_written():
    docs = ROOT / "docs" / "benchmarks.json"
    before = docs.stat().st_mtime_ns if docs.is_file() else None
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--only", "no_such_bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0 and "no bench named 'no_such_bench'" in result.stderr
    assert (docs.stat().st_mtime_ns if docs.is_file() else None) == before

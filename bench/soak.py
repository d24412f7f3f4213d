"""Soak: 500 citizen sessions through the kiosk UI in one process (`./kiosk.sh bench --soak`).

    .venv/bin/python bench/soak.py [--quick] [--sessions 500] [--every 50]

One kiosk (bench/sessions.py: real window, controller, store, outbox and uploader; the reference
server in a process of its own over loopback; a video file as the camera) runs the sessions one
after another. The retention period is cut to 0.0001 days (8.6 s), so the running kiosk's
uploader purges the sealed packets of accepted applications all along (retention cycles within
the run). Every `every` sessions, with the kiosk at rest on its welcome screen (the outbox
drained, the memory the sessions freed given back, Qt's idle pool threads ended): resident
size, threads, open file descriptors, files in the temporary folder (one of the soak's own, so
other programs' files do not count) and in the kiosk's data folder, the store file's size.
Figures, from the first mark to the end:
- resident size growth (target <= 5 %), of the least-squares line through every mark;
- threads, file descriptors, files leaked (target 0);
- the database file's growth as a share of the sealed bytes written meanwhile (target <= 5 %:
  the packets' pages are reused, only metadata and audit rows stay), and no packet kept past
  retention;
- the audit chain verifying at the end.
--quick: 6 sessions, a mark every 2.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(1, str(ROOT))

from figures import Figure, growth  # noqa: E402
from sessions import (  # noqa: E402
    SessionDriver,
    SessionFailed,
    face_process_pid,
    resident_mib,
    rest_seconds,
    trend_growth,
)

RETENTION_DAYS = 0.0001  # 8.6 s: the uploader purges every 0.86 s (sync/upload/uploader.py)
QUICK_RETENTION_DAYS = 0.00002  # 1.7 s


@dataclass
class Mark:
    session: int
    rss_mib: float
    face_rss_mib: float
    threads: int  # Python threads (threading.active_count)
    tasks: int  # every thread of the process, native ones too (/proc/self/task)
    fds: int
    temp_files: int
    data_files: int
    store_bytes: int  # the database file (its WAL is checkpointed and truncated by purges)
    wal_bytes: int
    sealed_written: int  # bytes of every sealed packet stored so far
    kept_past_retention: int
    free_pages: int


def count_files(folder: Path) -> int:
    return sum(len(files) for _root, _dirs, files in os.walk(folder))


def store_figures(kiosk_dir: Path, retention_days: float) -> tuple[int, int, int, int, int]:
    """(database bytes, WAL bytes, sealed bytes written, packets kept past retention, free
    pages)."""
    from kiosk.paths import database_file

    path = database_file(kiosk_dir)
    wal = path.with_name(path.name + "-wal")
    size, wal_size = path.stat().st_size, wal.stat().st_size if wal.exists() else 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        written = conn.execute("SELECT coalesce(sum(size), 0) FROM applications").fetchone()[0]
        cutoff = time.time() - retention_days * 86400 * 1.2  # one period and a purge's slack
        kept = conn.execute(
            "SELECT count(*) FROM applications WHERE state = 'accepted' AND accepted_at < ? "
            "AND sealed IS NOT NULL",
            (cutoff,),
        ).fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    finally:
        conn.close()
    return size, wal_size, written, kept, free


def take_mark(driver: SessionDriver, session: int, temp: Path, retention_days: float) -> Mark:
    """With the kiosk at rest: outbox drained, camera workers ended, a purge period passed,
    the memory freed by the sessions given back, Qt's idle pool threads ended."""
    driver.settle()
    # the last packets pass retention and go; the kiosk, quiet on its welcome screen, gives
    # back the memory the sessions freed, as it does between citizens
    driver.idle(max(retention_days * 86400 * 1.3, rest_seconds()))
    driver.end_idle_pool_threads()
    gc.collect()
    size, wal, written, kept, free = store_figures(driver.kiosk_dir, retention_days)
    pid = face_process_pid()
    return Mark(
        session=session,
        rss_mib=resident_mib(),
        face_rss_mib=resident_mib(pid) if pid else 0.0,
        threads=threading.active_count(),
        tasks=len(os.listdir("/proc/self/task")),
        fds=len(os.listdir("/proc/self/fd")),
        temp_files=count_files(temp),
        data_files=count_files(driver.kiosk_dir),
        store_bytes=size,
        wal_bytes=wal,
        sealed_written=written,
        kept_past_retention=kept,
        free_pages=free,
    )


def run(
    total: int, every: int, retention_days: float, progress
) -> tuple[list[Mark], list[float], str, dict]:
    """The sessions; returns the marks, each session's seconds, the first failure (or ""),
    and the audit chain's verification at the end."""
    from kiosk.store import Store

    work = Path(tempfile.mkdtemp(prefix="mpp-soak-"))
    temp = work / "tmp"
    temp.mkdir()
    saved = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = str(temp)  # the kiosk's and its face process's temporary files
    tempfile.tempdir = str(temp)
    driver = SessionDriver(work / "kiosk-bench", **{"sync.retention_days": str(retention_days)})
    marks: list[Mark] = []
    seconds: list[float] = []
    failure, audit = "", {}
    try:
        progress("soak: starting the server and the kiosk")
        (work / "kiosk-bench").mkdir()
        driver.start()
        for n in range(1, total + 1):
            progress(f"soak: session {n}/{total}")
            try:
                seconds.append(driver.run_session().seconds)
            except SessionFailed as exc:
                failure = f"session {n}: {exc}"
                break
            if n % every == 0 or n == total:
                marks.append(take_mark(driver, n, temp, retention_days))
        store = Store.open(driver.kiosk_dir)
        try:
            verification = store.audit.verify()
            audit = {"ok": verification.ok, "entries": verification.entries}
            audit["purges"] = store.read(
                "SELECT count(*) AS n FROM audit_log WHERE action = 'application.purged'"
            )[0]["n"]
        finally:
            store.close()
    finally:
        driver.close()
        tempfile.tempdir = saved[1]
        if saved[0] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved[0]
        shutil.rmtree(work, ignore_errors=True)
    return marks, seconds, failure, audit


def figures(quick: bool, progress=lambda text: None, total=None, every=None) -> list[Figure]:
    total = total or (6 if quick else 500)
    every = every or (2 if quick else 50)
    retention = QUICK_RETENTION_DAYS if quick else RETENTION_DAYS
    marks, seconds, failure, audit = run(total, every, retention, progress)
    done = len(seconds)
    out = [
        Figure(
            "soak: citizen sessions completed",
            "",
            f"= {total}",
            [float(done)],
            met=done == total,
            note=failure,
        )
    ]
    if seconds:
        out.append(Figure("soak: seconds per session", "s", "", seconds, higher_is_better=False))
    if len(marks) >= 2:
        out += mark_figures(marks, retention)
    if audit:
        out.append(
            Figure(
                "soak: audit chain verifies at the end",
                "",
                "verifies",
                [1.0 if audit["ok"] else 0.0],
                met=audit["ok"],
                note=f"{audit['entries']} entries, {audit['purges']} retention purges",
            )
        )
    return out


def mark_figures(marks: list[Mark], retention_days: float) -> list[Figure]:
    a, b = marks[0], marks[-1]
    span = f"sessions {a.session} -> {b.session}"
    rss = [round(m.rss_mib) for m in marks]
    rss_growth = trend_growth([(m.session, m.rss_mib) for m in marks])
    face_growth = trend_growth([(m.session, m.face_rss_mib) for m in marks])
    written = b.sealed_written - a.sealed_written
    store_growth = (b.store_bytes - a.store_bytes) / written * 100 if written else 0.0
    packets = b.session - a.session

    def leak(what: str, before: int, after: int, note: str = "") -> Figure:
        return Figure(
            f"soak: {what} leaked, {span}",
            "",
            "0",
            [float(after - before)],
            higher_is_better=False,
            met=after <= before,
            note=note or f"{before} -> {after}",
        )

    return [
        growth(
            f"soak: kiosk resident size growth (trend), {span}",
            rss_growth,
            f"VmRSS MiB at every mark: {rss}",
        ),
        growth(
            f"soak: face-model process resident size growth (trend), {span}",
            face_growth,
            f"VmRSS MiB at every mark: {[round(m.face_rss_mib) for m in marks]}",
        ),
        leak(
            "threads",
            a.tasks,
            b.tasks,
            f"/proc/self/task {a.tasks} -> {b.tasks}, Python {a.threads} -> {b.threads}",
        ),
        leak("file descriptors", a.fds, b.fds),
        leak(
            "files",
            a.temp_files + a.data_files,
            b.temp_files + b.data_files,
            f"temporary folder {a.temp_files} -> {b.temp_files}, "
            f"kiosk data folder {a.data_files} -> {b.data_files}",
        ),
        growth(
            f"soak: store file growth per sealed byte written, {span}",
            store_growth,
            (
                f"database file {a.store_bytes / 2**20:.2f} -> {b.store_bytes / 2**20:.2f} MiB "
                f"while {packets} packets ({written / 2**20:.1f} MiB) were sealed, sent and "
                f"purged; {b.free_pages} free pages at the end; WAL "
                f"{a.wal_bytes / 2**20:.2f} -> {b.wal_bytes / 2**20:.2f} MiB"
            ),
        ),
        Figure(
            "soak: packets kept past retention at the end",
            "",
            "0",
            [float(b.kept_past_retention)],
            higher_is_better=False,
            met=b.kept_past_retention == 0,
            note=f"retention {retention_days:g} days for the soak (default 30)",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="6 sessions, a mark every 2")
    parser.add_argument("--sessions", type=int, default=None)
    parser.add_argument("--every", type=int, default=None)
    args = parser.parse_args()
    started = time.monotonic()
    result = figures(
        args.quick,
        lambda text: print(text, file=sys.stderr, flush=True),
        total=args.sessions,
        every=args.every,
    )
    for figure in result:
        verdict = "" if figure.met is None else " — met" if figure.met else " — NOT met"
        print(f"{figure.name}: {figure.value:.2f} {figure.unit} (target {figure.target}){verdict}")
        if figure.note:
            print(f"    {figure.note}")
    print(f"soak took {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Doctor checks on the store: integrity (quick_check, the audit chain), the queue's backlog
and the last successful upload (the newest `accepted_at`). See kiosk/doctor.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from kiosk.doctor import CheckResult, fail, ok, warn

RESTORE_HINT = (
    "Stop the kiosk and restore kiosk.sqlite3 from a backup, or call support with "
    "`kiosk support-bundle`; do not delete the database."
)

TOO_NEW_HINT = (
    "Start the newer kiosk version again or install it (`kiosk update status` lists the builds "
    "on this kiosk); the database was left untouched: do not delete it."
)


def open_store(data_dir: Path):
    from kiosk.store import Store

    return Store.open(Path(data_dir))


def _with_store(data_dir: Path, name: str, read: Callable):
    """(read(store), None), or (None, a `fail` result) when the store cannot be opened."""
    from kiosk.store.db import StoreError, StoreTooNew

    try:
        store = open_store(data_dir)
    except StoreError as exc:
        detail = f"the database cannot be opened ({type(exc).__name__})"
        # StoreTooNew is not damage: an older build started on a newer build's store
        hint = TOO_NEW_HINT if isinstance(exc, StoreTooNew) else RESTORE_HINT
        return None, fail(name, detail, hint)
    try:
        return read(store), None
    finally:
        store.close()


def _integrity(store) -> tuple[CheckResult, object]:
    from kiosk.store.db import StoreError

    try:
        store.quick_check()
        store_result = ok("store", "database quick_check ok")
    except StoreError:
        store_result = fail("store", "database quick_check found damage", RESTORE_HINT)
    return store_result, store.audit.verify()


def check_store(data_dir: Path) -> list[CheckResult]:
    checked, problem = _with_store(data_dir, "store", _integrity)
    if problem is not None:
        return [problem]
    store_result, result = checked
    if result.ok:
        audit = ok("audit", f"audit chain intact, {result.entries} entries")
    else:
        seqs = ", ".join(str(p.seq) for p in result.problems[:5])
        audit = fail(
            "audit",
            f"audit chain broken: {len(result.problems)} problem(s) at seq {seqs}",
            "The audit log was edited, cut or inserted into: do not reset the kiosk; run "
            "`kiosk audit verify` and report it to the MPP administrator.",
        )
    return [store_result, audit]


def check_queue(data_dir: Path, warn_hours: float) -> CheckResult:
    from kiosk.store.status import queue_status

    status, problem = _with_store(data_dir, "queue", queue_status)
    if problem is not None:
        return problem
    counts = status["counts"]
    pending = counts["sealed"] + counts["queued"] + counts["sending"]
    oldest = status["oldest_pending_seconds"]
    age = "none" if oldest is None else f"{oldest / 3600:.1f} h"
    detail = f"{pending} pending (oldest {age}), {counts['rejected']} rejected"
    if status["paused"]:
        return fail(
            "queue",
            f"{detail}; queue paused ({status['paused'].get('code', 'paused')})",
            "Fix what `kiosk queue status` names (enrollment, clock), then `kiosk queue drain`.",
        )
    if oldest is not None and oldest > warn_hours * 3600:
        return warn(
            "queue",
            detail,
            "Applications wait too long: check the network, then run `kiosk queue drain`.",
        )
    if counts["rejected"]:
        return warn(
            "queue",
            detail,
            "See `kiosk queue status` for why the server rejected them; `kiosk queue retry ID`.",
        )
    return ok("queue", detail)


def _uploads(store) -> tuple[float | None, int]:
    from kiosk.store.applications import Applications

    counts = Applications(store).counts()
    last = store.read("SELECT max(accepted_at) AS t FROM applications")[0]["t"]
    return last, counts["sealed"] + counts["queued"] + counts["sending"]


def check_last_upload(data_dir: Path, warn_hours: float) -> CheckResult:
    found, problem = _with_store(data_dir, "last_upload", _uploads)
    if problem is not None:
        return problem
    last, pending = found
    if last is None:
        if pending:
            return warn(
                "last_upload",
                f"no application uploaded yet, {pending} waiting",
                "Check the network and the server address, then run `kiosk queue drain`.",
            )
        return ok("last_upload", "no application uploaded yet (none submitted)")
    hours = (time.time() - last) / 3600
    detail = f"last successful upload {hours:.1f} h ago"
    if pending and hours > warn_hours:
        return warn(
            "last_upload",
            detail,
            "Nothing was uploaded for a long time while applications wait: check the network.",
        )
    return ok("last_upload", detail)

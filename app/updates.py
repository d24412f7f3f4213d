"""Fleet updates composed for a running kiosk (kiosk/updates has the rules, sync/release.py the
network half): the updater of this data folder, its health check and its start-up check."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from kiosk.updates import Updates, releases_folder


def make_updates(data_dir: Path) -> Updates:
    from kiosk.store import SCHEMA_HEAD
    from kiosk.version import full_version, is_frozen

    # The frozen build's own folder: /opt/mpp-kiosk before the first switch.
    running = Path(sys.executable).resolve().parent if is_frozen() else None
    return Updates(
        releases_folder(data_dir),
        full_version(),
        schema_head=SCHEMA_HEAD,
        installed_build=running,
    )


def enabled() -> bool:
    """Only a frozen build updates itself (a source checkout is updated with git)."""
    from kiosk.version import is_frozen

    return is_frozen() and sys.platform.startswith("linux")


def health_check() -> list[str]:
    """The new build's health check, in process: what makes a build a working build (its
    version and its face models load); the store opened already, before this runs. Camera,
    printer and network are the machine's, and rolling back would not mend them."""
    from camera.doctor import check_face_models
    from kiosk.doctor import FAIL, check_version, run_checks

    results = run_checks([("version", check_version), ("face_models", check_face_models)])
    return [r.name for r in results if r.status == FAIL]


def check_after_start(updates: Updates, data_dir: Path, health: Callable[[], list[str]]):
    """A build just switched to checks itself (raises RestartForUpdate after a rollback)."""
    import logging

    from kiosk.paths import database_file
    from kiosk.store import current_revisions
    from kiosk.updates import UpdateFailed

    try:
        return updates.after_start_check(
            health, lambda: current_revisions(database_file(Path(data_dir)))
        )
    except UpdateFailed as exc:  # `kiosk update check` holds the lock: check at the next start
        logging.getLogger(__name__).warning("update check after start skipped: %s", exc)
        return None

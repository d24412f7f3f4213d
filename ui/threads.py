"""Letting go of a worker QThread safely.

A QThread must never be destroyed while it runs, nor while it is still finishing: ~QThread then
waits for the thread while Python holds the GIL, and a thread that needs the GIL to finish never
does (the whole kiosk hangs). So a worker that outlives its stop request is kept here and
deleted from the UI thread only once wait(0) says it has completely ended.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QThread, QTimer

log = logging.getLogger(__name__)

_retired: set[QThread] = set()
_sweeper: QTimer | None = None
SWEEP_MS = 250


def retire(thread: QThread, wait_ms: int = 100) -> bool:
    """Ask `thread` to stop (requestInterruption) and let it go. Returns True when it had
    already ended within `wait_ms`; otherwise it is deleted later, once it has ended."""
    thread.requestInterruption()
    if thread.wait(wait_ms):
        thread.deleteLater()
        return True
    log.info("%s still busy after %d ms; it is deleted once it ends", thread.objectName(), wait_ms)
    thread.setParent(None)  # its parent may go first; the thread must not go with it
    _retired.add(thread)
    _start_sweeper()
    return False


def pending() -> int:
    """Workers retired but not yet ended (for tests and shutdown)."""
    return len(_retired)


def _start_sweeper() -> None:
    global _sweeper
    if _sweeper is None:
        _sweeper = QTimer()
        _sweeper.setInterval(SWEEP_MS)
        _sweeper.timeout.connect(sweep)
    if not _sweeper.isActive():
        _sweeper.start()


def sweep() -> None:
    """Delete the retired workers that have completely ended (UI thread)."""
    for thread in [t for t in _retired if t.wait(0)]:
        _retired.discard(thread)
        thread.deleteLater()
    if not _retired and _sweeper is not None:
        _sweeper.stop()

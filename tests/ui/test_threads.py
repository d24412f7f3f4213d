"""ui/threads.py: a worker that outlives its stop request is deleted only once it has ended."""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QObject, QThread

from ui import threads


class Busy(QThread):
    """Ignores interruption for `seconds` of Python work (it needs the GIL to finish). Kept: a
    camera worker outlives its stop request only inside a long model call, not on demand."""

    def __init__(self, seconds: float, parent=None):
        super().__init__(parent)
        self.seconds = seconds
        self.setObjectName("busy-test")

    def run(self) -> None:
        end = time.monotonic() + self.seconds
        n = 0
        while time.monotonic() < end:
            n += 1


def test_a_quick_thread_is_deleted_at_once(qtbot):
    thread = Busy(0.0)
    thread.start()
    assert threads.retire(thread, wait_ms=2000) is True
    qtbot.waitUntil(lambda: not shiboken6.isValid(thread), timeout=2000)
    assert threads.pending() == 0


def test_a_busy_thread_outlives_its_parent_and_is_deleted_after_it_ends(qtbot):
    owner = QObject()
    thread = Busy(0.6, parent=owner)
    thread.start()
    assert threads.retire(thread, wait_ms=10) is False
    assert threads.pending() == 1 and thread.parent() is None
    del owner  # the screen that owned it goes away: the running thread must not go with it
    assert shiboken6.isValid(thread) and thread.isRunning()
    del thread  # nobody else holds it: the retired set does, until it has ended
    qtbot.waitUntil(lambda: threads.pending() == 0, timeout=5000)

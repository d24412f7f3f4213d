"""Cycles holding Qt objects are collected on the UI thread, never on the thread that let them go
(ui/main_thread_gc.py). Collected elsewhere, ~QObject and the UI thread can wait for each other
for ever: the test suite froze that way in test_face.py, the embedded server's thread inside gc."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject

from ui import main_thread_gc
from ui.app import create_application


def _cycle_with_a_qobject(finalized: list[int]) -> None:
    """A QObject owned by Python inside a reference cycle; records the thread that frees it."""
    holder: dict = {"object": QObject()}
    holder["self"] = holder  # the cycle: only the collector can free it
    weakref.finalize(holder["object"], lambda: finalized.append(threading.get_ident()))


def _churn() -> None:
    """Allocations that pass every generation's threshold many times over (kept alive until
    the end: the threshold counts allocations minus deallocations)."""
    kept = [[] for _ in range(200_000)]
    del kept


def test_the_automatic_collector_is_off_once_the_kiosk_application_exists(qapp, app_state):
    create_application()
    assert not gc.isenabled()
    assert main_thread_gc.installed()


def test_a_cycle_let_go_on_another_thread_is_collected_on_the_ui_thread(qapp, qtbot, app_state):
    create_application()
    finalized: list[int] = []
    ui_thread = threading.get_ident()
    let_go = threading.Event()
    thresholds = gc.get_threshold()
    # Every generation due at once: the cycle may have reached an older generation by the time
    # it is let go, and the test must not wait for hundreds of allocations.
    gc.set_threshold(1, 1, 1)
    try:

        def worker() -> None:
            _cycle_with_a_qobject(finalized)  # made and dropped on this thread
            _churn()  # Python's own collector would free the cycle right here
            let_go.set()

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(60)
        assert let_go.is_set()
        assert finalized == [], "the cycle was collected on the worker thread"
        # The UI thread's timer collects it within a few ticks (one generation a tick).
        qtbot.waitUntil(lambda: bool(finalized), timeout=10000)
        assert finalized == [ui_thread]
    finally:
        gc.set_threshold(*thresholds)


def test_collect_due_runs_the_generation_python_would(qapp, app_state):
    create_application()
    main_thread_gc.collect_due()
    threshold0 = gc.get_threshold()[0]
    assert main_thread_gc.collect_due() == -1  # nothing allocated since: nothing due
    junk = [[] for _ in range(threshold0 * 20)]  # a margin for objects other threads free
    assert main_thread_gc.collect_due() >= 0
    assert gc.get_count()[0] < threshold0
    del junk

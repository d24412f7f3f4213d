"""Python's cycle collector runs on the UI thread only.

Python collects reference cycles in whichever thread happens to allocate when a threshold is
passed: the uploader, a worker of the thread pool, the demo's embedded server. A PySide object
caught in such a cycle is then destroyed on that thread. ~QObject takes Qt's signal-connection
lock and then waits for the GIL, while the UI thread holds the GIL and waits for that same lock
(connecting a signal while it shows a screen): the kiosk freezes for good. The test suite caught
it so (stack dump: the server thread in gc -> ~QObject -> GilState::acquire; the UI thread in
QStackedLayout::setCurrentIndex -> QObject::connect -> mutex).

So the automatic collector is switched off and the UI thread collects on a timer, by the same
thresholds Python uses. Objects without cycles are freed at once as always; only cycles wait
for the next tick.
"""

from __future__ import annotations

import gc

INTERVAL_MS = 500  # cycles wait at most this long; a gen-0 pass costs well under a millisecond

_timer = None  # the QTimer, once installed


def collect_due() -> int:
    """Collect the oldest generation whose count has passed its threshold (as Python's own
    collector would); returns that generation, or -1 when none was due. Call it on the UI
    thread."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return generation
    return -1


def install(app) -> None:
    """From now on only the UI thread collects cycles: the automatic collector is off and a
    timer of `app` (the QApplication, which lives in the UI thread) collects what is due.
    Once per process; again is a no-op."""
    global _timer
    from PySide6.QtCore import QTimer

    gc.disable()
    if _timer is None:
        _timer = QTimer(app)
        _timer.setInterval(INTERVAL_MS)
        _timer.timeout.connect(collect_due)
        _timer.start()


def installed() -> bool:
    return _timer is not None and _timer.isActive()

"""systemd notifications from the Qt event loop (build/deploy/mpp-kiosk.service).

READY=1 goes once the welcome screen is up (the event loop has run its first turn), then
WATCHDOG=1 every half of WATCHDOG_USEC from a QTimer on the main thread: a blocked or wedged
event loop stops the pings and systemd restarts the kiosk. Outside systemd (no NOTIFY_SOCKET)
nothing happens. The messages go through `sdnotify`.

MPP_DEBUG_BLOCK_EVENT_LOOP_S is a test hook (tests/deploy/): after the third ping the event loop
is blocked that many seconds, as a hang would, after a STATUS= line saying so.
"""

from __future__ import annotations

import logging
import os
import time

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("ui.watchdog")

BLOCK_ENV = "MPP_DEBUG_BLOCK_EVENT_LOOP_S"
BLOCK_AFTER_PINGS = 3


def ping_interval_ms(environ) -> int | None:
    """Half the watchdog timeout systemd gave this process, or None when it has none for us."""
    usec = environ.get("WATCHDOG_USEC", "")
    pid = environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    if pid and pid != str(os.getpid()):  # meant for another process (as sd_watchdog_enabled)
        return None
    return max(1, int(usec) // 2000)


class SystemdWatchdog(QObject):
    """Sends READY=1 on the first event-loop turn, then WATCHDOG=1 pings; STOPPING=1 at quit."""

    def __init__(self, app, environ=None):
        super().__init__(app)  # the application owns it: it lives as long as the event loop
        from sdnotify import SystemdNotifier

        environ = os.environ if environ is None else environ
        self.notifier = SystemdNotifier()
        self.pings = 0
        self.interval_ms = ping_interval_ms(environ)
        block = environ.get(BLOCK_ENV, "")
        self.block_s = float(block) if block else 0.0
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.ping)
        app.aboutToQuit.connect(self.stopping)
        QTimer.singleShot(0, self.ready)

    def ready(self) -> None:
        self.notifier.notify("READY=1\nSTATUS=welcome screen shown")
        log.info("systemd notified: ready (watchdog every %s ms)", self.interval_ms)
        if self.interval_ms is not None:
            self.timer.start(self.interval_ms)

    def ping(self) -> None:
        self.notifier.notify("WATCHDOG=1")
        self.pings += 1
        if self.block_s and self.pings == BLOCK_AFTER_PINGS:
            self.notifier.notify(f"STATUS=debug: blocking the event loop {self.block_s:g} s")
            log.warning("%s: blocking the event loop for %g s", BLOCK_ENV, self.block_s)
            time.sleep(self.block_s)

    def stopping(self) -> None:
        self.timer.stop()
        self.notifier.notify("STOPPING=1")


def start(app) -> SystemdWatchdog | None:
    """Call before app.exec(), after the welcome screen is shown; no-op outside systemd."""
    if not os.environ.get("NOTIFY_SOCKET"):
        return None
    return SystemdWatchdog(app)

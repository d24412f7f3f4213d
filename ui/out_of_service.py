"""The screen a kiosk shows when it cannot start (its database is damaged or newer than this
build, the disk is full...): what a citizen at the screen needs to know, in Bahasa Indonesia with
English below, and the code a technician looks up. No button: nothing here is the citizen's to
fix. Under systemd it says READY and keeps the watchdog fed, so the unit does not flicker in a
restart loop; it tries again (exits, systemd restarts it) every RETRY_MS.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui import theme
from ui.widgets.common import Body, IconLabel, Subtitle, Title

log = logging.getLogger(__name__)
RETRY_MS = 5 * 60 * 1000  # a full disk or a replaced store may be fixed by then


class OutOfServiceWindow(QWidget):
    """error: a kiosk.errors.KioskError (its screen_text in both languages is shown)."""

    def __init__(self, error, code: str, version: str, site: str | None = None):
        super().__init__()
        self.setObjectName("OutOfService")
        self.setWindowTitle("MPP Kiosk")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 96, 64, 64)
        layout.setSpacing(32)
        layout.addStretch(1)
        layout.addWidget(IconLabel("warning", 160))
        # Indonesian first, always: the citizen in front of it reads this
        self.title = Title("Kiosk ini sedang tidak dapat melayani")
        self.reason = Subtitle(error.screen_text("id"))
        self.english = Body("This kiosk is out of service. " + error.screen_text("en"), parent=self)
        self.english.setObjectName("OutOfServiceEnglish")
        self.where = Body(
            "Silakan gunakan kiosk lain atau datang ke loket pelayanan."
            "\nPlease use another kiosk or go to a service counter."
        )
        parts = [f"{code}", f"versi {version}"] + ([site] if site else [])
        self.code = Body(" · ".join(parts))
        self.code.setObjectName("OutOfServiceCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.title, self.reason, self.english, self.where, self.code):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(2)


def show_out_of_service(
    app, error, version: str, site: str | None, fullscreen: bool, retry_ms: int = RETRY_MS
) -> int:
    """Show the screen and run the event loop until the retry time; returns the error's exit
    code (systemd then starts the kiosk again)."""
    from ui import watchdog

    theme.apply(app)
    code = error.screen_code or type(error).__name__
    window = OutOfServiceWindow(error, code, version, site)
    screen = app.primaryScreen()
    if fullscreen:
        window.showFullScreen()
    else:
        if screen is not None:
            area = screen.availableGeometry()
            window.resize(min(1080, area.width()), min(1920, area.height()))
        window.show()
    log.error("out of service (%s): %s; trying again in %d s", code, error, retry_ms // 1000)
    watchdog.start(app)
    QTimer.singleShot(retry_ms, app.quit)
    app.exec()
    window.close()
    return error.exit_code

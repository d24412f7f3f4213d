"""The staff overlay: covers the whole kiosk window while counter staff use it.

A self-service kiosk opens it with a long press on a corner of the welcome screen; an assisted
terminal (`kiosk.mode = "assisted"`) opens with it. Sign-in first (ui.staff.signin), then the
console (ui.staff.console); a technician (`teknisi`) gets the maintenance page first
(ui.staff.maintenance: `kiosk doctor`'s checks) and a bar button to switch between it and the
console; other roles never see it. Every touch on it is a staff action (StaffSignIn.touch());
a timer asks StaffSignIn.current() every second, and a session that ended (2 idle minutes, or "Sign
out") closes the console: back to the welcome screen, or to the sign-in on an assisted terminal.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.session.states import State
from ui import theme
from ui.staff.console import ConsolePage
from ui.staff.maintenance import MaintenancePage
from ui.staff.signin import SignInPage
from ui.staff.words import role_name
from ui.widgets.common import BigButton

log = logging.getLogger("ui.staff")

CHECK_MS = 1000
TOUCHES = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


def staff_frame(frame: QFrame) -> tuple[QVBoxLayout, QFrame, QHBoxLayout, QLabel]:
    """What the staff overlays share: a panel over the whole window with the staff bar on top,
    its brand label first (the caller adds its buttons to the bar's row, its pages below)."""
    frame.setObjectName("StaffOverlay")
    frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    outer = QVBoxLayout(frame)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(0)
    bar = QFrame(frame)
    bar.setObjectName("StaffBar")
    row = QHBoxLayout(bar)
    row.setContentsMargins(24, 12, 24, 12)
    row.setSpacing(16)
    brand = QLabel("", bar)
    brand.setObjectName("BrandLabel")
    brand.setWordWrap(True)
    row.addWidget(brand, 1)
    outer.addWidget(bar)
    return outer, bar, row, brand


class StaffOverlay(QFrame):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window_ = window
        self.controller = window.controller
        config = self.controller.config
        self.assisted = config is not None and str(config["kiosk.mode"]) == "assisted"
        outer, self.bar, row, self.brand = staff_frame(self)
        self.lang_id = self._toggle("ID", "id")
        self.lang_en = self._toggle("EN", "en")
        # an assisted terminal: staff run the citizen's journey for the citizen at the counter
        self.serve_button = BigButton("", "primary", self.bar)
        self.serve_button.setObjectName("StaffServeCitizen")
        self.serve_button.clicked.connect(lambda _c=False: self.serve_citizen())
        self.serve_button.hide()
        # a technician: between the maintenance page and the console
        self.switch_button = BigButton("", "secondary", self.bar)
        self.switch_button.setObjectName("StaffSwitchPage")
        self.switch_button.clicked.connect(lambda _c=False: self.switch_page())
        self.switch_button.hide()
        self.sign_out_button = BigButton("", "danger", self.bar)
        self.sign_out_button.setObjectName("StaffSignOut")
        self.sign_out_button.clicked.connect(lambda _c=False: self.sign_out())
        for widget in (
            self.lang_id,
            self.lang_en,
            self.serve_button,
            self.switch_button,
            self.sign_out_button,
        ):
            row.addWidget(widget)
        self.pages = QStackedWidget(self)
        self.signin = SignInPage(self.controller, self.pages)
        self.console = ConsolePage(self.controller, self.pages)
        self.maintenance = MaintenancePage(self.controller, self.pages)
        self.pages.addWidget(self.signin)
        self.pages.addWidget(self.console)
        self.pages.addWidget(self.maintenance)
        outer.addWidget(self.pages, 1)
        self.signin.signedIn.connect(self._signed_in)
        # a citizen's session taken over by hand-off code: its help screen, on this terminal
        self.console.help.sessionTaken.connect(self.leave)
        self.signin.cancelled.connect(self.leave)
        self.signin.cancel.setVisible(not self.assisted)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check_session)
        self.controller.languageChanged.connect(lambda _lang: self._sync_language())
        self.controller.stateChanged.connect(self._citizen_state)
        self.retranslate()
        self.hide()
        if self.assisted:
            self.open_sign_in()

    def _toggle(self, text: str, language: str) -> BigButton:
        button = BigButton(text, "secondary", self.bar)
        button.setCheckable(True)
        button.setMinimumWidth(theme.touch_min_px() + 40)
        button.clicked.connect(lambda _c=False: self.set_language(language))
        return button

    @property
    def staff(self):
        return self.controller.ports.staff

    def retranslate(self) -> None:
        self.sign_out_button.setText(self.tr("Sign out"))
        self.serve_button.setText(self.tr("Serve a citizen"))
        self._switch_text()
        self.lang_id.setAccessibleDescription(self.tr("Show the kiosk in Bahasa Indonesia"))
        self.lang_en.setAccessibleDescription(self.tr("Show the kiosk in English"))
        self._sync_language()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, language: str) -> None:
        self.controller.set_language(language)
        self._sync_language()

    def _sync_language(self) -> None:
        self.lang_id.setChecked(self.controller.language == "id")
        self.lang_en.setChecked(self.controller.language == "en")

    # ----- opening and closing ------------------------------------------------------------

    def open_sign_in(self) -> None:
        """Show the sign-in (or the console, when a staff session is still on)."""
        session = self.staff.current() if self.staff is not None else None
        if session is not None:
            self._signed_in(session)
        else:
            self.signin.choose_name()
            self.pages.setCurrentWidget(self.signin)
            self.sign_out_button.hide()
            self.serve_button.hide()
            self.switch_button.hide()
            self._switch_text()
        self._popup()

    def _popup(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            app.installEventFilter(self)
        self.timer.start()

    def _signed_in(self, session) -> None:
        self.sign_out_button.show()
        self.serve_button.setVisible(self.assisted)
        self.console.begin(session)
        technician = session.role == "teknisi" and self.maintenance.available
        self.switch_button.setVisible(technician)
        if technician:
            self.pages.setCurrentWidget(self.maintenance)
            self.maintenance.begin(session)
        else:
            self.pages.setCurrentWidget(self.console)
        self._switch_text()

    def switch_page(self) -> None:
        """A technician: the maintenance page <-> the staff console."""
        if self.pages.currentWidget() is self.maintenance:
            self.pages.setCurrentWidget(self.console)
        elif self.pages.currentWidget() is self.console and self.switch_button.isVisibleTo(self):
            self.pages.setCurrentWidget(self.maintenance)
        self._switch_text()

    def _switch_text(self) -> None:
        """The bar's words for who is signed in: a technician, or counter staff."""
        technician = self.switch_button.isVisibleTo(self)
        self.brand.setText(role_name("teknisi") if technician else self.tr("Counter staff"))
        on_maintenance = self.pages.currentWidget() is self.maintenance
        self.switch_button.setText(
            self.tr("Staff console") if on_maintenance else self.tr("Maintenance")
        )

    def _staff_page(self) -> bool:
        """Is a signed-in page (the console or the maintenance page) showing?"""
        return self.pages.currentWidget() in (self.console, self.maintenance)

    def serve_citizen(self) -> None:
        """Assisted terminal: the citizen's journey, run by the signed-in staff member; the
        console comes back when the journey returns to the welcome screen."""
        self.leave()
        self.controller.citizen.start()

    def _citizen_state(self, _old, new) -> None:
        if self.assisted and new is State.WELCOME and not self.isVisible():
            self.open_sign_in()  # the console while the staff session lasts, else sign-in

    def sign_out(self) -> None:
        if self.staff is not None:
            self.staff.sign_out()
        self.session_ended()

    def session_ended(self) -> None:
        """The staff session is over: the assisted terminal's sign-in, or the welcome."""
        self.console.end()
        self.maintenance.end()
        self.switch_button.hide()
        self._switch_text()
        if self.assisted:
            self.open_sign_in()
        else:
            self.leave()

    def leave(self) -> None:
        """Back to the citizen's screens (the welcome screen underneath)."""
        self.console.end()
        self.maintenance.end()
        self.switch_button.hide()
        self._switch_text()
        self.signin.choose_name()
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and not self.assisted:  # assisted: staff touches keep the session
            app.removeEventFilter(self)
        self.hide()

    def stop(self) -> None:
        """The window closes: no timer, no poll, no worker left behind."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.console.end(wait_ms=10000)
        self.maintenance.end(wait_ms=30000)  # the checks may be opening the camera

    # ----- the staff session ------------------------------------------------------------

    def check_session(self) -> None:
        """Every CHECK_MS: has the staff session ended (idle)?"""
        if not self._staff_page() or self.staff is None:
            return
        if self.staff.current() is None:
            log.info("staff session ended")
            self.session_ended()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in TOUCHES or self.staff is None:
            return False
        on_console = (
            self.isVisible()
            and self._staff_page()
            and isinstance(watched, QWidget)
            and (watched is self or self.isAncestorOf(watched))
        )
        serving = self.assisted and not self.isVisible()  # staff drive the citizen's journey
        if on_console or serving:
            self.staff.touch()
        return False

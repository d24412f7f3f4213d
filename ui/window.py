"""KioskWindow: top bar, the stack of screens, the footer and the inactivity warning.

The window shows the screen registered for the session's state (ui/screens/__init__.py), one
instance per screen class, created on first use. The top bar is always there: language ID/EN,
large text, high contrast and "Bantuan" (help, when the state allows it).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import __version__
from kiosk.session.states import Event, State
from ui import theme
from ui.screens import ScreenMissing, screen_class
from ui.screens.base import Screen
from ui.staff.overlay import StaffOverlay
from ui.staff.override import StaffOverride
from ui.widgets.common import BigButton, IconLabel
from ui.widgets.overlay import InactivityOverlay

log = logging.getLogger("ui.window")

ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
}


class MissingScreen(Screen):
    """Shown when a screen module is not installed: says so and offers the way out."""

    def build(self) -> None:
        self.layout_.addStretch(1)
        self.head = self.title()
        self.layout_.addStretch(1)
        self.nav_row(back=False, cancel=True)

    def retranslate(self) -> None:
        self.head.setText(self.tr("This step is not available on this kiosk. Please ask staff."))
        self.retranslate_nav()


class TopBar(QFrame):
    def __init__(self, window: KioskWindow):
        super().__init__(window)
        self.setObjectName("TopBar")
        self.window_ = window
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 12, 24, 12)
        row.setSpacing(16)
        self.brand = QLabel(self)
        self.brand.setObjectName("BrandLabel")
        self.brand.setWordWrap(True)
        row.addWidget(self.brand, 1)
        self.lang_id = self._toggle("ID", lambda: window.controller.set_language("id"))
        self.lang_en = self._toggle("EN", lambda: window.controller.set_language("en"))
        self.large = self._toggle("A+", window.toggle_large_text)
        self.contrast = self._toggle("", window.toggle_high_contrast)
        self.help = BigButton("", "secondary", self)
        self.help.setMinimumWidth(160)
        self.help.clicked.connect(window.ask_help)
        for widget in (self.lang_id, self.lang_en, self.large, self.contrast, self.help):
            row.addWidget(widget)

    def _toggle(self, text: str, slot) -> BigButton:
        btn = BigButton(text, "secondary", self)
        btn.setCheckable(True)
        btn.setMinimumWidth(theme.touch_min_px() + 40)
        btn.clicked.connect(lambda _checked=False: slot())
        return btn

    def retranslate(self) -> None:
        self.brand.setText(self.tr("MPP self-service kiosk"))
        self.help.setText(self.tr("Help"))
        self.contrast.setText(self.tr("Contrast"))
        self.lang_id.setAccessibleDescription(self.tr("Show the kiosk in Bahasa Indonesia"))
        self.lang_en.setAccessibleDescription(self.tr("Show the kiosk in English"))
        self.large.setAccessibleDescription(self.tr("Large text"))

    def sync(self, language: str, can_help: bool, large: bool, contrast: bool) -> None:
        self.lang_id.setChecked(language == "id")
        self.lang_en.setChecked(language == "en")
        self.large.setChecked(large)
        self.contrast.setChecked(contrast)
        self.help.setVisible(can_help)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class Footer(QFrame):
    def __init__(self, parent: QWidget, site: str = ""):
        super().__init__(parent)
        self.setObjectName("Footer")
        self.site = site
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 6, 24, 6)
        self.left = QLabel(self)
        self.right = QLabel(f"v{__version__}", self)
        self.right.setObjectName("VersionLabel")
        row.addWidget(self.left, 1)
        row.addWidget(self.right)

    def retranslate(self) -> None:
        text = self.tr("Your data is erased from this kiosk when you finish.")
        self.left.setText(f"{self.site} · {text}" if self.site else text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class KioskWindow(QWidget):
    def __init__(
        self,
        controller,
        fullscreen: bool = False,
        site: str = "",
        strict: bool = False,
        high_contrast: bool = False,
        large_text: bool = False,
    ):
        super().__init__()
        self.controller = controller
        self.strict = strict  # tests: a missing screen module is an error, not a placeholder
        self.high_contrast, self.large_text = high_contrast, large_text
        self.setObjectName("KioskWindow")
        self.setWindowTitle("MPP Kiosk")
        if fullscreen:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self._screens: dict[type, Screen] = {}
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.top = TopBar(self)
        self.stack = QStackedWidget(self)
        # A screen's minimum size must never grow the kiosk window past the display (the
        # stack keeps the union of every page's minimum): screens fit themselves to the space.
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.footer = Footer(self, site)
        box.addWidget(self.top)
        box.addWidget(self.stack, 1)
        box.addWidget(self.footer)
        self.overlay = InactivityOverlay(self)
        self.overlay.stay.connect(controller.user_activity)
        self.staff = StaffOverlay(self)  # counter staff: sign-in and console (ui/staff/)
        self.override = StaffOverride(self)  # staff verification with the KTP-el
        controller.attach_window(self)
        controller.stateChanged.connect(self._on_state)
        controller.warningChanged.connect(self._on_warning)
        controller.countdownChanged.connect(self.overlay.set_seconds)
        self.top.retranslate()
        self.footer.retranslate()
        self._fullscreen = fullscreen
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._on_state(controller.session.state, controller.session.state)

    # ----- screens ----------------------------------------------------------------------------

    def screen_for(self, state: State) -> Screen:
        """The (single) instance of the screen class of `state`, created when first needed."""
        try:
            cls = screen_class(state)
        except ScreenMissing:
            if self.strict:
                raise
            log.error("no screen module for state %s; showing a placeholder", state.value)
            cls = MissingScreen
        screen = self._screens.get(cls)
        if screen is None:
            screen = cls(self.controller)
            self._screens[cls] = screen
            self.stack.addWidget(screen)
        return screen

    def current_screen(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def screens(self) -> list[Screen]:
        return list(self._screens.values())

    def _on_state(self, old: State, new: State) -> None:
        session = self.controller.session
        screen = self.screen_for(new)
        previous = self.current_screen()
        for other in self._screens.values():
            if other is not screen:
                other.reset(session)  # wipe screens that showed an earlier citizen
        if previous is not screen:
            if previous is not None:
                previous.hidden()
            self.stack.setCurrentWidget(screen)
        screen.update_from(session)
        if previous is not screen:
            screen.shown()
        can_help = session.can(Event.HELP)
        self.top.sync(session.data.language, can_help, self.large_text, self.high_contrast)
        if not session.warning and self.overlay.isVisible():
            self.overlay.hide()

    def _on_warning(self, shown: bool) -> None:
        if shown:
            left = self.controller.session.seconds_until_reset()
            self.overlay.set_seconds(int(left or 0))
            self.overlay.popup()
            self.controller.speak("Apakah Anda masih di sana?", "Are you still there?")
        else:
            self.overlay.hide()

    # ----- top bar actions ----------------------------------------------------------------------

    def ask_help(self) -> None:
        self.controller.citizen.help()

    def toggle_large_text(self) -> None:
        self.large_text = not self.large_text
        self._restyle()

    def toggle_high_contrast(self) -> None:
        self.high_contrast = not self.high_contrast
        self._restyle()

    def _restyle(self) -> None:
        app = QApplication.instance()
        theme.apply(app, self.high_contrast, self.large_text)
        for label in self.findChildren(IconLabel):
            label.refresh()
        session = self.controller.session
        can_help = session.can(Event.HELP)
        self.top.sync(session.data.language, can_help, self.large_text, self.high_contrast)

    # ----- inactivity -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self.controller.user_activity()
        return False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.overlay.setGeometry(self.rect())
        self.staff.setGeometry(self.rect())
        self.override.setGeometry(self.rect())

    def open_staff(self) -> None:
        """The staff sign-in (the welcome screen's long press on its corner)."""
        self.staff.open_sign_in()

    def open_override(self) -> None:
        """Staff verify the citizen with the KTP-el (the help screen's staff button)."""
        self.override.open()

    def show_kiosk(self) -> None:
        """Show fullscreen or windowed, and start the inactivity clock."""
        if self._fullscreen:
            self.showFullScreen()
        else:
            self.show()
        self.controller.start()

    def closeEvent(self, event) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for screen in self._screens.values():
            screen.hidden()
        self.staff.stop()
        self.controller.stop()
        super().closeEvent(event)

"""KioskWindow: top bar, step indicator, the stack of screens, the footer and the inactivity
warning.

The window shows the screen registered for the session's state (ui/screens/__init__.py), one
instance per screen class, created on first use. The top bar is always there: the MPP's identity
(logo, site and regency) and the controls, language ID/EN, large text, high contrast and
"Bantuan" (help, when the state allows it; a filled button of its own colour). On the citizen's
journey a step indicator ("Langkah 3 dari 7") sits under it. The window is never larger than the
screen's available area: every bar wraps instead of setting a minimum width.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.session.states import Event, State
from ui import theme
from ui.screens import ScreenMissing, screen_class
from ui.screens.base import Screen
from ui.shell_bars import Footer, StepBar, TopBar
from ui.staff.overlay import StaffOverlay
from ui.staff.override import StaffOverride
from ui.widgets.common import IconLabel
from ui.widgets.overlay import InactivityOverlay
from ui.widgets.scrolling import touch_scroll_all

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


# The kiosk's nominal screens (UI.md): portrait 1080x1920, landscape 1920x1080.
PORTRAIT, LANDSCAPE = QSize(1080, 1920), QSize(1920, 1080)


def fit_size(area: QSize, landscape: bool = False) -> QSize:
    """The window size for a screen whose available area is `area`: the nominal kiosk shape,
    scaled down to fit (never up, never larger than the area)."""
    nominal = LANDSCAPE if landscape else PORTRAIT
    scale = min(1.0, area.width() / nominal.width(), area.height() / nominal.height())
    return QSize(
        min(area.width(), round(nominal.width() * scale)),
        min(area.height(), round(nominal.height() * scale)),
    )


class KioskWindow(QWidget):
    def __init__(
        self,
        controller,
        fullscreen: bool = False,
        site: str = "",
        strict: bool = False,
        high_contrast: bool = False,
        large_text: bool = False,
        region: str = "",
        logo: str = "",
        note: str = "",
    ):
        """site, region: the MPP's name and Kemendagri regency code (kiosk.site, kiosk.region)
        shown in the top bar with the logo (ui.logo, a path); note: an extra footer line."""
        super().__init__()
        self.controller = controller
        self.strict = strict  # tests: a missing screen module is an error, not a placeholder
        self.high_contrast, self.large_text = high_contrast, large_text
        self._own_display = (high_contrast, large_text)  # the kiosk's, for the next citizen
        self.setObjectName("KioskWindow")
        self.setWindowTitle("MPP Kiosk")
        if fullscreen:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self._screens: dict[type, Screen] = {}
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.top = TopBar(self, site, region, logo)
        self.steps = StepBar(self)
        self.stack = QStackedWidget(self)
        # A screen's minimum size must never grow the kiosk window past the display (the
        # stack keeps the union of every page's minimum): screens fit themselves to the space.
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.footer = Footer(self, note)
        box.addWidget(self.top)
        box.addWidget(self.steps)
        box.addWidget(self.stack, 1)
        box.addWidget(self.footer)
        self.overlay = InactivityOverlay(self)
        self.overlay.stay.connect(controller.user_activity)
        self.staff = StaffOverlay(self)  # counter staff: sign-in and console (ui/staff/)
        self.override = StaffOverride(self)  # staff verification with the KTP-el
        controller.attach_window(self)
        controller.stateChanged.connect(self._on_state)
        controller.citizenLeft.connect(self.reset_display)
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
            touch_scroll_all(screen)  # drag the content to scroll, kinetic
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
        self.steps.show_state(new)
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

    def reset_display(self) -> None:
        """A citizen's session ended: the kiosk's own contrast and text size for the next."""
        if (self.high_contrast, self.large_text) != self._own_display:
            self.high_contrast, self.large_text = self._own_display
            self._restyle()

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

    def fit_to(self, area: QRect, landscape: bool = False) -> None:
        """Size and place the window inside `area` (a screen's available geometry): the kiosk's
        shape scaled down to fit, never larger than the area."""
        size = fit_size(area.size(), landscape)
        self.resize(size)
        self.move(area.x() + (area.width() - size.width()) // 2, area.y())
        needed = self.minimumSizeHint()
        if needed.width() > area.width() or needed.height() > area.height():
            log.warning(
                "the kiosk needs %dx%d px, the screen offers %dx%d",
                needed.width(),
                needed.height(),
                area.width(),
                area.height(),
            )

    def show_kiosk(self) -> None:
        """Show fullscreen or windowed, and start the inactivity clock. Fullscreen covers the
        whole screen even with no window manager to honour the fullscreen request."""
        if self._fullscreen:
            screen = self.screen() or QApplication.primaryScreen()
            if screen is not None:
                self.setGeometry(screen.geometry())
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

"""Welcome: touch to start, the language choice and "Cek status".

Portrait: one column. Landscape: the invitation on the left, the language and the status check
on the right. The pictogram gives way when the screen is too short for it (large text on a
1366x768 screen)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.session.states import State
from ui.screens.base import Screen, follow_orientation
from ui.widgets.common import BalancedTitle, BigButton, ButtonRow, IconLabel, Subtitle

# Counter staff hold the top-left corner for LONG_PRESS_MS to reach their sign-in (issue 13):
# discreet for citizens, for whom a short touch there starts as anywhere else.
LONG_PRESS_MS = 3000
CORNER_PX = 160


class WelcomeScreen(Screen):
    states = (State.WELCOME,)

    def build(self) -> None:
        lay = self.layout_
        lay.addStretch(1)
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(48)
        main = QWidget(self)
        col = QVBoxLayout(main)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(24)
        self.icon = IconLabel("touch", 180, main)
        col.addWidget(self.icon)
        self.head = BalancedTitle("", main)
        self.sub = Subtitle("", main)
        col.addWidget(self.head)
        col.addWidget(self.sub)
        self.start_button = self.button("", self._start, "primary", main)
        self.start_button.setMinimumHeight(130)
        self.start_button.setMinimumWidth(480)
        col.addWidget(ButtonRow([self.start_button], main))
        side = QWidget(self)
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(24)
        self.choose = Subtitle("", side)
        col.addWidget(self.choose)
        self.lang_id = BigButton("Bahasa Indonesia", "secondary", side)
        self.lang_en = BigButton("English", "secondary", side)
        for btn, lang in ((self.lang_id, "id"), (self.lang_en, "en")):
            btn.setCheckable(True)
            btn.setMinimumWidth(300)
            btn.clicked.connect(lambda _c=False, lang=lang: self._language(lang))
        col.addWidget(ButtonRow([self.lang_id, self.lang_en], side))
        col.addSpacing(24)
        self.status_button = self.button("", lambda: self.citizen.check_status(), "secondary", side)
        self.status_button.setMinimumWidth(480)
        col.addWidget(ButtonRow([self.status_button], side))
        self.body.addWidget(main, 3, Qt.AlignmentFlag.AlignVCenter)
        self.body.addWidget(side, 2, Qt.AlignmentFlag.AlignVCenter)
        lay.addLayout(self.body)
        lay.addStretch(1)
        self._press_timer = QTimer(self)  # the staff corner's long press
        self._press_timer.setSingleShot(True)
        self._press_timer.timeout.connect(self._long_press)

    def retranslate(self) -> None:
        self.head.setText(self.tr("Welcome to the MPP self-service kiosk"))
        self.sub.setText(self.tr("Apply for population documents and health-worker licences here."))
        self.start_button.setText(self.tr("Touch to start"))
        self.choose.setText(self.tr("Language / Bahasa"))
        self.status_button.setText(self.tr("Check application status"))

    def resizeEvent(self, event) -> None:
        follow_orientation(self.body, self)
        super().resizeEvent(event)
        self._fit_icon()

    def _fit_icon(self) -> None:
        """Show the pictogram only when everything else still fits under it."""
        margins = self.layout_.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        shown = self.icon.isVisibleTo(self)
        needed = self.body.heightForWidth(width) if self.body.hasHeightForWidth() else -1
        if needed < 0:
            needed = self.body.sizeHint().height()
        needed += margins.top() + margins.bottom()
        icon_space = self.icon.icon_size + 24
        without = needed - (icon_space if shown else 0)
        fits = without + icon_space <= self.height()
        if fits != shown:
            self.icon.setVisible(fits)

    def render(self, session) -> None:
        self.lang_id.setChecked(session.data.language == "id")
        self.lang_en.setChecked(session.data.language == "en")

    def shown(self) -> None:
        self.speak("Sentuh layar untuk mulai.", "Touch the screen to start.")

    def _start(self) -> None:
        self.citizen.start()

    def _language(self, language: str) -> None:
        self.controller.set_language(language)
        self.render(self.session)

    def _staff_corner(self) -> QRect:
        return QRect(0, 0, CORNER_PX, CORNER_PX)

    def _long_press(self) -> None:
        open_staff = getattr(self.window(), "open_staff", None)
        if open_staff is not None and self.session.state is State.WELCOME:
            open_staff()

    def mousePressEvent(self, event) -> None:
        # "Tap to start": a touch anywhere outside the other buttons starts too.
        if event.button() == Qt.MouseButton.LeftButton and self.session.state is State.WELCOME:
            if self._staff_corner().contains(event.position().toPoint()):
                self._press_timer.start(LONG_PRESS_MS)  # held: staff; let go early: start
            else:
                self._start()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._press_timer.isActive():
            self._press_timer.stop()
            if self.session.state is State.WELCOME:
                self._start()
        super().mouseReleaseEvent(event)

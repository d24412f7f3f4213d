"""Welcome: touch to start, the language choice and "Cek status"."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer

from kiosk.session.states import State
from ui.screens.base import Screen
from ui.widgets.common import BigButton, IconLabel, Subtitle, Title

# Counter staff hold the top-left corner for LONG_PRESS_MS to reach their sign-in (issue 13):
# discreet for citizens, for whom a short touch there starts as anywhere else.
LONG_PRESS_MS = 3000
CORNER_PX = 160


class WelcomeScreen(Screen):
    states = (State.WELCOME,)

    def build(self) -> None:
        lay = self.layout_
        lay.addStretch(2)
        self.icon = IconLabel("touch", 180, self)
        lay.addWidget(self.icon)
        self.head = Title("", self)
        self.sub = Subtitle("", self)
        lay.addWidget(self.head)
        lay.addWidget(self.sub)
        lay.addSpacing(24)
        self.start_button = self.button("", self._start, "primary")
        self.start_button.setMinimumHeight(140)
        self.start_button.setMinimumWidth(520)
        self.button_row(self.start_button)
        lay.addStretch(1)
        self.choose = Subtitle("", self)
        lay.addWidget(self.choose)
        self.lang_id = BigButton("Bahasa Indonesia", "secondary", self)
        self.lang_en = BigButton("English", "secondary", self)
        for btn, lang in ((self.lang_id, "id"), (self.lang_en, "en")):
            btn.setCheckable(True)
            btn.setMinimumWidth(320)
            btn.clicked.connect(lambda _c=False, lang=lang: self._language(lang))
        self.button_row(self.lang_id, self.lang_en)
        lay.addStretch(1)
        self.status_button = self.button("", lambda: self.citizen.check_status(), "secondary")
        self.status_button.setMinimumWidth(520)
        self.button_row(self.status_button)
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

"""Welcome: touch to start, the language choice and "Cek status"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.session.states import State
from ui.screens.base import Screen
from ui.widgets.common import BigButton, IconLabel, Subtitle, Title


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

    def mousePressEvent(self, event) -> None:
        # "Tap to start": a touch anywhere outside the other buttons starts too.
        if event.button() == Qt.MouseButton.LeftButton and self.session.state is State.WELCOME:
            self._start()
        super().mousePressEvent(event)

"""Language step after "start": Bahasa Indonesia or English (switchable later in the top bar)."""

from __future__ import annotations

from kiosk.session.states import State
from ui.screens.base import Screen
from ui.widgets.common import BigButton, IconLabel, Subtitle, Title


class LanguageScreen(Screen):
    states = (State.LANGUAGE,)

    def build(self) -> None:
        lay = self.layout_
        lay.addStretch(1)
        lay.addWidget(IconLabel("globe", 140, self))
        # Both languages at once: the citizen may not read the current one.
        self.head = Title("Pilih bahasa / Choose your language", self)
        self.sub = Subtitle("", self)
        lay.addWidget(self.head)
        lay.addWidget(self.sub)
        lay.addSpacing(32)
        self.lang_id = BigButton("Bahasa Indonesia", "primary", self)
        self.lang_en = BigButton("English", "primary", self)
        for btn, lang in ((self.lang_id, "id"), (self.lang_en, "en")):
            btn.setMinimumSize(420, 140)
            btn.clicked.connect(lambda _c=False, lang=lang: self.citizen.choose_language(lang))
        self.button_row(self.lang_id, self.lang_en)
        lay.addStretch(2)
        self.nav_row(back=True, cancel=True)

    def retranslate(self) -> None:
        self.sub.setText(
            self.tr("You can change the language at any time with ID / EN at the top.")
        )
        self.retranslate_nav()

    def shown(self) -> None:
        self.speak("Pilih bahasa.", "Choose your language.")

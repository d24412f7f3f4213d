"""Consent before any camera capture or lookup (UU 27/2022 on personal data protection).

What the kiosk does with the face and data, why, for how long, and what happens if the citizen
says no, in plain words. Declining ends the session politely with the counter alternative.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QScrollArea, QWidget

from kiosk.session.states import State
from ui.screens.base import Screen
from ui.widgets.common import Body, Card, IconLabel, Subtitle, Title

POINTS = ("camera", "shield", "clock", "staff")


class ConsentScreen(Screen):
    states = (State.CONSENT,)

    def build(self) -> None:
        lay = self.layout_
        self.head = Title("", self)
        lay.addWidget(self.head)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        inner = QWidget(scroll)
        self.grid = QGridLayout(inner)
        self.grid.setSpacing(20)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.cards: list[tuple[Subtitle, Body]] = []
        self.points: list[tuple[IconLabel, Card]] = []
        for icon in POINTS:
            card = Card(inner)
            head = Subtitle("", card)
            head.setObjectName("CardTitle")
            head.setAlignment(Qt.AlignmentFlag.AlignLeft)
            text = Body("", card)
            card.box.addWidget(head)
            card.box.addWidget(text)
            card.box.addStretch(1)  # side by side cards share a height: texts stay at the top
            self.points.append((IconLabel(icon, 72, inner), card))
            self.cards.append((head, text))
        self.columns = 0
        self._arrange(1)
        scroll.setWidget(inner)
        lay.addWidget(scroll, 1)
        self.agree = self.button("", lambda: self.citizen.give_consent(), "primary")
        self.decline = self.button("", lambda: self.citizen.decline_consent(), "secondary")
        self.agree.setMinimumWidth(380)
        self.decline.setMinimumWidth(380)
        self.button_row(self.agree, self.decline)
        self.nav_row(back=True, cancel=True)

    def _arrange(self, columns: int) -> None:
        """One column of points on a portrait screen, two side by side on a landscape one."""
        if columns == self.columns:
            return
        self.columns = columns
        for icon, card in self.points:
            self.grid.removeWidget(icon)
            self.grid.removeWidget(card)
        for index, (icon, card) in enumerate(self.points):
            row, pair = divmod(index, columns)
            self.grid.addWidget(icon, row, pair * 2, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(card, row, pair * 2 + 1)
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column % 2 and column < columns * 2 else 0)
        rows = -(-len(self.points) // columns)
        for row in range(len(self.points) + 1):
            self.grid.setRowStretch(row, 1 if row == rows else 0)

    def resizeEvent(self, event) -> None:
        self._arrange(2 if event.size().width() > event.size().height() * 1.2 else 1)
        super().resizeEvent(event)

    def retranslate(self) -> None:
        self.head.setText(self.tr("Before we check your face"))
        texts = (
            (
                self.tr("What the kiosk does"),
                self.tr(
                    "The camera takes pictures of your face and compares them with the photo "
                    "registered for your NIK at the civil registry (Dukcapil)."
                ),
            ),
            (self.tr("Why"), self.tr("So that nobody else can apply in your name.")),
            (
                self.tr("How long it is kept"),
                self.tr(
                    "The pictures of your face are erased right after the check. If the server "
                    "cannot be reached, they stay locked (encrypted) on this kiosk only until "
                    "the check is done. Your application data is sent to the office and erased "
                    "from this kiosk when you finish."
                ),
            ),
            (
                self.tr("Your choice"),
                self.tr(
                    "Sharing your face is your choice (Law 27/2022 on Personal Data "
                    "Protection). If you do not agree, staff at the counter will serve you "
                    "without a face scan."
                ),
            ),
        )
        for (head, body), (title, text) in zip(self.cards, texts, strict=True):
            head.setText(title)
            body.setText(text)
        self.agree.setText(self.tr("I agree"))
        self.decline.setText(self.tr("I do not agree"))
        self.retranslate_nav()

    def shown(self) -> None:
        self.speak(
            "Sebelum pemeriksaan wajah, baca penjelasan ini lalu pilih setuju atau tidak setuju.",
            "Before the face check, read this explanation, then choose agree or do not agree.",
        )

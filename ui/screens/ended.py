"""Goodbye after cancel or declined consent: what happened, the counter alternative."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.session.states import State
from ui.screens.base import Screen
from ui.widgets.common import Body, IconLabel, Message, Title


class EndedScreen(Screen):
    states = (State.ENDED,)

    def build(self) -> None:
        lay = self.layout_
        lay.addStretch(1)
        lay.addWidget(IconLabel("wave", 180, self))
        self.head = Title("", self)
        lay.addWidget(self.head)
        self.reason = Message("", "info", self)
        lay.addWidget(self.reason)
        self.counter = Body("", self)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.counter)
        lay.addStretch(1)
        self.home = self.button("", lambda: self.citizen.finish(), "primary")
        self.home.setMinimumWidth(440)
        self.button_row(self.home)
        lay.addStretch(1)

    def retranslate(self) -> None:
        self.head.setText(self.tr("See you again"))
        self._counter_text()
        self.home.setText(self.tr("Back to start"))

    def _counter_text(self) -> None:
        # A declined consent's message already offers the counter: say it once.
        problem = self.session.data.end_reason if self.session.state is State.ENDED else None
        if problem is not None and problem.code == "consent_declined":
            self.counter.setText(self.tr("This screen returns to the start by itself."))
        else:
            self.counter.setText(
                self.tr(
                    "You can also be served at the service counter. This screen returns to "
                    "the start by itself."
                )
            )

    def clear(self) -> None:
        self.reason.setText("")

    def render(self, session) -> None:
        problem = session.data.end_reason
        self.reason.setText(self.pick(problem.text_id, problem.text_en) if problem else "")
        self._counter_text()

    def shown(self) -> None:
        self.speak("Terima kasih.", "Thank you.")

"""Face check failures, no match, waiting for the server, and the offline notice.

FaceFailedScreen (FACE_FAILED): no face, several faces, poor quality or liveness failed; retry.
NoMatchScreen (NO_MATCH): the face did not match the NIK; retry or correct the NIK.
WaitScreen (VERIFYING, SUBMITTING): the kiosk is talking to the server.
OfflineBanner: the notice for screens after an offline verification ("verification pending").
Locked NIKs and exhausted tries go to the staff-help screen (staff_help.py).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.messages import codes, pair
from kiosk.session.states import Event, State
from ui.screens.base import Screen
from ui.widgets.common import Body, IconLabel, Message, Title


class _RetryScreen(Screen):
    icon_name = "face_unknown"

    def build(self) -> None:
        lay = self.layout_
        lay.addStretch(1)
        lay.addWidget(IconLabel(self.icon_name, 160, self))
        self.head = Title("", self)
        lay.addWidget(self.head)
        self.problem = Message("", "warning", self)
        lay.addWidget(self.problem)
        self.tips = Body("", self)
        self.tips.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.tips)
        self.tries = QLabel("", self)
        self.tries.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.tries)
        lay.addStretch(1)
        self.retry_button = self.button("", lambda: self.citizen.retry(), "primary")
        self.help_button = self.button("", lambda: self.citizen.help(), "secondary")
        buttons = [self.retry_button, *self.extra_buttons(), self.help_button]
        for btn in buttons:
            btn.setMinimumWidth(300)
        self.button_row(*buttons)
        self.nav_row(back=True, cancel=True)

    def extra_buttons(self) -> list:
        return []

    def retranslate(self) -> None:
        self.retry_button.setText(self.tr("Try again"))
        self.help_button.setText(self.tr("Ask staff for help"))
        self.retranslate_nav()

    def clear(self) -> None:
        self.problem.setText("")
        self.tries.setText("")

    def render(self, session) -> None:
        error = session.data.error
        self.problem.setText(self.pick(error.text_id, error.text_en) if error else "")
        left = session.tries_left()
        # An explicit context: PySide6 looks plural forms up under the subclass name when
        # self.tr() is called from a base class. (lupdate needs a plain name as the count.)
        count = left or 0
        text = QCoreApplication.translate("_RetryScreen", "Tries left: %n", None, count)
        self.tries.setText(text if left is not None else "")


class FaceFailedScreen(_RetryScreen):
    states = (State.FACE_FAILED,)
    icon_name = "face_unknown"

    def retranslate(self) -> None:
        self.head.setText(self.tr("We could not check your face yet"))
        self.tips.setText(
            self.tr(
                "Stand about an arm's length from the screen, look straight at the camera, "
                "and take off a hat, mask or dark glasses."
            )
        )
        super().retranslate()

    def render(self, session) -> None:
        super().render(session)
        texts = _problem_texts(session.data.error)
        if texts is not None:
            self.problem.setText(self.pick(*texts))
        self.tips.setVisible(texts is None)  # one instruction at a time: the one that failed

    def shown(self) -> None:
        error = self.session.data.error
        texts = _problem_texts(error)
        if texts is not None:
            self.speak(*texts)
        elif error is not None:
            self.speak(error.text_id, error.text_en)


def _problem_texts(error) -> tuple[str, str] | None:
    """The face screen's own instruction for the quality problem that failed the capture
    (e.g. "Mundur sedikit"), so both screens name the same problem; None without one."""
    if error is None or not error.details:
        return None
    code = error.details[0]
    return pair(f"camera.quality.{code}") if code in codes("camera.quality") else None


class NoMatchScreen(_RetryScreen):
    states = (State.NO_MATCH,)
    icon_name = "face_unknown"

    def extra_buttons(self) -> list:
        self.fix_nik = self.button("", lambda: self.citizen.back(), "secondary")
        return [self.fix_nik]

    def build(self) -> None:
        super().build()
        self._nav["back"].hide()  # "Check my NIK" does the same, said plainly

    def retranslate(self) -> None:
        self.head.setText(self.tr("Your face did not match"))
        self.tips.setText(
            self.tr("Check that the NIK is yours and typed correctly, then try again.")
        )
        self.fix_nik.setText(self.tr("Check my NIK"))
        super().retranslate()

    def shown(self) -> None:
        self.speak("Wajah tidak cocok dengan data NIK.", "Your face did not match the NIK.")


class WaitScreen(Screen):
    """The kiosk is busy with the server; the citizen waits (no timing asked of them)."""

    states = (State.VERIFYING, State.SUBMITTING)

    def build(self) -> None:
        lay = self.layout_
        lay.addStretch(2)
        lay.addWidget(IconLabel("hourglass", 160, self))
        self.head = Title("", self)
        lay.addWidget(self.head)
        self.dots = QLabel("●○○", self)
        self.dots.setObjectName("Countdown")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.dots)
        self.note = Body("", self)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.note)
        lay.addStretch(3)
        self.nav_row(back=False, cancel=True)
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._step)
        self._n = 0
        self._state = State.VERIFYING

    def retranslate(self) -> None:
        if self._state_is(State.SUBMITTING):
            self.head.setText(self.tr("Sending your application…"))
        else:
            self.head.setText(self.tr("Checking your face…"))
        self.note.setText(self.tr("Please wait a moment. This usually takes a few seconds."))
        self.retranslate_nav()

    def _state_is(self, state: State) -> bool:
        return getattr(self, "_state", None) is state

    def render(self, session) -> None:
        self._state = session.state
        self.retranslate()
        self._nav["cancel"].setVisible(session.can(Event.CANCEL))

    def shown(self) -> None:
        self._timer.start()

    def hidden(self) -> None:
        self._timer.stop()

    def _step(self) -> None:
        self._n = (self._n + 1) % 4
        self.dots.setText("●" * self._n + "○" * (3 - self._n))


class OfflineBanner(Message):
    """Put on a screen after verification: says so when verification is pending (offline)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("", "warning", parent)

    def render(self, session, language: str) -> None:
        if session.data.verification_pending:
            from kiosk.session.data import MESSAGES

            text_id, text_en = MESSAGES["verification_pending"]
            self.setText(text_en if language == "en" else text_id)
        else:
            self.setText("")

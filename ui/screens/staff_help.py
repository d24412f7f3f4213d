"""Staff help: a person will come (or the citizen goes to the counter), with the reason.

Reached on request ("Bantuan") or forced by a failure (too many tries, NIK locked, camera
broken). Voluntary help can go back to where it was asked; forced help can only finish.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.session.states import State
from ui.screens.base import Screen
from ui.widgets.common import Body, IconLabel, Message, Title

REASON_ICONS = {
    "nik_locked": "lock",
    "camera_unavailable": "camera",
    "no_match": "face_unknown",
    "liveness_failed": "face_unknown",
}


class StaffHelpScreen(Screen):
    states = (State.STAFF_HELP,)

    def build(self) -> None:
        lay = self.layout_
        lay.addStretch(1)
        self.icon = IconLabel("staff", 180, self)
        lay.addWidget(self.icon)
        self.head = Title("", self)
        lay.addWidget(self.head)
        self.reason = Message("", "warning", self)
        lay.addWidget(self.reason)
        self.what = Body("", self)
        self.what.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.what)
        lay.addStretch(1)
        self.back_button = self.button("", lambda: self.citizen.back(), "secondary")
        self.finish_button = self.button("", lambda: self.citizen.cancel(), "primary")
        self.back_button.setMinimumWidth(380)
        self.finish_button.setMinimumWidth(380)
        self.button_row(self.back_button, self.finish_button)

    def retranslate(self) -> None:
        self.head.setText(self.tr("A staff member will help you"))
        self.what.setText(
            self.tr(
                "Please go to the service counter, or wait here: staff have been told. "
                "Bring your KTP or family card."
            )
        )
        self.back_button.setText(self.tr("Back to where I was"))
        self.finish_button.setText(self.tr("Finish and erase my data"))

    def clear(self) -> None:
        self.reason.setText("")

    def render(self, session) -> None:
        problem = session.data.help_reason
        code = problem.code if problem else "requested"
        self.icon.set_icon(REASON_ICONS.get(code, "staff"), 180)
        self.reason.show_message(
            self.pick(problem.text_id, problem.text_en) if problem else "",
            "info" if code == "requested" else "warning",
        )
        self.back_button.setVisible(
            not session.data.help_forced and session.data.help_return is not None
        )

    def shown(self) -> None:
        self.speak("Petugas akan membantu Anda.", "A staff member will help you.")

"""Staff help: a person will come (or the citizen goes to the counter), with the reason.

Reached on request ("Bantuan") or forced by a failure (too many tries, NIK locked, camera
broken). Voluntary help can go back to where it was asked; forced help can only finish. The
controller raises a help request on the server (ui/help_request.py); the screen says only what
the server answered: calling, waiting with the hand-off code, staff on the way, or that staff
cannot be reached and the citizen should go to the counter.

On a staff terminal that took the session over from another kiosk (takeover by hand-off code),
the screen says so and shows which step failed and why, for the staff member.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.messages import text
from kiosk.session.states import State
from kiosk.staff import help_status_text
from ui.help_request import CALLING, TAKEN_OVER
from ui.screens.base import Screen
from ui.staff.words import reason_name, step_name
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
        self.status = Message("", "info", self)  # what the server said about the request
        lay.addWidget(self.status)
        self.what = Body("", self)
        self.what.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.what)
        # a taken-over session: which step failed and why, for the staff member
        self.step = Body("", self)
        self.step.setObjectName("TakeoverStep")
        self.step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.step)
        self.controller.help.changed.connect(self._show_help)
        lay.addStretch(1)
        self.back_button = self.button("", lambda: self.citizen.back(), "secondary")
        self.finish_button = self.button("", lambda: self.citizen.cancel(), "primary")
        self.back_button.setMinimumWidth(380)
        self.finish_button.setMinimumWidth(380)
        self.button_row(self.back_button, self.finish_button)
        # For staff only, and discreet: verify the citizen with the KTP-el instead of the face
        # check (ui/staff/override.py). The session says when that is possible.
        self.staff_button = self.button("", self._open_override, "secondary")
        self.staff_button.setObjectName("StaffVerifyButton")
        self.button_row(self.staff_button)

    def retranslate(self) -> None:
        self.head.setText(self.tr("A staff member will help you"))
        self.what.setText(self.tr("Bring your KTP or family card."))
        self._show_help(self.controller.help.view)
        self.back_button.setText(self.tr("Back to where I was"))
        self.finish_button.setText(self.tr("Finish and erase my data"))
        self.staff_button.setText(self.tr("Staff: verify with the KTP-el"))
        self._show_step(self.controller.session)

    def clear(self) -> None:
        self.reason.setText("")
        self.status.setText("")
        self.step.setText("")

    def _show_help(self, view) -> None:
        language = self.language
        if view.state == CALLING:
            line, kind = text("staff.help_calling", language), "info"
        elif view.state == TAKEN_OVER:
            origin = self.controller.session.data.taken_over_from or ""
            line, kind = text("staff.help_taken_over", language, kiosk=origin), "info"
        else:
            line = help_status_text(view.state, view.handoff_code, language)
            kind = "success" if view.state == "acknowledged" else "info"
            if view.state in (None, "expired"):
                kind = "warning"
        self.status.show_message(line, kind)

    def render(self, session) -> None:
        problem = session.data.help_reason
        code = problem.code if problem else "requested"
        self.icon.set_icon(REASON_ICONS.get(code, "staff"), 180)
        # Asked for by the citizen: the request's own status line says all there is to say
        # (a "staff will help you shortly" here would contradict an offline kiosk).
        self.reason.show_message(
            self.pick(problem.text_id, problem.text_en) if problem and code != "requested" else "",
            "warning",
        )
        self.back_button.setVisible(
            not session.data.help_forced and session.data.help_return is not None
        )
        self._show_step(session)
        self.staff_button.setVisible(session.can_staff_verify())

    def _show_step(self, session) -> None:
        d = session.data
        if not d.taken_over_from:
            self.step.setText("")
            self.step.hide()
            return
        code = d.help_reason.code if d.help_reason else "requested"
        lines = [
            self.tr("Step: %1").replace("%1", step_name(d.help_step or "")),
            self.tr("Reason: %1").replace("%1", reason_name(code)),
        ]
        if d.nik_info is not None:  # staff compare it with the KTP-el
            lines.append(self.tr("NIK: %1").replace("%1", d.nik_info.nik))
        self.step.setText("\n".join(lines))
        self.step.show()

    def _open_override(self) -> None:
        open_override = getattr(self.window(), "open_override", None)
        if open_override is not None:
            open_override()

    def shown(self) -> None:
        self.speak("Petugas akan membantu Anda.", "A staff member will help you.")

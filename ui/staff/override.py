"""Staff verification with the KTP-el (issue 13): the supervisor override, opened from the
citizen's help screen when the face check failed or cannot be done.

Three steps over the whole window: (1) the counter staff member signs in (skipped when a staff
session is already on), (2) they declare that they checked the citizen's original KTP-el and
give the reason, (3) a supervisor, another person, picks their name and approves with their
PIN. sync.adapters.staff.approve_staff_verification makes the approval (PIN check, lockout,
audit); the session (Session.staff_verified) decides the rest. Cancel returns to the help screen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.messages import text
from kiosk.session.states import State
from kiosk.staff import SignInRefused
from kiosk.staff.verification import REASON_MAX, clean_reason, form_problems
from protocol.staff import APPROVAL_REASONS
from sync.adapters.staff import ApprovalInvalid, approve_staff_verification
from ui.staff.overlay import staff_frame
from ui.staff.signin import SignInPage
from ui.staff.words import approval_reason_name
from ui.widgets.common import BigButton, ButtonRow, Message, Subtitle, Title, Toggle

log = logging.getLogger("ui.staff")

# Who may run a citizen's verification at the counter (a technician does not).
COUNTER_ROLES = ("petugas", "supervisor")


class OverrideForm(QWidget):
    """Step 2: the counter staff member's statement and the reason for the supervisor."""

    def __init__(self, override: StaffOverride):
        super().__init__(override.pages)
        self.setObjectName("StaffOverrideForm")
        self.override = override
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 32, 48, 32)
        box.setSpacing(20)
        self.head = Title("", self)
        self.who = Subtitle("", self)
        self.message = Message("", "error", self)
        self.checked = Toggle("", self)
        self.checked.setObjectName("OverrideKtpChecked")
        self.checked.toggled.connect(lambda _on: self._changed())
        self.reason_label = Subtitle("", self)
        self.reason_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        grid = QGridLayout()
        grid.setSpacing(16)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.reasons = QButtonGroup(self)  # one reason code, like radio buttons
        self.reasons.setExclusive(True)
        self.reasons.buttonClicked.connect(lambda _b: self._changed())
        self.reason_buttons: dict[str, Toggle] = {}
        for index, code in enumerate(APPROVAL_REASONS):
            button = Toggle("", self)
            button.setObjectName("OverrideReason")
            self.reasons.addButton(button)
            grid.addWidget(button, index // 2, index % 2)
            self.reason_buttons[code] = button
        self.text_label = Subtitle("", self)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        # Typed on the Qt Virtual Keyboard, which opens when the editor gets the focus.
        self.reason_text = QPlainTextEdit(self)
        self.reason_text.setObjectName("FieldInput")
        self.reason_text.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
        self.reason_text.setMinimumHeight(180)
        self.reason_text.textChanged.connect(self._changed)
        self.count = QLabel("", self)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.back = BigButton("", "danger", self)
        self.back.clicked.connect(lambda _c=False: override.cancel())
        self.next = BigButton("", "primary", self)
        self.next.setObjectName("OverrideNext")
        self.next.clicked.connect(lambda _c=False: self.submit())
        for button in (self.back, self.next):
            button.setMinimumWidth(440)
        for widget in (self.head, self.who, self.message, self.checked, self.reason_label):
            box.addWidget(widget)
        box.addLayout(grid)
        for widget in (self.text_label, self.reason_text, self.count):
            box.addWidget(widget)
        box.addStretch(1)
        box.addWidget(ButtonRow((self.back, self.next), self))
        self._problems: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.head.setText(self.tr("Verify the identity with the KTP-el"))
        self._who()
        self._checked_text()
        self.reason_label.setText(self.tr("Why is the face check not used?"))
        for code, button in self.reason_buttons.items():
            button.setText(approval_reason_name(code))
        self.text_label.setText(self.tr("What did you check? (10 to 500 characters)"))
        self.back.setText(self.tr("Cancel"))
        self.next.setText(self.tr("Ask the supervisor to approve"))
        self._count()
        self._show_problems()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _who(self) -> None:
        account = self.override.staff_account
        name = account.name if account is not None else ""
        self.who.setText(self.tr("Counter staff: %1").replace("%1", name))

    def _checked_text(self) -> None:
        box = "\u2611" if self.checked.isChecked() else "\u2610"  # shows that it is ticked
        statement = self.tr("I have checked the citizen's original KTP-el and their face matches.")
        self.checked.setText(f"{box}  {statement}")

    def _changed(self) -> None:
        self._checked_text()
        self._count()
        if self._problems:  # what is still missing, as staff fix it
            self._problems = form_problems(*self.values())
            self._show_problems()

    def _count(self) -> None:
        length = len(clean_reason(self.reason_text.toPlainText()))
        self.count.setText(f"{length}/{REASON_MAX}")

    def begin(self) -> None:
        self.checked.setChecked(False)
        self.reasons.setExclusive(False)  # an exclusive group cannot be emptied otherwise
        for button in self.reason_buttons.values():
            button.setChecked(False)
        self.reasons.setExclusive(True)
        self.reason_text.clear()
        self._problems = []
        self.retranslate()

    def values(self) -> tuple[bool, str | None, str]:
        chosen = next((c for c, b in self.reason_buttons.items() if b.isChecked()), None)
        return self.checked.isChecked(), chosen, self.reason_text.toPlainText()

    def submit(self) -> None:
        self._problems = form_problems(*self.values())
        self._show_problems()
        if not self._problems:
            self.override.ask_supervisor()

    def _show_problems(self) -> None:
        language = self.override.controller.language
        self.message.setText("\n".join(text(code, language) for code in self._problems))


class StaffOverride(QFrame):
    """The override over the kiosk window; `open()` from the help screen."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.controller = window.controller
        self.staff_account = None  # the counter staff member who checked the KTP-el
        self._own_session = False  # signed in here: signed out again when done
        outer, self.bar, _row, self.brand = staff_frame(self)
        self.pages = QStackedWidget(self)
        self.signin = SignInPage(self.controller, self.pages, roles=COUNTER_ROLES)
        self.form = OverrideForm(self)
        self.supervisor = SignInPage(self.controller, self.pages, roles=("supervisor",))
        # The supervisor's PIN makes the approval instead of a staff session.
        self.supervisor.attempt = self._approve
        self.supervisor.words = self._supervisor_words
        self.supervisor.refusals = (SignInRefused, ApprovalInvalid)
        for page in (self.signin, self.form, self.supervisor):
            self.pages.addWidget(page)
        outer.addWidget(self.pages, 1)
        self.signin.signedIn.connect(lambda session: self._staff_ready(session.account, True))
        self.signin.cancelled.connect(self.cancel)
        self.supervisor.signedIn.connect(self._approved)
        self.supervisor.cancelled.connect(self.cancel)
        self.controller.stateChanged.connect(self._citizen_state)
        self.retranslate()
        self.hide()

    @property
    def staff(self):
        return self.controller.ports.staff

    def retranslate(self) -> None:
        self.brand.setText(self.tr("Staff verification with the KTP-el"))
        self.supervisor.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _supervisor_words(self) -> tuple[str, str, str]:
        chosen = self.supervisor.chosen
        if chosen is None:
            prompt = self.tr("Supervisor: touch your name.")
        else:
            prompt = self.tr("%1, type your PIN to approve.").replace("%1", chosen.name)
        return self.tr("Supervisor approval"), self.tr("Approve"), prompt

    # ----- the steps -----------------------------------------------------------------------

    def open(self) -> None:
        """From the help screen: the staff member's sign-in, or the form when one is on."""
        session = self.controller.session
        if self.staff is None or not session.can_staff_verify():
            return
        current = self.staff.current()
        self.staff_account, self._own_session = None, False
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        if current is not None and current.role in COUNTER_ROLES:
            self._staff_ready(current.account, False)
        else:
            self.signin.choose_name()
            self.pages.setCurrentWidget(self.signin)

    def _staff_ready(self, account, own_session: bool) -> None:
        self.staff_account, self._own_session = account, own_session
        self.form.begin()
        self.pages.setCurrentWidget(self.form)

    def ask_supervisor(self) -> None:
        self.supervisor.choose_name()
        self.pages.setCurrentWidget(self.supervisor)

    def _approve(self, supervisor_id: str, pin: str) -> dict:
        _checked, reason_code, reason_text = self.form.values()
        return approve_staff_verification(
            self.staff,
            supervisor_id=supervisor_id,
            pin=pin,
            staff_id=self.staff_account.staff_id,
            kiosk_id=self.controller.ports.kiosk_id or "",
            reason_code=reason_code,
            reason_text=reason_text,
        )

    def _approved(self, approval: dict) -> None:
        log.info("staff verification approved for application %s", approval["application_id"])
        self._close()
        self.controller.citizen.staff_verified(approval)

    def cancel(self) -> None:
        """Back to the citizen's help screen; nothing was approved."""
        self._close()

    def _close(self) -> None:
        if self._own_session and self.staff is not None:
            self.staff.sign_out("verification_done")
        self.staff_account, self._own_session = None, False
        self.form.begin()  # the reason typed for this citizen does not stay on screen
        self.signin.choose_name()
        self.supervisor.choose_name()
        self.hide()

    def _citizen_state(self, _old, new) -> None:
        if self.isVisible() and new is not State.STAFF_HELP:
            self._close()  # the citizen's session moved on (cancelled, walked away)

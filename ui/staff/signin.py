"""Staff sign-in: choose your name from the site's accounts, then type the PIN.

The page lists kiosk.staff.StaffDirectory.accounts() and calls StaffSignIn.sign_in(); a refusal
shows SignInRefused.screen_text() in the kiosk's language, with the tries left after a wrong PIN
or the minutes left of a lock. The PIN is held by the keypad only until the attempt.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.messages import text
from kiosk.staff import SignInRefused
from ui.staff.words import role_name
from ui.widgets.common import BigButton, ButtonRow, Message, Subtitle, Title
from ui.widgets.keypad import Keypad

log = logging.getLogger("ui.staff")

PIN_MAX = 12


class SignInPage(QWidget):
    """signedIn(StaffSession) after a good PIN; cancelled() when staff leave the sign-in."""

    signedIn = Signal(object)
    cancelled = Signal()
    # What a refused attempt raises (screen_text(language), code); a subclass may add its own.
    refusals: tuple[type[Exception], ...] = (SignInRefused,)

    def __init__(self, controller, parent: QWidget | None = None, roles=None):
        super().__init__(parent)
        self.setObjectName("StaffSignIn")
        self.controller = controller
        self.roles = tuple(roles) if roles is not None else None  # None: every role
        self.chosen = None  # the StaffAccount whose PIN is asked
        self._refusal: Exception | None = None
        self._accounts: dict = {}  # staff id -> StaffAccount, as listed
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 32, 48, 32)
        box.setSpacing(24)
        self.head = Title("", self)
        self.sub = Subtitle("", self)
        self.message = Message("", "error", self)
        box.addWidget(self.head)
        box.addWidget(self.sub)
        box.addWidget(self.message)
        # step 1: the accounts of the site
        self.list_area = QScrollArea(self)
        self.list_area.setWidgetResizable(True)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_widget = QWidget()
        column = QVBoxLayout(self.list_widget)
        column.setContentsMargins(0, 0, 0, 0)
        self.list_grid = QGridLayout()
        self.list_grid.setSpacing(24)
        column.addLayout(self.list_grid)
        column.addStretch(1)
        self.list_area.setWidget(self.list_widget)
        box.addWidget(self.list_area, 1)
        self.account_buttons: dict[str, BigButton] = {}
        # step 2: the PIN pad
        self.pin_box = QWidget(self)
        pin_layout = QVBoxLayout(self.pin_box)
        pin_layout.setContentsMargins(0, 0, 0, 0)
        pin_layout.setSpacing(24)
        self.pin_display = QLabel("", self.pin_box)
        self.pin_display.setObjectName("NikDisplay")
        self.pin_display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = Keypad(PIN_MAX, self.pin_box)
        self.keypad.changed.connect(self._pin_changed)
        self.keypad.submitted.connect(self._submit)
        pin_layout.addWidget(self.pin_display)
        pin_layout.addWidget(self.keypad, 1)
        box.addWidget(self.pin_box, 1)
        self.other = BigButton("", "secondary", self)
        self.other.clicked.connect(lambda _c=False: self.choose_name())
        self.cancel = BigButton("", "danger", self)
        self.cancel.clicked.connect(lambda _c=False: self.cancelled.emit())
        for button in (self.other, self.cancel):
            button.setMinimumWidth(480)
        box.addWidget(ButtonRow((self.other, self.cancel), self))
        self.retranslate()
        self.choose_name()

    # ----- helpers -----------------------------------------------------------------------

    @property
    def signin(self):
        return self.controller.ports.staff

    @property
    def language(self) -> str:
        return self.controller.language

    def words(self) -> tuple[str, str, str]:
        """(heading, the keypad's confirm key, the line under the heading) for this step."""
        if self.chosen is None:
            prompt = self.tr("Touch your name.")
        else:
            prompt = self.tr("%1, type your PIN.").replace("%1", self.chosen.name)
        return self.tr("Staff sign-in"), self.tr("Sign in"), prompt

    def attempt(self, staff_id: str, pin: str):
        """What a PIN is for here: a staff session (a subclass: a supervisor's approval)."""
        return self.signin.sign_in(staff_id, pin, roles=self.roles)

    def retranslate(self) -> None:
        head, confirm, prompt = self.words()
        self.head.setText(head)
        self.other.setText(self.tr("Choose another name"))
        self.cancel.setText(self.tr("Cancel"))
        self.keypad.set_confirm_text(confirm)
        self.sub.setText(prompt)
        for staff_id, button in self.account_buttons.items():
            account = self._accounts[staff_id]
            button.setText(f"{account.name}\n{role_name(account.role)}")
        self._show_refusal()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ----- steps -------------------------------------------------------------------------

    def choose_name(self) -> None:
        """Step 1: the site's accounts, read again (a newly pulled staff document applies)."""
        self.chosen = None
        self.keypad.clear()
        self._set_refusal(None)
        while self.list_grid.count():
            item = self.list_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.account_buttons.clear()
        accounts = self.signin.directory.accounts() if self.signin is not None else []
        accounts = [a for a in accounts if self.roles is None or a.role in self.roles]
        self._accounts = {account.staff_id: account for account in accounts}
        for index, account in enumerate(accounts):
            button = BigButton("", "tile", self.list_widget)
            button.setObjectName("StaffAccountButton")
            button.setMinimumHeight(120)
            button.clicked.connect(lambda _c=False, a=account: self.choose(a))
            self.list_grid.addWidget(button, index // 2, index % 2)
            self.account_buttons[account.staff_id] = button
        self.list_area.show()
        self.pin_box.hide()
        self.other.hide()
        self.retranslate()

    def choose(self, account) -> None:
        """Step 2: the PIN of `account` (a locked account says so at once)."""
        self.chosen = account
        self.keypad.clear()
        self._set_refusal(None)
        self.list_area.hide()
        self.pin_box.show()
        self.other.show()
        until = self.signin.locked_until(account.staff_id)
        if until is not None:
            self._set_refusal(SignInRefused("locked", "locked", locked_until=until))
        self.retranslate()
        self.keypad.setFocus()

    def _pin_changed(self, pin: str) -> None:
        self.pin_display.setText("●" * len(pin) if pin else " ")

    def _submit(self, pin: str) -> None:
        if self.chosen is None or self.signin is None or not pin:
            return
        self.keypad.clear()  # the PIN is not kept on screen or in the pad
        try:
            result = self.attempt(self.chosen.staff_id, pin)
        except self.refusals as refused:
            log.info("staff PIN refused: %s", refused.code)
            self._set_refusal(refused)
            return
        self._set_refusal(None)
        self.signedIn.emit(result)

    # ----- refusals ----------------------------------------------------------------------

    def _set_refusal(self, refused: Exception | None) -> None:
        self._refusal = refused
        self._show_refusal()

    def _show_refusal(self) -> None:
        refused = self._refusal
        if refused is None:
            if self.chosen is None and not self._accounts:
                self.message.show_message(text("staff.no_accounts", self.language), "warning")
            else:
                self.message.setText("")
            return
        words = refused.screen_text(self.language)
        if refused.code == "wrong_pin" and getattr(refused, "failures_left", None) is not None:
            left = self.tr("Tries left before the account is locked: %n", "", refused.failures_left)
            words = f"{words} {left}"
        elif refused.code == "locked" and getattr(refused, "locked_until", None) is not None:
            seconds = refused.locked_until - self.signin.clock()
            minutes = max(1, math.ceil(seconds / 60))
            left = self.tr("Minutes left: %n", "", minutes)
            words = f"{words} {left}"
        self.message.show_message(words, "error")

    def refusal_code(self) -> str | None:
        """The code of the refusal on screen (for tests)."""
        return self._refusal.code if self._refusal is not None else None

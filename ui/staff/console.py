"""The staff console after sign-in: who is signed in, and its two parts: the site's help
requests (ui.staff.help_panel) and the kiosk's queue and printer (ui.staff.queue)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from ui.staff.help_panel import HelpPanel
from ui.staff.panel import Panel
from ui.staff.queue import QueuePanel
from ui.staff.words import role_name
from ui.widgets.common import BigButton, Subtitle, Title


class ConsolePage(Panel):
    """After sign-in: who is signed in, and the two parts of the console."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("StaffConsole")
        self.controller = controller
        self.session = None
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 32, 48, 32)
        box.setSpacing(24)
        self.head = Title("", self)
        self.who = Subtitle("", self)
        box.addWidget(self.head)
        box.addWidget(self.who)
        tabs = QHBoxLayout()
        tabs.setSpacing(24)
        self.help_tab = BigButton("", "secondary", self)
        self.queue_tab = BigButton("", "secondary", self)
        for index, tab in enumerate((self.help_tab, self.queue_tab)):
            tab.setCheckable(True)
            tab.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # touch tabs: no keyboard focus ring
            tab.clicked.connect(lambda _c=False, i=index: self.show_part(i))
            tabs.addWidget(tab, 1)
        box.addLayout(tabs)
        self.parts = QStackedWidget(self)
        self.help = HelpPanel(controller, self.staff_id, self.parts)
        self.queue = QueuePanel(controller, self.parts)
        self.parts.addWidget(self.help)
        self.parts.addWidget(self.queue)
        box.addWidget(self.parts, 1)
        self.retranslate()
        self.show_part(0)

    def staff_id(self) -> str | None:
        signin = self.controller.ports.staff
        session = signin.session if signin is not None else None
        return session.staff_id if session is not None else None

    def retranslate(self) -> None:
        self.head.setText(self.tr("Staff console"))
        self.help_tab.setText(self.tr("Help requests"))
        self.queue_tab.setText(self.tr("Queue and printer"))
        if self.session is not None:
            account = self.session.account
            self.who.setText(
                self.tr("Signed in: %1 (%2)")
                .replace("%1", account.name)
                .replace("%2", role_name(account.role))
            )

    def show_part(self, index: int) -> None:
        self.parts.setCurrentIndex(index)
        self.help_tab.setChecked(index == 0)
        self.queue_tab.setChecked(index == 1)
        if index == 1 and self.session is not None:
            self.queue.refresh()

    def begin(self, session) -> None:
        """A staff member signed in: show their console and start polling."""
        self.session = session
        self.retranslate()
        self.show_part(0)
        self.help.start()
        self.queue.refresh()

    def end(self, wait_ms: int = 0) -> None:
        """Signed out: stop polling and forget what was shown."""
        self.session = None
        self.who.setText("")
        self.help.stop(wait_ms)
        self.help.requests = None
        self.help.offline = False
        self.help._render()
        self.queue.clear()
        if wait_ms:
            self.queue.stop(wait_ms)

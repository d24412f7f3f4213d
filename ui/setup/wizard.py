"""The first-run setup wizard: shown by `kiosk run` while the kiosk is not enrolled.

Five steps, one page each: enrollment (QR code or typed), camera, printer, screen / language /
mode, summary. "Save and start the kiosk" calls actions.save() and emits completed(settings);
the caller then builds the kiosk in the same process. The wizard's own language (top right)
is only for the technician; the kiosk's default language is chosen in step 4.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QStackedWidget, QVBoxLayout, QWidget

from ui import i18n
from ui.jobs import Jobs
from ui.setup.actions import SetupActions, SetupFailed
from ui.setup.camera_page import CameraPage
from ui.setup.enroll_page import EnrollPage
from ui.setup.pages import PreferencesPage, PrinterPage, SummaryPage
from ui.widgets.common import BigButton, Title

log = logging.getLogger("ui.setup")


class Pages(QStackedWidget):
    """The steps. Not height-for-width: the tallest page's preferred height must not make the
    window taller than the screen (each page fits its own minimum)."""

    def hasHeightForWidth(self) -> bool:
        return False


class SetupWizard(QWidget):
    completed = Signal(dict)  # the settings saved
    closed = Signal()  # the window was closed before the end

    def __init__(self, actions: SetupActions, language: str = "id", parent=None):
        super().__init__(parent)
        self.setObjectName("SetupWizard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.actions = actions
        self.settings: dict[str, str] = dict(actions.initial)
        self.fps: float | None = None
        self.language = language if language in i18n.LANGUAGES else "id"
        self.done = False
        self.jobs = Jobs(self)
        box = QVBoxLayout(self)
        # The window keeps the screen's size: a page's wrapped text must never grow it.
        box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        box.setContentsMargins(48, 32, 48, 32)
        box.setSpacing(24)
        top = QHBoxLayout()
        top.setSpacing(24)
        heading = QVBoxLayout()
        heading.setSpacing(4)
        self.step_label = QLabel("", self)
        self.step_label.setObjectName("SetupStep")
        self.head = Title("", self)
        self.head.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        heading.addWidget(self.step_label)
        heading.addWidget(self.head)
        self.language_button = BigButton("", "secondary", self)
        self.language_button.setMinimumWidth(280)
        self.language_button.clicked.connect(lambda _c=False: self.switch_language())
        top.addLayout(heading, 1)
        top.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(top)
        self.stack = Pages(self)
        self.enroll_page = EnrollPage(self)
        self.camera_page = CameraPage(self)
        self.printer_page = PrinterPage(self)
        self.preferences_page = PreferencesPage(self)
        self.summary_page = SummaryPage(self)
        self.pages = [
            self.enroll_page,
            self.camera_page,
            self.printer_page,
            self.preferences_page,
            self.summary_page,
        ]
        for page in self.pages:
            self.stack.addWidget(page)
            page.readyChanged.connect(self._update_nav)
        box.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        nav.setSpacing(32)
        self.back_button = BigButton("", "secondary", self)
        self.back_button.clicked.connect(lambda _c=False: self.go(self.index() - 1))
        self.next_button = BigButton("", "primary", self)
        self.next_button.clicked.connect(lambda _c=False: self.forward())
        for button in (self.back_button, self.next_button):
            button.setMinimumWidth(480)
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        box.addLayout(nav)
        i18n.shared().install(self.language)
        self.retranslate()
        self.pages[0].enter()
        self._update_nav()

    # ----- navigation --------------------------------------------------------------------------

    def index(self) -> int:
        return self.stack.currentIndex()

    def page(self):
        return self.pages[self.index()]

    def go(self, index: int) -> None:
        if not 0 <= index < len(self.pages) or index == self.index():
            return
        self.page().leave()
        self.stack.setCurrentIndex(index)
        self.page().enter()
        self.retranslate()

    def forward(self) -> None:
        if not self.page().ready():
            return
        if self.page() is self.summary_page:
            self.save()
        else:
            self.go(self.index() + 1)

    def save(self) -> None:
        try:
            path = self.actions.save(dict(self.settings))
        except SetupFailed as exc:
            log.warning("settings not saved: %s", exc)
            self.summary_page.show_failure(exc.kind)
            return
        log.info("setup finished; settings saved in %s", path)
        self.done = True
        for page in self.pages:
            page.leave()
        self.completed.emit(dict(self.settings))

    def _update_nav(self) -> None:
        last = self.page() is self.summary_page
        self.back_button.setVisible(self.index() > 0)
        self.next_button.setEnabled(self.page().ready())
        self.next_button.setText(self.tr("Save and start the kiosk") if last else self.tr("Next"))

    # ----- language and layout -----------------------------------------------------------------

    def switch_language(self) -> None:
        self.language = "en" if self.language == "id" else "id"
        i18n.shared().install(self.language)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.step_label.setText(
            self.tr("Kiosk setup · step %1 of %2")
            .replace("%1", str(self.index() + 1))
            .replace("%2", str(len(self.pages)))
        )
        self.head.setText(self.page().title())
        # the other language, named in itself
        self.language_button.setText("English" if self.language == "id" else "Bahasa Indonesia")
        self.back_button.setText(self.tr("Back"))
        for page in self.pages:
            page.retranslate()
        self._update_nav()

    def resizeEvent(self, event) -> None:
        landscape = event.size().width() > event.size().height()
        for page in self.pages:
            page.set_landscape(landscape)
        super().resizeEvent(event)

    def closeEvent(self, event) -> None:
        for page in self.pages:
            page.leave()
        if not self.done:
            self.closed.emit()
        super().closeEvent(event)

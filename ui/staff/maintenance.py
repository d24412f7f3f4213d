"""The technician's maintenance page: `kiosk doctor`'s checks on screen.

A `teknisi` who signs in on the staff overlay lands here (ui/staff/overlay.py). The checks are
the command line's own (app/doctor.py run_doctor), handed in by the composition root as
`ports.doctor`; they run on a worker thread (ui.jobs.Jobs) because the camera and the server
take seconds. Each result shows an icon and a word for its status (never colour alone), what
was found and the one fix, in the kiosk's language (ui/staff/doctor_words.py). "Check again"
runs them once more. The kiosk's version, site and id are at the top.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk import __version__
from ui.jobs import Jobs
from ui.staff.doctor_words import check_name, detail_text, hint_text, status_word
from ui.staff.words import role_name
from ui.widgets.common import BigButton, Body, Card, IconLabel, Message, Subtitle, Title

log = logging.getLogger("ui.staff")

ICONS = {"ok": "check", "warn": "warning", "fail": "error"}
ICON_PX = 56
SEVERITY = {"fail": 0, "warn": 1, "ok": 2}


class CheckCard(Card):
    """One check's result: icon and status word, the check's name, the detail, the fix."""

    def __init__(self, result, page: MaintenancePage):
        super().__init__(page.list_widget)
        self.setObjectName("Card")
        self.result = result
        self.page = page
        self.setProperty("status", result.status)
        top = QHBoxLayout()
        top.setSpacing(16)
        self.icon = IconLabel(ICONS.get(result.status, "warning"), ICON_PX, self)
        self.heading = Subtitle("", self)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.icon)
        top.addWidget(self.heading, 1)
        self.box.addLayout(top)
        self.detail = Body("", self)
        self.hint = Body("", self)
        self.hint.setObjectName("CheckHint")
        self.box.addWidget(self.detail)
        self.box.addWidget(self.hint)
        self.retranslate()

    def retranslate(self) -> None:
        r, language = self.result, self.page.controller.language
        self.status_text = status_word(r.status)
        self.name_text = check_name(r.name)
        self.heading.setText(f"{self.status_text} · {self.name_text}")
        self.icon.setAccessibleName(self.status_text)
        self.detail.setText(detail_text(r.detail, language))
        fix = hint_text(r.hint, language) if r.status != "ok" else ""
        self.hint.setText(self.tr("What to do: %1").replace("%1", fix) if fix else "")
        self.hint.setVisible(bool(fix))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MaintenancePage(QWidget):
    """The checks and their results; begin(session) runs them, end() forgets them."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("StaffMaintenance")
        self.controller = controller
        self.session = None
        self.results: list | None = None  # None: not run yet (or running)
        self.running = False
        self.failed = False
        self._runs = 0  # answers of an earlier sign-in are dropped
        self._jobs = Jobs(self, threads=1)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 32, 48, 32)
        box.setSpacing(24)
        self.head = Title("", self)
        self.who = Subtitle("", self)
        self.about = Body("", self)
        self.about.setObjectName("MaintenanceAbout")
        self.about.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = Message("", "info", self)
        for widget in (self.head, self.who, self.about, self.summary):
            box.addWidget(widget)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_widget = QWidget()
        self.list_box = QVBoxLayout(self.list_widget)
        self.list_box.setContentsMargins(0, 0, 0, 0)
        self.list_box.setSpacing(16)
        area.setWidget(self.list_widget)
        box.addWidget(area, 1)
        self.cards: list[CheckCard] = []
        self.again = BigButton("", "primary", self)
        self.again.setObjectName("MaintenanceRunAgain")
        self.again.clicked.connect(lambda _c=False: self.run_checks())
        box.addWidget(self.again)
        self.retranslate()

    @property
    def doctor(self):
        return getattr(self.controller.ports, "doctor", None)

    @property
    def available(self) -> bool:
        return self.doctor is not None

    # ----- running -----------------------------------------------------------------------

    def begin(self, session) -> None:
        self.session = session
        self.results, self.failed = None, False
        self._render()
        self.run_checks()

    def run_checks(self) -> None:
        doctor = self.doctor
        if doctor is None or self.running:
            return
        self.running, self.failed = True, False
        self._runs += 1
        run = self._runs
        self.retranslate()
        self._jobs.run(
            doctor,
            lambda results: self._answered(run, results),
            lambda exc: self._failed(run, exc),
        )

    def _answered(self, run: int, results) -> None:
        if run != self._runs:
            return
        self.running = False
        self.results = list(results)
        log.info(
            "maintenance checks: %s",
            ", ".join(f"{r.name}={r.status}" for r in self.results),
        )
        self._render()

    def _failed(self, run: int, exc: BaseException) -> None:
        if run != self._runs:
            return
        log.error("maintenance checks could not run (%s)", type(exc).__name__)
        self.running, self.failed = False, True
        self._render()

    def end(self, wait_ms: int = 0) -> None:
        """Signed out: forget the results (an answer still on its way is dropped)."""
        self._runs += 1
        self.session, self.results, self.running, self.failed = None, None, False, False
        self._render()
        if wait_ms:
            self._jobs.wait_idle(wait_ms)

    # ----- showing -----------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.head.setText(self.tr("Maintenance"))
        self.again.setText(self.tr("Check again"))
        self.again.setEnabled(self.available and not self.running)
        if self.session is not None:
            account = self.session.account
            self.who.setText(
                self.tr("Signed in: %1 (%2)")
                .replace("%1", account.name)
                .replace("%2", role_name(account.role))
            )
        else:
            self.who.setText("")
        config = self.controller.config
        site = str(config["kiosk.site"]) if config is not None else ""
        kiosk_id = getattr(self.controller.ports, "kiosk_id", None)
        self.about.setText(
            "\n".join(
                (
                    self.tr("Version: %1").replace("%1", __version__),
                    self.tr("Site: %1").replace("%1", site or self.tr("not set")),
                    self.tr("Kiosk: %1").replace("%1", kiosk_id or self.tr("not enrolled")),
                )
            )
        )
        self._show_summary()

    def _show_summary(self) -> None:
        if not self.available:
            self.summary.show_message(self.tr("The checks are not available here."), "error")
        elif self.running:
            self.summary.show_message(
                self.tr("Checking the kiosk… (the camera and the server take a few seconds)"),
                "info",
            )
        elif self.failed:
            self.summary.show_message(
                self.tr("The checks could not run. Run `kiosk doctor` in a terminal."), "error"
            )
        elif self.results is None:
            self.summary.setText("")
        else:
            failed = sum(r.status == "fail" for r in self.results)
            warned = sum(r.status == "warn" for r in self.results)
            if failed:
                self.summary.show_message(
                    self.tr("Failed checks: %n. Fix them first.", "", failed), "error"
                )
            elif warned:
                self.summary.show_message(
                    self.tr("Checks needing attention: %n", "", warned), "warning"
                )
            else:
                self.summary.show_message(self.tr("All checks passed."), "success")

    def _render(self) -> None:
        self.retranslate()
        while self.list_box.count():
            item = self.list_box.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        # what needs doing first: failed, then warnings, then the checks that passed
        results = sorted(self.results or [], key=lambda r: SEVERITY.get(r.status, 1))
        self.cards = [CheckCard(result, self) for result in results]
        for card in self.cards:
            self.list_box.addWidget(card)
        self.list_box.addStretch(1)

    def shown(self) -> list[tuple[str, str, str, str]]:
        """(status word, name, detail, fix) of each card on screen (for tests)."""
        return [
            (c.status_text, c.name_text, c.detail.text(), c.hint.text() if c.result.hint else "")
            for c in self.cards
        ]

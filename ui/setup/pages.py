"""Setup steps 3 to 5: the receipt printer (a test receipt and its honest result), orientation /
language / mode, and the summary (step 2, the camera, is in camera_page.py)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ui.setup.actions import SetupFailed
from ui.setup.choices import ChoiceGroup
from ui.setup.enroll_page import field
from ui.setup.words import (
    camera_name,
    failure_text,
    languages,
    modes,
    orientations,
    printer_example,
    printer_kinds,
)
from ui.widgets.common import BigButton, Body, Card, Message, Subtitle

log = logging.getLogger("ui.setup")


def column(page: QWidget, spacing: int = 24) -> QVBoxLayout:
    box = QVBoxLayout(page)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(spacing)
    return box


class PrinterPage(QWidget):
    readyChanged = Signal()

    def __init__(self, wizard, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SetupPrinter")
        self.wizard = wizard
        self.busy = False
        self.tested: bool | None = None  # None: not tried with these settings
        box = column(self)
        self.head = Subtitle("", self)
        self.kinds = ChoiceGroup(printer_kinds, 3, self)
        self.kinds.chosen.connect(self._kind_chosen)
        self.target_label = QLabel("", self)
        self.target_label.setWordWrap(True)
        self.target_input = field(self, "SetupPrinterTarget")
        self.target_input.textChanged.connect(self._target_changed)
        self.example = Body("", self)
        self.test_button = BigButton("", "secondary", self)
        self.test_button.clicked.connect(lambda _c=False: self.test())
        self.result = Message("", "info", self)
        for widget in (self.head, self.kinds, self.target_label, self.target_input, self.example):
            box.addWidget(widget)
        box.addWidget(self.test_button)
        box.addWidget(self.result)
        box.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Choose the receipt printer")

    def kind(self) -> str:
        return self.wizard.settings.get("printer.kind", "none")

    def ready(self) -> bool:
        kind = self.kind()
        return kind in ("none", "pdf") or bool(self.target_input.text().strip())

    def enter(self) -> None:
        self.kinds.choose(self.kind())
        self.target_input.setText(self.wizard.settings.get("printer.target", ""))
        self._update()

    def leave(self) -> None:
        pass

    def set_landscape(self, landscape: bool) -> None:
        self.kinds.set_columns(6 if landscape else 3)

    def retranslate(self) -> None:
        self.head.setText(self.tr("Touch the kind of printer, then print a test receipt."))
        self.kinds.retranslate()
        self.target_label.setText(self.tr("Printer address"))
        self.test_button.setText(self.tr("Print a test receipt"))
        self._update()

    def _kind_chosen(self, kind: str) -> None:
        self.wizard.settings["printer.kind"] = kind
        self.tested = None
        self.result.setText("")
        self._update()
        self.readyChanged.emit()

    def _target_changed(self, text: str) -> None:
        self.wizard.settings["printer.target"] = text.strip()
        self.tested = None
        self.result.setText("")
        self.readyChanged.emit()

    def _update(self) -> None:
        kind = self.kind()
        needs_target = kind != "none"
        for widget in (self.target_label, self.target_input, self.example):
            widget.setVisible(needs_target)
        self.example.setText(self.tr("For example: %1").replace("%1", printer_example(kind)))
        self.test_button.setVisible(needs_target)
        self.test_button.setEnabled(not self.busy)
        if kind == "none" and not self.busy:
            self.result.show_message(
                self.tr("No receipts are printed: citizens see their receipt on the screen only."),
                "info",
            )

    def test(self) -> None:
        if self.busy:
            return
        if not self.ready():
            self.result.show_message(self.tr("Type the printer's address first."), "error")
            return
        kind, target = self.kind(), self.target_input.text().strip()
        language = self.wizard.language
        self.busy = True
        self._update()
        self.result.show_message(self.tr("Printing a test receipt…"), "info")
        self.wizard.jobs.run(
            lambda: self.wizard.actions.test_printer(kind, target, language),
            self._printed,
            self._not_printed,
        )

    def _printed(self, where: str) -> None:
        self.busy, self.tested = False, True
        log.info("test receipt: %s", where)
        self._update()
        self.result.show_message(
            self.tr(
                "The test receipt was sent to the printer. Check that it came out complete and "
                "readable."
            ),
            "success",
        )

    def _not_printed(self, exc: BaseException) -> None:
        self.busy, self.tested = False, False
        log.warning("test receipt failed: %s", exc)
        kind = exc.kind if isinstance(exc, SetupFailed) else "printer"
        self._update()
        self.result.show_message(failure_text(kind), "error")


class PreferencesPage(QWidget):
    readyChanged = Signal()

    KEYS = (("ui.orientation", orientations), ("kiosk.language", languages), ("kiosk.mode", modes))

    def __init__(self, wizard, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SetupPreferences")
        self.wizard = wizard
        box = column(self, 16)
        self.heads: dict[str, Subtitle] = {}
        self.groups: dict[str, ChoiceGroup] = {}
        for key, names in self.KEYS:
            head = Subtitle("", self)
            group = ChoiceGroup(names, 3, self)
            group.chosen.connect(lambda value, k=key: self.wizard.settings.__setitem__(k, value))
            box.addWidget(head)
            box.addWidget(group)
            box.addSpacing(24)
            self.heads[key], self.groups[key] = head, group
        box.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Screen, language and mode")

    def ready(self) -> bool:
        return True

    def enter(self) -> None:
        defaults = {"ui.orientation": "auto", "kiosk.language": "id", "kiosk.mode": "self"}
        for key, group in self.groups.items():
            value = self.wizard.settings.get(key, defaults[key])
            self.wizard.settings[key] = value
            group.choose(value)

    def leave(self) -> None:
        pass

    def set_landscape(self, landscape: bool) -> None:
        pass

    def retranslate(self) -> None:
        self.heads["ui.orientation"].setText(self.tr("Screen orientation"))
        self.heads["kiosk.language"].setText(self.tr("Language citizens see first"))
        self.heads["kiosk.mode"].setText(self.tr("How the kiosk is used"))
        for group in self.groups.values():
            group.retranslate()


class SummaryPage(QWidget):
    readyChanged = Signal()

    def __init__(self, wizard, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SetupSummary")
        self.wizard = wizard
        box = column(self)
        self.head = Subtitle("", self)
        self.card = Card(self)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(32)
        self.grid.setVerticalSpacing(16)
        self.grid.setColumnStretch(1, 1)
        self.card.box.addLayout(self.grid)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        keys = ("site", "kiosk", "server", "camera", "printer", "orientation", "language", "mode")
        for key in keys:
            name, value = QLabel("", self.card), QLabel("", self.card)
            name.setObjectName("SummaryName")
            value.setObjectName("SummaryValue")
            value.setWordWrap(True)
            row = len(self.rows)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(value, row, 1)
            self.rows[key] = (name, value)
        self.message = Message("", "info", self)
        box.addWidget(self.head)
        box.addWidget(self.card)
        box.addWidget(self.message)
        box.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Check and save")

    def ready(self) -> bool:
        return self.wizard.enroll_page.result is not None

    def enter(self) -> None:
        self.message.setText("")
        self.retranslate()

    def leave(self) -> None:
        pass

    def set_landscape(self, landscape: bool) -> None:
        pass

    def retranslate(self) -> None:
        self.head.setText(self.tr("Check the settings, then save them and start the kiosk."))
        names = {
            "site": self.tr("Site"),
            "kiosk": self.tr("Kiosk"),
            "server": self.tr("Server"),
            "camera": self.tr("Camera"),
            "printer": self.tr("Printer"),
            "orientation": self.tr("Orientation"),
            "mode": self.tr("Mode"),
            "language": self.tr("First language"),
        }
        for key, (name, _value) in self.rows.items():
            name.setText(names[key])
        for key, text in self.values().items():
            self.rows[key][1].setText(text)

    def values(self) -> dict[str, str]:
        s, enrolled, fps = self.wizard.settings, self.wizard.enroll_page.result, self.wizard.fps
        camera = camera_name(s.get("camera.device", "0"))
        if fps is not None:
            camera += " · " + self.tr("%1 fps").replace("%1", f"{fps:.0f}")
        kind = s.get("printer.kind", "none")
        printer = printer_kinds().get(kind, kind)
        if kind != "none" and s.get("printer.target"):
            printer += " · " + s["printer.target"]
        tested = self.wizard.printer_page.tested
        if kind != "none":
            printer += " · " + (
                self.tr("test receipt printed")
                if tested
                else self.tr("test failed")
                if tested is False
                else self.tr("not tested")
            )
        return {
            "site": enrolled.site if enrolled else "-",
            "kiosk": enrolled.kiosk_id if enrolled else "-",
            "server": enrolled.server if enrolled else "-",
            "camera": camera,
            "printer": printer,
            "orientation": orientations().get(s.get("ui.orientation", "auto"), "-"),
            "mode": modes().get(s.get("kiosk.mode", "self"), "-"),
            "language": languages().get(s.get("kiosk.language", "id"), "-"),
        }

    def show_failure(self, kind: str) -> None:
        self.message.show_message(failure_text(kind), "error")

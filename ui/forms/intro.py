"""What the citizen needs before filling in a form, at the top of it: the requirements, the fee,
the processing time, the documents the camera will photograph and the numbers to have at hand
(witnesses' and family members' NIKs). All of it is catalog data; nothing is decided here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiosk.catalog.model import Service
from ui.widgets.common import Card

BULLET = "\u2022"


def _label(parent: QWidget, bold: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class ServiceIntro(Card):
    """A card: heading, the service's requirements text, then label/value rows."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "intro")
        self.service: Service | None = None
        self.language = "id"
        self.heading = _label(self, bold=True)
        self.heading.setObjectName("Subtitle")
        self.requirements = _label(self)
        self.box.addWidget(self.heading)
        self.box.addWidget(self.requirements)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(1, 1)
        self.box.addLayout(self.grid)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("fee", "time", "documents", "numbers"):
            name, value = _label(self), _label(self, bold=True)
            name.setMinimumWidth(260)
            row = len(self.rows)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(value, row, 1)
            self.rows[key] = (name, value)

    def pick(self, text_id: str | None, text_en: str | None) -> str:
        return (text_en if self.language == "en" else text_id) or ""

    def show_service(self, service: Service | None, language: str) -> None:
        self.service, self.language = service, language
        self.setVisible(service is not None)
        if service is None:
            return
        self.heading.setText(self.tr("Before you start"))
        self.requirements.setText(self.pick(service.help_id, service.help_en))
        self.requirements.setVisible(bool(self.requirements.text()))
        if_needed = self.tr("(if needed)")
        documents = [
            self.pick(doc.name_id, doc.name_en)
            + ("" if doc.required and not doc.when else f" {if_needed}")
            for doc in service.documents
            if doc.field is not None
        ]
        numbers = [
            self.pick(f.label_id, f.label_en) + ("" if f.required else f" {if_needed}")
            for f in service.fields
            if f.type == "nik" and f.prefill is None
        ]
        values = {
            "fee": (self.tr("Fee"), self.pick(service.fee_text_id, service.fee_text_en)),
            "time": (
                self.tr("Processing time"),
                self.pick(service.processing_time.text_id, service.processing_time.text_en),
            ),
            "documents": (
                self.tr("Documents to photograph"),
                "\n".join(f"{BULLET} {d}" for d in documents),
            ),
            "numbers": (self.tr("NIKs to have ready"), "\n".join(f"{BULLET} {n}" for n in numbers)),
        }
        for key, (name, value) in self.rows.items():
            title, text = values[key]
            name.setText(title)
            value.setText(text)
            name.setVisible(bool(text))
            value.setVisible(bool(text))

    def texts(self) -> dict[str, str]:
        """Row key -> the value shown (tests)."""
        return {k: v.text() for k, (_n, v) in self.rows.items() if not v.isHidden()}

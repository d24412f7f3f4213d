"""The frame every generated form field shares: label, help text, editor, inline error.

A field widget shows one catalog Field (kiosk.catalog.model.Field). Texts come from the catalog in
both languages (`set_language`); the inline error is the core's own plain-language message
(kiosk.catalog.fields.validate_value), never a rule written here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.catalog.model import Field
from ui.widgets.common import Message


class FieldWidget(QFrame):
    """Base class. Subclasses add their editor to `self.editor_box` and implement the value."""

    changed = Signal()  # the citizen edited the value
    activated = Signal(object)  # the citizen tapped the field (self): keypad / scroll into view
    finished = Signal(object)  # the citizen left the field (self): check it now

    uses_keypad = False  # digits are typed on the on-screen keypad, not the virtual keyboard

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        self.language = "id"
        self.setObjectName("FormField")
        self.setProperty("field_id", field.id)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 8, 0, 8)
        box.setSpacing(8)
        self.label = QLabel(self)
        self.label.setObjectName("FieldLabel")
        self.label.setWordWrap(True)
        self.help = QLabel(self)
        self.help.setObjectName("FieldHelp")
        self.help.setWordWrap(True)
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        self.editor_box = QVBoxLayout()
        self.editor_box.setSpacing(8)
        self.error = Message("", "error", self)
        self.error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Who a typed NIK belongs to, when they are on the applicant's KK (set by the form).
        self.note = QLabel(self)
        self.note.setObjectName("FieldNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.hide()
        box.addWidget(self.label)
        box.addWidget(self.help)
        box.addLayout(self.editor_box)
        box.addWidget(self.note)
        box.addWidget(self.error)
        self.build()

    # ----- to override ---------------------------------------------------------------------

    def build(self) -> None:
        """Create the editor widgets and add them to self.editor_box."""

    def value(self) -> Any:
        """The value as the core's validators take it ("" / None / [] when empty)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        self.set_value(None)
        self.set_error("")

    def retranslate(self) -> None:
        """Texts of the editor itself (placeholders, option labels) in self.language."""

    # ----- shared --------------------------------------------------------------------------

    def pick(self, text_id: str | None, text_en: str | None) -> str:
        return (text_en if self.language == "en" else text_id) or ""

    def set_language(self, language: str) -> None:
        self.language = language
        f = self.field
        label = self.pick(f.label_id, f.label_en)
        unit = self.pick(f.unit_id, f.unit_en)
        if unit:
            label = f"{label} ({unit})"
        if not f.required and not f.required_if:  # conditional: its help says when
            optional = self.tr("(optional)")
            label = f"{label}  {optional}"
        self.label.setText(label)
        self.help.setText(self.pick(f.help_id, f.help_en))
        self.retranslate()

    def set_error(self, text: str) -> None:
        self.error.setText(text or "")
        self.setProperty("invalid", bool(text))
        self.style().unpolish(self)
        self.style().polish(self)

    def set_note(self, text: str) -> None:
        self.note.setText(text or "")
        self.note.setVisible(bool(text))

    def error_text(self) -> str:
        return self.error.text() if self.error.isVisible() or self.error.text() else ""

    def focus_editor(self) -> None:
        """Give the keyboard focus to the editor (the virtual keyboard follows it)."""
        self.setFocus()

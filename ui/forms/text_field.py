"""Free-text fields (text, email, address), typed on the Qt Virtual Keyboard.

The application sets QT_IM_MODULE=qtvirtualkeyboard (ui/app.py); the keyboard opens by itself
when one of these editors gets the focus. The input-method hints pick its layout (e-mail keys).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from ui.forms.base import FieldWidget


class _FocusWatch(QObject):
    """Reports focus in/out of an editor to its field (activated / finished signals)."""

    def __init__(self, owner: FieldWidget):
        super().__init__(owner)
        self.owner = owner

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.owner.activated.emit(self.owner)
        elif event.type() == QEvent.Type.FocusOut:
            self.owner.finished.emit(self.owner)
        return False


class TextField(FieldWidget):
    """One line of text; e-mail addresses get the e-mail keyboard."""

    def build(self) -> None:
        self.edit = QLineEdit(self)
        self.edit.setObjectName("FieldInput")
        self.edit.setAccessibleName(self.field.label_en)
        if self.field.max_length:
            self.edit.setMaxLength(self.field.max_length + 20)  # longer input gets a message
        hints = Qt.InputMethodHint.ImhNoPredictiveText
        if self.field.type == "email":
            hints |= (
                Qt.InputMethodHint.ImhEmailCharactersOnly | Qt.InputMethodHint.ImhNoAutoUppercase
            )
        self.edit.setInputMethodHints(hints)
        self.edit.textEdited.connect(lambda _text: self.changed.emit())
        self.edit.installEventFilter(_FocusWatch(self))
        self.editor_box.addWidget(self.edit)

    def value(self) -> Any:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_editor(self) -> None:
        self.edit.setFocus()


class AddressField(FieldWidget):
    """An address: a few lines of text."""

    def build(self) -> None:
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("FieldInput")
        self.edit.setAccessibleName(self.field.label_en)
        self.edit.setTabChangesFocus(True)
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
        self.edit.setMinimumHeight(140)
        self.edit.setMaximumHeight(200)
        self.edit.textChanged.connect(self.changed.emit)
        self.edit.installEventFilter(_FocusWatch(self))
        self.editor_box.addWidget(self.edit)

    def value(self) -> Any:
        # One line for the core: line breaks typed on the keyboard become ", ".
        lines = [line.strip() for line in self.edit.toPlainText().splitlines()]
        return ", ".join(line for line in lines if line)

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def focus_editor(self) -> None:
        self.edit.setFocus()

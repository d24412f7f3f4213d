"""Fields typed on the on-screen numeric keypad: NIK, KK, phone number, number, date.

The editor is a read-only line that shows the digits grouped for reading (a NIK as
3171 2345 0990 0001, a date as 17-08-2024); tapping it hands the form's keypad to this field.
A hardware keyboard (staff, tests) types into it too. The value given to the core is the raw
text the core expects: digits, "3,2" for numbers, ISO "2024-08-17" for a complete date.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLineEdit

from kiosk.catalog.fields import parse_date_value
from ui.forms.base import FieldWidget

# type -> most digits accepted (the core explains anything still wrong)
MAX_DIGITS = {"nik": 16, "kk": 16, "phone": 14, "date": 8, "number": 8}
KEYS = tuple("0123456789") + (",", "back", "clear")


def group(digits: str, size: int = 4, sep: str = " ") -> str:
    return sep.join(digits[i : i + size] for i in range(0, len(digits), size))


def date_display(digits: str) -> str:
    """DDMMYYYY typed so far -> "DD-MM-YYYY" with the missing digits shown as underscores."""
    padded = digits.ljust(8, "_")
    return f"{padded[:2]}-{padded[2:4]}-{padded[4:]}"


def date_digits(value: Any) -> str:
    """An ISO date (or date object) -> DDMMYYYY for the keypad; other text -> its digits."""
    day = parse_date_value(value)
    if day:
        return f"{day.day:02d}{day.month:02d}{day.year:04d}"
    return "".join(ch for ch in str(value or "") if ch.isdigit())[:8]


class _KeyWatch(QObject):
    def __init__(self, owner: DigitField):
        super().__init__(owner)
        self.owner = owner

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress or kind == QEvent.Type.FocusIn:
            self.owner.activated.emit(self.owner)
        elif kind == QEvent.Type.FocusOut:
            self.owner.finished.emit(self.owner)
        elif kind == QEvent.Type.KeyPress:
            key, text = event.key(), event.text()
            if key == Qt.Key.Key_Backspace:
                self.owner.press("back")
                return True
            if text and (text.isdigit() or text in ",."):
                self.owner.press("," if text == "." else text)
                return True
        return False


class DigitField(FieldWidget):
    uses_keypad = True

    def build(self) -> None:
        self.kind = self.field.type
        self.decimal = self.kind == "number" and not self.field.integer
        self._text = ""  # what was typed: digits, and one comma for decimal numbers
        self.edit = QLineEdit(self)
        self.edit.setObjectName("FieldInput")
        self.edit.setProperty("keypad", True)
        self.edit.setReadOnly(True)  # no virtual keyboard: the keypad types here
        self.edit.setAccessibleName(self.field.label_en)
        self.edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.edit.installEventFilter(_KeyWatch(self))
        self.editor_box.addWidget(self.edit)

    @property
    def max_chars(self) -> int:
        return MAX_DIGITS.get(self.kind, 16)

    def press(self, key: str) -> None:
        """One keypad key: a digit, "," (decimal numbers), "back" or "clear"."""
        text = self._text
        if key == "back":
            text = text[:-1]
        elif key == "clear":
            text = ""
        elif key == ",":
            if self.decimal and "," not in text:
                text = (text or "0") + ","
        elif key.isdigit() and len(key) == 1:
            if len(text.replace(",", "")) < self.max_chars:
                text += key
        if text != self._text:
            self._text = text
            self._show()
            self.changed.emit()

    def typed(self) -> str:
        return self._text

    def _show(self) -> None:
        text = self._text
        if self.kind in ("nik", "kk"):
            shown = group(text)
        elif self.kind == "phone":
            shown = group(text, 4, "-")
        elif self.kind == "date":
            shown = date_display(text) if text else ""
        else:
            shown = text
        self.edit.setText(shown)

    def retranslate(self) -> None:
        placeholder = {
            "nik": self.tr("16 digits"),
            "kk": self.tr("16 digits"),
            "phone": self.tr("e.g. 081234567890"),
            "date": self.tr("DD-MM-YYYY (day-month-year)"),
        }.get(self.kind, "")
        self.edit.setPlaceholderText(placeholder)

    def value(self) -> Any:
        text = self._text
        if self.kind == "date":
            if len(text) == 8:
                return f"{text[4:]}-{text[2:4]}-{text[:2]}"
            return date_display(text) if text else ""
        return text

    def set_value(self, value: Any) -> None:
        if value is None:
            text = ""
        elif self.kind == "date":
            text = date_digits(value)
        else:
            raw = str(value).replace(".", ",")
            text = "".join(ch for ch in raw if ch.isdigit() or (ch == "," and self.decimal))
            if self.kind == "phone" and raw.strip().startswith("+62"):
                text = "0" + text[2:]
        self._text = text
        self._show()

    def focus_editor(self) -> None:
        self.edit.setFocus()

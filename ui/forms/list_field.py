"""A field holding several NIKs (family members moving along, joining a new KK...).

Each entry is a keypad line with a remove button; "Add" opens one more line, up to the field's
max_items. Blank lines are sent as they are so the core's message can point at the right entry.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.forms.base import FieldWidget
from ui.forms.digit_field import DigitField
from ui.widgets.common import BigButton


class _Entry(DigitField):
    """One NIK line inside a list: the list's label, help and error are shown once above."""

    def build(self) -> None:
        super().build()
        self.label.hide()
        self.help.hide()
        self.layout().setContentsMargins(0, 0, 0, 0)

    def set_language(self, language: str) -> None:
        self.language = language
        self.retranslate()


class ListField(FieldWidget):
    def build(self) -> None:
        self.entries: list[_Entry] = []
        self.rows = QVBoxLayout()
        self.rows.setSpacing(8)
        self.editor_box.addLayout(self.rows)
        self.add_button = BigButton("", "secondary", self)
        self.add_button.clicked.connect(lambda _checked=False: self.add_entry(focus=True))
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        self.editor_box.addLayout(bar)

    @property
    def max_items(self) -> int:
        return self.field.max_items or 20

    def add_entry(self, value: Any = None, focus: bool = False) -> _Entry | None:
        if len(self.entries) >= self.max_items:
            return None
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        entry = _Entry(self.field, row)
        entry.set_language(self.language)
        entry.set_value(value)
        remove = BigButton(self.tr("Remove"), "secondary", row)
        remove.setObjectName("RemoveEntry")
        remove.setMinimumWidth(160)
        remove.clicked.connect(lambda _checked=False, e=entry: self.remove_entry(e))
        line.addWidget(entry, 1)
        line.addWidget(remove, 0)
        self.rows.addWidget(row)
        self.entries.append(entry)
        entry.changed.connect(self.changed.emit)
        entry.activated.connect(self.activated.emit)
        entry.finished.connect(lambda _e: self.finished.emit(self))
        self._update_add()
        if focus:
            entry.focus_editor()
            self.activated.emit(entry)
        self.changed.emit()
        return entry

    def remove_entry(self, entry: _Entry) -> None:
        if entry not in self.entries:
            return
        self.entries.remove(entry)
        row = entry.parentWidget()
        self.rows.removeWidget(row)
        row.hide()
        row.deleteLater()
        self._update_add()
        self.changed.emit()

    def _update_add(self) -> None:
        self.add_button.setEnabled(len(self.entries) < self.max_items)

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add a NIK"))
        for entry in self.entries:
            entry.set_language(self.language)
            remove = entry.parentWidget().findChild(BigButton, "RemoveEntry")
            if remove:
                remove.setText(self.tr("Remove"))

    def value(self) -> Any:
        return [entry.value() for entry in self.entries]

    def set_value(self, value: Any) -> None:
        for entry in list(self.entries):
            self.remove_entry(entry)
        items = (
            value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
        )
        for item in items:
            self.add_entry(item)

    def contains(self, nik: str) -> bool:
        return any(entry.value() == nik for entry in self.entries)

    def toggle(self, nik: str) -> None:
        """Add this NIK, or remove it when it is already listed (family quick picks)."""
        for entry in self.entries:
            if entry.value() == nik:
                self.remove_entry(entry)
                return
        blank = next((e for e in self.entries if not e.value()), None)
        if blank is not None:
            blank.set_value(nik)
            self.changed.emit()
        else:
            self.add_entry(nik)

"""A choice among the catalog's options, shown as large buttons (one tap, no drop-down list)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QButtonGroup, QGridLayout

from ui.forms.base import FieldWidget
from ui.widgets.common import BigButton


class ChoiceField(FieldWidget):
    columns = 2

    def build(self) -> None:
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, BigButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        for index, option in enumerate(self.field.options):
            button = BigButton(option.label_id, "secondary", self)
            button.setObjectName("ChoiceButton")
            button.setCheckable(True)
            button.setProperty("option", option.value)
            button.setMinimumWidth(160)
            self.group.addButton(button, index)
            self.buttons[option.value] = button
            grid.addWidget(button, index // self.columns, index % self.columns)
        for col in range(self.columns):
            grid.setColumnStretch(col, 1)
        self.group.buttonClicked.connect(self._clicked)
        self.editor_box.addLayout(grid)

    def _clicked(self, _button) -> None:
        self.changed.emit()
        self.activated.emit(self)
        self.finished.emit(self)

    def retranslate(self) -> None:
        for option in self.field.options:
            self.buttons[option.value].setText(self.pick(option.label_id, option.label_en))

    def value(self) -> Any:
        button = self.group.checkedButton()
        return button.property("option") if button else ""

    def set_value(self, value: Any) -> None:
        button = self.buttons.get("" if value is None else str(value))
        if button:
            button.setChecked(True)
            return
        # Nothing chosen: an exclusive group cannot be unchecked directly.
        self.group.setExclusive(False)
        for other in self.buttons.values():
            other.setChecked(False)
        self.group.setExclusive(True)

    def choose(self, value: str) -> None:
        """Tap the option with this value (tests, prefill from a quick pick)."""
        self.buttons[value].click()

"""A row (or grid) of big checkable buttons of which exactly one is chosen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QWidget

from ui.widgets.common import BigButton


class ChoiceGroup(QWidget):
    """chosen(value) when the technician picks another choice. `names()` gives the labels in
    the current language (called again on retranslate())."""

    chosen = Signal(str)

    def __init__(self, names: Callable[[], dict[str, str]], columns: int = 3, parent=None):
        super().__init__(parent)
        self.names = names
        self.columns = columns
        self.value: str | None = None
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        self.buttons: dict[str, BigButton] = {}
        self.set_values(list(names()))

    def set_columns(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for i, button in enumerate(self.buttons.values()):
            self.grid.removeWidget(button)
            self.grid.addWidget(button, i // columns, i % columns)

    def set_values(self, values: list[str]) -> None:
        for button in self.buttons.values():
            self.group.removeButton(button)
            button.deleteLater()
        self.buttons = {}
        labels = self.names()
        for i, value in enumerate(values):
            button = BigButton(labels.get(value, value), "secondary", self)
            button.setMinimumWidth(200)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, v=value: self.choose(v, user=True))
            self.group.addButton(button)
            self.grid.addWidget(button, i // self.columns, i % self.columns)
            self.buttons[value] = button
        if self.value in self.buttons:
            self.buttons[self.value].setChecked(True)

    def choose(self, value: str, user: bool = False) -> None:
        if value not in self.buttons:
            return
        self.buttons[value].setChecked(True)
        changed = value != self.value
        self.value = value
        if changed or user:
            self.chosen.emit(value)

    def retranslate(self) -> None:
        labels = self.names()
        for value, button in self.buttons.items():
            button.setText(labels.get(value, value))

"""What the staff console's parts share: a panel that retranslates itself, a scrolling list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget


class Panel(QWidget):
    """A console part: retranslate() on every language change."""

    def retranslate(self) -> None:
        """Set the texts again."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def scroll_list(parent: QWidget) -> tuple[QScrollArea, QVBoxLayout]:
    """A vertical scrolling list (the area, and the layout to fill)."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    inner = QWidget()
    box = QVBoxLayout(inner)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(24)
    area.setWidget(inner)
    return area, box


def clear_layout(box: QVBoxLayout) -> None:
    while box.count():
        item = box.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()
            item.widget().deleteLater()

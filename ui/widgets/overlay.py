"""The inactivity warning shown over the whole kiosk window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.common import BalancedTitle, BigButton, Body


class InactivityOverlay(QFrame):
    """ "Are you still there?" over the whole window, with the seconds left before the reset.

    Any touch closes it (the controller sees the activity); the big button says so plainly.
    """

    stay = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 48, 48, 48)
        outer.addStretch(1)
        self.panel = QFrame(self)
        self.panel.setObjectName("OverlayPanel")
        self.panel.setMaximumWidth(960)
        box = QVBoxLayout(self.panel)
        box.setContentsMargins(48, 40, 48, 40)
        box.setSpacing(24)
        self.question = BalancedTitle("", self.panel)  # never "... di / sana?"
        self.explain = Body("", self.panel)
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count = QLabel("", self.panel)
        self.count.setObjectName("Countdown")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = BigButton("", "primary", self.panel)
        self.button.clicked.connect(lambda _c=False: (self.hide(), self.stay.emit()))
        for widget in (self.question, self.explain, self.count, self.button):
            box.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.panel, 12)  # wide: the question fits on one line when it can
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self._seconds = 0
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.question.setText(self.tr("Are you still there?"))
        self.explain.setText(
            self.tr(
                "For your privacy, everything you entered will be erased when the time runs out."
            )
        )
        self.button.setText(self.tr("Yes, I am still here"))
        self.set_seconds(self._seconds)

    def set_seconds(self, seconds: int) -> None:
        self._seconds = max(0, int(seconds))
        self.count.setText(self.tr("Time left: %n s", "", self._seconds))

    def popup(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()

    def mousePressEvent(self, event) -> None:
        self.hide()
        self.stay.emit()
        super().mousePressEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

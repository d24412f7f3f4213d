"""A large on-screen numeric keypad (NIK, KK, phone numbers, tracking-code digits).

Keys are big (>= the touch minimum, spaced) and there is no timing: a citizen may take as long as
they need. The keypad edits a string held here and emits `changed(text)`; `submitted(text)` when
the confirm key is pressed. Physical keyboards also work (digits, Backspace, Enter).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

from ui import theme
from ui.widgets.common import BigButton

BACKSPACE = "back"
CLEAR = "clear"
CONFIRM = "ok"


class Keypad(QWidget):
    changed = Signal(str)
    submitted = Signal(str)

    def __init__(self, max_length: int = 16, parent: QWidget | None = None, confirm: bool = True):
        super().__init__(parent)
        self.setObjectName("Keypad")
        self.max_length = max_length
        self._text = ""
        grid = self.grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, BigButton] = {}
        size = theme.touch_min_px()  # keys grow with the space; never under the touch minimum
        layout = [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], [CLEAR, "0", BACKSPACE]]
        for r, row in enumerate(layout):
            for c, key in enumerate(row):
                kind = "secondary" if key in (CLEAR, BACKSPACE) else "tile"
                btn = BigButton(key if key.isdigit() else "", kind, self)
                btn.setObjectName("KeypadKey")
                btn.layout().setContentsMargins(8, 2, 8, 2)  # the text, not padding, fills a key
                btn.setMinimumSize(size, size)
                btn.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
                btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                btn.clicked.connect(lambda _c=False, k=key: self.press(k))
                grid.addWidget(btn, r, c)
                self.keys[key] = btn
        for column in range(3):
            grid.setColumnStretch(column, 1)  # equal columns, whatever the key texts
        if confirm:
            # The primary action: as tall as a key and as wide as the keypad, so it is the
            # largest button on the screen, not a thin bar under tall keys.
            ok = BigButton("", "primary", self)
            ok.setMinimumHeight(size)
            ok.setMaximumWidth(16777215)
            ok.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
            ok.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            ok.clicked.connect(lambda _c=False: self.press(CONFIRM))
            grid.addWidget(ok, 4, 0, 1, 3)
            self.keys[CONFIRM] = ok
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.retranslate()

    def retranslate(self) -> None:
        self.keys[CLEAR].setText(self.tr("Clear"))
        self.keys[BACKSPACE].setText(self.tr("⌫ Delete"))
        self.keys[BACKSPACE].setAccessibleName(self.tr("Delete last digit"))
        if CONFIRM in self.keys:
            self.keys[CONFIRM].setText(self.tr("Next"))

    def set_confirm_text(self, text: str) -> None:
        if CONFIRM in self.keys:
            self.keys[CONFIRM].setText(text)

    def resizeEvent(self, event) -> None:
        # The last row's keys carry words ("Hapus semua"): tall enough for them to wrap whole
        # when the keys are narrow (a 1366x768 screen), however short the other rows get.
        spacing = self.grid.horizontalSpacing()
        width = max(1, (event.size().width() - 2 * spacing) // 3)
        need = max(self.keys[k].heightForWidth(width) for k in (CLEAR, BACKSPACE))
        if self.grid.rowMinimumHeight(3) != need:
            self.grid.setRowMinimumHeight(3, need)
            for key in (CLEAR, BACKSPACE):  # the grid alone gives the row less when squeezed
                self.keys[key].setMinimumHeight(max(need, theme.touch_min_px()))
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ----- text -------------------------------------------------------------------------

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        digits = "".join(ch for ch in text if ch.isdigit())[: self.max_length]
        if digits != self._text:
            self._text = digits
            self.changed.emit(self._text)

    def clear(self) -> None:
        self.set_text("")

    def press(self, key: str) -> None:
        """One key: a digit, "back", "clear" or "ok" (also used by tests)."""
        if key == BACKSPACE:
            self.set_text(self._text[:-1])
        elif key == CLEAR:
            self.set_text("")
        elif key == CONFIRM:
            self.submitted.emit(self._text)
        elif key.isdigit() and len(key) == 1:
            if len(self._text) < self.max_length:
                self.set_text(self._text + key)
        else:
            raise ValueError(f"unknown keypad key {key!r}")

    def type_text(self, digits: str) -> None:
        """Press each digit in turn (tests, barcode scanners acting as keyboards)."""
        for ch in digits:
            if ch.isdigit():
                self.press(ch)

    def keyPressEvent(self, event) -> None:
        key, text = event.key(), event.text()
        if text.isdigit() and len(text) == 1:
            self.press(text)
        elif key == Qt.Key.Key_Backspace:
            self.press(BACKSPACE)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press(CONFIRM)
        else:
            super().keyPressEvent(event)

"""Small touch-first widgets shared by every screen.

Sizes and colours come from the style sheet (ui/theme.py) through object names and the `kind`
dynamic property, so the high-contrast and large-text modes restyle everything at once. Labels
word-wrap instead of eliding: long Indonesian texts must stay readable.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui import theme

BUTTON_KINDS = ("primary", "secondary", "danger", "tile", "plain", "help")


MESSAGE_KINDS = ("info", "error", "success", "warning")


def _restyle(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class BigButton(QPushButton):
    """A large button, at least the touch minimum (9 mm) in both directions.

    kind: primary (main action), secondary (back, other choice), danger (cancel: outlined, quiet),
    tile (a large choice in a grid), plain (a link-like action), help (the top bar's "Bantuan").
    The text wraps when it is long. A primary button is the screen's main action: it carries
    the property role="primary", is taller than the others and takes the free width of its row
    (up to a limit), so it is the largest button on the screen (tests/ui/test_look.py).
    """

    def __init__(
        self,
        text: str = "",
        kind: str = "primary",
        parent: QWidget | None = None,
        icon: str | None = None,
    ):
        super().__init__(parent)
        if kind not in BUTTON_KINDS:
            raise ValueError(f"kind must be one of {BUTTON_KINDS}, not {kind!r}")
        self.setProperty("kind", kind)
        self.setObjectName(f"BigButton_{kind}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # A QLabel child carries the text so that long words wrap instead of being cut.
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._label.setObjectName("BigButtonText")
        self._label.setProperty("kind", kind)
        self._label.setProperty("checked", False)
        self.toggled.connect(self._mirror_checked)
        box = QHBoxLayout(self)
        box.setContentsMargins(24, 12, 24, 12)
        box.setSpacing(16)
        if icon:
            self.setIcon(theme.icon(icon))
            self.setIconSize(QSize(40, 40))
        box.addWidget(self._label, 1)
        minimum = theme.touch_min_px()
        self._min = QSize(0, 0)
        horizontal = QSizePolicy.Policy.Preferred
        if kind == "primary":
            self.setProperty("role", "primary")
            self.setMinimumSize(max(minimum * 3, 200), int(theme.TOUCH["primary_height_px"]))
            self.setMaximumWidth(int(theme.TOUCH["primary_max_width_px"]))
            horizontal = QSizePolicy.Policy.Expanding
        else:
            self.setMinimumSize(max(minimum * 3, 200), max(minimum, 72))
        policy = QSizePolicy(horizontal, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setText(text)

    def _mirror_checked(self, checked: bool) -> None:
        self._label.setProperty("checked", checked)
        _restyle(self._label)

    def setChecked(self, checked: bool) -> None:
        super().setChecked(checked)
        self._mirror_checked(self.isChecked())

    def setText(self, text: str) -> None:
        # The accessible name and text() stay the real text for tests and screen readers.
        super().setText("")
        self._text = text
        # "Optometris/Refraksionis" may break after the slash (a zero-width space), or its
        # tile would be as wide as the whole word and push the grid past the screen
        self._shown = text.replace("/", "/\u200b")
        self._label.setText(self._shown)
        self.setAccessibleName(text)
        self.updateGeometry()

    def text(self) -> str:
        return self._text

    def label(self) -> QLabel:
        return self._label

    def setIcon(self, icon: QIcon) -> None:
        super().setIcon(icon)
        if not icon.isNull():
            self.layout() and self.layout().setContentsMargins(72, 12, 24, 12)

    def event(self, event) -> bool:
        # A new style sheet (large text, high contrast) changes the label's font: the layouts
        # must ask for our size again.
        if event.type() in (
            QEvent.Type.StyleChange,
            QEvent.Type.FontChange,
            QEvent.Type.LayoutRequest,
        ):
            self.updateGeometry()
        return super().event(event)

    # The minimum width a screen asks for is kept here, not in QWidget's own minimum size: Qt's
    # layouts ignore minimumSizeHint() (the longest word) once an explicit minimum width is
    # set. The minimum height stays a real Qt minimum.
    def setMinimumSize(self, *size) -> None:
        self._min = QSize(*size) if len(size) == 2 else QSize(size[0])
        super().setMinimumHeight(self._min.height())
        self.updateGeometry()

    def setMinimumWidth(self, width: int) -> None:
        self.setMinimumSize(width, self._min.height())

    def setMinimumHeight(self, height: int) -> None:
        self.setMinimumSize(self._min.width(), height)

    def minimumSize(self) -> QSize:
        return QSize(self._min)

    def minimumWidth(self) -> int:
        return self._min.width()

    def minimumSizeHint(self) -> QSize:
        # Never narrower than the longest word: a wrapped label cannot break inside a word.
        margins = self.layout().contentsMargins()
        metrics = self._label.fontMetrics()
        words = re.split(r"[\s\u200b]+", self._shown) or [""]
        widest = max(metrics.horizontalAdvance(word) for word in words)
        width = widest + margins.left() + margins.right() + 8
        return QSize(max(width, self._min.width()), self._min.height())

    def sizeHint(self) -> QSize:
        hint = self.layout().sizeHint()
        minimum = self.minimumSize()
        width = max(hint.width(), minimum.width())
        if self.property("role") == "primary":  # wide when there is room, narrower when not
            width = max(width, int(theme.TOUCH["primary_width_px"]))
        return QSize(width, max(hint.height(), minimum.height()))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.layout().contentsMargins()
        inner = width - margins.left() - margins.right()
        text_h = self._label.heightForWidth(max(inner, 1))
        return max(self.minimumHeight(), text_h + margins.top() + margins.bottom())


class ButtonRow(QWidget):
    """Big buttons side by side, centred; stacked one above the other when they do not fit
    side by side (large text, portrait screens, long Indonesian labels)."""

    def __init__(
        self, buttons, parent: QWidget | None = None, spacing: int = 32, centered: bool = True
    ):
        super().__init__(parent)
        self.setObjectName("ButtonRow")
        self.buttons = list(buttons)
        self.centered = centered
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)
        self.horizontal: bool | None = None
        self._arrange(True)

    def _arrange(self, horizontal: bool) -> None:
        if horizontal == self.horizontal:
            return
        self.horizontal = horizontal
        while self.box.count():
            self.box.takeAt(0)
        if horizontal:
            self.box.setDirection(QBoxLayout.Direction.LeftToRight)
            if self.centered:
                self.box.addStretch(1)
            for button in self.buttons:
                self.box.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            self.box.addStretch(1)
        else:
            self.box.setDirection(QBoxLayout.Direction.TopToBottom)
            for button in self.buttons:
                self.box.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.updateGeometry()

    def _shown_buttons(self) -> list[QWidget]:
        return [b for b in self.buttons if not b.isHidden()]

    def needed_width(self) -> int:
        shown = self._shown_buttons()
        widths = [b.minimumSizeHint().width() for b in shown]
        return sum(widths) + self.box.spacing() * max(0, len(widths) - 1)

    def minimumSizeHint(self) -> QSize:
        shown = self._shown_buttons()
        width = max((b.minimumSizeHint().width() for b in shown), default=0)
        return QSize(width, self.box.minimumSize().height())

    def resizeEvent(self, event) -> None:
        self._arrange(self.needed_width() <= event.size().width())
        super().resizeEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a button's size or text changed
            self._arrange(self.needed_width() <= self.width())
        return super().event(event)


class ElidedLabel(QLabel):
    """One line of secondary text (the site's name in the top bar) that ends in "…" when the
    space is short instead of widening the window; the full text stays its accessible name
    and tooltip. Never for what a citizen must read to go on."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def _elide(self) -> None:
        width = max(self.contentsRect().width(), 1)
        super().setText(
            self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()


class Title(QLabel):
    """The screen's headline."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setObjectName("Title")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)


class BalancedTitle(Title):
    """A headline whose wrapped lines are of even length ("Apakah Anda / masih di sana?"),
    never a long line and one word alone ("Apakah Anda masih di / sana?"): when the text needs
    several lines, side margins narrow the wrapping width to the shortest one that still gives
    that many lines. The text itself is untouched."""

    STEP = 8  # px

    def setText(self, text: str) -> None:
        super().setText(text)
        self._balance()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._balance()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._balance()

    def _lines(self, width: int) -> int:
        metrics = self.fontMetrics()
        flags = int(self.alignment()) | Qt.TextFlag.TextWordWrap
        height = metrics.boundingRect(0, 0, max(width, 1), 100000, flags, self.text()).height()
        return max(1, round(height / metrics.lineSpacing()))

    def _balance(self) -> None:
        width = self.width() - 2 * self.margin()
        side = 0
        if width > 0 and self.text():
            lines = self._lines(width)
            if lines > 1:
                target = self.fontMetrics().horizontalAdvance(self.text()) // lines
                while target < width and self._lines(target) > lines:
                    target += self.STEP
                side = max(0, (width - min(target, width)) // 2)
        if self.contentsMargins().left() != side:
            self.setContentsMargins(side, 0, side, 0)


class Subtitle(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setObjectName("Subtitle")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)


class Body(QLabel):
    """Plain wrapped body text."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setObjectName("Body")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)


class Message(QLabel):
    """A boxed message: info, error, success or warning (colours from the theme).

    Hidden while empty, so screens can keep one and set or clear its text.
    """

    def __init__(self, text: str = "", kind: str = "info", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Message")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_kind(kind)
        self.setText(text)

    def set_kind(self, kind: str) -> None:
        if kind not in MESSAGE_KINDS:
            raise ValueError(f"kind must be one of {MESSAGE_KINDS}, not {kind!r}")
        self.setProperty("kind", kind)
        _restyle(self)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def show_message(self, text: str, kind: str = "info") -> None:
        self.set_kind(kind)
        self.setText(text)


class Card(QFrame):
    """A rounded panel grouping related content (a vertical layout in `.box`)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Card")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(32, 24, 32, 24)
        self.box.setSpacing(16)


class IconLabel(QLabel):
    """An SVG icon from assets/icons at a given size (e.g. on failure screens)."""

    def __init__(self, name: str, size: int = 160, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("IconLabel")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_icon(name, size)

    def set_icon(self, name: str, size: int = 160) -> None:
        self.icon_name, self.icon_size = name, size
        self.setPixmap(theme.icon(name).pixmap(QSize(size, size)))
        self.setMinimumSize(size, size)

    def refresh(self) -> None:
        """Draw again in the current theme (after high contrast was switched)."""
        self.set_icon(self.icon_name, self.icon_size)


class Toggle(BigButton):
    """A checkable big button (large text, high contrast, the declaration...)."""

    toggled_on = Signal(bool)

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, "secondary", parent)
        self.setCheckable(True)
        self.toggled.connect(self.toggled_on.emit)

"""Automatic checks on a rendered window: text that is cut off, elided or overflows its widget.

Used by the screenshot test (tests/ui/test_screens.py) and build/screenshots.py. What this misses
(overlap between widgets, ugly wrapping) still needs a person to look at the images.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

ELLIPSIS = "…"


@dataclass(frozen=True)
class TextProblem:
    widget: str  # class and object name
    text: str
    why: str

    def __str__(self) -> str:
        return f"{self.widget}: {self.why}: {self.text[:60]!r}"


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}#{widget.objectName() or '-'}"


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.isVisible() and widget.width() > 0


def label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    ):
        return None  # rich text lays itself out; not used for citizen texts
    rect = label.contentsRect()
    margin = label.margin() * 2
    width, height = rect.width() - margin, rect.height() - margin
    metrics = QFontMetrics(label.font())
    if label.wordWrap():
        needed = metrics.boundingRect(
            QRect(0, 0, max(width, 1), 100000),
            int(label.alignment()) | Qt.TextFlag.TextWordWrap,
            text,
        )
        if needed.width() > width + 1:
            return f"a word is wider than the label ({needed.width()} > {width} px)"
        if needed.height() > height + 1:
            return f"wrapped text is taller than the label ({needed.height()} > {height} px)"
        return None
    lines = text.split("\n")
    widest = max(metrics.horizontalAdvance(line) for line in lines)
    if widest > width + 1:
        return f"text is wider than the label ({widest} > {width} px)"
    if metrics.lineSpacing() * len(lines) > height + metrics.leading() + 2:
        return f"text is taller than the label ({metrics.lineSpacing() * len(lines)} > {height})"
    return None


def button_problem(button: QAbstractButton) -> str | None:
    text = button.text()
    if not text:
        return None
    if ELLIPSIS in text:
        return "text is elided"
    if button.findChild(QLabel, "BigButtonText") is not None:
        return None  # the text label inside is checked as a label
    hint = button.sizeHint()
    if button.width() + 1 < hint.width():
        return f"button narrower than its text ({button.width()} < {hint.width()} px)"
    if button.height() + 1 < hint.height():
        return f"button lower than its text ({button.height()} < {hint.height()} px)"
    return None


def clipped(widget: QWidget, root: QWidget) -> str | None:
    """Is part of `widget` cut off by one of its parents (outside a scroll area)?"""
    rect = widget.rect()
    child = widget
    parent = widget.parentWidget()
    while parent is not None:
        rect = rect.translated(child.pos())
        if isinstance(parent.parentWidget(), QAbstractScrollArea):
            return None  # inside a scroll area's viewport: scrolling shows the rest
        if not parent.rect().contains(rect):
            return f"cut off by {_name(parent)} ({rect} not inside {parent.rect()})"
        if parent is root:
            return None
        child, parent = parent, parent.parentWidget()
    return None


def text_problems(root: QWidget) -> list[TextProblem]:
    """Every visible label/button under `root` whose text does not fit or is cut off."""
    found: list[TextProblem] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLabel | QAbstractButton) and _shown(widget, root):
            why = clipped(widget, root)
            if why:
                text = widget.text() if hasattr(widget, "text") else ""
                found.append(TextProblem(_name(widget), text, why))
    for label in root.findChildren(QLabel):
        if _shown(label, root):
            why = label_problem(label)
            if why:
                found.append(TextProblem(_name(label), label.text(), why))
    for button in root.findChildren(QAbstractButton):
        if _shown(button, root):
            why = button_problem(button)
            if why:
                found.append(TextProblem(_name(button), button.text(), why))
    return found


def visible_texts(root: QWidget) -> list[str]:
    """Texts a person sees under `root` (labels and buttons), in widget order."""
    texts = []
    for widget in root.findChildren(QWidget):
        if not _shown(widget, root):
            continue
        if isinstance(widget, QLabel) and widget.text():
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.findChild(QLabel, "BigButtonText") is None:
                texts.append(widget.text())
    return texts


def small_targets(root: QWidget, minimum: int | None = None) -> list[str]:
    """Visible buttons (and other touch controls) smaller than the touch minimum (9 mm)."""
    from PySide6.QtWidgets import QAbstractSlider, QComboBox, QLineEdit

    from ui import theme

    minimum = minimum or theme.touch_min_px()
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QAbstractButton | QLineEdit | QComboBox | QAbstractSlider):
            continue
        if isinstance(widget, QAbstractSlider) and widget.objectName().startswith("qt_"):
            continue
        if not _shown(widget, root) or not widget.isEnabled():
            continue
        if isinstance(widget, QAbstractSlider):
            continue  # scroll bars: touch scrolling works on the content too
        if widget.width() < minimum or widget.height() < minimum:
            text = widget.text() if hasattr(widget, "text") else ""
            found.append(
                f"{_name(widget)} {text[:30]!r} is {widget.width()}x{widget.height()} "
                f"px, under the {minimum} px touch minimum"
            )
    return found


def outside(root: QWidget, skip: tuple[str, ...] = ("Overlay", "StaffOverlay")) -> list[str]:
    """Visible widgets of the window `root` that reach past its edges (a bar wider than the
    screen, a button pushed off it). Widgets inside the overlays named in `skip` are left out
    (they cover the window only while shown)."""
    frame = root.rect()
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not root:
            continue
        parent, skipped = widget.parentWidget(), False
        while parent is not None and parent is not root:
            skipped = skipped or parent.objectName() in skip
            parent = parent.parentWidget()
        if skipped:
            continue
        rect = QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())
        if not frame.contains(rect):
            found.append(f"{_name(widget)} at {rect.getRect()} outside {frame.getRect()}")
    return found

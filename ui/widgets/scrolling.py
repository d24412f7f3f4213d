"""Touch scrolling: drag the content itself (kinetic, like a phone) instead of aiming at a thin
native scroll bar. The window applies it to every scroll area of every screen it shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QScroller, QScrollerProperties, QWidget

PROPERTY = "kiosk_touch_scroll"  # set on an area once it scrolls by touch


def touch_scroll(area: QAbstractScrollArea) -> None:
    """Make `area` scroll by dragging its content (a finger, or the mouse in the demo).

    A press is delivered at once (no delay), so buttons inside react as before; a drag longer
    than the scroller's start distance scrolls instead. The wide scroll bar of the style sheet
    stays as a position indicator. No horizontal scrolling: kiosk content wraps."""
    if area.property(PROPERTY):
        return
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    props.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    never = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, never)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, never)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.DragStartDistance, 0.004)  # metres
    scroller.setScrollerProperties(props)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setProperty(PROPERTY, True)


def touch_scroll_all(root: QWidget) -> int:
    """touch_scroll() every scroll area under `root` (not text fields); how many there are."""
    from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

    areas = [
        a
        for a in root.findChildren(QAbstractScrollArea)
        if not isinstance(a, QTextEdit | QPlainTextEdit) or a.isReadOnly()
    ]
    for area in areas:
        touch_scroll(area)
    return len(areas)

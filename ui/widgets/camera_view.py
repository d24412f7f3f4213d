"""The live camera preview with an oval face guide, and an animated icon for each liveness prompt.

CameraView only paints: the camera worker (ui/camera_worker.py) has already mirrored and scaled
the image off the UI thread, so a paint is one drawImage plus the oval. The oval turns green when
the face is placed well. ChallengeIcon draws the requested action (blink, turn left or right,
look up, smile) with a short looping animation, so the prompt does not depend on reading.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

GUIDE_NEUTRAL = QColor(255, 255, 255)
GUIDE_OK = QColor(46, 170, 80)
GUIDE_WARN = QColor(242, 169, 0)


class CameraView(QWidget):
    """Mirrored preview cropped to the widget, dimmed outside an oval guide."""

    def __init__(self, parent: QWidget | None = None, oval: bool = True):
        super().__init__(parent)
        self.setObjectName("CameraView")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 320)
        self.oval = oval
        self.image: QImage | None = None
        self.state = "neutral"  # neutral | ok | warn
        self.paints = 0
        self._mask: QImage | None = None  # the dimmed surround of the oval, for this size

    def sizeHint(self) -> QSize:
        return QSize(720, 720)

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.update()

    def clear(self) -> None:
        self.image = None
        self.state = "neutral"
        self.update()

    def oval_rect(self) -> QRectF:
        w, h = self.width(), self.height()
        oval_h = h * 0.78
        oval_w = min(w * 0.8, oval_h * 0.75)
        return QRectF((w - oval_w) / 2, (h - oval_h) / 2, oval_w, oval_h)

    def resizeEvent(self, event) -> None:
        self._mask = None
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:
        self.paints += 1
        painter = QPainter(self)
        image = self.image
        if image is None or image.isNull():
            painter.fillRect(self.rect(), QColor(20, 24, 32))
        elif image.size() == self.size():
            painter.drawImage(0, 0, image)  # the worker made it exactly this size: a blit
        else:
            painter.fillRect(self.rect(), QColor(20, 24, 32))
            scaled = image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x, y = (self.width() - scaled.width()) / 2, (self.height() - scaled.height()) / 2
            painter.drawImage(QRectF(x, y, scaled.width(), scaled.height()), image)
        if self.oval:
            self._paint_guide(painter)
        painter.end()

    def _surround(self) -> QImage:
        """Semi-transparent dimming outside the oval, drawn once per size."""
        if self._mask is None or self._mask.size() != self.size():
            mask = QImage(self.size(), QImage.Format.Format_ARGB32_Premultiplied)
            mask.fill(QColor(0, 0, 0, 120))
            p = QPainter(mask)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(0, 0, 0, 255))
            p.drawEllipse(self.oval_rect())
            p.end()
            self._mask = mask
        return self._mask

    def _paint_guide(self, painter: QPainter) -> None:
        painter.drawImage(0, 0, self._surround())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        oval = self.oval_rect()
        colour = {"ok": GUIDE_OK, "warn": GUIDE_WARN}.get(self.state, GUIDE_NEUTRAL)
        painter.setPen(QPen(colour, 8))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(oval)


class ChallengeIcon(QWidget):
    """A face drawn with lines that performs the requested action in a loop."""

    ACTIONS = ("blink", "turn_left", "turn_right", "look_up", "smile", "done", "")

    def __init__(self, parent: QWidget | None = None, size: int = 140):
        super().__init__(parent)
        self.setObjectName("ChallengeIcon")
        self.setFixedSize(size, size)
        self.action = ""
        self.phase = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._step)

    def set_action(self, action: str | None) -> None:
        action = action or ""
        if action not in self.ACTIONS:
            action = ""
        self.action = action
        self.phase = 0.0
        if action and action != "done":
            self._timer.start()
        else:
            self._timer.stop()
        self.update()

    def _step(self) -> None:
        self.phase = (self.phase + 0.05) % 1.0
        self.update()

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        if self.action and self.action != "done":
            self._timer.start()
        super().showEvent(event)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        s = self.width()
        ink = self.palette().color(self.foregroundRole())
        pen = QPen(ink, max(3.0, s / 28))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        wave = (1 - math.cos(self.phase * 2 * math.pi)) / 2  # 0 -> 1 -> 0 over a loop
        if self.action == "done":
            painter.setPen(QPen(GUIDE_OK, s / 12))
            painter.drawPolyline(
                [
                    QPointF(s * 0.25, s * 0.52),
                    QPointF(s * 0.43, s * 0.7),
                    QPointF(s * 0.76, s * 0.32),
                ]
            )
            painter.end()
            return
        dx = {"turn_left": -1, "turn_right": 1}.get(self.action, 0) * wave * s * 0.12
        dy = -wave * s * 0.1 if self.action == "look_up" else 0.0
        cx, cy = s / 2, s / 2
        painter.drawEllipse(QPointF(cx, cy), s * 0.3, s * 0.38)
        eye_y = cy - s * 0.08 + dy
        eye_open = 1.0 - wave if self.action == "blink" else 1.0
        for ex in (cx - s * 0.11 + dx, cx + s * 0.11 + dx):
            painter.drawEllipse(QPointF(ex, eye_y), s * 0.045, max(1.0, s * 0.045 * eye_open))
        mouth = QPainterPath()
        mouth_y = cy + s * 0.16 + dy
        width = s * (0.12 + (0.06 * wave if self.action == "smile" else 0))
        curve = s * (0.02 + (0.08 * wave if self.action == "smile" else 0))
        mouth.moveTo(cx - width + dx, mouth_y)
        mouth.quadTo(cx + dx, mouth_y + curve, cx + width + dx, mouth_y)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(mouth)
        if self.action in ("turn_left", "turn_right", "look_up"):
            self._arrow(painter, s)
        painter.end()

    def _arrow(self, painter: QPainter, s: float) -> None:
        # On the mirrored preview the citizen's own left is on the screen's left.
        if self.action == "look_up":
            tip, tail = QPointF(s / 2, s * 0.02), QPointF(s / 2, s * 0.14)
            wings = (QPointF(s * 0.44, s * 0.08), QPointF(s * 0.56, s * 0.08))
        else:
            sign = -1 if self.action == "turn_left" else 1
            tip = QPointF(s / 2 + sign * s * 0.48, s / 2)
            tail = QPointF(s / 2 + sign * s * 0.34, s / 2)
            wings = (
                QPointF(tip.x() - sign * s * 0.06, s * 0.44),
                QPointF(tip.x() - sign * s * 0.06, s * 0.56),
            )
        painter.drawLine(tail, tip)
        painter.drawLine(wings[0], tip)
        painter.drawLine(wings[1], tip)

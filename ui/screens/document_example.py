"""The example picture next to the document camera (how to hold this kind of document) and
the documents screen's guidance texts for each kind.

A diagram painted with QPainter (no drawing shipped as an image): the camera's view with its
white guide frame, and inside it a paper page with lines of text (kind "paper") or a portrait
photo with a head and shoulders (kind "photo"), filling the frame as the citizen should hold it.
The same frame is drawn over the live preview (ui/forms/document_worker.py), so the two match.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from camera.documents import PHOTO

VIEW = QColor("#3d434b")  # the camera's dark background
GUIDE = QColor("#ffffff")
PAPER = QColor("#fbfbf8")
INK = QColor("#6b7280")
PHOTO_BACK = QColor("#c9daf0")  # the plain light-blue background of a pas foto
PERSON = QColor("#4b5563")
GOOD = QColor("#2e7d32")


class DocumentExample(QWidget):
    """Paints the example for one document kind; `set_kind("paper" | "photo")`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("DocumentExample")
        self.kind = "paper"
        self.setMinimumSize(220, 165)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_kind(self, kind: str) -> None:
        if kind != self.kind:
            self.kind = kind
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, 225)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # the camera view keeps the preview's 4:3 shape, centred
        w, h = self.width(), self.height()
        vw = min(w, h * 4 / 3)
        vh = vw * 3 / 4
        view = QRectF((w - vw) / 2, (h - vh) / 2, vw, vh)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(VIEW)
        painter.drawRoundedRect(view, 12, 12)
        guide = view.adjusted(vw * 0.08, vh * 0.08, -vw * 0.08, -vh * 0.08)
        if self.kind == PHOTO:
            self._photo(painter, guide)
        else:
            self._paper(painter, guide)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(GUIDE, max(2.0, vw / 150)))
        painter.drawRect(guide)
        self._tick(painter, view)
        painter.end()

    def _paper(self, painter: QPainter, guide: QRectF) -> None:
        """A page filling most of the frame, a little inside it on every side."""
        height = guide.height() * 0.86
        width = min(guide.width() * 0.9, height / 1.414 * 1.6)
        page = QRectF(0, 0, width, height)
        page.moveCenter(guide.center())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PAPER)
        painter.drawRect(page)
        # a title line, then body lines: clearly a page of text
        pad = page.width() * 0.1
        pen = QPen(
            INK, max(2.0, page.height() / 40), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap
        )
        painter.setPen(pen)
        y = page.top() + page.height() * 0.16
        painter.drawLine(
            QPointF(page.center().x() - page.width() * 0.22, y),
            QPointF(page.center().x() + page.width() * 0.22, y),
        )
        pen.setWidthF(max(1.5, page.height() / 70))
        painter.setPen(pen)
        for i in range(6):
            y = page.top() + page.height() * (0.32 + i * 0.1)
            end = page.right() - pad - (page.width() * 0.25 if i == 5 else 0)
            painter.drawLine(QPointF(page.left() + pad, y), QPointF(end, y))

    def _photo(self, painter: QPainter, guide: QRectF) -> None:
        """A 4x6 portrait photo in the middle of the frame: one face, filling the photo."""
        height = guide.height() * 0.86
        card = QRectF(0, 0, height * 2 / 3, height)
        card.moveCenter(guide.center())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PHOTO_BACK)
        painter.drawRect(card)
        painter.setBrush(PERSON)
        cx, r = card.center().x(), card.width() * 0.24
        head_y = card.top() + card.height() * 0.38
        painter.drawEllipse(QPointF(cx, head_y), r, r * 1.2)
        shoulders = QPainterPath()
        shoulders.moveTo(card.left() + card.width() * 0.08, card.bottom())
        shoulders.cubicTo(
            QPointF(card.left() + card.width() * 0.1, head_y + r * 1.6),
            QPointF(card.right() - card.width() * 0.1, head_y + r * 1.6),
            QPointF(card.right() - card.width() * 0.08, card.bottom()),
        )
        shoulders.closeSubpath()
        painter.drawPath(shoulders)

    def _tick(self, painter: QPainter, view: QRectF) -> None:
        """A green tick in a corner: this is how it should look."""
        r = view.height() * 0.12
        centre = QPointF(view.right() - r * 1.3, view.bottom() - r * 1.3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(GOOD)
        painter.drawEllipse(centre, r, r)
        pen = QPen(GUIDE, r / 3.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        path = QPainterPath(QPointF(centre.x() - r * 0.45, centre.y()))
        path.lineTo(centre.x() - r * 0.1, centre.y() + r * 0.35)
        path.lineTo(centre.x() + r * 0.5, centre.y() - r * 0.35)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocumentsScreen", text)


def example_caption(kind: str) -> str:
    if kind == PHOTO:
        return _tr("Like this: the photo in the middle of the frame, the face clearly visible")
    return _tr("Like this: the whole page inside the frame, no fingers on the text")


def not_brought_text(name: str) -> str:
    """What follows when a required document was not brought (the catalog has no "bring it to
    the counter later" rule: a required document is needed to send the application)."""
    return _tr(
        "%1 is required: the application cannot be sent without it. Come back with it "
        "another time (what you entered here is not kept), or ask a staff member at the "
        "counter for help."
    ).replace("%1", name)


def refusal_text(code: str) -> str:
    """Why a picture was refused (camera.documents.REFUSALS), in the citizen's language."""
    texts = {
        "photo_no_face": _tr(
            "This is not a pas foto: no face can be seen. Hold up your printed pas foto."
        ),
        "photo_several_faces": _tr(
            "More than one face can be seen. Hold up a pas foto of one person only."
        ),
        "photo_face_small": _tr(
            "This is not a pas foto: the face is too small. Hold up the pas foto itself, "
            "close to the camera."
        ),
        "paper_is_face": _tr(
            "A face was photographed, not the document. Hold the document itself in front "
            "of the camera."
        ),
    }
    return texts[code]

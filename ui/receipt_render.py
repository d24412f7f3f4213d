"""Draw a receipt with QPainter at any resolution: the 80 mm PDF, images for the screen and tests.

The layout is a list of blocks measured for the paint device first (so a PDF page can be exactly
as tall as the receipt), then painted top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPaintDevice, QPainter

from kiosk.receipt import ReceiptContent, label, qr_matrix

PAPER_MM = 80.0
MARGIN_MM = 4.0
QR_MM = 38.0
_CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap


@dataclass
class Block:
    kind: str  # "text", "qr", "gap"
    text: str = ""
    points: float = 9.0
    bold: bool = False
    flags: Qt.AlignmentFlag = _LEFT
    height: float = 0.0  # set by measure()


def blocks(content: ReceiptContent) -> list[Block]:
    lang = content.language
    out = [
        Block("text", label("header", lang), 8.5, False, _CENTER),
        Block("text", label("title", lang), 11, True, _CENTER),
        Block("gap", points=2),
        Block("text", label("tracking_code", lang), 8.5, False, _CENTER),
        Block("text", content.tracking_code, 15, True, _CENTER),
        Block("gap", points=2),
    ]
    for name, value in content.rows[1:]:
        out.append(Block("text", name, 8, True))
        out.append(Block("text", value, 9.5))
    for note in content.notes:
        out += [Block("gap", points=1), Block("text", note, 9, True)]
    out += [
        Block("gap", points=2),
        Block("text", label("scan", lang), 8, False, _CENTER),
        Block("qr", content.qr_data),
        Block("text", content.qr_data, 7.5, False, _CENTER),
        Block("gap", points=2),
        Block("text", label("keep", lang), 8, False, _CENTER),
        Block("text", label("complaints", lang), 8, False, _CENTER),
    ]
    return out


def _font(block: Block, device: QPaintDevice) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(block.points)
    font.setBold(block.bold)
    return font


def _mm(device: QPaintDevice, mm: float) -> float:
    return mm / 25.4 * device.logicalDpiX()


def measure(items: list[Block], width: float, device: QPaintDevice) -> float:
    """Set each block's height for `device` at `width` device pixels; return the total."""
    total = 0.0
    for block in items:
        if block.kind == "text":
            metrics = QFontMetricsF(_font(block, device), device)
            rect = metrics.boundingRect(QRectF(0, 0, width, 1e6), int(block.flags), block.text)
            block.height = rect.height() + metrics.leading() + _mm(device, 0.6)
        elif block.kind == "qr":
            block.height = _mm(device, QR_MM) + _mm(device, 3.0)
        else:
            block.height = _mm(device, block.points)
        total += block.height
    return total


def paint(painter: QPainter, items: list[Block], left: float, top: float, width: float) -> None:
    device = painter.device()
    y = top
    painter.setPen(QColor("black"))
    for block in items:
        if block.kind == "text":
            painter.setFont(_font(block, device))
            painter.drawText(QRectF(left, y, width, block.height), int(block.flags), block.text)
        elif block.kind == "qr":
            _paint_qr(
                painter, block.text, left + width / 2, y + _mm(device, 1.5), _mm(device, QR_MM)
            )
        y += block.height


def _paint_qr(painter: QPainter, data: str, center_x: float, top: float, size: float) -> None:
    matrix = qr_matrix(data)
    n = len(matrix)
    module = size / n
    x0 = center_x - size / 2
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                # Overlap by a hair so PDF viewers draw no white seams between modules.
                painter.drawRect(
                    QRectF(x0 + c * module, top + r * module, module + 0.5, module + 0.5)
                )
    painter.restore()


def render_image(content: ReceiptContent, width_px: int = 576, dpi: int = 203) -> QImage:
    """The receipt as a white image, `width_px` wide at `dpi` (576 px at 203 dpi = 72 mm)."""
    probe = QImage(8, 8, QImage.Format.Format_RGB32)
    _set_dpi(probe, dpi)
    margin = _mm(probe, 2.0)
    items = blocks(content)
    height = measure(items, width_px - 2 * margin, probe)
    image = QImage(width_px, int(height + 2 * margin) + 1, QImage.Format.Format_RGB32)
    _set_dpi(image, dpi)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    paint(painter, items, margin, margin, width_px - 2 * margin)
    painter.end()
    return image


def _set_dpi(image: QImage, dpi: int) -> None:
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)


def qr_image(data: str, module_px: int = 8, quiet: int = 4) -> QImage:
    """The QR code as a crisp black-on-white QImage (for the screen and the status tests)."""
    matrix = qr_matrix(data)
    n = len(matrix) + 2 * quiet
    image = QImage(n * module_px, n * module_px, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                painter.drawRect(
                    (c + quiet) * module_px, (r + quiet) * module_px, module_px, module_px
                )
    painter.end()
    return image

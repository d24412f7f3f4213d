"""PDF fallback: the receipt on one 80 mm wide page (QPdfWriter), as tall as its content.

Used when the kiosk has no thermal printer (printer.kind = "pdf": files for an office printer or
a technician) and by tests, which render the page back and decode the QR code.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from kiosk.ports import PrinterUnavailable
from kiosk.receipt import ReceiptContent
from ui.receipt_render import MARGIN_MM, PAPER_MM, blocks, measure, paint

RESOLUTION = 300  # dpi of the PDF's drawing units


def write_pdf(content: ReceiptContent, path: Path) -> Path:
    """Write the receipt to `path` (folders created); raise PrinterUnavailable if impossible."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PrinterUnavailable(f"cannot create {path.parent}: {exc.strerror}") from exc
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setTitle(content.tracking_code)
    writer.setCreator("MPP Kiosk")
    dots_per_mm = RESOLUTION / 25.4
    width = (PAPER_MM - 2 * MARGIN_MM) * dots_per_mm
    items = blocks(content)
    height_mm = measure(items, width, writer) / dots_per_mm + 2 * MARGIN_MM
    size = QPageSize(
        QSizeF(PAPER_MM, height_mm),
        QPageSize.Unit.Millimeter,
        "receipt",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )
    writer.setPageLayout(
        QPageLayout(
            size,
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise PrinterUnavailable(f"cannot write the PDF receipt {path}")
    try:
        margin = MARGIN_MM * dots_per_mm
        paint(painter, items, margin, margin, width)
    finally:
        painter.end()
    if not path.is_file() or path.stat().st_size == 0:
        raise PrinterUnavailable(f"the PDF receipt {path} was not written")
    return path

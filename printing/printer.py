"""The kiosk's ReceiptPrinter (kiosk.ports): ESC/POS or PDF as configured, with a reprint queue.

printer.kind: "network" | "usb" | "serial" | "file" (ESC/POS through python-escpos), "pdf" (one
80 mm PDF per receipt in printer.target, default <data dir>/receipts), or "none" (no printer:
the receipt is only on screen). When printing fails the receipt is queued for reprint and
PrinterUnavailable is raised, so the screen keeps showing it and says it will be reprinted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from kiosk.ports import PrinterUnavailable, Receipt
from kiosk.receipt import ReceiptContent, kiosk_receipt
from printing import escpos_printer
from printing.escpos_printer import PrinterSpec
from printing.reprint import ReprintQueue

log = logging.getLogger(__name__)


class KioskReceiptPrinter:
    """ReceiptPrinter port. Call print() off the UI thread (network printers may take seconds)."""

    def __init__(
        self,
        config,
        data_dir: Path,
        catalog=None,
        language: Callable[[], str] = lambda: "id",
        timeout: float = 5.0,
        pdf_writer: Callable[[ReceiptContent, Path], None] | None = None,
    ):
        self.config = config
        self.spec = PrinterSpec.from_config(config)
        self.data_dir = Path(data_dir)
        self.catalog = catalog
        self.language = language
        self.timeout = timeout
        # PDF receipts are drawn with Qt, which this package must not import: the app hands
        # the UI's writer in (ui/receipt_pdf.py).
        self.pdf_writer = pdf_writer
        self.queue = ReprintQueue(self.data_dir / "reprint")

    @property
    def has_printer(self) -> bool:
        return self.spec.kind != "none"

    def content(self, receipt: Receipt, language: str | None = None) -> ReceiptContent:
        return kiosk_receipt(receipt, self.config, self.catalog, language or self.language())

    def print(self, receipt: Receipt) -> None:
        language = self.language()
        try:
            self.output(receipt, language)
        except PrinterUnavailable:
            if self.has_printer:
                self.queue.put(receipt, language)
            raise
        self.queue.discard(receipt.tracking_code)  # printed on a retry from the screen

    def output(self, receipt: Receipt, language: str) -> None:
        """Print now, no queueing; raises PrinterUnavailable."""
        content = self.content(receipt, language)
        kind = self.spec.kind
        if kind == "none":
            raise PrinterUnavailable("no printer configured (printer.kind = none)")
        if kind == "pdf":
            if self.pdf_writer is None:
                raise PrinterUnavailable("PDF receipts need the kiosk's Qt renderer")
            folder = Path(self.spec.target) if self.spec.target else self.data_dir / "receipts"
            self.pdf_writer(content, folder / f"{receipt.tracking_code}.pdf")
            return
        escpos_printer.send(self.spec, escpos_printer.compose(content), self.timeout)

    def reprint_pending(self) -> int:
        """Try the queued receipts again (e.g. after paper was refilled); returns how many
        were printed."""
        if not self.has_printer:
            return 0
        printed, _error = self.queue.drain(self.output)
        return len(printed)

"""The queue console of the staff screen: what `kiosk queue status|retry` and `kiosk printer
status|reprint` show and do, for the running kiosk (the same functions: kiosk.store.status and
the printer's reprint queue). Counts, reasons and tracking codes only: never sealed contents.

The composition root hands one to the UI as `Ports.queue` (the UI never imports the store).
"""

from __future__ import annotations

from kiosk.store.status import queue_status, retry_application


class QueueConsole:
    """store: the kiosk Store; printer: printing.printer.KioskReceiptPrinter or None.
    Call from a worker thread: the printer may take seconds."""

    def __init__(self, store, printer=None):
        self.store = store
        self.printer = printer

    def status(self) -> dict:
        """kiosk.store.status.queue_status plus the printer's state (`printer`: kind, target,
        has_printer, the receipts waiting for reprint)."""
        status = queue_status(self.store)
        status.pop("durability", None)  # a technician's detail, not the counter's
        status["printer"] = self.printer_status()
        return status

    def retry(self, id_or_code: str) -> str:
        """Send a rejected or waiting application again; its tracking code (KioskError when
        it cannot be retried)."""
        return retry_application(self.store, id_or_code).tracking_code

    def printer_status(self) -> dict:
        printer = self.printer
        if printer is None:
            return {"kind": "none", "target": "", "has_printer": False, "queued": []}
        return {
            "kind": printer.spec.kind,
            "target": printer.spec.target or "",
            "has_printer": printer.has_printer,
            "queued": [
                {"tracking_code": q.receipt.tracking_code, "queued_at": q.queued_at.isoformat()}
                for q in printer.queue.pending()
            ],
        }

    def reprint(self, tracking_code: str | None = None) -> tuple[list[str], str | None]:
        """Print the receipts waiting (or only `tracking_code`'s), oldest first: the codes
        printed and the printer's error when it is still unavailable."""
        printer = self.printer
        if printer is None or not printer.has_printer:
            return [], "no printer configured (printer.kind = none)"
        queued = printer.queue.pending()
        if tracking_code is not None:
            queued = [q for q in queued if q.receipt.tracking_code == tracking_code]
        printed, error = printer.queue.drain(printer.output, queued)
        return [q.receipt.tracking_code for q in printed], (str(error) if error else None)

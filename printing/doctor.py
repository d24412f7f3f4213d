"""Doctor check for the receipt printer: the configuration and receipts waiting for reprint."""

from __future__ import annotations

from pathlib import Path

from kiosk.doctor import CheckResult, fail, ok, warn
from kiosk.errors import KioskError


def check_printer(config, data_dir: Path) -> CheckResult:
    from printing.printer import KioskReceiptPrinter

    try:
        printer = KioskReceiptPrinter(config, Path(data_dir))
    except KioskError as exc:
        return fail(
            "printer",
            f"printer configuration is wrong: {exc}",
            "Set printer.kind and printer.target in kiosk.toml, then `kiosk printer test`.",
        )
    queued = len(printer.queue.pending())
    target = f" {printer.spec.target}" if printer.spec.target else ""
    detail = f"printer {printer.spec.kind}{target}, {queued} receipt(s) waiting for reprint"
    if not printer.has_printer:
        return warn(
            "printer",
            detail,
            "No printer is configured: set printer.kind and printer.target if this kiosk has one.",
        )
    if queued:
        return warn(
            "printer",
            detail,
            "Check paper and power, then print them with `kiosk printer reprint`.",
        )
    return ok("printer", detail)

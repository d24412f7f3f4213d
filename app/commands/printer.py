"""`kiosk printer status|reprint|test`: the receipt printer and its reprint queue.

A receipt that could not be printed (no paper, printer offline) stays on the citizen's screen
and waits in `<data>/reprint/`; counter staff print it here once the printer is back.
"""

from __future__ import annotations

import json

from kiosk.errors import KioskError

EXIT_STILL_QUEUED = 1
_app = None  # printer.kind = "pdf": the QGuiApplication kept for the command's lifetime


def register(subparsers) -> None:
    parser = subparsers.add_parser("printer", help="the receipt printer and its reprint queue")
    actions = parser.add_subparsers(dest="printer_action", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="the configured printer and the queued receipts")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=run_status)
    reprint = actions.add_parser(
        "reprint", help="print the queued receipts, oldest first (exit 1 if some stay queued)"
    )
    reprint.add_argument("tracking_code", nargs="?", help="only this receipt")
    reprint.set_defaults(handler=run_reprint)
    test = actions.add_parser("test", help="print a sample receipt (marked CONTOH / SAMPLE)")
    test.add_argument("--language", choices=("id", "en"), default="id")
    test.set_defaults(handler=run_test)


def _printer(args):
    from app.compose import write_pdf_receipt
    from kiosk import paths
    from kiosk.config import load_config
    from printing.printer import KioskReceiptPrinter

    data = paths.data_dir(args.data_dir)
    config = load_config(paths.config_file(args.config), data)
    # a bad printer.kind/target is a KioskError
    printer = KioskReceiptPrinter(config, data, pdf_writer=write_pdf_receipt)
    if printer.spec.kind == "pdf":
        _gui_application()
    return printer


def _gui_application() -> None:
    """Qt draws the PDF receipt and needs a QGuiApplication for its fonts (without one it
    aborts the process). A terminal command has no window: offscreen when no display is set."""
    import os
    import sys

    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    global _app
    _app = QGuiApplication(sys.argv[:1])


def run_status(args) -> int:
    printer = _printer(args)
    queued = printer.queue.pending()
    status = {
        "kind": printer.spec.kind,
        "target": printer.spec.target,
        "queued": [
            {"tracking_code": q.receipt.tracking_code, "queued_at": q.queued_at.isoformat()}
            for q in queued
        ],
    }
    if args.json:
        print(json.dumps(status))
        return 0
    target = f" {printer.spec.target}" if printer.spec.target else ""
    print(f"printer: {printer.spec.kind}{target}")
    print(f"receipts waiting for reprint: {len(queued)}")
    for q in queued:
        print(f"  {q.receipt.tracking_code}  queued {q.queued_at:%Y-%m-%d %H:%M} UTC")
    return 0


def run_reprint(args) -> int:
    printer = _printer(args)
    if not printer.has_printer:
        raise KioskError(
            "no printer is configured (printer.kind = none); set printer.kind and printer.target",
            "Printer belum diatur (printer.kind = none); atur printer.kind dan printer.target",
        )
    queued = printer.queue.pending()
    if args.tracking_code:
        from kiosk.tracking import TrackingCodeError, normalize

        try:
            wanted = normalize(args.tracking_code)
        except TrackingCodeError as exc:
            raise KioskError(exc.message_en) from None
        queued = [q for q in queued if normalize(q.receipt.tracking_code) == wanted]
        if not queued:
            raise KioskError(f"no receipt {wanted} is waiting for reprint (kiosk printer status)")
    printed, error = printer.queue.drain(printer.output, queued)
    for item in printed:
        print(f"printed {item.receipt.tracking_code}")
    if error is not None:
        print(f"printer still unavailable: {error}")
    print(f"{len(printed)} printed, {len(printer.queue)} still waiting")
    return EXIT_STILL_QUEUED if error is not None else 0


def run_test(args) -> int:
    import datetime as dt

    from kiosk.ports import PrinterUnavailable, Receipt

    printer = _printer(args)
    sample = Receipt(
        tracking_code="CONTOH",
        service_id="Uji printer" if args.language == "id" else "Printer test",
        verification_pending=False,
        masked_nik="3171**********01",
        submitted_at=dt.datetime.now(dt.UTC),
    )
    try:
        printer.output(sample, args.language)
    except PrinterUnavailable as exc:
        raise KioskError(f"the printer did not print: {exc}") from None
    print(f"sample receipt sent to the {printer.spec.kind} printer")
    return 0

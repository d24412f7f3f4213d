"""Thermal receipts over ESC/POS with python-escpos: USB, serial, network or a file/device node.

The whole receipt is first composed into an in-memory Dummy printer and then sent in one write,
so a printer that goes away halfway never gets half a receipt from us, and tests can read the
exact bytes back. Any failure (cannot open, out of paper, write error) becomes
kiosk.ports.PrinterUnavailable; the caller keeps the receipt on screen and queues a reprint.
"""

from __future__ import annotations

import logging
import textwrap
import unicodedata
from dataclasses import dataclass
from functools import cache

from kiosk.errors import KioskError
from kiosk.ports import PrinterUnavailable
from kiosk.receipt import ReceiptContent, label, qr_matrix

log = logging.getLogger(__name__)

KINDS = ("none", "usb", "serial", "network", "file", "pdf")
PROFILE = "TM-T20II"  # a common 80 mm printer (576 dots); only used to compose the bytes
COLUMNS = 42  # safe for 80 mm printers (42 or 48 columns in font A)
QR_MODULE_DOTS = 6  # 6 dots per module at 203 dpi: ~0.75 mm, read easily by phones
QR_QUIET_MODULES = 4


class PrinterConfigError(KioskError):
    """printer.kind / printer.target do not describe a printer this kiosk can drive."""


@dataclass(frozen=True)
class PrinterSpec:
    kind: str
    target: str = ""

    @classmethod
    def from_config(cls, config) -> PrinterSpec:
        kind = str(config.get("printer.kind", "none") or "none").strip().lower()
        target = str(config.get("printer.target", "") or "").strip()
        if kind not in KINDS:
            raise PrinterConfigError(
                f"printer.kind {kind!r} is unknown; use one of {', '.join(KINDS)}",
                f"Jenis printer {kind!r} tidak dikenal; gunakan salah satu dari {', '.join(KINDS)}",
            )
        if kind in ("usb", "serial", "network", "file") and not target:
            examples = {
                "usb": "/dev/usb/lp0 or 04b8:0202",
                "serial": "/dev/ttyUSB0@19200",
                "network": "192.168.1.50:9100",
                "file": "/tmp/receipts.bin",
            }
            raise PrinterConfigError(
                f"printer.target is empty for printer.kind={kind}; e.g. {examples[kind]}"
            )
        return cls(kind, target)


def open_device(spec: PrinterSpec, timeout: float = 5.0):
    """A python-escpos printer object for the spec (not opened yet)."""
    from escpos import printer

    kind, target = spec.kind, spec.target
    if kind == "file" or (kind == "usb" and target.startswith("/")):
        # A USB printer through the kernel's usblp driver is a plain device node.
        return appending_file()(target, auto_flush=True)
    if kind == "usb":
        try:
            vendor, product = (int(part, 16) for part in target.split(":"))
        except ValueError:
            raise PrinterConfigError(
                f"printer.target {target!r}: give VENDOR:PRODUCT in hex (e.g. 04b8:0202) "
                "or a device path such as /dev/usb/lp0"
            ) from None
        if not printer.Usb.is_usable():
            raise PrinterConfigError(
                "USB printers by vendor:product need the pyusb package; install it or use the "
                "device path /dev/usb/lp0 as printer.target"
            )
        return printer.Usb(vendor, product, timeout=int(timeout * 1000))
    if kind == "serial":
        device, _, baud = target.partition("@")
        if not printer.Serial.is_usable():
            raise PrinterConfigError("serial printers need the pyserial package; install it")
        return printer.Serial(device, baudrate=int(baud or 9600), timeout=timeout)
    if kind == "network":
        host, _, port = target.rpartition(":") if ":" in target else (target, "", "9100")
        try:
            return printer.Network(host, int(port or 9100), timeout=timeout)
        except ValueError:
            raise PrinterConfigError(f"printer.target {target!r}: use HOST or HOST:PORT") from None
    raise PrinterConfigError(f"printer.kind {kind!r} has no ESC/POS device")


@cache
def appending_file() -> type:
    """File printer that appends: a spool file keeps every receipt, not only the last one.
    Made on first use: importing python-escpos parses its printer profiles (~0.2 s), which
    the kiosk's start-up does not need."""
    from escpos import printer
    from escpos.exceptions import DeviceNotFoundError

    class AppendingFile(printer.File):
        def open(self, raise_not_found: bool = True) -> None:
            if self._device:
                self.close()
            try:
                self.device = open(self.devfile, "ab")
            except OSError as exc:
                self.device = None
                raise DeviceNotFoundError(f"cannot open {self.devfile}: {exc.strerror}") from exc

    return AppendingFile


def _ascii(text: str) -> str:
    """Thermal printers' code pages vary; Indonesian needs no accents, so fold to ASCII."""
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u00d7", "x")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def qr_image(data: str, module: int = QR_MODULE_DOTS, quiet: int = QR_QUIET_MODULES):
    """The QR code (segno) as a black-on-white PIL image for raster printing."""
    import numpy as np
    from PIL import Image

    matrix = np.array(qr_matrix(data), dtype=bool)
    matrix = np.pad(matrix, quiet, constant_values=False)
    pixels = np.where(matrix, 0, 255).astype(np.uint8)
    pixels = pixels.repeat(module, axis=0).repeat(module, axis=1)
    return Image.fromarray(pixels, mode="L").convert("1")


def _block(p, text: str, columns: int) -> None:
    lines = textwrap.wrap(_ascii(text), columns, break_on_hyphens=False) or [""]
    p.text("\n".join(lines) + "\n")


def compose(content: ReceiptContent, columns: int = COLUMNS) -> bytes:
    """The complete ESC/POS byte stream of one receipt."""
    from escpos import printer

    p = printer.Dummy(profile=PROFILE)
    lang = content.language
    p.set(align="center", bold=True)
    p.text(_ascii(label("header", lang)) + "\n")
    p.set(align="center", bold=True, double_height=True)
    p.text(_ascii(label("title", lang)) + "\n\n")
    p.set(align="center", normal_textsize=True)
    p.text(_ascii(label("tracking_code", lang)) + "\n")
    p.set(align="center", bold=True, double_width=True, double_height=True)
    p.text(content.tracking_code + "\n\n")
    p.set(align="left", normal_textsize=True)
    for name, value in content.rows[1:]:
        p.set(align="left", bold=True, normal_textsize=True)
        p.text(_ascii(name) + ":\n")
        p.set(align="left", bold=False, normal_textsize=True)
        _block(p, value, columns)
    for note in content.notes:
        p.set(align="left", bold=True, normal_textsize=True)
        p.text("\n")
        _block(p, note, columns)
    p.set(align="center", bold=False, normal_textsize=True)
    p.text("\n")
    _block(p, label("scan", lang), columns)
    p.set(align="center")  # ESC a applies to raster images too; no printer profile needed
    p.image(qr_image(content.qr_data))
    p.text(_ascii(content.qr_data) + "\n\n")
    _block(p, label("keep", lang), columns)
    _block(p, label("complaints", lang), columns)
    p.cut()
    return p.output


def send(spec: PrinterSpec, data: bytes, timeout: float = 5.0) -> None:
    """Open the printer, refuse when it reports no paper, write the receipt, close."""
    from escpos.exceptions import Error as EscposError

    try:
        device = open_device(spec, timeout)
    except PrinterConfigError as exc:
        raise PrinterUnavailable(str(exc)) from exc
    try:
        device.open()
        if spec.kind in ("network", "serial") or (spec.kind == "usb" and ":" in spec.target):
            _check_paper(device)
        device._raw(data)  # one write of the pre-composed receipt (no public raw call exists)
        flush = getattr(device, "flush", None)
        if callable(flush):
            flush()
    except PrinterUnavailable:
        raise
    except (OSError, EscposError, AssertionError, ValueError) as exc:
        raise PrinterUnavailable(f"{spec.kind} printer {spec.target}: {exc}") from exc
    finally:
        try:
            device.close()
        except Exception:  # closing a dead device must not hide the real error
            log.debug("closing the printer failed", exc_info=True)


def _check_paper(device) -> None:
    try:
        status = device.paper_status()
    except (OSError, TimeoutError) as exc:
        # Many printers never answer status queries; a real failure shows up on write.
        log.info("printer did not answer the paper query: %s", exc)
        return
    if status == 0:
        raise PrinterUnavailable("out of paper")
    if status == 1:
        log.warning("printer paper is running low")

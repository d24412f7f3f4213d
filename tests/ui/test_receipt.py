"""Receipts: content and local time, ESC/POS bytes read back, the 80 mm PDF, reprint, the screen."""

from __future__ import annotations

import datetime as dt
import socket
import threading

import pytest
from finish_support import (
    FULL_NAME,
    NIK,
    SCREEN_SIZES,
    RecordingSubmitter,
    closed_port,
    decode_qr,
    drive_to_review,
    escpos_text,
    make_config,
    make_session,
    no_camera,
    qimage_to_rgb,
    raster_images,
    save_screenshot,
    translations_fixture,
)
from PySide6.QtCore import QSize

from kiosk.catalog import default_catalog
from kiosk.ports import PrinterUnavailable, Receipt
from kiosk.receipt import ReceiptError, build_receipt, contains_full_nik, format_local
from kiosk.session import State
from kiosk.tracking import new_code
from printing.escpos_printer import PrinterConfigError, PrinterSpec
from printing.printer import KioskReceiptPrinter
from ui.layout_check import text_problems
from ui.receipt_pdf import write_pdf
from ui.receipt_render import render_image

WHEN = dt.datetime(2026, 11, 27, 23, 5, tzinfo=dt.UTC)  # 28 Nov in every Indonesian zone
STATUS_URL = "https://mpp.example.go.id/status/"

translations = pytest.fixture(translations_fixture)


def a_receipt(pending: bool = False, masked: str = "3171********0001") -> Receipt:
    return Receipt(new_code(), "cetak-kk", pending, masked_nik=masked, submitted_at=WHEN)


@pytest.mark.parametrize(
    ("zone", "shown_id", "shown_en"),
    [
        ("Asia/Jakarta", "28 November 2026, 06.05 WIB", "28 November 2026, 06:05 WIB"),
        ("Asia/Makassar", "28 November 2026, 07.05 WITA", "28 November 2026, 07:05 WITA"),
        ("Asia/Jayapura", "28 November 2026, 08.05 WIT", "28 November 2026, 08:05 WIT"),
    ],
)
def test_local_time_in_the_kiosk_zone(zone, shown_id, shown_en):
    assert format_local(WHEN, zone, "id") == shown_id
    assert format_local(WHEN, zone, "en") == shown_en
    naive_utc = WHEN.replace(tzinfo=None)  # servers store UTC without a zone
    assert format_local(naive_utc, zone, "id") == shown_id


def test_unknown_zone_is_a_clear_error():
    with pytest.raises(ReceiptError, match="Asia/Jakarta"):
        format_local(WHEN, "Europe/Berlin", "id")


def test_content_has_the_facts_and_never_a_full_nik():
    service = default_catalog().get("cetak-kk")
    leaked = a_receipt(pending=True, masked=NIK)  # a careless submitter gave the full NIK
    content = build_receipt(
        leaked, language="id", timezone="Asia/Makassar", status_url=STATUS_URL, service=service
    )
    text = "\n".join(content.text_lines())
    assert not contains_full_nik(text) and NIK not in text
    assert "3171********0001" in text
    assert leaked.tracking_code in text and "Cetak Kartu Keluarga" in text
    assert service.processing_time.text_id in text and "WITA" in text
    assert content.qr_data == STATUS_URL + leaked.tracking_code
    assert content.notes and "Verifikasi menunggu" in content.notes[0]
    english = build_receipt(
        leaked, language="en", timezone="Asia/Jakarta", status_url=STATUS_URL, service=service
    )
    assert "Family Card" in english.service_name and english.rows[0][0] == "Tracking code"


def test_escpos_receipt_read_back_from_a_file_printer(tmp_path):
    out = tmp_path / "printer.bin"
    config = make_config(
        tmp_path,
        printer__kind="file",
        printer__target=str(out),
        server__status_url=STATUS_URL,
        kiosk__timezone="Asia/Jayapura",
    )
    printer = KioskReceiptPrinter(config, tmp_path, default_catalog(), language=lambda: "en")
    receipt = a_receipt()
    printer.print(receipt)
    data = out.read_bytes()
    assert data.startswith(b"\x1b") and data.rstrip().endswith(
        (b"\x1dV\x00", b"\x1dVA\x00", b"\x1dVB\x00")
    )
    text = escpos_text(data)
    assert receipt.tracking_code in text and "3171********0001" in text
    assert "Family Card" in text and "WIT" in text
    assert NIK.encode() not in data and FULL_NAME.encode() not in data.upper()
    images = raster_images(data)
    assert len(images) == 1
    assert decode_qr(images[0]) == STATUS_URL + receipt.tracking_code
    assert len(printer.queue) == 0


def test_pdf_is_80_mm_wide_and_its_qr_scans(tmp_path, qapp):
    from PySide6.QtPdf import QPdfDocument

    receipt = a_receipt(pending=True)
    content = build_receipt(
        receipt, language="id", status_url=STATUS_URL, service=default_catalog().get("cetak-kk")
    )
    path = write_pdf(content, tmp_path / "r" / "receipt.pdf")
    doc = QPdfDocument()
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    assert doc.pageCount() == 1
    size = doc.pagePointSize(0)
    assert abs(size.width() / 72 * 25.4 - 80.0) < 0.5  # 80 mm paper
    assert size.height() > size.width()
    scale = 300 / 72
    page = doc.render(0, QSize(round(size.width() * scale), round(size.height() * scale)))
    assert decode_qr(qimage_to_rgb(page)) == STATUS_URL + receipt.tracking_code
    raw = path.read_bytes()
    assert NIK.encode() not in raw


def test_rendered_image_matches_the_content(qapp):
    receipt = a_receipt()
    content = build_receipt(receipt, language="en", status_url=STATUS_URL)
    image = render_image(content)
    assert image.width() == 576 and image.height() > 800
    assert decode_qr(qimage_to_rgb(image)) == content.qr_data


def test_offline_printer_keeps_the_receipt_for_reprint(tmp_path):
    offline = make_config(
        tmp_path, printer__kind="network", printer__target=f"127.0.0.1:{closed_port()}"
    )
    printer = KioskReceiptPrinter(offline, tmp_path, language=lambda: "id", timeout=2)
    first, second = a_receipt(), a_receipt(pending=True)
    for receipt in (first, second):
        with pytest.raises(PrinterUnavailable):
            printer.print(receipt)
    assert [q.receipt.tracking_code for q in printer.queue.pending()] == [
        first.tracking_code,
        second.tracking_code,
    ]
    assert printer.reprint_pending() == 0  # still offline: nothing lost
    assert len(printer.queue) == 2

    # The technician fixes the printer (here: the same data folder, a working device).
    out = tmp_path / "fixed.bin"
    fixed = make_config(tmp_path, printer__kind="file", printer__target=str(out))
    again = KioskReceiptPrinter(fixed, tmp_path, language=lambda: "en")
    assert again.reprint_pending() == 2
    text = escpos_text(out.read_bytes())
    assert text.index(first.tracking_code) < text.index(second.tracking_code)
    assert "Kode pelacakan" in text  # printed in the language the citizen used
    assert len(again.queue) == 0


class PaperlessPrinter:
    """An ESC/POS network printer on loopback whose paper sensor says: no paper."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            conn.settimeout(3)
            try:
                while chunk := conn.recv(4096):
                    self.received += chunk
                    if b"\x10\x04\x04" in chunk:  # DLE EOT 4: paper sensor status
                        conn.sendall(bytes([0x72]))  # paper end sensors: no paper
            except OSError:
                pass

    def close(self) -> None:
        self.server.close()
        self.thread.join(timeout=5)


def test_out_of_paper_is_reported_and_nothing_is_printed(tmp_path):
    fake = PaperlessPrinter()
    try:
        config = make_config(
            tmp_path, printer__kind="network", printer__target=f"127.0.0.1:{fake.port}"
        )
        printer = KioskReceiptPrinter(config, tmp_path, timeout=3)
        receipt = a_receipt()
        with pytest.raises(PrinterUnavailable, match="paper"):
            printer.print(receipt)
    finally:
        fake.close()
    assert receipt.tracking_code.encode() not in fake.received
    assert [q.receipt.tracking_code for q in printer.queue.pending()] == [receipt.tracking_code]


def test_bad_printer_settings_say_what_to_do(tmp_path):
    with pytest.raises(PrinterConfigError, match="printer.kind"):
        PrinterSpec.from_config(make_config(tmp_path, printer__kind="laser"))
    with pytest.raises(PrinterConfigError, match="192.168"):
        PrinterSpec.from_config(make_config(tmp_path, printer__kind="network"))


# ----- the screen --------------------------------------------------------------------------


@pytest.fixture
def kiosk(qtbot, qapp, tmp_path, translations):
    """Controller + window with a file printer, driven to the review screen."""
    from ui import theme
    from ui.controller import KioskController, Ports
    from ui.window import KioskWindow

    theme.apply(qapp)
    out = tmp_path / "printer.bin"
    config = make_config(
        tmp_path, printer__kind="file", printer__target=str(out), server__status_url=STATUS_URL
    )
    session = make_session()
    holder = {}
    printer = KioskReceiptPrinter(
        config, tmp_path, default_catalog(), language=lambda: holder["c"].language
    )
    submitter = RecordingSubmitter()
    controller = KioskController(
        session,
        Ports(submitter=submitter, printer=printer),
        catalog=default_catalog(),
        config=config,
        translator=translations,
        camera_factory=no_camera,
    )
    holder["c"] = controller
    window = KioskWindow(controller)
    qtbot.addWidget(window)
    window.resize(*SCREEN_SIZES["portrait"])
    window.show()
    yield controller, window, out, submitter
    controller.stop()


def _submit(qtbot, controller, language="id"):
    drive_to_review(controller.session, language)
    with qtbot.waitSignal(controller.receiptPrinted, timeout=10000) as printed:
        controller.citizen.confirm(True)
        qtbot.waitUntil(lambda: controller.session.state is State.SUBMITTED, timeout=10000)
    return printed.args


def test_receipt_screen_prints_and_shows_the_receipt(qtbot, kiosk, tmp_path):
    controller, window, out, submitter = kiosk
    receipt, error = _submit(qtbot, controller)
    assert error is None
    screen = window.current_screen()
    assert type(screen).__name__ == "ReceiptScreen"
    assert screen.code.text() == receipt.tracking_code
    assert decode_qr(qimage_to_rgb(screen.qr.pixmap().toImage())) == (
        STATUS_URL + receipt.tracking_code
    )
    shown = " ".join(v.text() for _, v in screen._rows if v.isVisible())
    assert "Cetak Kartu Keluarga" in shown and "WIB" in shown and NIK not in shown
    assert screen.print_status.property("kind") == "success"
    assert not screen.reprint.isVisible()
    assert decode_qr(raster_images(out.read_bytes())[0]).endswith(receipt.tracking_code)
    assert submitter.packets[0].nik == NIK  # the application itself still had the NIK

    qtbot.mouseClick(screen.done, qtbot_button())
    assert controller.session.state is State.SURVEY


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


@pytest.mark.parametrize("language", ["en", "id"])
def test_printer_failure_keeps_the_receipt_on_screen(qtbot, kiosk, tmp_path, language):
    controller, window, out, _ = kiosk
    printer = controller.printer
    printer.spec = PrinterSpec("network", f"127.0.0.1:{closed_port()}")
    printer.timeout = 1
    receipt, error = _submit(qtbot, controller, language)
    assert isinstance(error, PrinterUnavailable)
    screen = window.current_screen()
    assert screen.code.text() == receipt.tracking_code  # still there
    assert screen.reprint.isVisible() and screen.print_status.property("kind") == "warning"
    assert ("petugas loket" if language == "id" else "counter staff") in screen.print_status.text()
    save_screenshot(window, tmp_path, f"receipt_printer_failed_{language}_portrait")
    assert text_problems(window) == []
    assert len(printer.queue) == 1

    printer.spec = PrinterSpec("file", str(out))  # paper back in
    with qtbot.waitSignal(controller.receiptPrinted, timeout=10000) as printed:
        qtbot.mouseClick(screen.reprint, qtbot_button())
    assert printed.args[1] is None and not screen.reprint.isVisible()
    assert len(printer.queue) == 0 and receipt.tracking_code in escpos_text(out.read_bytes())


def test_reset_wipes_the_receipt_screen(qtbot, kiosk):
    controller, window, _, _ = kiosk
    receipt, _ = _submit(qtbot, controller)
    screen = window.current_screen()
    session = controller.session
    session.tick(session._last_activity + 1000)  # warning
    session.tick(session._last_activity + 5000)  # reset
    assert session.state is State.WELCOME
    assert screen.code.text() == "" and screen.qr.pixmap().isNull()
    assert all(not v.text() for _, v in screen._rows)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_receipt_screenshots(qtbot, kiosk, tmp_path, language, orientation):
    controller, window, _, _ = kiosk
    window.resize(*SCREEN_SIZES[orientation])
    _submit(qtbot, controller, language)
    window.resize(*SCREEN_SIZES[orientation])  # an earlier screen may have grown the window
    qtbot.wait(50)
    screen = window.current_screen()
    save_screenshot(window, tmp_path, f"receipt_{language}_{orientation}")
    assert (window.width(), window.height()) == SCREEN_SIZES[orientation]  # fits, no growth
    assert text_problems(window) == []  # no text elided or cut off
    if language == "id":
        assert screen.done.text() == "Selesai"
        assert screen.heading.text() == "Permohonan Anda sudah terkirim"

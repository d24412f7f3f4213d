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
    decode_qr,
    escpos_text,
    fresh_citizen,
    make_config,
    qimage_to_rgb,
    raster_images,
    real_kiosk,
    save_screenshot,
    submit,
    verified,
)
from journey_support import settle_layouts
from PySide6.QtCore import QSize
from real_support import FakeClock
from shell_journey import server_application

from kiosk.catalog import default_catalog
from kiosk.ports import PrinterUnavailable, Receipt
from kiosk.receipt import ReceiptError, build_receipt, contains_full_nik, format_local
from kiosk.session import State
from kiosk.tracking import new_code
from printing.escpos_printer import PrinterConfigError, PrinterSpec
from printing.printer import KioskReceiptPrinter
from server.admin import show_application
from ui.layout_check import text_problems
from ui.receipt_pdf import write_pdf
from ui.receipt_render import render_image

WHEN = dt.datetime(2026, 11, 27, 23, 5, tzinfo=dt.UTC)  # 28 Nov in every Indonesian zone
STATUS_URL = "https://mpp.example.go.id/status/"


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
    assert data.startswith(b"\x1b")  # ESC: the first formatting command
    assert data.endswith(b"\x1dV\x00")  # GS V 0: the paper cut in full after the receipt
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


def test_offline_printer_keeps_the_receipt_for_reprint(tmp_path, offline_port):
    offline = make_config(
        tmp_path, printer__kind="network", printer__target=f"127.0.0.1:{offline_port}"
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
    """An ESC/POS network printer on loopback whose paper sensor says "no paper" until the test
    puts paper in: kept because no real printer is attached, and paper-out is a device answer."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.paper = False
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:  # one connection per receipt, as python-escpos opens and closes
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(3)
                try:
                    while chunk := conn.recv(4096):
                        self.received += chunk
                        if b"\x10\x04\x04" in chunk:  # DLE EOT 4: paper sensor status
                            # the paper end sensors: 0x12 paper present, 0x72 no paper
                            conn.sendall(bytes([0x12 if self.paper else 0x72]))
                except OSError:
                    pass

    def close(self) -> None:
        try:
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the accept() waiting above
        except OSError:
            pass
        self.server.close()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()


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


# ----- the screen: a kiosk on its real ports (the demo server, the outbox, the printer) ---------


@pytest.fixture
def citizen(demo, clip_template) -> str:
    return fresh_citizen(demo, clip_template)


@pytest.fixture
def kiosk(make_kiosk, real_ports):
    """kiosk(size, **settings) -> (controller, window): the receipt's status link is STATUS_URL;
    the printer writes to tmp_path/"printer.bin" unless `settings` say otherwise."""

    def make(size="portrait", **settings):
        settings.setdefault("server.status_url", STATUS_URL)
        controller, window, _config = real_kiosk(make_kiosk, real_ports, size, **settings)
        return controller, window

    return make


def _submit(qtbot, controller, nik, template, language="id"):
    """A verified citizen's application, through to the receipt: (receipt, print error)."""
    assert verified(qtbot, controller, nik, template, language) is State.SERVICE
    with qtbot.waitSignal(controller.receiptPrinted, timeout=20000) as printed:
        submit(qtbot, controller)
    return printed.args


def test_receipt_screen_prints_and_shows_the_receipt(
    qtbot, kiosk, tmp_path, demo, citizen, clip_template
):
    controller, window = kiosk()
    receipt, error = _submit(qtbot, controller, citizen, clip_template)
    assert error is None
    screen = window.current_screen()
    assert type(screen).__name__ == "ReceiptScreen"
    assert screen.code.text() == receipt.tracking_code
    assert decode_qr(qimage_to_rgb(screen.qr.pixmap().toImage())) == (
        STATUS_URL + receipt.tracking_code
    )
    shown = " ".join(v.text() for _, v in screen._rows if v.isVisible())
    assert "Cetak Kartu Keluarga" in shown and "WIB" in shown and citizen not in shown
    assert f"{citizen[:4]}********{citizen[-4:]}" in shown
    assert screen.print_status.property("kind") == "success"
    assert screen.print_status.text() == PRINTED["id"]
    assert not screen.reprint.isVisible()
    out = tmp_path / "printer.bin"
    assert decode_qr(raster_images(out.read_bytes())[0]) == STATUS_URL + receipt.tracking_code
    # the application itself, as the server received it from the outbox, still has the NIK
    server_application(demo, receipt.tracking_code)
    sent = show_application(demo.ctx, receipt.tracking_code)
    assert sent["packet"]["nik"] == citizen and sent["packet"]["service_id"] == "cetak-kk"
    assert sent["packet"]["form"]["alasan_cetak"] == "perubahan_data"

    qtbot.mouseClick(screen.done, qtbot_button())
    assert controller.session.state is State.SURVEY


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


PRINTED = {
    "id": "Tanda terima sudah dicetak. Silakan ambil.",
    "en": "Your receipt has been printed. Please take it.",
}
PRINTER_FAILED = {
    "id": "Printer sedang tidak dapat dipakai. Tanda terima Anda sudah disimpan; petugas loket "
    "dapat mencetakkannya untuk Anda. Silakan catat atau foto kode pelacakan.",
    "en": "The printer is not available right now. Your receipt is saved: the counter staff "
    "can print it for you. Please note or photograph the tracking code.",
}


@pytest.mark.parametrize("language", ["en", "id"])
def test_out_of_paper_keeps_the_receipt_on_screen_until_paper_is_back(
    qtbot, kiosk, tmp_path, citizen, clip_template, language
):
    paperless = PaperlessPrinter()
    try:
        controller, window = kiosk(
            **{"printer.kind": "network", "printer.target": f"127.0.0.1:{paperless.port}"}
        )
        receipt, error = _submit(qtbot, controller, citizen, clip_template, language)
        assert isinstance(error, PrinterUnavailable)
        screen = window.current_screen()
        assert screen.code.text() == receipt.tracking_code  # still there
        assert screen.print_status.text() == PRINTER_FAILED[language]
        assert screen.reprint.isVisible() and screen.print_status.property("kind") == "warning"
        assert screen.reprint.text() == {"id": "Cetak ulang", "en": "Print again"}[language]
        save_screenshot(window, tmp_path, f"receipt_out_of_paper_{language}_portrait")
        assert text_problems(window) == []
        assert receipt.tracking_code.encode() not in paperless.received  # nothing printed
        waiting = controller.printer.queue.pending()  # kept for staff: `kiosk printer reprint`
        assert [q.receipt.tracking_code for q in waiting] == [receipt.tracking_code]

        paperless.paper = True  # staff put a new roll in
        with qtbot.waitSignal(controller.receiptPrinted, timeout=10000) as printed:
            qtbot.mouseClick(screen.reprint, qtbot_button())
        assert printed.args[1] is None and not screen.reprint.isVisible()
        assert screen.print_status.text() == PRINTED[language]
        assert len(controller.printer.queue) == 0
        qtbot.waitUntil(  # the bytes are still on their way through the loopback socket
            lambda: receipt.tracking_code in escpos_text(paperless.received), timeout=5000
        )
    finally:
        paperless.close()


def test_reset_wipes_the_receipt_screen(qtbot, make_kiosk, real_ports, citizen, clip_template):
    clock = FakeClock()
    controller, window, config = real_kiosk(make_kiosk, real_ports, clock=clock)
    _submit(qtbot, controller, citizen, clip_template)
    screen = window.current_screen()
    assert screen.code.text()
    # the citizen walks away: the inactivity warning after 45 s, the reset 15 s later (defaults)
    assert (config["session.inactivity_warning_s"], config["session.inactivity_reset_s"]) == (
        45,
        15,
    )
    with qtbot.waitSignal(controller.warningChanged, timeout=5000):
        clock.advance(46)
        controller.tick()
    assert controller.session.state is State.SUBMITTED
    clock.advance(16)
    controller.tick()
    assert controller.session.state is State.WELCOME
    assert screen.code.text() == "" and screen.qr.pixmap().isNull()
    assert all(not v.text() for _, v in screen._rows)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_receipt_screenshots(qtbot, kiosk, tmp_path, citizen, clip_template, language, orientation):
    controller, window = kiosk(orientation)
    _submit(qtbot, controller, citizen, clip_template, language)
    window.resize(*SCREEN_SIZES[orientation])  # an earlier screen may have grown the window
    settle_layouts()
    screen = window.current_screen()
    save_screenshot(window, tmp_path, f"receipt_{language}_{orientation}")
    assert (window.width(), window.height()) == SCREEN_SIZES[orientation]  # fits, no growth
    assert text_problems(window) == []  # no text elided or cut off
    if language == "id":
        assert screen.done.text() == "Selesai"
        assert screen.heading.text() == "Permohonan Anda sudah terkirim"

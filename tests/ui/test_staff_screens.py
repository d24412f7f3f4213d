"""The counter-staff screens (issue 13) against the reference server over loopback: the long
press on the welcome screen, sign-in with wrong PINs and the lock, the console after a good
PIN, idle sign-out on a fake clock, a help request of another kiosk of the site seen and
acknowledged, offline help, the queue console (counts, a rejected application, retry)."""

from __future__ import annotations

import datetime as dt
import time
import uuid

import pytest
from PySide6.QtCore import Qt
from real_support import FakeClock
from shell_support import back_to_welcome
from staff_ui_support import (
    PIN,
    WRONG,
    OtherKiosk,
    add_staff,
    long_press,
    sign_in,
    staff_ports,
)

from kiosk.ports import Receipt
from kiosk.session.states import State
from kiosk.staff import IDLE_S
from kiosk.store.applications import Applications

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def fast_long_press(monkeypatch):
    import ui.screens.welcome as welcome

    assert welcome.LONG_PRESS_MS == 3000  # what staff do; the tests hold it for less
    monkeypatch.setattr(welcome, "LONG_PRESS_MS", 300)


def test_long_press_opens_the_sign_in_wrong_pins_lock_the_account(
    make_kiosk, real_ports, demo, kiosk_dir, qtbot, fast_long_press
):
    sari = add_staff(demo, "Sari Wulandari")
    ports, config = staff_ports(real_ports, kiosk_dir)
    controller, window = make_kiosk(ports=ports, config=config)
    assert not window.staff.isVisible()
    # a short touch on the corner starts the citizen's journey like anywhere else
    welcome = window.current_screen()
    qtbot.mouseClick(welcome, Qt.MouseButton.LeftButton, pos=welcome.rect().topLeft())
    assert controller.session.state is not State.WELCOME and not window.staff.isVisible()
    back_to_welcome(controller, qtbot)
    assert controller.session.state is State.WELCOME

    long_press(qtbot, window)
    page = window.staff.signin
    assert controller.session.state is State.WELCOME
    assert sari in page.account_buttons
    assert "Sari Wulandari" in page.account_buttons[sari].text()
    for left in (4, 3, 2, 1):
        sign_in(qtbot, window, sari, WRONG)
        assert page.refusal_code() == "wrong_pin"
        assert page.message.text() == f"PIN salah. Sisa percobaan sebelum akun dikunci: {left}"
        assert page.keypad.text() == ""  # the PIN does not stay in the pad
    sign_in(qtbot, window, sari, WRONG)
    assert page.refusal_code() == "locked"
    assert "dikunci di kios ini selama 5 menit" in page.message.text()
    assert page.message.text().endswith("Sisa menit: 5")
    sign_in(qtbot, window, sari, PIN)  # the right PIN does not open a locked account
    assert page.refusal_code() == "locked"
    assert window.staff.pages.currentWidget() is page
    controller.set_language("en")
    assert page.message.text().startswith("Too many wrong PINs.")
    assert page.message.text().endswith("Minutes left: 5")
    actions = [
        r["action"]
        for r in ports.staff.store.read(
            "SELECT action FROM audit_log WHERE subject = ? ORDER BY seq", (sari,)
        )
    ]
    assert actions.count("staff.pin_wrong") == 4 and "staff.locked" in actions
    assert ports.staff.store.audit.verify().ok
    # Cancel: back to the welcome screen
    qtbot.mouseClick(page.cancel, Qt.MouseButton.LeftButton)
    assert not window.staff.isVisible()
    assert controller.session.state is State.WELCOME


def test_a_good_pin_opens_the_console_and_two_idle_minutes_end_it(
    make_kiosk, real_ports, demo, kiosk_dir, qtbot, fast_long_press
):
    budi = add_staff(demo, "Budi Santoso", "supervisor")
    clock = FakeClock()
    ports, config = staff_ports(real_ports, kiosk_dir, clock=clock)
    controller, window = make_kiosk(ports=ports, config=config)
    long_press(qtbot, window)
    sign_in(qtbot, window, budi)
    overlay = window.staff
    assert overlay.pages.currentWidget() is overlay.console
    assert overlay.console.who.text() == "Masuk sebagai: Budi Santoso (Supervisor)"
    assert ports.staff.current().staff_id == budi
    # a touch on the console keeps the session on
    clock.advance(IDLE_S - 10)
    qtbot.mouseClick(overlay.console.queue_tab, Qt.MouseButton.LeftButton)
    clock.advance(IDLE_S - 10)
    overlay.check_session()
    assert overlay.isVisible() and ports.staff.current() is not None
    clock.advance(IDLE_S)
    overlay.check_session()  # what the overlay's timer does every second
    assert not overlay.isVisible()
    assert controller.session.state is State.WELCOME
    assert ports.staff.current() is None
    assert not overlay.console.help.timer.isActive()  # polling stopped
    # signing in again and out with the button
    long_press(qtbot, window)
    assert overlay.pages.currentWidget() is overlay.signin
    sign_in(qtbot, window, budi)
    assert overlay.pages.currentWidget() is overlay.console
    qtbot.mouseClick(overlay.sign_out_button, Qt.MouseButton.LeftButton)
    assert not overlay.isVisible() and ports.staff.current() is None
    reasons = [
        r["details"]
        for r in ports.staff.store.read(
            "SELECT details FROM audit_log WHERE action = 'staff.sign_out' AND subject = ? "
            "ORDER BY seq",
            (budi,),
        )
    ]
    assert '"idle"' in reasons[0] and '"manual"' in reasons[1]


def test_an_assisted_terminal_opens_with_the_sign_in(
    make_kiosk, real_ports, demo, kiosk_dir, qtbot
):
    rina = add_staff(demo, "Rina Assisted")
    ports, config = staff_ports(real_ports, kiosk_dir, **{"kiosk.mode": "assisted"})
    controller, window = make_kiosk(ports=ports, config=config)
    overlay = window.staff
    assert overlay.isVisible() and overlay.pages.currentWidget() is overlay.signin
    assert rina in overlay.signin.account_buttons
    assert not overlay.signin.cancel.isVisible()  # the counter terminal's start
    overlay.signin.choose(ports.staff.directory.get(rina))
    overlay.signin.keypad.type_text(PIN)
    overlay.signin.keypad.press("ok")
    assert overlay.pages.currentWidget() is overlay.console
    # "Serve a citizen": the journey underneath, run by the signed-in staff member
    assert overlay.serve_button.isVisible()
    qtbot.mouseClick(overlay.serve_button, Qt.MouseButton.LeftButton)
    assert not overlay.isVisible() and controller.session.state is not State.WELCOME
    assert ports.staff.current().staff_id == rina
    back_to_welcome(controller, qtbot)  # the citizen is served: the console comes back
    assert overlay.isVisible() and overlay.pages.currentWidget() is overlay.console
    overlay.sign_out()
    assert overlay.isVisible() and overlay.pages.currentWidget() is overlay.signin
    assert not overlay.serve_button.isVisible()


def test_help_from_another_kiosk_shows_within_5_s_and_the_ack_reaches_it(
    make_kiosk, real_ports, demo, kiosk_dir, tmp_path, qtbot, fast_long_press
):
    rudi = add_staff(demo, "Rudi Hartono")
    ports, config = staff_ports(real_ports, kiosk_dir)
    controller, window = make_kiosk(ports=ports, config=config)
    other = OtherKiosk(demo, tmp_path / "other")
    try:
        long_press(qtbot, window)
        sign_in(qtbot, window, rudi)
        help_panel = window.staff.console.help
        qtbot.waitUntil(lambda: help_panel.requests is not None, timeout=5000)
        asked = other.desk.raise_help("face_failed", "liveness_failed")
        started = time.monotonic()
        qtbot.waitUntil(lambda: asked.handoff_code in help_panel.handoff_codes(), timeout=5000)
        assert time.monotonic() - started < 5
        card = next(c for c in help_panel.cards if c.request.request_id == asked.request_id)
        details = card.details.text()
        assert "Pemeriksaan wajah gagal" in details and "Pemeriksaan keaktifan gagal" in details
        assert card.state.text() == "Menunggu petugas"
        qtbot.mouseClick(card.ack, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: other.desk.poll(asked.request_id).state == "acknowledged")
        polled = other.desk.poll(asked.request_id)
        assert polled.acknowledged_by == rudi and polled.acknowledged_by_name == "Rudi Hartono"

        def card_says_on_the_way() -> bool:
            cards = [c for c in help_panel.cards if c.request.request_id == asked.request_id]
            return bool(cards) and cards[0].state.text() == "Menuju ke sana: Rudi Hartono"

        qtbot.waitUntil(card_says_on_the_way, timeout=5000)
        card = next(c for c in help_panel.cards if c.request.request_id == asked.request_id)
        assert not card.ack.isVisible()
        qtbot.mouseClick(card.done, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: asked.handoff_code not in help_panel.handoff_codes())
        assert other.desk.poll(asked.request_id).state == "closed"
    finally:
        window.staff.sign_out()
        other.close()


def test_offline_the_console_says_the_server_cannot_be_reached(
    make_kiosk, real_ports, demo, kiosk_dir, qtbot, offline_port
):
    from sync.adapters.staff import HelpDesk
    from sync.client import ServerClient
    from sync.kiosk_key import KioskKeyStore

    tini = add_staff(demo, "Tini Offline")
    ports, config = staff_ports(real_ports, kiosk_dir)
    keys = KioskKeyStore(kiosk_dir)
    identity = keys.require()
    offline = ServerClient(
        f"http://127.0.0.1:{offline_port}",
        private_key=keys.private_key(identity),
        kiosk_id=identity.kiosk_id,
        timeout=2,
    )
    ports.help_desk = HelpDesk(offline)
    try:
        controller, window = make_kiosk(ports=ports, config=config)
        window.open_staff()
        sign_in(qtbot, window, tini)
        panel = window.staff.console.help
        qtbot.waitUntil(lambda: panel.offline, timeout=10000)
        assert panel.status.text().startswith("Server tidak dapat dihubungi")
        assert panel.cards == []
        window.staff.sign_out()
    finally:
        offline.close()


def test_the_queue_console_shows_counts_a_rejection_and_retries(
    make_kiosk, real_ports, demo, kiosk_dir, tmp_path, qtbot
):
    dewi = add_staff(demo, "Dewi Antrean")
    ports, config = staff_ports(real_ports, kiosk_dir)
    apps = Applications(ports.staff.store)
    bad = str(uuid.uuid4())
    apps.add(bad, "MPP-0000-0000-000", "cetak-kk", "2026.11.1", b"not a sealed box" * 4)
    ports.submitter.on_queued(bad)  # wake the running uploader: the server refuses it
    qtbot.waitUntil(lambda: apps.get(bad).state == "rejected", timeout=30000)
    controller, window = make_kiosk(ports=ports, config=config)
    window.open_staff()
    sign_in(qtbot, window, dewi)
    console = window.staff.console
    qtbot.mouseClick(console.queue_tab, Qt.MouseButton.LeftButton)
    panel = console.queue
    qtbot.waitUntil(lambda: bool(panel.rejected_cards), timeout=5000)
    assert "Ditolak server: 1" in panel.counts.text()
    assert panel.rejected_reasons() == [
        "Alasan server: Paket tidak dapat dibuka dengan kunci server. (packet_undecryptable)"
    ]
    assert panel.rejected_cards[0].code.text() == "MPP-0000-0000-000"
    assert "Printer: file" in panel.printer_text.text()
    qtbot.mouseClick(panel.rejected_cards[0].retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "akan dikirim lagi" in panel.message.text(), timeout=5000)
    actions = [
        r["action"]
        for r in ports.staff.store.read(
            "SELECT action FROM audit_log WHERE subject = ? ORDER BY seq", (bad,)
        )
    ]
    assert actions[:5] == [
        "application.sealed",
        "application.queued",
        "application.sending",
        "application.rejected",
        "application.queued",
    ]
    # a receipt that waited for the printer is printed from the console
    ports.printer.queue.put(
        Receipt(
            tracking_code="MPP-2026-1201-042",
            service_id="cetak-kk",
            verification_pending=False,
            masked_nik="3273**********01",
            submitted_at=dt.datetime.now(dt.UTC),
        ),
        "id",
    )
    panel.refresh()
    qtbot.waitUntil(lambda: panel.reprint_button.isVisible(), timeout=5000)
    assert "MPP-2026-1201-042" in panel.printer_text.text()
    qtbot.mouseClick(panel.reprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.message.text() == "Tercetak: 1", timeout=10000)
    assert len(ports.printer.queue) == 0
    assert (tmp_path / "printer.bin").stat().st_size > 0
    window.staff.sign_out()


def test_before_the_staff_document_arrives_the_sign_in_says_so(make_kiosk, real_ports, qtbot):
    from kiosk.messages import text

    ports, config = real_ports()  # a fresh kiosk: no staff document pulled yet
    controller, window = make_kiosk(ports=ports, config=config)
    window.open_staff()
    page = window.staff.signin
    assert page.account_buttons == {}
    assert page.message.text() == text("staff.no_accounts", "id")
    controller.set_language("en")
    assert page.message.text() == text("staff.no_accounts", "en")
    qtbot.mouseClick(page.cancel, Qt.MouseButton.LeftButton)
    assert not window.staff.isVisible()

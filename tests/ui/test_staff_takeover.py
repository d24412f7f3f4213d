"""Takeover by hand-off code, end to end against the real reference server over loopback: a
citizen asks for help at the face check on one kiosk, a staff member on the site's assisted
terminal types the code the citizen reads out, the session moves: the citizen's kiosk is back
at welcome with nothing of the citizen in memory, the terminal shows the citizen's help screen
with the step, the reason and the NIK, and the staff member can go on with the override."""

from __future__ import annotations

import json
import logging

import pytest
from PySide6.QtCore import Qt
from shell_journey import Kiosk
from staff_ui_support import add_staff, type_pin

from app.demo import DEMO_SITE
from kiosk.session.states import State
from server.enrollment import create_enroll_code
from sync.adapters.staff import StaffDocuments
from sync.client import ServerClient
from sync.enroll import enroll
from sync.kiosk_key import KioskKeyStore

pytestmark = pytest.mark.timeout(300)


def _assisted_terminal(qtbot, demo, tmp_path, testdata) -> Kiosk:
    """A second kiosk of the demo site in assisted mode, with the site's staff document."""
    folder = tmp_path / "counter"
    folder.mkdir()
    code, _expires = create_enroll_code(demo.ctx, DEMO_SITE, 600)
    enroll(folder, demo.url, code, expected_key_id=demo.ctx.keys.key_id)
    client = ServerClient.for_kiosk(folder)
    try:
        StaffDocuments(folder, KioskKeyStore(folder).require(), client).pull()
    finally:
        client.close()
    work = tmp_path / "counter-work"
    work.mkdir()
    return Kiosk(qtbot, demo, work, testdata, kiosk_dir=folder, **{"kiosk.mode": "assisted"})


def _audit(store, action: str) -> list[dict]:
    rows = store.read("SELECT details FROM audit_log WHERE action = ? ORDER BY seq", (action,))
    return [json.loads(r["details"]) for r in rows]


def test_staff_take_over_a_session_by_its_hand_off_code(
    kiosk, demo, qtbot, tmp_path, testdata, caplog
):
    caplog.set_level(logging.DEBUG)
    nik = demo.sample_niks[2]
    ayu = add_staff(demo, "Ayu Ambil Alih")
    citizen = kiosk()
    counter = _assisted_terminal(qtbot, demo, tmp_path, testdata)
    try:
        # The citizen types the NIK, agrees, and presses "Bantuan" at the face check.
        c = citizen.controller
        c.citizen.start()
        c.citizen.choose_language("id")
        c.citizen.enter_nik(nik)
        c.citizen.give_consent()
        assert c.session.state is State.FACE
        c.citizen.help()
        assert c.session.state is State.STAFF_HELP
        qtbot.waitUntil(lambda: c.help.view.state == "open", timeout=5000)
        code = c.help.view.handoff_code

        # The staff member signs in on the assisted terminal and types the code.
        overlay = counter.window.staff
        assert overlay.isVisible() and overlay.pages.currentWidget() is overlay.signin
        type_pin(qtbot, overlay.signin, ayu)
        assert overlay.pages.currentWidget() is overlay.console
        panel = overlay.console.help
        qtbot.waitUntil(lambda: code in panel.handoff_codes(), timeout=5000)
        card = next(card for card in panel.cards if card.request.handoff_code == code)
        assert not card.take.isHidden()  # another kiosk's citizen: "Take over" is offered
        panel.code_input.setText(code.lower())
        qtbot.mouseClick(panel.code_button, Qt.MouseButton.LeftButton)

        # The session moves: the terminal shows the citizen's help screen ...
        t = counter.controller
        qtbot.waitUntil(lambda: t.session.state is State.STAFF_HELP, timeout=20000)
        assert not overlay.isVisible()
        assert t.session.data.nik_info.nik == nik
        assert t.session.data.taken_over_from == citizen.ports.kiosk_id
        screen = counter.window.current_screen()
        assert screen.states == (State.STAFF_HELP,)
        lines = screen.step.text().splitlines()
        assert lines == [
            "Langkah: Pemeriksaan wajah",
            "Alasan: Warga menekan Bantuan",
            f"NIK: {nik}",
        ]
        assert screen.step.isVisible()
        assert citizen.ports.kiosk_id in screen.status.text()
        assert screen.staff_button.isVisible()  # the override goes on from here
        assert not screen.back_button.isVisible()

        # ... and the citizen's kiosk is back at welcome with nothing of the citizen.
        qtbot.waitUntil(lambda: c.session.state is State.WELCOME, timeout=10000)
        d = c.session.data
        assert d.nik_info is None and d.help_reason is None and d.face_template is None
        assert nik not in repr(d) and nik not in c.session.describe()

        # The audit logs: the terminal asked and received, the citizen's kiosk sent.
        store = counter.ports.staff.store
        requested = _audit(store, "staff.takeover_requested")
        assert requested and requested[-1]["staff_id"] == ayu
        received = _audit(store, "staff.takeover_received")[-1]
        assert received["nik"] != nik and received["nik"].endswith(nik[-4:])
        sent = _audit(citizen.ports.staff.store, "help.session_sent")[-1]
        assert sent["to_kiosk"] == counter.ports.kiosk_id and nik not in json.dumps(sent)
        assert store.audit.verify().ok and citizen.ports.staff.store.audit.verify().ok

        # The terminal ends the session: the console comes back for the next citizen.
        t.citizen.cancel()
        t.citizen.finish()
        qtbot.waitUntil(overlay.isVisible, timeout=5000)
        assert t.session.data.nik_info is None
        assert "session handed over to kiosk" in caplog.text
        assert nik not in caplog.text  # no personal data in the logs
    finally:
        counter.window.staff.sign_out()
        counter.close()


def test_an_unknown_code_is_refused_on_the_console(kiosk, demo, qtbot, tmp_path, testdata):
    budi = add_staff(demo, "Budi Kode Salah")
    counter = _assisted_terminal(qtbot, demo, tmp_path, testdata)
    try:
        overlay = counter.window.staff
        type_pin(qtbot, overlay.signin, budi)
        panel = overlay.console.help
        qtbot.waitUntil(lambda: panel.requests is not None, timeout=5000)
        panel.code_input.setText("ZZZZ")
        qtbot.mouseClick(panel.code_button, Qt.MouseButton.LeftButton)
        assert panel.status.text() == "Tidak ada warga menunggu dengan kode serah terima ini."
        assert counter.controller.session.state is State.WELCOME and overlay.isVisible()
    finally:
        counter.window.staff.sign_out()
        counter.close()

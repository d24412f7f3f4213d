"""The supervisor override on the kiosk (issue 13), end to end against the reference server
over loopback: a citizen whose face does not match reaches staff help; a counter staff member
signs in, declares that they checked the original KTP-el and why; a supervisor approves with
their PIN; the citizen applies; the server stores the application as staff-verified with both
staff ids, and the kiosk's audit log has the approval with its chain still valid. Wrong PINs,
the same person twice (four eyes) and a petugas as supervisor are refused."""

from __future__ import annotations

import json

import pytest
from finish_support import escpos_text
from real_support import claim_nik
from shell_journey import server_application
from staff_ui_support import PIN, WRONG, add_staff, pull_staff, type_pin

from app.cli import main
from kiosk.session.states import State

pytestmark = pytest.mark.timeout(300)

SUPERVISOR_PIN = "482916"
REASON = "Wajah warga dicocokkan dengan foto KTP-el asli; kamera gagal mengenali."


def fill_the_statement(k, form) -> None:
    k.click(form.checked)
    k.click(form.reason_buttons["face_check_failed"])
    form.reason_text.setPlainText(REASON)


def to_staff_help(k, demo, clip_template, testdata) -> None:
    """A NIK of this test's own whose reference is Obama's face, with the clip's face: no match,
    and (one try) staff help. (The shared stranger NIK may be locked by other tests' failures.)"""
    from camera.templates import template_from_photo

    k.identify(claim_nik(demo, template_from_photo(testdata / "faces" / "obama.jpg")))
    k.skip_the_camera(clip_template)
    assert k.wait_state(State.STAFF_HELP, timeout=30000) is State.STAFF_HELP


def test_a_supervisor_approves_a_staff_verification_end_to_end(
    kiosk, demo, kiosk_dir, clip_template, capsys, testdata
):
    sari = add_staff(demo, "Sari Petugas")
    budi = add_staff(demo, "Budi Supervisor", "supervisor", SUPERVISOR_PIN)
    teknisi = add_staff(demo, "Tono Teknisi", "teknisi")
    k = kiosk(**{"session.max_match_attempts": "1"})
    pull_staff(kiosk_dir, k.ports)
    qtbot = k.qtbot
    to_staff_help(k, demo, clip_template, testdata)
    help_screen = k.screen()
    assert k.session.data.help_reason.code == "no_match"
    assert help_screen.staff_button.text() == "Petugas: verifikasi dengan KTP-el"
    k.click(help_screen.staff_button)
    override = k.window.override
    assert override.isVisible() and override.pages.currentWidget() is override.signin
    assert teknisi not in override.signin.account_buttons  # a technician does not verify
    type_pin(qtbot, override.signin, sari, PIN)
    form = override.form
    assert override.pages.currentWidget() is form
    assert form.who.text() == "Petugas loket: Sari Petugas"
    k.click(form.next)  # nothing declared yet: the form says what is missing
    assert form.message.text().splitlines() == [
        "Centang pernyataan bahwa KTP-el asli sudah diperiksa.",
        "Pilih alasan verifikasi oleh petugas.",
        "Tulis apa yang Anda periksa, minimal 10 karakter.",
    ]
    fill_the_statement(k, form)
    assert form.count.text() == f"{len(REASON)}/500"
    k.click(form.next)
    page = override.supervisor
    assert override.pages.currentWidget() is page
    listed = [k.ports.staff.directory.get(i) for i in page.account_buttons]
    assert budi in page.account_buttons and {a.role for a in listed} == {"supervisor"}
    type_pin(qtbot, page, budi, WRONG)
    assert page.refusal_code() == "wrong_pin"
    assert page.message.text() == "PIN salah. Sisa percobaan sebelum akun dikunci: 4"
    assert k.session.state is State.STAFF_HELP
    type_pin(qtbot, page, budi, SUPERVISOR_PIN)
    assert k.session.state is State.SERVICE and not override.isVisible()
    assert k.ports.staff.current() is None  # signed in for this only: signed out again
    data = k.session.data
    approval = dict(data.staff_approval)
    assert (approval["staff_id"], approval["supervisor_id"]) == (sari, budi)
    assert approval["kiosk_id"] == k.ports.kiosk_id and approval["reason_text"] == REASON
    assert data.face_template is None and data.prefill is None and not data.verification_pending
    assert "diverifikasi petugas" in k.screen().notice.text()
    k.fill_form("cetak-biodata", documents=False)
    assert "diverifikasi petugas" in k.screen().pending.text()  # the review says how
    k.confirm()
    receipt = k.session.data.receipt
    assert receipt.staff_verified and not receipt.verification_pending
    printed = escpos_text(k.printed())
    assert "diverifikasi petugas" in printed and "Verifikasi menunggu" not in printed
    row = server_application(demo, receipt.tracking_code)
    assert row["application_id"] == approval["application_id"]
    assert row["identity"] == "verified_staff"
    assert row["staff_verified"] == (
        f"staff-verified by Budi Supervisor ({budi}) for Sari Petugas ({sari})"
    )
    store = k.ports.staff.store
    entries = store.read("SELECT action, subject, details FROM audit_log ORDER BY seq")
    approvals = [e for e in entries if e["action"] == "staff.supervisor_approval"]
    assert [e["subject"] for e in approvals] == [approval["application_id"]]
    assert json.loads(approvals[0]["details"]) == {
        "staff_id": sari,
        "supervisor_id": budi,
        "reason": "face_check_failed",
    }
    sealed = [json.loads(e["details"]) for e in entries if e["action"] == "application.sealed"]
    assert (sealed[-1]["staff_id"], sealed[-1]["supervisor_id"]) == (sari, budi)
    assert all(SUPERVISOR_PIN not in str(tuple(e)) for e in entries)
    capsys.readouterr()
    assert main(["--data-dir", str(kiosk_dir), "audit", "verify", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_four_eyes_and_roles_are_refused_and_cancel_returns_to_help(kiosk, demo, kiosk_dir):
    rina = add_staff(demo, "Rina Supervisor", "supervisor", SUPERVISOR_PIN)
    dewi = add_staff(demo, "Dewi Petugas")
    k = kiosk(language="en")
    pull_staff(kiosk_dir, k.ports)
    qtbot = k.qtbot
    k.identify(demo.citizen_nik)
    k.click(k.window.top.help)  # the citizen cannot do the face check: asks for staff
    assert k.session.state is State.STAFF_HELP
    k.click(k.screen().staff_button)
    override = k.window.override
    type_pin(qtbot, override.signin, rina, SUPERVISOR_PIN)  # a supervisor at the counter
    form = override.form
    fill_the_statement(k, form)
    k.click(form.next)
    page = override.supervisor
    assert dewi not in page.account_buttons  # only supervisors approve
    type_pin(qtbot, page, rina, SUPERVISOR_PIN)  # the same person twice
    assert page.refusal_code() == "approval_invalid"
    assert page.message.text().startswith("A supervisor cannot approve a verification")
    # a petugas who reaches the PIN pad anyway is refused by the PIN check's role
    page.choose(k.ports.staff.directory.get(dewi))
    page.keypad.type_text(PIN)
    page.keypad.press("ok")
    assert page.refusal_code() == "role_not_allowed"
    assert page.message.text() == "This account may not do this."
    assert k.session.state is State.STAFF_HELP and k.session.data.staff_approval is None
    k.click(page.cancel)
    assert not override.isVisible()
    assert k.session.state is State.STAFF_HELP and k.screen().staff_button.isVisible()
    actions = [
        r["action"] for r in k.ports.staff.store.read("SELECT action FROM audit_log ORDER BY seq")
    ]
    assert "staff.supervisor_approval" not in actions
    assert "staff.sign_in_refused" in actions

"""Whole citizen journeys, end to end: the kiosk window against the real reference server.

The server runs embedded on loopback with the demo population (app.demo.DemoEnvironment, as
`kiosk demo` does), the kiosk is enrolled with a one-time code and wired with the real sync ports
(app.compose.make_ports): identity check over signed HTTP, the sealed outbox and its
uploader, the ESC/POS printer writing to a file. The camera is the blinking clip (further away,
as in tests/camera) for the face and a held-up card for the documents.
"""

from __future__ import annotations

import numpy as np
import pytest
from finish_support import escpos_text
from net_support import refused_url
from real_support import claim_nik
from server_records import verify_attempts
from shell_journey import CATALOG, check_receipt, server_application

from camera.sources import ArraySource, StillImageSource
from kiosk.session.states import State

pytestmark = pytest.mark.timeout(600)


@pytest.mark.parametrize(("service_id", "who"), [("cetak-kk", "citizen"), (None, "worker")])
def test_a_journey_ends_with_an_accepted_application_and_a_receipt(kiosk, demo, service_id, who):
    k = kiosk()
    nik = demo.citizen_nik if who == "citizen" else demo.worker_nik
    if service_id is None:  # the SIP service of the worker's own profession
        from server.models import HealthWorker

        with demo.ctx.db() as db:
            profession = db.get(HealthWorker, nik).profession_code
        service_id = next(
            s.id for s in CATALOG.services if s.profession and s.profession.code == profession
        )
    k.identify(nik)
    assert k.face_check() is State.SERVICE, k.session.data.error
    full_name = (k.session.data.prefill or {}).get("name")
    assert not k.session.data.verification_pending
    k.fill_form(service_id)
    k.scan_documents()
    k.confirm()
    receipt = k.session.data.receipt
    assert receipt.service_id == service_id and not receipt.verification_pending
    check_receipt(k.printed(), receipt, nik, full_name)
    k.finish_and_skip_survey()
    assert k.session.data.nik_info is None and k.session.data.receipt is None
    row = server_application(demo, receipt.tracking_code)
    assert row["service_id"] == service_id
    assert row["identity"] == "verified_online" and row["status"] == "received", row


def test_someone_elses_face_reaches_staff_help(kiosk, demo):
    """The NIK's registered face is Obama's, the live face the clip's: no match, then staff."""
    k = kiosk(**{"session.max_match_attempts": "2"})
    k.identify(demo.stranger_nik)
    assert k.face_check() is State.NO_MATCH
    assert k.screen().tries.text() == "Sisa 1 kali percobaan"
    k.click(k.screen().retry_button)
    assert k.wait_state(State.STAFF_HELP) is State.STAFF_HELP
    screen = k.screen()
    assert "tidak cocok" in screen.reason.text()
    assert not screen.back_button.isVisible()  # forced: only finishing is offered
    k.click(screen.finish_button)
    assert k.session.state is State.ENDED and k.session.data.nik_info is None


def test_a_photo_held_up_fails_liveness(kiosk, demo, testdata):
    photo = testdata / "faces" / "obama.jpg"
    k = kiosk(language="en", face_source=lambda: StillImageSource(photo, repeat=300))
    checks = len(verify_attempts(demo.ctx, demo.citizen_nik))
    k.identify(demo.citizen_nik)
    assert k.face_check() is State.FACE_FAILED  # the first failure: a retry is offered
    assert k.session.data.error.code == "liveness_failed"
    assert len(verify_attempts(demo.ctx, demo.citizen_nik)) == checks  # nothing sent to the server


def test_nobody_in_front_of_the_camera(kiosk, demo):
    empty = [np.full((720, 1280, 3), 90, np.uint8)] * 60
    k = kiosk(face_source=lambda: ArraySource(empty, fps=15.0))
    k.window.screen_for(State.FACE).max_seconds = 3.0
    k.identify(demo.citizen_nik)
    assert k.face_check() is State.FACE_FAILED
    assert k.session.data.error.code == "no_face"
    assert "Coba lagi" == k.screen().retry_button.text()


def test_a_broken_camera_calls_staff(kiosk, demo):
    from camera.sources import SourceError

    def broken():
        raise SourceError("camera unplugged")

    k = kiosk(face_source=broken)
    k.identify(demo.citizen_nik)
    assert k.face_check() is State.STAFF_HELP
    assert k.session.data.help_reason.code == "camera_unavailable"


def test_server_unreachable_goes_on_offline_with_verification_pending(kiosk, demo, clip_template):
    with refused_url() as url:  # bound by the test, nobody listening: refused
        k = kiosk(server_url=url, **{"server.timeout_s": "2"})
        k.identify(demo.citizen_nik)
        k.skip_the_camera(clip_template)
        assert k.wait_state(State.SERVICE, timeout=30000) is State.SERVICE
        assert k.session.data.verification_pending
        k.fill_form("cetak-biodata", documents=False)  # a printout of one's data: no document
        k.confirm()
        receipt = k.session.data.receipt
        assert receipt.verification_pending
        assert "Verifikasi menunggu" in escpos_text(k.printed())
        outbox = k.ports.submitter.applications
        seen = []

        def failed_attempt() -> bool:
            seen.append(outbox.by_tracking_code(receipt.tracking_code))
            return seen[-1].attempts >= 1 and seen[-1].state == "queued"

        # the uploader tried, the server was out of reach: back in the queue, not accepted
        k.qtbot.waitUntil(failed_attempt, timeout=30000)
    stored = seen[-1]
    assert stored.verification_pending  # sealed in the kiosk's outbox
    assert stored.reason_code == "offline"


def test_a_locked_nik_is_sent_to_staff(kiosk, demo, clip_template):
    nik = claim_nik(demo, clip_template)
    k = kiosk()
    wrong = [v + 0.5 for v in clip_template]
    for _ in range(5):  # the server's nik_lock_failures: someone tried and failed
        assert k.ports.verifier.verify(nik, wrong, {"passed": True}).outcome == "no_match"
    k.identify(nik)
    k.skip_the_camera(clip_template)  # the right face, too late
    assert k.wait_state(State.STAFF_HELP, timeout=30000) is State.STAFF_HELP
    assert k.session.data.help_reason.code == "nik_locked"
    assert "layanan mandiri" in k.screen().reason.text()


def _biodata_form_begun(k, demo, template):
    """The demo citizen, verified, on the Cetak Biodata form with its purpose typed."""
    k.identify(demo.citizen_nik)
    k.skip_the_camera(template)
    k.wait_state(State.SERVICE, timeout=30000)
    k.screen().choose("cetak-biodata")
    form = k.screen()
    form.form.widgets["keperluan"].set_value("Melamar pekerjaan")
    return form


def test_inactivity_in_the_form_wipes_everything(kiosk, demo, clip_template):
    k = kiosk(**{"session.inactivity_warning_s": "1", "session.inactivity_reset_s": "1"})
    form = _biodata_form_begun(k, demo, clip_template)
    k.controller.start()  # the inactivity clock
    k.qtbot.waitUntil(lambda: k.window.overlay.isVisible(), timeout=10000)
    k.wait_state(State.WELCOME, timeout=10000)
    assert k.session.data.nik_info is None and k.session.data.prefill is None
    assert not form.form.values().get("keperluan")
    for screen in k.window.screens():
        for label in screen.findChildren(type(k.screen().start_button.label())):
            assert demo.citizen_nik not in label.text()


def test_language_switch_mid_form_keeps_the_session(kiosk, demo, clip_template):
    k = kiosk()
    form = _biodata_form_begun(k, demo, clip_template)
    k.click(k.window.top.lang_en)
    assert k.session.state is State.FORM and k.controller.language == "en"
    assert form.form.values()["keperluan"] == "Melamar pekerjaan"
    assert form.next_button.text() != "Lanjut"
    assert k.window.top.help.text() == "Help"

"""Help that really reaches staff: "Bantuan" raises a help request on the real reference server,
another kiosk of the site sees it, a staff member acknowledges it and the citizen's screen says
so; offline, the screen says staff cannot be reached. The screen never claims more."""

from __future__ import annotations

import time

import pytest
from net_support import refused_url

from kiosk.session.states import State
from server import help_requests
from server.staff import add_account
from sync.adapters.staff import HelpDesk
from sync.client import ServerClient

pytestmark = pytest.mark.timeout(300)


def _help_screen(k):
    k.click(k.screen().start_button)
    k.controller.citizen.help()  # what the top bar's "Bantuan" sends
    assert k.session.state is State.STAFF_HELP
    return k.screen()


def test_help_reaches_staff_and_the_screen_says_only_what_happened(kiosk, demo, qtbot, tmp_path):
    from app.demo import DEMO_SITE
    from server.enrollment import create_enroll_code
    from sync.enroll import enroll

    k = kiosk()
    screen = _help_screen(k)
    qtbot.waitUntil(lambda: k.controller.help.view.state == "open", timeout=5000)
    code = k.controller.help.view.handoff_code
    assert len(code) == 4
    assert screen.status.text() == f"Menunggu petugas. Sebutkan kode {code} kepada petugas."
    assert "diberi tahu" not in screen.what.text()  # nothing claims staff were told before

    # The assisted terminal of the same site sees it, with the code the citizen reads out.
    counter_dir = tmp_path / "counter"
    counter_dir.mkdir()
    enroll(
        counter_dir,
        demo.url,
        create_enroll_code(demo.ctx, DEMO_SITE, 600)[0],
        expected_key_id=demo.ctx.keys.key_id,
    )
    client = ServerClient.for_kiosk(counter_dir, k.config)
    counter = HelpDesk(client)
    try:
        seen = [r for r in counter.open_requests() if r.handoff_code == code]
        assert len(seen) == 1 and seen[0].step == "nik" and seen[0].reason == "requested"
        # ... and so does `server admin help` (the same listing the command prints)
        listed = help_requests.live_requests(demo.ctx, DEMO_SITE)
        assert [r["handoff_code"] for r in listed if r["request_id"] == seen[0].request_id] == [
            code
        ]
        staff_id = add_account(demo.ctx, DEMO_SITE, "Dewi Lestari", "petugas", "482915", "test")
        asked = time.monotonic()
        counter.acknowledge(seen[0].request_id, staff_id)
        qtbot.waitUntil(lambda: screen.status.text() == "Petugas menuju ke sini.", timeout=5000)
        assert time.monotonic() - asked < 5.0  # the kiosk polls every 3 s at most
    finally:
        client.close()
    k.click(screen.back_button)  # the citizen goes on by themselves
    assert k.session.state is State.NIK

    def still_live():
        return [
            r for r in help_requests.live_requests(demo.ctx, DEMO_SITE) if r["handoff_code"] == code
        ]

    # the staff member on the way sees the request closed: nobody waits at that kiosk any more
    qtbot.waitUntil(lambda: not still_live(), timeout=5000)


def test_going_back_closes_an_open_request(kiosk, demo, qtbot):
    from app.demo import DEMO_SITE

    k = kiosk()
    screen = _help_screen(k)
    qtbot.waitUntil(lambda: k.controller.help.view.state == "open", timeout=5000)
    code = k.controller.help.view.handoff_code
    k.click(screen.back_button)

    def still_open():
        return [
            r for r in help_requests.live_requests(demo.ctx, DEMO_SITE) if r["handoff_code"] == code
        ]

    qtbot.waitUntil(lambda: not still_open(), timeout=5000)  # nobody waits there any more


def test_offline_help_sends_the_citizen_to_the_counter(kiosk, demo, qtbot):
    with refused_url() as url:
        k = kiosk(server_url=url, **{"server.timeout_s": "2"})
        screen = _help_screen(k)
        assert screen.status.text() == "Menghubungi petugas…"  # asked, no answer yet
        offline = "Petugas tidak dapat dihubungi dari kios ini. Silakan menuju loket layanan."
        qtbot.waitUntil(lambda: screen.status.text() == offline, timeout=10000)
        k.controller.set_language("en")
        assert screen.status.text() == (
            "Staff cannot be reached from this kiosk. Please go to a service counter."
        )

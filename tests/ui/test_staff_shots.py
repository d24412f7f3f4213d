"""Every counter-staff screen in both languages at 1080x1920 (portrait): rendered, saved and
checked like the citizen's screens (tests/ui/test_screens.py): no text cut off, no touch target
too small, no text of the other language. With MPP_SCREENS_OUT set (build/screenshots.py) the
images are also written there, named staff_<screen>-<language>-portrait.png."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from journey_support import settle_layouts
from PySide6.QtCore import Qt
from staff_ui_support import WRONG, OtherKiosk, add_staff, sign_in, staff_ports, type_pin
from test_screens import out_dirs, translated_sources

from kiosk.config import load_config
from kiosk.ports import Receipt
from kiosk.store.applications import Applications
from ui.layout_check import small_targets, text_problems, visible_texts

pytestmark = pytest.mark.timeout(300)


class Shooter:
    """Saves a portrait screenshot of the window and collects what is wrong on it: cut-off
    text, small touch targets, text of the other language on `watched`."""

    def __init__(self, shots, language: str, prefix: str):
        self.shots, self.language, self.prefix = shots, language, prefix
        self.wrong = translated_sources("source" if language == "id" else "translation")
        self.problems: list[str] = []

    def take(self, window, watched, name: str) -> None:
        settle_layouts()
        assert (window.width(), window.height()) == (1080, 1920), "the window grew"
        image = window.grab()
        for folder in out_dirs(self.shots):
            image.save(str(folder / f"{self.prefix}{name}-{self.language}-portrait.png"))
        self.problems.extend(f"{name}: {p}" for p in text_problems(window))
        self.problems.extend(f"{name}: {s}" for s in small_targets(window))
        for text in visible_texts(watched):
            if any(pattern.match(text) for pattern in self.wrong):
                self.problems.append(f"{name}: {text!r} is not in the screen's language")


def _snapshot(nik: str, language: str) -> dict:
    """A session handed over after the last liveness try failed at the face check."""
    return {
        "version": 1,
        "language": language,
        "nik": nik,
        "consent_given": True,
        "help_reason": "liveness_failed",
        "help_step": "face",
        "service_id": None,
        "form_values": {},
    }


@pytest.fixture(scope="module")
def accounts(demo) -> list[str]:
    """The site's staff, once for both languages (the demo server is shared)."""
    names = ["Sari Wulandari", "Budi Santoso", "Rina Kartika Dewi", "Ahmad Fauzi"]
    roles = ["supervisor", "petugas", "petugas", "teknisi"]
    return [add_staff(demo, name, role) for name, role in zip(names, roles, strict=True)]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_staff_screen_renders_and_fits(
    make_kiosk, real_ports, demo, kiosk_dir, tmp_path, qtbot, shots, accounts, language
):
    ids = accounts
    # a network printer as on a real counter (nothing is printed in this test)
    printer = {"printer.kind": "network", "printer.target": "192.168.1.50"}
    ports, config = staff_ports(real_ports, kiosk_dir, **printer)
    # a rejected application and a receipt waiting for the printer, for the queue console
    apps = Applications(ports.staff.store)
    bad = str(uuid.uuid4())
    apps.add(bad, "MPP-0000-0000-000", "cetak-kk", "2026.11.1", b"not a sealed box" * 4)
    ports.submitter.on_queued(bad)
    qtbot.waitUntil(lambda: apps.get(bad).state == "rejected", timeout=30000)
    receipt = Receipt(
        tracking_code="MPP-2026-1201-042",
        service_id="cetak-kk",
        verification_pending=False,
        masked_nik="3273**********01",
        submitted_at=dt.datetime.now(dt.UTC),
    )
    ports.printer.queue.put(receipt, language)
    other = OtherKiosk(demo, tmp_path / "other")
    controller, window = make_kiosk("portrait", language, ports=ports, config=config)
    overlay = window.staff
    shooter = Shooter(shots, language, "staff_")

    def shot(name: str) -> None:
        shooter.take(window, overlay, name)  # the window changes half-way (assisted)

    for request in other.desk.open_requests():  # earlier tests' requests on the shared server
        other.desk.close(request.request_id)
    first = other.desk.raise_help("face_failed", "liveness_failed")
    second = other.desk.raise_help("review", "requested")
    try:
        window.open_staff()
        shot("signin")
        sign_in(qtbot, window, ids[1], WRONG)
        shot("pin")
        sign_in(qtbot, window, ids[0])
        help_panel = overlay.console.help
        other.desk.acknowledge(second.request_id, ids[2])
        qtbot.waitUntil(
            lambda: {first.handoff_code, second.handoff_code} <= set(help_panel.handoff_codes()),
            timeout=5000,
        )
        shot("console_help")
        qtbot.mouseClick(overlay.console.queue_tab, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(overlay.console.queue.rejected_cards), timeout=5000)
        shot("console_queue")
        overlay.console.show_part(0)
        help_panel.timer.stop()  # the server is up: show what an unreachable one looks like
        help_panel._offline()
        shot("console_offline")
        overlay.sign_out()
        # an assisted terminal (counter): it opens with the sign-in; its console can serve
        assisted = load_config(
            None,
            kiosk_dir,
            environ={"MPP_KIOSK__KIOSK__MODE": "assisted", "MPP_KIOSK__SERVER__URL": demo.url},
        )
        window.close()
        _controller, window = make_kiosk("portrait", language, ports=ports, config=assisted)
        overlay = window.staff
        assert overlay.isVisible()
        sign_in(qtbot, window, ids[2])
        qtbot.waitUntil(lambda: first.handoff_code in overlay.console.help.handoff_codes())
        shot("console_assisted")
        # takeover by the hand-off code: the other kiosk hands its citizen's session over
        help_panel = overlay.console.help
        help_panel.code_input.setText(first.handoff_code)
        qtbot.mouseClick(help_panel.code_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: help_panel.taking is None or help_panel.fetch_timer.isActive())
        other.desk.send_session(first.request_id, _snapshot(demo.citizen_nik, language))
        qtbot.waitUntil(lambda: not overlay.isVisible(), timeout=10000)
        shooter.take(window, window.current_screen(), "takeover_help")
        _controller.citizen.cancel()
    finally:
        overlay.sign_out()
        for request in (first, second):
            other.desk.close(request.request_id)
        other.close()
    assert not shooter.problems, "\n".join(shooter.problems)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_staff_override_renders_and_fits(
    make_kiosk, real_ports, demo, kiosk_dir, qtbot, shots, accounts, language
):
    """The supervisor override (ui/staff/override.py): the counter staff's sign-in, the
    statement with its reason (first sent empty, so its messages show), the supervisor's PIN
    after a wrong one."""
    supervisor, petugas = accounts[0], accounts[1]
    ports, config = staff_ports(real_ports, kiosk_dir)
    controller, window = make_kiosk("portrait", language, ports=ports, config=config)
    override = window.override
    shooter = Shooter(shots, language, "staff_override_")

    def shot(name: str) -> None:
        shooter.take(window, override, name)

    citizen = controller.citizen
    citizen.start()
    citizen.choose_language(language)
    citizen.enter_nik(demo.citizen_nik)
    citizen.help()  # the citizen cannot do the face check
    assert window.current_screen().staff_button.isVisible()
    shot("help")
    window.open_override()
    shot("signin")
    type_pin(qtbot, override.signin, petugas)
    qtbot.mouseClick(override.form.next, Qt.MouseButton.LeftButton)  # nothing filled in yet
    shot("form_empty")
    form = override.form
    qtbot.mouseClick(form.checked, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.reason_buttons["liveness_impossible"], Qt.MouseButton.LeftButton)
    form.reason_text.setPlainText(
        "Tangan kanan warga cedera; wajah dicocokkan dengan foto KTP-el asli."
    )
    shot("form")
    qtbot.mouseClick(form.next, Qt.MouseButton.LeftButton)
    shot("supervisor")
    type_pin(qtbot, override.supervisor, supervisor, WRONG)
    shot("supervisor_pin")
    override.cancel()
    assert not shooter.problems, "\n".join(shooter.problems)

"""The switch to a staged build happens only when no one is at the kiosk: the real controller
and window (ui.app.build_kiosk, offscreen) with a real updater holding a staged stand-in build."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from builds import build_archive, copy_fetch, make_build, release_for, run_current

from kiosk.ports import Ports
from kiosk.session.states import State
from kiosk.store import SCHEMA_HEAD
from kiosk.updates import Updates

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

OLD, NEW = "0.1.0+g1111111", "0.2.0+g2222222"


@pytest.fixture
def staged(tmp_path) -> Updates:
    updates = Updates(
        tmp_path / "releases",
        OLD,
        schema_head=SCHEMA_HEAD,
        installed_build=make_build(tmp_path / "opt", OLD),
    )
    archive = build_archive(tmp_path, NEW)
    assert updates.stage(release_for(archive, NEW), copy_fetch(archive)) == "staged"
    return updates


@pytest.fixture
def kiosk(qapp, qtbot, staged):
    from app_state import AppState

    from kiosk.session.rules import CatalogRules
    from ui.app import build_kiosk, create_application
    from ui.speech import Speech

    found = AppState()  # before create_application names the application
    create_application()
    controller, window = build_kiosk(
        CatalogRules(), Ports(updates=staged), speech=Speech(enabled=False), language="id"
    )
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    qtbot.waitExposed(window)
    yield controller, window
    controller.timer.stop()
    controller.wait_idle(10000)
    window.close()
    found.restore()


def test_no_switch_during_a_citizen_session_then_on_the_welcome_screen(kiosk, staged):
    controller, window = kiosk
    controller.session.start()  # a citizen touched "start": the NIK screen
    assert controller.session.state is State.NIK
    assert not controller.is_idle(quiet_s=0)
    assert controller.switch_update_if_idle(quiet_s=0) is None
    controller.tick()  # the inactivity clock's tick tries too
    assert not staged.current.exists() and staged.staged() == NEW

    controller.session.cancel()  # the citizen cancelled: the end screen, still there
    assert controller.session.state is State.ENDED
    assert controller.switch_update_if_idle(quiet_s=0) is None
    controller.session.tick(now=time.monotonic() + 3600)  # the end screen's time is up
    assert controller.session.state is State.WELCOME
    # Just touched: a citizen may still be standing there.
    assert controller.switch_update_if_idle() is None and not staged.current.exists()
    assert controller.switch_update_if_idle(quiet_s=0) == NEW
    assert run_current(staged).stdout == f"mpp-kiosk {NEW}\n"
    assert staged.staged() is None  # waiting for the new build's check, not switched twice
    assert controller.switch_update_if_idle(quiet_s=0) is None


def test_no_switch_while_staff_use_the_kiosk(kiosk, staged):
    controller, window = kiosk
    window.open_staff()  # the staff sign-in over the welcome screen
    assert window.staff.isVisible()
    assert controller.switch_update_if_idle(quiet_s=0) is None
    assert not staged.current.exists()
    window.staff.hide()
    assert controller.switch_update_if_idle(quiet_s=0) == NEW


def test_the_switch_ends_the_event_loop_with_the_restart_code(kiosk, staged):
    """systemd (Restart=always) then starts the build `current` names."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.updates import EXIT_RESTART

    controller, _ = kiosk
    app = QApplication.instance()
    QTimer.singleShot(0, lambda: controller.switch_update_if_idle(quiet_s=0))
    guard = QTimer()  # only if the switch never ends the loop
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: app.exit(1))
    guard.start(30000)
    try:
        assert app.exec() == EXIT_RESTART == 75
    finally:
        guard.stop()
    assert run_current(staged).stdout == f"mpp-kiosk {NEW}\n"

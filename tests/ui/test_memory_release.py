"""The memory a citizen's session freed goes back to the system once the welcome screen is
quiet (malloc keeps it otherwise: the soak's resident size rose by tens of MiB and stayed up),
never while a citizen is at the kiosk."""

from __future__ import annotations

import pytest
from heap_support import freed_but_resident, resident_mib

from kiosk.session import State
from ui.controller import RELEASE_QUIET_S

pytestmark = pytest.mark.usefixtures("app_state")


def visit(controller) -> None:
    """A citizen comes, cancels, reads the goodbye and leaves; the next tick is quiet."""
    citizen = controller.citizen
    citizen.start()
    citizen.cancel()
    citizen.finish()
    assert controller.session.state is State.WELCOME
    controller.tick()


def test_freed_memory_goes_back_after_a_citizen_left_not_during_a_session(qtbot, make_kiosk):
    controller, _window = make_kiosk()
    assert RELEASE_QUIET_S > 0  # a citizen may touch "start" at once: wait for quiet first
    controller.release_quiet_s = 0.0  # the test does not wait those seconds
    citizen = controller.citizen
    visit(controller)  # the screens are built now, not from the freed pages below
    with freed_but_resident(48):
        kept = resident_mib()
        controller.tick()  # nothing freed since
        citizen.start()
        controller.tick()  # a citizen at the kiosk
        citizen.back()  # back to welcome: the same person is still there
        controller.tick()
        assert resident_mib() > kept - 16, "released while the citizen was still there"
        visit(controller)
        assert resident_mib() < kept - 32, "the freed pages were not given back"


def test_nothing_is_released_before_the_welcome_screen_was_quiet(qtbot, make_kiosk):
    controller, _window = make_kiosk()
    citizen = controller.citizen
    controller.release_quiet_s = 0.0
    visit(controller)
    controller.release_quiet_s = RELEASE_QUIET_S
    with freed_but_resident(48):
        kept = resident_mib()
        citizen.start()
        citizen.cancel()
        citizen.finish()  # the citizen left; the next one may touch "start" right away
        controller.tick()
        assert resident_mib() > kept - 16
        controller.release_quiet_s = 0.0  # the quiet seconds have passed
        controller.tick()
        assert resident_mib() < kept - 32

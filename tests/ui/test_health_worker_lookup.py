"""A health worker's registry record is asked of the server once per session: the service
screen (the SIP folder opened by itself) and the SIP form (the STR number) share the answer.
The real reference server over loopback counts the lookups it serves."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from finish_support import real_kiosk, verified
from journey_support import click, settle

from kiosk.catalog import default_catalog
from kiosk.session import State
from server.models import HealthWorker
from ui.screens.form import FormScreen
from ui.screens.service import ServiceScreen

pytestmark = pytest.mark.usefixtures("app_state")
LOOKUP = "/v1/health-workers/lookup"


@contextmanager
def served_lookups(demo):
    """The lookups the server was asked for (its ASGI stack, wrapped while the test runs)."""
    app = demo.server.app
    served, stack = [], app.middleware_stack
    assert stack is not None  # built by the requests of the demo's set-up

    async def counting(scope, receive, send):
        if scope["type"] == "http" and scope["path"] == LOOKUP:
            served.append(scope["method"])
        await stack(scope, receive, send)

    app.middleware_stack = counting
    try:
        yield served
    finally:
        app.middleware_stack = stack


def test_one_registry_lookup_per_session(qtbot, make_kiosk, real_ports, demo, clip_template):
    with demo.ctx.db() as db:
        worker = db.get(HealthWorker, demo.worker_nik)
        profession, str_number = worker.profession_code, worker.str_number
    own = next(s.id for s in default_catalog().by_group("nakes") if s.profession.code == profession)
    controller, window, _ = real_kiosk(make_kiosk, real_ports)
    with served_lookups(demo) as served:
        for session in (1, 2):
            assert verified(qtbot, controller, demo.worker_nik, clip_template) is State.SERVICE
            screen = window.current_screen()
            assert isinstance(screen, ServiceScreen)
            qtbot.waitUntil(lambda s=screen: s.folder == "nakes", timeout=10000)  # the SIP group
            click(qtbot, screen.tile(own).button)
            form = window.current_screen()
            assert isinstance(form, FormScreen)
            # the form takes the STR number from the answer the service screen got
            qtbot.waitUntil(
                lambda f=form: f.field("nomor_str").value() == str_number, timeout=10000
            )
            controller.citizen.back()
            settle(qtbot)
            click(qtbot, screen.tile(own).button)  # the form again, same session
            settle(qtbot, 200)
            assert len(served) == session, served
            assert controller.citizen.cancel() is State.ENDED  # the session is wiped
            assert controller.citizen.finish() is State.WELCOME  # the next citizen
            settle(qtbot)

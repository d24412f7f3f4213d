"""Fixtures for the UI tests: a real kiosk (Session + controller + window) built with
ui.app.build_kiosk, sized portrait or landscape, closed after the test
(with the application's language and theme put back as found). Qt runs offscreen
(tests/conftest.py). Helpers to drive it live in shell_support.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from app_state import AppState
from shell_support import SIZES


@pytest.fixture
def app_state(qapp) -> AppState:
    """Puts back, after the test, what building a kiosk changes on the one QApplication: the
    language (ui.i18n.shared(), QLocale's default), the theme and the application's name."""
    found = AppState()
    yield found
    found.restore()


@pytest.fixture
def make_kiosk(qtbot, tmp_path, testdata, app_state) -> Callable:
    """make_kiosk(size="portrait", language="id", **build_kiosk options) -> (controller, window).

    The camera is a still photo from the test data unless camera_factory is given."""
    from camera.sources import StillImageSource
    from ui.app import build_kiosk, create_application
    from ui.speech import Speech

    made = []

    def make(size: str = "portrait", language: str = "id", rules=None, **options):
        from kiosk.session.rules import CatalogRules

        create_application()
        options.setdefault("speech", Speech(enabled=False))
        options.setdefault("strict", True)
        photo = testdata / "faces" / "obama.jpg"
        options.setdefault("camera_factory", lambda: StillImageSource(photo, repeat=100000))
        controller, window = build_kiosk(rules or CatalogRules(), language=language, **options)
        qtbot.addWidget(window)
        window.resize(*SIZES[size])
        window.show()
        qtbot.waitExposed(window)
        made.append((controller, window))
        return controller, window

    yield make
    for controller, window in made:
        controller.timer.stop()
        controller.wait_idle(10000)
        window.close()
    from ui import threads

    # A camera worker stopped in the middle of a request to the face process ends when that
    # request does (the first one loads the models: seconds): here, not in the next test.
    qtbot.waitUntil(lambda: threads.pending() == 0, timeout=60000)
    # app_state then puts back the language and theme found before the test


@pytest.fixture(scope="module")
def family() -> dict:
    """A demo family (the server's own generator): a mother applying, her husband and child."""
    from journey_support import demo_family, prefill_of

    mother, members = demo_family()
    father = next(m for m in members if m.relationship == "Kepala Keluarga")
    child = next(m for m in members if m.relationship == "Anak")
    return {
        "applicant": mother,
        "members": members,
        "prefill": prefill_of(mother, members),
        "child": child.nik,
        "adults": [father.nik, mother.nik],
        "kk": mother.kk_number,
    }


@pytest.fixture
def shots(tmp_path) -> Path:
    path = tmp_path / "screens"
    path.mkdir()
    return path

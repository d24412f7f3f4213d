"""Fixtures for the UI tests: a real kiosk (Session + controller + window) built with
ui.app.build_kiosk, sized portrait or landscape, closed after the test. Qt runs offscreen
(tests/conftest.py). Helpers to drive it live in shell_support.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from shell_support import SIZES


@pytest.fixture
def make_kiosk(qtbot, tmp_path, testdata) -> Callable:
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
    from ui import i18n, theme

    i18n.shared().install("en")  # the next test (of any helper) starts in the source language
    theme.apply(QApplication.instance())


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

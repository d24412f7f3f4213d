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
    from journey_support import demo_family, family_record

    mother, members = demo_family()
    return family_record(mother, members, next(m for m in members if m.relationship == "Anak"))


@pytest.fixture(scope="session")
def demo(testdata, tmp_path_factory):
    """The reference server, embedded on loopback with the demo population, shared by the UI
    tests that go through the real ports (each gets a kiosk of its own: `kiosk_dir`). The
    blinking clip's face is the reference of the demo citizen and health worker, obama.jpg
    that of a third NIK (`demo.stranger_nik`)."""
    from finish_support import FurtherAwaySource

    from app.demo import DemoEnvironment

    env = DemoEnvironment(tmp_path_factory.mktemp("demo"), citizens=120).start()
    clip = FurtherAwaySource(testdata / "video" / "blinking_closeup.mp4", limit=40)
    try:
        env.enroll_from_frames(env.demo_niks, clip.frames(), max_frames=40, step=5)
    finally:
        clip.close()
    env.stranger_nik = env.sample_niks[1]
    env.enroll_photo(env.stranger_nik, testdata / "faces" / "obama.jpg")
    yield env
    env.stop()


@pytest.fixture(scope="session")
def clip_template(testdata) -> list[float]:
    """A real face template of the clip's person (for branches that are not about the camera)."""
    from finish_support import FurtherAwaySource

    from camera.templates import template_from_image

    clip = FurtherAwaySource(testdata / "video" / "blinking_closeup.mp4", limit=6)
    frames = list(clip.frames())
    clip.close()
    return [float(v) for v in template_from_image(frames[5].image)]


@pytest.fixture
def kiosk_dir(demo, tmp_path) -> Path:
    """A kiosk of this test's own (its own store, outbox and keys), enrolled on the shared
    demo server with a fresh one-time code, as a technician would."""
    from app.demo import DEMO_SITE
    from server.enrollment import create_enroll_code
    from sync.enroll import enroll

    path = tmp_path / "kiosk"
    path.mkdir()
    code, _expires = create_enroll_code(demo.ctx, DEMO_SITE, 600)
    enroll(path, demo.url, code, expected_key_id=demo.ctx.keys.key_id)
    return path


@pytest.fixture
def real_ports(demo, kiosk_dir, tmp_path):
    """real_ports(**settings) -> (Ports, config): the kiosk's real ports (app.compose.make_ports:
    signed HTTP to the demo server, the sealed outbox and its uploader, the printer writing
    ESC/POS bytes to tmp_path/"printer.bin"), closed after the test. `settings` are
    configuration keys ("session.max_match_attempts": "2")."""
    from app.compose import make_ports
    from kiosk.catalog import default_catalog
    from kiosk.config import load_config

    closers = []

    def make(language=lambda: "id", **settings: str):
        values = demo.overrides(None, ["blink"], None)
        values.update({"printer.kind": "file", "printer.target": str(tmp_path / "printer.bin")})
        values.update(settings)
        environ = {"MPP_KIOSK__" + k.upper().replace(".", "__"): v for k, v in values.items()}
        config = load_config(None, kiosk_dir, environ=environ)
        ports, closing = make_ports(kiosk_dir, config, default_catalog(), language=language)
        closers.extend(closing)
        return ports, config

    yield make
    for close in closers:
        close()


@pytest.fixture
def kiosk(qtbot, demo, kiosk_dir, tmp_path, testdata, app_state):
    """kiosk(**options) -> shell_journey.Kiosk: a window wired like `kiosk demo` (real ports,
    a kiosk of its own), closed after the test."""
    from shell_journey import Kiosk

    made = []

    def make(**options):
        k = Kiosk(qtbot, demo, tmp_path, testdata, kiosk_dir=kiosk_dir, **options)
        made.append(k)
        return k

    yield make
    for k in made:
        k.close()


@pytest.fixture
def offline_port() -> int:
    """A loopback port held bound by the test but never listening: an offline server or
    network printer (connections are refused; tests/net_support.py)."""
    from net_support import refused_port

    with refused_port() as port:
        yield port


@pytest.fixture
def shots(tmp_path) -> Path:
    path = tmp_path / "screens"
    path.mkdir()
    return path

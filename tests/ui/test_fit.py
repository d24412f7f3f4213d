"""The kiosk window fits the display it runs on (issue 15).

On a 1080x1920 kiosk screen the demo opened 1284 px wide (its footer line set the minimum width),
"Bantuan" was off-screen and, fullscreen without a window manager, half the screen stayed black.
Here: the window size for a display, and the window at four display sizes with the longest
strings (the demo's footer, a long site name, both languages, large text): no text cut, nothing
outside the window, touch targets >= 64 px at 1080x1920.
"""

from __future__ import annotations

import pytest
from journey_support import settle_layouts
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QApplication
from shell_support import drive

from kiosk.config import load_config
from kiosk.session.states import State
from ui.layout_check import outside, small_targets, text_problems
from ui.window import fit_size

DISPLAYS = [(1080, 1920), (1920, 1080), (768, 1366), (1366, 768)]
# The longest site name: the longest regency name of Indonesia (Kemendagri code 71.09).
LONG_SITE = "Mal Pelayanan Publik Kabupaten Kepulauan Siau Tagulandang Biaro"
LONG_REGION = "7109"
# What `kiosk demo` puts in the footer (app/commands/demo.py): two 16-digit NIKs.
DEMO_FOOTER = "DEMO · NIK 1116061409007677 / 6104042012712669"


@pytest.mark.parametrize(
    ("area", "landscape", "expected"),
    [
        ((1080, 1920), False, (1080, 1920)),  # the kiosk's own screen: all of it
        ((1920, 1080), True, (1920, 1080)),
        ((1080, 1880), False, (1058, 1880)),  # a desktop with a panel: scaled, same shape
        ((1920, 1050), False, (591, 1050)),  # a portrait kiosk demo on a landscape monitor
        ((768, 1366), False, (768, 1365)),
        ((1366, 768), True, (1365, 768)),
        ((2160, 3840), False, (1080, 1920)),  # never scaled up
    ],
)
def test_the_window_size_fits_the_available_area(area, landscape, expected):
    size = fit_size(QSize(*area), landscape)
    assert (size.width(), size.height()) == expected
    assert size.width() <= area[0] and size.height() <= area[1]


def _long_config(tmp_path):
    environ = {
        "MPP_KIOSK__KIOSK__SITE": LONG_SITE,
        "MPP_KIOSK__KIOSK__REGION": LONG_REGION,
    }
    return load_config(None, tmp_path, environ=environ)


def _outside(window) -> list[str]:
    return outside(window)


def _shell_problems(window) -> list[str]:
    return [
        f"{bar.objectName()}: {problem}"
        for bar in (window.top, window.steps, window.footer)
        for problem in text_problems(bar)
    ]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("display", DISPLAYS, ids=[f"{w}x{h}" for w, h in DISPLAYS])
def test_the_kiosk_fits_every_display_with_the_longest_texts(
    make_kiosk, qtbot, tmp_path, display, language
):
    width, height = display
    controller, window = make_kiosk("portrait", language, config=_long_config(tmp_path))
    window.footer.site = DEMO_FOOTER  # what `kiosk demo` does
    window.footer.retranslate()
    window.toggle_large_text()
    window.fit_to(QRect(0, 0, width, height), landscape=width > height)
    settle_layouts()
    assert window.size() == fit_size(QSize(width, height), width > height)
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, "the window asks for more"
    assert window.top.site.isVisible() and "Siau Tagulandang Biaro" in window.top.site.toolTip()
    assert window.top.help.isVisible()
    # the welcome screen (and the bars around it) entirely
    assert [str(p) for p in text_problems(window)] == []
    assert _outside(window) == []
    # the bars on the journey's screens; the step indicator shows from NIK on
    for state in (State.NIK, State.CONSENT):
        drive(controller, state, qtbot, language)
        settle_layouts()
        assert window.steps.isVisible()
        assert _shell_problems(window) == [], state
        assert [w for w in _outside(window) if "Bar" in w or "Footer" in w] == [], state
    controller.citizen.cancel()
    controller.citizen.finish()
    assert controller.session.state is State.WELCOME


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("display", DISPLAYS, ids=[f"{w}x{h}" for w, h in DISPLAYS])
def test_the_nik_keypad_fits_every_display(make_kiosk, qtbot, tmp_path, display, language, large):
    """The NIK screen whole (keypad, "Lanjut", "Kembali"/"Batal") on each display, with the
    demo's footer and a long site name, normal and large text: it was cut on a 1080x1920 screen,
    and at large text on the short screens while space was reserved for the banner. With an
    error banner showing, its text is whole and it covers neither the digits nor the keys."""
    width, height = display
    controller, window = make_kiosk("portrait", language, config=_long_config(tmp_path))
    window.footer.site = DEMO_FOOTER
    window.footer.retranslate()
    if large:
        window.toggle_large_text()
    window.fit_to(QRect(0, 0, width, height), landscape=width > height)
    drive(controller, State.NIK, qtbot, language)
    settle_layouts()
    assert [str(p) for p in text_problems(window)] == []
    assert _outside(window) == []
    screen = window.current_screen()
    keys = screen.keypad.keys
    assert all(min(k.width(), k.height()) >= 64 for k in keys.values())
    # the tallest banners: the longest regency name, an unknown regency's warning; an error
    for nik, kind in (
        ("7109013009000001", "success"),
        ("7199013009000001", "warning"),
        ("99", "error"),  # no province 99: an error at once
    ):
        keys["clear"].click()
        for digit in nik:
            keys[digit].click()
        settle_layouts()
        assert screen.status.isVisible() and screen.status.property("kind") == kind
        assert [str(p) for p in text_problems(window)] == [], kind
        assert _outside(window) == []
        banner = screen.status.geometry()
        for widget in (screen.display, screen.keypad):
            assert not banner.intersects(QRect(widget.mapTo(screen, QPoint(0, 0)), widget.size()))
    controller.citizen.cancel()
    controller.citizen.finish()


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_touch_targets_on_a_portrait_kiosk_screen(make_kiosk, qtbot, tmp_path, large):
    """Every button and field at 1080x1920 is at least 64x64 px (the welcome, NIK and consent
    screens with the top bar: language, large text, contrast, help)."""
    controller, window = make_kiosk("portrait", "id", config=_long_config(tmp_path))
    if large:
        window.toggle_large_text()
    for state in (State.WELCOME, State.NIK, State.CONSENT):
        drive(controller, state, qtbot, "id")
        settle_layouts()
        assert small_targets(window, 64) == [], state
    assert min(window.top.help.width(), window.top.help.height()) >= 64


def test_fullscreen_covers_the_whole_screen(make_kiosk, qtbot):
    """Without a window manager to honour the fullscreen request the window itself takes the
    screen's geometry (it was 1284x948, the lower half of the screen black)."""
    controller, window = make_kiosk("portrait", "id", fullscreen=True)
    window.hide()
    window.resize(640, 480)  # whatever size it had before
    window.show_kiosk()
    qtbot.waitExposed(window)
    screen = window.screen() or QApplication.primaryScreen()
    assert window.geometry() == screen.geometry()
    assert window.isFullScreen()


def test_the_check_sees_a_widget_past_the_window_edge(qapp):
    from PySide6.QtWidgets import QPushButton, QWidget

    root = QWidget()
    root.resize(400, 300)
    inside = QPushButton("in", root)
    inside.setGeometry(10, 10, 100, 80)
    past = QPushButton("Bantuan", root)
    past.setGeometry(350, 10, 100, 80)  # 50 px past the right edge, like "Bantuan" was
    root.show()
    try:
        found = outside(root)
        assert len(found) == 1 and "QPushButton" in found[0] and "(350, 10, 100, 80)" in found[0]
    finally:
        root.close()
        root.deleteLater()

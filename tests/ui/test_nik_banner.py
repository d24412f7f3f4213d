"""The NIK screen's longest banner (the longest regency and province, an unknown regency's
warning, every NIK error) wraps at the body size or larger instead of shrinking, lies whole over
the title and instruction, and never moves the keypad: 1080x1920 and 768x1366, both languages,
large text. The pictures go to $MPP_SCREENSHOTS when set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from journey_support import settle_layouts
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontInfo
from shell_support import drive

from kiosk.session.states import State
from ui.screens.nik import NikScreen, longest_places
from ui.theme import sizes

DISPLAYS = [(1080, 1920), (768, 1366)]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("display", DISPLAYS, ids=[f"{w}x{h}" for w, h in DISPLAYS])
def test_the_longest_banner_wraps_at_the_body_size(make_kiosk, qtbot, display, language):
    width, height = display
    controller, window = make_kiosk("portrait", language)
    window.toggle_large_text()
    window.fit_to(QRect(0, 0, width, height), landscape=False)
    drive(controller, State.NIK, qtbot, language)
    settle_layouts()
    screen = window.current_screen()
    assert isinstance(screen, NikScreen)
    body = sizes(True)["body"]
    keypad = screen.keypad.mapTo(window, QPoint(0, 0))
    texts = screen.longest_banners()
    (regency, _), _ = longest_places()
    assert len(texts) >= 3 and any(regency in t for t in texts)
    lines = []
    for text in texts:
        screen.status.show_message(text, "warning")
        screen._place_banner()
        settle_layouts()
        status = screen.status
        assert QFontInfo(status.font()).pointSize() >= body, text
        assert status.heightForWidth(status.width()) <= status.height(), text  # whole
        assert status.geometry().bottom() < screen.display.mapTo(screen, QPoint(0, 0)).y()
        assert screen.keypad.mapTo(window, QPoint(0, 0)) == keypad  # the keys never move
        lines.append(status.heightForWidth(status.width()) // status.fontMetrics().lineSpacing())
    assert max(lines) >= 3  # the longest wraps rather than shrinks
    folder = os.environ.get("MPP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for name, index in (("region", 0), ("longest", lines.index(max(lines)))):
            screen.status.show_message(texts[index], "warning")
            screen._place_banner()
            settle_layouts()
            shot = Path(folder) / f"nik_{name}_{width}x{height}_{language}.png"
            window.grab().save(str(shot))
    controller.citizen.cancel()
    controller.citizen.finish()

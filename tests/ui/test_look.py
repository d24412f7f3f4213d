"""The kiosk's look, checked so that it does not drift (issue 15).

Contrast of every text colour on its background, computed from the design-token file with the
WCAG 2.x formula (>= 4.5:1, >= 7:1 in the contrast theme); one token file for both themes; the
primary action is the largest button of each journey screen; the step indicator; "Bantuan"
stands out; touch scrolling; the MPP's identity in the top bar; the inactivity question.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from journey_support import settle_layouts
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QScroller
from real_support import claim_nik
from shell_support import drive

from kiosk.config import load_config
from kiosk.session.states import State

REPO = Path(__file__).resolve().parents[2]
TOKENS = json.loads((REPO / "assets" / "styles" / "tokens.json").read_text(encoding="utf-8"))
QSS = (REPO / "assets" / "styles" / "kiosk.qss").read_text(encoding="utf-8")
WCAG = {"normal": 4.5, "contrast": 7.0}  # WCAG 2.x AA body text; AAA for the contrast theme


def wcag_ratio(a: str, b: str) -> float:
    """The WCAG 2.x contrast ratio, written out here (not ui.theme's) from the definition."""

    def lum(colour: str) -> float:
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_contrast_formula_matches_known_values():
    from ui.theme import contrast_ratio

    assert wcag_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert wcag_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's example
    assert contrast_ratio("#0b5cad", "#ffffff") == pytest.approx(wcag_ratio("#0b5cad", "#ffffff"))


@pytest.mark.parametrize("theme_name", ["normal", "contrast"])
def test_every_text_colour_has_enough_contrast_on_its_background(theme_name):
    palette = TOKENS["colour"][theme_name]
    low = [
        f"{fg} on {bg}: {wcag_ratio(palette[fg], palette[bg]):.2f}"
        for fg, bg in TOKENS["text_pairs"]
        if wcag_ratio(palette[fg], palette[bg]) < WCAG[theme_name]
    ]
    assert low == []


def _declarations(prop: str) -> set[str]:
    return set(re.findall(rf"(?<![-\w]){prop}:\s*\$(\w+)", QSS))


def test_every_text_colour_of_the_style_sheet_is_in_a_checked_pair():
    """A new `color: $x` (or a background behind text) cannot skip the contrast check."""
    foregrounds = {fg for fg, _ in TOKENS["text_pairs"]}
    backgrounds = {bg for _, bg in TOKENS["text_pairs"]}
    assert _declarations("color") - foregrounds == set()
    text_backgrounds = _declarations("background") - {"overlay", "step_todo", "step_done"}
    text_backgrounds -= {"scroll_handle", "focus"}
    assert text_backgrounds - backgrounds - foregrounds == set()


def test_both_themes_read_the_same_tokens_and_the_sheet_names_only_tokens():
    from ui import theme

    normal, contrast = TOKENS["colour"]["normal"], TOKENS["colour"]["contrast"]
    assert set(normal) == set(contrast)
    # no colour written into the template: a colour is a token
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", QSS) == []
    # names of colours, sizes and other values never clash (a font size named like a colour
    # once painted every primary button without a background)
    names = [set(normal), set(TOKENS["font_pt"]), {f"space_{k}" for k in TOKENS["space"]}]
    names.append({f"radius_{k}" for k in TOKENS["radius"]})
    assert sum(map(len, names)) == len(set().union(*names))
    for high_contrast in (False, True):
        for large in (False, True):
            sheet = theme.style_sheet(high_contrast, large)
            assert "$" not in sheet
            colours = TOKENS["colour"]["contrast" if high_contrast else "normal"]
            assert f"background: {colours['primary']};" in sheet
    assert f"font-size: {round(TOKENS['font_pt']['title'] * 1.3)}pt" in theme.style_sheet(
        False, True
    )


def test_the_journey_steps_come_from_the_session_states(make_kiosk, qtbot):
    from ui.screens.base import journey_steps, step_of

    assert journey_steps() == (
        State.NIK,
        State.CONSENT,
        State.FACE,
        State.SERVICE,
        State.FORM,
        State.DOCUMENTS,
        State.REVIEW,
    )
    assert step_of(State.FACE_FAILED) == step_of(State.NO_MATCH) == 3  # retrying the face
    assert step_of(State.WELCOME) is None and step_of(State.STATUS_CHECK) is None
    controller, window = make_kiosk("portrait", "id")
    assert not window.steps.isVisible()
    drive(controller, State.FACE, qtbot, "id")
    assert window.steps.isVisible()
    assert window.steps.label.text() == "Langkah 3 dari 7 · Pemeriksaan wajah"
    assert [d.property("done") for d in window.steps.dots] == [True] * 3 + [False] * 4
    controller.set_language("en")
    assert window.steps.label.text() == "Step 3 of 7 · Face check"
    controller.citizen.cancel()
    assert not window.steps.isVisible()
    controller.citizen.finish()


def _colour_at(widget, point: QPoint) -> str:
    return widget.grab().toImage().pixelColor(point).name()


@pytest.mark.parametrize("contrast", [False, True], ids=["normal", "contrast"])
def test_help_stands_out_from_the_display_settings(make_kiosk, qtbot, contrast):
    controller, window = make_kiosk("portrait", "id")
    if contrast:
        window.toggle_high_contrast()
    drive(controller, State.NIK, qtbot, "id")
    settle_layouts()
    top = window.top
    assert top.help.isVisible() and top.help.text() == "Bantuan"
    inside = QPoint(top.help.width() // 2, 6)  # inside the border, above the text
    help_fill = _colour_at(top.help, inside)
    for toggle in (top.lang_en, top.large, top.contrast):
        if not toggle.isChecked():
            assert _colour_at(toggle, QPoint(toggle.width() // 2, 6)) != help_fill
    others = [top.lang_id, top.lang_en, top.large, top.contrast]
    area = top.help.width() * top.help.height()
    assert all(area > b.width() * b.height() for b in others)
    bar_fill = _colour_at(top, QPoint(2, 2))
    assert help_fill != bar_fill


def _area(button) -> int:
    return button.width() * button.height()


def _buttons(window) -> list[QAbstractButton]:
    return [
        b
        for b in window.findChildren(QAbstractButton)
        if b.isVisible() and b.window() is window and b.width() > 0
    ]


# Journey screens with a primary action (SERVICE is a choice of tiles, FACE captures by itself).
PRIMARY_SCREENS = [
    State.NIK,
    State.CONSENT,
    State.FACE_FAILED,
    State.FORM,
    State.DOCUMENTS,
    State.REVIEW,
]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("size", ["portrait", "landscape"])
def test_the_primary_action_is_the_largest_button(
    make_kiosk, real_ports, demo, clip_template, qtbot, size
):
    ports, config = real_ports()
    controller, window = make_kiosk(size, "id", ports=ports, config=config)
    nik = claim_nik(demo, clip_template)
    problems = []
    for state in PRIMARY_SCREENS:
        if controller.session.state is State.FACE_FAILED:
            controller.citizen.retry()  # back to the face step, on to the form
        drive(controller, state, qtbot, "id", nik=nik, template=clip_template)
        settle_layouts()
        buttons = _buttons(window)
        primaries = [b for b in buttons if b.property("role") == "primary"]
        assert primaries, f"{state.value}: no button marked role=primary"
        primary = max(primaries, key=_area)
        # actions only: a checkable button is a choice (a form's option, a language), not an
        # action that competes with the primary one
        larger = [
            f"{b.text()!r} {b.width()}x{b.height()}"
            for b in buttons
            if b is not primary and not b.isCheckable() and _area(b) > _area(primary)
        ]
        if larger:
            problems.append(
                f"{state.value}: primary {primary.text()!r} {primary.width()}x"
                f"{primary.height()} is smaller than {larger}"
            )
    controller.citizen.cancel()
    controller.citizen.finish()
    assert problems == []


def test_cancel_and_back_are_quieter_than_the_primary(make_kiosk, qtbot):
    """Cancel is outlined (not a filled red bar that competes with "Lanjut")."""
    controller, window = make_kiosk("portrait", "id")
    drive(controller, State.NIK, qtbot, "id")
    settle_layouts()
    screen = window.current_screen()
    cancel, back = screen._nav["cancel"], screen._nav["back"]
    fill = _colour_at(cancel, QPoint(cancel.width() // 2, 8))
    assert fill == _colour_at(back, QPoint(back.width() // 2, 8)) == "#ffffff"
    primary = screen.keypad.keys["ok"]
    assert primary.property("role") == "primary"
    assert _area(primary) > max(_area(cancel), _area(back))
    controller.citizen.cancel()
    controller.citizen.finish()


def test_scroll_areas_scroll_by_dragging_the_content(make_kiosk, real_ports, demo, qtbot):
    """Every scroll area of the consent screen (a long text) scrolls by touch, kinetically,
    with no horizontal bar; a drag on the content moves it."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    controller, window = make_kiosk("landscape", "id")
    window.toggle_large_text()  # long enough to scroll
    drive(controller, State.CONSENT, qtbot, "id")
    settle_layouts()
    areas = [a for a in window.current_screen().findChildren(QAbstractScrollArea)]
    assert areas
    for area in areas:
        assert QScroller.hasScroller(area.viewport())
        assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    area = max(areas, key=lambda a: a.verticalScrollBar().maximum())
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0, "the consent text fits: nothing to scroll"
    assert bar.value() == 0
    viewport = area.viewport()
    start = QPointF(viewport.width() / 2, viewport.height() * 0.8)

    def send(kind, pos, buttons):
        event = QMouseEvent(
            kind,
            pos,
            viewport.mapToGlobal(pos),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, event)

    held = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, start, held)
    for step in range(1, 21):
        send(QEvent.Type.MouseMove, start - QPointF(0, step * 15), held)
        QApplication.processEvents()
    send(QEvent.Type.MouseButtonRelease, start - QPointF(0, 300), Qt.MouseButton.NoButton)
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=5000)
    QScroller.scroller(viewport).stop()
    controller.citizen.cancel()
    controller.citizen.finish()


def test_the_top_bar_shows_the_mpp_and_its_logo(make_kiosk, tmp_path):
    environ = {
        "MPP_KIOSK__KIOSK__SITE": "Mal Pelayanan Publik Deli",
        "MPP_KIOSK__KIOSK__REGION": "1271",
        "MPP_KIOSK__UI__LOGO": str(REPO / "assets" / "icons" / "shield.svg"),
    }
    config = load_config(None, tmp_path, environ=environ)
    _, window = make_kiosk("portrait", "id", config=config)
    settle_layouts()
    top = window.top
    assert top.site.full_text() == "Mal Pelayanan Publik Deli · Kota Medan"
    assert top.site.text() == top.site.full_text()  # room enough: not shortened
    assert top.logo.isVisible() and top.logo.pixmap().height() == TOKENS["logo_px"]
    assert top.brand.text() == "Anjungan Mandiri MPP"


def test_no_logo_when_unset_or_unreadable(make_kiosk, tmp_path, caplog):
    missing = tmp_path / "logo.png"
    missing.write_bytes(b"not an image")
    config = load_config(
        None, tmp_path, environ={"MPP_KIOSK__UI__LOGO": str(missing), "MPP_KIOSK__KIOSK__SITE": ""}
    )
    with caplog.at_level("WARNING", logger="ui.window"):
        _, window = make_kiosk("portrait", "id", config=config)
    assert not window.top.logo.isVisible()
    assert not window.top.site.isVisible()
    assert any("ui.logo" in r.getMessage() for r in caplog.records)


def wrapped_lines(label) -> list[str]:
    """The lines Qt breaks a word-wrapped label's text into at the label's width."""
    from PySide6.QtGui import QTextLayout, QTextOption

    layout = QTextLayout(label.text(), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(label.contentsRect().width())
        lines.append(label.text()[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_the_inactivity_question_never_breaks_mid_phrase(make_kiosk, qtbot, large, language):
    controller, window = make_kiosk("portrait", language)
    if large:
        window.toggle_large_text()
    drive(controller, State.NIK, qtbot, language)
    window.overlay.popup()
    settle_layouts()
    question = window.overlay.question
    words = question.text().replace("\u00a0", " ").split()
    expected = "Apakah Anda masih di sana?" if language == "id" else "Are you still there?"
    assert " ".join(words) == expected
    lines = wrapped_lines(question)
    if not large:
        assert len(lines) == 1, lines  # the panel is wide enough on a 1080 px screen
    assert len(lines[-1].replace("\u00a0", " ").split()) >= 2, lines  # never "sana?" alone
    window.overlay.hide()
    controller.citizen.cancel()
    controller.citizen.finish()

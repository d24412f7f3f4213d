"""How a citizen's visit ends (issue 15): the survey shows no answer as chosen and thanks the
citizen before the welcome screen; whatever they set for themselves (text size, contrast,
language) is put back for the next citizen however the session ends; the goodbye after a
declined consent says "served at the counter" once; there is no language step after "start"
(the welcome screen's ID / EN is the choice)."""

from __future__ import annotations

import pytest
from finish_support import fresh_citizen, real_kiosk, submit, verified
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from real_support import FakeClock

from kiosk.session import Session, SessionConfig, State
from kiosk.session.rules import CatalogRules
from ui.screens import SCREEN_MODULES
from ui.screens.survey import THANKS_MS, SurveyScreen

pytestmark = pytest.mark.usefixtures("app_state")
LEFT = Qt.MouseButton.LeftButton
NIK = "3171234509900001"  # a valid NIK (Jakarta Pusat): enough to reach the consent screen


def personalise(qtbot, window) -> None:
    """The citizen makes the kiosk their own: large text, high contrast, English."""
    qtbot.mouseClick(window.top.large, LEFT)
    qtbot.mouseClick(window.top.contrast, LEFT)
    qtbot.mouseClick(window.top.lang_en, LEFT)
    app = QApplication.instance()
    assert window.large_text and window.high_contrast
    assert app.property("kiosk_large_text") and app.property("kiosk_high_contrast")
    assert window.controller.language == "en"


def assert_reset(window) -> None:
    app = QApplication.instance()
    assert not window.large_text and not window.high_contrast
    assert not app.property("kiosk_large_text") and not app.property("kiosk_high_contrast")
    assert window.controller.language == "id"
    assert window.top.lang_id.isChecked() and not window.top.large.isChecked()
    assert not window.top.contrast.isChecked()


def nothing_chosen(window, screen: SurveyScreen) -> bool:
    focus = QApplication.focusWidget()
    return (
        all(
            not b.isChecked() and not b.hasFocus() and b.focusPolicy() == Qt.FocusPolicy.NoFocus
            for b in screen.answers
        )
        and focus not in screen.answers
    )


def test_survey_shows_no_choice_thanks_and_resets_the_kiosk(
    qtbot, make_kiosk, real_ports, demo, clip_template
):
    controller, window, _ = real_kiosk(make_kiosk, real_ports)
    citizen = fresh_citizen(demo, clip_template)
    assert verified(qtbot, controller, citizen, clip_template) is State.SERVICE
    personalise(qtbot, window)
    submit(qtbot, controller)
    controller.citizen.finish()
    screen = window.current_screen()
    assert isinstance(screen, SurveyScreen) and controller.session.state is State.SURVEY
    window.activateWindow()
    assert nothing_chosen(window, screen)
    qtbot.mouseClick(screen.answers[0], LEFT)
    assert screen.step.text() == "Question 2 of 9" and nothing_chosen(window, screen)
    qtbot.mouseClick(screen.answers[3], LEFT)
    assert nothing_chosen(window, screen)
    qtbot.mouseClick(screen.previous, LEFT)  # an answer given before is shown as given
    assert screen.answers[3].isChecked()
    for _ in range(8):
        qtbot.mouseClick(screen.answers[2], LEFT)
    # the thank-you, still on the survey; the welcome screen follows by itself
    assert controller.session.state is State.SURVEY and screen.thanking()
    assert screen.thanks_title.text() == "Thank you for your answers"
    assert screen.thanks_title.isVisibleTo(window) and not screen.card.isVisibleTo(window)
    assert screen.thanks_timer.isActive() and screen.thanks_timer.interval() == THANKS_MS
    screen.thanks_timer.timeout.emit()  # the few seconds have passed
    assert controller.session.state is State.WELCOME
    assert_reset(window)
    assert not screen.thanking() and screen.index == 0


def test_settings_reset_after_cancel_and_not_on_back(qtbot, make_kiosk):
    controller, window = make_kiosk()
    citizen = controller.citizen
    personalise(qtbot, window)
    citizen.start()
    citizen.back()  # back to welcome: the same person is still there
    assert controller.session.state is State.WELCOME
    assert window.large_text and window.high_contrast and controller.language == "en"
    citizen.start()
    citizen.cancel()
    assert controller.session.state is State.ENDED
    assert window.large_text  # the goodbye is still theirs
    citizen.finish()
    assert controller.session.state is State.WELCOME
    assert_reset(window)


def test_settings_reset_after_a_timeout(qtbot, make_kiosk):
    clock = FakeClock()
    config = SessionConfig(warning_after=45, reset_after=15)
    session = Session(CatalogRules(), config, clock=clock)
    controller, window = make_kiosk(session=session)
    personalise(qtbot, window)
    controller.citizen.start()
    controller.citizen.enter_nik(NIK)
    clock.advance(46)
    controller.tick()
    assert session.warning
    clock.advance(16)  # nobody answered "still there?"
    controller.tick()
    assert session.state is State.WELCOME
    assert_reset(window)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_goodbye_after_a_declined_consent_says_it_once(qtbot, make_kiosk, language):
    controller, window = make_kiosk(language=language)
    citizen = controller.citizen
    citizen.start()
    citizen.enter_nik(NIK)
    citizen.decline_consent()
    assert controller.session.state is State.ENDED
    screen = window.current_screen()
    word = "loket" if language == "id" else "counter"
    texts = [label.text() for label in screen.findChildren(QLabel) if label.isVisibleTo(screen)]
    assert sum(text.lower().count(word) for text in texts) == 1, texts
    assert word in screen.reason.text().lower()
    # a cancel's goodbye has no such message: the counter line says it (the next citizen
    # starts in Indonesian)
    citizen.finish()
    citizen.start()
    citizen.cancel()
    assert "loket" in screen.counter.text().lower()


def test_start_goes_straight_to_the_nik_in_the_language_picked_on_welcome(qtbot, make_kiosk):
    assert "LANGUAGE" not in State.__members__
    assert not any("language" in target for target in SCREEN_MODULES.values())
    controller, window = make_kiosk()
    welcome = window.current_screen()
    qtbot.mouseClick(window.top.lang_en, LEFT)
    qtbot.mouseClick(welcome.start_button, LEFT)
    assert controller.session.state is State.NIK
    assert type(window.current_screen()).__name__ == "NikScreen"
    assert controller.language == "en"
    controller.citizen.back()
    assert controller.session.state is State.WELCOME and controller.language == "en"

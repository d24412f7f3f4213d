"""The typed calls from the screens to the session: controller.citizen (CitizenEvents) and the
review screen's edit hand-over (EditFocus)."""

from __future__ import annotations

import inspect

from kiosk.session import Session
from kiosk.session.states import Event, State
from ui.citizen_events import CitizenEvents, EditFocus

# Answers the controller itself feeds back from the ports; tick() produces TIMEOUT.
KIOSK_EVENTS = {
    Event.VERIFICATION_RESULT,
    Event.SERVER_UNREACHABLE,
    Event.SUBMITTED,
    Event.SUBMIT_FAILED,
    Event.STATUS_RESULT,
    Event.TIMEOUT,
    # takeover by hand-off code: fed by the controller from the server's answers
    Event.HANDED_OVER,
    Event.TAKE_OVER,
}


def _events(cls) -> set[str]:
    return {name for name, _ in inspect.getmembers(cls, inspect.isfunction) if name[0] != "_"}


def test_every_citizen_event_of_the_session_has_one_typed_call():
    assert _events(CitizenEvents) == {e.value for e in Event if e not in KIOSK_EVENTS}


def test_each_typed_call_takes_the_session_method_parameters():
    for name in _events(CitizenEvents):
        ours = inspect.signature(getattr(CitizenEvents, name)).parameters
        theirs = inspect.signature(getattr(Session, name)).parameters
        assert list(ours.values()) == list(theirs.values()), name


def test_typed_calls_record_activity_and_ignore_what_the_state_refuses(make_kiosk, caplog):
    from real_support import FakeClock

    from kiosk.session.data import SessionConfig
    from kiosk.session.rules import CatalogRules

    clock = FakeClock()
    session = Session(CatalogRules(), SessionConfig(warning_after=45, reset_after=15), clock=clock)
    controller, window = make_kiosk(session=session)
    assert controller.citizen.start() is State.NIK
    clock.now += 46  # nobody touched the screen: the inactivity warning
    controller.tick()
    assert session.warning is True and window.overlay.isVisible()
    assert controller.citizen.choose_language("en") is State.NIK  # the screen stays
    assert session.warning is False
    clock.now += 46
    controller.tick()
    assert session.warning is True
    with caplog.at_level("WARNING", logger="ui.controller"):
        assert controller.citizen.give_consent() is None
    assert session.warning is False  # a tap, even a refused one, is activity
    assert session.state is State.NIK
    assert any("'give_consent' is not allowed" in r.getMessage() for r in caplog.records)


class RunId:
    """A run id the test moves both ways (kept: a real session's only grows, and the test must
    show a focus is forgotten, not just hidden, when the id comes back)."""

    def __init__(self):
        self.value = 0

    def __call__(self) -> int:
        return self.value


def test_the_edit_focus_is_handed_over_once_to_the_screen_that_has_it():
    run_id = RunId()
    focus = EditFocus(run_id)
    assert focus.take_field({"nama"}) is None
    focus.ask_field("tempat_kematian")
    assert focus.take_field({"nama"}) is None  # not on this screen: kept for the form
    assert focus.take_field({"nama", "tempat_kematian"}) == "tempat_kematian"
    assert focus.take_field({"nama", "tempat_kematian"}) is None  # once
    focus.ask_document("akta")
    assert focus.take_field({"akta"}) is None  # fields and documents are separate
    assert focus.take_document({"akta": object()}) == "akta"
    assert focus.take_document({"akta": object()}) is None


def test_an_edit_focus_asked_before_a_reset_is_not_handed_to_the_next_citizen():
    run_id = RunId()
    focus = EditFocus(run_id)
    focus.ask_field("nama")
    focus.ask_document("akta")
    run_id.value += 1  # cancel, timeout...
    assert focus.take_field({"nama"}) is None
    assert focus.take_document({"akta"}) is None
    run_id.value -= 1
    assert focus.take_field({"nama"}) is None  # forgotten, not just hidden

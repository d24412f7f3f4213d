"""Every (state, event, target) of the table is exercised; nothing outside it is allowed."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from test_session_support import (
    ADULT_SERVICE,
    DOCS_SERVICE,
    LOCKED,
    MATCH,
    MINOR_NIK,
    NO_MATCH,
    PLAIN_SERVICE,
    RECEIPT,
    SCAN,
    STATUS,
    TRACKING_CODE,
    VALID_NIK,
    good_capture,
    make_session,
    reach,
    spoof_capture,
)

from kiosk.session import Event, InvalidTransition, Session, SessionConfig, State
from kiosk.session.states import TRANSITIONS, allowed_events, to_dot, transitions

S, E = State, Event
Scenario = Callable[[], Session]


def _at(state: State, action: Callable[[Session], object], **kw) -> Scenario:
    def run() -> Session:
        s = reach(state, **kw)
        action(s)
        return s

    return run


def _spoofed_until_exhausted() -> Session:
    s = reach(S.FACE)
    for _ in range(s.config.max_liveness_attempts - 1):
        s.face_captured(spoof_capture())
        s.retry()
    s.face_captured(spoof_capture())
    return s


def _adult_service_as_minor() -> Session:
    s = make_session()
    s.start()
    s.choose_language("id")
    s.enter_nik(MINOR_NIK)
    s.give_consent()
    s.face_captured(good_capture())
    s.verification_result(MATCH)
    s.choose_service(ADULT_SERVICE)
    return s


def _timeout(state: State) -> Scenario:
    def run() -> Session:
        s = reach(state)
        if state is S.ENDED:
            s.tick(10_000.0)
        else:
            s.tick(10_000.0)  # warning
            s.tick(10_000.0 + s.config.reset_after)
        return s

    return run


def _help_then_back(origin: State) -> Scenario:
    def run() -> Session:
        s = reach(origin)
        s.help()
        s.back()
        return s

    return run


SCENARIOS: dict[tuple[State, Event, State], Scenario] = {
    (S.WELCOME, E.START, S.LANGUAGE): _at(S.WELCOME, lambda s: s.start()),
    (S.WELCOME, E.CHECK_STATUS, S.STATUS_CHECK): _at(S.WELCOME, lambda s: s.check_status()),
    (S.LANGUAGE, E.CHOOSE_LANGUAGE, S.NIK): _at(S.LANGUAGE, lambda s: s.choose_language("en")),
    (S.NIK, E.ENTER_NIK, S.CONSENT): _at(S.NIK, lambda s: s.enter_nik(VALID_NIK)),
    (S.NIK, E.ENTER_NIK, S.NIK): _at(S.NIK, lambda s: s.enter_nik("12345")),
    (S.CONSENT, E.GIVE_CONSENT, S.FACE): _at(S.CONSENT, lambda s: s.give_consent()),
    (S.CONSENT, E.DECLINE_CONSENT, S.ENDED): _at(S.CONSENT, lambda s: s.decline_consent()),
    (S.FACE, E.FACE_CAPTURED, S.VERIFYING): _at(S.FACE, lambda s: s.face_captured(good_capture())),
    (S.FACE, E.FACE_CAPTURED, S.FACE_FAILED): _at(
        S.FACE, lambda s: s.face_captured(spoof_capture())
    ),
    (S.FACE, E.FACE_CAPTURED, S.STAFF_HELP): _spoofed_until_exhausted,
    (S.FACE, E.FACE_FAILED, S.FACE_FAILED): _at(S.FACE, lambda s: s.face_failed("no_face")),
    (S.FACE, E.FACE_FAILED, S.STAFF_HELP): _at(
        S.FACE, lambda s: s.face_failed("camera_unavailable")
    ),
    (S.FACE_FAILED, E.RETRY, S.FACE): _at(S.FACE_FAILED, lambda s: s.retry()),
    (S.VERIFYING, E.VERIFICATION_RESULT, S.SERVICE): _at(
        S.VERIFYING, lambda s: s.verification_result(MATCH)
    ),
    (S.VERIFYING, E.VERIFICATION_RESULT, S.NO_MATCH): _at(
        S.VERIFYING, lambda s: s.verification_result(NO_MATCH)
    ),
    (S.VERIFYING, E.VERIFICATION_RESULT, S.STAFF_HELP): _at(
        S.VERIFYING, lambda s: s.verification_result(LOCKED)
    ),
    (S.VERIFYING, E.SERVER_UNREACHABLE, S.SERVICE): _at(
        S.VERIFYING, lambda s: s.server_unreachable()
    ),
    (S.NO_MATCH, E.RETRY, S.FACE): _at(S.NO_MATCH, lambda s: s.retry()),
    (S.SERVICE, E.CHOOSE_SERVICE, S.FORM): _at(
        S.SERVICE, lambda s: s.choose_service(PLAIN_SERVICE)
    ),
    (S.SERVICE, E.CHOOSE_SERVICE, S.SERVICE): _adult_service_as_minor,
    (S.FORM, E.SUBMIT_FORM, S.DOCUMENTS): _at(
        S.FORM, lambda s: s.submit_form({"child_name": "Budi"})
    ),
    (S.FORM, E.SUBMIT_FORM, S.REVIEW): _at(
        S.FORM, lambda s: s.submit_form({"kk_number": "3171230101100001"}), service=PLAIN_SERVICE
    ),
    (S.FORM, E.SUBMIT_FORM, S.FORM): _at(S.FORM, lambda s: s.submit_form({"child_name": " "})),
    (S.DOCUMENTS, E.DOCUMENT_CAPTURED, S.DOCUMENTS): _at(
        S.DOCUMENTS, lambda s: s.document_captured("kk", SCAN)
    ),
    (S.DOCUMENTS, E.DOCUMENTS_DONE, S.REVIEW): _at(
        S.DOCUMENTS,
        lambda s: (
            [s.document_captured(d, SCAN) for d in s.data.required_documents] and s.documents_done()
        ),
    ),
    (S.DOCUMENTS, E.DOCUMENTS_DONE, S.DOCUMENTS): _at(S.DOCUMENTS, lambda s: s.documents_done()),
    (S.REVIEW, E.CONFIRM, S.SUBMITTING): _at(S.REVIEW, lambda s: s.confirm(True)),
    (S.REVIEW, E.CONFIRM, S.REVIEW): _at(S.REVIEW, lambda s: s.confirm(False)),
    (S.SUBMITTING, E.SUBMITTED, S.SUBMITTED): _at(S.SUBMITTING, lambda s: s.submitted(RECEIPT)),
    (S.SUBMITTING, E.SUBMIT_FAILED, S.REVIEW): _at(S.SUBMITTING, lambda s: s.submit_failed()),
    (S.SUBMITTED, E.FINISH, S.SURVEY): _at(S.SUBMITTED, lambda s: s.finish()),
    (S.SURVEY, E.SURVEY_DONE, S.WELCOME): _at(S.SURVEY, lambda s: s.survey_done({"waktu": 4})),
    (S.STATUS_CHECK, E.ENTER_TRACKING_CODE, S.STATUS_LOOKUP): _at(
        S.STATUS_CHECK, lambda s: s.enter_tracking_code(TRACKING_CODE)
    ),
    (S.STATUS_CHECK, E.ENTER_TRACKING_CODE, S.STATUS_CHECK): _at(
        S.STATUS_CHECK, lambda s: s.enter_tracking_code("?!")
    ),
    (S.STATUS_LOOKUP, E.STATUS_RESULT, S.STATUS_CHECK): _at(
        S.STATUS_LOOKUP, lambda s: s.status_result(STATUS)
    ),
    (S.STATUS_LOOKUP, E.SERVER_UNREACHABLE, S.STATUS_CHECK): _at(
        S.STATUS_LOOKUP, lambda s: s.server_unreachable()
    ),
    (S.ENDED, E.FINISH, S.WELCOME): _at(S.ENDED, lambda s: s.finish()),
    (S.REVIEW, E.BACK, S.FORM): _at(S.REVIEW, lambda s: s.back(), service=PLAIN_SERVICE),
}

for _state, _event, _target in transitions():
    key = (_state, _event, _target)
    if key in SCENARIOS:
        continue
    if _event is E.CHOOSE_LANGUAGE:
        SCENARIOS[key] = _at(_state, lambda s: s.choose_language("en"))
    elif _event is E.CANCEL:
        SCENARIOS[key] = _at(_state, lambda s: s.cancel())
    elif _event is E.HELP:
        SCENARIOS[key] = _at(_state, lambda s: s.help())
    elif _event is E.TIMEOUT:
        SCENARIOS[key] = _timeout(_state)
    elif _event is E.BACK and _state is S.STAFF_HELP:
        SCENARIOS[key] = _help_then_back(_target)
    elif _event is E.BACK:
        SCENARIOS[key] = _at(_state, lambda s: s.back())


def test_scenarios_cover_exactly_the_table():
    table = set(transitions())
    assert set(SCENARIOS) == table, {
        "missing": sorted(map(str, table - set(SCENARIOS))),
        "extra": sorted(map(str, set(SCENARIOS) - table)),
    }
    assert len(table) > 100


@pytest.mark.parametrize(
    "state,event,target",
    sorted(SCENARIOS, key=lambda k: (k[0].value, k[1].value, k[2].value)),
    ids=lambda v: v.value,
)
def test_every_transition(state: State, event: Event, target: State):
    s = SCENARIOS[(state, event, target)]()
    assert s.state is target
    assert s.history[-1] == (state, event, target)


# One call per event with plausible arguments: used to prove that events outside the table fail.
CALLS: dict[Event, Callable[[Session], object]] = {
    E.START: lambda s: s.start(),
    E.CHOOSE_LANGUAGE: lambda s: s.choose_language("en"),
    E.ENTER_NIK: lambda s: s.enter_nik(VALID_NIK),
    E.GIVE_CONSENT: lambda s: s.give_consent(),
    E.DECLINE_CONSENT: lambda s: s.decline_consent(),
    E.FACE_CAPTURED: lambda s: s.face_captured(good_capture()),
    E.FACE_FAILED: lambda s: s.face_failed("no_face"),
    E.RETRY: lambda s: s.retry(),
    E.VERIFICATION_RESULT: lambda s: s.verification_result(MATCH),
    E.SERVER_UNREACHABLE: lambda s: s.server_unreachable(),
    E.CHOOSE_SERVICE: lambda s: s.choose_service(DOCS_SERVICE),
    E.SUBMIT_FORM: lambda s: s.submit_form({"child_name": "Budi"}),
    E.DOCUMENT_CAPTURED: lambda s: s.document_captured("kk", SCAN),
    E.DOCUMENTS_DONE: lambda s: s.documents_done(),
    E.CONFIRM: lambda s: s.confirm(True),
    E.SUBMITTED: lambda s: s.submitted(RECEIPT),
    E.SUBMIT_FAILED: lambda s: s.submit_failed(),
    E.FINISH: lambda s: s.finish(),
    E.SURVEY_DONE: lambda s: s.survey_done(None),
    E.CHECK_STATUS: lambda s: s.check_status(),
    E.ENTER_TRACKING_CODE: lambda s: s.enter_tracking_code(TRACKING_CODE),
    E.STATUS_RESULT: lambda s: s.status_result(STATUS),
    E.BACK: lambda s: s.back(),
    E.CANCEL: lambda s: s.cancel(),
    E.HELP: lambda s: s.help(),
}

INVALID = [
    (state, event)
    for state in State
    for event in Event
    if event is not E.TIMEOUT and (state, event) not in TRANSITIONS
]


def _snapshot(s: Session):
    return (s.state, copy.deepcopy(s.data), list(s.history), s.run_id, s.warning)


@pytest.mark.parametrize("state,event", INVALID, ids=lambda v: v.value)
def test_invalid_event_raises_and_changes_nothing(state: State, event: Event):
    s = reach(state)
    seen = []
    s.subscribe(lambda old, new: seen.append((old, new)))
    before = _snapshot(s)
    with pytest.raises(InvalidTransition) as info:
        CALLS[event](s)
    assert _snapshot(s) == before
    assert seen == []
    message = str(info.value)
    assert f"'{event.value}'" in message and f"'{state.value}'" in message
    assert "allowed:" in message


def test_calls_cover_every_event_but_timeout():
    assert set(CALLS) == set(Event) - {E.TIMEOUT}
    assert len(INVALID) > 300


@pytest.mark.parametrize("state", [S.WELCOME, S.VERIFYING, S.SUBMITTING, S.STATUS_LOOKUP])
def test_no_inactivity_reset_where_the_table_has_no_timeout(state: State):
    s = reach(state)
    before = _snapshot(s)
    for now in (10_000.0, 20_000.0, 30_000.0):
        assert s.tick(now) is state
    assert _snapshot(s) == before


def test_forced_staff_help_refuses_back():
    s = reach(S.VERIFYING)
    s.verification_result(LOCKED)
    before = _snapshot(s)
    with pytest.raises(InvalidTransition, match="staff help after a failure"):
        s.back()
    assert _snapshot(s) == before


def test_service_has_no_back_into_the_face_check():
    assert E.BACK not in allowed_events(S.SERVICE)
    reachable_by_back = {t for (st, ev, t) in transitions() if ev is E.BACK and st is not S.FACE}
    after_verification = {S.SERVICE, S.FORM, S.DOCUMENTS, S.REVIEW}
    for state in after_verification:
        for target in TRANSITIONS.get((state, E.BACK), ()):
            assert target not in (S.FACE, S.FACE_FAILED, S.VERIFYING, S.NO_MATCH, S.CONSENT)
    assert S.VERIFYING not in reachable_by_back


def test_dot_drawing_lists_every_state():
    dot = to_dot()
    assert dot.startswith("digraph session {") and dot.endswith("}")
    for state in State:
        assert state.value in dot
    assert 'consent -> face [label="give_consent"];' in dot


def test_config_rejects_nonsense():
    with pytest.raises(ValueError, match="max_match_attempts must be positive"):
        SessionConfig(max_match_attempts=0)

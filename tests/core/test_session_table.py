"""The session against the citizen journey written by hand in citizen_journey.md, both ways.

The Markdown table there is the specification (the product owner's, not the code's): every row
(state, event -> targets) must be a move the session makes, reached by real session calls, and
every (state, event) pair that is no row must be refused with InvalidTransition and change
nothing. No test here reads the session's own transition table: the expected values come from
the Markdown file and from the literals below.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from test_session_support import (
    ADULT_SERVICE,
    APPROVAL,
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
from kiosk.session.data import Problem
from kiosk.session.states import to_dot

S, E = State, Event
SPEC_FILE = Path(__file__).with_name("citizen_journey.md")
Spec = dict[tuple[State, Event], tuple[State, ...]]


def read_spec(text: str) -> Spec:
    """The rows of the Markdown table: `| from | event | target, target | why |`."""
    spec: Spec = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == "From state" or set(cells[0]) <= {"-", " "}:
            continue  # the header and the line under it
        assert len(cells) == 4, f"line {number}: four cells expected: {line}"
        state, event, targets, why = cells
        key = (State(state), Event(event))
        assert key not in spec, f"line {number}: {state} / {event} is specified twice"
        assert why, f"line {number}: every row says why"
        spec[key] = tuple(State(target.strip()) for target in targets.split(","))
    return spec


SPEC = read_spec(SPEC_FILE.read_text(encoding="utf-8"))
# Every (from, event, to) the specification allows, in the file's order.
TRIPLES = [(state, event, target) for (state, event), targets in SPEC.items() for target in targets]


def spec_events(state: State) -> set[Event]:
    return {event for (st, event) in SPEC if st is state}


def test_the_specification_reads_as_written():
    assert len(SPEC) == 95 and len(TRIPLES) == 120
    assert {state for state, _ in SPEC} == set(State)  # every screen has a row
    assert {event for _, event in SPEC} == set(Event)  # every event is used somewhere
    assert SPEC[(S.NIK, E.ENTER_NIK)] == (S.CONSENT, S.NIK)
    assert SPEC[(S.STAFF_HELP, E.BACK)][:2] == (S.WELCOME, S.NIK)
    assert len(SPEC[(S.STAFF_HELP, E.BACK)]) == 13
    with pytest.raises(AssertionError, match="specified twice"):
        read_spec("| welcome | start | nik | a |\n| welcome | start | nik | b |")
    with pytest.raises(ValueError):
        read_spec("| welcome | fly | nik | not an event |")


# ----- (a) every specified move happens, reached by real session calls ------------------------

Scenario = Callable[[], Session]


def _at(state: State, action: Callable[[Session], object], **kw) -> Scenario:
    def run() -> Session:
        s = reach(state, **kw)
        action(s)
        return s

    return run


def _spoofed_until_exhausted() -> Session:
    s = reach(S.FACE)
    for _ in range(2):  # the default config allows three liveness tries
        s.face_captured(spoof_capture())
        s.retry()
    s.face_captured(spoof_capture())
    return s


def _no_face_until_exhausted() -> Session:
    s = reach(S.FACE)
    for _ in range(2):  # the default config allows three face tries, of any kind
        s.face_failed("no_face")
        s.retry()
    s.face_failed("poor_quality")
    return s


def _no_match_until_exhausted() -> Session:
    s = reach(S.VERIFYING)
    for _ in range(2):  # the default config allows three match tries
        s.verification_result(NO_MATCH)
        s.retry()
        s.face_captured(good_capture())
    s.verification_result(NO_MATCH)
    return s


def _staff_verified_after_no_match() -> Session:
    s = _no_match_until_exhausted()
    s.staff_verified(APPROVAL)
    return s


def _help_at_the_face_check() -> Session:
    s = reach(S.FACE)
    s.help()
    return s


def _handed_over_from_help() -> Session:
    s = _help_at_the_face_check()
    s.handoff_snapshot()
    s.handed_over()
    return s


def _taken_over_at_a_staff_terminal() -> Session:
    snapshot = _help_at_the_face_check().handoff_snapshot()
    s = make_session()
    s.take_over(snapshot, "kiosk-a")
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


def _walk_away(state: State) -> Scenario:
    def run() -> Session:
        s = reach(state)
        if state is S.ENDED:
            s.tick(10_000.0)  # the goodbye screen closes by itself
        else:
            s.tick(10_000.0)  # "Masih di sana?"
            s.tick(10_000.0 + 15.0)  # the default config resets 15 s later
        return s

    return run


def _help_then_back(origin: State, **kw) -> Scenario:
    def run() -> Session:
        s = reach(origin, **kw)
        s.help()
        s.back()
        return s

    return run


def _scan_all_then_done(s: Session) -> None:
    s.document_captured("surat_keterangan_lahir", SCAN)
    s.document_captured("kk", SCAN)
    s.documents_done()


# The moves of the journey, one scenario per (from, event, to), written by hand.
SCENARIOS: dict[tuple[State, Event, State], Scenario] = {
    (S.WELCOME, E.START, S.NIK): _at(S.WELCOME, lambda s: s.start()),
    (S.WELCOME, E.CHECK_STATUS, S.STATUS_CHECK): _at(S.WELCOME, lambda s: s.check_status()),
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
    (S.DOCUMENTS, E.DOCUMENTS_DONE, S.REVIEW): _at(S.DOCUMENTS, _scan_all_then_done),
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
    # Staff verify the citizen with the KTP-el after the face check failed for good.
    (S.STAFF_HELP, E.STAFF_VERIFIED, S.SERVICE): _staff_verified_after_no_match,
    # Takeover by hand-off code: the session leaves one kiosk and opens on a staff terminal.
    (S.STAFF_HELP, E.HANDED_OVER, S.WELCOME): _handed_over_from_help,
    (S.WELCOME, E.TAKE_OVER, S.STAFF_HELP): _taken_over_at_a_staff_terminal,
    # Back, screen by screen.
    (S.NIK, E.BACK, S.WELCOME): _at(S.NIK, lambda s: s.back()),
    (S.CONSENT, E.BACK, S.NIK): _at(S.CONSENT, lambda s: s.back()),
    (S.FACE, E.BACK, S.CONSENT): _at(S.FACE, lambda s: s.back()),
    (S.FACE_FAILED, E.BACK, S.CONSENT): _at(S.FACE_FAILED, lambda s: s.back()),
    (S.NO_MATCH, E.BACK, S.NIK): _at(S.NO_MATCH, lambda s: s.back()),
    (S.FORM, E.BACK, S.SERVICE): _at(S.FORM, lambda s: s.back()),
    (S.DOCUMENTS, E.BACK, S.FORM): _at(S.DOCUMENTS, lambda s: s.back()),
    (S.REVIEW, E.BACK, S.DOCUMENTS): _at(S.REVIEW, lambda s: s.back(), service=DOCS_SERVICE),
    (S.REVIEW, E.BACK, S.FORM): _at(S.REVIEW, lambda s: s.back(), service=PLAIN_SERVICE),
    (S.STATUS_CHECK, E.BACK, S.WELCOME): _at(S.STATUS_CHECK, lambda s: s.back()),
    # Staff help returns to the screen where help was asked.
    (S.STAFF_HELP, E.BACK, S.WELCOME): _help_then_back(S.WELCOME),
    (S.STAFF_HELP, E.BACK, S.NIK): _help_then_back(S.NIK),
    (S.STAFF_HELP, E.BACK, S.CONSENT): _help_then_back(S.CONSENT),
    (S.STAFF_HELP, E.BACK, S.FACE): _help_then_back(S.FACE),
    (S.STAFF_HELP, E.BACK, S.FACE_FAILED): _help_then_back(S.FACE_FAILED),
    (S.STAFF_HELP, E.BACK, S.NO_MATCH): _help_then_back(S.NO_MATCH),
    (S.STAFF_HELP, E.BACK, S.SERVICE): _help_then_back(S.SERVICE),
    (S.STAFF_HELP, E.BACK, S.FORM): _help_then_back(S.FORM),
    (S.STAFF_HELP, E.BACK, S.DOCUMENTS): _help_then_back(S.DOCUMENTS),
    (S.STAFF_HELP, E.BACK, S.REVIEW): _help_then_back(S.REVIEW),
    (S.STAFF_HELP, E.BACK, S.SUBMITTED): _help_then_back(S.SUBMITTED),
    (S.STAFF_HELP, E.BACK, S.SURVEY): _help_then_back(S.SURVEY),
    (S.STAFF_HELP, E.BACK, S.STATUS_CHECK): _help_then_back(S.STATUS_CHECK),
}

# What the citizen (or the kiosk's clock) does for the events offered on many screens. A row of
# the specification with one of these events and a single target is checked by doing this on
# that row's screen: the screen comes from the Markdown row, never from the session.
EVERYWHERE: dict[Event, Callable[[State], Scenario]] = {
    E.CHOOSE_LANGUAGE: lambda state: _at(state, lambda s: s.choose_language("en")),
    E.CANCEL: lambda state: _at(state, lambda s: s.cancel()),
    E.HELP: lambda state: _at(state, lambda s: s.help()),
    E.TIMEOUT: _walk_away,
}


def scenario_for(state: State, event: Event, target: State) -> Scenario | None:
    if (state, event, target) in SCENARIOS:
        return SCENARIOS[(state, event, target)]
    if event in EVERYWHERE and SPEC[(state, event)] == (target,):
        return EVERYWHERE[event](state)
    return None


def test_every_hand_written_scenario_is_a_specified_move():
    assert set(SCENARIOS) <= set(TRIPLES), sorted(map(str, set(SCENARIOS) - set(TRIPLES)))


@pytest.mark.parametrize(
    "state,event,target", TRIPLES, ids=lambda v: v.value if isinstance(v, State | Event) else v
)
def test_every_specified_move_happens(state: State, event: Event, target: State):
    scenario = scenario_for(state, event, target)
    assert scenario is not None, f"no scenario for {state.value} --{event.value}--> {target.value}"
    s = scenario()
    assert s.state is target
    assert s.history[-1] == (state, event, target)
    assert s.data.error is None or isinstance(s.data.error, Problem)
    # The way there used only specified moves too.
    unspecified = [move for move in s.history if move not in TRIPLES]
    assert unspecified == []


# ----- (b) nothing else is allowed ---------------------------------------------------------------

# One call per event with plausible arguments: used to prove that events outside the
# specification are refused. TIMEOUT has no call: it is what tick() does after the warning.
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
    E.STAFF_VERIFIED: lambda s: s.staff_verified(APPROVAL),
    E.HANDED_OVER: lambda s: s.handed_over(),
    E.TAKE_OVER: lambda s: s.take_over(SNAPSHOT, "kiosk-a"),
}


SNAPSHOT = {
    "version": 1,
    "language": "id",
    "nik": VALID_NIK,
    "consent_given": True,
    "help_reason": "no_match",
    "help_step": "verifying",
    "service_id": None,
    "form_values": {},
}


def _snapshot(s: Session):
    return (s.state, copy.deepcopy(s.data), list(s.history), s.run_id, s.warning)


def test_calls_cover_every_event_but_timeout():
    assert set(CALLS) == set(Event) - {E.TIMEOUT}


@pytest.mark.parametrize("state", list(State), ids=lambda v: v.value)
def test_the_screen_offers_exactly_the_specified_events(state: State):
    s = reach(state)
    assert {event for event in Event if s.can(event)} == spec_events(state)


@pytest.mark.parametrize("state", list(State), ids=lambda v: v.value)
def test_unspecified_events_are_refused_and_change_nothing(state: State):
    refused = sorted(set(Event) - spec_events(state))
    assert refused, "every screen refuses something"
    for event in refused:
        s = reach(state)
        seen = []
        s.subscribe(lambda old, new, seen=seen: seen.append((old, new)))
        before = _snapshot(s)
        if event is E.TIMEOUT:  # walking away changes nothing here, however long
            for now in (10_000.0, 10_015.0, 20_000.0, 30_000.0):
                assert s.tick(now) is state
        else:
            with pytest.raises(InvalidTransition) as info:
                CALLS[event](s)
            message = str(info.value)
            assert message.startswith(
                f"event '{event.value}' is not allowed in state '{state.value}' (allowed: "
            )
            allowed = re.search(r"\(allowed: (.*)\)$", message).group(1).split(", ")
            assert {Event(name) for name in allowed} == spec_events(state)
            assert (info.value.state, info.value.event) == (state, event)
        assert _snapshot(s) == before, event
        assert seen == [], event


def test_forced_staff_help_refuses_back():
    s = reach(S.VERIFYING)
    s.verification_result(LOCKED)
    before = _snapshot(s)
    with pytest.raises(InvalidTransition, match="staff help after a failure"):
        s.back()
    assert _snapshot(s) == before


@pytest.mark.parametrize(
    "scenario",
    [_spoofed_until_exhausted, _no_face_until_exhausted, _no_match_until_exhausted],
    ids=["liveness", "capture", "match"],
)
def test_used_up_tries_send_to_staff_with_no_way_back(scenario: Scenario):
    s = scenario()
    assert s.state is S.STAFF_HELP and s.data.help_forced is True
    with pytest.raises(InvalidTransition, match="staff help after a failure"):
        s.back()
    assert s.state is S.STAFF_HELP


def test_back_after_the_face_check_never_returns_to_it():
    s = reach(S.REVIEW, service=DOCS_SERVICE)
    assert [s.back(), s.back(), s.back()] == [S.DOCUMENTS, S.FORM, S.SERVICE]
    assert s.can(E.BACK) is False
    with pytest.raises(InvalidTransition):
        s.back()
    assert s.state is S.SERVICE


# ----- (c) the drawing of the machine is the specification ---------------------------------------


def test_dot_drawing_is_the_specification():
    lines = to_dot().splitlines()
    assert lines[:2] == ["digraph session {", "  rankdir=LR;"] and lines[-1] == "}"
    expected = {
        f'  {state.value} -> {target.value} [label="{event.value}"];'
        for state, event, target in TRIPLES
        if not (event is E.CHOOSE_LANGUAGE and target is state)  # self-loops left out
    }
    assert len(lines[2:-1]) == len(expected) == 102
    assert set(lines[2:-1]) == expected
    assert '  consent -> face [label="give_consent"];' in lines
    assert '  welcome -> welcome [label="choose_language"];' not in lines


def test_config_rejects_nonsense():
    with pytest.raises(ValueError, match="max_match_attempts must be positive"):
        SessionConfig(max_match_attempts=0)

"""What the screens ask the session instead of working it out: which events it accepts now
(Session.can: the help button, the cancel button while waiting) and how many face checks the
citizen may still try (Session.tries_left, with the limits of the session's config)."""

from __future__ import annotations

import pytest
from test_session_support import (
    DOCS_SERVICE,
    NO_MATCH,
    VALID_NIK,
    good_capture,
    make_session,
    reach,
    spoof_capture,
)

from kiosk.session import Event, InvalidTransition, SessionConfig, State

S, E = State, Event

# Events a screen may send without arguments, and how.
NO_ARGUMENTS = {
    E.START: lambda s: s.start(),
    E.GIVE_CONSENT: lambda s: s.give_consent(),
    E.DECLINE_CONSENT: lambda s: s.decline_consent(),
    E.RETRY: lambda s: s.retry(),
    E.SERVER_UNREACHABLE: lambda s: s.server_unreachable(),
    E.DOCUMENTS_DONE: lambda s: s.documents_done(),
    E.SUBMIT_FAILED: lambda s: s.submit_failed(),
    E.FINISH: lambda s: s.finish(),
    E.SURVEY_DONE: lambda s: s.survey_done(),
    E.CHECK_STATUS: lambda s: s.check_status(),
    E.BACK: lambda s: s.back(),
    E.CANCEL: lambda s: s.cancel(),
    E.HELP: lambda s: s.help(),
}


@pytest.mark.parametrize("state", list(State))
def test_can_says_exactly_which_events_the_session_then_accepts(state):
    for event, send in NO_ARGUMENTS.items():
        s = reach(state)
        offered = s.can(event)
        if offered:
            send(s)  # no InvalidTransition
        else:
            before = (s.state, s.data.error, list(s.history))
            with pytest.raises(InvalidTransition):
                send(s)
            assert (s.state, s.data.error, list(s.history)) == before, (state, event)


def test_what_the_screens_offer():
    # "Bantuan" in the top bar: not while the kiosk talks to the server, not at staff help
    assert reach(S.FACE).can(E.HELP) and reach(S.FORM).can(E.HELP)
    assert not reach(S.VERIFYING).can(E.HELP) and not reach(S.STAFF_HELP).can(E.HELP)
    # the wait screen's cancel: while verifying yes, once the application is being sent no
    assert reach(S.VERIFYING).can(E.CANCEL)
    assert not reach(S.SUBMITTING).can(E.CANCEL)


# --- tries left -------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_face_tries_left_are_the_failures_still_allowed_before_staff_help(limit):
    s = make_session(SessionConfig(max_liveness_attempts=limit))
    reach(S.FACE, s)
    shown = []
    for reason in ["no_face", "poor_quality", "multiple_faces"] * limit:
        s.face_failed(reason)
        if s.state is S.STAFF_HELP:
            break
        shown.append(s.tries_left())
        s.retry()
    assert s.state is S.STAFF_HELP and s.tries_left() is None
    # what the screen said each time, counting down to the last try
    assert shown == list(range(limit - 1, 0, -1))


def test_every_failed_face_check_counts_against_the_one_configured_limit():
    s = make_session(SessionConfig(max_liveness_attempts=4))
    reach(S.FACE, s)
    s.face_failed("poor_quality", "too_close")
    assert s.tries_left() == 3 and s.data.error.details == ("too_close",)
    s.retry()
    s.face_captured(spoof_capture())
    assert s.data.error.code == "liveness_failed" and s.tries_left() == 2
    s.retry()
    s.face_failed("no_face")
    assert s.tries_left() == 1
    s.retry()
    s.face_failed("multiple_faces")
    assert s.state is S.STAFF_HELP and s.tries_left() is None


@pytest.mark.parametrize("limit", [2, 3])
def test_no_match_tries_left_follow_the_configured_limit(limit):
    s = make_session(SessionConfig(max_match_attempts=limit))
    reach(S.FACE, s)
    shown = []
    for attempt in range(limit):
        s.face_captured(good_capture())
        s.verification_result(NO_MATCH)
        if s.state is not S.NO_MATCH:
            break
        shown.append(s.tries_left())
        if attempt == 0:  # checking the NIK again does not reset the count
            s.back()
            s.enter_nik(VALID_NIK)
            s.give_consent()
        else:
            s.retry()
    assert s.state is S.STAFF_HELP
    assert shown == list(range(limit - 1, 0, -1))


@pytest.mark.parametrize("state", [s for s in State if s not in (S.FACE_FAILED, S.NO_MATCH)])
def test_no_count_where_there_is_no_failed_face_check(state):
    s = reach(state, service=DOCS_SERVICE)
    assert s.tries_left() is None


def test_no_count_for_a_failure_that_is_not_a_face_capture():
    s = reach(S.FACE_FAILED)
    s.data.error = None
    assert s.tries_left() is None

"""Inactivity warning and reset, and proof that a reset leaves no personal data behind."""

from __future__ import annotations

import dataclasses

import pytest
from test_session_support import (
    PREFILL,
    RECEIPT,
    SCAN,
    TEMPLATE,
    VALID_NIK,
    FakeClock,
    make_session,
    reach,
)

from kiosk.session import SessionConfig, State
from kiosk.session.data import DEFAULT_LANGUAGE, SessionData

S = State


def _watch(s):
    seen = []
    s.subscribe(lambda old, new: seen.append((old, new)))
    return seen


def test_warning_then_reset_with_default_timings():
    clock = FakeClock()
    s = reach(S.FORM, make_session(clock=clock))
    seen = _watch(s)
    start = clock.now
    assert s.tick(start + 44.9) is S.FORM and s.warning is False
    assert s.seconds_until_reset(start + 44.9) is None
    assert s.tick(start + 45.0) is S.FORM and s.warning is True
    assert seen == [(S.FORM, S.FORM)]  # the UI is told to show "Masih di sana?"
    assert s.seconds_until_reset(start + 50.0) == pytest.approx(10.0)
    s.tick(start + 55.0)
    assert s.warning is True and len(seen) == 1  # no repeated notifications
    assert s.tick(start + 59.9) is S.FORM
    assert s.tick(start + 60.0) is S.WELCOME
    assert seen[-1] == (S.FORM, S.WELCOME) and s.warning is False


def test_activity_closes_the_warning_and_restarts_the_timer():
    clock = FakeClock()
    s = reach(S.DOCUMENTS, make_session(clock=clock))
    seen = _watch(s)
    t0 = clock.now
    s.tick(t0 + 45)
    s.user_activity(t0 + 50)
    assert s.warning is False and seen == [(S.DOCUMENTS, S.DOCUMENTS)] * 2
    assert s.tick(t0 + 94) is S.DOCUMENTS and s.warning is False
    s.user_activity(t0 + 94)  # no warning open: nothing to tell the UI
    assert len(seen) == 2
    assert s.tick(t0 + 94 + 45) is S.DOCUMENTS and s.warning is True
    assert s.data.form_values  # a warning alone wipes nothing


def test_events_count_as_activity():
    clock = FakeClock()
    s = reach(S.DOCUMENTS, make_session(clock=clock))
    clock.advance(40)
    s.document_captured("kk", SCAN)
    assert s.tick(clock.now + 44) is S.DOCUMENTS and s.warning is False
    s.tick(clock.now + 45)
    assert s.warning is True
    clock.advance(45)
    s.document_captured("kk", SCAN)  # a transition also closes the warning
    assert s.warning is False


def test_configurable_timings():
    clock = FakeClock()
    s = reach(S.NIK, make_session(SessionConfig(warning_after=5, reset_after=2), clock=clock))
    s.tick(clock.now + 5)
    assert s.warning is True
    assert s.tick(clock.now + 7) is S.WELCOME


def test_goodbye_screen_returns_to_welcome_without_warning():
    clock = FakeClock()
    s = reach(S.ENDED, make_session(SessionConfig(end_screen_after=8), clock=clock))
    assert s.seconds_until_reset(clock.now + 3) == pytest.approx(5)
    assert s.tick(clock.now + 7.9) is S.ENDED and s.warning is False
    assert s.tick(clock.now + 8) is S.WELCOME


def _hold_references(s):
    """The objects the session owns now, to check afterwards that they were emptied."""
    d = s.data
    return {
        "prefill": d.prefill,
        "form_values": d.form_values,
        "form_errors": d.form_errors,
        "documents": d.documents,
        "scans": list(d.documents.values()),
        "required_documents": d.required_documents,
        "template": d.face_template,
        "liveness": d.liveness,
    }


def _assert_wiped(s, held):
    fresh = SessionData()
    for field in dataclasses.fields(SessionData):
        assert getattr(s.data, field.name) == getattr(fresh, field.name), field.name
    assert s.data.nik_info is None and s.data.face_template is None
    assert s.data.prefill is None and s.data.session_token is None
    assert s.data.form_values == {} and s.data.documents == {}
    assert s.data.language == DEFAULT_LANGUAGE and s.data.match_attempts == 0
    for name in ("prefill", "form_values", "form_errors", "documents", "liveness"):
        assert held[name] is None or len(held[name]) == 0, name
    assert held["required_documents"] == []
    for scan in held["scans"]:
        assert isinstance(scan, bytearray) and len(scan) == len(SCAN) and not any(scan)
    if held["template"] is not None:
        assert len(held["template"]) == len(TEMPLATE) and not any(held["template"])
    assert VALID_NIK not in repr(vars(s))
    assert "SITI" not in repr(vars(s)) and "Budi" not in repr(vars(s))


@pytest.mark.parametrize("online", [True, False], ids=["verified", "offline"])
def test_inactivity_reset_wipes_every_piece_of_personal_data(online: bool):
    clock = FakeClock()
    s = reach(S.REVIEW, make_session(clock=clock), online=online)
    s.choose_language("en")
    held = _hold_references(s)
    # Make sure the test holds real data before the reset.
    assert s.data.nik_info.nik == VALID_NIK and held["scans"] and held["form_values"]
    if online:
        assert held["prefill"] == PREFILL and s.data.session_token == "tok-123"
        assert held["template"] is None  # already dropped after verification
    else:
        assert bytes(held["template"]) == TEMPLATE and held["liveness"]["passed"] is True
    run = s.run_id
    s.tick(clock.now + 45)
    s.tick(clock.now + 60)
    assert s.state is S.WELCOME and s.run_id == run + 1
    assert s.history == [(S.REVIEW, s.history[0][1], S.WELCOME)]
    _assert_wiped(s, held)


@pytest.mark.parametrize("how", ["cancel", "survey", "timeout_on_receipt", "declined"])
def test_every_way_out_wipes(how: str):
    clock = FakeClock()
    if how == "declined":
        s = reach(S.CONSENT, make_session(clock=clock))
        held = _hold_references(s)
        s.decline_consent()
        s.finish()
    elif how == "cancel":
        s = reach(S.DOCUMENTS, make_session(clock=clock))
        s.document_captured("kk", SCAN)
        held = _hold_references(s)
        s.cancel()
        assert s.data.end_reason.code == "cancelled"
        s.finish()
    else:
        s = reach(S.REVIEW, make_session(clock=clock), online=False)
        held = _hold_references(s)
        s.confirm()
        s.submitted(RECEIPT)  # the receipt is kept until the survey ends
        assert s.data.receipt is not None
        if how == "survey":
            s.finish()
            s.survey_done(None)
        else:
            s.tick(clock.now + 45)
            s.tick(clock.now + 60)
    assert s.state is S.WELCOME
    _assert_wiped(s, held)

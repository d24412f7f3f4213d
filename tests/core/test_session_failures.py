"""Failure branches: face capture, liveness, no match, locked NIK, bad NIK, declined consent."""

from __future__ import annotations

import array

import pytest
from test_session_support import (
    DOCS_SERVICE,
    FORM_VALUES,
    LOCKED,
    NO_MATCH,
    SCAN,
    VALID_NIK,
    good_capture,
    make_session,
    reach,
    spoof_capture,
)

from kiosk.ports import FaceCaptureResult
from kiosk.session import InvalidTransition, SessionConfig, State
from kiosk.session.data import SessionData

S = State


def test_float_templates_are_zeroed_too():
    s = reach(S.FACE)
    s.face_captured(FaceCaptureResult([0.25] * 128, {"passed": True}))
    buffer = s.verification_request()[1]
    assert isinstance(buffer, array.array) and list(buffer) == [0.25] * 128
    s.verification_result(NO_MATCH)
    assert list(buffer) == [0.0] * 128


@pytest.mark.parametrize("max_attempts", [1, 3])
def test_no_match_until_staff_help(max_attempts: int):
    s = reach(S.FACE, make_session(SessionConfig(max_match_attempts=max_attempts)))
    for attempt in range(1, max_attempts):
        s.face_captured(good_capture())
        s.verification_result(NO_MATCH)
        assert s.state is S.NO_MATCH and s.data.match_attempts == attempt
        assert s.data.error.code == "no_match"
        s.retry()
    s.face_captured(good_capture())
    s.verification_result(NO_MATCH)
    assert s.state is S.STAFF_HELP
    assert s.data.help_reason.code == "no_match" and s.data.help_forced is True
    with pytest.raises(InvalidTransition):
        s.back()
    s.cancel()
    assert s.state is S.ENDED and s.data.nik_info is None


def test_changing_the_nik_does_not_reset_match_attempts():
    s = reach(S.NO_MATCH)
    s.back()
    assert s.state is S.NIK and s.data.match_attempts == 1
    s.enter_nik(VALID_NIK)
    s.give_consent()
    s.face_captured(good_capture())
    s.verification_result(NO_MATCH)
    s.retry()
    s.face_captured(good_capture())
    s.verification_result(NO_MATCH)
    assert s.state is S.STAFF_HELP and s.data.match_attempts == 3


def test_locked_nik_goes_to_staff():
    s = reach(S.VERIFYING)
    s.verification_result(LOCKED)
    assert s.state is S.STAFF_HELP and s.data.help_reason.code == "nik_locked"
    assert s.data.face_template is None


def test_liveness_failures_until_staff_help():
    s = reach(S.FACE, make_session(SessionConfig(max_liveness_attempts=2)))
    s.face_failed("liveness_failed")
    assert s.state is S.FACE_FAILED and s.data.error.code == "liveness_failed"
    s.retry()
    s.face_captured(spoof_capture())  # the camera passed a capture whose liveness failed
    assert s.state is S.STAFF_HELP and s.data.help_reason.code == "liveness_failed"
    assert s.data.face_template is None  # a spoof's template is never kept


def test_capture_failures_are_capped_and_camera_faults_go_to_staff():
    s = reach(S.FACE)
    for _ in range(s.config.max_liveness_attempts - 1):
        s.face_failed("no_face")
        s.retry()
    s.face_failed("poor_quality")
    assert s.state is S.STAFF_HELP and s.data.help_reason.code == "poor_quality"
    s = reach(S.FACE)
    s.face_failed("camera_unavailable")
    assert s.state is S.STAFF_HELP and s.data.help_forced is True
    s = reach(S.FACE)
    with pytest.raises(ValueError, match="reason must be one of"):
        s.face_failed("sunglasses")
    assert s.state is S.FACE


def test_help_from_a_failure_is_voluntary_and_returns():
    s = reach(S.FACE_FAILED)
    s.help()
    assert s.state is S.STAFF_HELP and s.data.help_reason.code == "no_face"
    s.back()
    assert s.state is S.FACE_FAILED and s.data.error.code == "no_face"  # message still shown


def test_help_mid_form_keeps_everything():
    s = reach(S.DOCUMENTS)
    s.document_captured("kk", SCAN)
    s.help()
    assert s.data.help_reason.code == "requested"
    s.back()
    assert s.state is S.DOCUMENTS and list(s.data.documents) == ["kk"]
    assert s.data.form_values == FORM_VALUES[DOCS_SERVICE]


def test_consent_declined_ends_politely_and_wipes():
    s = reach(S.CONSENT)
    s.choose_language("en")
    s.decline_consent()
    assert s.state is S.ENDED
    assert s.data.end_reason.code == "consent_declined"
    assert "loket" in s.data.end_reason.text_id and "counter" in s.data.end_reason.text("en")
    assert s.data.nik_info is None and s.data.language == "en"
    s.finish()
    assert s.state is S.WELCOME and s.data == SessionData()


@pytest.mark.parametrize(
    "text,code",
    [
        ("123", "nik_wrong_length"),
        ("31712345099000AB", "nik_not_digits"),
        ("0071234509900001", "nik_unknown_province"),
        ("3171234509900000", "nik_zero_serial"),
        ("3171233213900001", "nik_invalid_date"),
    ],
)
def test_bad_nik_stays_with_a_message(text: str, code: str):
    s = reach(S.NIK)
    s.enter_nik(text)
    assert s.state is S.NIK and s.data.nik_info is None
    assert s.data.error.code == code and s.data.error.text_id and s.data.error.text_en
    s.enter_nik(VALID_NIK)
    assert s.state is S.CONSENT and s.data.error is None


@pytest.mark.parametrize("state", [S.WELCOME, S.NIK, S.CONSENT])
def test_no_face_capture_or_lookup_before_consent(state: State):
    s = reach(state)
    with pytest.raises(InvalidTransition):
        s.face_captured(good_capture())
    with pytest.raises(InvalidTransition):
        s.verification_request()
    assert s.state is state and s.data.face_template is None

"""Details of the session pinned with literal, independently known values: the reason staff is
called with, the facts eligibility rules see, the texts a refused event carries. (Each of these
was a mutant of kiosk/session/ that no other test noticed.)"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from test_session_support import (
    DOCS_SERVICE,
    LOCKED,
    MATCH,
    NO_MATCH,
    PLAIN_SERVICE,
    PREFILL,
    SCAN,
    STATUS,
    TRACKING_CODE,
    VALID_NIK,
    FakeClock,
    TinyRules,
    good_capture,
    make_session,
    reach,
    spoof_capture,
)

from kiosk.session import InvalidTransition, Session, State
from kiosk.session.data import Problem

S = State


# ----- help: why staff is called, and where back returns ----------------------------------


@pytest.mark.parametrize("reason", ["no_face", "multiple_faces", "poor_quality"])
def test_help_after_a_capture_problem_tells_staff_which(reason: str):
    s = reach(S.FACE)
    s.face_failed(reason)
    s.help()
    assert s.state is S.STAFF_HELP
    assert s.data.help_reason.code == reason
    assert (s.data.help_forced, s.data.help_return) == (False, S.FACE_FAILED)
    s.back()
    assert s.state is S.FACE_FAILED
    assert s.data.error.code == reason  # the screen comes back with its message
    assert (s.data.help_reason, s.data.help_return) == (None, None)


def test_help_after_a_spoof_or_a_no_match_tells_staff_which():
    s = reach(S.FACE)
    s.face_captured(spoof_capture())
    s.help()
    assert s.data.help_reason.code == "liveness_failed"
    s.back()
    s.retry()
    s.face_captured(good_capture())
    s.verification_result(NO_MATCH)
    s.help()
    assert s.data.help_reason.code == "no_match"
    assert s.data.help_return is S.NO_MATCH


def test_help_for_any_other_message_is_a_plain_request():
    s = reach(S.FORM)
    s.submit_form({"child_name": " "})
    assert s.data.error.code == "form_invalid"
    s.help()
    assert s.data.help_reason.code == "requested"
    assert s.data.help_reason.text_en and s.data.help_reason.text_id
    s2 = reach(S.FACE)
    s2.help()
    assert s2.data.help_reason.code == "requested"


# ----- facts: what eligibility rules look at ----------------------------------------------


def test_facts_before_and_after_the_nik():
    s = make_session()
    assert s.facts() == {"verification_pending": False}
    s = reach(S.SERVICE)
    assert s.facts() == {
        "verification_pending": False,
        "birth_date": dt.date(1990, 9, 5),
        "age": 36,
        "sex": "F",
        "province_code": "31",
        "regency_code": "3171",
        **PREFILL,
    }
    offline = reach(S.SERVICE, online=False)
    assert offline.facts()["verification_pending"] is True
    assert "full_name" not in offline.facts()


@pytest.mark.parametrize(
    "today,age",
    [
        (dt.date(2026, 8, 31), 35),  # month before the birthday
        (dt.date(2026, 9, 4), 35),  # day before
        (dt.date(2026, 9, 5), 36),  # the birthday itself
        (dt.date(2026, 9, 6), 36),
        (dt.date(2026, 10, 1), 36),  # a later month, an earlier day
    ],
)
def test_age_turns_on_the_birthday(today: dt.date, age: int):
    s = Session(TinyRules(), today=lambda: today)
    s.start()
    s.choose_language("id")
    s.enter_nik(VALID_NIK)  # born 5 September 1990
    assert s.facts()["age"] == age


# ----- staff help forced by a failure ------------------------------------------------------


def test_forced_help_has_no_screen_to_return_to():
    s = reach(S.VERIFYING)
    s.verification_result(LOCKED)
    assert s.data.help_reason.code == "nik_locked"
    assert (s.data.help_forced, s.data.help_return) == (True, None)


# ----- the reasons a refused call gives ----------------------------------------------------


def test_refusals_name_event_state_and_reason():
    s = make_session()
    with pytest.raises(InvalidTransition) as info:
        s.verification_request()
    assert str(info.value) == (
        "event 'verification_result' is not allowed in state 'welcome': nothing to verify "
        "(allowed: start, check_status, take_over, choose_language, help)"
    )
    with pytest.raises(InvalidTransition, match="'submitted' is not allowed in state 'welcome': "):
        s.packet()
    with pytest.raises(InvalidTransition, match=": nothing to submit \\(allowed: "):
        s.packet()
    with pytest.raises(InvalidTransition) as info:
        s.back()
    assert str(info.value).startswith("event 'back' is not allowed in state 'welcome' (allowed: ")
    forced = reach(S.VERIFYING)
    forced.verification_result(LOCKED)
    with pytest.raises(InvalidTransition) as info:
        forced.back()
    assert ": staff help after a failure (allowed: " in str(info.value)


# ----- messages, data kept and data cleared --------------------------------------------------


def test_problem_text_follows_the_language():
    problem = Problem.of("cancelled")
    assert problem.text("id") == "Sesi dibatalkan. Semua data Anda telah dihapus dari kiosk ini."
    assert problem.text("en") == "Session cancelled. All your data has been erased from this kiosk."


def test_submit_failure_without_a_reason_says_submit_failed():
    s = reach(S.SUBMITTING)
    s.submit_failed()
    assert s.data.error.code == "submit_failed" and s.data.error.details == ("submit_failed",)
    s = reach(S.REVIEW)
    s.confirm(False)
    assert s.data.error.code == "declaration_required" and s.data.declaration is False
    s.confirm(True)
    assert s.data.error is None and s.data.declaration is True


def test_a_scan_clears_the_missing_documents_message():
    s = reach(S.DOCUMENTS)
    s.documents_done()
    assert s.data.error.code == "documents_missing"
    assert s.data.error.details == ("surat_keterangan_lahir", "kk")
    s.document_captured("kk", SCAN)
    assert s.data.error is None


def test_back_clears_the_message_and_keeps_consent_after_the_face_check():
    s = reach(S.REVIEW)
    s.confirm(False)
    assert s.data.error is not None
    s.back()
    assert s.data.error is None and s.data.consent_given is True
    s = reach(S.FACE_FAILED)
    s.back()
    assert s.state is S.CONSENT and s.data.consent_given is False


@pytest.mark.parametrize("how", ["cancel", "back", "check_status"])
def test_the_language_survives_a_wipe_by_the_same_person(how: str):
    s = make_session()
    s.choose_language("en")  # on the welcome screen
    if how == "check_status":
        s.check_status()
        assert s.state is S.STATUS_CHECK
    else:
        s.start()
        s.choose_language("en")
        s.enter_nik(VALID_NIK)
        if how == "cancel":
            s.cancel()
        else:
            s.back()  # consent -> nik
            s.back()  # nik -> welcome
            assert s.state is S.WELCOME
    assert s.data.language == "en" and s.data.nik_info is None


def test_tracking_code_entry_clears_the_last_answer():
    s = reach(S.STATUS_LOOKUP)
    s.status_result(STATUS)
    assert s.data.status == STATUS
    s.enter_tracking_code("?!")
    assert s.data.status is None and s.data.tracking_code is None
    assert s.data.error.code == "tracking_wrong_length"
    assert s.data.error.text_en == "A tracking code has 11 characters (without MPP and dashes)."
    assert s.data.error.text_id == "Kode pelacakan harus 11 karakter (tanpa MPP dan tanda hubung)."
    s.enter_tracking_code(TRACKING_CODE)
    assert s.data.error is None and s.data.tracking_code == TRACKING_CODE


def test_packet_carries_the_server_prefill():
    s = reach(S.SUBMITTING)
    assert s.packet().prefill == PREFILL


@pytest.mark.parametrize("score", [1, 4])
def test_survey_scores_one_to_four_are_kept(score: int):
    s = reach(S.SURVEY)
    s.survey_done({"waktu": score})
    assert s.data.survey == {"waktu": score}


@pytest.mark.parametrize("score", [0, 5, True, 2.0])
def test_survey_scores_outside_one_to_four_are_refused(score):
    s = reach(S.SURVEY)
    with pytest.raises(ValueError, match="must be an integer 1..4"):
        s.survey_done({"waktu": score})


def test_describe_names_the_state_and_masks_the_nik():
    s = make_session()
    assert s.describe() == "state=welcome nik=- run=0"
    reach(S.CONSENT, s)
    assert s.describe() == "state=consent nik=3171********0001 run=1"


# ----- the clock: calls without an explicit time read the session's clock -------------------


def test_inactivity_read_from_the_session_clock():
    clock = FakeClock()
    s = reach(S.FORM, make_session(clock=clock))
    clock.advance(45.0)
    assert s.tick() is S.FORM and s.warning is True
    assert s.seconds_until_reset() == 15.0
    clock.advance(5.0)
    s.user_activity()
    assert s.warning is False and s.seconds_until_reset() is None
    clock.advance(44.0)
    assert s.tick() is S.FORM and s.warning is False  # 44 s since the touch
    clock.advance(1.0)
    s.tick()
    clock.advance(15.0)
    assert s.seconds_until_reset() == 0.0
    assert s.tick() is S.WELCOME


def test_the_countdowns_stop_at_zero():
    clock = FakeClock()
    s = reach(S.ENDED, make_session(clock=clock))
    assert s.seconds_until_reset() == 20.0
    assert s.seconds_until_reset(clock.now + 25.0) == 0.0
    s = reach(S.FORM, make_session(clock=clock))
    s.tick(clock.now + 45.0)
    assert s.seconds_until_reset(clock.now + 45.0 + 20.0) == 0.0


# ----- a fresh session, the log, and messages cleared on success ----------------------------


def test_a_fresh_session():
    s = make_session()
    assert (s.state, s.run_id, s.warning, s.history) == (S.WELCOME, 0, False, [])
    assert s.tick(1000.0 + 44.0) is S.WELCOME and s.warning is False


def test_moves_are_logged_and_a_broken_observer_is_named(caplog):
    s = make_session()
    s.subscribe(lambda old, new: 1 / 0)
    with caplog.at_level(logging.DEBUG, logger="kiosk.session"):
        s.start()
    messages = [record.getMessage() for record in caplog.records]
    assert "session welcome --start--> nik" in messages
    assert "session observer failed on welcome -> nik" in messages


def test_start_keeps_the_language_chosen_on_the_welcome_screen():
    s = make_session()
    s.choose_language("en")
    s.start()
    assert s.state is S.NIK and s.data.language == "en"


def test_the_nik_birth_date_is_read_with_the_session_today():
    s = reach(S.NIK)  # today is 27 November 2026
    s.enter_nik("3171012811260001")  # born on the 28th: not in 2026 yet, so 1926
    assert s.facts()["birth_date"] == dt.date(1926, 11, 28)


def test_another_service_drops_the_declaration():
    s = reach(S.SUBMITTING, service=PLAIN_SERVICE)
    s.submit_failed("disk_full")
    assert s.data.declaration is True
    s.back()  # review -> form
    s.back()  # form -> service
    s.choose_service(DOCS_SERVICE)
    assert s.data.declaration is False and s.data.form_values == {}


@pytest.mark.parametrize(
    "steps",
    [
        ["face_failed", "retry"],
        ["spoof", "retry", "good_face"],
        ["good_face", "no_match", "retry", "good_face", "match"],
        ["good_face", "match", "unknown_service", "plain_service"],
        ["good_face", "match", "docs_service", "form", "done_missing", "scan_all"],
    ],
)
def test_success_clears_the_last_message(steps: list[str]):
    s = reach(S.FACE)
    actions = {
        "face_failed": lambda: s.face_failed("no_face"),
        "retry": s.retry,
        "spoof": lambda: s.face_captured(spoof_capture()),
        "good_face": lambda: s.face_captured(good_capture()),
        "no_match": lambda: s.verification_result(NO_MATCH),
        "match": lambda: s.verification_result(MATCH),
        "unknown_service": lambda: s.choose_service("no_such_service"),
        "plain_service": lambda: s.choose_service(PLAIN_SERVICE),
        "docs_service": lambda: s.choose_service(DOCS_SERVICE),
        "form": lambda: s.submit_form({"child_name": "Budi"}),
        "done_missing": s.documents_done,
        "scan_all": lambda: (
            s.document_captured("surat_keterangan_lahir", SCAN),
            s.document_captured("kk", SCAN),
            s.documents_done(),
        ),
    }
    for step in steps:
        actions[step]()
    assert s.data.error is None

"""The citizen session along whole journeys: data kept, data wiped, failure branches."""

from __future__ import annotations

import logging

import pytest
from test_session_support import (
    ADULT_SERVICE,
    DOCS_SERVICE,
    FORM_VALUES,
    MATCH,
    MINOR_NIK,
    PLAIN_SERVICE,
    PREFILL,
    RECEIPT,
    SCAN,
    STATUS,
    TEMPLATE,
    TRACKING_CODE,
    VALID_NIK,
    good_capture,
    make_session,
    reach,
)

from kiosk.ports import FACE_FAILURE_REASONS, Receipt
from kiosk.session import InvalidTransition, State
from kiosk.session.data import MESSAGES

S = State


def test_happy_path_online_keeps_then_drops_data():
    s = make_session()
    seen: list[tuple[State, State]] = []
    s.subscribe(lambda old, new: seen.append((old, new)))

    s.start()
    s.choose_language("en")
    s.enter_nik(" 3171 2345 0990 0001 ")
    assert s.state is S.CONSENT and s.data.nik_info.nik == VALID_NIK
    assert s.data.consent_given is False  # nothing biometric before consent
    s.give_consent()
    s.face_captured(good_capture())
    assert s.state is S.VERIFYING
    nik, template, liveness = s.verification_request()
    assert nik == VALID_NIK and bytes(template) == TEMPLATE and liveness["passed"] is True
    s.verification_result(MATCH)
    assert s.state is S.SERVICE
    assert isinstance(template, bytearray) and not any(template)  # zeroed after the answer
    assert s.data.face_template is None and s.data.liveness is None
    assert s.data.prefill == PREFILL and s.data.session_token == "tok-123"
    assert s.data.verification_pending is False
    assert s.facts()["age"] == 36 and s.facts()["full_name"] == "SITI RAHAYU"

    s.choose_service(DOCS_SERVICE)
    s.submit_form(FORM_VALUES[DOCS_SERVICE])
    assert s.state is S.DOCUMENTS and s.missing_documents() == ["surat_keterangan_lahir", "kk"]
    s.document_captured("kk", SCAN)
    s.document_captured("surat_keterangan_lahir", SCAN)
    s.documents_done()
    s.confirm(declaration=True)
    assert s.state is S.SUBMITTING
    packet = s.packet()
    assert packet.nik == VALID_NIK and packet.service_id == DOCS_SERVICE
    assert dict(packet.values) == FORM_VALUES[DOCS_SERVICE]
    assert set(packet.documents) == {"kk", "surat_keterangan_lahir"}
    assert packet.language == "en" and packet.session_token == "tok-123"
    assert packet.face_template is None and packet.verification_pending is False
    assert packet.biometric_consent is True
    scans = list(packet.documents.values())

    s.submitted(RECEIPT)
    assert s.state is S.SUBMITTED and s.data.receipt == RECEIPT
    assert s.data.nik_info is None and s.data.form_values == {} and s.data.prefill is None
    assert all(not any(scan) for scan in scans)  # the queue has them; the kiosk memory not
    assert s.data.language == "en"  # the receipt screen stays in the chosen language
    s.finish()
    s.survey_done({"waktu": 4, "perilaku": 3})
    assert s.state is S.WELCOME
    assert s.data.survey == {"waktu": 4, "perilaku": 3}
    assert s.data.language == "id" and s.data.receipt is None
    assert seen[0] == (S.WELCOME, S.NIK) and seen[-1] == (S.SURVEY, S.WELCOME)
    assert len(seen) == 15


def test_language_switch_keeps_the_session():
    s = reach(S.FORM)
    s.submit_form({"child_name": ""})  # invalid: stays with values
    run = s.run_id
    s.choose_language("en")
    assert s.state is S.FORM and s.run_id == run
    assert s.data.language == "en" and s.data.nik_info.nik == VALID_NIK
    assert s.data.form_values == {"child_name": ""} and s.data.form_errors == {
        "child_name": "required"
    }
    with pytest.raises(ValueError, match="language must be one of"):
        s.choose_language("fr")
    assert s.data.language == "en"


def test_offline_verification_continues_with_pending_and_keeps_template():
    s = reach(S.VERIFYING)
    s.server_unreachable()
    assert s.state is S.SERVICE and s.data.verification_pending is True
    assert s.data.error.code == "verification_pending"
    assert s.data.prefill is None and s.data.session_token is None
    s.choose_service(PLAIN_SERVICE)
    s.submit_form(FORM_VALUES[PLAIN_SERVICE])
    assert s.state is S.REVIEW  # no documents for this service
    s.confirm()
    packet = s.packet()
    assert packet.verification_pending is True
    assert bytes(packet.face_template) == TEMPLATE and packet.liveness["method"] == "blink"
    template = packet.face_template
    receipt = Receipt("MPP-1", PLAIN_SERVICE, True)
    s.submitted(receipt)
    assert not any(template)
    assert receipt.verification_note[0].startswith("Verifikasi menunggu")
    assert RECEIPT.verification_note is None


def test_back_map_after_verification():
    s = reach(S.REVIEW)
    s.back()
    assert s.state is S.DOCUMENTS and len(s.data.documents) == 2  # scans kept
    s.back()
    assert s.state is S.FORM and s.data.form_values == FORM_VALUES[DOCS_SERVICE]
    s.back()
    assert s.state is S.SERVICE
    with pytest.raises(InvalidTransition, match="'back' is not allowed in state 'service'"):
        s.back()
    s = reach(S.REVIEW, service=PLAIN_SERVICE)
    s.back()
    assert s.state is S.FORM


def test_back_from_face_asks_consent_again():
    s = reach(S.FACE)
    assert s.data.consent_given is True
    s.back()
    assert s.state is S.CONSENT and s.data.consent_given is False


def test_choosing_another_service_drops_the_old_form():
    s = reach(S.REVIEW)
    scans = list(s.data.documents.values())
    s.back()
    s.back()
    s.back()
    s.choose_service(DOCS_SERVICE)  # same service: values stay
    assert s.data.form_values == FORM_VALUES[DOCS_SERVICE] and len(s.data.documents) == 2
    s.back()
    s.choose_service(PLAIN_SERVICE)
    assert s.data.form_values == {} and s.data.documents == {}
    assert all(not any(scan) for scan in scans)


def test_eligibility_and_unknown_service():
    s = reach(S.SERVICE)
    s.choose_service("paspor")
    assert s.state is S.SERVICE and s.data.error.code == "unknown_service"
    s.choose_service(ADULT_SERVICE)  # the verified citizen is an adult
    assert s.state is S.FORM and s.data.required_documents == []
    s.submit_form({})
    assert s.state is S.DOCUMENTS and s.data.required_documents == ["str"]
    minor = make_session()
    reach(S.NIK, minor)
    minor.enter_nik(MINOR_NIK)
    minor.give_consent()
    minor.face_captured(good_capture())
    minor.verification_result(MATCH)
    minor.choose_service(ADULT_SERVICE)
    assert minor.state is S.SERVICE
    assert minor.data.error.code == "not_eligible" and minor.data.error.details == ("min_age_18",)


def test_documents_rescan_zeroes_old_image_and_missing_are_listed():
    s = reach(S.DOCUMENTS)
    first = bytearray(SCAN)
    s.document_captured("kk", first)
    held = s.data.documents["kk"]
    assert held is not first and bytes(held) == SCAN  # the session owns its copy
    s.document_captured("kk", b"second scan")
    assert not any(held) and bytes(s.data.documents["kk"]) == b"second scan"
    s.documents_done()
    assert s.state is S.DOCUMENTS and s.data.error.details == ("surat_keterangan_lahir",)
    with pytest.raises(ValueError, match="not required here"):
        s.document_captured("paspor", SCAN)
    s.document_captured("surat_keterangan_lahir", "camera://scan/42")
    s.documents_done()
    assert s.state is S.REVIEW and s.data.documents["surat_keterangan_lahir"] == "camera://scan/42"


def test_declaration_and_submit_failure():
    s = reach(S.REVIEW)
    s.confirm(declaration=False)
    assert s.state is S.REVIEW and s.data.error.code == "declaration_required"
    s.confirm()
    s.submit_failed("disk_full")
    assert s.state is S.REVIEW and s.data.error.code == "submit_failed"
    assert s.data.error.details == ("disk_full",) and s.data.nik_info is not None
    with pytest.raises(InvalidTransition, match="nothing to submit"):
        s.packet()


def test_survey_validation_and_skip():
    s = reach(S.SURVEY)
    with pytest.raises(ValueError, match="1..4"):
        s.survey_done({"waktu": 5})
    with pytest.raises(ValueError, match="unknown survey element"):
        s.survey_done({"rasa": 3})
    assert s.state is S.SURVEY
    s.survey_done(None)
    assert s.state is S.WELCOME and s.data.survey is None


def test_status_check_side_flow():
    s = make_session()
    s.check_status()
    s.enter_tracking_code("x")
    assert s.state is S.STATUS_CHECK and s.data.error.code == "tracking_wrong_length"
    typo = TRACKING_CODE[:-1] + ("0" if TRACKING_CODE[-1] != "0" else "1")
    s.enter_tracking_code(typo)
    assert s.data.error.code == "tracking_bad_check" and "salah ketik" in s.data.error.text_id
    s.enter_tracking_code(" " + TRACKING_CODE.replace("-", " ").lower() + " ")
    assert s.state is S.STATUS_LOOKUP and s.data.tracking_code == TRACKING_CODE
    s.server_unreachable()
    assert s.state is S.STATUS_CHECK and s.data.error.code == "server_unreachable"
    s.enter_tracking_code(TRACKING_CODE)
    s.status_result(None)
    assert s.data.error.code == "tracking_code_unknown" and s.data.status is None
    s.enter_tracking_code(TRACKING_CODE)
    s.status_result(STATUS)
    assert s.data.status.status == "in_review" and s.data.error is None
    s.back()
    assert s.state is S.WELCOME and s.data.tracking_code is None and s.data.status is None


def test_cancel_bumps_run_id_so_late_answers_can_be_dropped():
    s = reach(S.VERIFYING)
    run = s.run_id
    s.cancel()
    assert s.run_id > run and s.data.end_reason.code == "cancelled"
    with pytest.raises(InvalidTransition):
        s.verification_result(MATCH)
    with pytest.raises(InvalidTransition, match="nothing to verify"):
        s.verification_request()


def test_observers_unsubscribe_and_a_broken_one_does_not_stop_the_others(caplog):
    s = make_session()
    calls: list[tuple[State, State]] = []

    def broken(old, new):
        raise RuntimeError("view bug")

    s.subscribe(broken)
    stop = s.subscribe(lambda old, new: calls.append((old, new)))
    with caplog.at_level(logging.ERROR, logger="kiosk.session"):
        s.start()
    assert s.state is S.NIK and calls == [(S.WELCOME, S.NIK)]
    assert "observer failed" in caplog.text
    stop()
    s.choose_language("id")
    assert calls == [(S.WELCOME, S.NIK)]


def test_messages_have_both_languages():
    for code, (text_id, text_en) in MESSAGES.items():
        assert text_id and text_en and text_id != text_en, code
    for reason in FACE_FAILURE_REASONS:
        assert reason in MESSAGES


def test_describe_masks_the_nik():
    s = reach(S.CONSENT)
    assert s.describe() == f"state=consent nik=3171********0001 run={s.run_id}"
    assert VALID_NIK not in s.describe()


def test_documents_follow_the_answers_and_unneeded_scans_are_dropped():
    s = reach(S.FORM, service=PLAIN_SERVICE)
    s.submit_form({**FORM_VALUES[PLAIN_SERVICE], "alasan_cetak": "hilang"})
    assert s.state is S.DOCUMENTS and s.missing_documents() == ["surat_kehilangan"]
    s.document_captured("surat_kehilangan", SCAN)
    scan = s.data.documents["surat_kehilangan"]
    s.documents_done()
    assert s.state is S.REVIEW
    s.back()
    s.back()
    assert s.state is S.FORM
    s.submit_form({**FORM_VALUES[PLAIN_SERVICE], "alasan_cetak": "rusak"})
    assert s.state is S.REVIEW and s.data.documents == {} and not any(scan)
    s.back()
    assert s.state is S.FORM  # no documents any more: back skips the documents screen


def test_eligibility_is_checked_again_with_the_answers():
    s = reach(S.FORM)
    s.submit_form({**FORM_VALUES[DOCS_SERVICE], "hubungan_pelapor": "bukan_keluarga"})
    assert s.state is S.FORM and s.data.error.code == "not_eligible"
    assert s.data.error.details == ("reported-by-family",) and s.data.form_errors == {}
    assert s.data.form_values["hubungan_pelapor"] == "bukan_keluarga"  # kept to correct
    s.submit_form({**FORM_VALUES[DOCS_SERVICE], "hubungan_pelapor": "ayah"})
    assert s.state is S.DOCUMENTS and s.data.error is None

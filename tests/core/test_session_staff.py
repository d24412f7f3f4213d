"""The staff verification of the citizen session (issue 13): after the face check failed (or
cannot be done) counter staff check the physical KTP-el and a supervisor approves; the session
goes on without face data or server prefill, sends the approval in the packet and wipes it with
everything else."""

from __future__ import annotations

import pytest
from test_session_support import (
    APPROVAL,
    LOCKED,
    PLAIN_SERVICE,
    VALID_NIK,
    good_capture,
    reach,
)

from kiosk.session import Event, InvalidTransition, State

S = State


def _locked():
    s = reach(S.VERIFYING)
    s.verification_result(LOCKED)
    return s


def test_staff_verification_replaces_the_face_check_and_travels_in_the_packet():
    s = _locked()
    assert s.state is S.STAFF_HELP and s.can_staff_verify()
    assert s.staff_verified(APPROVAL) is S.SERVICE
    d = s.data
    assert d.staff_verified and d.staff_approval == APPROVAL
    assert d.staff_approval is not APPROVAL  # the session owns (and wipes) its copy
    assert (d.face_template, d.liveness, d.session_token, d.prefill) == (None, None, None, None)
    assert d.verification_pending is False and d.help_reason is None and not d.help_forced
    assert s.facts()["verification_pending"] is False and "full_name" not in s.facts()
    s.choose_service(PLAIN_SERVICE)
    s.submit_form({"kk_number": "3171230101100001"})
    s.confirm(True)
    packet = s.packet()
    assert packet.staff_approval == APPROVAL and packet.nik == VALID_NIK
    assert packet.verification_pending is False and packet.face_template is None
    assert packet.session_token is None and packet.liveness is None


@pytest.mark.parametrize("leave", ["cancel", "timeout"])
def test_the_approval_and_the_staff_ids_are_wiped_with_the_session(leave: str):
    s = _locked()
    s.staff_verified(APPROVAL)
    held = s.data.staff_approval
    if leave == "cancel":
        s.cancel()
    else:
        s.tick(10_000.0)
        s.tick(10_015.0)
    assert s.data.staff_approval is None and not s.data.staff_verified
    assert held == {}  # emptied, not just dropped


def test_help_asked_during_the_face_check_allows_staff_verification():
    s = reach(S.FACE)
    s.help()
    assert s.can_staff_verify()
    s = reach(S.CONSENT)
    s.help()
    assert s.can_staff_verify()


@pytest.mark.parametrize("origin", [S.WELCOME, S.NIK, S.SERVICE, S.FORM])
def test_no_staff_verification_without_a_nik_or_after_the_identity_was_checked(origin):
    s = reach(origin)
    s.help()
    assert s.state is S.STAFF_HELP and not s.can_staff_verify()
    with pytest.raises(InvalidTransition, match="no identity to verify"):
        s.staff_verified(APPROVAL)
    assert s.state is S.STAFF_HELP and s.data.staff_approval is None


def test_an_offline_check_is_not_turned_into_a_staff_verification():
    s = reach(S.SERVICE, online=False)
    s.help()
    assert not s.can_staff_verify()


@pytest.mark.parametrize(
    "approval",
    [
        None,
        {},
        {k: v for k, v in APPROVAL.items() if k != "supervisor_id"},
        {**APPROVAL, "staff_id": ""},
        {**APPROVAL, "supervisor_id": APPROVAL["staff_id"]},  # four eyes
    ],
)
def test_an_approval_without_its_ids_is_refused(approval):
    s = _locked()
    with pytest.raises(ValueError):
        s.staff_verified(approval)
    assert s.state is S.STAFF_HELP and s.data.staff_approval is None


def test_a_second_face_check_is_never_offered_after_staff_verified():
    s = _locked()
    s.staff_verified(APPROVAL)
    assert not s.can(Event.RETRY) and not s.can(Event.BACK)
    with pytest.raises(InvalidTransition):
        s.face_captured(good_capture())


def test_the_staff_form_names_what_is_missing():
    from kiosk.staff.verification import clean_reason, form_problems

    assert form_problems(False, None, "  ") == [
        "staff.override_ktp_unchecked",
        "staff.override_reason_code",
        "staff.override_reason_short",
    ]
    assert form_problems(True, "other", "x" * 501) == ["staff.override_reason_long"]
    assert form_problems(True, "other", "Dicocokkan\n\n dengan KTP-el") == []
    assert clean_reason("  a \n b  ") == "a b"


def test_the_receipt_says_staff_verified_not_pending(tmp_path):
    import dataclasses

    from test_session_support import RECEIPT

    from kiosk.receipt import build_receipt
    from printing.reprint import ReprintQueue

    receipt = dataclasses.replace(RECEIPT, staff_verified=True)
    assert build_receipt(receipt).notes == (
        "Identitas diverifikasi petugas dengan KTP-el asli dan disetujui supervisor.",
    )
    assert build_receipt(receipt, language="en").notes[0].startswith("Identity verified by staff")
    assert build_receipt(RECEIPT).notes == ()
    queue = ReprintQueue(tmp_path)
    queue.put(receipt, "id")
    assert queue.pending()[0].receipt.staff_verified is True

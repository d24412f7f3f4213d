"""Takeover by hand-off code in the core: the snapshot a kiosk hands over (nothing of the face,
no session token, no approval, no scans), the wipe on the kiosk it leaves, and the checked
restore on the staff terminal (a garbage snapshot is refused and changes nothing)."""

from __future__ import annotations

import copy
import json

import pytest
from test_session_support import (
    APPROVAL,
    DOCS_SERVICE,
    MATCH,
    SCAN,
    VALID_NIK,
    make_session,
    reach,
)

from kiosk.session import InvalidTransition, State
from kiosk.session.handoff import SnapshotRefused

S = State


def _at_help_after_scans():
    s = reach(S.DOCUMENTS, service=DOCS_SERVICE)
    s.document_captured("kk", SCAN)
    s.help()
    return s


def test_the_snapshot_holds_no_face_token_approval_or_scans():
    s = reach(S.FACE)
    s.face_failed("no_face")
    s.help()
    assert s.data.help_step == "face_failed"
    snapshot = s.handoff_snapshot()
    assert snapshot == {
        "version": 1,
        "language": "id",
        "nik": VALID_NIK,
        "consent_given": True,
        "help_reason": "no_face",
        "help_step": "face_failed",
        "service_id": None,
        "form_values": {},
    }
    s = _at_help_after_scans()
    assert s.data.session_token == MATCH.session_token
    snapshot = s.handoff_snapshot()
    text = json.dumps(snapshot)  # JSON data only
    assert MATCH.session_token not in text and "SITI" not in text  # no token, no prefill
    assert "kk" not in snapshot["form_values"] and "documents" not in snapshot
    assert set(snapshot) == set(GOOD)  # the fields of the contract, no others
    assert snapshot["service_id"] == DOCS_SERVICE and snapshot["help_step"] == "documents"


def test_the_snapshot_is_only_taken_on_the_help_screen():
    with pytest.raises(InvalidTransition):
        reach(S.FACE).handoff_snapshot()


def test_handed_over_wipes_everything_and_returns_to_welcome():
    s = _at_help_after_scans()
    buffer = s.data.documents["kk"]
    run = s.run_id
    assert s.handed_over() is S.WELCOME
    assert s.data.nik_info is None and s.data.form_values == {} and s.data.documents == {}
    assert s.data.help_reason is None and s.data.service_id is None
    assert bytes(buffer) == bytes(len(buffer))  # the scan was zeroed
    assert s.run_id > run and s.history == [(S.STAFF_HELP, s.history[0][1], S.WELCOME)]


def test_take_over_restores_the_help_screen_with_the_step_and_reason():
    origin = reach(S.FACE)
    for _ in range(3):
        origin.face_failed("liveness_failed")
        if origin.state is S.FACE_FAILED:
            origin.retry()
    assert origin.state is S.STAFF_HELP and origin.data.help_forced
    snapshot = origin.handoff_snapshot()
    s = make_session()
    assert s.take_over(snapshot, "kiosk-a") is S.STAFF_HELP
    d = s.data
    assert d.nik_info.nik == VALID_NIK and d.consent_given is True
    assert d.help_reason.code == "liveness_failed" and d.help_step == "face"
    assert d.help_forced is True and d.help_return is None and d.taken_over_from == "kiosk-a"
    assert d.face_template is None and d.session_token is None and not d.staff_verified
    with pytest.raises(InvalidTransition):
        s.back()  # no way back to a screen of the other kiosk
    assert s.can_staff_verify()  # staff go on with the KTP-el and a supervisor
    assert s.staff_verified(APPROVAL) is S.SERVICE


def test_take_over_keeps_the_service_and_the_answers():
    s = reach(S.FORM, service=DOCS_SERVICE)
    s.submit_form({"child_name": "Budi"})
    s.help()
    t = make_session()
    t.take_over(s.handoff_snapshot())
    assert t.data.service_id == DOCS_SERVICE and t.data.form_values == {"child_name": "Budi"}
    assert t.data.help_step == "documents" and t.data.help_reason.code == "requested"


GOOD = {
    "version": 1,
    "language": "en",
    "nik": VALID_NIK,
    "consent_given": False,
    "help_reason": "requested",
    "help_step": "nik",
    "service_id": None,
    "form_values": {},
}


def _bad(**change):
    snapshot = copy.deepcopy(GOOD)
    for key, value in change.items():
        if value is KeyError:
            snapshot.pop(key)
        else:
            snapshot[key] = value
    return snapshot


@pytest.mark.parametrize(
    "snapshot",
    [
        None,
        [],
        "snapshot",
        _bad(face_template=[0.1] * 128),  # an extra field
        _bad(session_token="tok"),
        _bad(nik=KeyError),
        _bad(version=2),
        _bad(version=True),
        _bad(language="fr"),
        _bad(nik="3171234509900000" + "1"),
        _bad(nik="31712345099000xx"),
        _bad(nik="9999999999999999"),  # 16 digits, not a NIK
        _bad(consent_given="yes"),
        _bad(help_reason="../../etc"),
        _bad(help_step="kantin"),
        _bad(service_id="no-such-service"),
        _bad(service_id="x" * 65),
        _bad(form_values=[]),
        _bad(form_values={"a": "b"}),  # answers without a service
        _bad(service_id=DOCS_SERVICE, form_values={"x" * 65: 1}),
        _bad(service_id=DOCS_SERVICE, form_values={"a": "b" * 20_000}),
        _bad(service_id=DOCS_SERVICE, form_values={str(i): i for i in range(101)}),
    ],
)
def test_a_garbage_snapshot_is_refused_and_changes_nothing(snapshot):
    s = make_session()
    before = (s.state, copy.deepcopy(s.data), s.run_id)
    with pytest.raises(SnapshotRefused):
        s.take_over(snapshot)
    assert (s.state, s.data, s.run_id) == before


def test_take_over_only_from_welcome():
    s = reach(S.NIK)
    with pytest.raises(InvalidTransition):
        s.take_over(GOOD)
    assert make_session().take_over(GOOD) is S.STAFF_HELP

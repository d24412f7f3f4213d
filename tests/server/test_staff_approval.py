"""A supervisor's approval of a staff verification (identity_mode "staff"), end to end on the
reference server: accepted only with a valid approval for the submitting kiosk's site."""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid

import pytest
from server_kiosk_client import TestKiosk
from staff_support import add, approval, pin_key, staff_application, staff_server

from protocol.signing import b64encode
from protocol.versions import CONTRACT_HEADER
from server import admin
from server.models import Application
from server.staff import disable_account

NIK = "3171014508900001"
SITE, OTHER = "MPP Approval", "MPP Elsewhere"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    with staff_server(request, tmp_path_factory, "approval-server") as running:
        yield running


@pytest.fixture(scope="module")
def site(server):
    """Kiosk and accounts of SITE, and a supervisor of another site."""
    ids = {
        "kiosk": TestKiosk.enroll(server, SITE),
        "petugas": add(server, SITE, "petugas", "739154", "Budi Petugas"),
        "supervisor": add(server, SITE, "supervisor", "482916", "Sri Supervisor"),
        "petugas2": add(server, SITE, "petugas", "628491", "Ani Petugas"),
        "disabled": add(server, SITE, "supervisor", "571938", "Dedi Lama"),
        "foreign": add(server, OTHER, "supervisor", "482916", "Lain Tempat"),
    }
    disable_account(server.app.state.ctx, ids["disabled"], "pytest")
    ids["key"] = pin_key(server, ids["supervisor"], "482916")
    return ids


def test_a_valid_approval_is_accepted_and_shown(server, site):
    kiosk = site["kiosk"]
    given = approval(site["key"], kiosk, site["petugas"], site["supervisor"])
    meta, sealed = staff_application(kiosk, given, NIK)
    answer = kiosk.submit(meta, sealed)
    assert answer.status_code == 201, answer.text
    receipt = answer.json()
    assert receipt["identity_status"] == "verified_staff" and receipt["status"] == "received"
    with server.app.state.ctx.db() as db:
        row = db.get(Application, meta["application_id"])
        assert (row.staff_id, row.supervisor_id) == (site["petugas"], site["supervisor"])
    listed = {a["application_id"]: a for a in admin.applications(server.app.state.ctx)}
    note = (
        f"staff-verified by Sri Supervisor ({site['supervisor']}) "
        f"for Budi Petugas ({site['petugas']})"
    )
    assert listed[meta["application_id"]]["staff_verified"] == note
    shown = admin.show_application(server.app.state.ctx, meta["application_id"], "pytest")
    assert shown["staff_verified"] == note
    assert shown["packet"]["staff_approval"]["reason_code"] == "liveness_impossible"
    # The same approval cannot vouch for a second application (it names this one).
    meta2, sealed2 = staff_application(kiosk, given, NIK, application_id=str(uuid.uuid4()))
    assert kiosk.submit(meta2, sealed2).status_code == 403


def refused_cases(server, site) -> dict:
    key, kiosk = site["key"], site["kiosk"]
    now = dt.datetime.now(dt.UTC)
    return {
        "forged mac": approval(os.urandom(32), kiosk, site["petugas"], site["supervisor"]),
        "wrong supervisor PIN": approval(
            pin_key(server, site["supervisor"], "111333"),
            kiosk,
            site["petugas"],
            site["supervisor"],
        ),
        "petugas as supervisor": approval(key, kiosk, site["supervisor"], site["petugas2"]),
        "other-site supervisor": approval(key, kiosk, site["petugas"], site["foreign"]),
        "disabled supervisor": approval(key, kiosk, site["petugas"], site["disabled"]),
        "own session": approval(key, kiosk, site["supervisor"], site["supervisor"]),
        "unknown counter staff": approval(key, kiosk, "ST-NWBXDY22", site["supervisor"]),
        "dated after sealing": approval(
            key, kiosk, site["petugas"], site["supervisor"], approved_at=now + dt.timedelta(hours=1)
        ),
        "too old": approval(
            key, kiosk, site["petugas"], site["supervisor"], approved_at=now - dt.timedelta(hours=2)
        ),
        "another kiosk": approval(
            key, kiosk, site["petugas"], site["supervisor"], kiosk_id="kiosk-someone-else"
        ),
        "no approval": None,
    }


@pytest.mark.parametrize(
    "case",
    [
        "forged mac",
        "wrong supervisor PIN",
        "petugas as supervisor",
        "other-site supervisor",
        "disabled supervisor",
        "own session",
        "unknown counter staff",
        "dated after sealing",
        "too old",
        "another kiosk",
        "no approval",
    ],
)
def test_staff_mode_without_a_valid_approval_is_refused(server, site, case, caplog):
    kiosk = site["kiosk"]
    given = refused_cases(server, site)[case]
    meta, sealed = staff_application(kiosk, given, NIK)
    with caplog.at_level(logging.WARNING, logger="server.submissions"):
        answer = kiosk.submit(meta, sealed)
    assert answer.status_code == 403, (case, answer.text)
    assert answer.json()["error"] == "staff_mode_refused"
    assert "refused" in caplog.text and NIK not in caplog.text
    with server.app.state.ctx.db() as db:
        assert db.get(Application, meta["application_id"]) is None


def test_an_approval_for_another_application_is_refused(server, site, caplog):
    kiosk = site["kiosk"]
    given = approval(site["key"], kiosk, site["petugas"], site["supervisor"])
    meta, sealed = staff_application(kiosk, given, NIK, application_id=str(uuid.uuid4()))
    with caplog.at_level(logging.WARNING, logger="server.submissions"):
        assert kiosk.submit(meta, sealed).status_code == 403
    assert "another application" in caplog.text


def test_an_edited_approval_no_longer_verifies(server, site):
    kiosk = site["kiosk"]
    given = approval(site["key"], kiosk, site["petugas"], site["supervisor"])
    given["reason_text"] = given["reason_text"] + " (diubah)"
    meta, sealed = staff_application(kiosk, given, NIK)
    assert kiosk.submit(meta, sealed).status_code == 403


def test_a_reset_pin_invalidates_the_old_key(server, site):
    from server.staff import reset_pin

    kiosk = site["kiosk"]
    supervisor = add(server, SITE, "supervisor", "395172", "Rudi")
    old = pin_key(server, supervisor, "395172")
    reset_pin(server.app.state.ctx, supervisor, "640285", "pytest")
    meta, sealed = staff_application(kiosk, approval(old, kiosk, site["petugas"], supervisor), NIK)
    assert kiosk.submit(meta, sealed).status_code == 403
    new = pin_key(server, supervisor, "640285")
    meta, sealed = staff_application(kiosk, approval(new, kiosk, site["petugas"], supervisor), NIK)
    assert kiosk.submit(meta, sealed).status_code == 201


@pytest.mark.parametrize("declared", [None, "1.0", "1.1"])
@pytest.mark.parametrize("mode", ["online", "offline"])
def test_earlier_contract_versions_still_submit_without_an_approval(server, site, declared, mode):
    kiosk = site["kiosk"]
    template = [0.01] * 128 if mode == "offline" else None
    token = "no-such-session" if mode == "online" else None
    meta, sealed = kiosk.make_application(NIK, mode=mode, template=template, session_token=token)
    headers = {"Idempotency-Key": meta["application_id"]}
    if declared:
        headers[CONTRACT_HEADER] = declared
    body = {"metadata": meta, "packet": b64encode(sealed)}
    answer = kiosk.post("/v1/applications", json=body, headers=headers)
    assert answer.status_code == 201, answer.text

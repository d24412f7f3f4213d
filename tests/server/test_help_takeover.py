"""Takeover by hand-off code on the reference server, over real HTTP on loopback (SQLite and
PostgreSQL): a staff member on another kiosk of the site asks for the citizen's session, the
citizen's kiosk sends it (sealed at rest), the taking-over kiosk fetches it once. Hostile input:
another site's kiosk, the request's own kiosk, unknown ids, extra or oversized fields, a second
fetch, expiry, a foreign key."""

from __future__ import annotations

import datetime as dt

import pytest
from server_kiosk_client import TestKiosk
from sqlalchemy import select, update
from staff_support import add, staff_server

from server.models import AdminAudit, HelpRequest

NIK = "3171234509900001"
SNAPSHOT = {
    "version": 1,
    "language": "id",
    "nik": NIK,
    "consent_given": True,
    "help_reason": "no_match",
    "help_step": "verifying",
    "service_id": "cetak-kk",
    "form_values": {"alasan": "rusak"},
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    with staff_server(request, tmp_path_factory, "takeover-server") as running:
        yield running


def _setup(server, site: str):
    citizen = TestKiosk.enroll(server, site)
    counter = TestKiosk.enroll(server, site)
    staff = add(server, site, "petugas", "739154", "Ayu Ambil")
    made = citizen.post("/v1/help-requests", json={"step": "verifying", "reason": "no_match"})
    assert made.status_code == 201, made.text
    return citizen, counter, staff, made.json()["request_id"]


def _audit(server, rid: str) -> list[str]:
    with server.app.state.ctx.db() as db:
        rows = db.scalars(
            select(AdminAudit.action).where(AdminAudit.subject == rid).order_by(AdminAudit.id)
        ).all()
    return list(rows)


def test_the_session_moves_once_sealed_at_rest(server):
    citizen, counter, staff, rid = _setup(server, "MPP Takeover")
    # Not asked yet: the citizen's kiosk has nothing to send, the counter nothing to fetch.
    early = citizen.post(f"/v1/help-requests/{rid}/session", json={"snapshot": SNAPSHOT})
    assert early.status_code == 404
    assert counter.get(f"/v1/help-requests/{rid}/session").status_code == 404
    asked = counter.post(f"/v1/help-requests/{rid}/takeover", json={"staff_id": staff})
    assert asked.status_code == 200, asked.text
    state = asked.json()
    assert state["takeover_kiosk_id"] == counter.kiosk_id and state["takeover_by"] == staff
    assert state["state"] == "acknowledged" and state["acknowledged_by"] == staff
    polled = citizen.get(f"/v1/help-requests/{rid}").json()  # what the citizen's kiosk sees
    assert polled["takeover_kiosk_id"] == counter.kiosk_id
    # Before the citizen's kiosk sent it: "not yet" (the counter polls).
    waiting = counter.get(f"/v1/help-requests/{rid}/session")
    assert waiting.status_code == 409 and waiting.json()["error"] == "in_progress"
    # Only the citizen's own kiosk sends it.
    other = counter.post(f"/v1/help-requests/{rid}/session", json={"snapshot": SNAPSHOT})
    assert other.status_code == 404
    sent = citizen.post(f"/v1/help-requests/{rid}/session", json={"snapshot": SNAPSHOT})
    assert sent.status_code == 200, sent.text
    assert sent.json()["state"] == "closed"
    assert rid not in [r["request_id"] for r in counter.get("/v1/help-requests").json()["requests"]]
    with server.app.state.ctx.db() as db:
        sealed = db.get(HelpRequest, rid).session_sealed
    assert sealed and NIK.encode() not in sealed and b"rusak" not in sealed
    # The citizen's kiosk cannot read it back.
    assert citizen.get(f"/v1/help-requests/{rid}/session").status_code == 404
    fetched = counter.get(f"/v1/help-requests/{rid}/session")
    assert fetched.status_code == 200, fetched.text
    answer = fetched.json()
    assert answer["snapshot"] == SNAPSHOT and answer["from_kiosk_id"] == citizen.kiosk_id
    again = counter.get(f"/v1/help-requests/{rid}/session")
    assert again.status_code == 404 and again.json()["error"] == "not_found"
    with server.app.state.ctx.db() as db:
        assert db.get(HelpRequest, rid).session_sealed is None
    assert _audit(server, rid) == ["help_takeover", "help_session_sent", "help_session_fetched"]


def test_only_another_kiosk_of_the_site_with_an_active_account_takes_over(server):
    citizen, counter, staff, rid = _setup(server, "MPP Takeover Dua")
    elsewhere = TestKiosk.enroll(server, "MPP Lain")
    foreign = add(server, "MPP Lain", "petugas", "739154")
    path = f"/v1/help-requests/{rid}/takeover"
    answer = elsewhere.post(path, json={"staff_id": foreign})
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"
    own = citizen.post(path, json={"staff_id": staff})
    assert own.status_code == 422 and own.json()["error"] == "invalid_request"
    wrong = counter.post(path, json={"staff_id": foreign})
    assert wrong.status_code == 403 and wrong.json()["error"] == "staff_invalid"
    unknown = counter.post(
        "/v1/help-requests/5b1c3f0e-8a41-4c1e-9d1a-0c4a8c9e1f20/takeover", json={"staff_id": staff}
    )
    assert unknown.status_code == 404
    # A takeover stands: a third kiosk of the site cannot grab it in between.
    third = TestKiosk.enroll(server, "MPP Takeover Dua")
    assert counter.post(path, json={"staff_id": staff}).status_code == 200
    clash = third.post(path, json={"staff_id": staff})
    assert clash.status_code == 409 and clash.json()["error"] == "in_progress"
    # Another site's kiosk neither sends nor fetches.
    assert elsewhere.get(f"/v1/help-requests/{rid}/session").status_code == 404
    sent = elsewhere.post(f"/v1/help-requests/{rid}/session", json={"snapshot": SNAPSHOT})
    assert sent.status_code == 404
    # A closed request cannot be taken over.
    citizen.post(f"/v1/help-requests/{rid}/close", json={})
    rid2 = citizen.post("/v1/help-requests", json={"step": "nik", "reason": "requested"}).json()
    closed = counter.post(f"/v1/help-requests/{rid2['request_id']}/close", json={})
    assert closed.json()["state"] == "closed"
    late = counter.post(
        f"/v1/help-requests/{rid2['request_id']}/takeover", json={"staff_id": staff}
    )
    assert late.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"snapshot": {**SNAPSHOT, "face_template": [0.1] * 128}},
        {"snapshot": {**SNAPSHOT, "session_token": "tok"}},
        {"snapshot": SNAPSHOT, "extra": 1},
        {"snapshot": {**SNAPSHOT, "form_values": {"a": "x" * 20_000}}},
        {"snapshot": {**SNAPSHOT, "form_values": {str(i): i for i in range(101)}}},
        {"snapshot": {**SNAPSHOT, "nik": "31712345099"}},
        {"snapshot": {**SNAPSHOT, "help_reason": "<script>"}},
        {"snapshot": {**SNAPSHOT, "version": 2}},
        {"snapshot": {k: v for k, v in SNAPSHOT.items() if k != "nik"}},
        {"snapshot": "all of it"},
        {},
    ],
)
def test_the_session_body_is_strict(server, body):
    citizen, counter, staff, rid = _setup(server, "MPP Takeover Tiga")
    assert counter.post(f"/v1/help-requests/{rid}/takeover", json={"staff_id": staff}).ok
    answer = citizen.post(f"/v1/help-requests/{rid}/session", json=body)
    assert answer.status_code in (413, 422), answer.text
    assert NIK not in answer.text
    with server.app.state.ctx.db() as db:
        assert db.get(HelpRequest, rid).session_sealed is None


def test_an_unfetched_session_expires(server):
    citizen, counter, staff, rid = _setup(server, "MPP Takeover Empat")
    counter.post(f"/v1/help-requests/{rid}/takeover", json={"staff_id": staff})
    assert citizen.post(f"/v1/help-requests/{rid}/session", json={"snapshot": SNAPSHOT}).ok
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    with server.app.state.ctx.db() as db:
        db.execute(
            update(HelpRequest).where(HelpRequest.request_id == rid).values(session_expires_at=past)
        )
    expired = counter.get(f"/v1/help-requests/{rid}/session")
    assert expired.status_code == 404
    with server.app.state.ctx.db() as db:
        assert db.get(HelpRequest, rid).session_sealed is None  # gone, not only refused
    assert _audit(server, rid)[-1] == "help_session_expired"
    # Not fetched at all: any read of the site's requests drops it once expired.
    citizen, counter, staff, rid = _setup(server, "MPP Takeover Empat")
    counter.post(f"/v1/help-requests/{rid}/takeover", json={"staff_id": staff})
    assert citizen.post(f"/v1/help-requests/{rid}/session", json={"snapshot": SNAPSHOT}).ok
    with server.app.state.ctx.db() as db:
        db.execute(
            update(HelpRequest).where(HelpRequest.request_id == rid).values(session_expires_at=past)
        )
    assert counter.get("/v1/help-requests").status_code == 200
    with server.app.state.ctx.db() as db:
        assert db.get(HelpRequest, rid).session_sealed is None

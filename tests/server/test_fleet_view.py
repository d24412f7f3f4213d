"""Fleet view (issue 14): the heartbeat's doctor summary (contract 1.2) stored on the kiosks row
and shown with the backlog and open help requests by `kiosk server admin kiosks [--json]`."""

from __future__ import annotations

import json

import pytest
from server_kiosk_client import TestKiosk

from app.cli import main
from protocol.versions import CONTRACT_HEADER

V12 = {CONTRACT_HEADER: "1.2"}


def _heartbeat(**extra):
    return {
        "app_version": "0.9.3",
        "health": "ok",
        "queue_depth": 5,
        "oldest_pending_age_s": 120.0,
        "camera": "ok",
        "printer": "ok",
        "audit_seq": 3,
        "audit_hash": "ab" * 32,
        "sent_at": "2026-11-27T10:00:00+07:00",
        **extra,
    }


DOCTOR = {"ok": 1, "warn": 1, "fail": 0, "warning": ["disk"], "failing": []}


def _admin_kiosks(server, capsys, *extra: str):
    settings = server.app.state.ctx.settings
    capsys.readouterr()
    args = ["server", "admin", "kiosks", "--data-dir", str(settings.data_dir)]
    code = main([*args, "--db", settings.db_url, *extra])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def _row(server, capsys, kiosk) -> dict:
    rows = json.loads(_admin_kiosks(server, capsys, "--json"))
    return next(r for r in rows if r["kiosk_id"] == kiosk.kiosk_id)


@pytest.fixture
def kiosk(sqlite_server):
    return TestKiosk.enroll(sqlite_server)


def test_doctor_summary_stored_and_shown(sqlite_server, kiosk, capsys):
    answer = kiosk.post("/v1/heartbeat", json=_heartbeat(doctor=DOCTOR), headers=V12)
    assert answer.status_code == 200, answer.text
    made = kiosk.post("/v1/help-requests", json={"step": "nik", "reason": "requested"})
    assert made.status_code == 201, made.text
    row = _row(sqlite_server, capsys, kiosk)
    assert row["app_version"] == "0.9.3" and row["queue_depth"] == 5
    assert row["oldest_pending_age_s"] == 120.0 and row["heartbeat_at"]
    assert row["doctor"] == "ok 1, warn 1, fail 0 (warn:disk)"
    assert row["open_help_requests"] == 1
    human = _admin_kiosks(sqlite_server, capsys)
    line = next(t for t in human.splitlines() if kiosk.kiosk_id in t)
    assert "open_help_requests=1" in line and "app_version=0.9.3" in line
    assert "doctor=ok 1, warn 1, fail 0 (warn:disk)" in line
    # a closed request is no longer counted
    rid = made.json()["request_id"]
    assert kiosk.post(f"/v1/help-requests/{rid}/close", json={}).status_code < 300
    assert _row(sqlite_server, capsys, kiosk)["open_help_requests"] == 0


@pytest.mark.parametrize("headers", [{}, {CONTRACT_HEADER: "1.1"}, V12])
def test_heartbeat_without_the_summary_still_accepted(sqlite_server, kiosk, capsys, headers):
    assert kiosk.post("/v1/heartbeat", json=_heartbeat(doctor=DOCTOR), headers=V12).ok
    answer = kiosk.post("/v1/heartbeat", json=_heartbeat(), headers=headers)
    assert answer.status_code == 200, answer.text
    row = _row(sqlite_server, capsys, kiosk)
    assert row["doctor"] is None and row["queue_depth"] == 5  # no stale summary kept
    assert row["open_help_requests"] == 0


@pytest.mark.parametrize(
    "doctor",
    [
        {**DOCTOR, "ok": -1},
        {**DOCTOR, "fail": 10**9},
        {**DOCTOR, "failing": ["x" * 100_000]},
        {**DOCTOR, "warning": ["Disk Space!"]},
        {**DOCTOR, "failing": ["disk"] * 33},
        {**DOCTOR, "details": "C:/Users/..."},  # unknown field from a kiosk of our version
        "all fine",
    ],
)
def test_hostile_summary_refused(sqlite_server, kiosk, capsys, doctor):
    answer = kiosk.post("/v1/heartbeat", json=_heartbeat(doctor=doctor), headers=V12)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "invalid_request"
    assert _row(sqlite_server, capsys, kiosk)["doctor"] is None


def test_newer_kiosk_extra_field_dropped(sqlite_server, kiosk, capsys):
    extra = {**DOCTOR, "battery": "low"}
    answer = kiosk.post(
        "/v1/heartbeat", json=_heartbeat(doctor=extra), headers={CONTRACT_HEADER: "1.99"}
    )
    assert answer.status_code == 200, answer.text
    assert _row(sqlite_server, capsys, kiosk)["doctor"] == "ok 1, warn 1, fail 0 (warn:disk)"

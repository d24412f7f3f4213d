"""Attacks on the identity check through the real server over loopback (security issue,
defects 1, 1b, 2 and 5): offline submissions are no matching oracle, staff mode needs an
approval, a missing liveness result is a failure, and NIK hashes are keyed with a secret."""

from __future__ import annotations

import hashlib
import hmac
import stat

from server_records import verify_attempts
from sqlalchemy import func, select

from server.models import Application, VerifyAttempt

LOCK_AFTER = 5  # server.settings.nik_lock_failures: 5 failed checks within an hour


def _stored(server, tracking_code: str) -> Application:
    with server.app.state.ctx.db() as db:
        return db.scalar(select(Application).where(Application.tracking_code == tracking_code))


def test_a_locked_nik_gets_no_offline_answer_and_the_application_is_kept(
    server, kiosk, citizen_nik, faces
):
    for _ in range(LOCK_AFTER):  # someone else's face, five times: the NIK locks
        assert kiosk.verify(citizen_nik, faces["biden"]).json()["match"] is False
    assert kiosk.verify(citizen_nik, faces["obama2"]).json()["error"] == "nik_locked"
    answers = []
    for template in (faces["biden"], faces["obama2"]):  # a wrong face, then the right one
        meta, sealed = kiosk.make_application(citizen_nik, template=template)
        answer = kiosk.submit(meta, sealed)
        assert answer.status_code == 201, answer.text  # kept: it may have queued in an outage
        answers.append(answer.json())
        stored = _stored(server, meta["tracking_code"])
        assert stored.identity_status == "needs_staff"  # not compared at all
        assert stored.status == "visit_counter"
        status = kiosk.get(f"/v1/status/{meta['tracking_code']}").json()
        assert status["status"] == "visit_counter" and "loket" in status["message_id"]
        assert status["identity_verification_failed"] is None
        assert "gagal" not in status["message_id"] and "failed" not in status["message_en"]
    # The kiosk is told the same thing whatever the face was: no oracle.
    assert [(a["status"], a["identity_status"]) for a in answers] == [
        ("received", "offline_received"),
        ("received", "offline_received"),
    ]
    assert verify_attempts(server.app.state.ctx, citizen_nik) == [False] * LOCK_AFTER


def test_offline_checks_are_recorded_and_lock_the_nik_like_online_ones(
    server, kiosk, citizen_nik, faces
):
    for _ in range(LOCK_AFTER):
        meta, sealed = kiosk.make_application(citizen_nik, template=faces["biden"])
        answer = kiosk.submit(meta, sealed).json()
        assert answer["identity_status"] == "offline_received"
        assert _stored(server, meta["tracking_code"]).status == "visit_counter"
    assert verify_attempts(server.app.state.ctx, citizen_nik) == [False] * LOCK_AFTER
    locked = kiosk.verify(citizen_nik, faces["obama2"])
    assert locked.status_code == 423 and locked.json()["error"] == "nik_locked"


def test_the_right_offline_face_is_verified_and_recorded(server, kiosk, citizen_nik, faces):
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"])
    answer = kiosk.submit(meta, sealed).json()
    assert (answer["status"], answer["identity_status"]) == ("received", "offline_received")
    stored = _stored(server, meta["tracking_code"])
    assert (stored.identity_status, stored.status) == ("verified_offline", "received")
    assert verify_attempts(server.app.state.ctx, citizen_nik) == [True]


def test_offline_checks_count_against_the_per_minute_limit(server, kiosk, citizen_nik, faces):
    per_nik = 10  # server.settings.verify_per_nik_per_minute
    for _ in range(per_nik):
        meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"])
        assert kiosk.submit(meta, sealed).status_code == 201
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"])
    over = kiosk.submit(meta, sealed)
    assert over.status_code == 429 and over.json()["error"] == "rate_limited"
    assert over.headers["Retry-After"] == "60"  # the kiosk sends it again later
    assert _stored(server, meta["tracking_code"]) is None


def test_a_missing_liveness_result_is_a_failure(server, kiosk, citizen_nik, faces):
    meta, sealed = kiosk.make_application(citizen_nik, template=faces["obama2"], liveness=None)
    assert kiosk.submit(meta, sealed).status_code == 201
    stored = _stored(server, meta["tracking_code"])
    assert (stored.identity_status, stored.status) == ("failed_offline", "visit_counter")
    meta, sealed = kiosk.make_application(
        citizen_nik, template=faces["obama2"], liveness={"passed": False, "score": 0.1}
    )
    assert kiosk.submit(meta, sealed).status_code == 201
    assert _stored(server, meta["tracking_code"]).identity_status == "failed_offline"
    assert verify_attempts(server.app.state.ctx, citizen_nik) == [False, False]


def test_staff_mode_without_an_approval_is_refused(server, kiosk, citizen_nik):
    meta, sealed = kiosk.make_application(citizen_nik, mode="staff")
    answer = kiosk.submit(meta, sealed)
    assert answer.status_code == 403, answer.text
    body = answer.json()
    assert body["error"] == "staff_mode_refused" and body["family"] == "application"
    assert _stored(server, meta["tracking_code"]) is None


def test_nik_hashes_are_keyed_with_a_secret_pepper(sqlite_server, tmp_path):
    from server.context import open_context
    from server.settings import ServerSettings

    ctx = sqlite_server.app.state.ctx
    nik = "3171015505900001"
    pepper_file = ctx.settings.data_dir / "keys" / "nik_pepper.key"
    assert stat.S_IMODE(pepper_file.stat().st_mode) == 0o600
    assert len(pepper_file.read_bytes()) == 32
    # What the old scheme derived from the public signing key no longer finds the NIK.
    public = ctx.keys.signing_public_b64.encode()
    old_pepper = hashlib.sha256(b"mpp-nik-pepper" + public).digest()
    assert ctx.nik_hash(nik) != hmac.new(old_pepper, nik.encode(), hashlib.sha256).hexdigest()
    expected = hmac.new(pepper_file.read_bytes(), nik.encode(), hashlib.sha256).hexdigest()
    assert ctx.nik_hash(nik) == expected
    # Another server set up from scratch draws another pepper.
    other = open_context(ServerSettings(data_dir=tmp_path / "other"))
    try:
        assert other.nik_hash(nik) != ctx.nik_hash(nik)
        with other.db() as db:
            assert db.scalar(select(func.count()).select_from(VerifyAttempt)) == 0
    finally:
        other.engine.dispose()


def _age_sessions(server, days: float) -> None:
    import datetime as dt

    from server.models import Session

    with server.app.state.ctx.db() as db:
        for row in db.scalars(select(Session)):
            row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)


def test_an_expired_session_vouches_only_within_the_outage_grace(server, kiosk, citizen_nik, faces):
    token = kiosk.verify(citizen_nik, faces["obama2"]).json()["session_token"]
    _age_sessions(server, 6)  # queued through a six-day outage: still the citizen's check
    meta, sealed = kiosk.make_application(citizen_nik, mode="online", session_token=token)
    assert kiosk.submit(meta, sealed).json()["identity_status"] == "verified_online"
    _age_sessions(server, 8)  # past the 7-day grace (server.settings.session_grace_s)
    meta, sealed = kiosk.make_application(citizen_nik, mode="online", session_token=token)
    answer = kiosk.submit(meta, sealed)
    assert answer.status_code == 201  # kept
    assert answer.json()["identity_status"] == "needs_staff"
    stored = _stored(server, meta["tracking_code"])
    assert (stored.identity_status, stored.status) == ("needs_staff", "visit_counter")

"""Identity verification with real face templates, sessions, lockout and health workers."""

from __future__ import annotations

from server_kiosk_client import TestKiosk, set_reference
from sqlalchemy import select

from server.models import Citizen, HealthWorker


def test_match_returns_prefill_and_session(kiosk, citizen_nik, faces, server):
    answer = kiosk.verify(citizen_nik, faces["obama2"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["match"] is True and len(body["session_token"]) >= 40
    citizen = body["citizen"]
    with server.app.state.ctx.db() as db:
        row = db.get(Citizen, citizen_nik)
        family = db.scalars(select(Citizen.nik).where(Citizen.kk_number == row.kk_number)).all()
        assert citizen["name"] == row.name and citizen["kk_number"] == row.kk_number
    assert citizen["nik"] == citizen_nik and citizen["birth_place"]
    assert {m["nik"] for m in citizen["family"]} == set(family)
    assert citizen["address"]["province"] and citizen["sex"] in ("F", "M")
    assert "reference" not in answer.text and "template" not in answer.text


def test_no_match_reveals_nothing(kiosk, citizen_nik, faces):
    answer = kiosk.verify(citizen_nik, faces["biden"])
    assert answer.status_code == 200 and answer.json() == {"match": False}
    # A valid NIK nobody has, and a citizen without a reference photo: the same answer.
    unknown = "3171015505900001"
    assert kiosk.verify(unknown, faces["obama"]).json() == {"match": False}


def test_failed_liveness_never_matches(kiosk, citizen_nik, faces):
    assert kiosk.verify(citizen_nik, faces["obama2"], passed=False).json() == {"match": False}


def test_invalid_nik_is_an_application_error(kiosk, faces):
    answer = kiosk.verify("1234", faces["obama"])
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"] == "invalid_nik" and body["family"] == "application"
    assert body["detail"]["reason"] == "wrong_length"
    assert kiosk.verify("9971015505900001", faces["obama"]).json()["error"] == "invalid_nik"


def test_lock_after_five_failures(server, citizen_nik, faces):
    kiosk = TestKiosk.enroll(server)
    for _ in range(5):
        assert kiosk.verify(citizen_nik, faces["biden"]).json() == {"match": False}
    locked = kiosk.verify(citizen_nik, faces["obama2"])  # even the right face now
    assert locked.status_code == 423
    assert locked.json()["error"] == "nik_locked" and locked.json()["family"] == "application"
    # Another kiosk is locked out too: the lock is on the NIK.
    assert TestKiosk.enroll(server).verify(citizen_nik, faces["obama2"]).status_code == 423


def test_rate_limit_per_kiosk(sqlite_server, faces):
    kiosk = TestKiosk.enroll(sqlite_server)
    niks = [next(sqlite_server.niks) for _ in range(31)]
    codes = [kiosk.verify(nik, faces["biden"]).status_code for nik in niks]
    assert codes[:30] == [200] * 30
    assert codes[30] == 429
    answer = kiosk.verify(niks[0], faces["biden"])
    assert answer.json()["error"] == "rate_limited" and answer.json()["family"] == "kiosk"
    assert answer.headers["Retry-After"] == "60"


def test_health_worker_lookup(server, kiosk, faces):
    with server.app.state.ctx.db() as db:
        worker = db.scalars(select(HealthWorker).order_by(HealthWorker.str_number)).first()
        nik, str_number = worker.nik, worker.str_number
    set_reference(server, nik, faces["obama"])
    token = kiosk.verify(nik, faces["obama2"]).json()["session_token"]
    answer = kiosk.post("/v1/health-workers/lookup", json={"session_token": token})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["found"] is True and body["worker"]["str_number"] == str_number
    assert body["worker"]["str_status"] in ("active", "expired", "suspended")
    # The token belongs to the kiosk that verified the citizen.
    other = TestKiosk.enroll(server)
    refused = other.post("/v1/health-workers/lookup", json={"session_token": token})
    assert refused.status_code == 403 and refused.json()["error"] == "session_invalid"


def test_lookup_for_a_citizen_who_is_not_a_health_worker(kiosk, citizen_nik, faces):
    token = kiosk.verify(citizen_nik, faces["obama2"]).json()["session_token"]
    answer = kiosk.post("/v1/health-workers/lookup", json={"session_token": token})
    assert answer.status_code == 200 and answer.json() == {"found": False, "worker": None}


def test_demo_population(server):
    from kiosk.nik import parse_kk, parse_nik

    with server.app.state.ctx.db() as db:
        people = db.scalars(select(Citizen)).all()
        workers = db.scalars(select(HealthWorker)).all()
    assert len(people) >= 1000
    for person in people:
        info = parse_nik(person.nik)
        assert info.birth_date == person.birth_date and info.sex == person.sex
        parse_kk(person.kk_number)
    assert len({p.nik[:2] for p in people}) >= 30  # across the provinces
    assert len({p.kk_number for p in people}) >= 200  # grouped in families
    assert 90 <= len(workers) <= 110
    assert len({w.profession_code for w in workers}) == 31
    assert len({w.str_number for w in workers}) == len(workers)
    assert {w.nik for w in workers} <= {p.nik for p in people}  # health workers are citizens
    assert {p.sex for p in people} == {"F", "M"}

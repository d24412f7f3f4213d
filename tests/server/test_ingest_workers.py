"""Two real server processes on one PostgreSQL: the nonce and idempotency tables hold across
workers (docs/scale.md). The same signed request, or the same application, sent to both at once.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.public import PublicKey, SealedBox
from server_process import wait_listening
from sqlalchemy import func, select

from kiosk import tracking
from protocol.signing import b64decode, b64encode, content_digest, public_key_bytes, sign_request
from server.context import open_context
from server.enrollment import create_enroll_code
from server.models import Application, Nonce
from server.settings import ServerSettings

REPO = Path(__file__).resolve().parents[2]
NIK = "3171015505900001"
ROUNDS = 8  # each round is a fresh race between the two processes


@pytest.fixture(scope="module")
def two_workers(postgres, tmp_path_factory):
    """(server context, [url of worker A, url of worker B]) sharing keys and one database."""
    data = tmp_path_factory.mktemp("workers") / "server"
    url = postgres.create_database("mpp_two_workers")
    ctx = open_context(ServerSettings(data_dir=data, database_url=url))  # keys + schema once
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "kiosk", "server", "serve", "--port", "0"]
            + ["--data-dir", str(data), "--db", url],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    try:
        urls = [f"http://127.0.0.1:{wait_listening(p)[0][1]}" for p in processes]
        yield ctx, urls
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            p.wait(timeout=30)
            p.stderr.close()
        ctx.engine.dispose()


@pytest.fixture(scope="module")
def kiosk(two_workers):
    ctx, urls = two_workers
    code, _ = create_enroll_code(ctx, "MPP Workers")
    key = Ed25519PrivateKey.generate()
    answer = requests.post(
        urls[0] + "/v1/kiosks/enroll",
        json={"code": code, "public_key": b64encode(public_key_bytes(key))},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return key, answer.json()["document"]


def _application(grant: dict, catalog_version: str = "2026.1", app_id: str | None = None):
    app_id = app_id or str(uuid.uuid4())
    code, now = tracking.new_code(), dt.datetime.now(dt.UTC).isoformat()
    packet = {
        "application_id": app_id,
        "tracking_code": code,
        "service_id": "sip-perawat",
        "catalog_version": catalog_version,
        "created_at": now,
        "nik": NIK,
        "identity_mode": "online",
        "form": {},
    }
    sealed = SealedBox(PublicKey(b64decode(grant["server_sealing_key"]))).encrypt(
        json.dumps(packet).encode()
    )
    meta = {
        "application_id": app_id,
        "tracking_code": code,
        "service_id": "sip-perawat",
        "catalog_version": catalog_version,
        "kiosk_id": grant["kiosk_id"],
        "created_at": now,
        "size": len(sealed),
        "digest": content_digest(sealed),
        "identity_mode": "online",
    }
    return app_id, json.dumps({"metadata": meta, "packet": b64encode(sealed)}).encode()


def _signed(key, grant, app_id: str, body: bytes) -> dict:
    # The signature covers method, path, query and digest (not the host): a copy is valid at
    # every worker, which is what a replay across workers tries.
    headers = {"Content-Type": "application/json", "Idempotency-Key": app_id}
    headers.update(sign_request("POST", "http://x/v1/applications", body, key, grant["kiosk_id"]))
    return headers


def _at_once(calls) -> list[requests.Response]:
    """Run the (url, body, headers) posts together, released by one barrier."""
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def post(i, url, body, headers):
        barrier.wait()
        answers[i] = requests.post(url + "/v1/applications", data=body, headers=headers, timeout=60)

    threads = [threading.Thread(target=post, args=(i, *c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def _count(ctx, model, *where) -> int:
    with ctx.db() as db:
        return db.scalar(select(func.count()).select_from(model).where(*where))


def test_a_replayed_nonce_sent_to_two_workers_at_once_is_refused_by_one(two_workers, kiosk):
    ctx, urls = two_workers
    key, grant = kiosk
    for _ in range(ROUNDS):
        app_id, body = _application(grant)
        headers = _signed(key, grant, app_id, body)  # one nonce, sent twice
        answers = _at_once([(urls[0], body, headers), (urls[1], body, headers)])
        codes = sorted(a.status_code for a in answers)
        assert codes == [201, 401], [a.text for a in answers]
        refused = next(a for a in answers if a.status_code == 401)
        assert refused.json()["error"] == "signature_replayed"
        assert _count(ctx, Application, Application.application_id == app_id) == 1
    nonce = headers["Signature-Input"].split('nonce="')[1].split('"')[0]
    assert _count(ctx, Nonce, Nonce.kiosk_id == grant["kiosk_id"], Nonce.nonce == nonce) == 1


def test_one_application_sent_to_two_workers_at_once_is_stored_once(two_workers, kiosk):
    ctx, urls = two_workers
    key, grant = kiosk
    for _ in range(ROUNDS):
        app_id, body = _application(grant)
        calls = [(url, body, _signed(key, grant, app_id, body)) for url in urls]  # two nonces
        answers = _at_once(calls)
        assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
        assert answers[0].json() == answers[1].json()
        replayed = sorted(a.headers["Idempotent-Replayed"] for a in answers)
        assert replayed == ["false", "true"]
        assert _count(ctx, Application, Application.application_id == app_id) == 1


def test_one_key_with_two_bodies_at_two_workers_stores_one(two_workers, kiosk):
    ctx, urls = two_workers
    key, grant = kiosk
    for _ in range(ROUNDS):
        app_id, body = _application(grant)
        _, other = _application(grant, catalog_version="2026.2", app_id=app_id)
        answers = _at_once(
            [
                (urls[0], body, _signed(key, grant, app_id, body)),
                (urls[1], other, _signed(key, grant, app_id, other)),
            ]
        )
        codes = sorted(a.status_code for a in answers)
        assert codes == [201, 422], [a.text for a in answers]
        loser = next(a for a in answers if a.status_code == 422)
        assert loser.json()["error"] == "idempotency_conflict"
        assert _count(ctx, Application, Application.application_id == app_id) == 1

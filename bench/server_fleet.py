"""A fleet-shaped load on the reference server (bench_server_ingest.py's fleet figure).

Every kiosk is enrolled over HTTP with its own key and one-time code, holds an online session
(as after a face match) and then, on a schedule compressed in time, heartbeats and submits:

    real peak:   one heartbeat a minute, one application every 2.5 minutes per kiosk
    compressed:  the same schedule `speedup` times faster (default 10x: a heartbeat every 6 s,
                 an application every 15 s), so 500 kiosks for 75 s carry the request rate of
                 5,000 kiosks at peak, and the figures hold for that.

The load is open-loop: each request has a scheduled time (each kiosk starts at a random phase)
and its latency counts from that time, so a server that falls behind shows it in p99 instead of
slowing the clients down. Requests are built and signed before the clock starts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import queue
import random
import secrets
import threading
import time
import uuid
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.public import PublicKey, SealedBox

from kiosk import tracking
from protocol.signing import b64decode, b64encode, content_digest, public_key_bytes, sign_request
from server.context import open_context
from server.enrollment import create_enroll_code
from server.models import Session
from server.settings import ServerSettings

HEARTBEAT_S = 60.0  # the kiosk's default heartbeat interval
SUBMIT_S = 150.0  # one application per kiosk every 2.5 minutes at peak
NIK = "3171015505900001"


def enroll_fleet(settings: ServerSettings, url: str, count: int, progress) -> list[dict]:
    """`count` kiosks, each enrolled over HTTP and holding an online session."""
    ctx = open_context(settings)
    fleet = []
    try:
        with requests.Session() as http:
            for i in range(count):
                code, _ = create_enroll_code(ctx, f"Bench MPP {i // 4 + 1}")
                key = Ed25519PrivateKey.generate()
                answer = http.post(
                    url + "/v1/kiosks/enroll",
                    timeout=30,
                    json={"code": code, "public_key": b64encode(public_key_bytes(key))},
                )
                answer.raise_for_status()
                fleet.append({"key": key, "grant": answer.json()["document"]})
                if i % 50 == 49:
                    progress(f"fleet: {i + 1}/{count} kiosks enrolled")
        now = dt.datetime.now(dt.UTC)
        with ctx.db() as db:
            for kiosk in fleet:
                kiosk["token"] = secrets.token_urlsafe(32)
                db.add(
                    Session(
                        token_hash=hashlib.sha256(kiosk["token"].encode()).hexdigest(),
                        nik_sealed=ctx.keys.seal_data(NIK.encode()),
                        kiosk_id=kiosk["grant"]["kiosk_id"],
                        created_at=now,
                        expires_at=now + dt.timedelta(hours=1),
                    )
                )
    finally:
        ctx.engine.dispose()
    return fleet


def _heartbeat(url: str, kiosk: dict, seq: int) -> tuple[str, bytes, dict]:
    body = json.dumps(
        {
            "app_version": "bench",
            "health": "ok",
            "queue_depth": 0,
            "camera": "ok",
            "printer": "ok",
            "audit_seq": seq,
            "audit_hash": hashlib.sha256(str(seq).encode()).hexdigest(),
            "sent_at": dt.datetime.now(dt.UTC).isoformat(),
        }
    ).encode()
    headers = {"Content-Type": "application/json"}
    headers.update(sign_request("POST", url + "/v1/heartbeat", body, kiosk["key"], _kid(kiosk)))
    return "/v1/heartbeat", body, headers


def _kid(kiosk: dict) -> str:
    return kiosk["grant"]["kiosk_id"]


def signed_submission(
    url: str, key, grant: dict, token: str, payload: int | None = None
) -> tuple[bytes, dict]:
    """(body, headers) of a signed POST /v1/applications for an enrolled kiosk. payload: the
    sealed packet's size in bytes (the form is padded to it; 48 bytes are SealedBox's), else
    an 800-byte form."""
    app_id, code = str(uuid.uuid4()), tracking.new_code()
    now = dt.datetime.now(dt.UTC).isoformat()
    packet = {
        "application_id": app_id,
        "tracking_code": code,
        "service_id": "sip-perawat",
        "catalog_version": "bench",
        "created_at": now,
        "nik": NIK,
        "identity_mode": "online",
        "session_token": token,
        "form": {"pad": ""},
    }
    base = len(json.dumps(packet).encode())
    packet["form"]["pad"] = "x" * (800 if payload is None else max(0, payload - 48 - base))
    box = SealedBox(PublicKey(b64decode(grant["server_sealing_key"])))
    sealed = box.encrypt(json.dumps(packet).encode())
    meta = {
        "application_id": app_id,
        "tracking_code": code,
        "service_id": "sip-perawat",
        "catalog_version": "bench",
        "kiosk_id": grant["kiosk_id"],
        "created_at": now,
        "size": len(sealed),
        "digest": content_digest(sealed),
        "identity_mode": "online",
        "session_token": token,
    }
    body = json.dumps({"metadata": meta, "packet": b64encode(sealed)}).encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": app_id}
    headers.update(sign_request("POST", url + "/v1/applications", body, key, grant["kiosk_id"]))
    return body, headers


def _submission(url: str, kiosk: dict) -> tuple[str, bytes, dict]:
    body, headers = signed_submission(url, kiosk["key"], kiosk["grant"], kiosk["token"])
    return "/v1/applications", body, headers


def schedule(url: str, fleet: list[dict], seconds: float, speedup: float, seed: int = 17):
    """[(at_s, kind, path, body, headers)] sorted by time, every request signed already."""
    rng = random.Random(seed)
    beat, submit = HEARTBEAT_S / speedup, SUBMIT_S / speedup
    plan = []
    for kiosk in fleet:
        at, seq = rng.uniform(0, beat), 0
        while at < seconds:
            seq += 1
            plan.append((at, "heartbeat", *_heartbeat(url, kiosk, seq)))
            at += beat
        at = rng.uniform(0, submit)
        while at < seconds:
            plan.append((at, "submission", *_submission(url, kiosk)))
            at += rng.uniform(0.5 * submit, 1.5 * submit)  # citizens do not come on the beat
    plan.sort(key=lambda item: item[0])
    return plan


def run(url: str, plan, senders: int = 48) -> dict:
    """Send `plan` on time from `senders` keep-alive connections; latencies by kind."""
    work: queue.Queue = queue.Queue()
    for item in plan:
        work.put(item)
    found: dict[str, list[float]] = {"heartbeat": [], "submission": []}
    failures: list[str] = []
    lock = threading.Lock()
    host = urlsplit(url)
    start = time.perf_counter()

    def sender():
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        mine: dict[str, list[float]] = {"heartbeat": [], "submission": []}
        while True:
            try:
                at, kind, path, body, headers = work.get_nowait()
            except queue.Empty:
                break
            wait = start + at - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            answer = response.read()
            mine[kind].append(time.perf_counter() - (start + at))
            if response.status not in (200, 201):
                with lock:
                    failures.append(f"{kind}: {response.status} {answer[:160]!r}")
        conn.close()
        with lock:
            for kind, values in mine.items():
                found[kind].extend(values)

    threads = [threading.Thread(target=sender) for _ in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"seconds": time.perf_counter() - start, "latencies": found, "failures": failures}

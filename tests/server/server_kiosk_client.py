"""A test kiosk: enrolls over HTTP and signs every request like the real sync layer will."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.public import PublicKey, SealedBox

from kiosk import tracking
from protocol.signing import b64encode, content_digest, public_key_bytes
from server.enrollment import create_enroll_code
from server.identity import seal_reference
from server.models import Citizen
from sync.auth import KioskAuth

LIVE = {"passed": True, "score": 0.97, "method": "blink"}


class TestKiosk:
    __test__ = False  # not a pytest class

    def __init__(self, base_url: str, key: Ed25519PrivateKey, grant: dict):
        self.base_url = base_url
        self.key = key
        self.grant = grant
        self.kiosk_id = grant["document"]["kiosk_id"]
        self.http = requests.Session()
        self.http.auth = KioskAuth(key, self.kiosk_id)

    @classmethod
    def enroll(cls, server, site: str = "MPP Test") -> TestKiosk:
        code, _ = create_enroll_code(server.app.state.ctx, site)
        key = Ed25519PrivateKey.generate()
        answer = requests.post(
            f"{server.url}/v1/kiosks/enroll",
            json={"code": code, "public_key": b64encode(public_key_bytes(key))},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        return cls(server.url, key, answer.json())

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        return self.http.request(method, self.base_url + path, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    # --------------------------------------------------------- applications

    def seal(self, plaintext: bytes) -> bytes:
        sealing = base64.b64decode(self.grant["document"]["server_sealing_key"])
        return SealedBox(PublicKey(sealing)).encrypt(plaintext)

    def make_application(
        self,
        nik: str,
        *,
        mode: str = "offline",
        template=None,
        session_token: str | None = None,
        padding: int = 0,
        service_id: str = "sip-perawat",
        liveness: dict | None = LIVE,
        application_id: str | None = None,
        extra: dict | None = None,
    ) -> tuple[dict, bytes]:
        """(metadata, sealed packet) of a fresh application (liveness None: none sent);
        `extra`: more packet fields (e.g. a supervisor's staff_approval)."""
        app_id = application_id or str(uuid.uuid4())
        code = tracking.new_code()
        now = dt.datetime.now(dt.UTC).isoformat()
        packet = {
            "application_id": app_id,
            "tracking_code": code,
            "service_id": service_id,
            "catalog_version": "2026.1",
            "created_at": now,
            "nik": nik,
            "identity_mode": mode,
            "session_token": session_token,
            "face_template": [float(x) for x in template] if template is not None else None,
            "liveness": liveness,
            "form": {"note": "x" * padding},
            **(extra or {}),
        }
        sealed = self.seal(json.dumps(packet).encode())
        meta = {
            "application_id": app_id,
            "tracking_code": code,
            "service_id": service_id,
            "catalog_version": "2026.1",
            "kiosk_id": self.kiosk_id,
            "created_at": now,
            "size": len(sealed),
            "digest": content_digest(sealed),
            "identity_mode": mode,
            "session_token": session_token,
        }
        return meta, sealed

    def submit(self, meta: dict, sealed: bytes, key: str | None = "same") -> requests.Response:
        headers = {"Idempotency-Key": meta["application_id"] if key == "same" else key}
        if key is None:
            headers = {}
        body = {"metadata": meta, "packet": b64encode(sealed)}
        return self.post("/v1/applications", json=body, headers=headers)

    def verify(self, nik: str, template, passed: bool = True) -> requests.Response:
        return self.post(
            "/v1/identity/verify",
            json={
                "nik": nik,
                "template": [float(x) for x in template],
                "liveness": {"passed": passed, "score": 0.9},
            },
        )


def set_reference(server, nik: str, template) -> None:
    with server.app.state.ctx.db() as db:
        db.get(Citizen, nik).reference_template = seal_reference(server.app.state.ctx, template)

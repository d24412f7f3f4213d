"""Signed requests from the kiosk: a `requests` auth that signs each one (protocol/signing.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from requests.auth import AuthBase

from protocol.signing import sign_request


class KioskAuth(AuthBase):
    """`requests` auth that signs every request: ``session.auth = KioskAuth(key, kiosk_id)``."""

    def __init__(
        self,
        private_key: Ed25519PrivateKey,
        kiosk_id: str,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        self.private_key = private_key
        self.kiosk_id = kiosk_id
        self.clock = clock  # the kiosk's clock; a test can give the kiosk a wrong time

    def __call__(self, request):
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        for name in ("Content-Digest", "Signature-Input", "Signature"):
            request.headers.pop(name, None)
        created = self.clock() if self.clock else None
        request.headers.update(
            sign_request(
                request.method, request.url, body, self.private_key, self.kiosk_id, created=created
            )
        )
        return request

"""The one HTTP client to the MPP server: pooled session, timeouts, signatures, typed errors.

Every request has a timeout, every request of an enrolled kiosk is signed (RFC 9421 through
sync.auth.KioskAuth) and declares the kiosk's contract version (header MPP-Contract), TLS is
verified (server.ca_bundle for private CAs), and every failure becomes one of the errors in
sync.errors so callers never see a raw requests exception.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from protocol.contract import API_PREFIX, ERROR_CODES
from protocol.versions import CONTRACT_HEADER, CONTRACT_VERSION
from sync.auth import KioskAuth
from sync.backoff import parse_retry_after
from sync.errors import ApplicationRejected, KioskProblem, Offline, ServerBusy, SyncError

log = logging.getLogger(__name__)

# Codes that are worth retrying even though the server names them (kiosk or application).
TRANSIENT_CODES = {
    "rate_limited",
    "service_unavailable",
    "internal_error",
    "in_progress",
    "signature_replayed",  # only a resend of the very same signed bytes: resigning fixes it
}


def check_transport(url: str) -> None:
    """https://, or http:// to this machine only (the demo's embedded server, tests): NIKs,
    faces and sealed packets never cross a network in clear (KioskProblem otherwise)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and _is_loopback(parts.hostname or ""):
        return
    raise KioskProblem("insecure_server_url", f"The server URL {url!r} is not an https:// address.")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def error_for(response: requests.Response) -> SyncError:
    """Turn a non-2xx answer into a typed error."""
    status = response.status_code
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    try:
        body = response.json()
        code, family = str(body["error"]), str(body.get("family", ""))
        message = str(body.get("message") or code)
        message_id = body.get("message_id")
        if not isinstance(message_id, str) or not message_id.strip():
            message_id = None  # garbage from the network: the kiosk's own words instead
        detail = body.get("detail") or {}
    except (ValueError, KeyError, TypeError):
        body, code, family, message, message_id, detail = None, "", "", "", None, {}
    if status >= 500 or status in (408, 429) or code in TRANSIENT_CODES:
        return ServerBusy(
            code or f"http_{status}", message or f"server answered {status}", retry_after
        )
    if body is None:
        return KioskProblem(
            "unexpected_answer",
            f"The server answered HTTP {status} without an error body; check server.url.",
        )
    if family == "kiosk" or ERROR_CODES.get(code, (0, ""))[1] == "kiosk":
        return KioskProblem(code, message, message_id, detail)
    return ApplicationRejected(code, message, message_id, detail)


class ServerClient:
    """requests.Session with pooling; `call()` returns a 2xx/304 response or raises."""

    def __init__(
        self,
        base_url: str,
        *,
        private_key=None,
        kiosk_id: str | None = None,
        timeout: float = 15.0,
        ca_bundle: str = "",
        pool_size: int = 16,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        if not base_url:
            raise KioskProblem("not_enrolled", "No server URL is configured.")
        check_transport(base_url)
        self.base_url = base_url.rstrip("/")
        self.timeout = float(timeout)
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.verify = ca_bundle or True
        self.session.trust_env = False  # a kiosk talks to its server directly
        self.session.headers["User-Agent"] = "mpp-kiosk-sync/1"
        # The contract this kiosk speaks: a server older than it then ignores (rather than
        # refuses) request fields added after its own version (protocol/contract.py).
        self.session.headers[CONTRACT_HEADER] = CONTRACT_VERSION
        self.kiosk_id = kiosk_id
        if private_key is not None and kiosk_id:
            self.session.auth = KioskAuth(private_key, kiosk_id, clock)

    @classmethod
    def for_kiosk(cls, data_dir: Path, config=None, pool_size: int = 16) -> ServerClient:
        """A signed client for the enrolled kiosk in `data_dir` (KioskProblem if not enrolled)."""
        from kiosk.config import load_config
        from sync.kiosk_key import KioskKeyStore

        config = config or load_config(None, Path(data_dir))
        store = KioskKeyStore(Path(data_dir))
        identity = store.require()
        return cls(
            config.get("server.url") or identity.server_url,
            private_key=store.private_key(identity),
            kiosk_id=identity.kiosk_id,
            timeout=config.get("server.timeout_s", 15.0),
            ca_bundle=config.get("server.ca_bundle", ""),
            pool_size=pool_size,
        )

    def url(self, path: str) -> str:
        return f"{self.base_url}{API_PREFIX}{path}"

    def call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        headers: dict[str, str] | None = None,
        signed: bool = True,
        timeout: float | None = None,
    ) -> requests.Response:
        data = None
        send_headers = dict(headers or {})
        if body is not None:
            data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
            send_headers["Content-Type"] = "application/json"
        try:
            response = self.session.request(
                method,
                self.url(path),
                data=data,
                headers=send_headers,
                timeout=timeout or self.timeout,
                auth=None if signed else _NoAuth(),
            )
        except requests.exceptions.SSLError as exc:
            raise KioskProblem("tls_error", f"TLS verification failed ({exc}).") from None
        except requests.exceptions.RequestException as exc:
            raise Offline(f"the server cannot be reached ({type(exc).__name__})") from None
        if response.status_code < 300 or response.status_code == 304:
            return response
        raise error_for(response)

    def json(self, method: str, path: str, **kwargs) -> dict:
        """`call` and decode a JSON object; an unreadable 2xx body counts as a lost answer."""
        response = self.call(method, path, **kwargs)
        try:
            value = response.json()
        except ValueError:
            raise ServerBusy("bad_answer", "the server's answer was not valid JSON") from None
        if not isinstance(value, dict):
            raise ServerBusy("bad_answer", "the server's answer was not a JSON object")
        return value

    def close(self) -> None:
        self.session.close()


class _NoAuth(requests.auth.AuthBase):
    """Overrides session.auth for the few unsigned routes (enrollment, public status)."""

    def __call__(self, request):
        return request

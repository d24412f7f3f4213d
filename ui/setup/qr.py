"""The enrollment QR code printed by `kiosk server admin enroll-code`.

It holds compact JSON: {"url": SERVER, "code": CODE, "server_key_id": KEY_ID}
(app/commands/server.py). The code is normalised the forgiving way `kiosk provision` does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from kiosk.provisioning import normalize_code


@dataclass(frozen=True)
class EnrollmentQr:
    server: str
    code: str  # as typed in the QR (normalised by the page like a typed one)
    key_id: str


def parse_enrollment_qr(text: str) -> EnrollmentQr | None:
    """The three values of an enrollment QR, or None when `text` is not one."""
    try:
        payload = json.loads(text)
    except (ValueError, TypeError):
        return None
    if not isinstance(payload, dict):
        return None
    values = [payload.get(name) for name in ("url", "code", "server_key_id")]
    if not all(isinstance(v, str) and v.strip() for v in values):
        return None
    server, code, key_id = (v.strip() for v in values)
    if normalize_code(code) is None:
        return None
    return EnrollmentQr(server, code, key_id)

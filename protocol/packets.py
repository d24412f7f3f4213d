"""The sealed application packet: plaintext built from the session's data, then sealed.

Sealing uses libsodium's sealed box (PyNaCl SealedBox: X25519 + XSalsa20-Poly1305 with an
ephemeral key) to the server's sealing key pinned at enrollment. Only the server can open it;
the kiosk cannot read its own packets back, which is the point.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Mapping
from typing import Any

from nacl.public import PublicKey, SealedBox
from pydantic import ValidationError

from kiosk.ports import SubmissionPacket
from protocol.contract import TEMPLATE_SIZE, ApplicationPacket, LivenessSummary
from protocol.signing import b64encode

_LIVENESS_KEYS = set(LivenessSummary.model_fields)


class PacketError(ValueError):
    """The session's data cannot make a valid packet (a programming error upstream)."""


def template_floats(template: Any) -> list[float]:
    """The 128 floats of a face template given as raw float32/float64 bytes or a sequence."""
    import numpy as np  # not at import: the kiosk starts without it

    if isinstance(template, bytes | bytearray | memoryview):
        raw = bytes(template)
        if len(raw) == TEMPLATE_SIZE * 4:
            values = np.frombuffer(raw, dtype="<f4")
        elif len(raw) == TEMPLATE_SIZE * 8:
            values = np.frombuffer(raw, dtype="<f8")
        else:
            raise PacketError(f"a face template is {TEMPLATE_SIZE} float32 or float64 values")
    else:
        values = np.asarray(template, dtype="f8").reshape(-1)
    if values.size != TEMPLATE_SIZE or not np.all(np.isfinite(values)):
        raise PacketError(f"a face template is {TEMPLATE_SIZE} finite numbers")
    return [float(v) for v in values]


def _document(doc_id: str, value: Any) -> dict[str, Any]:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"id": doc_id, "data": b64encode(bytes(value)), "size": len(value)}
    if isinstance(value, Mapping):
        entry = {"id": doc_id}
        for key, item in value.items():
            if isinstance(item, bytes | bytearray | memoryview):
                entry[key] = b64encode(bytes(item))
            else:
                entry[key] = item
        return entry
    if isinstance(value, str | os.PathLike) and os.path.isfile(value):
        with open(value, "rb") as handle:
            data = handle.read()
        return {"id": doc_id, "data": b64encode(data), "size": len(data)}
    raise PacketError(f"document {doc_id!r}: expected image bytes, a mapping or a file path")


def _json_default(value: Any):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return b64encode(bytes(value))
    np = sys.modules.get("numpy")  # a numpy value means numpy is loaded
    if np is not None and isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def build_packet(
    packet: SubmissionPacket,
    application_id: str,
    tracking_code: str,
    catalog_version: str,
    created_at: dt.datetime,
) -> bytes:
    """The ApplicationPacket plaintext (UTF-8 JSON), validated against the contract."""
    approval = dict(packet.staff_approval) if packet.staff_approval else None
    if approval is not None and str(approval.get("application_id", "")).lower() != (
        application_id.lower()
    ):
        raise PacketError("the supervisor's approval is for another application")
    # A staff verification replaces the face check: no face data travels with it.
    pending = bool(packet.verification_pending) and approval is None
    liveness = {k: v for k, v in (packet.liveness or {}).items() if k in _LIVENESS_KEYS}
    body: dict[str, Any] = {
        "application_id": application_id,
        "tracking_code": tracking_code,
        "service_id": packet.service_id,
        "catalog_version": catalog_version,
        "created_at": created_at.isoformat(),
        "nik": packet.nik,
        "identity_mode": "staff" if approval else "offline" if pending else "online",
        "session_token": packet.session_token,
        "form": dict(packet.values),
        "documents": [_document(k, v) for k, v in packet.documents.items()],
        "language": packet.language,
        "capture": {"liveness": dict(packet.liveness or {})},
    }
    if approval is not None:
        body["staff_approval"] = approval
        body["capture"] = {}
    elif packet.face_template is not None:
        body["face_template"] = template_floats(packet.face_template)
        if liveness:
            body["liveness"] = liveness
    elif pending:
        raise PacketError("verification is pending but the session gave no live face template")
    plaintext = json.dumps(body, default=_json_default, ensure_ascii=False).encode("utf-8")
    try:
        ApplicationPacket.model_validate_json(plaintext)
    except ValidationError as exc:
        problems = exc.error_count()
        raise PacketError(f"the packet does not fit the contract: {problems} problem(s)") from None
    return plaintext


def seal(plaintext: bytes, sealing_key: bytes) -> bytes:
    """SealedBox to the server's raw 32-byte X25519 public key."""
    return SealedBox(PublicKey(bytes(sealing_key))).encrypt(bytes(plaintext))


def seal_packet(
    packet: SubmissionPacket,
    application_id: str,
    tracking_code: str,
    catalog_version: str,
    created_at: dt.datetime,
    sealing_key: bytes,
) -> bytes:
    plaintext = bytearray(
        build_packet(packet, application_id, tracking_code, catalog_version, created_at)
    )
    try:
        return seal(plaintext, sealing_key)
    finally:
        plaintext[:] = bytes(len(plaintext))  # best effort: do not leave a copy we own

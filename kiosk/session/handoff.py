"""A citizen session as it moves from one kiosk to a staff member's assisted terminal (takeover
by hand-off code, issue 13), Qt-free.

The snapshot is plain JSON data with what staff need to go on from the help screen: language,
NIK, consent, where help was asked and why, the chosen service and the form's answers. Never the
face template or liveness data, never the server session token (it belongs to the kiosk that
verified), never a supervisor's approval, never scanned documents. The identity is therefore not
established on the terminal that takes over: staff verify it there (the supervisor override) or
cancel. `read_snapshot` checks a received snapshot field by field and refuses anything else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from kiosk.ports import FACE_FAILURE_REASONS
from kiosk.session.data import LANGUAGES, SessionData
from kiosk.session.states import State

VERSION = 1
# Why help was asked (the session's help_reason codes): a closed list, as on the server.
REASONS = ("requested", *FACE_FAILURE_REASONS, "no_match", "nik_locked")
FIELDS = frozenset(
    {
        "version",
        "language",
        "nik",
        "consent_given",
        "help_reason",
        "help_step",
        "service_id",
        "form_values",
    }
)
MAX_FORM_BYTES = 16 * 1024  # the form's answers as JSON; a form is far smaller
MAX_FIELDS = 100
ID_MAX = 64


class SnapshotRefused(ValueError):
    """A received snapshot is not one this kiosk can restore (nothing of it is used)."""


def _json_value(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


def build_snapshot(data: SessionData, help_step: str | None) -> dict[str, Any]:
    """The snapshot of `data` (a session on its help screen). Answers that are not JSON data
    (none are today) are left out rather than sent in a form the other kiosk cannot read."""
    values = {str(key): value for key, value in data.form_values.items() if _json_value(value)}
    return {
        "version": VERSION,
        "language": data.language,
        "nik": data.nik_info.nik if data.nik_info is not None else None,
        "consent_given": bool(data.consent_given),
        "help_reason": data.help_reason.code if data.help_reason else "requested",
        "help_step": help_step,
        "service_id": data.service_id,
        "form_values": values,
    }


def read_snapshot(raw: Any) -> dict[str, Any]:
    """The fields of a received snapshot after the structural checks (types, closed lists,
    sizes); SnapshotRefused otherwise. The NIK and the service are checked by the Session,
    which knows today's date and the catalog."""
    if not isinstance(raw, Mapping):
        raise SnapshotRefused("a session snapshot is a JSON object")
    keys = set(raw)
    if keys != FIELDS:
        raise SnapshotRefused(f"snapshot fields differ: {sorted(map(str, keys ^ FIELDS))}")
    if raw["version"] != VERSION or isinstance(raw["version"], bool):
        raise SnapshotRefused("unknown snapshot version")
    if raw["language"] not in LANGUAGES:
        raise SnapshotRefused("unknown language")
    nik = raw["nik"]
    if nik is not None and not (isinstance(nik, str) and len(nik) == 16 and nik.isdigit()):
        raise SnapshotRefused("the NIK is not 16 digits")
    if not isinstance(raw["consent_given"], bool):
        raise SnapshotRefused("consent_given is not a boolean")
    if raw["help_reason"] not in REASONS:
        raise SnapshotRefused("unknown help reason")
    steps = {state.value for state in State}
    if raw["help_step"] is not None and raw["help_step"] not in steps:
        raise SnapshotRefused("unknown help step")
    service = raw["service_id"]
    if service is not None and not (
        isinstance(service, str) and 0 < len(service) <= ID_MAX and service.isprintable()
    ):
        raise SnapshotRefused("the service id is malformed")
    values = raw["form_values"]
    if not isinstance(values, Mapping) or len(values) > MAX_FIELDS:
        raise SnapshotRefused("the form values are not an object of at most 100 fields")
    if not all(isinstance(k, str) and 0 < len(k) <= ID_MAX for k in values):
        raise SnapshotRefused("a form field id is malformed")
    try:
        size = len(json.dumps(values, allow_nan=False).encode())
    except (TypeError, ValueError):
        raise SnapshotRefused("the form values are not JSON data") from None
    if size > MAX_FORM_BYTES:
        raise SnapshotRefused("the form values are too large")
    if values and service is None:
        raise SnapshotRefused("form values without a service")
    return {key: raw[key] for key in FIELDS}

"""Shared by the staff tests: a reference server of their own, accounts, approvals, packets."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from server_kiosk_client import TestKiosk

from kiosk.staff.pin import PinParams, derive_key
from protocol.staff import make_approval
from server.app import BackgroundServer
from server.models import StaffAccount
from server.settings import ServerSettings
from server.staff import add_account

ACTOR = "pytest"


@contextmanager
def staff_server(request, tmp_path_factory, name: str) -> Iterator[BackgroundServer]:
    """A server of the module's own (no demo population), on request.param: "sqlite" or
    "postgresql" (a database in the session's temporary cluster)."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create_database(name.replace("-", "_"))
    settings = ServerSettings(
        data_dir=tmp_path_factory.mktemp(name),
        database_url=url,
        enroll_failures_per_minute=100_000,
    )
    with BackgroundServer(settings) as running:
        yield running


def add(server, site: str, role: str, pin: str, name: str = "Staf Uji") -> str:
    return add_account(server.app.state.ctx, site, name, role, pin, ACTOR)


def pin_key(server, staff_id: str, pin: str) -> bytes:
    """K as a kiosk derives it from the typed PIN (salt and parameters from the account)."""
    with server.app.state.ctx.db() as db:
        account = db.get(StaffAccount, staff_id)
        salt, params = account.pin_salt, PinParams.from_dict(json.loads(account.pin_kdf))
    return derive_key(pin, salt, params)


def approval(key: bytes, kiosk: TestKiosk, staff_id: str, supervisor_id: str, **change) -> dict:
    fields = {
        "application_id": str(uuid.uuid4()),
        "kiosk_id": kiosk.kiosk_id,
        "staff_id": staff_id,
        "supervisor_id": supervisor_id,
        "reason_code": "liveness_impossible",
        "reason_text": "Tangan cedera, tidak dapat mengikuti tantangan; KTP-el dicocokkan.",
        "approved_at": dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30),
    }
    fields.update(change)
    return make_approval(key, **fields)


def staff_application(
    kiosk: TestKiosk, approval: dict | None, nik: str, *, application_id: str | None = None
) -> tuple[dict, bytes]:
    """(metadata, sealed packet) in identity mode "staff" carrying `approval`."""
    app_id = application_id or (approval or {}).get("application_id")
    extra = {"staff_approval": approval} if approval is not None else None
    return kiosk.make_application(
        nik, mode="staff", liveness=None, application_id=app_id, extra=extra
    )

"""Enrollment and admin holes (security issue, defect 10): guessing codes is rate limited per
source, a code's lifetime is bounded, decrypting an application leaves an audit record, and
the enrollment code comes with the whole command a technician types (with the key id)."""

from __future__ import annotations

import getpass
import json
import os

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from server_kiosk_client import TestKiosk
from sqlalchemy import func, select

from protocol.signing import b64encode, public_key_bytes
from server.app import BackgroundServer
from server.enrollment import create_enroll_code
from server.models import AdminAudit, EnrollFailure
from server.settings import ServerSettings


def _enroll(url: str, code: str) -> requests.Response:
    key = Ed25519PrivateKey.generate()
    return requests.post(
        f"{url}/v1/kiosks/enroll",
        json={"code": code, "public_key": b64encode(public_key_bytes(key))},
        timeout=10,
    )


@pytest.fixture
def strict_server(tmp_path):
    server = BackgroundServer(
        ServerSettings(data_dir=tmp_path / "srv", enroll_failures_per_minute=3)
    ).start()
    yield server
    server.stop()


def test_guessing_enrollment_codes_is_rate_limited_per_source(strict_server):
    ctx = strict_server.app.state.ctx
    for guess in ("AAAA-BBBB-CCCC", "AAAA-BBBB-CCCD", "AAAA-BBBB-CCCE"):
        answer = _enroll(strict_server.url, guess)
        assert answer.status_code == 403 and answer.json()["error"] == "enroll_code_invalid"
    limited = _enroll(strict_server.url, "AAAA-BBBB-CCCF")
    assert limited.status_code == 429 and limited.json()["error"] == "rate_limited"
    assert limited.headers["Retry-After"] == "60"
    # While limited, even a right code is not looked at: a guess cannot tell right from wrong.
    code, _ = create_enroll_code(ctx, "MPP Kota Bandung")
    assert _enroll(strict_server.url, code).status_code == 429
    with ctx.db() as db:
        sources = db.scalars(select(EnrollFailure.source)).all()
    assert sources == ["127.0.0.1"] * 3  # refusals counted, the limited ones not
    # A minute later the source may try again (the window is the last minute).
    import datetime as dt

    with ctx.db() as db:
        for row in db.scalars(select(EnrollFailure)):
            row.at -= dt.timedelta(seconds=61)
    assert _enroll(strict_server.url, code).status_code == 200


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    from app.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


SITE = ("--site", "MPP Kota Bandung", "--region", "3273")


@pytest.mark.parametrize("hours", ["nan", "inf", "-inf", "1e12", "0", "-1", "0.001", "721"])
def test_an_enrollment_code_lifetime_is_bounded(tmp_path, capsys, hours):
    data = ["--data-dir", str(tmp_path / "srv")]
    code, out, err = run_cli(
        capsys, "server", "admin", "enroll-code", *SITE, f"--ttl-hours={hours}", *data
    )
    assert code == 1 and out == ""
    assert "--ttl-hours" in err and "between 60 s and 30 days" in err


@pytest.mark.parametrize("region", ["9999", "12", "32730", "abcd", "３２７３", "", "32 73"])
def test_an_enrollment_code_needs_a_real_kemendagri_region(tmp_path, capsys, region):
    """The region decides the kiosk's time zone: a code the Kemendagri list does not have is
    refused before any code is made (9999: no province 99; 12: a province, not a regency)."""
    data = ["--data-dir", str(tmp_path / "srv")]
    code, out, err = run_cli(
        capsys, "server", "admin", "enroll-code", "--site", "X", f"--region={region}", *data
    )
    assert code == 1 and out == ""
    assert "not a Kemendagri regency/city code" in err
    assert "Traceback" not in err


def test_an_enrollment_code_comes_with_the_technicians_command(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "srv")]
    code, out, _ = run_cli(
        capsys,
        "server",
        "admin",
        "enroll-code",
        *SITE,
        "--ttl-hours",
        "720",
        "--json",
        *data,
    )
    assert code == 0
    made = json.loads(out)
    key_id = made["qr"]["server_key_id"]
    assert made["command"] == (
        f"kiosk enroll --server {made['qr']['url']} --code {made['code']} --key-id {key_id}"
    )
    code, out, _ = run_cli(capsys, "server", "admin", "enroll-code", *SITE, *data)
    assert code == 0 and f"--key-id {key_id}" in out and "kiosk enroll --server" in out


def test_decrypting_an_application_leaves_an_audit_record(sqlite_server, faces, capsys):
    from server import admin

    ctx = sqlite_server.app.state.ctx
    kiosk = TestKiosk.enroll(sqlite_server)
    nik = next(sqlite_server.niks)
    meta, sealed = kiosk.make_application(nik, template=faces["obama"])
    assert kiosk.submit(meta, sealed).status_code == 201
    with ctx.db() as db:
        before = db.scalar(select(func.count()).select_from(AdminAudit))
    shown = admin.show_application(ctx, meta["tracking_code"])
    assert shown["packet"]["nik"] == nik
    with ctx.db() as db:
        rows = db.scalars(select(AdminAudit).order_by(AdminAudit.id)).all()
    assert len(rows) == before + 1
    last = rows[-1]
    assert (last.action, last.subject) == ("show", meta["application_id"])
    user, sudo = getpass.getuser(), os.environ.get("SUDO_USER")
    assert last.actor == (f"{sudo} (as {user})" if sudo and sudo != user else user)

"""Counter staff on the reference server, over real HTTP on loopback with a real SQLite file:
accounts by the admin command, the per-site signed staff document, help requests."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
import requests
from server_kiosk_client import TestKiosk
from sqlalchemy import select, update
from staff_support import add, staff_server

from kiosk.staff import StaffDirectory
from kiosk.staff.pin import PinParams, key_if_pin_matches
from protocol.signing import verify_document
from protocol.staff import HANDOFF_PATTERN
from server.models import AdminAudit, HelpRequest, StaffAccount


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    with staff_server(request, tmp_path_factory, "staff-server") as running:
        yield running


def storage(server) -> list[str]:
    """The admin command's options for this server's data folder and database."""
    settings = server.app.state.ctx.settings
    return ["--data-dir", str(settings.data_dir), "--db", settings.db_url]


def run_cli(capsys, server, *args: str, stdin: str | None = None, monkeypatch=None):
    from app.cli import main

    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["server", "admin", *args, *storage(server)])
    out, err = capsys.readouterr()
    return code, out, err


def adding(site: str, name: str, role: str, *more: str) -> list[str]:
    return ["staff", "add", "--site", site, "--name", name, "--role", role, *more]


def audit_rows(server, subject_prefix: str) -> list[tuple[str, str]]:
    with server.app.state.ctx.db() as db:
        rows = db.execute(
            select(AdminAudit.action, AdminAudit.subject).where(
                AdminAudit.subject.startswith(subject_prefix)
            )
        ).all()
    return [tuple(r) for r in rows]


# ---------------------------------------------------------------- accounts


def test_staff_accounts_through_the_admin_command(server, capsys, monkeypatch):
    site = "MPP Kota Cli"
    args = adding(site, "Sari Wulandari", "supervisor", "--pin-stdin", "--json")
    code, out, err = run_cli(capsys, server, *args, stdin="582714\n", monkeypatch=monkeypatch)
    assert code == 0, err
    made = json.loads(out)
    staff_id = made["staff_id"]
    assert re.fullmatch(r"ST-[2-9A-Z]{8}", staff_id) and "pin" not in made
    assert made["kiosks_at_site"] == 0  # a mistyped site is pointed out
    code, _, err = run_cli(capsys, server, *adding(site, "Eko", "teknisi", "--generate-pin"))
    assert code == 0 and "no kiosk is enrolled at site 'MPP Kota Cli'" in err
    # Weak or malformed PINs are refused and nothing is made.
    for pin in ("123456", "000000", "12345", "abcdef"):
        args = adding(site, "X", "petugas", "--pin-stdin")
        code, _, err = run_cli(capsys, server, *args, stdin=pin + "\n", monkeypatch=monkeypatch)
        assert code == 1 and "PIN" in err, (pin, err)
    code, out, err = run_cli(
        capsys, server, *adding(site, "Andi", "petugas", "--generate-pin", "--json")
    )
    generated = json.loads(out)
    assert code == 0 and re.fullmatch(r"[0-9]{6}", generated["pin"])
    code, out, _ = run_cli(capsys, server, "staff", "list", "--site", site, "--json")
    listed = {a["staff_id"]: a for a in json.loads(out)}
    assert len(listed) == 3 and {staff_id, generated["staff_id"]} <= set(listed)
    assert listed[staff_id]["role"] == "supervisor" and listed[staff_id]["state"] == "active"
    # The PIN is stored nowhere; the key only sealed; the verifier matches the PIN.
    with server.app.state.ctx.db() as db:
        account = db.get(StaffAccount, staff_id)
        material = b"".join((account.pin_salt, account.pin_verifier, account.pin_key_sealed))
        assert b"582714" not in material
        old_verifier = account.pin_verifier
        params = PinParams.from_dict(json.loads(account.pin_kdf))
        assert key_if_pin_matches("582714", account.pin_salt, account.pin_verifier, params)
    reset = ("staff", "reset-pin", staff_id, "--pin-stdin")
    code, out, err = run_cli(capsys, server, *reset, stdin="917362\n", monkeypatch=monkeypatch)
    assert code == 0, err
    with server.app.state.ctx.db() as db:
        assert db.get(StaffAccount, staff_id).pin_verifier != old_verifier
    code, out, err = run_cli(capsys, server, "staff", "disable", staff_id.lower())
    assert code == 0 and "disabled" in out, err
    code, _, err = run_cli(capsys, server, *reset, stdin="917362\n", monkeypatch=monkeypatch)
    assert code == 1 and "disabled" in err
    code, _, err = run_cli(capsys, server, "staff", "disable", "ST-NWBXDY22")
    assert code == 1 and "no staff account" in err
    with pytest.raises(SystemExit):  # argparse: not a role
        run_cli(capsys, server, "staff", "add", "--site", site, "--name", "X", "--role", "admin")
    assert audit_rows(server, staff_id) == [
        ("staff_add", f"{staff_id} supervisor"),
        ("staff_reset_pin", staff_id),
        ("staff_disable", staff_id),
    ]


# ---------------------------------------------------------------- the staff document


def test_the_staff_document_holds_only_the_kiosk_sites_active_accounts(server):
    alpha, beta = TestKiosk.enroll(server, "MPP Alpha"), TestKiosk.enroll(server, "MPP Beta")
    petugas = add(server, "MPP Alpha", "petugas", "739154", "Budi")
    supervisor = add(server, "MPP Alpha", "supervisor", "482916", "Sri")
    other = add(server, "MPP Beta", "supervisor", "482916", "Lain")
    answer = alpha.get("/v1/staff")
    assert answer.status_code == 200, answer.text
    signed = answer.json()
    document = verify_document(signed, server.app.state.ctx.keys.signing.public_key())
    assert document["site"] == "MPP Alpha" and document["kind"] == "staff"
    assert {a["staff_id"] for a in document["accounts"]} == {petugas, supervisor}
    assert all(
        set(a) == {"staff_id", "name", "role", "salt", "verifier", "kdf"}
        for a in document["accounts"]
    )
    directory = StaffDirectory.from_document(document)
    account = directory.get(petugas)
    assert key_if_pin_matches("739154", account.salt, account.verifier, account.params)
    assert other not in json.dumps(signed)
    assert {a["staff_id"] for a in beta.get("/v1/staff").json()["document"]["accounts"]} == {other}
    # ETag: an unchanged document is a 304; a disabled account leaves it.
    etag = answer.headers["ETag"]
    assert alpha.get("/v1/staff", headers={"If-None-Match": etag}).status_code == 304
    from server.staff import disable_account

    disable_account(server.app.state.ctx, petugas, "pytest")
    again = alpha.get("/v1/staff", headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag
    assert [a["staff_id"] for a in again.json()["document"]["accounts"]] == [supervisor]
    assert again.json()["document"]["updated_at"] > document["updated_at"]


def test_staff_routes_need_the_kiosk_signature(server):
    kiosk = TestKiosk.enroll(server, "MPP Alpha")
    for method, path in (
        ("GET", "/v1/staff"),
        ("GET", "/v1/help-requests"),
        ("POST", "/v1/help-requests"),
        ("GET", "/v1/help-requests/5b1c3f0e-8a41-4c1e-9d1a-0c4a8c9e1f20"),
        ("POST", "/v1/help-requests/5b1c3f0e-8a41-4c1e-9d1a-0c4a8c9e1f20/ack"),
        ("POST", "/v1/help-requests/5b1c3f0e-8a41-4c1e-9d1a-0c4a8c9e1f20/close"),
        ("POST", "/v1/help-requests/5b1c3f0e-8a41-4c1e-9d1a-0c4a8c9e1f20/takeover"),
        ("POST", "/v1/help-requests/5b1c3f0e-8a41-4c1e-9d1a-0c4a8c9e1f20/session"),
        ("GET", "/v1/help-requests/5b1c3f0e-8a41-4c1e-9d1a-0c4a8c9e1f20/session"),
    ):
        body = {"step": "nik", "reason": "requested"} if method == "POST" else None
        plain = requests.request(method, server.url + path, json=body, timeout=10)
        assert plain.status_code == 401 and plain.json()["error"] == "signature_missing"
        # Another key claiming this kiosk's id: the signature does not verify.
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from sync.auth import KioskAuth

        forged = requests.request(
            method,
            server.url + path,
            json=body,
            auth=KioskAuth(Ed25519PrivateKey.generate(), kiosk.kiosk_id),
            timeout=10,
        )
        assert forged.status_code == 401 and forged.json()["error"] == "signature_invalid"


# ---------------------------------------------------------------- help requests


def test_help_reaches_staff_of_the_same_site_only(server, capsys):
    asking = TestKiosk.enroll(server, "MPP Gamma")
    counter = TestKiosk.enroll(server, "MPP Gamma")
    elsewhere = TestKiosk.enroll(server, "MPP Delta")
    petugas = add(server, "MPP Gamma", "petugas", "739154", "Rina Petugas")
    foreign = add(server, "MPP Delta", "petugas", "739154")
    made = asking.post(
        "/v1/help-requests", json={"step": "face_failed", "reason": "liveness_failed"}
    )
    assert made.status_code == 201, made.text
    request = made.json()
    assert re.fullmatch(HANDOFF_PATTERN, request["handoff_code"])
    assert request["state"] == "open" and request["kiosk_id"] == asking.kiosk_id
    rid = request["request_id"]
    listed = counter.get("/v1/help-requests").json()["requests"]
    assert [r["request_id"] for r in listed] == [rid]
    assert elsewhere.get("/v1/help-requests").json() == {"requests": []}
    # Another site's kiosk cannot see, acknowledge or close it: to it, it does not exist.
    for method, path, body in (
        ("GET", f"/v1/help-requests/{rid}", None),
        ("POST", f"/v1/help-requests/{rid}/ack", {"staff_id": foreign}),
        ("POST", f"/v1/help-requests/{rid}/close", {}),
    ):
        answer = elsewhere.request(method, path, json=body)
        assert answer.status_code == 404 and answer.json()["error"] == "not_found", path
    # Only an active account of the site acknowledges.
    answer = counter.post(f"/v1/help-requests/{rid}/ack", json={"staff_id": foreign})
    assert answer.status_code == 403 and answer.json()["error"] == "staff_invalid"
    answer = counter.post(f"/v1/help-requests/{rid}/ack", json={"staff_id": "ST-NWBXDY22"})
    assert answer.status_code == 403
    code, out, _ = _admin(capsys, server, "help", "--site", "MPP Gamma", "--json")
    assert [r["request_id"] for r in json.loads(out)] == [rid]
    acked = counter.post(f"/v1/help-requests/{rid}/ack", json={"staff_id": petugas})
    assert acked.status_code == 200, acked.text
    polled = asking.get(f"/v1/help-requests/{rid}").json()
    assert polled["state"] == "acknowledged" and polled["acknowledged_by"] == petugas
    assert polled["acknowledged_by_name"] == "Rina Petugas"
    closed = counter.post(f"/v1/help-requests/{rid}/close", json={"staff_id": petugas}).json()
    assert closed["state"] == "closed"
    assert counter.get("/v1/help-requests").json() == {"requests": []}
    # A closed request stays closed.
    again = counter.post(f"/v1/help-requests/{rid}/ack", json={"staff_id": petugas}).json()
    assert again["state"] == "closed"


def _admin(capsys, server, *args):
    code, out, err = run_cli(capsys, server, *args)
    assert code == 0, err
    return code, out, err


def test_help_from_the_admin_command(server, capsys):
    kiosk = TestKiosk.enroll(server, "MPP Epsilon")
    rid = kiosk.post("/v1/help-requests", json={"step": "nik", "reason": "requested"}).json()[
        "request_id"
    ]
    _, out, _ = _admin(capsys, server, "help")
    assert rid in out and "MPP Epsilon" in out
    _, out, _ = _admin(capsys, server, "help", "--ack", rid, "--json")
    assert json.loads(out)["state"] == "acknowledged"
    assert kiosk.get(f"/v1/help-requests/{rid}").json()["state"] == "acknowledged"
    _, out, _ = _admin(capsys, server, "help", "--close", rid, "--json")
    assert json.loads(out)["state"] == "closed"
    assert [a for a, _ in audit_rows(server, rid)] == ["help_ack", "help_close"]


def test_old_requests_expire_and_free_their_code(server):
    kiosk = TestKiosk.enroll(server, "MPP Zeta")
    made = kiosk.post("/v1/help-requests", json={"step": "nik", "reason": "requested"}).json()
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31)
    with server.app.state.ctx.db() as db:
        db.execute(
            update(HelpRequest)
            .where(HelpRequest.request_id == made["request_id"])
            .values(created_at=past, expires_at=past + dt.timedelta(minutes=30))
        )
    assert kiosk.get(f"/v1/help-requests/{made['request_id']}").json()["state"] == "expired"
    assert kiosk.get("/v1/help-requests").json() == {"requests": []}
    with server.app.state.ctx.db() as db:
        assert db.get(HelpRequest, made["request_id"]).active_code is None


def test_a_kiosk_cannot_flood_the_staff_screen(server):
    kiosk = TestKiosk.enroll(server, "MPP Eta")
    for _ in range(3):
        assert (
            kiosk.post("/v1/help-requests", json={"step": "nik", "reason": "requested"}).status_code
            == 201
        )
    answer = kiosk.post("/v1/help-requests", json={"step": "nik", "reason": "requested"})
    assert answer.status_code == 429 and answer.json()["error"] == "rate_limited"


@pytest.mark.parametrize(
    "body",
    [
        {"step": "nik", "reason": "requested", "nik": "3171014508900001"},  # personal data
        {"step": "nik", "reason": "requested", "name": "Siti"},
        {"step": "nik"},
        {"step": "kantin", "reason": "requested"},
        {"step": "nik", "reason": "x" * 10_000},
        {"step": ["nik"], "reason": "requested"},
        {"step": 3, "reason": "requested"},
        {"step": None, "reason": "requested"},
        [],
        "nik",
    ],
)
def test_help_requests_take_only_the_closed_vocabulary(server, body):
    kiosk = TestKiosk.enroll(server, "MPP Theta")
    answer = kiosk.post("/v1/help-requests", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "invalid_request"
    assert "3171014508900001" not in answer.text
    with server.app.state.ctx.db() as db:
        assert (
            db.scalars(select(HelpRequest).where(HelpRequest.kiosk_id == kiosk.kiosk_id)).all()
            == []
        )


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/help-requests/not-an-id", None),
        ("/v1/help-requests/" + "a" * 5000, None),
        ("/v1/help-requests/{rid}/ack", {"staff_id": "ST-" + "A" * 500}),
        ("/v1/help-requests/{rid}/ack", {"staff_id": 12345678}),
        ("/v1/help-requests/{rid}/ack", {}),
        ("/v1/help-requests/{rid}/ack", {"staff_id": "{staff}", "name": "Budi"}),
        ("/v1/help-requests/{rid}/close", {"staff_id": "<script>"}),
        ("/v1/help-requests/{rid}/close", {"by": "me"}),
    ],
)
def test_hostile_input_on_help_routes(server, path, body):
    kiosk = TestKiosk.enroll(server, "MPP Iota")
    staff = add(server, "MPP Iota", "petugas", "739154")
    rid = kiosk.post("/v1/help-requests", json={"step": "nik", "reason": "requested"}).json()[
        "request_id"
    ]
    if isinstance(body, dict):
        body = {
            k: (v.replace("{staff}", staff) if isinstance(v, str) else v) for k, v in body.items()
        }
    method = "GET" if body is None else "POST"
    answer = kiosk.request(method, path.replace("{rid}", rid), json=body)
    assert answer.status_code in (404, 422), answer.text
    assert answer.json()["error"] in ("invalid_request", "not_found")
    assert kiosk.get(f"/v1/help-requests/{rid}").json()["state"] == "open"

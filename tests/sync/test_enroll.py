"""Enrollment: key pair on disk 0600, pinned server keys, rotation, and the server's reasons."""

from __future__ import annotations

import datetime as dt
import json
import logging
import stat

import pytest
from sync_helpers import run_cli
from sync_serverproc import ServerProcess

from kiosk import receipt as receipt_module
from kiosk.config import load_config
from kiosk.ports import Receipt
from kiosk.receipt import kiosk_receipt, site_time_zone
from kiosk.store import Store
from kiosk.tracking import new_code
from protocol.signing import b64encode, public_key_bytes
from server.models import Kiosk
from sync.enroll import enroll
from sync.errors import EnrollmentRefused, KioskProblem
from sync.kiosk_key import KioskKeyStore


@pytest.fixture(scope="module")
def other_server(tmp_path_factory):
    server = ServerProcess(tmp_path_factory.mktemp("other-server")).start()
    yield server
    server.close()


def _public(data_dir):
    ids = KioskKeyStore(data_dir)
    return b64encode(public_key_bytes(ids.private_key(ids.require())))


def test_enroll_command_stores_a_private_key_0600_and_pins_the_server(data_dir, mpp_server, capsys):
    code, out, err = run_cli(
        capsys,
        data_dir,
        "enroll",
        "--server",
        mpp_server.url,
        "--code",
        mpp_server.enroll_code("MPP Kota Bandung"),
        "--key-id",
        mpp_server.key_id,
    )
    assert code == 0, err
    identity = KioskKeyStore(data_dir).require()
    assert identity.kiosk_id in out and identity.site == "MPP Kota Bandung"
    key_file = data_dir / "keys" / "kiosk_ed25519.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and identity.key_store == "file"
    assert identity.server_signing_key == mpp_server.ctx.keys.signing_public_b64
    assert identity.server_sealing_key == mpp_server.ctx.keys.sealing_public_b64
    assert identity.server_key_id == mpp_server.ctx.keys.key_id
    saved = json.loads((data_dir / "enrollment.json").read_text())
    assert "private" not in json.dumps(saved).lower()
    store = Store.open(data_dir)
    try:
        events = [r["action"] for r in store.read("SELECT action FROM audit_log")]
    finally:
        store.close()
    assert "kiosk.enrolled" in events
    # the signed configuration was pulled right after enrolling
    assert (data_dir / "server-config.json").exists()


def test_enrolling_again_rotates_the_kiosk_key(data_dir, mpp_server):
    first = enroll(
        data_dir,
        mpp_server.url,
        mpp_server.enroll_code(),
        expected_key_id=mpp_server.key_id,
    )
    first_key = _public(data_dir)
    second = enroll(
        data_dir,
        mpp_server.url,
        mpp_server.enroll_code(),
        expected_key_id=mpp_server.key_id,
    )
    assert _public(data_dir) != first_key and second.kiosk_id != first.kiosk_id
    assert second.server_signing_key == first.server_signing_key


@pytest.mark.parametrize("case", ["invalid", "expired", "used"])
def test_bad_codes_give_the_servers_reason(data_dir, mpp_server, capsys, case):
    if case == "invalid":
        code = "AAAA-BBBB-CCCC"
    elif case == "expired":
        code = mpp_server.enroll_code(ttl_s=-60)
    else:
        code = mpp_server.enroll_code()
        enroll(data_dir / "someone-else", mpp_server.url, code, expected_key_id=mpp_server.key_id)
    with pytest.raises(EnrollmentRefused) as info:
        enroll(data_dir, mpp_server.url, code, expected_key_id=mpp_server.key_id)
    assert info.value.code == f"enroll_code_{case}"
    assert info.value.message_id  # the server's Indonesian text
    status, _out, err = run_cli(
        capsys,
        data_dir,
        *("enroll", "--server", mpp_server.url, "--code", code, "--key-id", mpp_server.key_id),
    )
    assert status == 3 and f"enroll_code_{case}" in err
    assert {"invalid": "Unknown", "expired": "expired", "used": "used"}[case] in err
    assert KioskKeyStore(data_dir).load() is None  # nothing half-enrolled


def test_an_answer_signed_by_another_server_key_is_refused(data_dir, mpp_server, other_server):
    enroll(
        data_dir,
        mpp_server.url,
        mpp_server.enroll_code(),
        expected_key_id=mpp_server.key_id,
    )
    before = KioskKeyStore(data_dir).require()
    with pytest.raises(KioskProblem) as info:
        enroll(
            data_dir,
            other_server.url,
            other_server.enroll_code(),
            expected_key_id=other_server.key_id,
        )
    assert info.value.code == "wrong_server_key"
    assert KioskKeyStore(data_dir).require() == before  # still enrolled as before
    moved = enroll(
        data_dir,
        other_server.url,
        other_server.enroll_code(),
        expected_key_id=other_server.key_id,
        new_server=True,
    )
    assert moved.server_signing_key == other_server.ctx.keys.signing_public_b64


def test_the_qr_key_id_is_checked(data_dir, mpp_server):
    with pytest.raises(KioskProblem) as info:
        enroll(
            data_dir,
            mpp_server.url,
            mpp_server.enroll_code(),
            expected_key_id="server-0000000000000000",
        )
    assert info.value.code == "wrong_server_key"
    ok = enroll(
        data_dir,
        mpp_server.url,
        mpp_server.enroll_code(),
        expected_key_id=mpp_server.ctx.keys.key_id,
    )
    assert ok.server_key_id == mpp_server.ctx.keys.key_id


def test_the_key_id_is_required_by_the_command_and_the_function(data_dir, mpp_server, capsys):
    with pytest.raises(SystemExit) as caught:  # argparse: a required option is missing
        run_cli(
            capsys,
            data_dir,
            *("enroll", "--server", mpp_server.url, "--code", mpp_server.enroll_code()),
        )
    assert caught.value.code == 2
    assert "--key-id" in capsys.readouterr().err
    for missing in ("", "   "):
        with pytest.raises(KioskProblem) as info:
            enroll(data_dir, mpp_server.url, mpp_server.enroll_code(), expected_key_id=missing)
        assert info.value.code == "wrong_server_key" and "--key-id" in info.value.message
    assert KioskKeyStore(data_dir).load() is None


@pytest.mark.parametrize(
    ("region", "zone", "abbreviation"),
    [
        # Keppres 41/1987: Kota Medan (1271) in WIB, Kota Balikpapan (6471) in WITA, Kota
        # Jayapura (9171) in WIT; Kemendagri codes as in Kepmendagri 300.2.2-2138/2025.
        ("1271", "Asia/Jakarta", "WIB"),
        ("6471", "Asia/Makassar", "WITA"),
        ("9171", "Asia/Jayapura", "WIT"),
    ],
)
def test_the_site_and_its_time_zone_come_with_enrollment(
    data_dir, mpp_server, region, zone, abbreviation
):
    code = mpp_server.enroll_code("MPP Kota X", region=region)
    identity = enroll(data_dir, mpp_server.url, code, expected_key_id=mpp_server.key_id)
    assert (identity.site, identity.region_code) == ("MPP Kota X", region)
    config = load_config(data_dir=data_dir, environ={})
    assert (config["kiosk.site"], config.source("kiosk.site")) == ("MPP Kota X", "enrollment")
    assert (config["kiosk.region"], config.source("kiosk.region")) == (region, "enrollment")
    assert site_time_zone(config) == zone
    when = dt.datetime(2026, 11, 27, 23, 5, tzinfo=dt.UTC)
    receipt = Receipt(new_code(), "cetak-kk", False, "1271********0001", submitted_at=when)
    content = kiosk_receipt(receipt, config, None, "id")
    assert dict(content.rows)["Waktu pengajuan"].endswith(abbreviation)
    # a technician's explicit setting still wins over the region
    pinned = load_config(data_dir=data_dir, environ={"MPP_KIOSK__KIOSK__TIMEZONE": "Asia/Makassar"})
    assert site_time_zone(pinned) == "Asia/Makassar"
    with mpp_server.ctx.db() as db:
        kiosk = db.get(Kiosk, identity.kiosk_id)
        assert (kiosk.site, kiosk.region_code) == ("MPP Kota X", region)


def test_an_enrollment_from_an_older_server_has_no_region(data_dir, mpp_server):
    """A server before contract 1.x's region_code: the kiosk still enrolls and says WIB, with
    `kiosk.timezone` there for the technician to set."""
    identity = enroll(
        data_dir, mpp_server.url, mpp_server.enroll_code(), expected_key_id=mpp_server.key_id
    )
    assert identity.region_code is None
    config = load_config(data_dir=data_dir, environ={})
    assert config["kiosk.region"] == "" and config.source("kiosk.region") == "default"
    assert site_time_zone(config) == "Asia/Jakarta"


def test_an_unknown_region_is_warned_about_once_not_on_every_receipt(caplog, monkeypatch):
    monkeypatch.setattr(receipt_module, "_warned_regions", set())  # as in a fresh kiosk process
    config = {"kiosk.timezone": "", "kiosk.region": "99"}  # no province 99
    with caplog.at_level(logging.WARNING, logger="kiosk.receipt"):
        zones = {site_time_zone(config) for _ in range(5)}
    assert zones == {"Asia/Jakarta"}
    warnings = [r for r in caplog.records if "time zone" in r.getMessage()]
    assert len(warnings) == 1
    assert all("'99'" in r.getMessage() and "kiosk.timezone" in r.getMessage() for r in warnings)

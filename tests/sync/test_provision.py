"""`kiosk provision --file`: enrollment against the real reference server, settings written into
the kiosk's TOML file (other keys kept), idempotent, and nothing changed by an invalid file."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sync_helpers import run_cli

from kiosk.config import load_config
from kiosk.store import Store
from server.models import Kiosk
from sync.kiosk_key import KioskKeyStore

TECHNICIAN = "[session]\ninactivity_warning_s = 60\n\n[camera]\nwidth = 1920\n"


def _settings(server: str, code: str, key_id: str, extra: str = "") -> str:
    return (
        f'[enrollment]\nserver = "{server}"\ncode = "{code}"\nkey_id = "{key_id}"\n\n'
        '[camera]\ndevice = "/dev/video2"\n\n'
        '[printer]\nkind = "network"\ntarget = "192.168.1.50"\n\n'
        '[kiosk]\nlanguage = "en"\nmode = "assisted"\n\n'
        '[ui]\norientation = "landscape"\n' + extra
    )


def _kiosks(mpp_server) -> int:
    with mpp_server.ctx.db() as db:
        return db.scalar(select(func.count()).select_from(Kiosk))


def _provision(capsys, data_dir, config, text, tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text(text, encoding="utf-8")
    return run_cli(capsys, data_dir, "provision", "--file", str(settings), config=config)


def test_provision_enrolls_writes_the_settings_and_a_second_run_changes_nothing(
    data_dir, mpp_server, tmp_path, capsys
):
    config = tmp_path / "conf" / "kiosk.toml"
    config.parent.mkdir()
    config.write_text(TECHNICIAN, encoding="utf-8")
    text = _settings(mpp_server.url, mpp_server.enroll_code("MPP Kota Bandung"), mpp_server.key_id)
    code, out, err = _provision(capsys, data_dir, config, text, tmp_path)
    assert code == 0, err
    identity = KioskKeyStore(data_dir).require()
    assert identity.kiosk_id in out and identity.site == "MPP Kota Bandung"
    loaded = load_config(config, data_dir, environ={})
    expected = {
        "camera.device": "/dev/video2",
        "printer.kind": "network",
        "printer.target": "192.168.1.50",
        "kiosk.language": "en",
        "kiosk.mode": "assisted",
        "ui.orientation": "landscape",
    }
    for key, value in expected.items():
        assert (loaded[key], loaded.source(key)) == (value, str(config))
    # the technician's own keys are still there
    assert loaded["session.inactivity_warning_s"] == 60 and loaded["camera.width"] == 1920
    assert (data_dir / "server-config.json").exists()
    store = Store.open(data_dir)
    try:
        events = [r["action"] for r in store.read("SELECT action FROM audit_log")]
    finally:
        store.close()
    assert events.count("kiosk.enrolled") == 1

    before, kiosks = config.read_bytes(), _kiosks(mpp_server)
    code, out, err = _provision(capsys, data_dir, config, text, tmp_path)
    assert code == 0, err
    assert f"already enrolled as {identity.kiosk_id}" in out
    assert config.read_bytes() == before
    assert _kiosks(mpp_server) == kiosks
    assert KioskKeyStore(data_dir).require() == identity


def test_a_code_typed_lowercase_without_dashes_with_o_and_i_is_accepted(
    data_dir, mpp_server, tmp_path, capsys
):
    issued = mpp_server.enroll_code()
    while "0" not in issued and "1" not in issued:
        issued = mpp_server.enroll_code()
    typed = issued.replace("-", "").replace("0", "O").replace("1", "I").lower()
    config = tmp_path / "kiosk.toml"
    text = _settings(mpp_server.url, typed, mpp_server.key_id)
    code, out, err = _provision(capsys, data_dir, config, text, tmp_path)
    assert code == 0, err
    assert KioskKeyStore(data_dir).load() is not None


def test_a_refused_code_exits_3_with_the_servers_reason(data_dir, mpp_server, tmp_path, capsys):
    config = tmp_path / "kiosk.toml"
    text = _settings(mpp_server.url, "ABCD-EFGH-JKMN", mpp_server.key_id)
    code, out, err = _provision(capsys, data_dir, config, text, tmp_path)
    assert code == 3
    assert "enroll_code_invalid" in err
    assert not config.exists() and KioskKeyStore(data_dir).load() is None


def test_a_wrong_server_key_id_exits_4_and_writes_nothing(data_dir, mpp_server, tmp_path, capsys):
    config = tmp_path / "kiosk.toml"
    text = _settings(mpp_server.url, mpp_server.enroll_code(), "server-0000000000000000")
    code, out, err = _provision(capsys, data_dir, config, text, tmp_path)
    assert code == 4, err
    assert not config.exists() and KioskKeyStore(data_dir).load() is None


INVALID = {
    "not TOML": ("[camera\n", ""),
    "unknown key": ('[camera]\nlens = "wide"\n', "camera.lens"),
    "wrong type": ("[camera]\ndevice = 0\n", "camera.device"),
    "bad language": ('[kiosk]\nlanguage = "fr"\n', "kiosk.language"),
    "bad mode": ('[kiosk]\nmode = "kiosk"\n', "kiosk.mode"),
    "bad orientation": ('[ui]\norientation = "sideways"\n', "ui.orientation"),
    "bad printer": ('[printer]\nkind = "laser"\n', "printer.kind"),
    "printer without target": ('[printer]\nkind = "network"\n', "printer.kind"),
}


@pytest.mark.parametrize(
    "mistake",
    [
        "not TOML",
        "unknown key",
        "wrong type",
        "bad language",
        "bad mode",
        "bad orientation",
        "bad printer",
        "printer without target",
        "unknown enrollment key",
        "bad code",
        "missing key id",
        "bad url",
        "http to another host",
    ],
)
def test_an_invalid_file_exits_1_and_changes_nothing(
    mistake, data_dir, mpp_server, tmp_path, capsys
):
    good = _settings(mpp_server.url, mpp_server.enroll_code(), mpp_server.key_id)
    enrollment = {
        "unknown enrollment key": (
            good.replace("[enrollment]\n", '[enrollment]\nsite = "MPP X"\n'),
            "enrollment.site",
        ),
        "bad code": (
            _settings(mpp_server.url, "ABCD-EFGH", mpp_server.key_id),
            "enrollment.code",
        ),
        "missing key id": (
            good.replace(f'key_id = "{mpp_server.key_id}"\n', ""),
            "enrollment.key_id",
        ),
        "bad url": (
            _settings("ftp://mpp.example.go.id", "ABCD-EFGH-JKMN", "x"),
            "enrollment.server",
        ),
        "http to another host": (
            _settings("http://mpp.example.go.id", mpp_server.enroll_code(), mpp_server.key_id),
            "enrollment.server",
        ),
    }
    if mistake in enrollment:
        text, key = enrollment[mistake]
    else:
        extra, key = INVALID[mistake]
        # a good [enrollment] table, then the broken one
        text = good + extra if mistake == "not TOML" else good.split("\n\n")[0] + "\n\n" + extra
    config = tmp_path / "kiosk.toml"
    kiosks = _kiosks(mpp_server)
    code, out, err = _provision(capsys, data_dir, config, text, tmp_path)
    assert code == 1, (out, err)
    assert "nothing was changed" in err and key in err
    assert not config.exists()
    assert not (data_dir / "enrollment.json").exists()
    assert _kiosks(mpp_server) == kiosks


def test_an_unreadable_file_is_a_usage_error(data_dir, tmp_path, capsys):
    code, out, err = run_cli(
        capsys, data_dir, "provision", "--file", str(tmp_path / "missing.toml")
    )
    assert code == 2 and "cannot be read" in err


def test_another_server_and_key_id_re_enrolls(data_dir, mpp_server, tmp_path, capsys):
    from sync_serverproc import ServerProcess

    config = tmp_path / "kiosk.toml"
    text = _settings(mpp_server.url, mpp_server.enroll_code(), mpp_server.key_id)
    assert _provision(capsys, data_dir, config, text, tmp_path)[0] == 0
    first = KioskKeyStore(data_dir).require()
    other = ServerProcess(tmp_path / "other-server").start()
    try:
        moved = _settings(other.url, other.enroll_code("MPP Lain"), other.key_id)
        moved = moved.replace('key_id = "', 'new_server = true\nkey_id = "')
        code, out, err = _provision(capsys, data_dir, config, moved, tmp_path)
        assert code == 0, err
        second = KioskKeyStore(data_dir).require()
        assert (second.server_key_id, second.site) == (other.key_id, "MPP Lain")
        assert second.kiosk_id != first.kiosk_id and "enrolled as" in out
    finally:
        other.close()

"""`kiosk server ...` commands, run as real processes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import requests
from server_process import wait_listening

REPO = Path(__file__).resolve().parents[2]


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """The real `kiosk` entry point, in this process (no interpreter start per command)."""
    from app.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_admin_commands(tmp_path, testdata, capsys):
    data = ["--data-dir", str(tmp_path / "srv")]

    def kiosk(*args, check=True):
        code, out, err = run_cli(capsys, *args)
        if check:
            assert code == 0, err
        return subprocess.CompletedProcess(args, code, out, err)

    site = ("--site", "MPP Kota Bandung", "--region", "3273")
    out = kiosk("server", "admin", "enroll-code", *site, *data).stdout
    assert "MPP Kota Bandung (3273 Kota Bandung)" in out and "█" in out  # QR as terminal text
    made = kiosk(
        "server", "admin", "enroll-code", "--site", "X", "--region", "3273", "--json", *data
    )
    code = json.loads(made.stdout)
    assert code["qr"]["code"] == code["code"] and code["qr"]["server_key_id"].startswith("server-")
    seeded = json.loads(kiosk("server", "admin", "seed-demo", "--json", *data).stdout)
    assert seeded["citizens"] >= 1000 and seeded["health_workers"] >= 90
    nik = seeded["sample_niks"][0]
    face = json.loads(
        kiosk(
            "server",
            "admin",
            "enroll-face",
            nik,
            str(testdata / "faces" / "obama.jpg"),
            "--json",
            *data,
        ).stdout
    )
    assert face == {"nik": nik[:4] + "********" + nik[12:], "created_citizen": False}
    bad = kiosk(
        "server",
        "admin",
        "enroll-face",
        nik,
        str(testdata / "faces" / "two_people.jpg"),
        *data,
        check=False,
    )
    assert bad.returncode == 1 and "several_faces" in bad.stderr and "Traceback" not in bad.stderr
    assert json.loads(kiosk("server", "admin", "kiosks", "--json", *data).stdout) == []
    missing = kiosk("server", "admin", "show", "MPP-0000-0000-000", *data, check=False)
    assert missing.returncode == 1 and "no application" in missing.stderr
    gone = kiosk("server", "admin", "revoke", "KIOSK-NONE", *data, check=False)
    assert gone.returncode == 1 and "no kiosk" in gone.stderr
    keys = tmp_path / "srv" / "keys"
    for key in keys.iterdir():
        assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_serve_binds_loopback_and_creates_keys(tmp_path):
    data = tmp_path / "served"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "server",
            "serve",
            "--port",
            "0",  # any free port: read back from the listening socket
            "--data-dir",
            str(data),
            "--dev",  # serves the API docs
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    try:
        found = wait_listening(process)
        (address, port), *others = found
        assert address == "127.0.0.1" and others == []  # loopback only, by default
        answer = requests.get(f"http://127.0.0.1:{port}/openapi.json", timeout=30)
        assert answer.status_code == 200 and "/v1/kiosks/enroll" in answer.json()["paths"]
        names = sorted(p.name for p in (data / "keys").iterdir())
        assert names == [
            "data_secretbox.key",
            "nik_pepper.key",
            "server_sealing_x25519.key",
            "server_signing_ed25519.key",
        ]
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in (data / "keys").iterdir())
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_reports_a_bad_database(tmp_path, capsys):
    code, _, err = run_cli(
        capsys,
        "server",
        "serve",
        "--port",
        "0",
        "--db",
        "nosuchdb://x",
        "--data-dir",
        str(tmp_path),
    )
    assert code == 1 and "cannot start the server" in err and "Traceback" not in err

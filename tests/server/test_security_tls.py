"""The production set-up speaks TLS (security issue, defect 11): `kiosk server serve` serves
HTTPS with --ssl-certfile/--ssl-keyfile, and a kiosk enrolls over it with a private CA."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import requests
from server_process import wait_listening
from tls_support import private_ca

from sync.enroll import enroll

REPO = Path(__file__).resolve().parents[2]


def test_serve_with_a_certificate_speaks_https_only(tmp_path, monkeypatch):
    monkeypatch.setenv("MPP_KIOSK_NO_KEYRING", "1")  # the key file (CI has no OS keyring)
    ca, cert, key = private_ca(tmp_path)
    data = tmp_path / "srv"
    command = [sys.executable, "-m", "kiosk", "server", "serve", "--port", "0"]
    command += ["--data-dir", str(data), "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)]
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ)
    )
    try:
        found = wait_listening(process)
        (_, port), *_ = found
        url = f"https://127.0.0.1:{port}"
        answer = requests.get(f"{url}/v1/status/MPP-0000-0000-0000", verify=str(ca), timeout=10)
        assert answer.status_code in (404, 422) and answer.json()["error"]
        try:
            requests.get(f"http://127.0.0.1:{port}/v1/status/x", timeout=10)
        except requests.ConnectionError:
            pass  # plain HTTP on the TLS port: the handshake fails, nothing is served
        else:
            raise AssertionError("plain HTTP was answered on the TLS port")
        from app.commands.server import settings_from_args  # noqa: F401 (the CLI's own module)
        from server.context import open_context
        from server.enrollment import create_enroll_code
        from server.settings import ServerSettings

        ctx = open_context(ServerSettings(data_dir=data))
        try:
            code, _ = create_enroll_code(ctx, "MPP Kota Bandung")
            key_id = ctx.keys.key_id
        finally:
            ctx.engine.dispose()
        identity = enroll(tmp_path / "kiosk", url, code, expected_key_id=key_id, ca_bundle=str(ca))
        assert identity.server_url == url and identity.server_key_id == key_id
    finally:
        process.terminate()
        process.wait(timeout=30)  # idle TLS connections are closed after 5 s


def test_serve_needs_both_tls_files(tmp_path, capsys):
    from app.cli import main

    code = main(
        [
            "server",
            "serve",
            "--port",
            "0",
            "--data-dir",
            str(tmp_path / "s"),
            "--ssl-certfile",
            str(tmp_path / "c.pem"),
        ]
    )
    assert code == 1 and "--ssl-keyfile" in capsys.readouterr().err

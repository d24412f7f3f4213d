"""TLS verification stays on: a private CA works through server.ca_bundle, nothing else."""

from __future__ import annotations

import pytest
from sync_serverproc import ServerProcess
from tls_support import private_ca

from sync.enroll import enroll
from sync.errors import KioskProblem


def test_private_ca_bundle_is_used_and_verification_is_never_off(tmp_path):
    ca, cert, key = private_ca(tmp_path)
    server = ServerProcess(tmp_path / "server", tls=(cert, key)).start()
    try:
        with pytest.raises(KioskProblem) as info:
            enroll(
                tmp_path / "kiosk",
                server.url,
                server.enroll_code(),
                expected_key_id=server.key_id,
            )
        assert info.value.code == "tls_error" and "ca_bundle" in info.value.message
        identity = enroll(
            tmp_path / "kiosk",
            server.url,
            server.enroll_code(),
            expected_key_id=server.key_id,
            ca_bundle=str(ca),
        )
        assert identity.server_url.startswith("https://")
    finally:
        server.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://mpp.example.go.id",
        "http://10.1.2.3:8700",
        "http://192.168.0.5",
        "ftp://127.0.0.1",
        "https://",
        "127.0.0.1:8700",
    ],
)
def test_a_server_url_without_tls_is_refused_unless_it_is_this_machine(tmp_path, url):
    with pytest.raises(KioskProblem) as info:
        enroll(tmp_path / "kiosk", url, "ABCD-EFGH-JKMN", expected_key_id="server-0")
    assert info.value.code == "insecure_server_url"
    assert "https://" in info.value.message
    assert info.value.screen_text("en").startswith("The kiosk's server address is not secure")
    assert not (tmp_path / "kiosk").exists() or not any((tmp_path / "kiosk").iterdir())


@pytest.mark.parametrize("url", ["http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9"])
def test_plain_http_to_this_machine_is_allowed_for_the_demo(url):
    from sync.client import check_transport

    check_transport(url)  # no exception: the embedded demo server and tests

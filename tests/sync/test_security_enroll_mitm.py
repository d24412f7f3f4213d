"""A man in the middle of enrollment (security issue, defect 3): a proxy forwards the kiosk's
enrollment to the real server and re-signs the answer with keys of its own. Before, the kiosk
pinned them and the proxy could open every sealed packet; with the server's key id required,
the kiosk refuses and pins nothing."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.request

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.public import PrivateKey

from protocol.signing import b64encode, key_id_for, public_key_bytes, sign_document
from sync.enroll import enroll
from sync.errors import KioskProblem
from sync.kiosk_key import KioskKeyStore


class ResigningProxy:
    """Forwards every request to `upstream`; the enrollment answer comes back re-signed with
    the proxy's own signing key and naming its own sealing key."""

    def __init__(self, upstream: str):
        self.signing = Ed25519PrivateKey.generate()
        self.sealing = PrivateKey.generate()
        self.key_id = key_id_for(public_key_bytes(self.signing))
        self.rewritten = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                request = urllib.request.Request(
                    upstream + self.path, data=body, headers=headers, method="POST"
                )
                with urllib.request.urlopen(request, timeout=10) as answer:
                    status, data = answer.status, answer.read()
                if self.path.endswith("/kiosks/enroll") and status == 200:
                    document = json.loads(data)["document"]
                    document["server_signing_key"] = b64encode(public_key_bytes(proxy.signing))
                    document["server_sealing_key"] = b64encode(bytes(proxy.sealing.public_key))
                    data = json.dumps(sign_document(document, proxy.signing, proxy.key_id))
                    data = data.encode()
                    proxy.rewritten += 1
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def test_a_resigned_enrollment_answer_is_refused_and_nothing_is_pinned(data_dir, mpp_server):
    with ResigningProxy(mpp_server.url) as proxy:
        with pytest.raises(KioskProblem) as info:
            enroll(
                data_dir,
                proxy.url,
                mpp_server.enroll_code(),
                expected_key_id=mpp_server.key_id,  # from the server's own QR code
            )
        assert proxy.rewritten == 1  # the attack really happened
    assert info.value.code == "wrong_server_key"
    assert proxy.key_id in info.value.message and mpp_server.key_id in info.value.message
    assert KioskKeyStore(data_dir).load() is None  # no attacker key pinned, no sealing to it

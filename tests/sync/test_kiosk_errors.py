"""Kiosk-level problems pause the queue and say what to fix; application-level rejections stop
only that application; the queue commands report and retry."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import json
import threading
import time

import pytest
import requests
from sync_helpers import run_cli

from kiosk.store.applications import Applications
from kiosk.store.outbox import Outbox
from server.enrollment import revoke_kiosk
from sync.client import error_for
from sync.errors import ApplicationRejected, KioskProblem, Offline
from sync.upload.heartbeat import send_heartbeat


def test_revoked_kiosk_pauses_the_queue_and_says_what_to_do(kiosk, mpp_server, capsys):
    ids = kiosk.submit(3)
    revoke_kiosk(mpp_server.ctx, kiosk.identity.kiosk_id, "stolen kiosk")
    uploader = kiosk.uploader()
    uploader.run_once()
    assert uploader.run_once() == 0  # paused: nothing more is tried
    uploader.stop()
    apps = Applications(kiosk.store)
    assert apps.counts()["queued"] == 3  # not rejected, not given up
    pause = Outbox(kiosk.store).paused()
    assert pause["code"] == "kiosk_revoked"
    assert "stolen kiosk" in pause["message"] and "kiosk enroll" in pause["message"]
    assert pause["message_id"]  # Indonesian text for staff screens
    status = json.loads(run_cli(capsys, kiosk.data_dir, "queue", "status", "--json")[1])
    assert status["paused"]["code"] == "kiosk_revoked" and status["counts"]["queued"] == 3
    assert status["last_error"]["code"] == "kiosk_revoked"
    assert set(ids) == {a.id for a in apps.list("queued")}


def test_revoked_kiosk_drain_exits_1_with_the_reason(kiosk, mpp_server, capsys):
    kiosk.submit(1)
    revoke_kiosk(mpp_server.ctx, kiosk.identity.kiosk_id, "decommissioned")
    code, _out, err = run_cli(
        capsys,
        kiosk.data_dir,
        "queue",
        "drain",
        "--timeout",
        "20",
        config=kiosk.write_config(mpp_server.url),
    )
    assert code == 1
    assert "revoked" in err and "kiosk enroll" in err


def test_clock_skew_is_a_kiosk_problem(kiosk):
    wrong = kiosk.client(clock=lambda: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20))
    with pytest.raises(KioskProblem) as info:
        send_heartbeat(wrong, kiosk.store)
    assert info.value.code == "clock_skew"
    assert "date and time" in info.value.message
    assert info.value.detail["skew_s"] < -1000


def test_unknown_kiosk_and_offline_are_typed(kiosk, tmp_path):
    from net_support import refused_url

    from sync.client import ServerClient
    from sync.kiosk_key import new_private_key

    stranger = ServerClient(
        kiosk.server.url, private_key=new_private_key(), kiosk_id="KIOSK-NOBODY"
    )
    with pytest.raises(KioskProblem) as info:
        send_heartbeat(stranger, kiosk.store)
    assert info.value.code == "kiosk_unknown"
    stranger.close()
    with refused_url() as url, pytest.raises(Offline):
        send_heartbeat(kiosk.client(url), kiosk.store)


def test_rejected_application_stops_alone_and_staff_can_retry(kiosk, mpp_server, capsys):
    good = kiosk.submit(2)
    apps = Applications(kiosk.store)
    apps.add(
        "0b5f7f0e-1111-4222-8333-944455556666",
        "MPP-0000-0000-000",
        "cetak-kk",
        "2026.11.1",
        b"not a sealed box at all" * 4,
    )
    config = kiosk.write_config(mpp_server.url)
    code, out, err = run_cli(
        capsys, kiosk.data_dir, "queue", "drain", "--timeout", "30", config=config
    )
    assert code == 3, out + err
    bad = apps.get("0b5f7f0e-1111-4222-8333-944455556666")
    assert bad.state == "rejected" and bad.reason_code == "packet_undecryptable"
    assert bad.reason  # the server's message
    assert all(apps.get(i).state == "accepted" for i in good)
    shown = run_cli(capsys, kiosk.data_dir, "queue", "status", config=config)[1]
    assert "packet_undecryptable" in shown and "rejected 1" in shown

    assert run_cli(capsys, kiosk.data_dir, "queue", "retry", bad.id)[0] == 0
    assert apps.get(bad.id).state == "queued"
    kinds = [
        r["action"]
        for r in kiosk.store.read(
            "SELECT action FROM audit_log WHERE subject = ? ORDER BY seq", (bad.id,)
        )
    ]
    assert kinds == [
        "application.sealed",
        "application.queued",
        "application.sending",
        "application.rejected",
        "application.queued",
    ]
    code, _out, err = run_cli(capsys, kiosk.data_dir, "queue", "retry", "no-such-id")
    assert code == 1 and "no application" in err


def test_drain_exit_1_when_the_server_stays_unreachable(kiosk, capsys):
    from net_support import refused_url

    kiosk.submit(1)
    with refused_url() as url:
        config = kiosk.write_config(url)
        started = time.monotonic()
        code, out, _err = run_cli(
            capsys, kiosk.data_dir, "queue", "drain", "--timeout", "2", config=config
        )
    assert code == 1 and "pending 1" in out
    assert time.monotonic() - started < 30
    status = json.loads(run_cli(capsys, kiosk.data_dir, "queue", "status", "--json")[1])
    assert set(status) >= {"counts", "oldest_pending_seconds", "last_error"}
    assert status["counts"]["queued"] == 1 and status["oldest_pending_seconds"] > 0
    assert status["last_error"]["code"] == "offline"


def test_application_rejected_is_typed(kiosk):
    client = kiosk.client()
    with pytest.raises(ApplicationRejected) as info:
        client.json(
            "POST",
            "/applications",
            body={"metadata": {}, "packet": ""},
            headers={"Idempotency-Key": "x"},
        )
    assert info.value.code == "invalid_request" and info.value.message_id


def test_the_kiosks_own_words_for_staff_come_from_the_catalog_in_both_languages():
    revoked = KioskProblem("kiosk_revoked", "revoked by the server")
    assert "kiosk enroll" in revoked.message  # the technician's instruction, for logs
    assert revoked.screen_text("id") == (
        "Pendaftaran kios ini dicabut. Minta kode pendaftaran baru kepada admin MPP."
    )
    assert revoked.screen_text("en") == (
        "This kiosk's enrollment was revoked. Ask the MPP administrator for a new enrollment code."
    )
    assert revoked.message_id == revoked.screen_text("id")
    odd = KioskProblem("something_new", "refused")
    assert odd.screen_text("en") == "The server refuses the kiosk's requests. Call a technician."
    assert "enrollment and configuration" in odd.message
    offline = Offline()
    assert offline.screen_text("id").startswith("Server tidak dapat dihubungi.")
    assert offline.screen_text("en").startswith("The server cannot be reached.")
    # The server's own Indonesian words win; there is no English of them to offer.
    worded = KioskProblem("kiosk_revoked", "revoked", "Kios dicabut oleh admin.")
    assert worded.screen_text("en") == worded.screen_text("id") == "Kios dicabut oleh admin."


@pytest.mark.parametrize("garbage", [12345, {"x": 1}, ["a"], "", "   ", None])
def test_a_garbage_message_id_from_the_network_falls_back_to_the_kiosks_words(garbage):
    body = json.dumps({"error": "kiosk_revoked", "family": "kiosk", "message_id": garbage})
    with answering_server(403, body.encode()) as url:
        response = requests.get(url, timeout=10)
    problem = error_for(response)
    assert isinstance(problem, KioskProblem)
    assert problem.message_id == (
        "Pendaftaran kios ini dicabut. Minta kode pendaftaran baru kepada admin MPP."
    )


@contextlib.contextmanager
def answering_server(status: int, body: bytes):
    """A loopback HTTP server that answers every GET with `status` and `body`."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

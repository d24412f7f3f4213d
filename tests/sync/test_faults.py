"""The uploader through the fault-injecting proxy: every fault ends with each application on
the server exactly once, byte-identical, and accepted on the kiosk."""

from __future__ import annotations

import time

import pytest
from sync_faultproxy import RANDOM_FAULTS, FaultProxy

from kiosk.store.applications import Applications
from kiosk.store.outbox import Outbox


@pytest.fixture
def proxy(mpp_server):
    proxy = FaultProxy(mpp_server.port, delay_s=0.5, retry_after_s=2)
    yield proxy
    proxy.close()


def _drain(uploader, seconds: float = 60) -> None:
    uploader.drain(deadline=time.time() + seconds)
    uploader.stop()


def _assert_all_held_once(kiosk, ids):
    apps = Applications(kiosk.store)
    held = kiosk.server.applications()
    mine = [(i, blob) for i, blob in held if i in set(ids)]
    assert sorted(i for i, _ in mine) == sorted(ids)  # each exactly once
    for app_id, blob in mine:
        assert blob == apps.sealed_blob(app_id)
        app = apps.get(app_id)
        assert app.state == "accepted" and app.server_reference == app_id


FAULTS = list(RANDOM_FAULTS)  # every fault the proxy can inject


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_on_inline_uploads(kiosk, proxy, fault):
    ids = kiosk.submit(4)
    proxy.force(fault, fault, match="/applications")
    _drain(kiosk.uploader(proxy.url, concurrency=2))
    assert proxy.stats[fault] == 2
    _assert_all_held_once(kiosk, ids)


@pytest.mark.parametrize("fault", ["lost_answer", "reset_body", "truncate", "error_503"])
def test_each_fault_on_part_uploads_and_commit(kiosk, proxy, fault):
    ids = kiosk.submit(1, photo_bytes=60_000)  # about 6 parts of 16 KiB
    proxy.force(fault, match="/parts/3")
    _drain(kiosk.uploader(proxy.url))
    proxy.force(fault, match="/commit")
    ids += kiosk.submit(1, photo_bytes=60_000, seed=5)
    _drain(kiosk.uploader(proxy.url))
    assert proxy.stats[fault] == 2
    _assert_all_held_once(kiosk, ids)


def test_a_resumed_upload_starts_at_the_first_missing_part(kiosk, proxy):
    ids = kiosk.submit(1, photo_bytes=100_000)
    proxy.force("lost_answer", match="/parts/4")
    uploader = kiosk.uploader(proxy.url, backoff_cap_s=0.1)
    uploader.run_once()  # parts 1-3 stored, the 4th answer lost
    first = [p for p in proxy.requests if "/parts/" in p]
    assert first[-1].endswith("/parts/4")
    assert Applications(kiosk.store).list("queued")[0].attempts == 1  # waiting out its backoff
    Outbox(kiosk.store).send_all_now()  # staff's "retry now"
    uploader.wake()
    _drain(uploader)
    resumed = [p for p in proxy.requests if "/parts/" in p][len(first) :]
    # the server kept part 4 (only its answer was lost): the listing says 5 is first missing
    assert resumed[0].endswith("/parts/5"), resumed
    assert not any(p.endswith(("/parts/1", "/parts/2", "/parts/3", "/parts/4")) for p in resumed)
    _assert_all_held_once(kiosk, ids)


def test_a_retry_after_the_part_size_changed_repeats_the_first_plan(kiosk, proxy):
    """The configured part size changes between a lost answer and the retry (a new server
    configuration): each application is still sent the way its first attempt was."""

    def one_attempt() -> None:
        uploader = kiosk.uploader(proxy.url, backoff_cap_s=60)
        uploader.run_once()
        uploader.stop()

    in_parts = kiosk.submit(1, photo_bytes=60_000)  # parts of 16 KiB
    proxy.force("lost_answer", match="/parts/3")
    one_attempt()
    inline = kiosk.submit(1, photo_bytes=6_000, seed=7)  # fits inline
    proxy.force("lost_answer", match="/applications")
    one_attempt()
    assert proxy.stats["lost_answer"] == 2
    assert {a.state for a in Applications(kiosk.store).list()} == {"queued"}
    Outbox(kiosk.store).send_all_now()
    _drain(kiosk.uploader(proxy.url, part_size=4096))  # now parts of 4 KiB would be chosen
    _assert_all_held_once(kiosk, in_parts + inline)
    plans = {
        r["id"]: r["part_size"] for r in kiosk.store.read("SELECT id, part_size FROM applications")
    }
    assert plans[in_parts[0]] == kiosk.server.part_threshold and plans[inline[0]] == 0


def test_retry_after_is_honoured_in_seconds_and_as_a_date(kiosk, proxy):
    ids = kiosk.submit(2)
    for fault in ("error_503", "error_503_date"):
        proxy.force(fault, fault, match="/applications")
        uploader = kiosk.uploader(proxy.url, backoff_cap_s=0.05)
        before = time.time()
        uploader.run_once()
        uploader.stop()
        waits = [a.next_attempt_at - before for a in Applications(kiosk.store).list("queued")]
        assert len(waits) == 2 and min(waits) >= 0.9, (fault, waits)
        assert Outbox(kiosk.store).last_error()["code"].startswith("http_503")
        Outbox(kiosk.store).send_all_now()
    _drain(kiosk.uploader(proxy.url))
    _assert_all_held_once(kiosk, ids)


def test_server_down_keeps_everything_queued_with_backoff(kiosk, proxy, mpp_server):
    from net_support import refused_url

    ids = kiosk.submit(3)
    with refused_url() as url:
        uploader = kiosk.uploader(url, backoff_cap_s=30)
        uploader.run_once()
        uploader.stop()
    apps = Applications(kiosk.store)
    assert apps.counts()["queued"] == 3
    assert all(a.attempts == 1 and a.reason_code == "offline" for a in apps.list())
    assert Outbox(kiosk.store).last_error()["code"] == "offline"
    Outbox(kiosk.store).send_all_now()
    _drain(kiosk.uploader(proxy.url))
    _assert_all_held_once(kiosk, ids)


def test_a_duplicated_delivery_creates_one_application_and_one_acceptance(kiosk, proxy):
    ids = kiosk.submit(1)
    proxy.force("duplicate", match="/applications")
    _drain(kiosk.uploader(proxy.url))
    _assert_all_held_once(kiosk, ids)
    actions = [
        r["action"]
        for r in kiosk.store.read("SELECT action FROM audit_log WHERE subject = ?", (ids[0],))
    ]
    # the server saw the request twice and answered the copy "replayed"; one acceptance here
    assert actions.count("application.accepted") == 1 and actions.count("application.sending") == 2

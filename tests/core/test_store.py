import os
import resource
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from kiosk.store import Store, db
from kiosk.store.applications import ACCEPTED, QUEUED, SENDING, Applications, TransitionError


def open_store(data_dir):
    return Store.open(data_dir)


def test_every_connection_has_the_durability_pragmas(data_dir, monkeypatch):
    seen = []
    real_connect = db.connect

    def recording_connect(path, autocommit=True):
        conn = real_connect(path, autocommit)
        seen.append(db.pragma_values(conn))
        return conn

    monkeypatch.setattr(db, "connect", recording_connect)
    store = open_store(data_dir)
    assert len(seen) >= 2  # the migration connection and the working one
    for values in seen:
        assert values == {
            "journal_mode": "wal",
            "synchronous": "2",
            "secure_delete": "1",
            "foreign_keys": "1",
        }
    assert db.pragma_values(store.conn)["synchronous"] == "2"
    store.close()


def test_reopening_keeps_data_and_schema(data_dir):
    store = open_store(data_dir)
    Applications(store).add("a1", "MPP-AAAA", "akta-kelahiran", "v1", b"sealed-bytes")
    store.close()
    store = open_store(data_dir)
    app = Applications(store).get("a1")
    assert app.state == QUEUED and app.size == len(b"sealed-bytes")
    store.close()


def test_transition_rules_and_audit(data_dir):
    store = open_store(data_dir)
    apps = Applications(store)
    apps.add("a1", "MPP-AAAA", "cetak-kk", "v1", b"x" * 10)
    with pytest.raises(TransitionError):
        apps.transition("a1", ACCEPTED)  # queued -> accepted skips sending
    apps.transition("a1", SENDING)
    apps.transition("a1", ACCEPTED, server_reference="SRV-1")
    app = apps.get("a1")
    assert app.state == ACCEPTED and app.server_reference == "SRV-1" and app.accepted_at
    actions = [r["action"] for r in store.read("SELECT action FROM audit_log ORDER BY seq")]
    assert actions == [
        "application.sealed",
        "application.queued",
        "application.sending",
        "application.accepted",
    ]
    assert apps.counts()[ACCEPTED] == 1
    assert store.audit.verify().ok
    store.close()


def test_failed_transaction_leaves_nothing(data_dir):
    store = open_store(data_dir)
    apps = Applications(store)
    apps.add("a1", "MPP-AAAA", "cetak-kk", "v1", b"x")
    with pytest.raises(sqlite3.IntegrityError):
        apps.add("a2", "MPP-AAAA", "cetak-kk", "v1", b"y")  # duplicate tracking code
    assert apps.get("a2") is None
    assert store.audit.head()[0] == 2  # no audit entry for the failed insert
    store.close()


def test_purge_deletes_sealed_blobs_after_retention(data_dir):
    store = open_store(data_dir)
    apps = Applications(store)
    marker = b"SEALED-MARKER-" * 50
    apps.add("a1", "MPP-AAAA", "cetak-kk", "v1", marker)
    apps.transition("a1", SENDING)
    apps.transition("a1", ACCEPTED, server_reference="R")
    assert apps.purge_sealed(30, now=time.time() + 29 * 86400) == 0
    assert apps.purge_sealed(30, now=time.time() + 31 * 86400) == 1
    assert apps.sealed_blob("a1") is None
    assert apps.get("a1").tracking_code == "MPP-AAAA"  # metadata stays
    store.checkpoint()
    store.close()
    raw = (data_dir / "kiosk.sqlite3").read_bytes()
    assert b"SEALED-MARKER-" not in raw  # secure_delete overwrote the freed pages


def test_corrupted_database_is_reported_and_left_untouched(data_dir):
    path = data_dir / "kiosk.sqlite3"
    path.write_bytes(b"this is not a database" * 300)
    before = path.read_bytes()
    with pytest.raises(db.StoreCorrupted) as caught:
        open_store(data_dir)
    assert "damaged" in str(caught.value) and "technician" in str(caught.value)
    assert "rusak" in caught.value.message_id
    assert path.read_bytes() == before


def test_damaged_pages_are_reported(data_dir):
    store = open_store(data_dir)
    Applications(store).add("a1", "MPP-AAAA", "cetak-kk", "v1", b"x" * 5000)
    store.checkpoint()
    store.close()
    path = data_dir / "kiosk.sqlite3"
    raw = bytearray(path.read_bytes())
    raw[0:16] = b"garbage garbage!"  # the header magic
    path.write_bytes(bytes(raw))
    with pytest.raises(db.StoreCorrupted):
        open_store(data_dir)
    assert path.read_bytes() == bytes(raw)


def test_database_from_a_newer_version_is_refused(data_dir):
    store = open_store(data_dir)
    store.conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    store.close()
    with pytest.raises(db.StoreTooNew) as caught:
        open_store(data_dir)
    assert "newer kiosk version" in str(caught.value)
    conn = sqlite3.connect(data_dir / "kiosk.sqlite3")
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999_future"
    conn.close()


def test_full_disk_gives_a_clear_error_and_keeps_what_was_saved(data_dir):
    store = open_store(data_dir)
    apps = Applications(store)
    apps.add("a1", "MPP-0001", "cetak-kk", "v1", b"x" * 1000)
    store.close()
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        from kiosk.store.applications import Applications
        from kiosk.store.db import StoreFull
        from kiosk.store import Store
        store = Store.open({str(data_dir)!r})
        wal = store.path.parent / "kiosk.sqlite3-wal"
        size = store.path.stat().st_size + wal.stat().st_size
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 8192, size + 8192))
        try:
            Applications(store).add("a2", "MPP-0002", "cetak-kk", "v1", b"y" * 2_000_000)
        except StoreFull as exc:
            print("FULL", exc.message_id)
            sys.exit(0)
        sys.exit(3)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "FULL Penyimpanan kiosk penuh" in result.stdout
    store = open_store(data_dir)
    apps = Applications(store)
    assert apps.get("a1") is not None
    assert apps.get("a2") is None
    assert store.audit.verify().ok
    store.close()


WRITER = textwrap.dedent(
    """
    import sys
    from kiosk.store.applications import Applications
    from kiosk.store import Store
    store = Store.open(sys.argv[1])
    apps = Applications(store)
    i = 0
    while True:
        apps.add(f"app-{i}", f"MPP-{i:06d}", "cetak-kk", "v1", bytes([i % 256]) * 3000)
        print(i, flush=True)  # printed only after the commit returned
        i += 1
    """
)


def test_sigkill_in_the_middle_of_writes_loses_no_committed_row(data_dir):
    for round_number in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data_dir)],
            stdout=subprocess.PIPE,
            text=True,
        )
        committed = -1
        deadline = time.monotonic() + 60
        target = 40 + 25 * round_number
        while committed < target and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            committed = int(line)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # Anything still buffered in the pipe was also committed.
        for line in proc.stdout.read().splitlines():
            committed = int(line)
        proc.stdout.close()
        assert committed >= target
        store = open_store(data_dir)
        apps = Applications(store)
        ids = {a.id for a in apps.list()}
        for i in range(committed + 1):
            assert f"app-{i}" in ids, f"committed row app-{i} lost after SIGKILL"
        assert store.audit.verify().ok
        # Start the next round from a clean slate so ids restart at 0.
        with store.transaction() as conn:
            conn.execute("DELETE FROM applications")
            conn.execute("DELETE FROM audit_log")
        store.close()


def test_rlimit_is_restored_for_other_tests():
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    assert soft == resource.RLIM_INFINITY


def test_schema_head_constant_matches_the_migrations():
    from alembic.script import ScriptDirectory

    from kiosk.store.store import SCHEMA_HEAD, _alembic_config

    assert ScriptDirectory.from_config(_alembic_config()).get_heads() == [SCHEMA_HEAD]


def test_reopening_a_current_database_does_not_load_alembic(data_dir):
    open_store(data_dir).close()
    probe = (
        "import sys\n"
        "from kiosk.store import Store\n"
        f"Store.open({str(data_dir)!r}).close()\n"
        "print('ALEMBIC', 'alembic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "ALEMBIC False" in result.stdout


def test_store_errors_carry_screen_words_in_both_languages(tmp_path):
    full = db.full(tmp_path / "kiosk.sqlite3")
    assert str(tmp_path) in str(full)  # the path is for the technician's log
    assert full.screen_text("en") == (
        "The kiosk's storage is full. Your application has not been saved yet. "
        "Please ask a staff member."
    )
    assert full.message_id.startswith("Penyimpanan kiosk penuh.")
    broken = db.corrupted(tmp_path / "kiosk.sqlite3", sqlite3.DatabaseError("malformed"))
    assert broken.screen_text("id").startswith("Basis data kiosk rusak.")
    assert broken.screen_text("en").startswith("The kiosk's database is damaged.")


def test_status_read_on_a_worker_thread_never_breaks_a_commit(data_dir):
    """The staff console reads the queue status on a worker thread while the UI thread writes
    the audit log: every statement goes through the store's lock (CI once saw 'cannot commit
    transaction - SQL statements in progress' from an unlocked PRAGMA)."""
    import threading

    from kiosk.store.status import queue_status

    store = open_store(data_dir)
    stop, errors = threading.Event(), []

    def read_status():
        while not stop.is_set():
            try:
                queue_status(store)
            except Exception as exc:  # recorded and asserted on the main thread
                errors.append(exc)

    reader = threading.Thread(target=read_status)
    reader.start()
    try:
        for n in range(400):
            store.audit.record("kiosk", "test.write", str(n))
    finally:
        stop.set()
        reader.join()
    assert errors == []
    assert store.audit.verify().entries == 400
    store.close()

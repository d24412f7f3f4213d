"""A lost, emptied or damaged kiosk database is refused with a clear error and exit 4, never
silently replaced (security issue, defects 6 and 7); the technician's reset keeps the old files
and is the first entry of the new audit log."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from kiosk.store import Store, db
from kiosk.store.applications import Applications


def _filled_store(data_dir, count: int = 3) -> Store:
    store = Store.open(data_dir)
    apps = Applications(store)
    for i in range(count):
        apps.add(f"a{i}", f"MPP-000{i}", "cetak-kk", "v1", b"sealed" * 500, queue=True)
    store.audit.set_anchor(*store.audit.head())  # as after a heartbeat the server acknowledged
    return store


def run_cli(capsys, data_dir, *args: str) -> tuple[int, str, str]:
    from app.cli import main

    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_lost_database_is_refused_not_recreated(data_dir, capsys, how):
    store = _filled_store(data_dir)
    seq = store.audit.head()[0]
    store.close()
    database = data_dir / "kiosk.sqlite3"
    for path in data_dir.glob("kiosk.sqlite3*"):
        if path.name != "kiosk.sqlite3.anchor":
            path.unlink()
    if how == "emptied":
        database.write_bytes(b"")
    with pytest.raises(db.StoreMissing) as caught:
        Store.open(data_dir)
    assert f"audit entry {seq}" in str(caught.value)
    assert "kiosk store reset --confirm" in str(caught.value)
    assert caught.value.screen_text("id").startswith("Basis data kiosk hilang.")
    for command in (["queue", "status"], ["audit", "verify"]):
        code, out, err = run_cli(capsys, data_dir, *command)
        assert code == 4, (command, out, err)
        assert "missing or empty" in err and "Traceback" not in err
    assert database.exists() == (how == "emptied")  # nothing was created in its place
    if how == "emptied":
        assert database.read_bytes() == b""


def test_the_reset_keeps_the_old_files_and_is_audited(data_dir, capsys):
    store = _filled_store(data_dir)
    seq = store.audit.head()[0]
    store.close()
    (data_dir / "kiosk.sqlite3").write_bytes(b"")  # lost
    code, _, err = run_cli(capsys, data_dir, "store", "reset")
    assert code == 1 and "--confirm" in err
    code, out, _ = run_cli(capsys, data_dir, "store", "reset", "--confirm")
    assert code == 0, out
    kept = sorted(p.name for p in data_dir.glob("kiosk.sqlite3.reset-*"))
    assert len(kept) == 1 and kept[0].startswith("kiosk.sqlite3.reset-")
    store = Store.open(data_dir)
    try:
        rows = store.read("SELECT seq, actor, action, details FROM audit_log ORDER BY seq")
        assert [(r["seq"], r["actor"], r["action"]) for r in rows] == [
            (1, "technician", "store.reset")
        ]
        details = json.loads(rows[0]["details"])
        assert details["previous_anchor_seq"] == seq and details["kept"] == kept
        assert Applications(store).counts().get("queued", 0) == 0
    finally:
        store.close()
    code, out, _ = run_cli(capsys, data_dir, "audit", "verify")
    assert code == 0 and "1 entries, intact" in out


def test_a_dropped_table_is_damage_with_exit_4(data_dir, capsys):
    _filled_store(data_dir).close()
    conn = sqlite3.connect(data_dir / "kiosk.sqlite3")
    conn.execute("DROP TABLE attachments")
    conn.commit()
    conn.close()
    with pytest.raises(db.StoreCorrupted) as caught:
        Store.open(data_dir)
    assert "tables missing: attachments" in str(caught.value)
    code, _, err = run_cli(capsys, data_dir, "queue", "status")
    assert code == 4 and "damaged" in err and "Traceback" not in err


def test_a_table_dropped_while_open_gives_the_damage_message(data_dir):
    store = _filled_store(data_dir)
    conn = sqlite3.connect(data_dir / "kiosk.sqlite3")
    conn.execute("DROP TABLE applications")
    conn.commit()
    conn.close()
    with pytest.raises(db.StoreCorrupted):
        Applications(store).add("b1", "MPP-0100", "cetak-kk", "v1", b"x", queue=True)
    store.close()


def test_an_overwritten_index_page_is_found_and_nothing_is_written(data_dir):
    store = _filled_store(data_dir, count=200)
    page_size = store.conn.execute("PRAGMA page_size").fetchone()[0]
    root = store.conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'applications_state'"
    ).fetchone()[0]
    store.checkpoint()
    store.close()
    database = data_dir / "kiosk.sqlite3"
    raw = bytearray(database.read_bytes())
    start = (root - 1) * page_size
    raw[start + 8 : start + page_size] = b"\xa5" * (page_size - 8)  # keep the page header
    database.write_bytes(bytes(raw))
    with sqlite3.connect(database) as conn:  # the old check: a count still passes
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    with pytest.raises(db.StoreCorrupted) as caught:
        Store.open(data_dir)
    assert "damaged" in str(caught.value)
    assert database.read_bytes() == bytes(raw)  # left untouched for the technician


def test_an_older_copy_put_back_is_caught_by_the_anchor_outside_the_database(data_dir):
    store = _filled_store(data_dir, count=1)
    store.close()
    shutil.copy(data_dir / "kiosk.sqlite3", data_dir / "old.sqlite3")
    store = Store.open(data_dir)
    Applications(store).add("z", "MPP-0900", "cetak-kk", "v1", b"x", queue=True)
    store.audit.set_anchor(*store.audit.head())
    newest = store.audit.head()[0]
    store.close()
    anchor = json.loads((data_dir / "kiosk.sqlite3.anchor").read_text())
    assert anchor["seq"] == newest
    for path in data_dir.glob("kiosk.sqlite3-*"):
        path.unlink()
    shutil.copy(data_dir / "old.sqlite3", data_dir / "kiosk.sqlite3")
    store = Store.open(data_dir)
    try:
        result = store.audit.verify()
    finally:
        store.close()
    assert not result.ok
    assert [p.kind for p in result.problems] == ["tail_missing"]
    assert result.problems[0].seq == newest


def test_the_schema_tables_the_check_expects_are_the_ones_the_migrations_make(data_dir):
    store = Store.open(data_dir)
    try:
        made = {
            r[0]
            for r in store.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    finally:
        store.close()
    assert made == {
        "alembic_version",
        "applications",
        "attachments",
        "audit_log",
        "state",
        "survey_outbox",
    }
    assert made == db.TABLES

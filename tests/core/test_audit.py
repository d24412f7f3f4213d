import json
import sqlite3

import pytest

from app.cli import main
from kiosk.store import Store
from kiosk.store.audit import entry_hash


@pytest.fixture
def filled(data_dir):
    store = Store.open(data_dir)
    for i in range(6):
        store.audit.record("kiosk", f"action.{i}", f"app-{i}", {"n": i})
    store.close()
    return data_dir


def raw(data_dir):
    conn = sqlite3.connect(data_dir / "kiosk.sqlite3")
    conn.isolation_level = None
    return conn


def verify(data_dir, capsys):
    code = main(["--data-dir", str(data_dir), "audit", "verify", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_intact_chain_passes(filled, capsys):
    code, out = verify(filled, capsys)
    assert code == 0 and out["ok"] and out["entries"] == 6 and out["last_seq"] == 6


def test_edited_row_is_found(filled, capsys):
    raw(filled).execute("UPDATE audit_log SET details = '{\"n\": 99}' WHERE seq = 3")
    code, out = verify(filled, capsys)
    assert code == 1
    assert [(p["seq"], p["kind"]) for p in out["problems"]] == [(3, "edited")]


def test_edited_row_with_recomputed_hash_breaks_the_next_link(filled, capsys):
    conn = raw(filled)
    row = conn.execute("SELECT seq, ts, actor, prev_hash FROM audit_log WHERE seq = 3").fetchone()
    forged = entry_hash(3, row[1], row[2], "forged", "app-3", "{}", row[3])
    conn.execute(
        "UPDATE audit_log SET action='forged', details='{}', hash=? WHERE seq=3", (forged,)
    )
    code, out = verify(filled, capsys)
    assert code == 1
    assert (4, "broken_link") in [(p["seq"], p["kind"]) for p in out["problems"]]


def test_deleted_row_is_found(filled, capsys):
    raw(filled).execute("DELETE FROM audit_log WHERE seq = 2")
    code, out = verify(filled, capsys)
    kinds = {(p["seq"], p["kind"]) for p in out["problems"]}
    assert code == 1 and (3, "missing") in kinds and (3, "broken_link") in kinds


def test_inserted_row_is_found(filled, capsys):
    conn = raw(filled)
    conn.execute("UPDATE audit_log SET seq = seq + 100 WHERE seq >= 4")
    prev = conn.execute("SELECT hash FROM audit_log WHERE seq = 3").fetchone()[0]
    digest = entry_hash(4, 1.0, "kiosk", "inserted", "", "{}", prev)
    conn.execute(
        "INSERT INTO audit_log VALUES (4, 1.0, 'kiosk', 'inserted', '', '{}', ?, ?)",
        (prev, digest),
    )
    code, out = verify(filled, capsys)
    assert code == 1
    assert any(p["kind"] in ("missing", "broken_link") for p in out["problems"])


def test_deleting_the_newest_rows_is_caught_by_the_server_anchor(filled, capsys):
    store = Store.open(filled)
    seq, digest = store.audit.head()
    store.audit.set_anchor(seq, digest)
    store.close()
    raw(filled).execute("DELETE FROM audit_log WHERE seq >= 5")
    code, out = verify(filled, capsys)
    assert code == 1
    assert out["problems"][0]["kind"] == "tail_missing"


def test_without_an_anchor_a_clean_truncation_is_invisible_locally(filled, capsys):
    # Documents the limit that the server anchor exists to close.
    raw(filled).execute("DELETE FROM audit_log WHERE seq >= 5")
    code, out = verify(filled, capsys)
    assert code == 0 and out["entries"] == 4


def test_human_output(filled, capsys):
    raw(filled).execute("UPDATE audit_log SET actor = 'evil' WHERE seq = 1")
    assert main(["--data-dir", str(filled), "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM seq 1 [edited]" in out and "1 problem(s) found" in out

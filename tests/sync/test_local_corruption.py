"""Bit rot in a stored sealed packet is found on the kiosk before sending, reported as local
damage and kept (security issue, defect 8); before, it was sent and refused by the server as
`packet_undecryptable` with a message that blamed the server's key."""

from __future__ import annotations

import sqlite3

from kiosk.store.applications import ACCEPTED, REJECTED, Applications
from server import admin


def _flip_a_bit(data_dir, app_id: str) -> bytes:
    conn = sqlite3.connect(data_dir / "kiosk.sqlite3")
    try:
        (sealed,) = conn.execute(
            "SELECT sealed FROM applications WHERE id = ?", (app_id,)
        ).fetchone()
        damaged = bytearray(sealed)
        damaged[len(damaged) // 2] ^= 0x10
        conn.execute("UPDATE applications SET sealed = ? WHERE id = ?", (bytes(damaged), app_id))
        conn.commit()
    finally:
        conn.close()
    return bytes(damaged)


def test_a_damaged_packet_is_kept_flagged_and_not_sent(kiosk, mpp_server):
    good, bad = kiosk.submit(2)
    damaged = _flip_a_bit(kiosk.data_dir, bad)
    uploader = kiosk.uploader()
    try:
        assert uploader.run_once() == 2
    finally:
        uploader.stop()
    apps = Applications(kiosk.store)
    assert apps.get(good).state == ACCEPTED
    flagged = apps.get(bad)
    assert flagged.state == REJECTED and flagged.reason_code == "local_corruption"
    assert "damaged" in flagged.reason and "not a server problem" in flagged.reason
    assert apps.sealed_blob(bad) == damaged  # kept as found, for a technician
    received = {row["application_id"] for row in admin.applications(mpp_server.ctx, limit=500)}
    assert good in received and bad not in received  # never sent

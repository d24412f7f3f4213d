"""Personal data has an end on the server (security issue, defect 12): retention, forgetting a
face on request, and a backup that restores into a server giving the same status answers."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat

import requests
from server_kiosk_client import TestKiosk, set_reference
from sqlalchemy import func, select

from server import lifecycle
from server.app import BackgroundServer
from server.models import (
    AdminAudit,
    Application,
    Citizen,
    IdempotencyKey,
    Session,
    VerifyAttempt,
)
from server.settings import ServerSettings


def _count(ctx, model, *where) -> int:
    with ctx.db() as db:
        return db.scalar(select(func.count()).select_from(model).where(*where))


def _submitted(server, faces, count: int) -> tuple[TestKiosk, list[tuple[dict, bytes]]]:
    """A newly enrolled kiosk and `count` applications it sent (each accepted: 201)."""
    kiosk = TestKiosk.enroll(server)
    nik = next(server.niks)
    set_reference(server, nik, faces["obama"])
    sent = []
    for _ in range(count):
        meta, sealed = kiosk.make_application(nik, template=faces["obama2"])
        assert kiosk.submit(meta, sealed).status_code == 201
        sent.append((meta, sealed))
    return kiosk, sent


def test_prune_deletes_only_what_is_past_its_retention(sqlite_server, faces):
    ctx = sqlite_server.app.state.ctx
    kiosk, sent = _submitted(sqlite_server, faces, 3)
    old, recent, open_one = (meta["application_id"] for meta, _ in sent)
    now = dt.datetime.now(dt.UTC)
    with ctx.db() as db:
        db.get(Application, old).status = "completed"
        db.get(Application, old).updated_at = now - dt.timedelta(days=366)
        db.get(Application, recent).status = "rejected"
        db.get(Application, recent).updated_at = now - dt.timedelta(days=364)
        db.get(Application, open_one).updated_at = now - dt.timedelta(days=900)  # undecided
        for attempt in db.scalars(
            select(VerifyAttempt).where(VerifyAttempt.kiosk_id == kiosk.kiosk_id)
        ):
            attempt.at = now - dt.timedelta(days=31)
    report = lifecycle.prune(ctx, now)
    assert report.applications >= 1 and report.attempts >= 3
    with ctx.db() as db:
        assert db.get(Application, old) is None
        assert db.get(Application, recent) is not None  # 364 days: kept (a year by default)
        assert db.get(Application, open_one) is not None  # not decided: never pruned
    assert _count(ctx, VerifyAttempt, VerifyAttempt.kiosk_id == kiosk.kiosk_id) == 0


def test_prune_drops_idempotency_records_after_their_retention(sqlite_server, faces):
    """A request key's stored answer outlives any retry (90 days by default), then goes; a
    retry within that time is still answered from it."""
    ctx = sqlite_server.app.state.ctx
    kiosk, sent = _submitted(sqlite_server, faces, 2)
    (old_meta, _), (kept_meta, kept_sealed) = sent
    now = dt.datetime.now(dt.UTC)
    with ctx.db() as db:
        db.get(IdempotencyKey, old_meta["application_id"]).started_at = now - dt.timedelta(days=91)
        db.get(IdempotencyKey, kept_meta["application_id"]).started_at = now - dt.timedelta(days=89)
    report = lifecycle.prune(ctx, now)
    assert report.idempotency_keys == 1
    with ctx.db() as db:
        assert db.get(IdempotencyKey, old_meta["application_id"]) is None
        assert db.get(IdempotencyKey, kept_meta["application_id"]) is not None
        assert db.get(Application, old_meta["application_id"]) is not None  # undecided: kept
    again = kiosk.submit(kept_meta, kept_sealed)  # a retry whose first answer was lost
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"


def test_prune_drops_sessions_past_the_outage_grace(sqlite_server, faces):
    ctx = sqlite_server.app.state.ctx
    kiosk = TestKiosk.enroll(sqlite_server)
    nik = next(sqlite_server.niks)
    set_reference(sqlite_server, nik, faces["obama"])
    assert kiosk.verify(nik, faces["obama2"]).json()["match"] is True
    before = _count(ctx, Session)
    now = dt.datetime.now(dt.UTC)
    lifecycle.prune(ctx, now + dt.timedelta(days=6))
    assert _count(ctx, Session) == before  # within the 7-day grace
    lifecycle.prune(ctx, now + dt.timedelta(days=8))
    assert _count(ctx, Session) == 0


def test_forget_deletes_the_reference_face_and_is_audited(tmp_path, testdata, capsys):
    from app.cli import main

    data = ["--data-dir", str(tmp_path / "srv")]
    nik = "3171015505900001"
    photo = str(testdata / "faces" / "obama.jpg")
    assert main(["server", "admin", "enroll-face", nik, photo, *data]) == 0
    capsys.readouterr()
    assert main(["server", "admin", "forget", nik, "--json", *data]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"nik": "3171********0001", "reference_face_deleted": True}
    assert main(["server", "admin", "forget", nik, "--json", *data]) == 0
    assert json.loads(capsys.readouterr().out)["reference_face_deleted"] is False
    assert main(["server", "admin", "forget", "123", *data]) == 1
    assert "invalid NIK" in capsys.readouterr().err
    from server.context import open_context

    ctx = open_context(ServerSettings(data_dir=tmp_path / "srv"))
    try:
        with ctx.db() as db:
            assert db.get(Citizen, nik).reference_template is None
            rows = db.scalars(select(AdminAudit).where(AdminAudit.action == "forget_face")).all()
        assert len(rows) == 2 and {r.subject for r in rows} == {ctx.nik_hash(nik)}
        assert all(nik not in r.subject for r in rows)
    finally:
        ctx.engine.dispose()


def _one_application(server, faces, seed: int):
    """A seeded demo population, a citizen with a reference face, an enrolled kiosk and one
    application it sent: (kiosk, nik, metadata, status path, the status answer)."""
    from server.demo_seed import seed_demo

    nik = seed_demo(server.app.state.ctx, seed=seed, citizens=30).sample_niks[0]
    set_reference(server, nik, faces["obama"])
    kiosk = TestKiosk.enroll(server)
    meta, sealed = kiosk.make_application(nik, template=faces["obama2"])
    assert kiosk.submit(meta, sealed).status_code == 201
    path = f"/v1/status/{meta['tracking_code']}"
    return kiosk, nik, meta, path, requests.get(server.url + path, timeout=10).json()


def test_a_backup_restores_into_a_server_with_the_same_answers(tmp_path, faces, capsys):
    from app.cli import main

    first = BackgroundServer(ServerSettings(data_dir=tmp_path / "srv")).start()
    try:
        kiosk, nik, meta, path, before = _one_application(first, faces, seed=3)
        code = main(
            ["server", "admin", "backup", str(tmp_path / "bk"), "--data-dir", str(tmp_path / "srv")]
        )
        assert code == 0, capsys.readouterr().err
    finally:
        first.stop()
    assert stat.S_IMODE((tmp_path / "bk").stat().st_mode) == 0o700
    assert sorted(os.listdir(tmp_path / "bk")) == ["keys", "server.sqlite3"]
    capsys.readouterr()
    target = ["--data-dir", str(tmp_path / "new")]
    assert main(["server", "admin", "restore", str(tmp_path / "bk"), *target]) == 0
    assert main(["server", "admin", "restore", str(tmp_path / "bk"), *target]) == 1
    assert "already has keys" in capsys.readouterr().err
    second = BackgroundServer(ServerSettings(data_dir=tmp_path / "new")).start()
    try:
        after = requests.get(second.url + path, timeout=10).json()
        assert after == before
        # the restored keys open what the old server sealed: the packet and the template
        from server import admin

        shown = admin.show_application(second.app.state.ctx, meta["tracking_code"], actor="t")
        assert shown["packet"]["nik"] == nik
        kiosk.base_url = second.url  # the same kiosk, enrolled before the backup, still known
        assert kiosk.verify(nik, faces["obama2"]).json()["match"] is True
    finally:
        second.stop()


def test_a_postgresql_backup_restores_with_pg_dump_and_pg_restore(postgres, tmp_path, faces):
    settings = ServerSettings(
        data_dir=tmp_path / "srv", database_url=postgres.create_database("mpp_backup_src")
    )
    first = BackgroundServer(settings).start()
    try:
        kiosk, nik, _meta, path, before = _one_application(first, faces, seed=5)
        made = lifecycle.backup(first.app.state.ctx, tmp_path / "bk")
        assert (tmp_path / "bk" / "server.pgdump") in made
    finally:
        first.stop()
    target_db = postgres.create_database("mpp_backup_dst")
    lifecycle.restore(tmp_path / "bk", tmp_path / "new", target_db)
    second = BackgroundServer(ServerSettings(data_dir=tmp_path / "new", database_url=target_db))
    second.start()
    try:
        assert requests.get(second.url + path, timeout=10).json() == before
        kiosk.base_url = second.url
        assert kiosk.verify(nik, faces["obama2"]).json()["match"] is True
    finally:
        second.stop()

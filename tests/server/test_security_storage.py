"""The server's storage keeps what it confirmed (security issue, defect 9)."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import inspect, select, text


def test_the_sqlite_server_commits_with_full_synchronous(sqlite_server):
    # 2 is FULL (https://sqlite.org/pragma.html#pragma_synchronous): a commit is on disk before
    # the kiosk hears "accepted", so a power cut cannot take back a confirmed application.
    with sqlite_server.app.state.ctx.engine.connect() as conn:
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_the_data_folder_and_database_are_private(tmp_path):
    from server.context import open_context
    from server.settings import ServerSettings

    data = tmp_path / "srv"
    ctx = open_context(ServerSettings(data_dir=data))
    try:
        with ctx.db() as db:  # a write, so the WAL files exist too
            db.execute(text("CREATE TABLE probe (x INTEGER)"))
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        files = sorted(p.name for p in data.iterdir() if p.is_file())
        assert files[:1] == ["server.sqlite3"]
        for name in files:
            assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
        for key in (data / "keys").iterdir():
            assert stat.S_IMODE(key.stat().st_mode) == 0o600, key.name
    finally:
        ctx.engine.dispose()
    # A folder left world-readable by an older version is narrowed at the next start.
    os.chmod(data, 0o755)
    os.chmod(data / "server.sqlite3", 0o644)
    open_context(ServerSettings(data_dir=data)).engine.dispose()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "server.sqlite3").stat().st_mode) == 0o600


def test_reference_templates_and_session_niks_are_sealed_at_rest(server, faces):
    import numpy as np
    from server_kiosk_client import TestKiosk, set_reference

    from server.identity import template_to_bytes
    from server.models import Citizen, Session

    ctx = server.app.state.ctx
    nik = next(server.niks)
    set_reference(server, nik, faces["obama"])
    kiosk = TestKiosk.enroll(server)
    assert kiosk.verify(nik, faces["obama2"]).json()["match"] is True
    clear_template = template_to_bytes(faces["obama"])
    with ctx.db() as db:
        stored = db.get(Citizen, nik).reference_template
        sessions = db.scalars(select(Session.nik_sealed)).all()
    assert clear_template not in stored and len(stored) == len(clear_template) + 40
    assert np.frombuffer(ctx.keys.open_data(stored), "<f8").tolist() == list(faces["obama"])
    assert sessions and all(nik.encode() not in sealed for sealed in sessions)
    assert nik in {ctx.keys.open_data(sealed).decode() for sealed in sessions}
    columns = {c["name"] for c in inspect(ctx.engine).get_columns("sessions")}
    assert "nik" not in columns


def test_the_migration_seals_what_an_older_server_stored_in_clear(tmp_path):
    import datetime as dt

    from alembic import command
    from sqlalchemy import create_engine

    from server.db import alembic_config, migrate
    from server.keys import load_or_create_keys

    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    cfg = alembic_config()
    with engine.begin() as conn:  # the schema of the release before
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        template = bytes(range(256)) * 4
        conn.execute(
            text(
                "INSERT INTO citizens (nik, kk_number, name, birth_place, birth_date, sex, "
                "religion, marital_status, occupation, relationship, street, rt, rw, village, "
                "district, regency, province, reference_template) VALUES ('3171015505900001', "
                "'3171010101200001', 'Siti', 'Jakarta', '1990-05-15', 'P', 'Islam', 'Kawin', "
                "'Guru', 'Istri', 'Jl. Mawar 1', '001', '002', 'Kebayoran', 'Kebayoran Baru', "
                "'Kota Jakarta Selatan', 'DKI Jakarta', :t)"
            ),
            {"t": template},
        )
        now = dt.datetime.now(dt.UTC)
        conn.execute(
            text(
                "INSERT INTO sessions (token_hash, nik, kiosk_id, created_at, expires_at) "
                "VALUES ('h', '3171015505900001', 'KIOSK-1', :now, :now)"
            ),
            {"now": now},
        )
    with pytest.raises(RuntimeError, match="encrypted"):
        migrate(engine)  # without the keys nothing is left half done
    keys = load_or_create_keys(tmp_path)
    migrate(engine, keys)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT reference_template FROM citizens")).scalar()
        sealed = conn.execute(text("SELECT nik_sealed FROM sessions")).scalar()
    assert stored != template and keys.open_data(stored) == template
    assert keys.open_data(sealed) == b"3171015505900001"
    engine.dispose()

"""What every request handler and admin command needs: settings, database, keys."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from server.db import make_engine, make_sessionmaker, migrate
from server.keys import ServerKeys, load_or_create_keys
from server.settings import ServerSettings


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class ServerContext:
    settings: ServerSettings
    engine: Engine
    sessions: sessionmaker
    keys: ServerKeys

    @contextmanager
    def db(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def nik_hash(self, nik: str) -> str:
        # Keyed with a secret so the attempts table holds no NIK recoverable by brute force
        # (16 digits with a known region and birth date are few guesses).
        if not self.keys.nik_pepper:
            raise RuntimeError("the server's NIK pepper (keys/nik_pepper.key) is not loaded")
        return hmac.new(self.keys.nik_pepper, nik.encode(), hashlib.sha256).hexdigest()

    def sign(self, document: dict) -> dict:
        from protocol.signing import sign_document

        return sign_document(document, self.keys.signing, self.keys.key_id)


def open_context(settings: ServerSettings) -> ServerContext:
    """Keys and migrated database for `settings` (the app and the admin commands)."""
    _private_dir(settings.data_dir)
    keys = load_or_create_keys(settings.data_dir)
    _private_sqlite_files(settings.db_url)
    engine = make_engine(settings.db_url)
    migrate(engine, keys)
    return ServerContext(settings, engine, make_sessionmaker(engine), keys)


def _private_dir(path: Path) -> None:
    # NIKs, names, birth dates and templates live here: only the server's account may look.
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def _private_sqlite_files(url: str) -> None:
    """The SQLite file made 0600 before SQLite opens it (its -wal and -shm files take the
    database file's mode), and any existing ones narrowed to 0600."""
    from server.db import sqlite_file

    database = sqlite_file(url)
    if database is None:
        return
    db = Path(database)
    os.close(os.open(db, os.O_WRONLY | os.O_CREAT, 0o600))
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        if path.exists():
            os.chmod(path, 0o600)

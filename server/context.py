"""What every request handler and admin command needs: settings, database, keys."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    keys = load_or_create_keys(settings.data_dir)
    engine = make_engine(settings.db_url)
    migrate(engine)
    return ServerContext(settings, engine, make_sessionmaker(engine), keys)

"""Personal data on the server has an end (UU 27/2022 on personal data protection).

- `prune`: decided applications (completed, rejected) after `retention_decided_days`, uploaded
  parts never committed after `retention_parts_days`, face-check attempts after
  `retention_attempts_days`, sessions once past their outage grace, idempotency records
  (request key -> stored answer) after `retention_idempotency_days`. Run it daily
  (`kiosk server admin prune`, e.g. from a systemd timer).
- `forget`: a citizen's reference face on request, recorded in admin_audit.
- `backup` / `restore`: the database (SQLite: the online backup API, consistent while the
  server runs; PostgreSQL: pg_dump / pg_restore) together with `keys/`, without which the
  sealed packets and templates in a backup cannot be opened.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.engine import make_url

from server.context import ServerContext, utcnow
from server.models import (
    AdminAudit,
    Application,
    ApplicationPart,
    Citizen,
    IdempotencyKey,
    Session,
    VerifyAttempt,
)

DECIDED = ("completed", "rejected")


class LifecycleError(Exception):
    """A message for the operator (English)."""


@dataclass(frozen=True)
class PruneReport:
    applications: int
    parts: int
    attempts: int
    sessions: int
    idempotency_keys: int


def prune(ctx: ServerContext, now: dt.datetime | None = None) -> PruneReport:
    s = ctx.settings
    now = now or utcnow()
    with ctx.db() as db:
        applications = db.execute(
            delete(Application).where(
                Application.status.in_(DECIDED),
                Application.updated_at < now - dt.timedelta(days=s.retention_decided_days),
            )
        ).rowcount
        parts = db.execute(
            delete(ApplicationPart).where(
                ApplicationPart.received_at < now - dt.timedelta(days=s.retention_parts_days)
            )
        ).rowcount
        attempts = db.execute(
            delete(VerifyAttempt).where(
                VerifyAttempt.at < now - dt.timedelta(days=s.retention_attempts_days)
            )
        ).rowcount
        sessions = db.execute(
            delete(Session).where(
                Session.expires_at < now - dt.timedelta(seconds=s.session_grace_s)
            )
        ).rowcount
        keys = db.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.started_at < now - dt.timedelta(days=s.retention_idempotency_days)
            )
        ).rowcount
    return PruneReport(applications, parts, attempts, sessions, keys)


def forget_face(ctx: ServerContext, nik: str, actor: str) -> bool:
    """Delete the reference face of `nik` (the citizen asked); False when there was none."""
    with ctx.db() as db:
        citizen = db.get(Citizen, nik)
        had = citizen is not None and citizen.reference_template is not None
        if had:
            citizen.reference_template = None
            citizen.template_updated_at = utcnow()
        db.add(
            AdminAudit(
                at=utcnow(),
                actor=actor[:100],
                action="forget_face",
                subject=ctx.nik_hash(nik)[:100],  # not the NIK itself
            )
        )
    return had


def backup(ctx: ServerContext, target: Path) -> list[Path]:
    """Write the database and keys/ into the new folder `target` (0700); the files made."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise LifecycleError(f"{target} is not empty: back up into a new folder")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(target, 0o700)
    url = make_url(ctx.settings.db_url)
    made = []
    if url.drivername.startswith("sqlite"):
        out = target / "server.sqlite3"
        source = sqlite3.connect(url.database)
        dest = sqlite3.connect(out)
        try:
            source.backup(dest)  # consistent even while the server writes
        finally:
            dest.close()
            source.close()
        os.chmod(out, 0o600)
        made.append(out)
    else:
        out = target / "server.pgdump"
        _pg("pg_dump", url, "--format=custom", f"--file={out}")
        os.chmod(out, 0o600)
        made.append(out)
    keys = target / "keys"
    shutil.copytree(ctx.settings.data_dir / "keys", keys)
    os.chmod(keys, 0o700)
    for key in keys.iterdir():
        os.chmod(key, 0o600)
        made.append(key)
    return made


def restore(source: Path, data_dir: Path, database_url: str | None = None) -> None:
    """Put a backup made by `backup` in place for a server whose data folder is `data_dir`
    (keys/ must not exist yet: restoring over a live server's keys is refused)."""
    source, data_dir = Path(source), Path(data_dir)
    if not (source / "keys").is_dir():
        raise LifecycleError(f"{source} is not a server backup (no keys/ folder)")
    if (data_dir / "keys").exists():
        raise LifecycleError(f"{data_dir} already has keys: restore into a new data folder")
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(data_dir, 0o700)
    shutil.copytree(source / "keys", data_dir / "keys")
    os.chmod(data_dir / "keys", 0o700)
    if database_url is None or database_url.startswith("sqlite"):
        dump = source / "server.sqlite3"
        if not dump.is_file():
            raise LifecycleError(f"{source} holds no SQLite database (server.sqlite3)")
        target = (
            Path(make_url(database_url).database) if database_url else data_dir / "server.sqlite3"
        )
        if target.exists():
            raise LifecycleError(f"{target} exists: restore into a new data folder")
        shutil.copyfile(dump, target)
        os.chmod(target, 0o600)
    else:
        dump = source / "server.pgdump"
        if not dump.is_file():
            raise LifecycleError(f"{source} holds no PostgreSQL dump (server.pgdump)")
        _pg("pg_restore", make_url(database_url), "--clean", "--if-exists", "--no-owner", str(dump))


def _pg(tool: str, url, *args: str) -> None:
    from server.pg_temp import find_binary

    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    command = [find_binary(tool), *args]
    if url.host or url.query.get("host"):
        command.append(f"--host={url.host or url.query['host']}")
    if url.port or url.query.get("port"):
        command.append(f"--port={url.port or url.query['port']}")
    if url.username:
        command.append(f"--username={url.username}")
    command.append(f"--dbname={url.database}")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise LifecycleError(f"{tool} failed: {done.stderr.strip()[-500:]}")

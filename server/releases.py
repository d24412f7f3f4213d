"""Fleet updates on the server: publish a kiosk build, set its rollout share, withdraw it, and
answer kiosks with the signed manifest and the archive (contract 1.3, protocol/release.py).

A build is the one-folder kiosk build packed as a .tar.gz whose single top folder is `kiosk/`
(`kiosk/kiosk` is the executable, `kiosk/_internal/...` the rest). Archives live in
<data dir>/releases/<sha256>.tar.gz; the `releases` table says which one is offered. Only the
current release and the one before it have files: a kiosk that started downloading just before
a publish can finish, and nothing else is ever served.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import tarfile
import time
import zlib
from pathlib import Path, PurePosixPath

from sqlalchemy import func, select

from protocol.release import (
    MAX_RELEASE_BYTES,
    RELEASE_VERSION_PATTERN,
    SHA256_HEX,
    ReleaseManifest,
)
from protocol.signing import canonical_json
from server.context import ServerContext, utcnow
from server.errors import ApiError
from server.models import AdminAudit, Kiosk, Release

log = logging.getLogger(__name__)
ARCHIVE_TOP = "kiosk"  # the archive's single top folder
EXECUTABLE = f"{ARCHIVE_TOP}/kiosk"
STORE_SCHEMA_PATTERN = r"^[0-9A-Za-z._-]{1,32}$"
MAX_SITE = 200  # kiosks.site
SERVED = ("current", "previous")  # states whose archive is kept and served
CHUNK = 1024 * 1024
STALE_INCOMING_S = 3600  # an interrupted publish's partial copy is swept after this


class ReleaseError(Exception):
    """A message for the operator (English)."""


def releases_dir(ctx: ServerContext) -> Path:
    return ctx.settings.data_dir / "releases"


def archive_path(ctx: ServerContext, sha256: str) -> Path:
    if not re.fullmatch(SHA256_HEX, sha256):
        raise ValueError("not a SHA-256 in lower-case hex")
    return releases_dir(ctx) / f"{sha256}.tar.gz"


# ---------------------------------------------------------------- checks


def check_share(share: int, what: str = "--share") -> int:
    if not isinstance(share, int) or not 0 <= share <= 100:
        raise ReleaseError(f"{what} {share}: a rollout share is a whole per cent, 0 to 100")
    return share


def parse_site_shares(items: list[str] | None) -> dict[str, int]:
    """`["MPP Kota Bandung=30", ...]` -> {"MPP Kota Bandung": 30}."""
    shares: dict[str, int] = {}
    for item in items or []:
        site, sep, value = item.rpartition("=")
        site = site.strip()
        if not sep or not site or not value.strip().isdigit():
            raise ReleaseError(f"--site {item!r}: write SITE=N, e.g. --site 'MPP Kota Bandung=30'")
        if len(site) > MAX_SITE:
            raise ReleaseError(f"--site: a site name has at most {MAX_SITE} characters")
        shares[site] = check_share(int(value), f"--site {site}=")
    return shares


def _copy_and_hash(source: Path, target: Path) -> tuple[str, int]:
    """Stream `source` into `target` (0600): (sha256, size). The gzip stream is decompressed
    on the way (output discarded), so a truncated or corrupt archive is caught here."""
    digest, size = hashlib.sha256(), 0
    gz = zlib.decompressobj(wbits=31)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(source, "rb") as src, os.fdopen(fd, "wb") as out:
        while chunk := src.read(CHUNK):
            size += len(chunk)
            if size > MAX_RELEASE_BYTES:
                raise ReleaseError(f"the archive is larger than {MAX_RELEASE_BYTES} bytes")
            digest.update(chunk)
            out.write(chunk)
            data = chunk
            while data:
                gz.decompress(data, CHUNK)
                data = gz.unconsumed_tail
                if gz.eof and gz.unused_data:  # a multi-member gzip file: the next member
                    data, gz = gz.unused_data, zlib.decompressobj(wbits=31)
        out.flush()
        os.fsync(out.fileno())
    if not gz.eof:
        raise ReleaseError("the archive is cut short (the gzip stream does not end)")
    return digest.hexdigest(), size


def _member_problem(member: tarfile.TarInfo) -> str | None:
    # exactly as the kiosk unpacks it (kiosk/updates/files.py): no "./" prefix either
    name = member.name.rstrip("/")
    parts = PurePosixPath(name).parts
    inside = name == ARCHIVE_TOP or name.startswith(ARCHIVE_TOP + "/")
    if not inside or ".." in parts:
        return f"{member.name!r} is not inside the top folder {ARCHIVE_TOP}/"
    if not (member.isfile() or member.isdir() or member.issym() or member.islnk()):
        return f"{member.name!r} is a device or pipe"
    if member.issym() or member.islnk():
        target = member.linkname
        base = PurePosixPath(name).parent if member.issym() else PurePosixPath()
        resolved: list[str] = []
        for part in (base / target).parts:
            if part == "..":
                if not resolved:
                    return f"{member.name!r} links outside the archive"
                resolved.pop()
            elif part not in (".", ""):
                resolved.append(part)
        if target.startswith("/") or not resolved or resolved[0] != ARCHIVE_TOP:
            return f"{member.name!r} links outside {ARCHIVE_TOP}/ ({target!r})"
    return None


def check_archive(path: Path) -> int:
    """The number of entries of a kiosk build archive; ReleaseError if it is not one."""
    found, count = False, 0
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                count += 1
                problem = _member_problem(member)
                if problem:
                    raise ReleaseError(f"refused: {problem}")
                if member.name == EXECUTABLE:
                    found = member.isfile() and bool(member.mode & 0o111)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise ReleaseError(f"not a readable .tar.gz archive ({exc})") from None
    if not found:
        raise ReleaseError(
            f"refused: no executable {EXECUTABLE} in the archive (pack the one-folder build "
            f"from the folder that holds it: tar -czf BUILD.tar.gz {ARCHIVE_TOP})"
        )
    return count


# ---------------------------------------------------------------- admin operations


def _row_info(row: Release) -> dict:
    return {
        "version": row.version,
        "sha256": row.sha256,
        "size": row.size,
        "store_schema": row.store_schema,
        "state": row.state,
        "share": row.default_share,
        "site_shares": json.loads(row.site_shares),
        "published_at": row.published_at.isoformat(timespec="seconds"),
        "published_by": row.published_by,
    }


def _audit(db, actor: str, action: str, subject: str) -> None:
    db.add(AdminAudit(at=utcnow(), actor=actor[:100], action=action, subject=subject[:100]))


def _unknown_sites(db, sites) -> list[str]:
    known = set(db.scalars(select(Kiosk.site).where(Kiosk.site.in_(list(sites)))))
    return sorted(set(sites) - known)


def _sweep(ctx: ServerContext) -> None:
    """Delete every archive that is neither current nor previous (and stale partial copies)."""
    folder = releases_dir(ctx)
    if not folder.is_dir():
        return
    with ctx.db() as db:
        keep = {
            f"{s}.tar.gz"
            for s in db.scalars(select(Release.sha256).where(Release.state.in_(SERVED)))
        }
    now = time.time()
    for path in folder.iterdir():
        if path.name.startswith(".incoming-"):
            if now - path.stat().st_mtime > STALE_INCOMING_S:
                path.unlink(missing_ok=True)
        elif path.name.endswith(".tar.gz") and path.name not in keep:
            path.unlink(missing_ok=True)


def publish(
    ctx: ServerContext,
    source: Path,
    version: str,
    *,
    actor: str,
    store_schema: str | None = None,
    share: int = 100,
    site_shares: dict[str, int] | None = None,
) -> dict:
    """Copy `source` in and offer it as `version` (the previous offer is replaced)."""
    source = Path(source)
    if not re.fullmatch(RELEASE_VERSION_PATTERN, version or ""):
        raise ReleaseError(
            f"--version {version!r}: a version starts with a digit and has at most 64 letters, "
            "digits and . + _ - (e.g. 0.2.0+g1a2b3c4)"
        )
    if store_schema is not None and not re.fullmatch(STORE_SCHEMA_PATTERN, store_schema):
        raise ReleaseError(f"--store-schema {store_schema!r}: 1-32 letters, digits and . _ -")
    check_share(share)
    site_shares = dict(site_shares or {})
    if not source.name.endswith(".tar.gz"):
        raise ReleaseError(f"{source}: give the build as a .tar.gz archive")
    if not source.is_file():
        raise ReleaseError(f"{source}: no such file")
    folder = releases_dir(ctx)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    incoming = folder / f".incoming-{secrets.token_hex(8)}.tar.gz"
    try:
        try:
            sha256, size = _copy_and_hash(source, incoming)
        except zlib.error as exc:
            raise ReleaseError(f"{source}: not a readable .tar.gz archive ({exc})") from None
        except OSError as exc:
            raise ReleaseError(f"{source}: cannot read it ({exc.strerror or exc})") from None
        try:
            entries = check_archive(incoming)
        except ReleaseError as exc:
            raise ReleaseError(f"{source}: {exc}") from None
        now = utcnow()
        with ctx.db() as db:
            same = db.get(Release, sha256)
            if same is not None and same.version != version:
                raise ReleaseError(
                    f"this build was already published as version {same.version}; "
                    "publish it under that version"
                )
            other = db.scalar(
                select(Release).where(Release.version == version, Release.sha256 != sha256)
            )
            if other is not None:
                raise ReleaseError(
                    f"version {version} was already published with another build "
                    f"({other.sha256[:12]}...); give the new build a new version"
                )
            os.replace(incoming, archive_path(ctx, sha256))
            for row in db.scalars(select(Release).where(Release.state.in_(SERVED))):
                if row.sha256 != sha256:
                    row.state = "previous" if row.state == "current" else "retired"
                    row.updated_at = now
            if same is None:
                same = Release(sha256=sha256, version=version, size=size)
                db.add(same)
            same.store_schema = store_schema
            same.state = "current"
            same.default_share = share
            same.site_shares = json.dumps(site_shares, ensure_ascii=False, sort_keys=True)
            same.published_at = now
            same.published_by = actor[:100]
            same.updated_at = now
            _audit(db, actor, "release_publish", version)
            db.flush()
            result = _row_info(same)
            result["entries"] = entries
            result["unknown_sites"] = _unknown_sites(db, site_shares)
    finally:
        incoming.unlink(missing_ok=True)
    log.info("release %s published (%s, %d bytes, share %d%%)", version, sha256[:12], size, share)
    _sweep(ctx)
    return result


def _current(db) -> Release:
    row = db.scalar(select(Release).where(Release.state == "current"))
    if row is None:
        raise ReleaseError("no release is published (kiosk server admin release publish ...)")
    return row


def set_share(ctx: ServerContext, share: int, *, actor: str, site: str | None = None) -> dict:
    """Change the current release's rollout share (its default, or one site's)."""
    check_share(share, "share")
    with ctx.db() as db:
        row = _current(db)
        if site is None:
            row.default_share = share
        else:
            site = site.strip()
            if not site or len(site) > MAX_SITE:
                raise ReleaseError(f"--site: a site name has 1 to {MAX_SITE} characters")
            shares = json.loads(row.site_shares)
            shares[site] = share
            row.site_shares = json.dumps(shares, ensure_ascii=False, sort_keys=True)
        row.updated_at = utcnow()
        _audit(db, actor, "release_share", f"{row.version} {site or '*'}={share}")
        result = _row_info(row)
        result["unknown_sites"] = _unknown_sites(db, [site]) if site else []
    return result


def withdraw(ctx: ServerContext, *, actor: str) -> dict:
    """Stop offering the current release; its archive is deleted (kiosks keep what they run)."""
    with ctx.db() as db:
        row = _current(db)
        row.state = "withdrawn"
        row.updated_at = utcnow()
        _audit(db, actor, "release_withdraw", row.version)
        result = _row_info(row)
    log.info("release %s withdrawn", result["version"])
    _sweep(ctx)
    return result


def status(ctx: ServerContext) -> dict:
    """The offer (current and previous release) and what the fleet reports running."""
    with ctx.db() as db:
        rows = {
            r.state: _row_info(r)
            for r in db.scalars(select(Release).where(Release.state.in_(SERVED)))
        }
        active = Kiosk.revoked_at.is_(None)
        running = db.execute(
            select(func.coalesce(Kiosk.release_running, Kiosk.app_version), func.count())
            .where(active)
            .group_by(func.coalesce(Kiosk.release_running, Kiosk.app_version))
        ).all()
        states = db.execute(
            select(Kiosk.release_state, func.count()).where(active).group_by(Kiosk.release_state)
        ).all()
    return {
        "current": rows.get("current"),
        "previous": rows.get("previous"),
        "kiosks_by_version": {str(v or "unknown"): n for v, n in sorted(running, key=str)},
        "kiosks_by_update_state": {str(s or "not reported"): n for s, n in sorted(states, key=str)},
    }


def kiosk_summary(k: Kiosk) -> str | None:
    """The fleet view's line for a kiosk's update state: `switched 0.2.0 (from 0.1.0)`."""
    if k.release_state is None:
        return None
    text = f"{k.release_state} {k.release_running}"
    if k.release_target and k.release_target != k.release_running:
        text += f" -> {k.release_target}"
    if k.release_previous:
        text += f" (from {k.release_previous})"
    if k.release_detail:
        text += f" [{k.release_detail}]"
    if k.release_changed_at:
        text += f" at {k.release_changed_at.isoformat(timespec='seconds')}"
    return text


# ---------------------------------------------------------------- serving kiosks


def manifest(ctx: ServerContext, site: str) -> tuple[dict, str]:
    """The signed ReleaseManifest for a kiosk of `site` and its ETag; ApiError no_release."""
    with ctx.db() as db:
        row = db.scalar(select(Release).where(Release.state == "current"))
        if row is None:
            raise ApiError("no_release")
        share = json.loads(row.site_shares).get(site, row.default_share)
        doc = ReleaseManifest(
            version=row.version,
            sha256=row.sha256,
            size=row.size,
            url=f"/v1/release/files/{row.sha256}",
            store_schema=row.store_schema,
            published_at=row.published_at,
            rollout_share=share,
        ).model_dump(mode="json")
    signed = ctx.sign(doc)
    # Ed25519 signatures are deterministic: the same document gives the same ETag.
    etag = '"' + hashlib.sha256(canonical_json(signed)).hexdigest()[:32] + '"'
    return signed, etag


def served_archive(ctx: ServerContext, sha256: str) -> Path:
    """The archive of the current or previous release with this digest; ApiError not_found."""
    with ctx.db() as db:
        row = db.get(Release, sha256)
        served = row is not None and row.state in SERVED
    path = archive_path(ctx, sha256)
    if not served or not path.is_file():
        raise ApiError("not_found", "no release archive with this digest is offered")
    return path

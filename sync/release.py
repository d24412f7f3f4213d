"""Fleet updates, the network half: pull the signed release manifest, download the build.

`ReleasePuller.check()` runs with the document refresh (sync/refresh.py) and from
`kiosk update check`: GET /release (a SignedDocument verified with the pinned server key, as the
catalog is: sync/signed_documents.open_signed), then, when the release is in this kiosk's
rollout share (protocol.release.in_rollout), newer than the running build and not one that was
rolled back here, the updater (kiosk/updates) stages it with `download` as its fetch: a
kiosk-signed GET of the manifest's URL that resumes a cut download with HTTP Range and never
takes more bytes than the manifest declares.
"""

from __future__ import annotations

import logging
from pathlib import Path

import requests
from pydantic import ValidationError

from kiosk.updates import Release, UpdateFailed, Updates
from protocol.release import ReleaseManifest, in_rollout
from sync.client import ServerClient, error_for
from sync.errors import ApplicationRejected, KioskProblem, Offline, SyncError
from sync.kiosk_key import KioskIdentity
from sync.signed_documents import DocumentRefused, open_signed

log = logging.getLogger(__name__)

CHUNK = 256 * 1024


def fetch_manifest(client: ServerClient, identity: KioskIdentity) -> ReleaseManifest | None:
    """The release offered to this kiosk (signature verified), or None when none is published."""
    try:
        response = client.call("GET", "/release")
    except ApplicationRejected as exc:
        if exc.code in ("no_release", "not_found"):
            return None
        raise
    try:
        signed = response.json()
    except ValueError:
        raise DocumentRefused("schema_invalid", "the release answer is not JSON") from None
    document = open_signed("release", signed, identity)
    try:
        return ReleaseManifest.model_validate(document)
    except ValidationError as exc:
        raise DocumentRefused(
            "schema_invalid", f"the release manifest is invalid: {exc.error_count()} problem(s)"
        ) from None


def download(client: ServerClient, url: str, part: Path, limit: int) -> int:
    """Append the rest of `url` (a path on the server) to `part`: a Range request from the bytes
    already there. More than `limit` bytes in all raises UpdateFailed("too_large"). Returns the
    bytes received by this call."""
    have = part.stat().st_size if part.exists() else 0
    if have >= limit:
        return 0  # complete (or too big: the digest check says which)
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        with client.session.get(
            client.base_url + url, headers=headers, stream=True, timeout=client.timeout
        ) as response:
            if response.status_code == 416:
                part.unlink(missing_ok=True)  # our part is not a prefix of it: start over
                raise Offline("the download's range was refused; starting over", "range_refused")
            if response.status_code >= 300:
                raise error_for(response)
            mode = "ab" if have and response.status_code == 206 else "wb"
            written = start = have if mode == "ab" else 0
            if have and mode == "wb":
                log.info("the server does not resume downloads; starting over")
            with open(part, mode) as out:
                for chunk in response.iter_content(CHUNK):
                    written += len(chunk)
                    if written > limit:
                        raise UpdateFailed(
                            "too_large", f"the archive is larger than the {limit} bytes declared"
                        )
                    out.write(chunk)
            return written - start
    except requests.exceptions.SSLError as exc:
        raise KioskProblem("tls_error", f"TLS verification failed ({exc}).") from None
    except requests.exceptions.RequestException as exc:
        raise Offline(f"the download was cut ({type(exc).__name__})") from None


def release_of(manifest: ReleaseManifest) -> Release:
    return Release(manifest.version, manifest.sha256, manifest.size, manifest.store_schema)


class ReleasePuller:
    """Pull the manifest and stage what it offers (one call per document refresh)."""

    def __init__(self, client: ServerClient, identity: KioskIdentity, updates: Updates):
        self.client = client
        self.identity = identity
        self.updates = updates

    def check(self) -> str:
        """Returns what happened: a state of the updater, or why nothing was staged."""
        manifest = fetch_manifest(self.client, self.identity)
        if manifest is None:
            return "no_release"
        if not in_rollout(self.identity.kiosk_id, manifest.version, manifest.rollout_share):
            log.info(
                "release %s is not rolled out to this kiosk yet (%d %% of the site)",
                manifest.version,
                manifest.rollout_share,
            )
            return "not_in_rollout"
        release = release_of(manifest)
        reason = self.updates.skip_reason(release)
        if reason is not None:
            return reason
        log.info("downloading release %s (%d bytes)", manifest.version, manifest.size)
        try:
            return self.updates.stage(
                release, lambda part, limit: download(self.client, manifest.url, part, limit)
            )
        except UpdateFailed as exc:  # another updater holds the lock
            log.info("release %s not staged now: %s", manifest.version, exc.code)
            return exc.code


def pull_release(puller: ReleasePuller) -> str | None:
    """check(), with network and server problems logged instead of raised (the refresher)."""
    try:
        return puller.check()
    except SyncError as exc:
        log.info("release not checked: %s", exc.code)
    except OSError as exc:  # a full disk: the last good build keeps running
        log.warning("release not staged: %s", exc)
    return None

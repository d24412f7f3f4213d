"""Fleet updates in the kiosk <-> server contract (1.3): the signed release manifest and the
kiosk's report of its update state in the heartbeat.

The server publishes one release at a time (``kiosk server admin release publish``): a
one-folder kiosk build packed as a .tar.gz, its SHA-256, and a rollout share (0-100 %, a default
and per site). GET /v1/release answers with a SignedDocument whose `document` is a
ReleaseManifest for the calling kiosk's site (`rollout_share` already resolved for that site);
the kiosk verifies the signature with its pinned server key, decides whether it is in the share
(`in_rollout`), downloads `url` (GET, kiosk-signed, from the same server), checks size and
digest, unpacks it beside the running build and switches when idle. What happened is reported in
Heartbeat.release (UpdateReport).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import Field

from protocol.times import Timestamp
from protocol.versions import RequestModel, ResponseModel

RELEASE_VERSION_PATTERN = r"^[0-9][0-9A-Za-z.+_-]{0,63}$"
SHA256_HEX = r"^[0-9a-f]{64}$"
MAX_RELEASE_BYTES = 2 * 1024**3  # a one-folder build is ~600 MB unpacked, less packed

UpdateState = Literal[
    "idle",  # running the newest release offered to it (or none offered)
    "downloading",
    "staged",  # downloaded, verified, unpacked beside the running build; waiting to be idle
    "switched",  # the new build runs and passed its health check
    "rolled_back",  # the new build failed its health check; the previous one runs again
    "rollback_refused",  # the new build failed, but the store was already migrated past
    # what the previous build reads: the new build keeps running, degraded
    "failed",  # download or verification failed (detail says why); nothing was switched
]


class ReleaseManifest(ResponseModel):
    """The `document` of GET /v1/release."""

    version: str = Field(pattern=RELEASE_VERSION_PATTERN, description="e.g. 0.2.0+g1a2b3c4")
    sha256: str = Field(pattern=SHA256_HEX, description="of the .tar.gz archive")
    size: int = Field(ge=1, le=MAX_RELEASE_BYTES, description="of the archive, bytes")
    url: str = Field(
        pattern=r"^/v1/release/files/[0-9a-f]{64}$", description="path on the same server"
    )
    store_schema: str | None = Field(
        default=None,
        max_length=32,
        description="the kiosk store schema the build migrates to (kiosk.store.SCHEMA_HEAD)",
    )
    published_at: dt.datetime
    rollout_share: int = Field(ge=0, le=100, description="per cent of this site's kiosks")


class UpdateReport(RequestModel):
    """Heartbeat.release: the kiosk's update state (no paths, no personal data)."""

    state: UpdateState
    running_version: str = Field(max_length=64)
    target_version: str | None = Field(default=None, max_length=64)
    previous_version: str | None = Field(default=None, max_length=64)
    detail: str | None = Field(
        default=None, pattern=r"^[a-z][a-z0-9_]{0,47}$", description="a code, e.g. digest_mismatch"
    )
    changed_at: Timestamp | None = None


def in_rollout(kiosk_id: str, version: str, share: int) -> bool:
    """Whether this kiosk takes `version` at `share` per cent: a stable bucket per kiosk and
    version, so raising the share only adds kiosks and each release picks a different subset."""
    if share >= 100:
        return True
    if share <= 0:
        return False
    bucket = int.from_bytes(hashlib.sha256(f"{kiosk_id}\0{version}".encode()).digest()[:4], "big")
    return bucket % 100 < share

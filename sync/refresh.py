"""Keeping a running kiosk on the server's documents.

The uploader calls a refresher every `sync.documents_s`: it pulls the configuration and the
catalog (If-None-Match: usually a 304), and returns the uploader settings now in force. A
document that is offline or refused changes nothing: the last good one stays in force. A new
catalog is used from the kiosk's next start (`catalog_in_force`), never in the middle of a
citizen's session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from sync.errors import SyncError
from sync.kiosk_key import KioskKeyStore
from sync.signed_documents import SignedDocuments
from sync.upload.uploader import UploaderSettings

log = logging.getLogger(__name__)


def make_refresher(
    documents: SignedDocuments,
    reload_config: Callable[[], object],
    staff=None,
    release: Callable[[], object] | None = None,
) -> Callable[[], UploaderSettings | None]:
    """reload_config() re-reads every configuration layer (kiosk.config.load_config).
    staff: a sync.adapters.staff.StaffDocuments, pulled too (the site's staff accounts).
    release(): pull the release manifest and stage a new build (sync/release.py pull_release;
    it logs its own problems)."""

    def refresh() -> UploaderSettings | None:
        for name in ("configuration", "catalog"):
            try:
                documents.pull(name)
            except SyncError as exc:
                log.info("%s not refreshed: %s", name, exc.code)
        if staff is not None:
            try:
                staff.pull()
            except SyncError as exc:
                log.info("staff accounts not refreshed: %s", exc.code)
        if release is not None:
            release()
        try:
            return UploaderSettings.from_config(reload_config())
        except Exception as exc:  # a broken local file: keep what is running
            log.warning("configuration not reloaded: %s", exc)
            return None

    return refresh


def catalog_in_force(data_dir: Path):
    """The last good catalog pulled from the server (signature re-verified on read), or None
    when there is none or it does not load: the packaged catalog is used then."""
    from kiosk.catalog import catalog_from_document
    from kiosk.errors import KioskError

    try:
        identity = KioskKeyStore(data_dir).load()
    except SyncError:
        return None
    if identity is None:
        return None
    document = SignedDocuments(data_dir, identity).current("catalog")
    if document is None:
        return None
    try:
        return catalog_from_document(document, "the server's catalog")
    except KioskError as exc:
        log.warning("the server's catalog does not load (%s); using the packaged one", exc)
        return None

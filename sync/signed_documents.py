"""Catalog and configuration pulled from the server: checked before use, last good one kept.

A document is accepted only when (1) its key id is the pinned server key, (2) the Ed25519
signature over its canonical JSON verifies with the pinned key and (3) it passes its schema
(catalog: kiosk.catalog.catalog_from_document, i.e. the catalog schema and its cross-checks;
configuration: the contract's ServerConfiguration). Anything else is refused (DocumentRefused,
or KioskProblem for a bad signature) and the last good copy in ``<data_dir>/documents/``
stays in force. The verified configuration is also written to
``server-config.json`` as {"settings": {...}}, the "server" layer of kiosk.config.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pydantic import ValidationError

from kiosk.config import DEFAULTS, SERVER_CONFIG_FILE
from protocol.contract import ServerConfiguration, SignedDocument
from protocol.signing import SigningError, verify_document
from sync.client import ServerClient
from sync.errors import KioskProblem, SyncError
from sync.kiosk_key import KioskIdentity, _write_atomic, check_pinned

log = logging.getLogger(__name__)

NAMES = ("catalog", "configuration")
# ServerConfiguration field -> kiosk configuration key it drives
CONFIG_KEYS = {
    "heartbeat_interval_s": "sync.heartbeat_s",
    "part_size_bytes": "sync.part_size",
    "face_threshold": "face.threshold",
}
# name -> (stored file's text, pinned server key, the document it verified to): the last one
_verified: dict[str, tuple[str, str, str]] = {}


class DocumentRefused(SyncError):
    """A pulled document failed its signature or schema check; the old one stays in force."""


def check_schema(name: str, document: dict) -> dict:
    """Raise DocumentRefused if `document` does not fit its schema; returns it."""
    if name == "configuration":
        known = {k: v for k, v in document.items() if k in ServerConfiguration.model_fields}
        try:
            ServerConfiguration.model_validate(known)
        except ValidationError as exc:
            raise DocumentRefused(
                "schema_invalid",
                f"the configuration document is invalid: {exc.error_count()} problem(s)",
            ) from None
        return document
    from kiosk.catalog import catalog_from_document
    from kiosk.errors import KioskError

    try:  # the catalog's own schema (assets/services/catalog.schema.json) and cross-checks
        catalog_from_document(document, "server catalog")
    except (KioskError, ValueError, TypeError, KeyError) as exc:
        raise DocumentRefused("schema_invalid", f"the catalog document is invalid: {exc}") from None
    return document


def open_signed(name: str, signed: dict, identity: KioskIdentity) -> dict:
    """The document inside one SignedDocument once its key id is the pinned key's and its
    signature verifies (DocumentRefused, KioskProblem otherwise); its schema is not checked."""
    try:
        envelope = SignedDocument.model_validate(signed)
    except ValidationError:
        raise DocumentRefused(
            "schema_invalid", f"the {name} answer is not a signed document"
        ) from None
    check_pinned(identity, envelope.key_id)
    try:
        return verify_document(signed, identity.signing_public_key())
    except SigningError:
        raise KioskProblem(
            "wrong_server_key",
            f"The {name} document's signature does not verify with the "
            "pinned server key (tampered, or signed by another key).",
        ) from None


def verify_signed(name: str, signed: dict, identity: KioskIdentity) -> dict:
    """Signature (pinned key) and schema check of one SignedDocument; returns the document."""
    return check_schema(name, open_signed(name, signed, identity))


class SignedDocuments:
    def __init__(self, data_dir: Path, identity: KioskIdentity, client: ServerClient | None = None):
        self.data_dir = Path(data_dir)
        self.identity = identity
        self.client = client
        self.folder = self.data_dir / "documents"

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def current(self, name: str) -> dict | None:
        """The last good document (re-verified on read, so a file edited on disk is ignored).
        The same file content under the same pinned key is verified once per process: a
        refresh reads it twice (If-None-Match, then a 304) and the catalog's schema check
        costs ~0.2 s, which would compete with the kiosk's start."""
        try:
            text = self._path(name).read_text(encoding="utf-8")
            pinned = self.identity.server_signing_key
            known = _verified.get(name)
            if known is not None and known[:2] == (text, pinned):
                return json.loads(known[2])
            document = verify_signed(name, json.loads(text)["signed"], self.identity)
            _verified[name] = (text, pinned, json.dumps(document))
            return document
        except (OSError, ValueError, KeyError, TypeError, SyncError):
            return None

    def accept(self, name: str, signed: dict, etag: str | None = None) -> dict:
        """Verify and store a signed document; raises DocumentRefused/KioskProblem if bad."""
        document = verify_signed(name, signed, self.identity)
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"signed": signed, "etag": etag}, ensure_ascii=False).encode()
        _write_atomic(self._path(name), payload, 0o644)
        if name == "configuration":
            self._write_settings(document)
        return document

    def pull(self, name: str) -> dict:
        """Fetch `name` (If-None-Match with the stored ETag); returns the document in force.

        Offline and refused documents raise; the last good document stays in force either way.
        """
        if name not in NAMES:
            raise ValueError(f"unknown document {name!r}")
        headers = {}
        etag = self._etag(name)
        if etag and self.current(name) is not None:
            headers["If-None-Match"] = etag
        response = self.client.call("GET", f"/{name}", headers=headers)
        if response.status_code == 304:
            return self.current(name)
        try:
            signed = response.json()
        except ValueError:
            raise DocumentRefused("schema_invalid", f"the {name} answer is not JSON") from None
        try:
            return self.accept(name, signed, response.headers.get("ETag"))
        except SyncError as exc:
            log.warning("refused the server's %s document: %s", name, exc)
            raise

    def _etag(self, name: str) -> str | None:
        try:
            return json.loads(self._path(name).read_text(encoding="utf-8")).get("etag")
        except (OSError, ValueError, AttributeError):
            return None

    def _write_settings(self, document: dict) -> None:
        settings = {CONFIG_KEYS[k]: v for k, v in document.items() if k in CONFIG_KEYS}
        # Extra keys a server adds are kiosk settings only when the kiosk knows them.
        settings.update({k: v for k, v in document.items() if k in DEFAULTS})
        _write_atomic(
            self.data_dir / SERVER_CONFIG_FILE,
            json.dumps({"settings": settings}, indent=2).encode(),
            0o644,
        )

"""Enrollment: a fresh key pair, a one-time code, a signed answer whose server keys get pinned.

The server's key id (`--key-id`, printed by `server admin enroll-code` and in its QR code) is
required and checked before anything is pinned. Enrolling again rotates the kiosk's key (a new
pair each time; the old one is replaced only after the server accepted the new one). Once a
server signing key is pinned, an answer signed by another key is refused unless the technician
says the kiosk moves to a new server.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import ValidationError

from kiosk import __version__
from protocol.contract import EnrollmentGrant, SignedDocument
from protocol.signing import (
    SigningError,
    b64decode,
    b64encode,
    key_id_for,
    load_public_key,
    public_key_bytes,
    verify_document,
)
from sync.client import ServerClient
from sync.errors import EnrollmentRefused, KioskProblem, SyncError
from sync.kiosk_key import KioskIdentity, KioskKeyStore, new_private_key

log = logging.getLogger(__name__)


def enroll(
    data_dir: Path,
    server_url: str,
    code: str,
    *,
    expected_key_id: str,
    new_server: bool = False,
    timeout: float = 15.0,
    ca_bundle: str = "",
) -> KioskIdentity:
    if not expected_key_id or not expected_key_id.strip():
        raise KioskProblem(
            "wrong_server_key",
            "The server's key id is required (--key-id, from `server admin enroll-code`).",
        )
    store = KioskKeyStore(Path(data_dir))
    previous = store.load()
    private_key = new_private_key()
    public_b64 = b64encode(public_key_bytes(private_key))
    client = ServerClient(server_url, timeout=timeout, ca_bundle=ca_bundle)
    try:
        signed = client.json(
            "POST",
            "/kiosks/enroll",
            body={"code": code.strip(), "public_key": public_b64, "app_version": __version__},
            signed=False,
        )
    except SyncError as exc:
        if exc.code.startswith("enroll_code_"):
            raise EnrollmentRefused(exc.code, exc.message, exc.message_id) from None
        raise
    finally:
        client.close()
    grant = _check_grant(signed, public_b64)
    pinned = previous.server_signing_key if previous else None
    if pinned and pinned != grant.server_signing_key and not new_server:
        raise KioskProblem(
            "wrong_server_key",
            "The enrollment answer is signed by a server key other than the pinned one; "
            "the kiosk stays enrolled as before.",
        )
    key_id = key_id_for(b64decode(grant.server_signing_key))
    # The fingerprint from the technician's QR code or typed command: without it a man in the
    # middle could answer with keys of its own, and the kiosk would pin and seal to them.
    if expected_key_id.strip() != key_id:
        raise KioskProblem(
            "wrong_server_key",
            f"The server's key is {key_id}, not {expected_key_id} as the enrollment QR said.",
        )
    identity = store.save(
        {
            "kiosk_id": grant.kiosk_id,
            "site": grant.site,
            "region_code": grant.region_code,
            "server_url": server_url.rstrip("/"),
            "server_signing_key": grant.server_signing_key,
            "server_sealing_key": grant.server_sealing_key,
            "server_key_id": key_id,
            "enrolled_at": grant.enrolled_at.isoformat(),
        },
        private_key,
    )
    log.info("enrolled as %s (key stored in %s)", identity.kiosk_id, identity.key_store)
    return identity


def _check_grant(signed: dict, public_b64: str) -> EnrollmentGrant:
    """The answer must be a document signed by the key it names, for our own public key."""
    try:
        envelope = SignedDocument.model_validate(signed)
        grant = EnrollmentGrant.model_validate(envelope.document)
        server_key = load_public_key(grant.server_signing_key)
        if len(b64decode(grant.server_sealing_key)) != 32:
            raise ValueError("sealing key")
    except (ValidationError, ValueError):
        raise KioskProblem(
            "unexpected_answer", "The enrollment answer is not a valid signed grant."
        ) from None
    if envelope.key_id != key_id_for(b64decode(grant.server_signing_key)):
        raise KioskProblem("wrong_server_key", "The enrollment answer names another key id.")
    try:
        verify_document(signed, server_key)
    except SigningError:
        raise KioskProblem(
            "wrong_server_key", "The enrollment answer's signature does not verify."
        ) from None
    if grant.kiosk_public_key != public_b64:
        raise KioskProblem("unexpected_answer", "The enrollment answer is for another kiosk key.")
    return grant

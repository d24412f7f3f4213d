"""The kiosk's own identity: its Ed25519 key pair and what enrollment pinned about the server.

The private key lives in the OS keyring when a real one is available, else in
``<data_dir>/keys/kiosk_ed25519.key`` (0600). ``<data_dir>/enrollment.json`` keeps the kiosk id,
the server URL and the server's signing and sealing public keys; every signed answer later is
checked against the pinned signing key only.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from kiosk.config import ENROLLMENT_FILE
from protocol.signing import b64decode, b64encode, key_id_for, load_public_key
from sync.errors import KioskProblem

log = logging.getLogger(__name__)

KEY_FILE = "kiosk_ed25519.key"
KEYRING_SERVICE = "mpp-kiosk"


@dataclass(frozen=True)
class KioskIdentity:
    kiosk_id: str
    site: str
    server_url: str
    server_signing_key: str  # base64 raw Ed25519 public key (pinned)
    server_sealing_key: str  # base64 raw X25519 public key
    server_key_id: str
    enrolled_at: str
    key_store: str  # "keyring" or "file"
    region_code: str | None = None  # the site's Kemendagri regency code (newer servers)

    def signing_public_key(self):
        return load_public_key(self.server_signing_key)

    def sealing_key_bytes(self) -> bytes:
        return b64decode(self.server_sealing_key)


def _write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write then rename, with fsyncs: a crash leaves the old file or the new one, never half."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, mode)
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _keyring():
    """The OS keyring backend, or None when there is none (servers, CI): only keyring's own
    OS backends (Secret Service, KWallet, macOS, Windows) are used by default. A file-based
    keyring (keyrings.alt) is no better than the 0600 key file, so it is used only when the
    operator names it in PYTHON_KEYRING_BACKEND."""
    if os.environ.get("MPP_KIOSK_NO_KEYRING"):
        return None
    try:
        import keyring

        chosen = keyring.get_keyring()
    except Exception:  # a broken keyring install must not stop the kiosk
        return None
    named = os.environ.get("PYTHON_KEYRING_BACKEND", "")
    for backend in getattr(chosen, "backends", None) or [chosen]:
        kind = type(backend)
        if f"{kind.__module__}.{kind.__name__}" == named:
            return backend
        module = kind.__module__
        if (
            module.startswith("keyring.backends.")
            and not module.startswith(("keyring.backends.fail", "keyring.backends.null"))
            and backend.priority > 0
        ):
            return backend
    return None


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


class KioskKeyStore:
    """Reads and writes the kiosk's key and enrollment under one data dir."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.keys_dir = self.data_dir / "keys"
        self.enrollment_path = self.data_dir / ENROLLMENT_FILE

    @property
    def _keyring_user(self) -> str:
        return f"kiosk-key:{self.data_dir.resolve()}"

    def save(self, identity_fields: dict, private_key: Ed25519PrivateKey) -> KioskIdentity:
        """Store a new key and enrollment (rotation: the old key is replaced only now)."""
        key_store = "file"
        backend = _keyring()
        if backend is not None:
            try:
                backend.set_password(
                    KEYRING_SERVICE, self._keyring_user, b64encode(_raw(private_key))
                )
                key_store = "keyring"
            except Exception as exc:
                log.warning("OS keyring refused the kiosk key (%s); using a 0600 file", exc)
        self.keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        key_file = self.keys_dir / KEY_FILE
        if key_store == "file":
            _write_atomic(key_file, _raw(private_key))
        elif key_file.exists():
            key_file.unlink()
        identity = KioskIdentity(**identity_fields, key_store=key_store)
        _write_atomic(self.enrollment_path, json.dumps(asdict(identity), indent=2).encode())
        return identity

    def load(self) -> KioskIdentity | None:
        try:
            data = json.loads(self.enrollment_path.read_text(encoding="utf-8"))
            return KioskIdentity(**data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as exc:
            raise KioskProblem(
                "not_enrolled", f"{self.enrollment_path} is damaged ({exc}); enroll again."
            ) from None

    def require(self) -> KioskIdentity:
        identity = self.load()
        if identity is None:
            raise KioskProblem("not_enrolled", "")
        return identity

    def private_key(self, identity: KioskIdentity) -> Ed25519PrivateKey:
        try:
            if identity.key_store == "keyring":
                backend = _keyring()
                secret = (
                    backend.get_password(KEYRING_SERVICE, self._keyring_user) if backend else None
                )
                if not secret:
                    raise ValueError("the kiosk key is missing from the OS keyring")
                raw = b64decode(secret)
            else:
                raw = (self.keys_dir / KEY_FILE).read_bytes()
            return Ed25519PrivateKey.from_private_bytes(raw)
        except (OSError, ValueError) as exc:
            raise KioskProblem(
                "not_enrolled", f"The kiosk's private key cannot be read ({exc})."
            ) from None


def check_pinned(identity: KioskIdentity, key_id: str | None) -> None:
    """Refuse a document whose key id is not the pinned server key's."""
    expected = key_id_for(b64decode(identity.server_signing_key))
    if key_id is not None and key_id != expected:
        raise KioskProblem(
            "wrong_server_key",
            f"A server document was signed by key {key_id!r}, not the pinned {expected!r}.",
        )

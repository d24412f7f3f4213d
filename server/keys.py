"""The server's two key pairs, kept in its data dir (files 0600, made on first start).

- Ed25519 signing key: signs enrollment answers, catalog and configuration documents.
- X25519 sealing key (PyNaCl SealedBox): kiosks seal application packets to it.
- NIK pepper: 32 random bytes that key the NIK hashes in the attempts table (a secret: a
  pepper derived from public material let a NIK be recovered by brute force in seconds).
- Data key (XSalsa20-Poly1305, PyNaCl SecretBox): personal data at rest in the database
  (reference face templates, the NIK of an identity session).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from nacl.public import PrivateKey, SealedBox
from nacl.secret import SecretBox

from protocol.signing import b64encode, key_id_for, public_key_bytes

SIGNING_FILE = "server_signing_ed25519.key"
SEALING_FILE = "server_sealing_x25519.key"
PEPPER_FILE = "nik_pepper.key"
DATA_KEY_FILE = "data_secretbox.key"


@dataclass
class ServerKeys:
    signing: Ed25519PrivateKey
    sealing: PrivateKey | None  # None when only the public half is available
    nik_pepper: bytes | None = None
    data_key: bytes | None = None

    def seal_data(self, plain: bytes) -> bytes:
        """Encrypt personal data for the database (a fresh random nonce each time)."""
        return bytes(SecretBox(self._data_key()).encrypt(plain))

    def open_data(self, sealed: bytes) -> bytes:
        """Decrypt what seal_data made (nacl.exceptions.CryptoError if altered or foreign)."""
        return SecretBox(self._data_key()).decrypt(sealed)

    def _data_key(self) -> bytes:
        if not self.data_key:
            raise RuntimeError(f"the data key (keys/{DATA_KEY_FILE}) is not loaded")
        return self.data_key

    @property
    def signing_public_b64(self) -> str:
        return b64encode(public_key_bytes(self.signing))

    @property
    def sealing_public_b64(self) -> str:
        return b64encode(bytes(self._sealing_public))

    @property
    def key_id(self) -> str:
        return key_id_for(public_key_bytes(self.signing))

    def open_sealed(self, packet: bytes) -> bytes:
        """Decrypt a SealedBox packet (nacl.exceptions.CryptoError if it is not ours)."""
        if self.sealing is None:
            raise RuntimeError("the sealing private key is not available")
        return SealedBox(self.sealing).decrypt(packet)

    @property
    def _sealing_public(self):
        return self.sealing.public_key


def _write_secret(path: Path, data: bytes) -> None:
    # O_EXCL: two processes starting at once must not overwrite each other's key.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def load_or_create_keys(data_dir: Path) -> ServerKeys:
    keys_dir = Path(data_dir) / "keys"
    keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    signing_path, sealing_path = keys_dir / SIGNING_FILE, keys_dir / SEALING_FILE
    for path, make in (
        (
            signing_path,
            lambda: Ed25519PrivateKey.generate().private_bytes(
                Encoding.Raw, PrivateFormat.Raw, NoEncryption()
            ),
        ),
        (sealing_path, lambda: bytes(PrivateKey.generate())),
        (keys_dir / PEPPER_FILE, lambda: os.urandom(32)),
        (keys_dir / DATA_KEY_FILE, lambda: os.urandom(SecretBox.KEY_SIZE)),
    ):
        if not path.exists():
            try:
                _write_secret(path, make())
            except FileExistsError:
                pass
    signing = Ed25519PrivateKey.from_private_bytes(signing_path.read_bytes())
    sealing = PrivateKey(sealing_path.read_bytes())
    secrets = {}
    for name in (PEPPER_FILE, DATA_KEY_FILE):
        secrets[name] = (keys_dir / name).read_bytes()
        if len(secrets[name]) != 32:
            raise ValueError(f"{keys_dir / name} is damaged: expected 32 bytes")
    return ServerKeys(
        signing=signing,
        sealing=sealing,
        nik_pepper=secrets[PEPPER_FILE],
        data_key=secrets[DATA_KEY_FILE],
    )

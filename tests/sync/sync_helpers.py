"""Shared helpers for the sync tests: an enrolled kiosk on disk and session-like packets."""

from __future__ import annotations

import os
import random
from pathlib import Path

from kiosk.ports import SubmissionPacket
from kiosk.store import Store
from sync.adapters.submitter import OutboxSubmitter
from sync.client import ServerClient
from sync.enroll import enroll
from sync.kiosk_key import KioskKeyStore
from sync.signed_documents import SignedDocuments
from sync.upload.uploader import Uploader, UploaderSettings

NIK = "3171014508900001"
NAME = "Siti Rahmawati Kusumadewi"
REPO = Path(__file__).resolve().parents[2]


def make_packet(
    nik: str = NIK, name: str = NAME, photo_bytes: int = 200, pending: bool = True, seed: int = 0
) -> SubmissionPacket:
    rng = random.Random(seed)
    template = [rng.uniform(-0.3, 0.3) for _ in range(128)]
    return SubmissionPacket(
        service_id="cetak-kk",
        nik=nik,
        values={"nama_lengkap": name, "alasan": "hilang", "telepon": "081234567890"},
        documents={"ktp": os.urandom(photo_bytes)},
        language="id",
        verification_pending=pending,
        face_template=template if pending else None,
        liveness={"passed": True, "score": 0.93, "method": "blink"} if pending else None,
        session_token=None if pending else "token-from-verification",
    )


class Kiosk:
    """An enrolled kiosk data dir with its store, client and submitter."""

    def __init__(self, data_dir: Path, server):
        self.data_dir = Path(data_dir)
        self.server = server
        self.identity = KioskKeyStore(self.data_dir).require()
        self.store = Store.open(self.data_dir)
        self.submitter = OutboxSubmitter(self.store, self.identity.sealing_key_bytes(), "2026.11.1")
        self._clients: list[ServerClient] = []

    @classmethod
    def enroll(cls, data_dir: Path, server) -> Kiosk:
        enroll(
            data_dir,
            server.url,
            server.enroll_code(),
            expected_key_id=server.key_id,
        )
        kiosk = cls(data_dir, server)
        # As after a real enrollment: the signed configuration (part size) is in force.
        SignedDocuments(kiosk.data_dir, kiosk.identity, kiosk.client()).pull("configuration")
        return kiosk

    def client(self, url: str | None = None, **kwargs) -> ServerClient:
        ids = KioskKeyStore(self.data_dir)
        client = ServerClient(
            url or self.server.url,
            private_key=ids.private_key(self.identity),
            kiosk_id=self.identity.kiosk_id,
            timeout=kwargs.pop("timeout", 5),
            **kwargs,
        )
        self._clients.append(client)
        return client

    def uploader(self, url: str | None = None, **settings) -> Uploader:
        defaults = {"backoff_cap_s": 1.0, "part_size": self.server.part_threshold, "heartbeat_s": 0}
        return Uploader(
            self.store,
            self.client(url),
            self.identity.kiosk_id,
            UploaderSettings(**{**defaults, **settings}),
        )

    def submit(self, count: int = 1, **packet_args) -> list[str]:
        ids = []
        base = packet_args.pop("seed", 0)
        for i in range(count):
            receipt = self.submitter.submit(make_packet(seed=base + i, **packet_args))
            ids.append(receipt.extra["application_id"])
        return ids

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self.store.close()

    def write_config(self, server_url: str, cap_s: float = 1.0) -> Path:
        path = self.data_dir / "kiosk.toml"
        path.write_text(
            f'[server]\nurl = "{server_url}"\ntimeout_s = 5.0\n\n'
            f"[sync]\nbackoff_cap_s = {cap_s}\nheartbeat_s = 3600\n",
            encoding="utf-8",
        )
        return path


def kiosk_cli(data_dir: Path, *args: str, config: Path | None = None, timeout: float = 120):
    """Run `python -m kiosk` in a subprocess; returns CompletedProcess."""
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir)]
    if config is not None:
        cmd += ["--config", str(config)]
    env = dict(os.environ, PYTHONPATH=str(REPO), MPP_KIOSK_NO_KEYRING="1")
    return subprocess.run(
        cmd + list(args), capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env
    )


def run_cli(capsys, data_dir: Path, *args: str, config: Path | None = None):
    """Run the `kiosk` command in this process (fast); returns (exit code, stdout, stderr)."""
    from app.cli import main

    argv = ["--data-dir", str(data_dir)]
    if config is not None:
        argv += ["--config", str(config)]
    capsys.readouterr()
    code = main(argv + list(args))
    out, err = capsys.readouterr()
    return code, out, err

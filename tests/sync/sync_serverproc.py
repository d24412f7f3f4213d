"""The reference server as a real uvicorn process on 127.0.0.1, for the sync tests.

Run as a script (`python sync_serverproc.py DATA_DIR PORT [PART_THRESHOLD]`); `ServerProcess`
starts, restarts and stops it, and gives the tests an admin context on the same database.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def settings_for(data_dir: Path, part_threshold: int):
    from server.settings import ServerSettings

    return ServerSettings(
        data_dir=Path(data_dir),
        part_threshold_bytes=part_threshold,
        heartbeat_interval_s=1,
        verify_per_kiosk_per_minute=1000,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    def __init__(
        self,
        data_dir: Path,
        part_threshold: int = 16 * 1024,
        port: int | None = None,
        workers: int = 1,
        tls: tuple[Path, Path] | None = None,
    ):
        self.workers = workers
        self.tls = tls  # (certificate chain, private key): serve HTTPS
        self.data_dir = Path(data_dir)
        self.part_threshold = part_threshold
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        self._ctx = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def ctx(self):
        """Admin access to the server's database and keys (like `kiosk server admin`)."""
        if self._ctx is None:
            from server.app import open_context

            self._ctx = open_context(settings_for(self.data_dir, self.part_threshold))
        return self._ctx

    def start(self, timeout: float = 30.0) -> ServerProcess:
        assert self.ctx is not None  # migrate and make keys once, before the server starts
        env = dict(os.environ, PYTHONPATH=f"{REPO}{os.pathsep}{Path(__file__).parent}")
        if self.tls:
            env["SYNC_TEST_TLS"] = f"{self.tls[0]}{os.pathsep}{self.tls[1]}"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                str(self.data_dir),
                str(self.port),
                str(self.part_threshold),
                str(self.workers),
            ],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the server did not start in time")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(5)
            if self.proc.stderr:
                self.proc.stderr.close()
            self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()

    def close(self) -> None:
        self.stop()
        if self._ctx is not None:
            self._ctx.engine.dispose()

    def enroll_code(self, site: str = "MPP Test", ttl_s: int | None = None) -> str:
        from server.enrollment import create_enroll_code

        return create_enroll_code(self.ctx, site, ttl_s)[0]

    def applications(self) -> list[tuple[str, bytes]]:
        """(application_id, sealed packet) of every application the server holds."""
        with self.ctx.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT application_id, packet FROM applications").all()
        return [(r[0], bytes(r[1])) for r in rows]


def make_app():
    """App factory for uvicorn worker processes (settings from the environment)."""
    from server.app import create_app

    data_dir, part_threshold = os.environ["SYNC_TEST_SERVER"].split(os.pathsep)
    return create_app(settings_for(Path(data_dir), int(part_threshold)))


def _serve(data_dir: str, port: str, part_threshold: str, workers: str = "1") -> None:
    import uvicorn

    from server.http import NoDelayH11Protocol

    os.environ["SYNC_TEST_SERVER"] = f"{data_dir}{os.pathsep}{part_threshold}"
    options = {
        "host": "127.0.0.1",
        "port": int(port),
        "log_level": "error",
        "access_log": False,
        "http": NoDelayH11Protocol,  # as `kiosk server serve` runs it
    }
    if os.environ.get("SYNC_TEST_TLS"):
        cert, key = os.environ["SYNC_TEST_TLS"].split(os.pathsep)
        options.update(ssl_certfile=cert, ssl_keyfile=key)
    if int(workers) > 1:
        uvicorn.run("sync_serverproc:make_app", factory=True, workers=int(workers), **options)
    else:
        uvicorn.run(make_app(), **options)


if __name__ == "__main__":
    _serve(*sys.argv[1:5])

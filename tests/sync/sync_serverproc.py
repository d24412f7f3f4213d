"""The reference server as a real uvicorn process on 127.0.0.1, for the sync tests.

Run as a script (`python sync_serverproc.py DATA_DIR PORT PART_THRESHOLD WORKERS PORT_FILE`):
it listens on PORT (0: any free port) and writes the port it got to PORT_FILE once it answers.
`ServerProcess` starts, restarts and stops it, and gives the tests an admin context on the same
database. Between a stop and the next start the port stays reserved for this server (a bound,
not listening SO_REUSEPORT socket: connections are refused, nobody else can take it).
"""

from __future__ import annotations

import http.client
import os
import socket
import ssl
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
        # Offline packets count against the identity-check limits; these tests send many
        # for one NIK and are not about the limits (tests/server/test_security_identity.py).
        verify_per_kiosk_per_minute=1000,
        verify_per_nik_per_minute=1000,
        enroll_failures_per_minute=100_000,  # many tests share one source address
    )


def _reusable_socket(port: int) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    return sock


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
        self.port = port  # None until the first start: the server binds port 0 and reports
        self.proc: subprocess.Popen | None = None
        self._ctx = None
        self._reserved: socket.socket | None = None  # holds the port while the server is down

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

    @property
    def key_id(self) -> str:
        """What `server admin enroll-code` prints for `kiosk enroll --key-id`."""
        return self.ctx.keys.key_id

    def start(self, timeout: float = 30.0) -> ServerProcess:
        assert self.ctx is not None  # migrate and make keys once, before the server starts
        env = dict(os.environ, PYTHONPATH=f"{REPO}{os.pathsep}{Path(__file__).parent}")
        if self.tls:
            env["SYNC_TEST_TLS"] = f"{self.tls[0]}{os.pathsep}{self.tls[1]}"
        port_file = self.data_dir / "server.port"
        port_file.unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                str(self.data_dir),
                str(self.port or 0),
                str(self.part_threshold),
                str(self.workers),
                str(port_file),
            ],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while not port_file.exists():
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start in time")
            time.sleep(0.02)
        self.port = int(port_file.read_text())
        if self._reserved is None:
            self._reserved = _reusable_socket(self.port)
        while not self._answers(max(0.1, deadline - time.monotonic())):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server does not answer")
            time.sleep(0.02)
        return self

    def _answers(self, timeout: float) -> bool:
        """One HTTP answer (any status) from the server."""
        if self.tls:
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = (
                False,
                ssl.CERT_NONE,
            )  # only: does it answer
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=timeout, context=context
            )
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", "/")
            return conn.getresponse().status > 0
        except OSError:
            return False
        finally:
            conn.close()

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
        if self._reserved is not None:
            self._reserved.close()
            self._reserved = None
        if self._ctx is not None:
            self._ctx.engine.dispose()

    def enroll_code(
        self, site: str = "MPP Test", ttl_s: int | None = None, region: str | None = None
    ) -> str:
        from server.enrollment import create_enroll_code

        return create_enroll_code(self.ctx, site, ttl_s, region)[0]

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


def _serve(data_dir: str, port: str, part_threshold: str, workers: str, port_file: str) -> None:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from server.http import ServerProtocol

    os.environ["SYNC_TEST_SERVER"] = f"{data_dir}{os.pathsep}{part_threshold}"
    listener = _reusable_socket(int(port))  # port 0: any free port, reported below
    listener.listen(128)
    bound = listener.getsockname()[1]
    options = {
        "log_level": "error",
        "access_log": False,
        "http": ServerProtocol,  # as `kiosk server serve` runs it
        "workers": int(workers),
    }
    if os.environ.get("SYNC_TEST_TLS"):
        cert, key = os.environ["SYNC_TEST_TLS"].split(os.pathsep)
        options.update(ssl_certfile=cert, ssl_keyfile=key)

    def report() -> None:
        tmp = Path(f"{port_file}.tmp")
        tmp.write_text(str(bound))
        os.replace(tmp, port_file)

    if int(workers) > 1:
        config = uvicorn.Config("sync_serverproc:make_app", factory=True, **options)
        report()  # the workers accept from the listening socket once they are up
        Multiprocess(config, sockets=[listener]).run()
        return

    class ReportingServer(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets)
            if not self.should_exit:
                report()

    ReportingServer(uvicorn.Config(make_app(), **options)).run(sockets=[listener])


if __name__ == "__main__":
    _serve(*sys.argv[1:6])

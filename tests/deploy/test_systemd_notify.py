"""The kiosk talks to systemd as mpp-kiosk.service expects (Type=notify, WatchdogSec=):
READY=1 once the welcome screen is up, WATCHDOG=1 from the Qt event loop, no pings while that
loop is blocked, and pings again once the kiosk is restarted (what systemd does on a missed
ping). The test plays systemd: a datagram socket as NOTIFY_SOCKET and a real `kiosk run`
(offscreen, a clip as its camera) enrolled on the reference server on loopback."""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

WATCHDOG_USEC = 1_000_000  # pings every 0.5 s
START_S = 180  # start-up to the welcome screen on a loaded 2-core machine, with margin


@pytest.fixture(scope="module")
def server(tmp_path_factory, testdata):
    from app.demo import DemoEnvironment

    env = DemoEnvironment(tmp_path_factory.mktemp("notify-demo"), citizens=20).start()
    env.clip = testdata / "video" / "blinking_step_back.mp4"
    yield env
    env.stop()


@pytest.fixture
def notify_socket(tmp_path):
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    yield sock, path
    sock.close()


class Kiosk:
    """`kiosk run` as systemd starts it, killed with its process group at the end."""

    def __init__(self, server, notify_path: Path, tmp_path: Path, **extra_env: str):
        env = dict(os.environ)
        env.pop("WATCHDOG_PID", None)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            NOTIFY_SOCKET=str(notify_path),
            WATCHDOG_USEC=str(WATCHDOG_USEC),
            MPP_KIOSK_CONFIG=str(tmp_path / "absent.toml"),
            MPP_KIOSK__CAMERA__DEVICE=str(server.clip),
            **extra_env,
        )
        kiosk = Path(sys.executable).with_name("kiosk")
        self.output = tmp_path / "kiosk.out"
        with self.output.open("ab") as output:  # a file: a full pipe would stall the kiosk
            self.process = subprocess.Popen(
                [str(kiosk), "--data-dir", str(server.kiosk_dir), "run", "--windowed"],
                env=env,
                cwd=tmp_path,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0)),
            )

    def kill(self, sig=signal.SIGKILL) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
        code = self.process.wait(60)
        try:  # the face-model process and anything else of the group
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return code


def receive(sock: socket.socket, timeout: float) -> str:
    sock.settimeout(timeout)
    return sock.recv(4096).decode()


def wait_for(sock, kiosk: Kiosk, wanted: str, timeout: float = START_S) -> list[str]:
    """Messages up to and including the first that contains `wanted`."""
    seen = []
    while True:
        try:
            message = receive(sock, timeout)
        except TimeoutError:
            code = kiosk.process.poll()
            output = kiosk.output.read_text(errors="replace")[-3000:]
            raise AssertionError(f"no {wanted!r} (exit {code}); got {seen}\n{output}") from None
        seen.append(message)
        if wanted in message.splitlines():
            return seen


def test_ready_then_pings_stop_while_blocked_and_resume_after_restart(
    server, notify_socket, tmp_path
):
    sock, path = notify_socket
    kiosk = Kiosk(server, path, tmp_path, MPP_DEBUG_BLOCK_EVENT_LOOP_S="3600")
    try:
        first = wait_for(sock, kiosk, "READY=1")
        assert first == ["READY=1\nSTATUS=welcome screen shown"]  # nothing before READY
        for _ in range(3):
            assert receive(sock, 30) == "WATCHDOG=1"
        assert receive(sock, 30).startswith("STATUS=debug: blocking the event loop")
        with pytest.raises(TimeoutError):  # 5 intervals: a live loop would have pinged 5 times
            receive(sock, 5 * WATCHDOG_USEC / 2e6)
        assert kiosk.process.poll() is None  # hung, not dead: only the watchdog can tell
    finally:
        code = kiosk.kill(signal.SIGABRT)  # systemd's WatchdogSignal
    assert code == -signal.SIGABRT

    restarted = Kiosk(server, path, tmp_path)
    try:
        assert wait_for(sock, restarted, "READY=1")[-1].startswith("READY=1")
        assert [receive(sock, 30) for _ in range(3)] == ["WATCHDOG=1"] * 3
    finally:
        restarted.kill()


def test_without_systemd_nothing_is_sent(monkeypatch, qapp):
    from ui import watchdog

    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert watchdog.start(qapp) is None


def test_ping_interval_is_half_the_timeout_and_only_for_this_process():
    from ui.watchdog import ping_interval_ms

    assert ping_interval_ms({"WATCHDOG_USEC": "30000000"}) == 15000
    assert ping_interval_ms({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}) == (
        15000
    )
    assert ping_interval_ms({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None
    assert ping_interval_ms({}) is None
    assert ping_interval_ms({"WATCHDOG_USEC": "0"}) is None

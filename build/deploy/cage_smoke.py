"""Smoke test of a kiosk build under the cage compositor, as mpp-kiosk.service runs it.

    python build/deploy/cage_smoke.py BUILD_FOLDER [--timeout S] [-- KIOSK ARGS...]

Installs BUILD_FOLDER (e.g. build/out/dist/kiosk) with install.sh into a temporary DESTDIR,
then starts the installed session (mpp-kiosk-session: cage, Xwayland, the kiosk) headless
(WLR_BACKENDS=headless, WLR_RENDERER=pixman) as the non-root `kiosk` user (created with useradd
when run as root and missing; run as someone else, it runs as that user), and plays systemd: a
datagram NOTIFY_SOCKET must receive READY=1 (the welcome screen is up) and then WATCHDOG=1 pings,
sent by the kiosk as cage's child under the kiosk user's uid (SCM_CREDENTIALS, as systemd reads
them). KIOSK ARGS default to `demo --no-enroll --fullscreen --camera CLIP` (the test clip).
cage rotates its 1280x720 headless output to portrait (-r), as on a portrait kiosk screen.
--screenshot FILE.png saves the kiosk's window as Xwayland shows it (needs x11-utils and
ImageMagick; wlroots' own screen copy of a pixman headless output comes out black).
Exit 0 on success, 1 on failure (the session's output is printed), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import os
import pwd
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLIP = HERE.parents[1] / "tests" / "data" / "video" / "blinking_step_back.mp4"
USER = "kiosk"
WATCHDOG_USEC = 4_000_000
PINGS = 2


def kiosk_user() -> pwd.struct_passwd:
    """The user the session runs as: `kiosk` when run as root (created if missing)."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--user-group", "--home-dir", "/nonexistent", "--shell",
             "/usr/sbin/nologin", USER],
            check=True,
        )  # fmt: skip
        return pwd.getpwnam(USER)


def receive(sock: socket.socket, timeout: float) -> tuple[str, int, int]:
    """(message, sender pid, sender uid), or TimeoutError."""
    sock.settimeout(timeout)
    data, ancillary, _flags, _addr = sock.recvmsg(4096, socket.CMSG_SPACE(12))
    pid = uid = -1
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            pid, uid, _gid = struct.unpack("3i", payload[:12])
    return data.decode(), pid, uid


def parent_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("PPid:"):
            return int(line.split()[1])
    return -1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="the build folder (holds the kiosk executable)")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to READY=1")
    parser.add_argument("--screenshot", type=Path, metavar="FILE.png", help="save the window")
    parser.add_argument("kiosk_args", nargs="*", help="after --: the kiosk's arguments")
    args = parser.parse_args(argv)
    if not (args.build / "kiosk").is_file():
        parser.error(f"no kiosk executable in {args.build}")
    for tool in ("cage", "Xwayland", "setpriv"):
        if shutil.which(tool) is None:
            print(f"FAIL: {tool} is missing (apt-get install cage xwayland)", file=sys.stderr)
            return 1
    user = kiosk_user()
    with tempfile.TemporaryDirectory(prefix="cage-smoke-") as tmp:
        return smoke(Path(tmp), args, user)


def smoke(tmp: Path, args, user: pwd.struct_passwd) -> int:
    tmp.chmod(0o755)  # the kiosk user reads the install and the clip
    dest = tmp / "dest"
    env = dict(os.environ, DESTDIR=str(dest))
    subprocess.run(["sh", str(HERE / "install.sh"), str(args.build)], env=env, check=True)
    session = dest / "usr" / "local" / "libexec" / "mpp-kiosk-session"
    shutil.copy(CLIP, tmp / CLIP.name)
    home, runtime = tmp / "home", tmp / "run"
    for folder, mode in ((home, 0o700), (runtime, 0o700)):
        folder.mkdir(mode=mode)
        os.chown(folder, user.pw_uid, user.pw_gid)
    notify_dir = tmp / "notify"
    notify_dir.mkdir(mode=0o755)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    sock.bind(str(notify_dir / "notify.sock"))
    (notify_dir / "notify.sock").chmod(0o666)  # as systemd's: any service user may send

    kiosk_args = args.kiosk_args or [
        "demo", "--no-enroll", "--fullscreen", "--camera", str(tmp / CLIP.name)
    ]  # fmt: skip
    environ = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "USER": user.pw_name,
        "LANG": "C.UTF-8",
        "XDG_RUNTIME_DIR": str(runtime),
        "WLR_BACKENDS": "headless",
        "WLR_RENDERER": "pixman",
        "WLR_LIBINPUT_NO_DEVICES": "1",
        "MPP_CAGE_OPTIONS": "-r",
        "MPP_KIOSK_HOME": str(dest / "opt" / "mpp-kiosk"),
        "NOTIFY_SOCKET": str(notify_dir / "notify.sock"),
        "WATCHDOG_USEC": str(WATCHDOG_USEC),
        # systemd names the main process (cage); the session must not pass it on to the kiosk
        "WATCHDOG_PID": str(os.getpid()),
        "MPP_KIOSK_DATA_DIR": str(home / "data"),
        "MPP_KIOSK_CONFIG": str(home / "kiosk.toml"),
    }
    command = [str(session), *kiosk_args]
    if os.geteuid() == 0:
        command = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
                   "--init-groups", "--", *command]  # fmt: skip
    log = tmp / "session.log"
    started = time.monotonic()
    with log.open("wb") as out:
        cage = subprocess.Popen(
            command, env=environ, cwd=home, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        problem = watch(sock, cage, user, args.timeout, started)
        if problem is None and args.screenshot:
            problem = screenshot(args.screenshot, user, environ)
    finally:
        stop(cage)
        sock.close()
    if problem:
        print(f"FAIL: {problem}\n--- session output ---", file=sys.stderr)
        print(log.read_text(errors="replace")[-6000:], file=sys.stderr)
        return 1
    return 0


def watch(sock, cage: subprocess.Popen, user, timeout: float, started: float) -> str | None:
    """None when READY=1 and the pings came from the kiosk under cage, else what went wrong."""
    deadline = started + timeout
    while True:
        if cage.poll() is not None:
            return f"the session ended (exit {cage.returncode}) before READY=1"
        try:
            message, pid, uid = receive(sock, max(0.1, min(2.0, deadline - time.monotonic())))
        except TimeoutError:
            if time.monotonic() >= deadline:
                return f"no READY=1 within {timeout:g} s"
            continue
        if "READY=1" in message.splitlines():
            break
    ready_s = time.monotonic() - started
    if uid != user.pw_uid:
        return f"READY=1 came from uid {uid}, not {user.pw_name} ({user.pw_uid})"
    # the kiosk is cage's child (directly, or through a launcher the build may use)
    chain, current = [], pid
    while current > 1 and current != cage.pid:
        chain.append(current)
        current = parent_of(current)
    if current != cage.pid:
        return f"READY=1 came from pid {pid}, which is not under cage (pid {cage.pid})"
    for _ in range(PINGS):
        try:
            message, _pid, _uid = receive(sock, WATCHDOG_USEC / 1e6 * 3)
        except TimeoutError:
            return "no WATCHDOG=1 after READY=1 (is WATCHDOG_PID passed on by the session?)"
        if message != "WATCHDOG=1":
            return f"expected WATCHDOG=1, got {message!r}"
    print(
        f"OK: the kiosk (pid {pid}, user {user.pw_name}) reached the welcome screen under cage "
        f"(headless, Xwayland) in {ready_s:.1f} s and sends watchdog pings"
    )
    return None


def screenshot(target: Path, user, environ: dict[str, str]) -> str | None:
    """The kiosk's top-level X window on Xwayland's :0, saved by ImageMagick's `import`."""
    as_user = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups"]
    as_user = as_user if os.geteuid() == 0 else []
    env = dict(environ, DISPLAY=":0")
    tree = subprocess.run(
        [*as_user, "xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True
    ).stdout
    windows = [line.split() for line in tree.splitlines() if '"MPP Kiosk": ("' in line]
    if not windows:
        return f"no kiosk window on Xwayland:\n{tree}"
    window, size = windows[0][0], next(w for w in windows[0] if re.match(r"\d+x\d+\+", w))
    shot = Path(environ["HOME"]) / "window.png"
    subprocess.run([*as_user, "import", "-window", window, str(shot)], env=env, check=True)
    shutil.copy(shot, target)
    print(f"the kiosk's window ({size}) saved to {target}")
    return None


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the session's process group (cage, Xwayland, the kiosk, its face-model
    process), then SIGKILL to whatever is left of it after 15 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            process.poll()  # reap cage, the group's leader
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())

"""build/deploy/install.sh into a DESTDIR, and the installed unit, user and folders checked with
systemd's own tools (systemd-analyze verify, systemd-sysusers and systemd-tmpfiles --root),
which work without systemd running. The build installed is a runnable kiosk folder: its `kiosk`
is the source checkout's command (build/deploy/cage_smoke.py installs the frozen build)."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "build" / "deploy"
UNIT = "etc/systemd/system/mpp-kiosk.service"


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:  # kiosk.sh installs it (APT_PACKAGES): a missing tool is a set-up error
        pytest.fail(f"{name} is missing: run ./kiosk.sh setup as root (apt-get install systemd)")
    return path


@pytest.fixture
def build(tmp_path) -> Path:
    folder = tmp_path / "build" / "kiosk"
    (folder / "_internal").mkdir(parents=True)
    (folder / "kiosk").symlink_to(Path(sys.executable).with_name("kiosk"))
    (folder / "_internal" / "base_library.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    return folder


def install(build: Path, destdir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DESTDIR=str(destdir))
    return subprocess.run(
        ["sh", str(DEPLOY / "install.sh"), str(build)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def unit_service(destdir: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(destdir / UNIT)
    return parser["Service"]


def test_install_into_destdir_puts_every_file_in_place(build, tmp_path):
    dest = tmp_path / "dest"
    result = install(build, dest)
    assert result.returncode == 0, result.stderr
    opt = dest / "opt" / "mpp-kiosk"
    assert (opt / "_internal" / "base_library.zip").read_bytes() == (
        build / "_internal" / "base_library.zip"
    ).read_bytes()
    for path, mode in [
        (UNIT, 0o644),
        ("etc/pam.d/mpp-kiosk", 0o644),
        ("etc/udev/rules.d/70-mpp-kiosk-printer.rules", 0o644),
        ("usr/lib/sysusers.d/mpp-kiosk.conf", 0o644),
        ("usr/lib/tmpfiles.d/mpp-kiosk.conf", 0o644),
        ("etc/mpp-kiosk", 0o750),
        ("etc/mpp-kiosk/environment", 0o644),
        ("usr/local/libexec/mpp-kiosk-session", 0o755),
        ("usr/local/bin/mpp-kiosk", 0o755),
    ]:
        assert (dest / path).stat().st_mode & 0o777 == mode, path
    # The unit starts the installed session, which starts the installed kiosk.
    service = unit_service(dest)
    command = service["ExecStart"].split()
    assert command == ["/usr/local/libexec/mpp-kiosk-session", "run"]
    assert os.access(dest / command[0].lstrip("/"), os.X_OK)
    assert service["Type"] == "notify" and service["Restart"] == "always"
    assert service["User"] == "kiosk" and int(service["WatchdogSec"]) > 0
    version = subprocess.run(
        [str(opt / "kiosk"), "--version"], capture_output=True, text=True, timeout=60
    )
    assert version.returncode == 0 and version.stdout.startswith("mpp-kiosk ")


def test_the_installed_unit_passes_systemd_analyze_verify(build, tmp_path):
    """Verified in a root holding the install and the system's own units (the targets the unit
    is ordered against), so ExecStart must exist there, in the DESTDIR, not on this machine."""
    root = tmp_path / "root"
    assert install(build, root).returncode == 0
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    (root / "lib").symlink_to("usr/lib")  # the units' own symlinks point into /lib (merged /usr)
    verify = [tool("systemd-analyze"), "verify", "--man=no", f"--root={root}", str(root / UNIT)]
    result = subprocess.run(verify, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
    # The same check sees a unit whose command is missing from the install.
    (root / "usr/local/libexec/mpp-kiosk-session").unlink()
    result = subprocess.run(verify, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "mpp-kiosk-session" in result.stderr


def test_sysusers_and_tmpfiles_make_the_kiosk_user_and_its_folders(build, tmp_path):
    dest = tmp_path / "dest"
    assert install(build, dest).returncode == 0
    for name in ("systemd-sysusers", "systemd-tmpfiles"):
        kind = name.split("-")[1] + ".d"
        command = [tool(name), f"--root={dest}", str(dest / "usr/lib" / kind / "mpp-kiosk.conf")]
        if name == "systemd-tmpfiles":
            command.insert(1, "--create")
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
    users = {line.split(":")[0]: line.split(":") for line in (dest / "etc/passwd").open()}
    assert users["kiosk"][5:7] == ["/var/lib/mpp-kiosk", "/usr/sbin/nologin\n"]
    assert int(users["kiosk"][2]) < 1000  # a system user
    members = {
        line.split(":")[0]: line.strip().split(":")[3].split(",")
        for line in (dest / "etc/group").open()
    }
    for group in ("lp", "dialout", "video", "render", "input"):
        assert "kiosk" in members[group], group
    uid, gid = int(users["kiosk"][2]), int(users["kiosk"][3])
    for folder, mode in (("var/lib/mpp-kiosk", 0o700), ("etc/mpp-kiosk", 0o750)):
        info = (dest / folder).stat()
        assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (uid, gid, mode), folder


def test_reinstall_replaces_the_build_and_keeps_local_settings(build, tmp_path):
    dest = tmp_path / "dest"
    assert install(build, dest).returncode == 0
    stale = dest / "opt/mpp-kiosk/_internal/from-the-old-build.so"
    stale.write_bytes(b"old")
    environment = dest / "etc/mpp-kiosk/environment"
    environment.write_text("MPP_KIOSK__CAMERA__DEVICE=/dev/video2\n")
    assert install(build, dest).returncode == 0
    assert not stale.exists()
    assert environment.read_text() == "MPP_KIOSK__CAMERA__DEVICE=/dev/video2\n"
    assert sorted(p.name for p in (dest / "opt").iterdir()) == ["mpp-kiosk"]


def test_install_without_a_build_says_how_to_make_one(tmp_path):
    result = install(tmp_path / "nothing", tmp_path / "dest")
    assert result.returncode == 1
    assert "./kiosk.sh build" in result.stderr
    assert not (tmp_path / "dest").exists()

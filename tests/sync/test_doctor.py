"""`kiosk doctor` and `kiosk support-bundle` on a real enrolled kiosk: the real store, the
reference server over loopback, a video file as the camera, a file printer."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import cv2
import numpy as np
import pytest
from sync_helpers import NAME, NIK, make_packet, run_cli

from kiosk.doctor import FAIL, OK, WARN, CheckResult, exit_code, run_check
from server.enrollment import revoke_kiosk

REPO = Path(__file__).resolve().parents[2]
CLIP = REPO / "tests/data/video/blinking_step_back.mp4"
JPEG = cv2.imencode(".jpg", np.full((32, 32, 3), 200, np.uint8))[1].tobytes()


def write_config(kiosk, server_url: str, **doctor) -> Path:
    settings = {"disk_warn_mb": 1, "disk_fail_mb": 0, "camera_seconds": 0.5, **doctor}
    lines = [
        f'[server]\nurl = "{server_url}"\ntimeout_s = 3.0\n',
        f'[camera]\ndevice = "{doctor.pop("device", CLIP)}"\n',
        f'[printer]\nkind = "file"\ntarget = "{kiosk.data_dir / "receipts.bin"}"\n',
        "[doctor]\n" + "".join(f"{k} = {v!r}\n" for k, v in settings.items() if k != "device"),
    ]
    path = kiosk.data_dir / "kiosk.toml"
    path.write_text("\n".join(lines).replace("'", '"'), encoding="utf-8")
    return path


@pytest.fixture
def handled(kiosk):
    """A kiosk that took a citizen's application (a JPEG scan) and uploaded it."""
    kiosk.submit(1)
    kiosk.submitter.submit(_packet_with_scan())
    kiosk.uploader().drain(deadline=time.time() + 30)
    return kiosk


def _packet_with_scan():
    packet = make_packet(seed=3)
    packet.documents["ktp"] = JPEG
    return packet


def doctor(capsys, kiosk, config):
    code, out, _ = run_cli(capsys, kiosk.data_dir, "doctor", "--json", config=config)
    return code, {r["name"]: r for r in json.loads(out)}, json.loads(out)


def test_healthy_kiosk(capsys, handled, mpp_server):
    config = write_config(handled, mpp_server.url)
    code, checks, raw = doctor(capsys, handled, config)
    assert all(set(r) == {"name", "status", "detail", "hint"} for r in raw)
    assert {r["status"] for r in raw} <= {OK, WARN}, raw
    assert code == 0
    names = {
        "version",
        "camera",
        "face_models",
        "server",
        "clock",
        "enrollment",
        "disk",
        "store",
        "audit",
        "printer",
        "queue",
        "last_upload",
    }
    assert set(checks) == names
    for name in names:
        assert checks[name]["status"] == OK, checks[name]
    assert "fps" in checks["camera"]["detail"]
    assert "ago" in checks["last_upload"]["detail"]
    assert NIK not in json.dumps(raw) and NIK[:6] + "**" not in json.dumps(raw)
    # the human form: one line per check, exit 0
    code, out, _ = run_cli(capsys, handled.data_dir, "doctor", config=config)
    assert code == 0 and "OK    enrollment" in out


def test_no_camera(capsys, kiosk, mpp_server, tmp_path):
    config = write_config(kiosk, mpp_server.url, device=str(tmp_path / "gone.mp4"))
    code, checks, _ = doctor(capsys, kiosk, config)
    assert code == 1
    assert checks["camera"]["status"] == FAIL
    assert "camera.device" in checks["camera"]["hint"]
    assert checks["server"]["status"] == OK


def test_missing_camera_device_node(capsys, kiosk, mpp_server):
    config = write_config(kiosk, mpp_server.url, device="/dev/video97")
    code, checks, _ = doctor(capsys, kiosk, config)
    assert code == 1 and checks["camera"]["status"] == FAIL
    assert "not there" in checks["camera"]["detail"]


def test_server_down(capsys, kiosk):
    from net_support import refused_url

    with refused_url() as url:
        config = write_config(kiosk, url)
        code, checks, _ = doctor(capsys, kiosk, config)
    assert code == 1
    assert checks["server"]["status"] == FAIL
    assert "cannot be reached" in checks["server"]["detail"]
    assert "network" in checks["server"]["hint"] and "server.url" in checks["server"]["hint"]
    assert checks["enrollment"]["status"] == WARN


def test_tampered_audit_row(capsys, kiosk, mpp_server):
    import sqlite3

    kiosk.submit(1)
    conn = sqlite3.connect(kiosk.data_dir / "kiosk.sqlite3")
    conn.isolation_level = None
    conn.execute("UPDATE audit_log SET actor = 'evil' WHERE seq = 1")
    conn.close()
    config = write_config(kiosk, mpp_server.url, camera_seconds=0)
    code, checks, _ = doctor(capsys, kiosk, config)
    assert code == 1
    assert checks["audit"]["status"] == FAIL and "seq 1" in checks["audit"]["detail"]
    assert "kiosk audit verify" in checks["audit"]["hint"]
    assert checks["store"]["status"] == OK


def test_revoked_enrollment(capsys, kiosk, mpp_server):
    revoke_kiosk(mpp_server.ctx, kiosk.identity.kiosk_id, "stolen kiosk")
    config = write_config(kiosk, mpp_server.url, camera_seconds=0)
    code, checks, _ = doctor(capsys, kiosk, config)
    assert code == 1
    assert checks["enrollment"]["status"] == FAIL
    assert "revoked" in checks["enrollment"]["detail"]
    assert "kiosk enroll" in checks["enrollment"]["hint"]
    assert checks["server"]["status"] == OK


def test_free_disk_below_threshold(capsys, kiosk, mpp_server):
    config = write_config(
        kiosk, mpp_server.url, camera_seconds=0, disk_fail_mb=10**12, disk_warn_mb=10**12
    )
    code, checks, _ = doctor(capsys, kiosk, config)
    assert code == 1
    assert checks["disk"]["status"] == FAIL and "below" in checks["disk"]["detail"]
    assert "Free disk space" in checks["disk"]["hint"]


def test_a_crashing_check_becomes_a_fail():
    def broken():
        raise RuntimeError(f"secret {NIK}")

    results = run_check("broken", broken)
    assert [r.status for r in results] == [FAIL]
    assert "RuntimeError" in results[0].detail and NIK not in results[0].detail
    assert exit_code(results) == 1 and exit_code([CheckResult("x", WARN, "")]) == 0


def test_support_bundle_holds_no_personal_data(capsys, handled, mpp_server, tmp_path):
    config = write_config(handled, mpp_server.url, camera_seconds=0)
    logs = handled.data_dir / "logs"
    logs.mkdir(exist_ok=True)
    (logs / "run.log").write_text(
        f"2026-12-01 INFO kiosk.session: nik {NIK} checked\nplain line\n", encoding="utf-8"
    )
    (logs / "stray.jpg").write_bytes(JPEG)
    output = tmp_path / "out" / "bundle.zip"
    code, out, _ = run_cli(
        capsys, handled.data_dir, "support-bundle", "--output", str(output), config=config
    )
    assert code == 0 and out.strip() == str(output)
    with zipfile.ZipFile(output) as bundle:
        names = bundle.namelist()
        contents = {name: bundle.read(name) for name in names}
    assert {"config.json", "doctor.json", "versions.json", "logs/run.log"} <= set(names)
    assert "logs/stray.jpg" not in names
    for name, data in contents.items():
        assert NIK.encode() not in data, name
        assert NAME.encode() not in data and NAME.split()[0].encode() not in data, name
        assert b"\xff\xd8\xff" not in data and b"\x89PNG" not in data, name
    assert (NIK[:6] + "*" * 10).encode() in contents["logs/run.log"]
    settings = json.loads(contents["config.json"])["settings"]
    assert settings["camera.device"]["value"]
    doctor_json = json.loads(contents["doctor.json"])
    assert {r["name"] for r in doctor_json} >= {"camera", "server", "audit"}
    assert "python" in json.loads(contents["versions.json"])


def test_doctor_json_is_the_whole_output(tmp_path):
    """In a fresh process (OpenCV, mediapipe and dlib load there), stderr merged: only the
    doctor's JSON reaches the terminal; an unenrolled kiosk fails its enrollment check."""
    import os
    import subprocess
    import sys

    quiet = ("OPENCV_LOG_LEVEL", "OPENCV_FFMPEG_LOGLEVEL", "GLOG_minloglevel", "PYTHONWARNINGS")
    env = {k: v for k, v in os.environ.items() if k not in quiet}
    env.update(MPP_KIOSK__CAMERA__DEVICE=str(CLIP), MPP_KIOSK__DOCTOR__CAMERA_SECONDS="0.3")
    run = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "data"), "doctor", "--json"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=240,
    )
    checks = {r["name"]: r for r in json.loads(run.stdout)}
    assert run.returncode == 1
    assert checks["enrollment"]["status"] == FAIL and "kiosk enroll" in checks["enrollment"]["hint"]
    assert checks["camera"]["status"] == OK and checks["face_models"]["status"] == OK

"""The doctor's list of checks, composed here so the command line (`kiosk doctor`, the support
bundle) and a future maintenance screen run the same ones: `doctor_checks()` gives
(name, check) pairs, `run_doctor()` their results (kiosk/doctor.py has the model)."""

from __future__ import annotations

from pathlib import Path

from kiosk.doctor import Check, CheckResult, check_disk, check_version, run_checks


def doctor_checks(
    data_dir: Path, config, camera_seconds: float | None = None
) -> list[tuple[str, Check]]:
    from camera.doctor import check_camera, check_face_models
    from kiosk.store.health import check_last_upload, check_queue, check_store
    from printing.doctor import check_printer
    from sync.doctor import check_server

    data_dir = Path(data_dir)
    seconds = float(config["doctor.camera_seconds"] if camera_seconds is None else camera_seconds)
    queue_hours = float(config["doctor.queue_warn_hours"])
    return [
        ("version", check_version),
        ("camera", lambda: check_camera(config, seconds)),
        ("face_models", check_face_models),
        (
            "server",
            lambda: check_server(data_dir, config, float(config["doctor.max_clock_skew_s"])),
        ),
        (
            "disk",
            lambda: check_disk(
                data_dir, float(config["doctor.disk_warn_mb"]), float(config["doctor.disk_fail_mb"])
            ),
        ),
        ("store", lambda: check_store(data_dir)),
        ("printer", lambda: check_printer(config, data_dir)),
        ("queue", lambda: check_queue(data_dir, queue_hours)),
        ("last_upload", lambda: check_last_upload(data_dir, queue_hours)),
    ]


def run_doctor(data_dir: Path, config, camera_seconds: float | None = None) -> list[CheckResult]:
    return run_checks(doctor_checks(data_dir, config, camera_seconds))

import subprocess
import sys

import pytest

HEAVY = (
    "PySide6",
    "mediapipe",
    "fastapi",
    "cv2",
    "face_recognition",
    "dlib",
    "sqlalchemy",
    "numpy",
)


@pytest.mark.parametrize(
    "argv",
    [["nik", "3171011708450001"], ["--help"]],
)
def test_light_commands_load_no_heavy_package(argv):
    probe = (
        "import sys\n"
        "from app.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"loaded = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout


def test_core_modules_import_no_outer_package():
    probe = (
        "import sys, pkgutil, importlib, kiosk\n"
        "for m in pkgutil.walk_packages(kiosk.__path__, 'kiosk.'):\n"
        "    if m.name.startswith(('kiosk.store.migrations', 'kiosk.__main__')):\n"
        "        continue\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'app', 'camera', 'sync', 'printing', 'protocol', 'server', 'ui', "
        "'mediapipe', 'cv2', 'fastapi')]\n"
        "print('BAD', bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "BAD []" in result.stdout


def test_python_dash_m_and_console_script_agree():
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0 and out.stdout.startswith("mpp-kiosk ")


def test_no_command_prints_help_and_exits_2(capsys):
    from app.cli import main

    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


def test_long_running_commands_log_to_the_data_folder(tmp_path):
    import argparse
    import logging

    from app.cli import _log_to_file

    root = logging.getLogger()
    before = list(root.handlers), root.level
    args = argparse.Namespace(data_dir=str(tmp_path), command="run", verbose=False)
    try:
        _log_to_file(args)
        logging.getLogger("kiosk.test").info("uploader started for kiosk k-1")
        logging.getLogger("kiosk.test").debug("not at INFO level")
        for handler in root.handlers:
            handler.flush()
    finally:
        for handler in root.handlers[len(before[0]) :]:
            handler.close()
            root.removeHandler(handler)
        root.setLevel(before[1])
    text = (tmp_path / "logs" / "run.log").read_text()
    assert "uploader started for kiosk k-1" in text and "not at INFO level" not in text

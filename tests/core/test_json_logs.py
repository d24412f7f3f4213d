"""Logs as JSON lines with no NIK (issue 14): `kiosk run`/`demo` write <data>/logs/<command>.log
one JSON object a line (ts, level, logger, message, exc), rotated; every 16-digit number is
masked to its first 6 digits by the handlers themselves (kiosk/logmask.py), in the file and on
the terminal, whether the NIK came in the message, its arguments or an exception."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import logging
import subprocess
import sys
from pathlib import Path

from app import cli
from kiosk.logmask import JsonLinesFormatter, mask_niks

REPO = Path(__file__).resolve().parents[2]
NIK = "3171011708450001"
MASKED = "317101" + "*" * 10


def _file_logging(tmp_path: Path) -> Path:
    cli._log_to_file(argparse.Namespace(data_dir=str(tmp_path), command="run", verbose=False))
    return tmp_path / "logs" / "run.log"


def _flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def _records(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]  # every line is one JSON object


def test_mask_niks_keeps_the_first_six_digits_of_every_16_digit_number():
    assert mask_niks(f"nik={NIK}") == f"nik={MASKED}"
    assert mask_niks(f"{NIK},{NIK}") == f"{MASKED},{MASKED}"
    assert mask_niks("order 31710117084500011") == "order 31710117084500011"  # 17 digits
    assert mask_niks("kiosk 317101170845") == "kiosk 317101170845"  # 12 digits


def test_the_log_file_is_json_lines_without_a_nik(tmp_path, cli_logging):
    path = _file_logging(tmp_path)
    log = logging.getLogger("kiosk.test")
    log.info("citizen %s checked", NIK)  # in the arguments
    log.warning(f"lookup of {NIK} failed")  # in the message
    try:
        raise ValueError(f"not a registered NIK: {NIK}")
    except ValueError:
        log.exception("verification crashed")  # in the traceback
    log.debug("not at INFO level")
    _flush()
    text = path.read_text(encoding="utf-8")
    assert NIK not in text
    records = _records(path)
    assert [r["message"] for r in records] == [
        f"citizen {MASKED} checked",
        f"lookup of {MASKED} failed",
        "verification crashed",
    ]
    for record in records:
        assert {"ts", "level", "logger", "message"} <= set(record)
        assert record["logger"] == "kiosk.test"
        assert dt.datetime.fromisoformat(record["ts"]).tzinfo is not None
    assert [r["level"] for r in records] == ["INFO", "WARNING", "ERROR"]
    assert "exc" not in records[0]
    assert records[2]["exc"].startswith("Traceback")
    assert f"ValueError: not a registered NIK: {MASKED}" in records[2]["exc"]


def test_the_log_file_still_rotates(tmp_path, cli_logging, monkeypatch):
    monkeypatch.setattr(cli, "LOG_MAX_BYTES", 2000)
    monkeypatch.setattr(cli, "LOG_BACKUPS", 2)
    path = _file_logging(tmp_path)
    log = logging.getLogger("kiosk.test")
    for index in range(100):
        log.info("upload %d for %s", index, NIK)
    _flush()
    files = sorted(path.parent.glob("run.log*"))
    assert [f.name for f in files] == ["run.log", "run.log.1", "run.log.2"]
    for file in files:
        assert file.stat().st_size <= 2000
        records = _records(file)
        assert records and all(r["message"].endswith(MASKED) for r in records)
    assert _records(path)[-1]["message"] == f"upload 99 for {MASKED}"


def test_a_line_with_newlines_stays_one_line():
    record = logging.LogRecord("kiosk.test", logging.INFO, __file__, 1, "a\nb %s", (NIK,), None)
    line = JsonLinesFormatter().format(record)
    assert "\n" not in line and json.loads(line)["message"] == f"a\nb {MASKED}"


def test_the_terminal_gets_no_nik_either():
    handler = cli._stderr_handler(verbose=False)
    stream = io.StringIO()
    handler.setStream(stream)
    log = logging.getLogger("kiosk.test.terminal")
    log.addHandler(handler)
    try:
        log.warning("lookup of %s failed", NIK)
        log.info("not shown without -v")
    finally:
        log.removeHandler(handler)
    assert stream.getvalue().endswith(f"WARNING kiosk.test.terminal: lookup of {MASKED} failed\n")
    assert "not shown" not in stream.getvalue()


def test_the_command_line_installs_the_masking_terminal_handler():
    """In a fresh process (no test handlers on the root logger), as a technician runs it."""
    probe = (
        "import logging\n"
        "from app.cli import main\n"
        f"main(['nik', '{NIK}'])\n"
        f"logging.getLogger('kiosk.probe').warning('lookup of %s failed', '{NIK}')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert NIK not in run.stderr
    assert f"kiosk.probe: lookup of {MASKED} failed" in run.stderr

"""`kiosk printer status|reprint|test`: staff print the receipts that waited for the printer."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from finish_support import escpos_text, make_config

from app.cli import main
from kiosk.ports import PrinterUnavailable, Receipt
from kiosk.tracking import new_code
from printing.printer import KioskReceiptPrinter


def _cli(capsys, data_dir, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), "printer", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def queued(data_dir, monkeypatch, offline_port):
    """Two receipts that met an offline network printer, and the printer still set that way."""
    offline = {"printer__kind": "network", "printer__target": f"127.0.0.1:{offline_port}"}
    printer = KioskReceiptPrinter(make_config(data_dir, **offline), data_dir, timeout=1)
    when = dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC)
    receipts = [
        Receipt(new_code(), "cetak-kk", False, "3171********0001", when),
        Receipt(new_code(), "akta-kelahiran", True, "3171********0002", when),
    ]
    for receipt in receipts:
        with pytest.raises(PrinterUnavailable):
            printer.print(receipt)
    for key, value in offline.items():
        monkeypatch.setenv(f"MPP_KIOSK__{key.upper()}", value)
    return [r.tracking_code for r in receipts]


def _use_file_printer(monkeypatch, path) -> None:
    monkeypatch.setenv("MPP_KIOSK__PRINTER__KIND", "file")
    monkeypatch.setenv("MPP_KIOSK__PRINTER__TARGET", str(path))


def test_status_lists_the_waiting_receipts(capsys, data_dir, queued):
    code, out, _ = _cli(capsys, data_dir, "status", "--json")
    status = json.loads(out)
    assert code == 0 and status["kind"] == "network"
    assert [q["tracking_code"] for q in status["queued"]] == queued
    code, out, _ = _cli(capsys, data_dir, "status")
    assert code == 0 and "receipts waiting for reprint: 2" in out and queued[0] in out


def test_reprint_while_the_printer_is_still_offline_keeps_everything(capsys, data_dir, queued):
    code, out, _ = _cli(capsys, data_dir, "reprint")
    assert code == 1 and "printer still unavailable" in out and "0 printed, 2 still waiting" in out
    code, out, _ = _cli(capsys, data_dir, "status", "--json")
    assert [q["tracking_code"] for q in json.loads(out)["queued"]] == queued


def test_reprint_one_then_the_rest_once_the_printer_is_back(
    capsys, data_dir, queued, monkeypatch, tmp_path
):
    paper = tmp_path / "printer.bin"
    _use_file_printer(monkeypatch, paper)
    code, out, _ = _cli(capsys, data_dir, "reprint", queued[1].lower())  # typed in lower case
    assert code == 0 and f"printed {queued[1]}" in out
    assert queued[1] in escpos_text(paper.read_bytes())
    assert queued[0] not in escpos_text(paper.read_bytes())
    code, out, _ = _cli(capsys, data_dir, "reprint")
    assert code == 0 and "1 printed, 0 still waiting" in out
    text = escpos_text(paper.read_bytes())
    assert queued[0] in text and "Verifikasi menunggu" in text  # the second one's note
    code, out, _ = _cli(capsys, data_dir, "status", "--json")
    assert json.loads(out)["queued"] == []


def test_reprint_of_an_unknown_code_says_so(capsys, data_dir, queued, monkeypatch, tmp_path):
    _use_file_printer(monkeypatch, tmp_path / "printer.bin")
    code, _, err = _cli(capsys, data_dir, "reprint", new_code())
    assert code == 1 and "is waiting for reprint" in err
    code, _, err = _cli(capsys, data_dir, "reprint", "not-a-code")
    assert code == 1 and err.startswith("error:")
    assert not (tmp_path / "printer.bin").exists()


def test_a_sample_receipt_checks_the_printer(capsys, data_dir, monkeypatch, tmp_path):
    paper = tmp_path / "printer.bin"
    _use_file_printer(monkeypatch, paper)
    code, out, _ = _cli(capsys, data_dir, "test")
    assert code == 0 and "sample receipt sent" in out
    text = escpos_text(paper.read_bytes())
    assert "CONTOH" in text and "Uji printer" in text


def test_reprint_without_a_printer_says_how_to_set_one(capsys, data_dir):
    code, _, err = _cli(capsys, data_dir, "reprint")
    assert code == 1 and "printer.kind" in err

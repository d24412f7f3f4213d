"""`kiosk printer test` with printer.kind = "pdf" in a fresh process without a display: Qt
needs a QGuiApplication to draw the receipt (without one it aborts with "QFontDatabase: Must
construct a QGuiApplication"); the command makes one, offscreen, and writes the PDF."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtPdf import QPdfDocument

REPO = Path(__file__).resolve().parents[2]


def test_printer_test_with_a_pdf_printer_writes_the_sample(tmp_path, qapp):
    folder = tmp_path / "receipts"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update({"MPP_KIOSK__PRINTER__KIND": "pdf", "MPP_KIOSK__PRINTER__TARGET": str(folder)})
    data = tmp_path / "data"
    run = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data), "printer", "test"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    assert "QGuiApplication" not in run.stderr
    assert "sample receipt sent to the pdf printer" in run.stdout
    pdf = folder / "CONTOH.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    document = QPdfDocument()
    assert document.load(str(pdf)) == QPdfDocument.Error.None_
    assert document.pageCount() == 1
    text = document.getAllText(0).text()
    assert "CONTOH" in text
    document.close()

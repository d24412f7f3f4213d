"""The screen of a kiosk that cannot start (ui/out_of_service.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from kiosk.store.db import StoreTooNew
from ui.out_of_service import OutOfServiceWindow
from ui.widgets.common import Title

TOO_NEW = StoreTooNew(
    "the kiosk database was written by a newer kiosk", screen_code="store.too_new"
)


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), (768, 1366)])
def test_it_says_out_of_service_in_indonesian_first_and_fits(qtbot, tmp_path, size):
    window = OutOfServiceWindow(TOO_NEW, "store.too_new", "0.1.0+gabc1234", "MPP Kota Bogor")
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.grab().save(str(tmp_path / f"out_of_service_{size[0]}x{size[1]}.png"))
    assert window.title.text() == "Kiosk ini sedang tidak dapat melayani"
    assert window.reason.text() == (
        "Basis data kiosk berasal dari versi aplikasi yang lebih baru. Silakan hubungi petugas."
    )
    assert "newer version of the application" in window.english.text()
    assert window.code.text() == "store.too_new · versi 0.1.0+gabc1234 · MPP Kota Bogor"
    area = QRect(0, 0, *size)
    labels = [window.title, window.reason, window.english, window.where, window.code]
    for label in labels:
        box = QRect(label.mapTo(window, label.rect().topLeft()), label.size())
        assert area.contains(box), (label.text(), box)
        assert label.heightForWidth(label.width()) <= label.height(), label.text()
    for upper, lower in zip(labels, labels[1:], strict=False):
        assert upper.geometry().bottom() < lower.geometry().top()
    assert isinstance(window.title, Title)

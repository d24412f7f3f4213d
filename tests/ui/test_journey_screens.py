"""Screenshots of the journey screens (service, form, documents, review) in both languages and
both orientations, with an automatic check that no text is cut off or overflows its widget.

The kiosk runs on its real ports against the reference server (tests/ui/conftest.py). The images
go to a temporary folder (or $MPP_SCREENSHOTS when set, to look at them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from journey_support import (
    click,
    document_scene,
    enrolled_family,
    fill_form,
    real_journey_kiosk,
    settle,
)
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from kiosk.catalog import default_catalog
from kiosk.session import State

CATALOG = default_catalog()


@pytest.fixture
def folder(tmp_path) -> Path:
    path = Path(os.environ.get("MPP_SCREENSHOTS") or tmp_path / "journey")
    path.mkdir(parents=True, exist_ok=True)
    return path


def overflowing(screen: QWidget) -> list[str]:
    """Visible texts that do not fit their widget (cut off, elided or spilling over)."""
    problems = []
    for label in screen.findChildren(QLabel):
        if not label.isVisibleTo(screen) or not label.text():
            continue
        rect = label.contentsRect()
        if label.wordWrap():
            needed = label.heightForWidth(label.width())  # the whole widget, margins included
            if needed > label.height() + 2:
                problems.append(
                    f"label {label.text()[:40]!r}: needs {needed}px, has {label.height()}"
                )
        else:
            width = label.fontMetrics().horizontalAdvance(label.text().split("\n")[0])
            if width > rect.width() + 2:
                problems.append(f"label {label.text()[:40]!r}: needs {width}px, has {rect.width()}")
    for button in screen.findChildren(QAbstractButton):
        if not button.isVisibleTo(screen) or not button.hasHeightForWidth():
            continue
        if button.heightForWidth(button.width()) > button.height() + 2:
            problems.append(f"button {button.text()[:40]!r} is cut off")
    for edit in screen.findChildren(QLineEdit):
        if edit.isVisibleTo(screen) and edit.text():
            width = edit.fontMetrics().horizontalAdvance(edit.text())
            if width > edit.contentsRect().width():
                problems.append(f"input {edit.text()[:40]!r} does not fit")
    return problems


def fill(qtbot, window, family, service_id: str, complete: bool = True):
    return fill_form(qtbot, window, family, service_id, complete=complete)


def shoot(qtbot, window, folder: Path, name: str) -> None:
    settle(qtbot, 60)
    screen = window.current_screen()
    window.grab().save(str(folder / f"{name}.png"))
    assert (folder / f"{name}.png").stat().st_size > 10_000
    problems = overflowing(screen)
    assert problems == [], (name, problems)


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_journey_screens(
    qtbot, make_kiosk, real_ports, demo, clip_template, folder, language, orientation
):
    """On the kiosk's real ports: the family's mother verified by the reference server (a real
    template of the clip's person), so the form shows the server's own prefill."""
    family = enrolled_family(demo, clip_template)
    moving = [document_scene(dx=30 * (i % 12)) for i in range(150)]  # never still: live view
    window, controller, session = real_journey_kiosk(
        qtbot, make_kiosk, real_ports, family, clip_template, language, orientation, moving
    )
    assert session.data.prefill["nik"] == family["applicant"].nik
    tag = f"{language}_{orientation}"
    shoot(qtbot, window, folder, f"service_{tag}")
    window.current_screen().show_group("nakes")
    shoot(qtbot, window, folder, f"service_nakes_{tag}")
    # a form half filled in, sent: the core's messages under the missing answers
    form = fill(qtbot, window, family, "akta-kelahiran", complete=False)
    click(qtbot, form.next_button)
    shoot(qtbot, window, folder, f"form_errors_{tag}")
    form.field("nik_ibu").focus_editor()
    form.form.keypadTarget.emit(form.field("nik_ibu"))
    shoot(qtbot, window, folder, f"form_keypad_{tag}")
    controller.citizen.back()
    form = fill(qtbot, window, family, "akta-kematian")
    click(qtbot, form.next_button)
    assert session.state is State.DOCUMENTS
    docs = window.current_screen()
    qtbot.waitUntil(lambda: docs.code == "moving", timeout=10000)
    shoot(qtbot, window, folder, f"documents_camera_{tag}")
    docs.stop_capture()
    controller.citizen.document_captured("surat_keterangan_kematian", _scan())
    shoot(qtbot, window, folder, f"documents_done_{tag}")
    controller.citizen.documents_done()
    shoot(qtbot, window, folder, f"review_{tag}")


def _scan() -> bytes:
    from camera.documents import DocumentCapture, DocumentSettings

    capture = DocumentCapture(DocumentSettings(steady_frames=1))
    for _ in range(3):
        capture.check(document_scene())
    return capture.jpeg()

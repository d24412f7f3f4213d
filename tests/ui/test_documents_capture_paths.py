"""The documents screen's other paths, driven through the real window: the citizen's own
shutter, a face refused as the document (and taken again), "I did not bring it" for a required
document, and the photos kept when an answer is changed from the review."""

from __future__ import annotations

import numpy as np
import pytest
from document_support import held, pas_foto
from journey_support import (
    click,
    document_scene,
    enrolled_family,
    fill_form,
    held_document_frames,
    real_journey_kiosk,
    settle,
)
from PySide6.QtGui import QImage

from kiosk.catalog import default_catalog
from kiosk.session import State
from ui.screens.documents import DocumentsScreen

CATALOG = default_catalog()
SERVICE = "akta-kematian"
DOC = "surat_keterangan_kematian"
RT_RW = "surat_pengantar_rt_rw"  # needed only when the reporter is not family


@pytest.fixture
def family(demo, clip_template) -> dict:
    return enrolled_family(demo, clip_template)


@pytest.fixture
def open_kiosk(qtbot, make_kiosk, real_ports, family, clip_template):
    def make(frames=None, language="id"):
        return real_journey_kiosk(
            qtbot,
            make_kiosk,
            real_ports,
            family,
            clip_template,
            language,
            camera_frames=frames,
        )

    return make


def to_documents(qtbot, window, family, values=None) -> DocumentsScreen:
    form = fill_form(qtbot, window, family, SERVICE, values)
    click(qtbot, form.next_button)
    settle(qtbot)
    docs = window.current_screen()
    assert isinstance(docs, DocumentsScreen)
    return docs


def test_the_shutter_takes_the_photo_the_kiosk_would_not_take_by_itself(qtbot, family, open_kiosk):
    window, controller, session = open_kiosk([document_scene(blur=4.0)] * 300)
    screen = to_documents(qtbot, window, family)
    qtbot.waitUntil(lambda: screen.worker is not None, timeout=5000)
    assert screen.shutter_button.isVisibleTo(window)
    assert not screen.shutter_button.isEnabled()  # the kiosk tries by itself first
    assert screen.shutter_button.text() == "Ambil foto"
    qtbot.waitUntil(screen.shutter_button.isEnabled, timeout=10000)
    assert screen.code == "blurry"  # it would never take this one by itself
    click(qtbot, screen.shutter_button)
    qtbot.waitUntil(lambda: DOC in session.data.documents, timeout=10000)
    picture = QImage.fromData(bytes(session.data.documents[DOC]))
    assert picture.width() == 1200
    assert picture.width() / picture.height() == pytest.approx(560 / 360, rel=0.05)
    settle(qtbot)
    assert screen.continue_button.isVisibleTo(window)
    assert not screen.shutter_button.isVisibleTo(window)
    click(qtbot, screen.continue_button)
    assert session.state is State.REVIEW


def test_a_face_is_refused_as_the_document_and_taken_again(qtbot, family, open_kiosk):
    window, controller, session = open_kiosk([held(pas_foto("rose_leslie_img1.jpg"))] * 300)
    screen = to_documents(qtbot, window, family)
    qtbot.waitUntil(
        lambda: screen.refused is not None or screen.shutter_button.isEnabled(), timeout=10000
    )
    if screen.refused is None:  # not sharp enough to be taken by itself: the shutter
        click(qtbot, screen.shutter_button)
    qtbot.waitUntil(lambda: screen.refused is not None, timeout=10000)
    assert screen.refused == "paper_is_face"
    assert DOC not in session.data.documents
    assert screen.instruction.text() == (
        "Yang terfoto adalah wajah, bukan dokumen. Pegang dokumennya di depan kamera."
    )
    assert not screen.view.pixmap().isNull()  # the refused picture, for the citizen to see
    assert screen.retake_button.isVisibleTo(window) and screen.retake_button.text() == "Foto ulang"
    assert not screen.next_button.isEnabled()
    click(qtbot, screen.retake_button)
    assert screen.worker is not None and screen.refused is None
    screen.stop_capture()


def test_a_required_document_not_brought_is_explained_and_blocks_sending(qtbot, family, open_kiosk):
    window, controller, session = open_kiosk([np.full((720, 1280, 3), 60, np.uint8)] * 300)
    screen = to_documents(qtbot, window, family)
    qtbot.waitUntil(lambda: screen.worker is not None, timeout=5000)
    assert screen.not_brought_button.text() == "Saya tidak membawanya"
    click(qtbot, screen.not_brought_button)
    settle(qtbot)
    assert session.state is State.DOCUMENTS
    assert session.data.not_brought == [DOC] and DOC not in session.data.documents
    assert screen.worker is None
    assert screen.row_widgets[DOC][1].text() == "Tidak dibawa"
    assert screen.instruction.text().startswith(
        "Surat Keterangan Kematian wajib ada: permohonan tidak dapat dikirim tanpa dokumen ini."
    )
    assert screen.notice.text() == (
        "Permohonan belum dapat dikirim. Dokumen yang tidak dibawa: Surat Keterangan Kematian"
    )
    assert not screen.next_button.isEnabled()
    assert controller.citizen.documents_done() is State.DOCUMENTS  # the core refuses too
    for button in (screen.help_button, screen.later_button, screen.retake_button):
        assert button.isVisibleTo(window)
    assert screen.retake_button.text() == "Saya membawanya: ambil foto"
    # found it after all: the camera again, and a photo clears the mark
    click(qtbot, screen.retake_button)
    assert screen.worker is not None
    screen.stop_capture()
    controller.citizen.document_captured(DOC, b"\xff\xd8 a photo")
    assert session.data.not_brought == []
    # the other way out: come back another time (nothing is kept)
    settle(qtbot)
    click(qtbot, screen.retake_button)
    click(qtbot, screen.not_brought_button)
    assert session.data.not_brought == [DOC] and DOC not in session.data.documents
    click(qtbot, screen.later_button)
    assert session.state is State.ENDED
    assert session.data.not_brought == [] and session.data.documents == {}


def test_after_a_change_on_the_review_only_the_newly_needed_document_is_asked(
    qtbot, family, open_kiosk
):
    window, controller, session = open_kiosk(held_document_frames())
    screen = to_documents(qtbot, window, family)
    qtbot.waitUntil(lambda: DOC in session.data.documents, timeout=15000)
    kept = bytes(session.data.documents[DOC])
    controller.citizen.documents_done()
    review = window.current_screen()
    click(qtbot, review.edit_links["hubungan_pelapor"])
    settle(qtbot)
    assert session.state is State.FORM
    form = window.current_screen()
    form.field("hubungan_pelapor").set_value("bukan_keluarga")  # now a letter from the RT/RW
    click(qtbot, form.next_button)
    settle(qtbot)
    assert session.state is State.DOCUMENTS
    assert session.data.required_documents == [DOC, RT_RW]
    assert bytes(session.data.documents[DOC]) == kept  # the death letter is not asked again
    assert screen.active == RT_RW
    assert screen.row_widgets[DOC][1].text() == "\u2713 Sudah"
    qtbot.waitUntil(lambda: RT_RW in session.data.documents, timeout=15000)
    settle(qtbot)
    click(qtbot, screen.continue_button)
    assert session.state is State.REVIEW
    # changed back: the RT/RW letter is no longer needed (and not kept); the death letter is
    click(qtbot, window.current_screen().edit_links["hubungan_pelapor"])
    settle(qtbot)
    form = window.current_screen()
    form.field("hubungan_pelapor").set_value("suami")
    click(qtbot, form.next_button)
    settle(qtbot)
    assert session.state is State.REVIEW
    assert list(session.data.documents) == [DOC] and bytes(session.data.documents[DOC]) == kept

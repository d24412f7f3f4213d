"""Documents (the camera photographs each required document by itself, retake) and the review
(everything entered, edit links, the declaration), driven through the real window."""

from __future__ import annotations

import pytest
from journey_support import (
    back_to_service,
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
from ui.forms.factory import form_fields
from ui.screens.documents import DocumentsScreen
from ui.screens.review import ReviewScreen

CATALOG = default_catalog()
SERVICE = "akta-kematian"  # one document to photograph: the death letter
DOC = "surat_keterangan_kematian"


def fill_and_send_form(qtbot, window, controller, family, service_id: str):
    form = fill_form(qtbot, window, family, service_id)
    click(qtbot, form.next_button)
    settle(qtbot)
    return form


@pytest.fixture
def family(demo, clip_template) -> dict:
    """A demo family of this test's own (journey_support.enrolled_family)."""
    return enrolled_family(demo, clip_template)


@pytest.fixture
def open_kiosk(qtbot, make_kiosk, real_ports, family, clip_template):
    """open_kiosk(frames=None, language="id", camera_factory=None) -> (window, controller, session):
    a kiosk on its real ports, the family's mother verified by the demo server, at SERVICE;
    the document camera sees the frames (a document brought in and held still if None)."""

    def make(frames=None, language="id", camera_factory=None):
        return real_journey_kiosk(
            qtbot,
            make_kiosk,
            real_ports,
            family,
            clip_template,
            language,
            camera_frames=frames if frames is not None else held_document_frames(),
            camera_factory=camera_factory,
        )

    return make


def test_the_document_is_photographed_when_held_still_and_can_be_retaken(qtbot, family, open_kiosk):
    window, controller, session = open_kiosk()
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    assert session.state is State.DOCUMENTS
    assert session.data.required_documents == [DOC]
    screen = window.current_screen()
    assert isinstance(screen, DocumentsScreen)
    qtbot.waitUntil(lambda: DOC in session.data.documents, timeout=15000)
    first = bytes(session.data.documents[DOC])
    picture = QImage.fromData(first)
    assert not picture.isNull() and picture.width() == 1200
    assert picture.width() / picture.height() == pytest.approx(560 / 360, rel=0.05)
    settle(qtbot)
    assert screen.retake_button.isVisibleTo(window) and screen.continue_button.isVisibleTo(window)
    assert screen.next_button.isEnabled()
    assert screen.row_widgets[DOC][1].text() == "\u2713 Sudah"
    # retake: the camera runs again and the new photo replaces the old one
    click(qtbot, screen.retake_button)
    assert screen.worker is not None
    qtbot.waitUntil(lambda: screen.worker is None, timeout=15000)
    assert DOC in session.data.documents
    click(qtbot, screen.continue_button)
    assert session.state is State.REVIEW


def test_a_blurred_document_is_never_taken_and_the_citizen_is_told_why(qtbot, family, open_kiosk):
    frames = [document_scene(blur=4.0)] * 20
    window, controller, session = open_kiosk(frames, language="en")
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.worker is None, timeout=15000)  # the frames ran out
    assert DOC not in session.data.documents
    assert screen.code == "blurry"
    assert "not sharp" in screen.instruction.text()
    assert not screen.next_button.isEnabled()
    click(qtbot, screen.next_button)  # disabled: nothing happens
    assert session.state is State.DOCUMENTS


def test_documents_missing_is_explained_with_the_document_names(qtbot, family, open_kiosk):
    frames = [document_scene(blur=4.0)] * 3
    window, controller, session = open_kiosk(frames)
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.worker is None, timeout=15000)
    controller.citizen.documents_done()
    assert session.state is State.DOCUMENTS
    assert screen.notice.text() == (
        "Masih ada dokumen yang belum dipindai.\nSurat Keterangan Kematian"
    )


def test_review_shows_every_answer_with_edit_links_and_needs_the_declaration(
    qtbot, family, open_kiosk
):
    window, controller, session = open_kiosk()
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    qtbot.waitUntil(lambda: DOC in session.data.documents, timeout=15000)
    controller.citizen.documents_done()
    review = window.current_screen()
    assert isinstance(review, ReviewScreen)
    service = CATALOG.get(SERVICE)
    about, other = form_fields(service)
    assert set(review.edit_links) == {f.id for f in about + other}
    assert review.value_labels["hubungan_pelapor"].text() == "Suami"  # the option's label
    nik = session.data.form_values["nik_almarhum"]
    assert review.value_labels["nik_almarhum"].text() == " ".join(
        nik[i : i + 4] for i in range(0, 16, 4)
    )
    assert DOC in review.retake_links
    # sending without the declaration: the core's message
    click(qtbot, review.send_button)
    assert session.state is State.REVIEW
    assert "pernyataan" in review.declaration_error.text() and not review.notice.text()
    # "Change" goes back to the form, on that field, with every answer kept
    click(qtbot, review.edit_links["tempat_kematian"])
    settle(qtbot)
    assert session.state is State.FORM
    form = window.current_screen()
    assert form.field("tempat_kematian").edit.hasFocus()
    form.field("tempat_kematian").set_value("Rumah Sakit Umum Daerah")
    click(qtbot, form.next_button)
    settle(qtbot)
    # the photo is kept and no other document is needed: straight back to the review
    assert session.state is State.REVIEW
    assert DOC in session.data.documents
    review = window.current_screen()
    assert review.value_labels["tempat_kematian"].text() == "Rumah Sakit Umum Daerah"
    review.declaration.setChecked(True)
    click(qtbot, review.send_button)
    assert session.state is State.SUBMITTING  # the declaration let it go: to the outbox
    qtbot.waitUntil(lambda: session.state is State.SUBMITTED, timeout=20000)


def test_retake_from_the_review_opens_the_camera_for_that_document(qtbot, family, open_kiosk):
    window, controller, session = open_kiosk(language="en")
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    qtbot.waitUntil(lambda: DOC in session.data.documents, timeout=15000)
    controller.citizen.documents_done()
    review = window.current_screen()
    click(qtbot, review.retake_links[DOC])
    assert session.state is State.DOCUMENTS
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.worker is not None, timeout=5000)
    assert screen.active == DOC
    qtbot.waitUntil(lambda: screen.worker is None, timeout=15000)
    back_to_service(controller)


def test_a_new_citizen_never_sees_the_previous_answers(qtbot, family, open_kiosk):
    window, controller, session = open_kiosk()
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    qtbot.waitUntil(lambda: DOC in session.data.documents, timeout=15000)
    controller.citizen.documents_done()
    review = window.current_screen()
    assert review.value_labels
    controller.citizen.cancel()
    settle(qtbot)
    for screen in window.screens():
        if isinstance(screen, ReviewScreen):
            assert not screen.value_labels
        if isinstance(screen, DocumentsScreen):
            assert screen.worker is None and screen.view.pixmap().isNull()
        form = getattr(screen, "form", None)
        if form is not None and hasattr(form, "widgets"):
            assert form.widgets == {} and form.service is None


def test_no_camera_tells_the_citizen_to_ask_staff(qtbot, family, open_kiosk):
    from camera.sources import SourceError

    def broken():  # the kiosk's camera is unplugged
        raise SourceError("cannot open camera 0")

    window, controller, session = open_kiosk(language="en", camera_factory=broken)
    fill_and_send_form(qtbot, window, controller, family, SERVICE)
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.camera_problem, timeout=5000)
    assert "ask a staff member" in screen.notice.text()
    assert session.state is State.DOCUMENTS

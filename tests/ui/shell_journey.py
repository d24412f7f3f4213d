"""The kiosk of the journey tests: wired like `kiosk demo` against the embedded reference
server (app.demo.DemoEnvironment + app.compose.make_ports), and the steps a citizen takes
on it. No tests here (tests/ui/test_journeys.py)."""

from __future__ import annotations

import time
from pathlib import Path

from document_support import held, pas_foto
from finish_support import FurtherAwaySource, decode_qr, escpos_text, raster_images
from journey_support import good_value, held_document_frames
from PySide6.QtCore import Qt

from camera.sources import ArraySource
from kiosk.catalog import default_catalog
from kiosk.nik import mask_nik
from kiosk.session.rules import CatalogRules
from kiosk.session.states import State

CATALOG = default_catalog()
NIK_OTHER = "3171015505900001"
KK_OTHER = "3171010101200001"


class Kiosk:
    """One kiosk window wired like `kiosk demo`, and the steps a citizen takes on it."""

    def __init__(
        self,
        qtbot,
        demo,
        tmp_path: Path,
        testdata: Path,
        language="id",
        server_url: str | None = None,
        face_source=None,
        kiosk_dir: Path | None = None,
        **settings: str,
    ):
        from app.compose import make_ports
        from kiosk.config import load_config
        from ui.app import build_kiosk
        from ui.speech import Speech

        self.qtbot, self.demo, self.testdata = qtbot, demo, testdata
        self.printer_file = tmp_path / "printer.bin"
        values = demo.overrides(None, ["blink"], language)
        values.update({"printer.kind": "file", "printer.target": str(self.printer_file)})
        if server_url:
            values["server.url"] = server_url
        values.update(settings)
        environ = {"MPP_KIOSK__" + k.upper().replace(".", "__"): v for k, v in values.items()}
        self.kiosk_dir = kiosk_dir or demo.kiosk_dir
        self.config = load_config(None, self.kiosk_dir, environ=environ)
        self.ports, self.closers = make_ports(
            self.kiosk_dir, self.config, CATALOG, language=lambda: self.controller.language
        )
        clip = testdata / "video" / "blinking_closeup.mp4"
        self.face_source = face_source or (lambda: FurtherAwaySource(clip))
        self.controller, self.window = build_kiosk(
            CatalogRules(CATALOG),
            self.ports,
            CATALOG,
            self.config,
            strict=True,
            speech=Speech(enabled=False),
            language=language,
            camera_factory=self.camera,
        )
        qtbot.addWidget(self.window)
        self.window.resize(1080, 1920)
        self.window.show()
        face = self.window.screen_for(State.FACE)
        face.realtime = False  # the clip as fast as the models go (liveness uses timestamps)
        face.max_seconds = 40.0

    def camera(self):
        if self.session.state is State.DOCUMENTS:
            docs = self.window.screen_for(State.DOCUMENTS)
            doc = docs.documents().get(docs.active) if docs.active else None
            if doc is not None and doc.kind == "photo":  # a pas foto: one face, held up
                return ArraySource([held(pas_foto("rose_leslie_img1.jpg"))] * 300, fps=15.0)
            return ArraySource(held_document_frames(), fps=15.0)
        return self.face_source()

    @property
    def session(self):
        return self.controller.session

    def screen(self):
        return self.window.current_screen()

    def click(self, button) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def wait_state(self, *states: State, timeout: int = 90000) -> State:
        self.qtbot.waitUntil(lambda: self.session.state in states, timeout=timeout)
        return self.session.state

    def close(self) -> None:
        from ui import threads

        self.controller.timer.stop()
        self.controller.wait_idle(20000)
        self.window.close()
        for close in self.closers:
            close()
        # A camera worker retired on the way out ends on its own; the next test must not
        # inherit it (a stop request reaches it within one frame or one model call).
        self.qtbot.waitUntil(lambda: threads.pending() == 0, timeout=60000)

    # ----- steps ---------------------------------------------------------------------------

    def identify(self, nik: str) -> None:
        """Welcome (in the language set on it) -> NIK on the keypad -> consent."""
        self.click(self.screen().start_button)
        nik_screen = self.screen()
        for digit in nik:
            self.click(nik_screen.keypad.keys[digit])
        assert nik_screen.status.property("kind") == "success", nik_screen.status.text()
        self.click(nik_screen.keypad.keys["ok"])
        assert self.session.state is State.CONSENT

    def skip_the_camera(self, template) -> None:
        """Consent, then a face check answered with a known live template (for branches that
        are not about the camera); the face screen's own worker is left behind at once."""
        from kiosk.ports import FaceCaptureResult

        self.click(self.screen().agree)
        self.controller.citizen.face_captured(
            FaceCaptureResult(template, {"passed": True, "method": "blink"})
        )

    def face_check(self) -> State:
        self.click(self.screen().agree)
        assert self.session.state is State.FACE
        return self.wait_state(State.SERVICE, State.NO_MATCH, State.FACE_FAILED, State.STAFF_HELP)

    def fill_form(self, service_id: str, documents: bool = True) -> None:
        """Choose the service, fill its form, send it: on to the documents to scan (or, for a
        service that needs none, `documents=False`, straight to the review)."""
        self.screen().choose(service_id)
        assert self.session.state is State.FORM, self.session.data.error
        service = CATALOG.get(service_id)
        prefill = self.session.data.prefill or {}
        family = prefill.get("family") or []
        adults = [m["nik"] for m in family if m["nik"] != prefill.get("nik")] or [NIK_OTHER]
        form = self.screen()
        for field_id, widget in form.form.widgets.items():
            if field_id == "nomor_kk" and prefill.get("kk_number"):
                widget.set_value(prefill["kk_number"])
            elif field_id == "alasan_cetak":
                widget.set_value("hilang")  # a lost KK needs the police report scanned
            elif not widget.value() if hasattr(widget, "value") else True:
                field = service.field(field_id)
                widget.set_value(
                    good_value(
                        service, field, adults[0], adults, prefill.get("kk_number", KK_OTHER)
                    )
                )
        self.click(form.next_button)
        expected = State.DOCUMENTS if documents else State.REVIEW
        assert self.session.state is expected, dict(self.session.data.form_errors)

    def scan_documents(self) -> None:
        """Hold each document up; after each photo, "continue" goes to the next or the review."""
        needed = list(self.session.data.required_documents)
        assert needed
        docs = self.screen()
        for count in range(1, len(needed) + 1):
            doc = docs.documents().get(docs.active) if docs.active else None
            if doc is not None and doc.kind == "photo":
                # a held-up pas foto is not sharp enough to be taken by itself: the shutter
                self.qtbot.waitUntil(
                    lambda n=count: (
                        len(self.session.data.documents) >= n or docs.shutter_button.isEnabled()
                    ),
                    timeout=60000,
                )
                if len(self.session.data.documents) < count:
                    self.click(docs.shutter_button)
            self.qtbot.waitUntil(
                lambda n=count: len(self.session.data.documents) >= n, timeout=60000
            )
            self.qtbot.waitUntil(lambda: docs.continue_button.isVisible(), timeout=10000)
            self.click(docs.continue_button)
        assert self.session.state is State.REVIEW, self.session.missing_documents()

    def confirm(self) -> None:
        review = self.screen()
        self.click(review.declaration)
        self.click(review.send_button)
        self.wait_state(State.SUBMITTED, timeout=30000)

    def printed(self) -> bytes:
        self.qtbot.waitUntil(
            lambda: self.printer_file.exists() and self.printer_file.stat().st_size > 0,
            timeout=30000,
        )
        return self.printer_file.read_bytes()

    def finish_and_skip_survey(self) -> None:
        self.click(self.screen().done)
        assert self.session.state is State.SURVEY
        self.click(self.screen().skip_all)
        assert self.session.state is State.WELCOME


def server_application(demo, tracking_code: str, timeout: float = 60.0) -> dict:
    """The application as the server received it (the uploader sends in the background)."""
    from server import admin

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for row in admin.applications(demo.ctx, limit=50):
            if row["tracking_code"] == tracking_code:
                return row
        time.sleep(0.2)
    raise AssertionError(f"{tracking_code} never reached the server")


def check_receipt(data: bytes, receipt, nik: str, full_name: str | None) -> None:
    text = escpos_text(data)
    assert receipt.tracking_code in text
    assert mask_nik(nik) in text and nik not in text  # the NIK masked, never in full
    if full_name:
        assert full_name.upper() not in text.upper()
    qr = [decode_qr(image) for image in raster_images(data)]
    assert any(receipt.tracking_code.replace("-", "") in q.replace("-", "") for q in qr), qr

"""One scripted citizen journey through the real kiosk UI, for the smoke test of the frozen
build (build/smoke_test.py). Not a `kiosk` subcommand: the frozen entry point (build/entry.py)
runs it for `kiosk smoke-journey ...`; from source: python -m app.smoke_journey.

The kiosk is built like `kiosk run` (app.compose.make_ports, ui.app.build_kiosk) from the
enrolled data folder and the MPP_KIOSK__* settings of the environment; its buttons are
clicked in order: welcome -> language -> NIK keypad -> consent -> face check (the video file)
-> service -> form -> document (a still image) -> review -> send -> receipt. Prints one JSON
line: the states passed, the tracking code, the seconds to the welcome screen and overall.
Exits 1 with the state it stopped in when a step does not come.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

_app = None


class JourneyFailed(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk smoke-journey", description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True, help="an enrolled kiosk's folder")
    parser.add_argument("--nik", default="", help="a citizen whose reference is the clip's face")
    parser.add_argument("--face", default="", help="video file for the face check")
    parser.add_argument("--document", default="", help="image file held up as the document")
    parser.add_argument("--service", default="cetak-biodata")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per step")
    parser.add_argument(
        "--until-welcome", action="store_true", help="stop once the welcome screen shows"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.monotonic()
    try:
        result = _journey(args, started)
    except JourneyFailed as exc:
        print(json.dumps({"ok": False, "error": str(exc)}), flush=True)
        return 1
    result["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps({"ok": True, **result}), flush=True)
    return 0


def _journey(args, started: float) -> dict:
    from PySide6.QtWidgets import QApplication

    from app.compose import after_show, make_ports
    from camera.face_process import warm_up
    from kiosk.catalog import default_catalog
    from kiosk.config import load_config
    from kiosk.session.rules import CatalogRules
    from kiosk.session.states import State
    from ui.app import build_kiosk, create_application
    from ui.speech import Speech

    global _app
    app = _app = create_application()  # lives to the end: exit_now() skips its teardown
    data_dir = args.data_dir
    config = load_config(None, data_dir)
    catalog = default_catalog()
    holder: dict = {}
    background: list = []  # started once the window shows, as `kiosk run` does
    ports, closers = make_ports(
        data_dir,
        config,
        catalog,
        language=lambda: holder["controller"].language,
        start_later=background.append,
    )

    def camera():
        from camera.sources import open_source  # numpy and OpenCV: not needed to start

        state = holder["controller"].session.state
        return open_source(args.document if state is State.DOCUMENTS else args.face)

    controller, window = build_kiosk(
        CatalogRules(catalog),
        ports,
        catalog,
        config,
        camera_factory=camera,
        speech=Speech(enabled=False),
        language="id",
    )
    holder["controller"] = controller
    window.resize(1080, 1920)
    after_show(*background)  # the uploader
    window.show()
    session = controller.session
    passed: list[str] = []

    def pump(until, what: str, timeout: float = args.timeout) -> None:
        deadline = time.monotonic() + timeout
        while not until():
            if time.monotonic() > deadline:
                raise JourneyFailed(f"{what}: still {session.state.name} after {timeout:.0f} s")
            app.processEvents()
            time.sleep(0.01)
        if session.state.name not in passed[-1:]:
            passed.append(session.state.name)

    def click(button) -> None:
        pump(lambda: button.isVisible() and button.isEnabled(), f"button {button.text()!r}")
        button.click()
        app.processEvents()

    def screen():
        return window.current_screen()

    try:
        pump(lambda: session.state is State.WELCOME and window.isVisible(), "welcome")
        welcome_seconds = time.monotonic() - started
        print("welcome", flush=True)  # the smoke test times the launch to this line
        from ui import i18n

        translations = [path.name for path in i18n.shared().install("id")]
        if not translations:
            raise JourneyFailed("no Indonesian translation (.qm) loaded")
        if args.until_welcome:
            return {"states": passed, "tracking_code": None, "welcome_seconds": welcome_seconds}
        warm_up()
        click(screen().start_button)
        if hasattr(screen(), "lang_id"):  # a language step, when the welcome has none
            click(screen().lang_id)
        keypad = screen().keypad
        for digit in args.nik:
            click(keypad.keys[digit])
        click(keypad.keys["ok"])
        pump(lambda: session.state is State.CONSENT, "consent")
        face = window.screen_for(State.FACE)
        face.realtime = False  # the clip as fast as the models go
        click(screen().agree)
        pump(lambda: session.state is State.FACE, "face check")
        pump(
            lambda: (
                session.state
                in (State.SERVICE, State.NO_MATCH, State.FACE_FAILED, State.STAFF_HELP)
            ),
            "face verdict",
        )
        if session.state is not State.SERVICE:
            raise JourneyFailed(f"face check ended in {session.state.name}")
        screen().choose(args.service)
        pump(lambda: session.state is State.FORM, "form")
        _fill_form(screen(), session, catalog.get(args.service))
        keyboard = _show_keyboard(screen(), pump)
        click(screen().next_button)
        pump(lambda: session.state in (State.DOCUMENTS, State.REVIEW), "documents")
        if session.state is State.DOCUMENTS:
            docs = screen()
            for count in range(1, len(session.data.required_documents) + 1):
                pump(lambda n=count: len(session.data.documents) >= n, "document photo")
                click(docs.continue_button)
        pump(lambda: session.state is State.REVIEW, "review")
        review = screen()
        click(review.declaration)
        click(review.send_button)
        pump(lambda: session.state is State.SUBMITTED, "submitted")
        receipt = session.data.receipt
        if receipt is None:
            raise JourneyFailed("submitted without a receipt")
        controller.timer.stop()
        controller.wait_idle(20000)
        return {
            "states": passed,
            "tracking_code": receipt.tracking_code,
            "welcome_seconds": round(welcome_seconds, 2),
            "virtual_keyboard": keyboard,
            "translations": translations,
        }
    finally:
        window.close()
        for close in closers:
            close()
        QApplication.processEvents()


def _show_keyboard(form_screen, pump) -> str | None:
    """Touch a text field of the form: Qt Virtual Keyboard (QML) must come up. Returns its
    locale, or None on a machine without the keyboard plugin (QT_IM_MODULE unset)."""
    import os

    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    from ui.app import set_keyboard_language

    if os.environ.get("QT_IM_MODULE") != "qtvirtualkeyboard":
        return None
    locale = set_keyboard_language("id")
    if locale != "id_ID":
        raise JourneyFailed(f"virtual keyboard settings did not load (locale {locale!r})")
    edits = [
        (widget, widget.edit)
        for widget in form_screen.form.widgets.values()
        if isinstance(getattr(widget, "edit", None), QLineEdit | QPlainTextEdit)
    ]
    if not edits:
        kinds = [type(w).__name__ for w in form_screen.form.widgets.values()]
        raise JourneyFailed(f"the form has no text field to type in ({kinds})")
    form_screen.form.go_to(edits[0][0])
    edits[0][1].setFocus()
    pump(edits[0][1].hasFocus, "focus on a text field", timeout=10.0)
    method = QGuiApplication.inputMethod()
    method.show()
    pump(method.isVisible, "virtual keyboard", timeout=30.0)
    method.hide()
    return locale


def _fill_form(form_screen, session, service) -> None:
    """Valid values for the service's empty fields: the citizen's prefill stays."""
    prefill = session.data.prefill or {}
    values = {
        "text": "Persyaratan melamar pekerjaan",
        "phone": "081234567890",
        "email": "warga@example.id",
        "kk": prefill.get("kk_number", ""),
    }
    for field_id, widget in form_screen.form.widgets.items():
        field = service.field(field_id)
        empty = not widget.value() if hasattr(widget, "value") else True
        if empty and field.required:
            if field.type not in values:
                raise JourneyFailed(f"no scripted value for a {field.type} field ({field_id})")
            widget.set_value(values[field.type])


def exit_now(code: int) -> None:
    """Stop the face process, then leave without Python's teardown: PySide's exit handler
    destroys the QApplication before Qt Virtual Keyboard's QML objects, which then abort
    ("Must construct a QGuiApplication before a QPixmap") and would hide the result."""
    import os

    from camera import face_process

    face_process.shared().close()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())

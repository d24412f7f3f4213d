"""Helpers for the shell, screen and journey tests: drive a real kiosk with real session events.

No tests here. The face step hands the session a real template (the clip's person, the
`clip_template` fixture) that the real server compares with the NIK's reference face; waiting
screens are held by real_support.GatedProxy / HeldSubmitter in front of the real ports."""

from __future__ import annotations

import functools
from collections.abc import Callable

from kiosk.ports import FaceCaptureResult
from kiosk.session.states import State

NIK = "3171015505900001"  # Kota Administrasi Jakarta Pusat, a woman born 15 May 1990
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
# A service whose form needs one scanned document when the KK was lost (see the catalog).
DOC_SERVICE = "cetak-kk"
DOC_VALUES = {"nomor_kk": "3171010101200001", "alasan_cetak": "hilang", "nomor_hp": "081234567890"}


@functools.cache
def document_scan() -> bytes:
    """The JPEG the documents screen hands over for a card held still (camera.documents)."""
    from journey_support import document_scene

    from camera.documents import DocumentCapture, DocumentSettings

    capture = DocumentCapture(DocumentSettings(steady_frames=1))
    for _ in range(3):
        capture.check(document_scene())
    return capture.jpeg()


def face_capture(template) -> FaceCaptureResult:
    """What the face screen hands over after a live capture of the face behind `template`."""
    return FaceCaptureResult(list(template), {"passed": True, "method": "blink"}, 0.9)


def drive(
    controller,
    target: State,
    qtbot=None,
    language: str | None = None,
    nik: str = NIK,
    template=None,
) -> None:
    """To `target` with real session events (through controller.citizen, as the screens do),
    from WELCOME or from any state on the way to `target` (a journey goes on where it is).
    Past CONSENT the face step hands over `template`; past VERIFYING the verifier must answer
    (NO_MATCH: a `nik` whose reference face is not `template`'s)."""
    citizen = controller.citizen
    s = controller.session
    if language and s.state is State.WELCOME:
        controller.set_language(language)  # a reset brings the next citizen Indonesian
    if target is State.WELCOME:
        assert s.state is State.WELCOME, s.state
        return
    if target in (State.STATUS_CHECK, State.STATUS_LOOKUP):
        steps: list[tuple[State, Callable[[], object]]] = [
            (State.STATUS_CHECK, lambda: citizen.check_status())
        ]
        if target is State.STATUS_LOOKUP:
            from kiosk.tracking import check_symbol, format_code

            code = format_code("ABCD2345XY" + check_symbol("ABCD2345XY"))
            steps.append((State.STATUS_LOOKUP, lambda: citizen.enter_tracking_code(code)))
        _walk(s, target, steps)
        return
    steps = [
        (State.NIK, lambda: citizen.start()),
        (State.CONSENT, lambda: citizen.enter_nik(nik)),
    ]
    if target is State.ENDED:
        steps.append((State.ENDED, lambda: citizen.decline_consent()))
    else:
        steps.append((State.FACE, lambda: citizen.give_consent()))
    if target is State.STAFF_HELP:
        steps.append((State.STAFF_HELP, lambda: citizen.help()))
    elif target is State.FACE_FAILED:
        steps.append((State.FACE_FAILED, lambda: citizen.face_failed("no_face")))
    else:
        steps.append((State.VERIFYING, lambda: citizen.face_captured(_capture(template))))
    if target is State.NO_MATCH:
        steps.append((State.NO_MATCH, lambda: _wait_for(controller, State.NO_MATCH, qtbot)))
    steps += [
        (State.SERVICE, lambda: _wait_for(controller, State.SERVICE, qtbot)),
        (State.FORM, lambda: citizen.choose_service(DOC_SERVICE)),
        (State.DOCUMENTS, lambda: citizen.submit_form(_form_values(s))),
        (State.REVIEW, lambda: _scan_all(controller)),
        (State.SUBMITTING, lambda: citizen.confirm(True)),
        (State.SUBMITTED, lambda: _wait_for(controller, State.SUBMITTED, qtbot)),
        (State.SURVEY, lambda: citizen.finish()),
    ]
    _walk(s, target, steps)


def _walk(s, target: State, steps) -> None:
    path = [State.WELCOME] + [state for state, _ in steps]
    assert s.state in path[: path.index(target) + 1], f"{target} is not ahead of {s.state}"
    for state, step in steps[path.index(s.state) :]:
        if s.state is target:
            break
        step()
        assert s.state is state, f"expected {state}, got {s.state} (error {s.data.error})"
    assert s.state is target, (target, s.state)


def _capture(template) -> FaceCaptureResult:
    if template is None:
        raise RuntimeError("pass a real face template (clip_template) to drive() past FACE")
    return face_capture(template)


def _form_values(s) -> dict:
    """The form of DOC_SERVICE, with the citizen's own KK number when the server sent it."""
    kk = (s.data.prefill or {}).get("kk_number")
    return dict(DOC_VALUES, **({"nomor_kk": kk} if kk else {}))


def _scan_all(controller) -> None:
    for doc in controller.session.data.required_documents:
        controller.citizen.document_captured(doc, document_scan())
    controller.citizen.documents_done()


def _wait_for(controller, state: State, qtbot) -> None:
    """The controller answers busy states on its worker: wait until the session moves on."""
    if qtbot is None:
        raise RuntimeError("pass qtbot to drive() beyond the busy states")
    qtbot.waitUntil(lambda: controller.session.state is not _busy(state), timeout=20000)
    assert controller.session.state is state, (state, controller.session.state)


def _busy(state: State) -> State:
    return State.SUBMITTING if state is State.SUBMITTED else State.VERIFYING


def back_to_welcome(controller, qtbot, open_gates: Callable[[], None] = lambda: None) -> None:
    """Leave whatever state with real events (cancel, finish, skip the survey...);
    open_gates() lets a held port answer first."""
    s = controller.session
    for _ in range(6):
        state = s.state
        if state is State.WELCOME:
            return
        if state in (State.VERIFYING, State.SUBMITTING, State.STATUS_LOOKUP):
            open_gates()
            qtbot.waitUntil(lambda st=state: s.state is not st, timeout=20000)
        elif state is State.SUBMITTED:
            controller.citizen.finish()
        elif state is State.SURVEY:
            controller.citizen.survey_done(None)
        elif state is State.ENDED:
            controller.citizen.finish()
        elif state is State.STATUS_CHECK:
            controller.citizen.back()
        else:
            controller.citizen.cancel()
    raise AssertionError(f"could not get back to welcome from {s.state}")

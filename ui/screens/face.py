"""Face capture (state FACE): live mirrored preview, oval guide, instructions, liveness prompts.

The camera and the face models run in a CameraWorker (ui/camera_worker.py) on its own thread;
this screen only shows what the worker reports. Each prompt is written, drawn (an animated
icon) and spoken. When the liveness sequence has passed and a template is ready, the screen
shows the result for a moment and hands a FaceCaptureResult to the session; a failure goes to
the session as a reason code (the FACE_FAILED screen explains it).
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout

from camera.capture import FaceCaptureSettings
from kiosk.ports import FaceCaptureResult
from kiosk.session.states import State
from ui.camera_worker import FACE, CameraWorker
from ui.screens.base import Screen, follow_orientation
from ui.widgets.camera_view import CameraView, ChallengeIcon
from ui.widgets.common import Card, Message, Subtitle

log = logging.getLogger(__name__)

RESULT_PAUSE_MS = 800  # the citizen sees "done" before the kiosk moves on
SPEAK_EVERY_S = 4.0  # quality instructions change often; do not talk over oneself


class FaceScreen(Screen):
    states = (State.FACE,)
    realtime = True  # play video files at their own speed, like a camera (tests turn it off)
    max_seconds = 45.0  # no usable result in this time: "no face"

    def build(self) -> None:
        # The face models load in their own process (camera/face_process.py); the app should
        # call camera.face_process.warm_up() at start so the first citizen does not wait.
        self.worker: CameraWorker | None = None
        self._challenge: str | None = None
        self._spoken_at = 0.0
        self._instruction: str | None = None
        self._capture: FaceCaptureResult | None = None
        self._capture_run = -1
        # The last capture's camera.capture verdict ({"passed", "reason"}): the same one
        # `kiosk liveness` prints for the same frames and configuration.
        self.verdict: dict | None = None
        self._result_timer = QTimer(self)
        self._result_timer.setSingleShot(True)
        self._result_timer.timeout.connect(self._hand_over)
        self.heading = self.title()
        self.hint = Subtitle("", self)
        self.layout_.addWidget(self.hint)

        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(24)
        self.view = CameraView(self)
        self.body.addWidget(self.view, 3)

        side = QVBoxLayout()
        side.setSpacing(16)
        self.card = Card(self)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.icon = ChallengeIcon(self.card, 140)
        self.prompt = QLabel(self.card)
        self.prompt.setObjectName("Title")  # large, and it grows with the large-text mode
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.prompt, 1)
        self.card.box.addLayout(row)
        self.step = QLabel(self.card)
        self.step.setObjectName("FaceStep")
        self.progress = QProgressBar(self.card)
        self.progress.setTextVisible(False)
        self.progress.setMinimumHeight(24)
        self.card.box.addWidget(self.step)
        self.card.box.addWidget(self.progress)
        side.addWidget(self.card)
        self.result = Message("", "success", self)
        side.addWidget(self.result)
        side.addStretch(1)
        self.body.addLayout(side, 2)
        self.side = side
        self.layout_.addLayout(self.body, 1)
        self.nav_row(back=True, cancel=True)

    # ----- texts ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Look at the camera"))
        self.hint.setText(self.tr("Put your face inside the oval and follow the instructions."))
        self.retranslate_nav()
        self._show_prompt()

    def _show_prompt(self, guidance=None) -> None:
        if guidance is not None:
            done, total = guidance.progress
            self.progress.setRange(0, max(1, total))
            self.progress.setValue(done)
            step = min(done + 1, total)
            self.step.setText(
                self.tr("Step %1 of %2").replace("%1", str(step)).replace("%2", str(total))
            )
        # One instruction at a time: what is to be fixed comes before the challenge (a
        # challenge done too close, in the dark or turned away cannot give a usable face).
        if self._instruction_texts is not None:
            self.prompt.setText(self.pick(*self._instruction_texts))
        elif self._challenge_texts is not None:
            self.prompt.setText(self.pick(*self._challenge_texts))
        else:
            self.prompt.setText(self.tr("Look straight at the camera and keep still."))

    _challenge_texts: tuple[str, str] | None = None
    _instruction_texts: tuple[str, str] | None = None
    _challenge_spoken = False

    # ----- session ---------------------------------------------------------------------------

    def render(self, session) -> None:
        self._orient()
        if session.state is State.FACE and self.worker is None and self.isVisible():
            self.start_capture()

    def shown(self) -> None:
        if self.session.state is State.FACE and self.worker is None:
            self.start_capture()

    def hidden(self) -> None:
        self.stop_capture()
        self.clear()

    def clear(self) -> None:
        self._result_timer.stop()
        self._drop_capture()
        self.view.clear()
        self.icon.set_action("")
        self._challenge = self._instruction = None
        self._challenge_texts = self._instruction_texts = None
        self.result.setText("")
        self.step.setText("")
        self.progress.setValue(0)
        self._show_prompt()

    # ----- capture -----------------------------------------------------------------------------

    def start_capture(self) -> None:
        self.stop_capture()
        self.clear()
        self.verdict = None
        try:
            options = FaceCaptureSettings.from_config(self.controller.config).capture_options()
        except Exception:  # a broken configuration is a kiosk fault: staff must look
            log.exception("face capture settings are invalid")
            self.citizen.face_failed("camera_unavailable")
            return
        worker = CameraWorker(
            self.controller.camera_source,
            FACE,
            options,
            max_seconds=self.max_seconds,
            realtime=self.realtime,
            parent=self,
        )
        worker.set_preview_size(self.view.size())
        worker.previewReady.connect(self._preview)
        worker.guidance.connect(self._guidance)
        worker.captured.connect(self._captured)
        worker.failed.connect(self._failed)
        self.worker = worker
        self.speak(
            "Lihat ke kamera. Posisikan wajah Anda di dalam oval.",
            "Look at the camera. Put your face inside the oval.",
        )
        worker.start()

    def stop_capture(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            for signal in (worker.previewReady, worker.guidance, worker.captured, worker.failed):
                signal.disconnect()
            worker.stop()

    def _current(self) -> CameraWorker | None:
        sender = self.sender()
        return sender if sender is self.worker else None

    def _preview(self) -> None:
        worker = self._current()
        if worker is not None:
            self.view.set_image(worker.take_preview())
            worker.set_preview_size(self.view.size())

    def _guidance(self, guidance) -> None:
        if self._current() is None:
            return
        challenge = guidance.challenge
        if challenge and challenge["name"] != self._challenge:
            self._challenge = challenge["name"]
            self._challenge_texts = (challenge["id"], challenge["en"])
            self._challenge_spoken = False
            self.icon.set_action(self._challenge)
        elif not challenge:
            self._challenge, self._challenge_texts = None, None
            self.icon.set_action("")
        instruction = guidance.instruction
        code = instruction["code"] if instruction else None
        if code != self._instruction:
            self._instruction = code
            self._instruction_texts = (
                (instruction["id"], instruction["en"]) if instruction else None
            )
            # Spoken at most every few seconds: the written text follows every frame.
            now = time.monotonic()
            if instruction and now - self._spoken_at > SPEAK_EVERY_S:
                self._spoken_at = now
                self.speak(instruction["id"], instruction["en"])
        # The challenge is said once nothing is left to fix, as it is then written.
        if challenge and not instruction and not self._challenge_spoken:
            self._challenge_spoken = True
            self.speak(challenge["id"], challenge["en"])
        # The oval follows the quality verdict: green while nothing is to be fixed.
        if guidance.faces == 0:
            self.view.set_state("neutral")
        else:
            self.view.set_state("warn" if instruction else "ok")
        self._show_prompt(guidance)

    def _captured(self, result) -> None:
        if self._current() is None:
            return
        self.verdict = result.verdict()
        self.stop_capture()
        self.icon.set_action("done")
        self.view.set_state("ok")
        self.progress.setValue(self.progress.maximum())
        self.result.show_message(self.tr("Done. Your face has been captured."), "success")
        self.speak("Selesai. Wajah Anda sudah direkam.", "Done. Your face has been captured.")
        capture = result.for_session()  # camera.capture.CaptureOutcome -> the session's copy
        if isinstance(result.template, list):
            result.template.clear()  # the session keeps its own copy, which it zeroes
        self._capture, self._capture_run = capture, self.session.run_id
        self._result_timer.start(RESULT_PAUSE_MS)

    def _hand_over(self) -> None:
        capture, run_id = self._capture, self._capture_run
        self._capture = None
        if capture is None:
            return
        if self.session.state is State.FACE and self.session.run_id == run_id:
            self.citizen.face_captured(capture)
        capture.template.clear()

    def _drop_capture(self) -> None:
        if self._capture is not None:
            self._capture.template.clear()
            self._capture = None

    def _failed(self, reason: str) -> None:
        worker = self._current()
        if worker is None:
            return
        # The quality problem that kept every frame out (e.g. too_close), for the next screen.
        outcome = worker.outcome
        self.verdict = outcome.verdict() if outcome else {"passed": False, "reason": reason}
        problem = outcome.problem if outcome is not None else None
        self.stop_capture()
        if self.session.state is State.FACE:
            self.citizen.face_failed(reason, problem)

    def _orient(self) -> None:
        wide = follow_orientation(self.body, self.window())
        # Portrait: the camera takes all the height the prompts leave free.
        self.body.setStretch(0, 3 if wide else 1)
        self.body.setStretch(1, 2 if wide else 0)

    def resizeEvent(self, event) -> None:
        self._orient()
        if self.worker is not None:
            self.worker.set_preview_size(self.view.size())
        super().resizeEvent(event)

"""Setup step 2: the camera, with a live preview and the frame rate it really delivers."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from ui.setup.choices import ChoiceGroup
from ui.setup.enroll_page import RESTART_MS
from ui.setup.pages import column
from ui.setup.preview import PreviewWorker, preview_size, retire, show_preview
from ui.setup.words import camera_name
from ui.widgets.camera_view import CameraView
from ui.widgets.common import Message, Subtitle

SLOW_FPS = 15.0  # below this the face check suffers (as `kiosk doctor` warns)


class CameraPage(QWidget):
    readyChanged = Signal()

    def __init__(self, wizard, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SetupCamera")
        self.wizard = wizard
        self.worker: PreviewWorker | None = None
        self.active = False
        self.fps: float | None = None
        self.failed = False
        self.devices: list[str] = []
        box = column(self)
        self.head = Subtitle("", self)
        self.choices = ChoiceGroup(lambda: {d: camera_name(d) for d in self.devices}, 2, self)
        self.choices.chosen.connect(self._chosen)
        self.view = CameraView(self, oval=False)
        self.fps_label = Message("", "info", self)
        box.addWidget(self.head)
        box.addWidget(self.choices)
        box.addWidget(self.view, 1)
        box.addWidget(self.fps_label)
        self.restart = QTimer(self)
        self.restart.setSingleShot(True)
        self.restart.setInterval(RESTART_MS)
        self.restart.timeout.connect(self._start)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Choose the camera")

    def ready(self) -> bool:
        return bool(self.wizard.settings.get("camera.device"))

    def enter(self) -> None:
        current = self.wizard.settings.get("camera.device", "0")
        found = list(dict.fromkeys([current, *self.wizard.actions.cameras()]))
        if found != self.devices:
            self.devices = found
            self.choices.set_values(found)
        self.choices.choose(current)
        self.active = True
        self._start()

    def leave(self) -> None:
        self.active = False
        self.restart.stop()
        self._stop()

    def set_landscape(self, landscape: bool) -> None:
        self.choices.set_columns(3 if landscape else 2)

    def retranslate(self) -> None:
        self.head.setText(self.tr("Touch the camera the kiosk should use and check the picture."))
        self.choices.retranslate()
        self._show_fps()

    def _chosen(self, device: str) -> None:
        if device == self.wizard.settings.get("camera.device") and self.worker is not None:
            return
        self.wizard.settings["camera.device"] = device
        self.fps, self.failed = None, False
        self._stop()
        self.view.clear()
        self._show_fps()
        self._start()
        self.readyChanged.emit()

    def _start(self) -> None:
        if not self.active or self.worker is not None or self.failed:
            return
        device = self.wizard.settings.get("camera.device", "0")
        worker = PreviewWorker(lambda: self.wizard.actions.open_camera(device))
        worker.set_preview_size(preview_size(self.view.size()))
        worker.previewReady.connect(self._preview)
        worker.fpsMeasured.connect(self._measured)
        worker.failed.connect(self._failed)
        worker.finished.connect(lambda w=worker: self._ended(w))
        self.worker = worker
        worker.start()

    def _stop(self) -> None:
        if self.worker is not None:
            worker, self.worker = self.worker, None
            retire(worker, worker.previewReady, worker.fpsMeasured, worker.failed, worker.finished)

    def _preview(self) -> None:
        if self.worker is not None:
            show_preview(self.worker, self.view)

    def _measured(self, fps: float) -> None:
        self.fps = fps
        self.wizard.fps = fps
        self._show_fps()

    def _failed(self, _reason: str) -> None:
        self.failed, self.fps = True, None
        self.wizard.fps = None
        self._stop()
        self.view.clear()
        self._show_fps()

    def _ended(self, worker) -> None:
        if worker is not self.worker:
            return
        self.worker = None
        worker.deleteLater()
        if worker.frames > 0:  # a video file ran out: play it again
            self.restart.start()
        else:
            self._failed("camera_unavailable")

    def _show_fps(self) -> None:
        if self.failed:
            self.fps_label.show_message(
                self.tr("This camera gives no picture. Check its cable or choose another one."),
                "error",
            )
        elif self.fps is None:
            self.fps_label.show_message(self.tr("Measuring the frame rate…"), "info")
        elif self.fps < SLOW_FPS:
            self.fps_label.show_message(
                self.tr(
                    "%1 frames per second: too slow for the face check. Use a USB port of its "
                    "own, more light, or another camera."
                ).replace("%1", f"{self.fps:.1f}"),
                "warning",
            )
        else:
            self.fps_label.show_message(
                self.tr("%1 frames per second: good.").replace("%1", f"{self.fps:.1f}"),
                "success",
            )

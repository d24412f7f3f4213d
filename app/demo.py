"""The demo set-up: an embedded reference server with demo data, and "enroll my face".

DemoEnvironment starts the reference server (server.app.BackgroundServer) on loopback in a
background thread, seeds the synthetic population, enrolls this kiosk with a one-time code, and
can store a visitor's face as the reference photo of the demo NIKs, so the visitor verifies as
themselves. Everything lives in one work folder (a temporary one unless told otherwise).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger("app.demo")

DEMO_SITE = "MPP Demo"
# The camera of a demo on a machine without a webcam: a real person blinking at a kiosk's
# distance (assets/demo/README.md says where it comes from). In assets/, so the build has it.
DEMO_CLIP = Path(__file__).resolve().parents[1] / "assets" / "demo" / "blinking_step_back.mp4"
DEMO_REGION = "3171"  # Kota Jakarta Pusat (Kemendagri): receipts in WIB


class DemoError(Exception):
    """A demo step failed; the message says what to do."""


@dataclass
class FaceEnrollment:
    niks: list[str]
    frame_index: int


class DemoEnvironment:
    """start() -> the server runs and the kiosk is enrolled; stop() shuts it down."""

    def __init__(self, workdir: Path | None = None, citizens: int = 200, seed: int = 2024):
        self._tmp = None
        if workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="mpp-demo-")
            workdir = Path(self._tmp.name)
        self.workdir = Path(workdir)
        self.server_dir = self.workdir / "server"
        self.kiosk_dir = self.workdir / "kiosk"
        self.citizens, self.seed = citizens, seed
        self.server = None
        self.identity = None
        self.citizen_nik: str | None = None  # an adult with a family, for adminduk services
        self.worker_nik: str | None = None  # a registered health worker, for SIP services
        self.sample_niks: list[str] = []

    @property
    def receipts_dir(self) -> Path:
        """Where the demo's PDF printer writes the receipts."""
        return self.workdir / "receipts"

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def ctx(self):
        return self.server.app.state.ctx

    @property
    def demo_niks(self) -> list[str]:
        return [nik for nik in (self.citizen_nik, self.worker_nik) if nik]

    def start(self) -> DemoEnvironment:
        from server.app import BackgroundServer
        from server.demo_seed import seed_demo
        from server.enrollment import create_enroll_code
        from server.settings import ServerSettings
        from sync.enroll import enroll

        self.kiosk_dir.mkdir(parents=True, exist_ok=True)
        settings = ServerSettings(data_dir=self.server_dir)
        self.server = BackgroundServer(settings).start()
        self.ctx.settings.public_url = self.url
        report = seed_demo(self.ctx, seed=self.seed, citizens=self.citizens)
        self.sample_niks = list(report.sample_niks)
        self.citizen_nik = self.sample_niks[0] if self.sample_niks else None
        self.worker_nik = report.sample_worker_nik
        code, _expires = create_enroll_code(self.ctx, DEMO_SITE, 3600, DEMO_REGION)
        self.identity = enroll(self.kiosk_dir, self.url, code, expected_key_id=self.ctx.keys.key_id)
        log.info("demo server on %s, kiosk %s enrolled", self.url, self.identity.kiosk_id)
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> DemoEnvironment:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ----- reference faces -----------------------------------------------------------------

    def enroll_photo(self, nik: str, photo: Path) -> dict:
        """Store the face in `photo` as the NIK's reference (server admin function)."""
        from server.admin import AdminError, enroll_face

        try:
            return enroll_face(self.ctx, nik, Path(photo))
        except AdminError as exc:
            raise DemoError(str(exc)) from None

    def enroll_image(self, niks: Iterable[str], rgb: np.ndarray, strict: bool = True) -> None:
        """Store an RGB frame as the reference of each NIK. strict: through the server's admin
        function (photo quality gate; the frame goes to a private temporary file, removed at
        once); otherwise the template of the one face is stored directly."""
        import cv2

        if not strict:
            self._store_template(niks, rgb)
            return
        folder = self.workdir / "enroll"
        folder.mkdir(exist_ok=True, mode=0o700)
        path = folder / "face.png"
        try:
            cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
            for nik in niks:
                self.enroll_photo(nik, path)
        finally:
            path.unlink(missing_ok=True)

    def _store_template(self, niks: Iterable[str], rgb: np.ndarray) -> None:
        from camera.photo import detect_photo_faces
        from camera.templates import template_from_face
        from kiosk.nik import parse_nik
        from server.admin import store_reference

        template = template_from_face(rgb, detect_photo_faces(rgb)[0])
        for nik in niks:
            store_reference(self.ctx, parse_nik(nik), template)

    def enroll_from_frames(
        self, niks: Iterable[str], frames, max_frames: int = 300, step: int = 3, patience: int = 10
    ) -> FaceEnrollment:
        """The first frame with one face of photo quality becomes the reference of each NIK.

        Webcam close-ups often never pass the photo gate (face too close): then the first
        frame with exactly one face is used, which is good enough for a demo reference."""
        from camera.photo import detect_photo_faces
        from camera.templates import FaceTemplateError, template_from_image

        niks = list(niks)
        fallback: tuple[int, np.ndarray] | None = None
        for index, frame in enumerate(frames):
            if index >= max_frames:
                break
            if index % step:
                continue
            rgb = getattr(frame, "image", frame)
            try:
                template_from_image(rgb)
            except FaceTemplateError as exc:
                if fallback is None and exc.code == "low_quality":
                    fallback = (index, rgb.copy())
                if fallback is not None and index - fallback[0] >= patience * step:
                    break  # a one-face frame is there; do not scan the whole clip for better
                continue
            self.enroll_image(niks, rgb)
            return FaceEnrollment(niks, index)
        if fallback is not None and len(detect_photo_faces(fallback[1])) == 1:
            self.enroll_image(niks, fallback[1], strict=False)
            return FaceEnrollment(niks, fallback[0])
        raise DemoError(
            f"no frame with one clear face in the first {max_frames} frames; "
            "face the camera in good light, or pass another --camera"
        )

    def enroll_from_source(
        self, spec: str, niks: Iterable[str] | None = None, max_frames: int = 300
    ) -> FaceEnrollment:
        from camera.sources import SourceError, open_source

        try:
            source = open_source(spec)
        except (SourceError, OSError) as exc:
            raise DemoError(f"cannot open camera {spec!r}: {exc}") from None
        with source:
            return self.enroll_from_frames(niks or self.demo_niks, source.frames(), max_frames)

    # ----- the kiosk's configuration ---------------------------------------------------------

    def overrides(
        self, camera: str | None, challenges: list[str] | None, language: str | None
    ) -> dict[str, str]:
        values = {
            "server.url": self.url,
            "printer.kind": "pdf",
            "printer.target": str(self.receipts_dir),
        }
        if camera:
            values["camera.device"] = camera
        if challenges:
            values["liveness.challenges"] = ",".join(challenges)
            values["liveness.count"] = str(len(challenges))
        if language:
            values["kiosk.language"] = language
        return values


def camera_problem(spec: str) -> str | None:
    """None when `spec` names a usable camera or file; otherwise what to tell the visitor."""
    import cv2

    from camera.sources import camera_device, is_device, list_cameras

    if hasattr(cv2, "setLogLevel"):
        cv2.setLogLevel(0)  # silent: the message below says it plainly
    if is_device(spec):
        device = camera_device(spec)
        index = isinstance(device, int)
        found = [c["device"] for c in list_cameras(device + 1 if index else 1)]
        by_path = f"/dev/video{device}" if index else device
        if device in found or by_path in found:
            return None
        return (
            f"No camera found at {spec!r}. Connect a webcam, or choose one with "
            "--camera DEVICE (e.g. --camera 1 or --camera /dev/video2), or use a video file "
            "with --camera path/to/clip.mp4."
        )
    if not Path(spec).is_file():
        return (
            f"The camera file {spec!r} does not exist. "
            "Pass a video or photo file, or a camera number."
        )
    return None


def enroll_dialog(env: DemoEnvironment, spec: str) -> FaceEnrollment | None:
    """ "Enroll my face" on screen (ui/face_enroll.py) for the demo NIKs; None when skipped."""
    from ui.face_enroll import enroll_face_dialog

    return enroll_face_dialog(
        env.demo_niks,
        spec,
        lambda frames: env.enroll_from_frames(env.demo_niks, frames, max_frames=90, step=1),
        errors=(DemoError,),
    )

"""Doctor checks for the camera and the face models (kiosk/doctor.py has the model).

The camera check opens the configured device as `kiosk camera test` does (camera.sources) and
measures the fps it achieves for `seconds` (0: one frame is enough). The model check loads
mediapipe's Face Mesh and dlib's 5-point + ResNet encoder (face_recognition) as the face
screen's warm-up does. OpenCV's and mediapipe's own lines stay off the terminal (app/quiet.py,
camera.sources.opencv_quiet around every device probe, camera/native_logs.py).
"""

from __future__ import annotations

import time
from pathlib import Path

from kiosk.doctor import CheckResult, fail, ok, warn

CAMERA_HINT = (
    "Check the camera cable and that camera.device (see `kiosk config show`) names it; "
    "`kiosk camera test` lists the cameras found."
)


def check_camera(config, seconds: float = 2.0, first_frame_timeout: float = 5.0) -> CheckResult:
    from camera.sources import CameraSource, camera_device, device_node_missing, is_device

    spec = str(config["camera.device"])
    device = camera_device(spec) if is_device(spec) else spec
    label = spec if is_device(spec) else "video file"
    if not is_device(spec) and not Path(spec).is_file():
        return fail("camera", "the video file named by camera.device is not there", CAMERA_HINT)
    if device_node_missing(device):
        found = len(list(Path("/dev").glob("video*")))
        return fail("camera", f"camera {label} is not there ({found} video device(s))", CAMERA_HINT)
    source = CameraSource(
        device,
        int(config["camera.width"]),
        int(config["camera.height"]),
        float(config["camera.fps"]),
    )
    try:
        first = source.latest(timeout=first_frame_timeout)
        if first is None:
            return fail("camera", f"camera {label} gives no picture ({source.status})", CAMERA_HINT)
        size = f"{first.image.shape[1]}x{first.image.shape[0]}"
        if seconds <= 0:
            return ok("camera", f"camera {label} gives pictures ({size}; fps not measured)")
        frames, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            if source.latest(timeout=1.0) is not None:
                frames += 1
        fps = frames / (time.perf_counter() - started)
    finally:
        source.close()
    detail = f"camera {label}: {size} at {fps:.1f} fps"
    wanted = float(config["camera.fps"])
    if fps < min(15.0, wanted * 0.5):
        return warn(
            "camera",
            detail,
            "The camera is slow: use a USB 2/3 port of its own, more light, or a lower "
            "camera.width/camera.height.",
        )
    return ok("camera", detail)


def check_face_models() -> CheckResult:
    import numpy as np

    from camera.templates import TEMPLATE_SIZE, FaceBox, encode_face
    from camera.tracker import FaceTracker

    hint = (
        "The face models did not load: reinstall the kiosk software (`./kiosk.sh demo` sets "
        "it up) and check mediapipe and face_recognition_models are installed."
    )
    started = time.perf_counter()
    FaceTracker(static=True).close()
    encoding = encode_face(np.full((240, 240, 3), 128, np.uint8), FaceBox(60, 60, 180, 180))
    if encoding.shape != (TEMPLATE_SIZE,):
        return fail("face_models", f"the face encoder gave {encoding.shape}", hint)
    took = time.perf_counter() - started
    return ok("face_models", f"mediapipe and dlib 5-point/ResNet loaded in {took:.1f} s")

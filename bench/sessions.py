"""Whole citizen sessions through the real kiosk UI, one after another in this process, for
the memory benchmark and the soak (bench/bench_memory.py, bench/soak.py).

    .venv/bin/python bench/sessions.py [--sessions 3]   (prints each session's time)

The reference server runs with the demo population (app.demo, as `kiosk demo` does) in a
process of its own over loopback, so that what is measured here is the kiosk alone; the kiosk
is enrolled on it and built like `kiosk run` (app.compose.make_ports: real store, sealed outbox
and its uploader, signed HTTP, the ESC/POS printer writing to a file; ui.app.build_kiosk).
The camera is a video file: the demo clip (assets/demo/blinking_step_back.mp4, a real person
blinking, MIT; its README says where it comes from) for the face, a printed card brought in
and held still for the document. A session: welcome -> NIK keypad -> consent -> face check
(blink liveness) -> service (a lost family card's reprint) -> form -> the police report held
up -> review -> send -> receipt printed -> survey skipped -> welcome. The clip's face is the
reference of a few demo citizens, taken in turn (the server allows 10 identity checks per NIK
a minute; the per-kiosk limit is lifted for the bench).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# A reprint of a lost family card: a short form and one document to hold up (the police
# report of the loss); the KTP-el is checked by the face check itself.
SERVICE = "cetak-kk"
CHOICES = {"alasan_cetak": "hilang"}
FORM_VALUES = {
    "text": "Persyaratan melamar pekerjaan",
    "phone": "081234567890",
    "email": "warga@example.id",
}


class SessionFailed(Exception):
    pass


@dataclass
class SessionResult:
    tracking_code: str
    seconds: float


def document_frames(moving: int = 8, still: int = 40) -> list:
    """A white card with printed lines brought in front of a darker textured background, then
    held still (RGB frames)."""
    from build.smoke_test import document_scene

    background, card = document_scene()
    frames = []
    for step in range(moving + 1):
        frame = background.copy()
        x = 360 + 20 * step
        frame[180:540, x : x + 560] = card
        frames.append(frame)
    return frames + [frames[-1]] * still


class SessionDriver:
    """start() -> server up, kiosk enrolled and on its welcome screen; run_session() drives
    one citizen through; close() shuts everything down. `settings`: kiosk configuration keys
    ("sync.retention_days": "0.0001"). Everything lives in `workdir` (a temporary folder)."""

    def __init__(
        self,
        workdir: Path | None = None,
        clip: Path | None = None,
        citizens: int = 8,
        timeout: float = 120.0,
        **settings: str,
    ):
        from app.demo import DEMO_CLIP

        self.workdir, self.clip = workdir, Path(clip or DEMO_CLIP)
        self.citizens, self.timeout, self.settings = citizens, timeout, settings
        self._tmp = self._server = self._previous_handler = None
        self._saved_environ: dict[str, str | None] = {}
        self.url, self.kiosk_dir = "", None
        self.niks: list[str] = []
        self.count = 0
        self._document_frames = document_frames()
        self.app = self.controller = self.window = None
        self._closers: list = []

    # ----- set-up ------------------------------------------------------------------------

    def start(self) -> SessionDriver:
        from PySide6.QtCore import qInstallMessageHandler

        from app.compose import make_ports
        from camera.face_process import warm_up
        from kiosk.catalog import default_catalog
        from kiosk.config import load_config
        from kiosk.session.rules import CatalogRules
        from kiosk.session.states import State
        from ui.app import build_kiosk, create_application
        from ui.speech import Speech

        if self.workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="mpp-bench-")
            self.workdir = Path(self._tmp.name)
        self.app = create_application(virtual_keyboard=False)
        self._previous_handler = qInstallMessageHandler(_quiet_qt)
        self._start_server()
        values = {
            "server.url": self.url,
            "camera.device": str(self.clip),
            "liveness.challenges": "blink",
            "liveness.count": "1",
            "kiosk.language": "id",
            "printer.kind": "file",
            "printer.target": str(self.printer_file),
            **self.settings,
        }
        environ = {"MPP_KIOSK__" + k.upper().replace(".", "__"): v for k, v in values.items()}
        # in the environment too: the uploader reloads the configuration from it (sync.refresh)
        self._saved_environ = {name: os.environ.get(name) for name in environ}
        os.environ.update(environ)
        self.config = load_config(None, self.kiosk_dir, environ=environ)
        catalog = default_catalog()
        self.catalog = catalog
        self.ports, self._closers = make_ports(
            self.kiosk_dir, self.config, catalog, language=lambda: self.controller.language
        )
        self.controller, self.window = build_kiosk(
            CatalogRules(catalog),
            self.ports,
            catalog,
            self.config,
            camera_factory=self._camera,
            speech=Speech(enabled=False),
            language="id",
        )
        self.window.resize(1080, 1920)
        # as `kiosk run` shows it: with the controller's clock (inactivity, and the memory a
        # session freed given back on the quiet welcome screen)
        self.window.show_kiosk()
        face = self.window.screen_for(State.FACE)
        face.realtime = False  # the clip as fast as the models go (liveness uses timestamps)
        warm_up(background=False)  # what the kiosk does at start
        self._pump(lambda: self.session.state is State.WELCOME, "welcome")
        return self

    def _start_server(self) -> None:
        """The reference server in a process of its own (`serve` below), so that what is
        measured here (memory, threads, files) is the kiosk's alone."""
        self._server = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "serve"]
            + ["--workdir", str(self.workdir), "--citizens", str(self.citizens)]
            + ["--clip", str(self.clip)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        line = "-"
        while line and not line.startswith("{"):
            line = self._server.stdout.readline()
        if not line:
            self._server.wait(30)
            code = self._server.returncode
            raise SessionFailed(f"the reference server did not start (exit {code})")
        info = json.loads(line)
        self.url, self.niks = info["url"], info["niks"]
        self.kiosk_dir = Path(info["kiosk_dir"])

    @property
    def printer_file(self) -> Path:
        return self.workdir / "printer.bin"

    @property
    def session(self):
        return self.controller.session

    def _camera(self):
        from camera.sources import ArraySource, VideoFileSource
        from kiosk.session.states import State

        if self.session.state is State.DOCUMENTS:
            return ArraySource(self._document_frames, fps=15.0)
        return VideoFileSource(self.clip)

    # ----- one session ---------------------------------------------------------------------

    def _pump(self, until, what: str, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.timeout)
        while not until():
            if time.monotonic() > deadline:
                raise SessionFailed(f"{what}: still {self.session.state.name}")
            self.app.processEvents()
            time.sleep(0.005)

    def _click(self, button) -> None:
        self._pump(lambda: button.isVisible() and button.isEnabled(), f"button {button.text()!r}")
        button.click()
        self.app.processEvents()

    def run_session(self) -> SessionResult:
        """One citizen from the welcome screen back to it; SessionFailed when a step does not
        come (the message names the step and the state the kiosk was in)."""
        from kiosk.session.states import State

        started = time.monotonic()
        nik = self.niks[self.count % len(self.niks)]
        self.count += 1
        window, session = self.window, self.session
        self._pump(lambda: session.state is State.WELCOME, "welcome")
        self._click(window.current_screen().start_button)
        if hasattr(window.current_screen(), "lang_id"):  # a language step, when there is one
            self._click(window.current_screen().lang_id)
        keypad = window.current_screen().keypad
        for digit in nik:
            self._click(keypad.keys[digit])
        self._click(keypad.keys["ok"])
        self._pump(lambda: session.state is State.CONSENT, "consent")
        self._click(window.current_screen().agree)
        verdicts = (State.SERVICE, State.NO_MATCH, State.FACE_FAILED, State.STAFF_HELP)
        self._pump(lambda: session.state in verdicts, "face verdict")
        if session.state is not State.SERVICE:
            raise SessionFailed(f"face check ended in {session.state.name}")
        window.current_screen().choose(SERVICE)
        self._pump(lambda: session.state is State.FORM, "form")
        self._fill_form(window.current_screen())
        self._click(window.current_screen().next_button)
        self._pump(lambda: session.state in (State.DOCUMENTS, State.REVIEW), "documents")
        if session.state is State.DOCUMENTS:
            docs = window.current_screen()
            for n in range(1, len(session.data.required_documents) + 1):
                self._pump(
                    lambda n=n: len(session.data.documents) >= n or docs.shutter_button.isEnabled(),
                    "document photo",
                )
                if len(session.data.documents) < n:
                    self._click(docs.shutter_button)
                self._pump(lambda n=n: len(session.data.documents) >= n, "document photo")
                self._click(docs.continue_button)
        self._pump(lambda: session.state is State.REVIEW, "review")
        review = window.current_screen()
        self._click(review.declaration)
        self._click(review.send_button)
        self._pump(lambda: session.state is State.SUBMITTED, "submitted")
        receipt = session.data.receipt
        if receipt is None:
            raise SessionFailed("submitted without a receipt")
        code = receipt.tracking_code
        self._click(window.current_screen().done)
        self._pump(lambda: session.state is State.SURVEY, "survey")
        self._click(window.current_screen().skip_all)
        self._pump(lambda: session.state is State.WELCOME, "back to welcome")
        return SessionResult(code, time.monotonic() - started)

    def _fill_form(self, form_screen) -> None:
        """Valid values for the service's empty required fields: the citizen's prefill stays."""
        service = self.catalog.get(SERVICE)
        prefill = self.session.data.prefill or {}
        values = dict(FORM_VALUES, kk=prefill.get("kk_number", ""))
        for field_id, widget in form_screen.form.widgets.items():
            field = service.field(field_id)
            if field_id in CHOICES:
                widget.set_value(CHOICES[field_id])
                continue
            empty = not widget.value() if hasattr(widget, "value") else True
            if empty and field.required:
                if field.type not in values:
                    raise SessionFailed(f"no scripted value for a {field.type} field ({field_id})")
                widget.set_value(values[field.type])

    # ----- after the sessions --------------------------------------------------------------

    def settle(self, timeout: float = 120.0) -> None:
        """Let the kiosk finish in the background what the sessions left (the uploader sends
        the queued applications, retired camera workers end)."""
        from kiosk.store import Store
        from kiosk.store.outbox import Outbox
        from ui import threads

        store = Store.open(self.kiosk_dir)
        try:
            outbox = Outbox(store)
            self._pump(lambda: outbox.pending_count() == 0, "outbox drained", timeout)
        finally:
            store.close()
        self._pump(lambda: threads.pending() == 0, "camera workers ended", timeout)

    def end_idle_pool_threads(self, timeout: float = 40.0) -> None:
        """Let the Qt pool threads that only wait for their expiry end. A pool thread lives
        on 30 s after its last job (expiryTimeout): 2 to 4 of them (the controller's jobs,
        Qt's global pool, Qt's own pools) are found at rest depending on how the last jobs
        overlapped, and none 30 s later. waitForDone ends the idle ones of the pools in reach
        at once; Qt's own expire. So a count is of the threads the kiosk keeps (one still
        there after `timeout` is counted)."""
        from PySide6.QtCore import QThreadPool

        self.controller.wait_idle(int(timeout * 1000))
        QThreadPool.globalInstance().waitForDone(int(timeout * 1000))
        deadline = time.monotonic() + timeout
        while pool_threads() and time.monotonic() < deadline:
            self.idle(0.5)

    def idle(self, seconds: float) -> None:
        """Let the event loop and the background workers run for `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)

    def close(self) -> None:
        from ui import threads

        if self.controller is not None:
            self.controller.timer.stop()
            self.controller.wait_idle(20000)
            self.window.close()
            self._pump(lambda: threads.pending() == 0, "camera workers ended", 60)
        for close in self._closers:
            close()
        self._closers = []
        for name, value in self._saved_environ.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_environ = {}
        if self._server is not None:
            self._server.stdin.close()  # `serve` stops the server at end of input
            try:
                self._server.wait(60)
            except subprocess.TimeoutExpired:
                self._server.kill()
                self._server.wait()
            self._server.stdout.close()
            self._server = None
        if self.app is not None:
            from PySide6.QtCore import qInstallMessageHandler

            self.app.processEvents()
            qInstallMessageHandler(self._previous_handler)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def pool_threads(pid: int | str = "self") -> int:
    """Qt's pool threads in a process (QThreadPool names them "Thread (pooled)")."""
    count = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            count += (task / "comm").read_text().strip() == "Thread (pooled)"
        except OSError:  # ended meanwhile
            pass
    return count


def rest_seconds() -> float:
    """How long the kiosk sits quiet on its welcome screen before a reading: once a citizen
    has left it gives back the memory the session freed after RELEASE_QUIET_S, on its tick
    (ui/controller.py), as it does between citizens."""
    from ui.controller import RELEASE_QUIET_S, TICK_MS

    return RELEASE_QUIET_S + 2 * TICK_MS / 1000


def resident_mib(pid: int | str = "self") -> float:
    """Resident set size (VmRSS) of a process in MiB; 0 when it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def trend_growth(points: list[tuple[int, float]]) -> float:
    """Growth in % from the first to the last session of the least-squares line through
    (session, value) points: a leak's steady rise, not one reading's noise (the face process's
    resident size moves by ~10 % from one idle moment to the next)."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    if len(points) < 2 or not statistics.fmean(ys):
        return 0.0
    slope, intercept = statistics.linear_regression(xs, ys)
    start = intercept + slope * xs[0]
    return slope * (xs[-1] - xs[0]) / start * 100 if start else 0.0


def face_process_pid() -> int | None:
    """The face models' process of this kiosk (camera.face_process), when it runs."""
    from camera import face_process

    pipeline = face_process._shared  # not started by asking: None before the first use
    process = getattr(pipeline, "process", None)
    return process.pid if process is not None and process.is_alive() else None


def _quiet_qt(mode, context, message: str) -> None:
    """Qt's messages on stderr as usual, less the offscreen platform's notice repeated on
    every screen change (it has no window manager to pass size hints to)."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def serve(workdir: Path, citizens: int, clip: Path) -> None:
    """The reference server with the demo population, this kiosk enrolled, and the clip's
    face as the reference of `citizens` demo citizens; prints one JSON line (url, niks,
    kiosk_dir), then serves until its input ends."""
    from app.demo import DemoEnvironment
    from camera.sources import VideoFileSource

    env = DemoEnvironment(workdir, citizens=max(40, citizens * 4)).start()
    try:
        env.ctx.settings.verify_per_kiosk_per_minute = 10_000  # one kiosk, many sessions
        niks = env.sample_niks[:citizens]
        source = VideoFileSource(clip)
        try:
            env.enroll_from_frames(niks, source.frames(), max_frames=120, step=5)
        finally:
            source.close()
        info = {"url": env.url, "niks": niks, "kiosk_dir": str(env.kiosk_dir)}
        print(json.dumps(info), flush=True)
        sys.stdin.read()
    finally:
        env.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=3)
    sub = parser.add_subparsers(dest="command")
    server = sub.add_parser("serve", help="(internal) the reference server of the sessions")
    server.add_argument("--workdir", type=Path, required=True)
    server.add_argument("--citizens", type=int, default=8)
    server.add_argument("--clip", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args.workdir, args.citizens, args.clip)
        return 0
    driver = SessionDriver().start()
    try:
        for n in range(1, args.sessions + 1):
            result = driver.run_session()
            print(f"session {n}: {result.seconds:.1f} s ({result.tracking_code})", flush=True)
        driver.settle()
    finally:
        driver.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

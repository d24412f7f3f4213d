"""Smoke test of the built kiosk folder itself (./kiosk.sh test runs it after the build).

Everything below runs the frozen binary (build/out/dist/kiosk/kiosk), never the source:
`server admin seed-demo`, `server serve` on loopback, `server admin enroll-code`,
`server admin enroll-face` (a frame of the demo clip as a citizen's reference), `enroll`,
`doctor --json`, then one scripted journey through the real UI offscreen (app.smoke_journey:
NIK -> face check on the clip -> service -> form -> document -> submit -> receipt),
`queue drain`, and `server admin applications` must list the application. The folder must
not hold the 68-point landmark model. Exit 0 only when all of it held.

  .venv/bin/python build/smoke_test.py [--source]   (--source: the same steps from source)
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "build" / "out" / "dist" / "kiosk"
BINARY = FOLDER / ("kiosk.exe" if os.name == "nt" else "kiosk")
CLIP = ROOT / "assets" / "demo" / "blinking_step_back.mp4"
FORBIDDEN = "shape_predictor_68_face_landmarks.dat"
REGION = "3171"  # Kota Jakarta Pusat


class SmokeFailed(Exception):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Smoke:
    def __init__(self, work: Path, source: bool):
        self.work = work
        self.kiosk = [sys.executable, "-m", "app.cli"] if source else [str(BINARY)]
        self.journey = (
            [sys.executable, "-m", "app.smoke_journey"]
            if source
            else [str(BINARY), "smoke-journey"]
        )
        self.server_dir, self.kiosk_dir = work / "server", work / "kiosk"
        self.printer = work / "printer.bin"
        home = work / "home"
        home.mkdir(parents=True)
        self.env = {
            **os.environ,
            "HOME": str(home),  # no trace in the user's config, keyring or data folders
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "QT_QPA_PLATFORM": "offscreen",
            "MPP_KIOSK__CAMERA__DEVICE": str(CLIP),
            "MPP_KIOSK__PRINTER__KIND": "file",
            "MPP_KIOSK__PRINTER__TARGET": str(self.printer),
            "MPP_KIOSK__LIVENESS__CHALLENGES": "blink",
            "MPP_KIOSK__LIVENESS__COUNT": "1",
        }
        self.env.pop("PYTHONPATH", None)
        self.server: subprocess.Popen | None = None
        self.url = ""

    def run(self, *args: str, timeout: float = 300.0, check: bool = True) -> str:
        command = [*self.kiosk, *args]
        result = subprocess.run(
            command, cwd=self.work, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if check and result.returncode:
            raise SmokeFailed(
                f"`kiosk {' '.join(args)}` exited {result.returncode}:\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def admin(self, *args: str, **kw) -> dict | list:
        out = self.run("server", "admin", *args, "--json", "--data-dir", str(self.server_dir), **kw)
        return json.loads(out)

    def start_server(self) -> None:
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        log = (self.work / "server.log").open("w")
        self.server = subprocess.Popen(
            [*self.kiosk, "server", "serve", "--port", str(port)]
            + ["--data-dir", str(self.server_dir), "--public-url", self.url],
            cwd=self.work,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise SmokeFailed(f"server exited {self.server.returncode}: see {log.name}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise SmokeFailed("the server did not listen within 120 s")

    def stop_server(self) -> None:
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(20)
            except subprocess.TimeoutExpired:
                self.server.kill()


def _reference_frames(step: int = 10, limit: int = 300):
    capture = cv2.VideoCapture(str(CLIP))
    try:
        for index in range(limit):
            ok, frame = capture.read()
            if not ok:
                return
            if index % step == 0:
                yield index, frame
    finally:
        capture.release()


def document_scene() -> tuple[np.ndarray, np.ndarray]:
    """(background, card): a white card with printed lines (360x560) and the darker textured
    background (720p) it is held against; grey and white, so the same in BGR and RGB."""
    rng = np.random.default_rng(7)
    background = cv2.GaussianBlur(rng.integers(40, 90, (720, 1280, 3)).astype(np.uint8), (7, 7), 0)
    card = np.full((360, 560, 3), 245, np.uint8)
    lines = ["SURAT KETERANGAN", "No. 474.3/123/2026", "Nama: BUDI SANTOSO", "Tanggal: 17-08-2026"]
    for i, line in enumerate(lines):
        cv2.putText(
            card, line, (24, 70 + i * 70), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (20, 20, 20), 2,
            cv2.LINE_AA,
        )  # fmt: skip
    return background, card


def _document_image(path: Path) -> None:
    """The card held still against the background."""
    frame, card = document_scene()
    frame[180:540, 520:1080] = card
    cv2.imwrite(str(path), frame)


def _journey(s: Smoke, nik: str, document: Path) -> dict:
    """The scripted journey; the welcome screen's time is taken here, from the launch."""
    launched = time.monotonic()
    process = subprocess.Popen(
        [*s.journey, "--data-dir", str(s.kiosk_dir), "--nik", nik]
        + ["--face", str(CLIP), "--document", str(document)],
        cwd=s.work,
        env=s.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    welcome = None
    result = None
    for line in process.stdout:
        if line.startswith("welcome") and welcome is None:
            welcome = time.monotonic() - launched
        elif line.startswith("{"):
            result = json.loads(line)
    stderr = process.stderr.read()
    process.wait(60)
    if process.returncode or not result or not result.get("ok"):
        raise SmokeFailed(f"journey: {result}\n{stderr[-3000:]}")
    return {
        "states": result["states"],
        "tracking_code": result["tracking_code"],
        "cold_start_to_welcome_s": round(welcome, 2) if welcome else None,
        "journey_s": result["seconds"],
        "virtual_keyboard": result["virtual_keyboard"],
        "translations": len(result["translations"]),
    }


def smoke(work: Path, source: bool) -> dict:
    figures: dict = {}
    if not source:
        if not BINARY.is_file():
            raise SmokeFailed(f"no build at {BINARY}; run ./kiosk.sh build")
        bad = list(FOLDER.rglob(FORBIDDEN))
        if bad:
            raise SmokeFailed(f"{bad[0]} is in the build (not licensed for commercial use)")
        print(f"ok   {FORBIDDEN} absent from {FOLDER.relative_to(ROOT)}", flush=True)
    s = Smoke(work, source)
    version = s.run("--version").strip()
    print(f"ok   {version}", flush=True)
    try:
        seeded = s.admin("seed-demo", "--citizens", "40")
        nik = seeded["sample_niks"][0]
        print("ok   server admin seed-demo", flush=True)
        s.start_server()
        print(f"ok   server serve on {s.url}", flush=True)
        code = s.admin("enroll-code", "--site", "MPP Smoke", "--region", REGION, "--url", s.url)
        reference = work / "reference.png"
        for index, frame in _reference_frames():
            cv2.imwrite(str(reference), frame)
            out = s.run(
                "server", "admin", "enroll-face", nik, str(reference), "--json",
                "--data-dir", str(s.server_dir), check=False,
            )  # fmt: skip
            if out.strip().startswith("{"):
                print(f"ok   server admin enroll-face (clip frame {index})", flush=True)
                break
        else:
            raise SmokeFailed("no frame of the clip was accepted as a reference photo")
        reference.unlink()
        s.run(
            "--data-dir", str(s.kiosk_dir), "enroll", "--server", s.url, "--code", code["code"],
            "--key-id", code["qr"]["server_key_id"],
        )  # fmt: skip
        print("ok   enroll", flush=True)
        doctor = json.loads(s.run("--data-dir", str(s.kiosk_dir), "doctor", "--json", check=False))
        failed = [c for c in doctor if c["status"] == "fail"]
        if failed:
            raise SmokeFailed(f"kiosk doctor: {json.dumps(failed, ensure_ascii=False)}")
        warned = [c["name"] for c in doctor if c["status"] != "ok"] or "none"
        print(f"ok   doctor --json ({len(doctor)} checks; warnings: {warned})", flush=True)
        version_check = next((c for c in doctor if c["name"] == "version"), None)
        if not version_check or version not in version_check["detail"]:
            raise SmokeFailed(f"doctor's version check does not say {version}: {version_check}")
        document = work / "document.png"
        _document_image(document)
        figures.update(_journey(s, nik, document))
        print(f"ok   journey {' -> '.join(figures.pop('states'))}", flush=True)
        s.run("--data-dir", str(s.kiosk_dir), "queue", "drain", "--timeout", "120")
        received = s.admin("applications")
        rows = received if isinstance(received, list) else received.get("applications", [])
        codes = {row.get("tracking_code") for row in rows}
        if figures["tracking_code"] not in codes:
            raise SmokeFailed(f"{figures['tracking_code']} not among the server's {codes}")
        print(f"ok   the server received {figures['tracking_code']}", flush=True)
        if not (s.printer.is_file() and s.printer.stat().st_size > 0):
            raise SmokeFailed("no receipt reached the printer file")
        print(f"ok   receipt printed ({s.printer.stat().st_size} bytes)", flush=True)
        if not figures["virtual_keyboard"]:
            raise SmokeFailed("the virtual keyboard did not come up on the form")
        kiosks = s.admin("kiosks")
        rows = kiosks if isinstance(kiosks, list) else kiosks.get("kiosks", [])
        versions = {row.get("app_version") for row in rows}
        if versions != {version.split()[-1]}:
            raise SmokeFailed(f"the server knows the kiosk as {versions}, not {version}")
        print(f"ok   the server knows the kiosk's version {version.split()[-1]}", flush=True)
    finally:
        s.stop_server()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", action="store_true", help="run from source, not the build")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="kiosk-smoke-"))
    try:
        figures = smoke(work, args.source)
    except (SmokeFailed, subprocess.TimeoutExpired) as exc:
        print(f"FAIL {exc}\n(work folder kept: {work})", file=sys.stderr)
        return 1
    print(f"==> smoke test passed in {time.monotonic() - started:.0f} s: {json.dumps(figures)}")
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

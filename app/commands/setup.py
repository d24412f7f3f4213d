"""The first-run setup on screen, wired for `kiosk run`: what the wizard (ui/setup/) does when
the technician touches "Enroll", "Print a test receipt" or "Save".

Enrolling is `kiosk enroll`'s own enroll_kiosk (keys, pinned server keys, signed documents,
audit); saving is `kiosk provision`'s check and write (the same validation, the kiosk's TOML
file keeps every other key); the test receipt is `kiosk printer test`'s sample on the chosen
printer. Failures become SetupFailed kinds the wizard words in the screen's language.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from kiosk.errors import KioskError

log = logging.getLogger("app.setup")

# The settings the wizard chooses (kiosk.provisioning.LOCAL_KEYS).
WIZARD_KEYS = (
    "camera.device",
    "printer.kind",
    "printer.target",
    "ui.orientation",
    "kiosk.language",
    "kiosk.mode",
)
# Qt platforms that draw through a display server (the others draw on their own).
DISPLAY_SERVERS = ("xcb", "wayland", "wayland-egl")


class SetupNotFinished(KioskError):
    exit_code = 1


def display_problem(environ=None, platform: str | None = None) -> str | None:
    """Why Qt cannot open a window here (None: it can). Without a display Qt's xcb plugin
    aborts with a misleading message about plugins; say plainly what is missing instead."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    names = [p.split(":")[0].strip().lower() for p in environ.get("QT_QPA_PLATFORM", "").split(";")]
    names = [n for n in names if n]
    if names and any(n not in DISPLAY_SERVERS for n in names):
        return None  # offscreen, eglfs, linuxfb, vnc...: no display server needed
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display: the kiosk needs a screen, and neither DISPLAY nor WAYLAND_DISPLAY is set. "
        "Start it from the kiosk's graphical session (the kiosk user's desktop autostart), or "
        "set QT_QPA_PLATFORM=eglfs to draw on the screen without a desktop."
    )


def is_enrolled(data_dir: Path) -> bool:
    from sync.errors import SyncError
    from sync.kiosk_key import KioskKeyStore

    try:
        return KioskKeyStore(Path(data_dir)).load() is not None
    except SyncError:
        return True  # a damaged enrollment: the kiosk's start says what to do about it


def _enroll_failure(exc: BaseException):
    """The wizard's kind for what enroll_kiosk raised (it keeps the sync error as context)."""
    from sync.errors import Offline, ServerBusy, SyncError
    from ui.setup import SetupFailed

    cause = exc.__cause__ or exc.__context__
    code = cause.code if isinstance(cause, SyncError) else ""
    kinds = {
        "enroll_code_invalid": "code_invalid",
        "enroll_code_used": "code_used",
        "enroll_code_expired": "code_expired",
        "wrong_server_key": "wrong_key",
        "tls_error": "tls",
        "insecure_server_url": "insecure_url",
    }
    if isinstance(cause, ServerBusy):
        kind = "busy"
    elif isinstance(cause, Offline):
        kind = "unreachable"
    else:
        kind = kinds.get(code, "other")
    return SetupFailed(kind, str(exc))


def setup_actions(data_dir: Path, config_path: Path, config):
    """The wizard's SetupActions for this kiosk's data folder and TOML file."""
    from ui.setup import Enrolled, SetupActions, SetupFailed

    found: list[str] | None = None

    def enroll(server: str, code: str, key_id: str) -> Enrolled:
        from app.commands.enroll import enroll_kiosk
        from sync.client import check_transport
        from sync.errors import KioskProblem

        try:
            check_transport(server)
        except KioskProblem as exc:
            raise SetupFailed("insecure_url", exc.message) from None
        try:
            identity = enroll_kiosk(data_dir, config, server, code, key_id, new_server=False)
        except KioskError as exc:
            raise _enroll_failure(exc) from None
        return Enrolled(identity.kiosk_id, identity.site, identity.server_url)

    def cameras() -> list[str]:
        nonlocal found
        if found is None:  # probing opens each device: once is enough
            from camera.sources import list_cameras

            found = [str(c["device"]) for c in list_cameras()]
        return list(found)

    def open_camera(spec: str):
        from camera.sources import source_from_config

        return source_from_config(config, device=spec)

    def test_printer(kind: str, target: str, language: str) -> str:
        return print_sample(data_dir, config_path, kind, target, language)

    def save(settings: dict[str, str]) -> str:
        return save_settings(config_path, data_dir, settings)

    initial = {key: str(config[key]) for key in WIZARD_KEYS}
    return SetupActions(enroll, cameras, open_camera, test_printer, save, initial)


def print_sample(data_dir: Path, config_path: Path, kind: str, target: str, language: str) -> str:
    """`kiosk printer test` on the printer chosen on screen (not saved yet)."""
    import datetime as dt

    from app.compose import write_pdf_receipt
    from kiosk.config import ConfigError, load_config
    from kiosk.ports import PrinterUnavailable, Receipt
    from printing.printer import KioskReceiptPrinter
    from ui.setup import SetupFailed

    environ = dict(os.environ, MPP_KIOSK__PRINTER__KIND=kind, MPP_KIOSK__PRINTER__TARGET=target)
    try:
        config = load_config(config_path, data_dir, environ=environ)
        printer = KioskReceiptPrinter(config, data_dir, pdf_writer=write_pdf_receipt)
        sample = Receipt(
            tracking_code="CONTOH",
            service_id="Uji printer" if language == "id" else "Printer test",
            verification_pending=False,
            masked_nik="3171**********01",
            submitted_at=dt.datetime.now(dt.UTC),
        )
        printer.output(sample, language)
    except (ConfigError, KioskError, PrinterUnavailable) as exc:
        raise SetupFailed("printer", str(exc)) from None
    return f"sample receipt sent to the {kind} printer {target}".strip()


def save_settings(config_path: Path, data_dir: Path, settings: dict[str, str]) -> str:
    """Check the settings as `kiosk provision` checks its file, then write them into the
    kiosk's TOML file (every other key kept)."""
    import tomli_w

    from app.commands.provision import ProvisionError, _local_config, _write, check
    from kiosk.provisioning import merge
    from ui.setup import SetupFailed

    chosen = {k: v for k, v in settings.items() if k in WIZARD_KEYS}
    if not chosen.get("printer.target"):
        chosen.pop("printer.target", None)  # none and pdf need no target
    _provisioning, problems = check(tomli_w.dumps(merge({}, chosen)))
    if problems:
        raise SetupFailed("settings", "; ".join(map(str, problems)))
    try:
        local, _config = _local_config(config_path, data_dir)
        _write(config_path, local, chosen)
    except ProvisionError as exc:
        raise SetupFailed("settings", str(exc)) from None
    return str(config_path)


def run_setup_wizard(app, data_dir: Path, config_path: Path, config, fullscreen: bool) -> None:
    """Show the wizard until its settings are saved; raises SetupNotFinished when the
    technician closes it before that."""
    from PySide6.QtCore import QEventLoop

    from ui import theme
    from ui.setup import SetupWizard

    theme.apply(app, bool(config["ui.high_contrast"]), bool(config["ui.large_text"]))
    wizard = SetupWizard(
        setup_actions(data_dir, config_path, config), language=str(config["kiosk.language"])
    )
    loop = QEventLoop()
    wizard.completed.connect(lambda _settings: loop.quit())
    wizard.closed.connect(loop.quit)
    if fullscreen:
        wizard.showFullScreen()
    else:
        landscape = str(config["ui.orientation"]) == "landscape"
        w, h = (1920, 1080) if landscape else (1080, 1920)
        screen = app.primaryScreen()
        if screen is not None:  # a desktop: fit the available area, keep the shape
            area = screen.availableGeometry()
            scale = min(1.0, area.width() / w, area.height() / h)
            w, h = int(w * scale), int(h * scale)
        wizard.resize(w, h)
        wizard.show()
    log.info("kiosk not enrolled: first-run setup on screen")
    # Under systemd (Type=notify) the service must be "started" while a technician takes
    # minutes over the wizard, and the wizard's event loop is watched like the kiosk's.
    from ui import watchdog

    watchdog.start(app)
    loop.exec()
    done = wizard.done
    quits = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # the kiosk's window is not shown yet
    try:
        wizard.close()
        wizard.deleteLater()
    finally:
        app.setQuitOnLastWindowClosed(quits)
    if not done:
        raise SetupNotFinished(
            "setup was not finished: the kiosk is not enrolled; run `kiosk run` again, or "
            "`kiosk provision --file settings.toml` without a screen"
        )

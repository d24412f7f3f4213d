"""`kiosk run`: the production kiosk, against the server this kiosk was enrolled with.

Qt, sync and the camera are imported inside the handler. `make_ports()` is shared with
`kiosk demo` (ui/demo.py): the same wiring, only the server differs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.errors import KioskError


def register(subparsers) -> None:
    parser = subparsers.add_parser("run", help="run the kiosk (fullscreen touch UI)")
    parser.add_argument("--windowed", action="store_true", help="a window instead of fullscreen")
    parser.add_argument(
        "--camera",
        metavar="DEVICE|FILE",
        help="camera index, /dev/videoN or a video file (default: camera.device)",
    )
    parser.set_defaults(handler=run_kiosk, log_to_file=True)


def make_ports(
    data_dir: Path,
    config,
    catalog,
    language: Callable[[], str] = lambda: "id",
    reload_config: Callable[[], object] | None = None,
):
    """The real ports for an enrolled kiosk: (Ports, list of functions to call at exit).
    reload_config() re-reads the configuration after the server's document changed."""
    from kiosk.config import load_config
    from kiosk.store import Store
    from sync.client import ServerClient
    from sync.documents import Documents
    from sync.errors import KioskProblem
    from sync.health_workers import ServerHealthWorkers
    from sync.identity import IdentityStore
    from sync.refresh import make_refresher
    from sync.services import ServerIdentityVerifier, ServerStatusLookup
    from sync.submit import OutboxSubmitter
    from sync.surveys import OutboxSurveySink
    from sync.uploader import Uploader, UploaderSettings
    from ui.controller import Ports
    from ui.printing.printer import KioskReceiptPrinter

    try:
        identity = IdentityStore(Path(data_dir)).require()
        client = ServerClient.for_kiosk(Path(data_dir), config)
    except KioskProblem as exc:
        raise KioskError(
            f"{exc.message} Enroll this kiosk first with an enrollment code from the server."
        ) from None
    store = Store.open(Path(data_dir))
    refresh = make_refresher(
        Documents(Path(data_dir), identity, client),
        reload_config or (lambda: load_config(None, Path(data_dir))),
    )
    settings = UploaderSettings.from_config(config)
    uploader = Uploader(store, client, identity.kiosk_id, settings, refresh=refresh)
    submitter = OutboxSubmitter(
        store, identity.sealing_key_bytes(), catalog.version, on_queued=uploader.wake
    )
    ports = Ports(
        verifier=ServerIdentityVerifier(client),
        submitter=submitter,
        status_lookup=ServerStatusLookup(client, store),
        printer=KioskReceiptPrinter(config, Path(data_dir), catalog, language=language),
        survey_sink=OutboxSurveySink(store),  # the uploader sends them in batches
        health_workers=ServerHealthWorkers(client),
    )
    uploader.start()
    return ports, [uploader.stop, client.close]


def config_with(args, data_dir: Path, overrides: dict[str, str] | None = None):
    """load_config with command-line overrides (given as MPP_KIOSK__ environment values)."""
    import os

    from kiosk.config import load_config
    from kiosk.paths import config_file

    environ = dict(os.environ)
    for key, value in (overrides or {}).items():
        environ["MPP_KIOSK__" + key.upper().replace(".", "__")] = value
    return load_config(config_file(getattr(args, "config", None)), data_dir, environ=environ)


def run_kiosk(args) -> int:
    from kiosk import paths
    from kiosk.catalog import default_catalog
    from kiosk.session_rules import CatalogRules
    from sync.refresh import catalog_in_force
    from ui.app import build_kiosk, create_application, run
    from ui.face_process import warm_up

    data_dir = paths.data_dir(args.data_dir)
    overrides = {"camera.device": args.camera} if args.camera else {}
    config = config_with(args, data_dir, overrides)
    catalog = catalog_in_force(data_dir) or default_catalog()
    app = create_application()
    controller = None  # the printer asks for the language at print time (closure below)
    ports, closers = make_ports(
        data_dir,
        config,
        catalog,
        language=lambda: controller.language if controller else "id",
        reload_config=lambda: config_with(args, data_dir, overrides),
    )
    controller, window = build_kiosk(
        CatalogRules(catalog), ports, catalog, config, fullscreen=not args.windowed
    )
    warm_up()  # load the face models now, not when the first citizen stands there
    try:
        return run(controller, window)
    finally:
        for close in closers:
            close()
        del app

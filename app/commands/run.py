"""`kiosk run`: the production kiosk, against the server this kiosk was enrolled with.

Qt, sync and the camera are imported inside the handler; the ports are wired by
app/compose.py, the same for `kiosk demo` (only the server differs). A kiosk not enrolled yet
first shows the setup wizard (app/commands/setup.py), then starts in the same process.
"""

from __future__ import annotations


def register(subparsers) -> None:
    parser = subparsers.add_parser("run", help="run the kiosk (fullscreen touch UI)")
    parser.add_argument("--windowed", action="store_true", help="a window instead of fullscreen")
    parser.add_argument(
        "--camera",
        metavar="DEVICE|FILE",
        help="camera index, /dev/videoN or a video file (default: camera.device)",
    )
    parser.set_defaults(handler=run_kiosk, log_to_file=True)


def run_kiosk(args) -> int:
    from app.commands.setup import display_problem, is_enrolled, run_setup_wizard
    from app.compose import after_show, config_with, make_ports
    from camera.face_process import warm_up
    from kiosk import paths
    from kiosk.catalog import default_catalog
    from kiosk.errors import KioskError
    from kiosk.session.rules import CatalogRules
    from sync.refresh import catalog_in_force
    from ui.app import build_kiosk, create_application, run

    problem = display_problem()
    if problem:
        raise KioskError(problem)
    data_dir = paths.data_dir(args.data_dir)
    overrides = {"camera.device": args.camera} if args.camera else {}
    config = config_with(args, data_dir, overrides)
    app = create_application()
    if not is_enrolled(data_dir):
        run_setup_wizard(
            app, data_dir, paths.config_file(args.config), config, fullscreen=not args.windowed
        )
        config = config_with(args, data_dir, overrides)  # the settings just saved
    catalog = catalog_in_force(data_dir) or default_catalog()
    controller = None  # the printer asks for the language at print time (closure below)
    background: list = []  # started once the window shows (app.compose.after_show)
    try:
        ports, closers = make_ports(
            data_dir,
            config,
            catalog,
            language=lambda: controller.language if controller else "id",
            reload_config=lambda: config_with(args, data_dir, overrides),
            start_later=background.append,
        )
    except KioskError as exc:
        if exc.screen_code is None:
            raise
        # A kiosk that cannot start says so on its screen, not with a black one
        import sys

        from kiosk import __version__
        from ui.out_of_service import show_out_of_service

        print(f"error: {exc}", file=sys.stderr)
        retry_ms = int(float(config["ui.out_of_service_retry_s"]) * 1000)
        site = str(config["kiosk.site"]) or None
        return show_out_of_service(app, exc, __version__, site, not args.windowed, retry_ms)
    controller, window = build_kiosk(
        CatalogRules(catalog), ports, catalog, config, fullscreen=not args.windowed
    )
    after_show(*background, warm_up)  # the uploader, the face models
    try:
        return run(controller, window)
    finally:
        for close in closers:
            close()
        del app

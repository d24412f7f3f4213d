"""`kiosk demo`: the touch-screen kiosk against an embedded reference server with demo data.

Windowed by default (`--fullscreen` for the real thing). Webcam 0 unless `--camera` names
another device or a video/photo file; without `--camera` and without a webcam, the test data's
clip of a person blinking (app.demo.DEMO_CLIP) plays as the camera. With a webcam the demo
first offers "enroll my face" for the demo NIKs; with a file, the file's first good frame
becomes their reference face.
"""

from __future__ import annotations

from kiosk.config import DEFAULTS
from kiosk.errors import KioskError


def _challenges(text: str) -> list[str]:
    import argparse

    from camera.challenges import parse_challenges

    try:
        return parse_challenges(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo", help="try the kiosk: touch UI with an embedded demo server"
    )
    parser.add_argument("--fullscreen", action="store_true", help="fullscreen, frameless")
    parser.add_argument(
        "--camera",
        metavar="DEVICE|FILE",
        help="camera number, /dev/videoN, or a video/photo file "
        f"(default {DEFAULTS['camera.device']}; without a webcam, a clip of a person blinking)",
    )
    parser.add_argument(
        "--challenge",
        type=_challenges,
        metavar="LIST",
        help="fixed liveness challenges, e.g. blink,turn_left (default random)",
    )
    parser.add_argument(
        "--lang", choices=("id", "en"), default="id", help="language at start (default id)"
    )
    parser.add_argument(
        "--no-enroll",
        action="store_true",
        help="skip 'enroll my face' (the demo NIKs then have no reference face)",
    )
    parser.add_argument("--landscape", action="store_true", help="1920x1080 instead of portrait")
    parser.set_defaults(handler=run_demo, log_to_file=True)


def run_demo(args) -> int:
    from pathlib import Path

    from app.compose import after_show, config_with, make_ports
    from app.demo import DEMO_CLIP, DemoEnvironment, DemoError, camera_problem, enroll_dialog
    from camera.face_process import warm_up
    from camera.sources import is_device
    from kiosk.catalog import default_catalog
    from kiosk.session.rules import CatalogRules
    from ui.app import build_kiosk, create_application, run

    camera = args.camera or DEFAULTS["camera.device"]
    problem = camera_problem(camera)
    if problem and args.camera is None and DEMO_CLIP.is_file():
        print(f"No webcam found: the camera is the sample clip {DEMO_CLIP} (--camera to choose)")
        camera, problem = str(DEMO_CLIP), None
    if problem:
        raise KioskError(problem)
    from app.commands.setup import display_problem

    no_display = display_problem()
    if no_display:  # before Qt, whose xcb plugin would abort with a misleading message
        raise KioskError(no_display)
    app = create_application()
    print("Starting the demo server…", flush=True)
    workdir = Path(args.data_dir) / "demo" if args.data_dir else None
    env = DemoEnvironment(workdir).start()
    closers = [env.stop]
    try:
        if not args.no_enroll:
            try:
                if not is_device(camera):
                    enrolled = env.enroll_from_source(camera)
                    print(f"Reference face: frame {enrolled.frame_index} of {camera}")
                else:
                    enroll_dialog(env, camera)
            except DemoError as exc:
                print(f"Enroll my face: {exc}")
        kept = "" if args.data_dir else " (a temporary folder: --data-dir DIR keeps them)"
        print(f"Receipts (PDF) are written to {env.receipts_dir}{kept}")
        print(f"Demo NIK (adminduk): {env.citizen_nik}")
        print(f"Demo NIK (health worker, SIP): {env.worker_nik}")
        overrides = env.overrides(camera, args.challenge, args.lang)
        if args.landscape:
            overrides["ui.orientation"] = "landscape"
        config = config_with(args, env.kiosk_dir, overrides)
        catalog = default_catalog()
        controller = None
        background: list = []  # started once the window shows (app.compose.after_show)
        ports, more = make_ports(
            env.kiosk_dir,
            config,
            catalog,
            language=lambda: controller.language if controller else "id",
            start_later=background.append,
        )
        closers = more + closers
        controller, window = build_kiosk(
            CatalogRules(catalog),
            ports,
            catalog,
            config,
            fullscreen=args.fullscreen,
            language=args.lang,
        )
        window.footer.site = f"DEMO · NIK {env.citizen_nik} / {env.worker_nik}"
        window.footer.retranslate()
        after_show(*background, warm_up)  # the uploader, the face models
        return run(controller, window)
    finally:
        for close in closers:
            close()
        del app

"""`kiosk doctor` and `kiosk support-bundle`: diagnosis for technicians.

doctor: every check (camera, face models, server and clock, enrollment, disk, store and audit
chain, printer, queue, last upload, version) ok / warn / fail with one fix; exit 1 on any fail.
support-bundle: a zip for a support ticket (logs with NIKs masked, the configuration without
secrets, the doctor's JSON, versions); never a NIK, name, face or document.
"""

from __future__ import annotations


def register(subparsers) -> None:
    doctor = subparsers.add_parser(
        "doctor", help="check camera, face models, server, enrollment, disk, store, printer, queue"
    )
    doctor.add_argument(
        "--json", action="store_true", help="a list of {name, status, detail, hint}"
    )
    doctor.set_defaults(handler=run_doctor_command)
    bundle = subparsers.add_parser(
        "support-bundle", help="zip logs, configuration (no secrets), doctor output and versions"
    )
    bundle.add_argument("--output", metavar="FILE.zip", help="default: support-<time>.zip here")
    bundle.set_defaults(handler=run_support_bundle)


def _data_and_config(args):
    from kiosk import paths
    from kiosk.config import load_config

    data = paths.data_dir(args.data_dir)
    return data, paths.config_file(args.config), load_config(paths.config_file(args.config), data)


def run_doctor_command(args) -> int:
    from app.doctor import run_doctor
    from kiosk.doctor import exit_code, format_text, to_json

    data, _, config = _data_and_config(args)
    results = run_doctor(data, config)
    print(to_json(results) if args.json else format_text(results))
    return exit_code(results)


def run_support_bundle(args) -> int:
    import datetime as dt
    from pathlib import Path

    from app.support_bundle import write_bundle

    data, config_path, config = _data_and_config(args)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    output = Path(args.output) if args.output else Path(f"support-{stamp}.zip")
    path = write_bundle(output, data, config, config_path)
    print(path)
    return 0

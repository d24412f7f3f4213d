"""`kiosk provision --file settings.toml`: set a kiosk up without a screen (many kiosks at once).

Validates the whole file first and changes nothing when anything is wrong; then enrolls (as
`kiosk enroll` does, unless already enrolled with that server and key id) and writes the local
settings into the kiosk's TOML file, keeping every other key there. Running it twice with the
same file changes nothing the second time.
"""

from __future__ import annotations

import argparse

from kiosk.errors import KioskError

EXIT_CODES = """\
exit codes:
  0  done, or nothing to change (already provisioned with this file)
  1  the provisioning file (or the kiosk's own TOML file) is invalid: nothing changed
  2  usage: wrong arguments, or the provisioning file cannot be read
  3  enrollment refused by the server (code unknown, used or expired): nothing written
  4  enrollment failed (server unreachable, TLS, server key id mismatch): nothing written
  5  enrolled, but the local settings could not be written: fix the cause and run it again
"""


class ProvisionError(KioskError):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "provision",
        help="set up this kiosk from a settings file (enrollment, camera, printer, ...)",
        description="Set up this kiosk without a screen, from a TOML file with:\n"
        "  [enrollment] server, code, key_id, new_server (optional; skipped when already\n"
        "               enrolled with that server and key id)\n"
        "  camera.device, printer.kind, printer.target, ui.orientation (auto, portrait,\n"
        "  landscape), kiosk.language (id, en), kiosk.mode (self, assisted)\n"
        "The settings go into the kiosk's TOML file (--config); its other keys are kept.\n"
        "The whole file is checked first: nothing changes when anything is wrong.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--file", required=True, metavar="SETTINGS.toml", help="the provisioning file"
    )
    parser.set_defaults(handler=run_provision)


def run_provision(args) -> int:
    import sys

    from kiosk import paths

    try:
        with open(args.file, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ProvisionError(f"{args.file}: cannot be read ({exc})", 2) from None
    provisioning, problems = check(text)
    if problems:
        print(f"error: {args.file} is invalid; nothing was changed:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    data = paths.data_dir(args.data_dir)
    config_path = paths.config_file(args.config)
    local, config = _local_config(config_path, data)
    _enroll(data, config, provisioning.enrollment)
    _write(config_path, local, provisioning.settings)
    return 0


def check(text: str):
    """The core's parse, plus the checks that live in lower packages: the server URL's
    transport and the printer spec. Returns (provisioning or None, problems)."""
    from kiosk.provisioning import Problem, parse
    from printing.escpos_printer import PrinterConfigError, PrinterSpec
    from sync.client import check_transport
    from sync.errors import KioskProblem

    provisioning, problems = parse(text)
    if provisioning is None:
        return None, problems
    if provisioning.enrollment is not None:
        try:
            check_transport(provisioning.enrollment.server)
        except KioskProblem as exc:
            problems.append(
                Problem("enrollment.server", f"{exc.message} (plain http:// only to this machine)")
            )
    if any(key.startswith("printer.") for key in provisioning.settings):
        try:
            PrinterSpec.from_config(provisioning.settings)
        except PrinterConfigError as exc:
            problems.append(Problem("printer.kind", str(exc)))
    return (None, problems) if problems else (provisioning, [])


def _local_config(path, data):
    """The kiosk's own TOML table as it is, and the effective configuration (both must be
    valid before anything changes)."""
    import tomllib

    from kiosk.config import ConfigError, load_config

    try:
        config = load_config(path, data)
        local = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (ConfigError, OSError, tomllib.TOMLDecodeError) as exc:
        raise ProvisionError(f"the kiosk's configuration: {exc}; nothing was changed", 1) from None
    return local, config


def _enroll(data, config, enrollment) -> None:
    from app.commands.enroll import EnrollFailed, enroll_kiosk
    from sync.errors import SyncError
    from sync.kiosk_key import KioskKeyStore

    if enrollment is None:
        return
    try:
        current = KioskKeyStore(data).load()
    except SyncError as exc:
        current = None
        print(f"warning: {exc.message}; enrolling again")
    if (
        current is not None
        and current.server_url.rstrip("/") == enrollment.server
        and current.server_key_id == enrollment.key_id
    ):
        print(f"already enrolled as {current.kiosk_id} with {enrollment.server}")
        return
    try:
        enroll_kiosk(
            data,
            config,
            enrollment.server,
            enrollment.code,
            enrollment.key_id,
            new_server=enrollment.new_server,
        )
    except EnrollFailed as exc:
        raise ProvisionError(f"{exc}; nothing was written", 3) from None
    except KioskError as exc:
        raise ProvisionError(f"{exc}; nothing was written", 4) from None


def _write(path, local, settings) -> None:
    import os

    import tomli_w

    from kiosk.provisioning import merge

    merged = merge(local, settings)
    if merged == local:
        print(f"{path}: settings unchanged")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(tomli_w.dumps(merged), encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        raise ProvisionError(f"{path}: cannot be written ({exc.strerror})", 5) from None
    print(f"{path}: {len(settings)} settings written")

"""The `kiosk` command: global options, then one subcommand per module in app.commands.

Each subcommand module registers its own parser and imports heavy packages (Qt, mediapipe,
FastAPI) only inside its handler, so `kiosk nik` starts fast and never loads them.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sqlite3
import sys

from app.commands import COMMAND_MODULES
from app.quiet import quiet_native_libraries
from kiosk import __version__
from kiosk.errors import KioskError
from kiosk.logmask import JsonLinesFormatter, MaskingFormatter

LOG_MAX_BYTES = 5_000_000  # per file; LOG_BACKUPS older files are kept
LOG_BACKUPS = 5


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="MPP Kiosk: self-service terminal software for Mal Pelayanan Publik.",
    )
    parser.add_argument("--version", action="version", version=f"mpp-kiosk {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where data, logs and the queue live (default: the platform data folder)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="local configuration file (default: kiosk.toml in the platform config folder)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"app.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    stream = _stderr_handler(args.verbose)
    logging.basicConfig(level=stream.level, handlers=[stream])
    if getattr(args, "log_to_file", False):
        _log_to_file(args)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        with quiet_native_libraries(args.verbose):
            return int(handler(args) or 0)
    except KioskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except sqlite3.DatabaseError as exc:
        # Damage the store's own checks did not name (a table dropped while running...)
        from kiosk.store.db import corrupted

        problem = corrupted(_database(args), exc)
        print(f"error: {problem}", file=sys.stderr)
        return problem.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `kiosk services | head`): not an error worth a trace.
        sys.stderr.close()
        return 0


def _database(args):
    from kiosk import paths

    return paths.database_file(paths.data_dir(getattr(args, "data_dir", None)))


def _stderr_handler(verbose: bool) -> logging.Handler:
    """The terminal's log lines: warnings (everything with -v), no NIK in them either."""
    stream = logging.StreamHandler()
    stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stream.setFormatter(MaskingFormatter())
    return stream


def _log_to_file(args) -> None:
    """Long-running commands (the kiosk, the server) also log to <data>/logs, rotated: JSON
    lines with every NIK-like number masked (kiosk/logmask.py)."""
    from logging.handlers import RotatingFileHandler

    from kiosk import paths

    path = paths.log_dir(paths.data_dir(args.data_dir)) / f"{args.command}.log"
    handler = RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(JsonLinesFormatter())
    handler.setLevel(logging.DEBUG if args.verbose else logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level, handler.level))


if __name__ == "__main__":
    sys.exit(main())

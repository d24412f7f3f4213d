"""`kiosk store reset --confirm`: the technician's way out when the kiosk database is lost.

The kiosk refuses to start on a missing, emptied or damaged database (exit 4): queued
applications would vanish without a word. Restore it from a backup when you can; reset only
when that is impossible.
"""

from __future__ import annotations


def register(subparsers) -> None:
    parser = subparsers.add_parser("store", help="the kiosk's local database")
    actions = parser.add_subparsers(dest="store_action", metavar="ACTION", required=True)
    reset = actions.add_parser(
        "reset",
        help="start an empty database; the old files are kept aside, the reset is audited",
    )
    reset.add_argument(
        "--confirm", action="store_true", help="required: queued applications may be lost"
    )
    reset.set_defaults(handler=run_reset)


def run_reset(args) -> int:
    from kiosk import paths
    from kiosk.errors import KioskError
    from kiosk.store.reset import reset_store

    if not args.confirm:
        raise KioskError(
            "refusing to reset without --confirm: applications still queued in the old "
            "database would not be sent. Restore the database from a backup if you can."
        )
    report = reset_store(paths.data_dir(args.data_dir))
    for path in report.kept:
        print(f"kept the old file as {path}")
    seq = report.previous_anchor_seq
    print(
        "started an empty kiosk database; the reset is the first audit entry"
        + (f" (the server had acknowledged audit entry {seq})" if seq else "")
    )
    return 0

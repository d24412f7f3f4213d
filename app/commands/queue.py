"""`kiosk queue status|retry|drain`: look at and push the outbox of sealed applications."""

from __future__ import annotations

import argparse
import json
import sys

from kiosk.errors import KioskError

EXIT_PENDING, EXIT_REJECTED = 1, 3


def register(subparsers) -> None:
    parser = subparsers.add_parser("queue", help="the outbox of sealed applications")
    actions = parser.add_subparsers(dest="queue_action", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="counts per state, oldest pending, last error")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=run_status)
    retry = actions.add_parser("retry", help="send a rejected or waiting application again")
    retry.add_argument("id", help="application id or tracking code")
    retry.set_defaults(handler=run_retry)
    drain = actions.add_parser(
        "drain", help="send everything now (exit 0 all accepted, 1 still pending, 3 rejected)"
    )
    drain.add_argument("--timeout", type=float, default=300.0, metavar="S")
    drain.add_argument("--concurrency", type=int, default=8, help=argparse.SUPPRESS)
    drain.set_defaults(handler=run_drain)


def _open(args):
    from kiosk import paths
    from kiosk.store import Store

    return Store.open(paths.data_dir(args.data_dir))


def queue_status(store) -> dict:
    from kiosk.store.status import queue_status as status

    return status(store)


def run_status(args) -> int:
    store = _open(args)
    try:
        status = queue_status(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(status))
        return 0
    counts = ", ".join(f"{k} {v}" for k, v in status["counts"].items())
    print(f"applications: {counts}")
    oldest = status["oldest_pending_seconds"]
    print("oldest pending: " + ("none" if oldest is None else f"{oldest:.0f} s"))
    if status["paused"]:
        print(f"QUEUE PAUSED: {status['paused']['message']}")
    if status["last_error"]:
        print(f"last error: {status['last_error']['code']}: {status['last_error']['message']}")
    for app in status["rejected"]:
        print(
            f"rejected {app['id']} ({app['tracking_code']}): {app['reason_code']}: {app['reason']}"
        )
    return 0


def run_retry(args) -> int:
    from kiosk.store.status import retry_application

    store = _open(args)
    try:
        app = retry_application(store, args.id)
    finally:
        store.close()
    print(f"application {app.id} queued to be sent again")
    return 0


def run_drain(args) -> int:
    import time

    from kiosk import paths
    from kiosk.config import load_config
    from kiosk.store.outbox import Outbox
    from sync.client import ServerClient
    from sync.errors import SyncError
    from sync.kiosk_key import KioskKeyStore
    from sync.upload.uploader import Uploader, UploaderSettings

    data = paths.data_dir(args.data_dir)
    config = load_config(paths.config_file(args.config), data)
    try:
        identity = KioskKeyStore(data).require()
        client = ServerClient.for_kiosk(data, config, pool_size=args.concurrency)
    except SyncError as exc:
        raise KioskError(exc.message, exc.message_id) from None
    _refresh_configuration(data, identity, client)
    config = load_config(paths.config_file(args.config), data)
    store = _open(args)
    settings = UploaderSettings.from_config(config, concurrency=args.concurrency)
    uploader = Uploader(store, client, identity.kiosk_id, settings)
    try:
        Outbox(store).send_all_now()
        uploader.drain(deadline=time.time() + args.timeout)
        status = queue_status(store)
    finally:
        uploader.stop()
        client.close()
        store.close()
    counts = status["counts"]
    pending = counts["sealed"] + counts["queued"] + counts["sending"]
    print(f"accepted {counts['accepted']}, rejected {counts['rejected']}, pending {pending}")
    if status["paused"]:
        print(f"queue paused: {status['paused']['message']}", file=sys.stderr)
    if pending:
        return EXIT_PENDING
    return EXIT_REJECTED if counts["rejected"] else 0


def _refresh_configuration(data, identity, client) -> None:
    """Pull the signed configuration (part size, heartbeat); the last good one stays if not."""
    import logging

    from sync.errors import SyncError
    from sync.signed_documents import SignedDocuments

    try:
        SignedDocuments(data, identity, client).pull("configuration")
    except SyncError as exc:
        logging.getLogger(__name__).warning("configuration not refreshed: %s", exc.code)

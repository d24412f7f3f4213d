"""`kiosk enroll --server URL --code CODE --key-id ID`: enroll this kiosk with an MPP server.

Makes a new key pair each time (enrolling again rotates the kiosk's keys), pins the server's
signing and sealing keys, and clears a queue pause left by the old enrollment.
"""

from __future__ import annotations

from kiosk.errors import KioskError


class EnrollFailed(KioskError):
    exit_code = 3


def register(subparsers) -> None:
    parser = subparsers.add_parser("enroll", help="enroll this kiosk with an MPP server")
    parser.add_argument("--server", required=True, metavar="URL", help="the server's base URL")
    parser.add_argument("--code", required=True, help="the one-time enrollment code")
    parser.add_argument(
        "--key-id",
        required=True,
        help="the server key id printed by `server admin enroll-code` (and in its QR code)",
    )
    parser.add_argument(
        "--new-server",
        action="store_true",
        help="accept a server signing key other than the pinned one (moving to a new server)",
    )
    parser.set_defaults(handler=run_enroll)


def run_enroll(args) -> int:
    from kiosk import paths
    from kiosk.config import load_config

    data = paths.data_dir(args.data_dir)
    config = load_config(paths.config_file(args.config), data)
    enroll_kiosk(data, config, args.server, args.code, args.key_id, new_server=args.new_server)
    return 0


def enroll_kiosk(data, config, server: str, code: str, key_id: str, *, new_server: bool):
    """Enroll (or rotate), pull the signed documents, resume the queue, audit and say so: the
    steps of `kiosk enroll`, shared with `kiosk provision`. Returns the kiosk's identity."""
    from kiosk.store import Store
    from kiosk.store.outbox import Outbox
    from sync.enroll import enroll
    from sync.errors import EnrollmentRefused, SyncError

    try:
        identity = enroll(
            data,
            server,
            code,
            expected_key_id=key_id,
            new_server=new_server,
            timeout=config["server.timeout_s"],
            ca_bundle=config["server.ca_bundle"],
        )
    except EnrollmentRefused as exc:
        raise EnrollFailed(
            f"enrollment refused by the server: {exc.message} ({exc.code})", exc.message_id
        ) from None
    except SyncError as exc:
        raise KioskError(f"enrollment failed: {exc.message}", exc.message_id) from None
    _pull_documents(data, identity, config)
    store = Store.open(data)
    try:
        Outbox(store).resume()
        store.audit.record(
            "technician",
            "kiosk.enrolled",
            identity.kiosk_id,
            {"server_key_id": identity.server_key_id},
        )
    finally:
        store.close()
    print(
        f"enrolled as {identity.kiosk_id} at {identity.site!r}; server key "
        f"{identity.server_key_id}; private key kept in the {identity.key_store}"
    )
    return identity


def _pull_documents(data, identity, config) -> None:
    """Best effort: the signed configuration and catalog; the queue retries later otherwise."""
    from sync.client import ServerClient
    from sync.errors import SyncError
    from sync.signed_documents import SignedDocuments

    client = ServerClient.for_kiosk(data, config)
    try:
        documents = SignedDocuments(data, identity, client)
        for name in ("configuration", "catalog"):
            try:
                documents.pull(name)
            except SyncError as exc:
                print(f"warning: the {name} was not pulled yet ({exc.code})")
    finally:
        client.close()

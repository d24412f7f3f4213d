"""`kiosk update status|check`: the kiosk's fleet update state, and pulling a release now.

status: the state the heartbeat reports (idle, downloading, staged, switched, rolled_back,
rollback_refused, failed), the versions involved and the builds on disk. check: pull the signed
release manifest now and stage what it offers to this kiosk (download, verify, unpack); the
running kiosk switches to it when idle. See kiosk/updates/updater.py for the layout.
"""

from __future__ import annotations

import json

from kiosk.errors import KioskError

EXIT_FAILED = 1
# check's outcomes that are not a failure (a release refused here before is not staged again)
STAGED_OK = {
    "staged",
    "already_staged",
    "not_newer",
    "not_in_rollout",
    "no_release",
    "rolled_back",
    "switch_pending",
}


def register(subparsers) -> None:
    parser = subparsers.add_parser("update", help="fleet updates: state, pull a release now")
    actions = parser.add_subparsers(dest="update_action", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="update state, versions, builds on disk")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=run_status)
    check = actions.add_parser(
        "check", help="pull the release manifest and stage a newer build (exit 1 when refused)"
    )
    check.set_defaults(handler=run_check)


def update_status(updates) -> dict:
    from kiosk.updates.files import link_target

    state = updates.state()
    status = updates.report()
    status["staged"] = updates.staged()
    status["rolled_back"] = list(state.get("rolled_back", []))
    for name in ("current", "previous"):
        target = link_target(updates.folder / name)
        status[name] = str(target) if target is not None else None
    status["builds"] = sorted(
        p.name for p in updates.folder.glob("[0-9]*") if p.is_dir() and not p.is_symlink()
    )
    status["releases"] = str(updates.folder)
    return status


def run_status(args) -> int:
    from app.updates import make_updates
    from kiosk import paths

    status = update_status(make_updates(paths.data_dir(args.data_dir)))
    if args.json:
        print(json.dumps(status))
        return 0
    print(f"state: {status['state']}" + (f" ({status['detail']})" if status["detail"] else ""))
    print(f"running: {status['running_version']}")
    for key in ("target_version", "previous_version", "staged", "changed_at"):
        if status[key]:
            print(f"{key.replace('_', ' ')}: {status[key]}")
    if status["rolled_back"]:
        print(f"rolled back here (never staged again): {', '.join(status['rolled_back'])}")
    print(f"current build: {status['current'] or 'the installed one'}")
    print(f"builds in {status['releases']}: {', '.join(status['builds']) or 'none'}")
    return 0


def run_check(args) -> int:
    from app.updates import make_updates
    from kiosk import paths
    from kiosk.config import load_config
    from sync.client import ServerClient
    from sync.errors import SyncError
    from sync.kiosk_key import KioskKeyStore
    from sync.release import ReleasePuller

    data = paths.data_dir(args.data_dir)
    config = load_config(paths.config_file(args.config), data)
    updates = make_updates(data)
    try:
        identity = KioskKeyStore(data).require()
        client = ServerClient.for_kiosk(data, config)
    except SyncError as exc:
        raise KioskError(exc.message, exc.message_id) from None
    try:
        outcome = ReleasePuller(client, identity, updates).check()
    except SyncError as exc:
        raise KioskError(f"the release was not staged: {exc.code}: {exc.message}") from None
    finally:
        client.close()
    report = updates.report()
    detail = f" ({report['detail']})" if outcome == "failed" and report["detail"] else ""
    print(f"{outcome}{detail}: running {updates.running_version}")
    return 0 if outcome in STAGED_OK else EXIT_FAILED

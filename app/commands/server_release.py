"""`kiosk server admin release ...`: publish a kiosk build to the fleet, change its rollout
share, withdraw it, and see what the fleet runs (registered by app/commands/server.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.errors import KioskError


def register_admin(cmds, storage_options) -> None:
    """Add `release` to the `server admin` subcommands `cmds`."""
    release = cmds.add_parser(
        "release",
        help="fleet updates: publish a kiosk build, set its rollout share, withdraw it",
        description="Kiosks fetch the signed release manifest with their documents and take "
        "the build if they are in the rollout share of their site (server/README.md).",
    )
    actions = release.add_subparsers(dest="release_action", metavar="ACTION", required=True)
    publish = actions.add_parser(
        "publish",
        help="copy a build in and offer it (replaces the current offer)",
        description="BUILD.tar.gz holds the one-folder build under a top folder kiosk/ "
        "(kiosk/kiosk is the executable): tar -czf BUILD.tar.gz kiosk",
    )
    publish.add_argument("--file", required=True, metavar="BUILD.tar.gz", type=Path)
    publish.add_argument("--version", required=True, help="e.g. 0.2.0+g1a2b3c4")
    publish.add_argument(
        "--store-schema", help="the kiosk store schema the build migrates to (its SCHEMA_HEAD)"
    )
    publish.add_argument(
        "--share", type=int, default=100, help="per cent of each site's kiosks (default 100)"
    )
    publish.add_argument(
        "--site",
        action="append",
        metavar="SITE=N",
        help="a share for one site, e.g. --site 'MPP Kota Bandung=30' (repeatable)",
    )
    status = actions.add_parser("status", help="the offered release and what kiosks run")
    share = actions.add_parser("share", help="change the rollout share without re-uploading")
    share.add_argument("share", type=int, metavar="N", help="per cent, 0 to 100")
    share.add_argument("--site", help="only for this site (default: the share of every site)")
    withdraw = actions.add_parser(
        "withdraw", help="stop offering the current release (kiosks keep what they run)"
    )
    for sub in (publish, status, share, withdraw):
        sub.add_argument("--json", action="store_true", help="machine-readable output")
        storage_options(sub)
        sub.set_defaults(handler=run_release_admin)


def run_release_admin(args) -> int:
    from app.commands.server import settings_from_args
    from server import releases
    from server.admin import operator
    from server.context import open_context

    try:
        ctx = open_context(settings_from_args(args))
    except Exception as exc:
        raise KioskError(f"cannot open the server database: {exc}") from None
    action = args.release_action
    try:
        if action == "publish":
            result = releases.publish(
                ctx,
                args.file,
                args.version,
                actor=operator(),
                store_schema=args.store_schema,
                share=args.share,
                site_shares=releases.parse_site_shares(args.site),
            )
        elif action == "share":
            result = releases.set_share(ctx, args.share, actor=operator(), site=args.site)
        elif action == "withdraw":
            result = releases.withdraw(ctx, actor=operator())
        else:
            result = releases.status(ctx)
    except releases.ReleaseError as exc:
        raise KioskError(str(exc)) from None
    finally:
        ctx.engine.dispose()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return 0
    if action == "status":
        _print_status(result)
        return 0
    done = {"publish": "published", "share": "share changed", "withdraw": "withdrawn"}[action]
    print(f"Release {result['version']} {done}.")
    if action != "withdraw":
        _print_release(result)
    for site in result.get("unknown_sites", []):
        print(
            f"warning: no kiosk is enrolled at site {site!r}; a site share reaches only kiosks "
            "enrolled with exactly this site name",
            file=sys.stderr,
        )
    return 0


def _print_release(info: dict) -> None:
    print(f"  sha256 {info['sha256']}, {info['size']} bytes, store schema {info['store_schema']}")
    print(f"  published {info['published_at']} by {info['published_by']}")
    sites = ", ".join(f"{s} {n}%" for s, n in info["site_shares"].items())
    print(f"  rollout: {info['share']}% of each site" + (f"; {sites}" if sites else ""))


def _print_status(result: dict) -> None:
    if result["current"] is None:
        print("No release is offered.")
    else:
        print(f"Offered: {result['current']['version']}")
        _print_release(result["current"])
    if result["previous"]:
        print(f"Previous (still downloadable): {result['previous']['version']}")
    versions = ", ".join(f"{v}: {n}" for v, n in result["kiosks_by_version"].items())
    states = ", ".join(f"{s}: {n}" for s, n in result["kiosks_by_update_state"].items())
    print(f"Kiosks by version: {versions or '(none)'}")
    print(f"Kiosks by update state: {states or '(none)'}")

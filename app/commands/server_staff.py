"""`kiosk server admin staff ...` and `kiosk server admin help ...`: counter staff accounts
and help requests on the reference server (registered by app/commands/server.py)."""

from __future__ import annotations

import getpass
import json
import sys

from kiosk.errors import KioskError


def register_admin(cmds, storage_options) -> None:
    """Add `staff` and `help` to the `server admin` subcommands `cmds`."""
    staff = cmds.add_parser("staff", help="counter staff accounts (PIN sign-in on kiosks)")
    actions = staff.add_subparsers(dest="staff_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="make an account; prints its staff id")
    add.add_argument("--site", required=True, help="the site, exactly as its kiosks were enrolled")
    add.add_argument("--name", required=True, help="the staff member's name (shown on kiosks)")
    add.add_argument("--role", required=True, choices=("petugas", "supervisor", "teknisi"))
    disable = actions.add_parser("disable", help="disable an account (it leaves every kiosk)")
    disable.add_argument("staff_id")
    reset = actions.add_parser("reset-pin", help="give an account a new PIN")
    reset.add_argument("staff_id")
    for sub in (add, reset):
        pin = sub.add_mutually_exclusive_group()
        pin.add_argument(
            "--pin-stdin", action="store_true", help="read the PIN (6-12 digits) from stdin"
        )
        pin.add_argument(
            "--generate-pin", action="store_true", help="make a random 6-digit PIN, shown once"
        )
    listing = actions.add_parser("list", help="list accounts")
    listing.add_argument("--site", help="only this site's accounts")
    help_ = cmds.add_parser("help", help="open help requests from kiosks; acknowledge or close one")
    help_.add_argument("--site", help="only this site's requests")
    which = help_.add_mutually_exclusive_group()
    which.add_argument("--ack", metavar="ID", help="acknowledge this request (someone is going)")
    which.add_argument("--close", metavar="ID", help="close this request")
    help_.add_argument("--staff", metavar="STAFF_ID", help="with --ack: who is going")
    for sub in (add, disable, reset, listing, help_):
        sub.add_argument("--json", action="store_true", help="machine-readable output")
        storage_options(sub)
        sub.set_defaults(handler=run_staff_admin)


def _read_pin(args) -> tuple[str, bool]:
    """(PIN, whether it was generated here)."""
    from server.staff import new_pin

    if args.generate_pin:
        return new_pin(), True
    if args.pin_stdin:
        return sys.stdin.readline().strip(), False
    if not sys.stdin.isatty():
        raise KioskError("give the PIN with --pin-stdin, or use --generate-pin")
    first = getpass.getpass("PIN (6-12 digits): ")
    if getpass.getpass("PIN again: ") != first:
        raise KioskError("the two PINs differ")
    return first, False


def run_staff_admin(args) -> int:
    from app.commands.server import _print_human, settings_from_args
    from kiosk.staff.pin import PinError
    from server import staff
    from server.admin import operator
    from server.context import open_context
    from server.errors import ApiError

    try:
        ctx = open_context(settings_from_args(args))
    except Exception as exc:
        raise KioskError(f"cannot open the server database: {exc}") from None
    actor = operator()
    action = getattr(args, "staff_action", None) or "help"
    try:
        if action == "add":
            pin, generated = _read_pin(args)
            staff_id = staff.add_account(ctx, args.site, args.name, args.role, pin, actor)
            result = {"staff_id": staff_id, "site": args.site, "role": args.role}
            result["kiosks_at_site"] = staff.kiosks_at_site(ctx, args.site)
            if generated:
                result["pin"] = pin  # shown once: the server keeps no PIN
        elif action == "reset-pin":
            pin, generated = _read_pin(args)
            result = staff.reset_pin(ctx, args.staff_id, pin, actor)
            if generated:
                result["pin"] = pin
        elif action == "disable":
            result = staff.disable_account(ctx, args.staff_id, actor)
        elif action == "list":
            result = staff.list_accounts(ctx, args.site)
        else:
            result = _help(ctx, args, actor)
    except (staff.StaffError, PinError) as exc:
        raise KioskError(str(exc)) from None
    except ApiError as exc:
        raise KioskError(exc.message) from None
    finally:
        ctx.engine.dispose()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    elif action in ("add", "reset-pin", "disable"):
        done = {"add": "made", "reset-pin": "has a new PIN", "disable": "disabled"}[action]
        print(f"Staff account {result['staff_id']} ({result['role']}, {result['site']}) {done}.")
        if "pin" in result:
            print(f"PIN: {result['pin']} (shown once; the server keeps no PIN)")
        if result.get("kiosks_at_site") == 0:
            print(
                f"warning: no kiosk is enrolled at site {result['site']!r} yet; the account "
                "reaches only kiosks enrolled with exactly this site name",
                file=sys.stderr,
            )
    else:
        _print_human(action, result)
    return 0


def _help(ctx, args, actor: str):
    from server import help_requests
    from server.context import utcnow
    from server.models import AdminAudit

    target = args.ack or args.close
    if target is None:
        if args.staff:
            raise KioskError("--staff goes with --ack")
        return help_requests.live_requests(ctx, args.site or None)
    site = help_requests.find_site_of_request(ctx, target)
    if args.ack:
        result = help_requests.acknowledge(ctx, target, site, args.staff)
    else:
        result = help_requests.close(ctx, target, site, f"admin {actor}")
    with ctx.db() as db:
        db.add(
            AdminAudit(
                at=utcnow(),
                actor=actor[:100],
                action="help_ack" if args.ack else "help_close",
                subject=result["request_id"],
            )
        )
    return result

"""`kiosk server serve` and `kiosk server admin ...`: the reference MPP server.

FastAPI, SQLAlchemy and the camera models are imported inside the handlers only.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from kiosk.errors import KioskError

DEFAULT_PORT = 8700
GRACEFUL_STOP_S = 5


def _storage_options(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: an option given before the subcommand (kiosk --data-dir X server ...) survives.
    parser.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="sqlite:///PATH or postgresql://... (default: SQLite in the data dir;"
        " env MPP_SERVER_DB)",
    )
    parser.add_argument(
        "--data-dir",
        dest="server_data_dir",
        metavar="DIR",
        help="server data folder: keys and SQLite database (default: 'server' "
        "inside the kiosk data folder)",
    )


def register(subparsers) -> None:
    parser = subparsers.add_parser("server", help="run or administer the reference MPP server")
    actions = parser.add_subparsers(dest="server_action", metavar="ACTION", required=True)

    serve = actions.add_parser("serve", help="run the HTTP server (loopback unless told)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--public-url", help="URL kiosks use to reach this server (for QR codes)")
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.add_argument(
        "--dev", action="store_true", help="serve the API docs (/docs, /redoc, /openapi.json)"
    )
    serve.add_argument("--ssl-certfile", help="serve HTTPS: the certificate chain (PEM)")
    serve.add_argument("--ssl-keyfile", help="serve HTTPS: its private key (PEM)")
    _storage_options(serve)
    serve.set_defaults(handler=run_serve)

    admin = actions.add_parser("admin", help="administration commands")
    cmds = admin.add_subparsers(dest="admin_action", metavar="COMMAND", required=True)
    code = cmds.add_parser("enroll-code", help="make a one-time kiosk enrollment code + QR")
    code.add_argument("--site", required=True, help="site name, e.g. 'MPP Kota Bandung'")
    code.add_argument(
        "--region",
        required=True,
        help="the site's Kemendagri regency/city code, e.g. 3273 for Kota Bandung (the kiosk's "
        "receipts take their time zone, WIB/WITA/WIT, from it)",
    )
    code.add_argument("--ttl-hours", type=float, default=24.0)
    code.add_argument("--url", help="server URL kiosks use (default: the configured public URL)")
    revoke = cmds.add_parser("revoke", help="revoke a kiosk: its requests fail with 401")
    revoke.add_argument("kiosk_id")
    revoke.add_argument("--reason", default="revoked by an administrator")
    cmds.add_parser("kiosks", help="list enrolled kiosks and their last heartbeat")
    apps = cmds.add_parser("applications", help="list received applications")
    apps.add_argument("--limit", type=int, default=100)
    show = cmds.add_parser("show", help="decrypt and show one application")
    show.add_argument("reference", help="tracking code or application id")
    face = cmds.add_parser("enroll-face", help="store a reference face for a demo NIK")
    face.add_argument("nik")
    face.add_argument("photo")
    seed = cmds.add_parser("seed-demo", help="create the synthetic demo population")
    seed.add_argument("--seed", type=int, default=2024)
    seed.add_argument("--citizens", type=int, default=1000)
    prune = cmds.add_parser(
        "prune", help="delete personal data past its retention (run daily; server/README.md)"
    )
    forget = cmds.add_parser("forget", help="delete a citizen's reference face (on request)")
    forget.add_argument("nik")
    backup = cmds.add_parser("backup", help="copy the database and keys/ into a new folder")
    backup.add_argument("folder")
    reencode = cmds.add_parser(
        "reencode",
        help="re-encode stored reference faces from their photos (after a template change)",
        description="Replace every stored reference template whose photo, PHOTOS/NIK.jpg "
        "(.jpeg, .png), is given by one made carefully (jittered encodings averaged). The "
        "server keeps no photos: references without one keep their old template and are listed.",
    )
    reencode.add_argument("--photos", required=True, metavar="FOLDER", help="NIK.jpg files")
    subs = (
        code,
        revoke,
        cmds.choices["kiosks"],
        apps,
        show,
        face,
        seed,
        prune,
        forget,
        backup,
        reencode,
    )
    for sub in subs:
        sub.add_argument("--json", action="store_true", help="machine-readable output")
        _storage_options(sub)
        sub.set_defaults(handler=run_admin)
    # Counter staff accounts and help requests: app/commands/server_staff.py
    from app.commands.server_staff import register_admin

    register_admin(cmds, _storage_options)
    # Fleet updates: app/commands/server_release.py
    from app.commands.server_release import register_admin as register_release

    register_release(cmds, _storage_options)
    restore = cmds.add_parser(
        "restore", help="put a backup in place for a new data folder (before the first start)"
    )
    restore.add_argument("folder", help="a folder made by `admin backup`")
    _storage_options(restore)
    restore.set_defaults(handler=run_restore)


def settings_from_args(args):
    from kiosk import paths
    from server.settings import ServerSettings

    if getattr(args, "server_data_dir", None):
        data_dir = paths.data_dir(args.server_data_dir)
    else:
        data_dir = paths.data_dir(getattr(args, "data_dir", None)) / "server"
    db = getattr(args, "db", None) or os.environ.get("MPP_SERVER_DB")
    settings = ServerSettings(data_dir=data_dir, database_url=db)
    public = (
        getattr(args, "public_url", None)
        or getattr(args, "url", None)
        or os.environ.get("MPP_SERVER_PUBLIC_URL")
    )
    if public:
        settings.public_url = public.rstrip("/")
    elif getattr(args, "port", None):
        host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
        settings.public_url = f"http://{host}:{args.port}"
    return settings


def run_serve(args) -> int:
    import uvicorn

    from server.app import create_app, settings_to_env
    from server.context import open_context
    from server.http import ServerProtocol

    # Everything the server writes (database, WAL, uploads, logs) is for its own account only.
    os.umask(0o077)
    settings = settings_from_args(args)
    settings.api_docs = args.dev
    try:
        if args.workers > 1:
            # Keys and schema are made once here; each worker process then finds them ready.
            open_context(settings).engine.dispose()
        else:
            app = create_app(settings)
    except Exception as exc:  # bad URL, unreachable database: say so, no traceback
        raise KioskError(f"cannot start the server: {exc}") from None
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise KioskError("give both --ssl-certfile and --ssl-keyfile (or neither)")
    tls = (
        {"ssl_certfile": args.ssl_certfile, "ssl_keyfile": args.ssl_keyfile}
        if args.ssl_certfile
        else {}
    )
    scheme = "https" if tls else "http"
    if tls and not args.public_url:  # the QR codes and enroll commands point at https://
        settings.public_url = "https://" + settings.public_url.split("://", 1)[1]
    print(
        f"MPP server on {scheme}://{args.host}:{args.port} (data: {settings.data_dir})", flush=True
    )
    if args.workers > 1:
        os.environ.update(settings_to_env(settings))
        uvicorn.run(
            "server.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
            access_log=False,
            http=ServerProtocol,
            # A kiosk's idle keep-alive TLS connection would otherwise hold a stop forever;
            # a request in flight still gets this long to finish.
            timeout_graceful_shutdown=GRACEFUL_STOP_S,
            **tls,
        )
    else:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_level="warning",
            access_log=False,
            http=ServerProtocol,
            # A kiosk's idle keep-alive TLS connection would otherwise hold a stop forever;
            # a request in flight still gets this long to finish.
            timeout_graceful_shutdown=GRACEFUL_STOP_S,
            **tls,
        )
    return 0


def run_admin(args) -> int:
    from server import admin
    from server.context import open_context

    try:
        ctx = open_context(settings_from_args(args))
    except Exception as exc:
        raise KioskError(f"cannot open the server database: {exc}") from None
    try:
        result = _dispatch(args, ctx)
    except admin.AdminError as exc:
        raise KioskError(str(exc)) from None
    finally:
        ctx.engine.dispose()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        _print_human(args.admin_action, result)
    return 0


def run_restore(args) -> int:
    from server.lifecycle import LifecycleError, restore

    settings = settings_from_args(args)
    try:
        restore(Path(args.folder), settings.data_dir, settings.database_url)
    except LifecycleError as exc:
        raise KioskError(str(exc)) from None
    print(f"restored {args.folder} into {settings.data_dir}; start the server as usual")
    return 0


def _dispatch(args, ctx):
    from kiosk import regions
    from server import admin, lifecycle
    from server.demo_seed import seed_demo
    from server.enrollment import check_ttl, create_enroll_code, revoke_kiosk

    action = args.admin_action
    if action == "prune":
        return vars(lifecycle.prune(ctx))
    if action == "forget":
        from kiosk.nik import NikError, mask_nik, parse_nik

        try:
            nik = parse_nik(args.nik).nik
        except NikError as exc:
            raise admin.AdminError(f"invalid NIK: {exc.message_en}") from None
        had = lifecycle.forget_face(ctx, nik, admin.operator())
        return {"nik": mask_nik(nik), "reference_face_deleted": had}
    if action == "backup":
        try:
            made = lifecycle.backup(ctx, Path(args.folder))
        except lifecycle.LifecycleError as exc:
            raise admin.AdminError(str(exc)) from None
        return {"folder": args.folder, "files": [str(p) for p in made]}
    if action == "enroll-code":
        try:
            ttl_s = check_ttl(args.ttl_hours * 3600)
        except ValueError as exc:
            raise admin.AdminError(f"--ttl-hours {args.ttl_hours}: {exc}") from None
        region = regions.regency_name(args.region)
        if region is None:
            raise admin.AdminError(
                f"--region {args.region}: not a Kemendagri regency/city code "
                "(four digits, e.g. 3273 for Kota Bandung; `kiosk nik` decodes a NIK's first four)"
            )
        code, expires = create_enroll_code(ctx, args.site, ttl_s, args.region)
        url, key_id = ctx.settings.public_url, ctx.keys.key_id
        qr = {"url": url, "code": code, "server_key_id": key_id}
        command = f"kiosk enroll --server {url} --code {code} --key-id {key_id}"
        return {
            "site": args.site,
            "region": f"{args.region} {region}",
            "code": code,
            "expires_at": expires.isoformat(),
            "qr": qr,
            "command": command,
        }
    if action == "revoke":
        if not revoke_kiosk(ctx, args.kiosk_id, args.reason):
            raise admin.AdminError(f"no kiosk with id {args.kiosk_id}")
        return {"kiosk_id": args.kiosk_id, "revoked": True, "reason": args.reason}
    if action == "kiosks":
        return admin.kiosks(ctx)
    if action == "applications":
        return admin.applications(ctx, args.limit)
    if action == "show":
        return admin.show_application(ctx, args.reference)
    if action == "enroll-face":
        return admin.enroll_face(ctx, args.nik, args.photo)
    if action == "reencode":
        return admin.reencode_references(ctx, Path(args.photos))
    report = seed_demo(ctx, seed=args.seed, citizens=args.citizens)
    return vars(report)


def _print_human(action: str, result) -> None:
    if action == "enroll-code":
        import segno

        print(f"Enrollment code for {result['site']} ({result['region']}): {result['code']}")
        print(f"Valid until {result['expires_at']} (one use). Server: {result['qr']['url']}")
        print(f"On the kiosk, scan the QR code or type:\n  {result['command']}")
        segno.make(json.dumps(result["qr"], separators=(",", ":")), error="m").terminal(
            compact=True
        )
    elif isinstance(result, list):
        if not result:
            print("(none)")
        for row in result:
            print("  ".join(f"{k}={v}" for k, v in row.items() if v is not None))
    else:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))

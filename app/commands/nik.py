"""`kiosk nik NIK`: validate and decode a national identity number."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    parser = subparsers.add_parser("nik", help="validate and decode a NIK")
    parser.add_argument("nik", help="the 16-digit NIK")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--lang",
        choices=("id", "en"),
        default=None,
        help="language of the messages (default: English; with --json, Indonesian)",
    )
    parser.set_defaults(handler=check_nik)


def check_nik(args) -> int:
    from kiosk.messages import text
    from kiosk.nik import NikError, parse_nik

    lang = args.lang or ("id" if args.json else "en")
    try:
        info = parse_nik(args.nik)
    except NikError as exc:
        message = text(f"nik.{exc.code}", lang)
        result = {
            "nik": args.nik,
            "valid": False,
            "province": None,
            "regency": None,
            "birth_date": None,
            "sex": None,
            "error": exc.code,
            "message": message,
        }
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            print(text("cli.nik.invalid", lang, code=exc.code, message=message))
        return 1
    if args.json:
        print(json.dumps(info.to_dict(), ensure_ascii=False))
        return 0
    sex = text("cli.nik.female" if info.sex == "F" else "cli.nik.male", lang)
    rows = [
        ("NIK", f"{info.nik} ({text('cli.nik.valid', lang)})"),
        (text("cli.nik.province", lang), info.province),
        (text("cli.nik.regency", lang), info.regency or "-"),
        (text("cli.nik.birth_date", lang), info.birth_date.isoformat()),
        (text("cli.nik.sex", lang), sex),
    ]
    for label, value in rows:
        print(f"{label:<14} {value}")
    if info.warning:
        print(text(f"nik.{info.warning}", lang))
    return 0

"""`kiosk nik NIK`: validate and decode a national identity number."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    parser = subparsers.add_parser("nik", help="validate and decode a NIK")
    parser.add_argument("nik", help="the 16-digit NIK")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=check_nik)


def check_nik(args) -> int:
    from kiosk.nik import NikError, parse_nik

    try:
        info = parse_nik(args.nik)
    except NikError as exc:
        result = {
            "nik": args.nik,
            "valid": False,
            "province": None,
            "regency": None,
            "birth_date": None,
            "sex": None,
            "error": exc.code,
            "message": exc.message_id,
        }
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            print(f"NIK tidak valid ({exc.code}): {exc.message_id}")
            print(f"Invalid NIK ({exc.code}): {exc.message_en}")
        return 1
    if args.json:
        print(json.dumps(info.to_dict(), ensure_ascii=False))
        return 0
    sex = "Perempuan / Female" if info.sex == "F" else "Laki-laki / Male"
    print(f"NIK            {info.nik} (valid)")
    print(f"Provinsi       {info.province}")
    print(f"Kabupaten/Kota {info.regency}")
    print(f"Tanggal lahir  {info.birth_date.isoformat()}")
    print(f"Jenis kelamin  {sex}")
    return 0

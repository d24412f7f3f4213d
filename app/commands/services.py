"""`kiosk services`: list the service catalog (or check a catalog folder for mistakes)."""

from __future__ import annotations

import argparse
import json
import sys

from kiosk.errors import KioskError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "services",
        help="list the service catalog",
        description="List the services of the catalog, grouped. A broken catalog file is "
        "reported as 'error: <file>: <field>: <problem>' with exit code 1.",
    )
    parser.add_argument("--json", action="store_true", help="print the services as JSON")
    parser.add_argument(
        "--catalog",
        metavar="DIR",
        help="load this catalog folder instead of the packaged assets/services",
    )
    parser.add_argument("--group", metavar="GROUP", help="only this group (adminduk, nakes)")
    parser.set_defaults(handler=run)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  ".join([cell.ljust(width) for cell, width in zip(row, widths, strict=False)] + [row[-1]])
        for row in rows
    ]


def run(args: argparse.Namespace) -> int:
    from kiosk.catalog import load_catalog

    catalog = load_catalog(args.catalog)
    if args.group and catalog.group(args.group) is None:
        known = ", ".join(g.id for g in catalog.groups)
        raise KioskError(f"unknown group {args.group!r} (known: {known})")
    services = catalog.by_group(args.group) if args.group else catalog.services
    if args.json:
        json.dump([s.to_dict() for s in services], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"Katalog layanan versi {catalog.version}: {len(services)} layanan")
    for group in catalog.groups:
        members = [s for s in services if s.group == group.id]
        if not members:
            continue
        print(f"\n{group.name_id} ({group.id}, {len(members)} layanan)")
        rows = [("ID", "NAMA LAYANAN", "INSTANSI")]
        rows += [(s.id, s.name_id, s.agency) for s in members]
        for line in _table(rows):
            print(f"  {line}".rstrip())
    return 0

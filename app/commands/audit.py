"""`kiosk audit verify`: check the hash chain of the local audit log."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    parser = subparsers.add_parser("audit", help="check the audit log")
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help="find edited, inserted or deleted entries (exit 1 when any is found)"
    )
    verify.add_argument("--json", action="store_true", help="machine-readable output")
    verify.set_defaults(handler=verify_audit)


def verify_audit(args) -> int:
    from kiosk import paths
    from kiosk.store import Store

    store = Store.open(paths.data_dir(args.data_dir))
    try:
        result = store.audit.verify()
        anchor = store.audit.anchor()
    finally:
        store.close()
    if args.json:
        print(
            json.dumps(
                {
                    "ok": result.ok,
                    "entries": result.entries,
                    "last_seq": result.last_seq,
                    "last_hash": result.last_hash,
                    "anchor_seq": anchor[0] if anchor else None,
                    "problems": [vars(p) for p in result.problems],
                }
            )
        )
    else:
        for problem in result.problems:
            print(f"PROBLEM seq {problem.seq} [{problem.kind}]: {problem.message}")
        verdict = "intact" if result.ok else f"{len(result.problems)} problem(s) found"
        anchor_text = f", server anchor at {anchor[0]}" if anchor else ", no server anchor yet"
        print(f"audit log: {result.entries} entries, {verdict}{anchor_text}")
    return 0 if result.ok else 1

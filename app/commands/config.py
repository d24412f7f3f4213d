"""`kiosk config show`: the effective settings and where each came from."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    parser = subparsers.add_parser("config", help="show the effective configuration")
    actions = parser.add_subparsers(dest="config_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print every setting, its value and its source")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=show_config)


def show_config(args) -> int:
    from kiosk import paths
    from kiosk.config import load_config

    config_path = paths.config_file(args.config)
    config = load_config(config_path, paths.data_dir(args.data_dir))
    if args.json:
        doc = {key: {"value": s.value, "source": s.source} for key, s in config.items()}
        print(json.dumps({"config_file": str(config_path), "settings": doc}, indent=2))
        return 0
    print(f"# config file: {config_path}{'' if config_path.exists() else ' (not present)'}")
    width = max(len(key) for key, _ in config.items())
    for key, setting in config.items():
        print(f"{key.ljust(width)}  {json.dumps(setting.value)}  [{setting.source}]")
    return 0

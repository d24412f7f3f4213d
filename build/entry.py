"""Entry point of the frozen kiosk (build/kiosk.spec): the `kiosk` command line.

freeze_support() comes first: the face-model process starts with the spawn method, which
re-runs this executable with multiprocessing's own arguments; they must never reach argparse.
"""

import multiprocessing
import os
import sys


def _escpos_capabilities_cache() -> None:
    """python-escpos parses its capabilities.json with PyYAML on import (~0.2-0.5 s of the
    cold start) unless it finds its pickle; its default pickle folder is a new mkdtemp() per
    start, never hit and left behind. Keep the pickle in the user's cache folder instead."""
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    from platformdirs import user_cache_dir

    folder = os.path.join(user_cache_dir("mpp-kiosk", appauthor=False), "escpos")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return  # a read-only home: escpos falls back to its own temporary folder
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = folder


if __name__ == "__main__":
    multiprocessing.freeze_support()
    _escpos_capabilities_cache()
    if sys.argv[1:2] == ["smoke-journey"]:  # build/smoke_test.py's scripted journey, hidden
        from app.smoke_journey import exit_now
        from app.smoke_journey import main as smoke_journey

        exit_now(smoke_journey(sys.argv[2:]))
    from app.cli import main

    sys.exit(main())

"""Fleet updates, the Qt-free half: see kiosk/updates/updater.py for the layout and the rules."""

from kiosk.updates.files import UpdateFailed
from kiosk.updates.updater import (
    EXIT_RESTART,
    Release,
    RestartForUpdate,
    Updates,
    is_newer,
    releases_folder,
    store_past,
)

__all__ = [
    "EXIT_RESTART",
    "Release",
    "RestartForUpdate",
    "UpdateFailed",
    "Updates",
    "is_newer",
    "releases_folder",
    "store_past",
]

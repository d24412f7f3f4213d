"""MPP Kiosk core: Qt-free rules, data and storage shared by every front end."""

from kiosk.version import full_version

__version__ = full_version()  # e.g. 0.1.0+gdc651fc (kiosk.version)

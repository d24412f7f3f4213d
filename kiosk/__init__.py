"""MPP Kiosk core: Qt-free rules, data and storage shared by every front end."""

__version__ = "0.1.0"

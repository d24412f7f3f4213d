"""The wizard's words for each failure and each choice (English sources, Indonesian in
assets/i18n/setup_id.ts). Each failure says what happened and what to do."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication


def failure_text(kind: str) -> str:
    texts = {
        "unreachable": QCoreApplication.translate(
            "SetupWords",
            "The server cannot be reached. Check the network cable or Wi-Fi and the server "
            "address, then try again.",
        ),
        "busy": QCoreApplication.translate(
            "SetupWords", "The server is busy. Wait a minute, then try again."
        ),
        "tls": QCoreApplication.translate(
            "SetupWords",
            "The server's certificate cannot be verified. Check the server address, or ask "
            "for the certificate of the server's authority (server.ca_bundle).",
        ),
        "insecure_url": QCoreApplication.translate(
            "SetupWords",
            "The server address must start with https:// (plain http:// only for a server on "
            "this kiosk).",
        ),
        "code_invalid": QCoreApplication.translate(
            "SetupWords",
            "The server does not know this enrollment code. Check the code you typed, or ask "
            "the MPP administrator for a new one.",
        ),
        "code_used": QCoreApplication.translate(
            "SetupWords",
            "This enrollment code has already been used. Ask the MPP administrator for a new code.",
        ),
        "code_expired": QCoreApplication.translate(
            "SetupWords",
            "This enrollment code has expired. Ask the MPP administrator for a new code.",
        ),
        "wrong_key": QCoreApplication.translate(
            "SetupWords",
            "The server's key does not match the key id. Check the key id (it is in the "
            "enrollment QR code) and that this is the right server.",
        ),
        "printer": QCoreApplication.translate(
            "SetupWords",
            "The test receipt did not print. Check that the printer is on, has paper and that "
            "its address is right, then try again.",
        ),
        "settings": QCoreApplication.translate(
            "SetupWords",
            "The settings could not be saved. Check the kiosk's configuration file and the free "
            "disk space, then try again.",
        ),
    }
    return texts.get(
        kind,
        QCoreApplication.translate(
            "SetupWords",
            "Setup failed. Try again; if it keeps failing, run kiosk doctor and call support.",
        ),
    )


def camera_name(spec: str) -> str:
    if spec.isdigit() or spec.startswith("/dev/"):
        return QCoreApplication.translate("SetupWords", "Camera %1").replace("%1", spec)
    return QCoreApplication.translate("SetupWords", "Video file %1").replace("%1", Path(spec).name)


def printer_kinds() -> dict[str, str]:
    return {
        "none": QCoreApplication.translate("SetupWords", "No printer"),
        "usb": QCoreApplication.translate("SetupWords", "USB"),
        "serial": QCoreApplication.translate("SetupWords", "Serial"),
        "network": QCoreApplication.translate("SetupWords", "Network"),
        "file": QCoreApplication.translate("SetupWords", "File"),
        "pdf": QCoreApplication.translate("SetupWords", "PDF"),
    }


def printer_example(kind: str) -> str:
    examples = {
        "usb": "/dev/usb/lp0  |  04b8:0202",
        "serial": "/dev/ttyUSB0@19200",
        "network": "192.168.1.50:9100",
        "file": "/var/lib/mpp-kiosk/receipts.bin",
        "pdf": QCoreApplication.translate(
            "SetupWords", "a folder (empty: the kiosk's receipts folder)"
        ),
    }
    return examples.get(kind, "")


def orientations() -> dict[str, str]:
    return {
        "auto": QCoreApplication.translate("SetupWords", "Automatic"),
        "portrait": QCoreApplication.translate("SetupWords", "Portrait"),
        "landscape": QCoreApplication.translate("SetupWords", "Landscape"),
    }


def languages() -> dict[str, str]:
    return {"id": "Bahasa Indonesia", "en": "English"}


def modes() -> dict[str, str]:
    return {
        "self": QCoreApplication.translate("SetupWords", "Self-service"),
        "assisted": QCoreApplication.translate("SetupWords", "Assisted by staff"),
    }

"""Subcommands of `kiosk`. Each module defines `register(subparsers)`.

Modules here may import other packages (camera, sync, server, ui) only inside their handlers.
"""

COMMAND_MODULES = [
    "nik",
    "services",
    "config",
    "audit",
    "store",
    "face",
    "biometrics",
    "server",
    "enroll",
    "provision",
    "queue",
    "printer",
    "doctor",
    "update",
    "demo",
    "run",
]

"""What the setup wizard asks of the rest of the kiosk, handed in by the composition root.

The UI layer may not import app/: enrolling (sync + store + audit), writing the kiosk's TOML
file and printing a test receipt are wired in app/commands/setup.py and given to the wizard as
plain callables. Each raises SetupFailed with a `kind` the wizard words in the screen's
language (ui/setup/words.py); `detail` is English for the log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# The kinds of failure the wizard has words for (anything else is "other").
FAILURE_KINDS = (
    "unreachable",  # no answer from the server (network, address, server down)
    "busy",  # the server answered "try again later"
    "tls",  # the server's certificate could not be verified
    "insecure_url",  # not https:// (plain http:// only to this machine)
    "code_invalid",  # the server does not know the code
    "code_used",  # the code was used already
    "code_expired",  # the code's time ran out
    "wrong_key",  # the server's key is not the one the key id names
    "printer",  # the test receipt did not print
    "settings",  # the settings are invalid or cannot be written
    "other",
)


class SetupFailed(Exception):
    """A setup step failed: `kind` (FAILURE_KINDS) for the screen, `detail` (English) for logs."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(detail or kind)
        self.kind = kind if kind in FAILURE_KINDS else "other"
        self.detail = detail


@dataclass(frozen=True)
class Enrolled:
    kiosk_id: str
    site: str  # the site name from the server's enrollment grant
    server: str


@dataclass
class SetupActions:
    """enroll(server, code, key_id) -> Enrolled; the code is already normalised (XXXX-XXXX-XXXX).
    cameras() -> camera specs found on this machine ("/dev/video0", ...).
    open_camera(spec) -> camera.sources.FrameSource.
    test_printer(kind, target, language) -> where the test receipt went (English, for logs).
    save(settings) -> the file written; settings are dotted keys (camera.device, printer.kind,
    printer.target, ui.orientation, kiosk.language, kiosk.mode).
    initial: the settings in force before the wizard (its starting choices)."""

    enroll: Callable[[str, str, str], Enrolled]
    cameras: Callable[[], list[str]]
    open_camera: Callable[[str], object]
    test_printer: Callable[[str, str, str], str]
    save: Callable[[dict[str, str]], str]
    initial: dict[str, str] = field(default_factory=dict)

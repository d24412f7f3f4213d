"""The maintenance screen's words for `kiosk doctor`'s results (kiosk/doctor.py CheckResult).

The checks speak plain English for the terminal (name, detail with figures, one fix hint). The
screen shows them in the kiosk's language: each check's name, each known detail shape (a
pattern; its figures carried over) and each hint have a translation (context "DoctorWords",
Indonesian in assets/i18n/maintenance_id.ts). A detail or hint the screen does not know (a
check added later) is never shown in English on the Indonesian screen: a plain Indonesian line
takes its place and the English screen (one touch away) shows it as it came.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("DoctorWords", text)


def check_name(name: str) -> str:
    names = {
        "version": _t("Software version"),
        "camera": _t("Camera"),
        "face_models": _t("Face models"),
        "server": _t("Server connection"),
        "clock": _t("Clock"),
        "enrollment": _t("Kiosk enrollment"),
        "disk": _t("Free disk space"),
        "store": _t("Database"),
        "audit": _t("Audit log"),
        "printer": _t("Receipt printer"),
        "queue": _t("Application queue"),
        "last_upload": _t("Last upload"),
    }
    return names.get(name) or _t("Other check")


def status_word(status: str) -> str:
    words = {"ok": _t("Passed"), "warn": _t("Needs attention"), "fail": _t("Failed")}
    return words.get(status, status)


# Each detail shape the checks write: the English template with %1, %2... for its figures, and
# a pattern that finds them. The template is the translation's source.
DETAILS: tuple[tuple[str, str], ...] = (
    (r"mpp-kiosk (\S+)", "mpp-kiosk %1"),
    (
        r"the video file named by camera\.device is not there",
        "the video file named by camera.device is not there",
    ),
    (
        r"camera (.+) is not there \((\d+) video device\(s\)\)",
        "camera %1 is not there (video devices found: %2)",
    ),
    (r"camera (.+) gives no picture \((\w+)\)", "camera %1 gives no picture"),
    (
        r"camera (.+) gives pictures \((\d+x\d+); fps not measured\)",
        "camera %1 gives pictures (%2; speed not measured)",
    ),
    (r"camera (.+): (\d+x\d+) at ([\d.]+) fps", "camera %1: %2 at %3 frames per second"),
    (r"the face encoder gave (.+)", "the face encoder gave a wrong result"),
    (
        r"mediapipe and dlib 5-point/ResNet loaded in ([\d.]+) s",
        "the face models loaded in %1 s",
    ),
    (r"not checked \(kiosk not enrolled\)", "not checked (kiosk not enrolled)"),
    (r"not usable \((\w+)\)", "not usable (%1)"),
    (r"(\S+): TLS certificate not accepted", "%1: TLS certificate not accepted"),
    (r"not checked", "not checked"),
    (r"(\S+) cannot be reached \((\w+)\)", "%1 cannot be reached"),
    (r"not checked \(server unreachable\)", "not checked (server unreachable)"),
    (r"(\S+) answered in (\d+) ms", "%1 answered in %2 ms"),
    (r"kiosk clock is ([+-]?\d+) s off the server's", "the kiosk's clock is %1 s off the server's"),
    (r"the server sent no time", "the server sent no time"),
    (
        r"kiosk clock within (\d+) s of the server's",
        "the kiosk's clock is within %1 s of the server's",
    ),
    (r"enrolled as kiosk (\S+), accepted", "enrolled as kiosk %1, accepted by the server"),
    (r"the server revoked this kiosk's enrollment", "the server revoked this kiosk's enrollment"),
    (r"not checked \(clock\)", "not checked (clock)"),
    (r"the server refused the kiosk \((\w+)\)", "the server refused the kiosk (%1)"),
    (
        r"(\S+) answered with a temporary error \((\w+)\)",
        "%1 answered with a temporary error (%2)",
    ),
    (r"not checked \(server busy\)", "not checked (server busy)"),
    (r"the server refused the request \((\w+)\)", "the server refused the request (%1)"),
    (r"([\d,]+) MB free in the data folder", "%1 MB free in the data folder"),
    (
        r"([\d,]+) MB free in the data folder \(below (\S+) MB\)",
        "%1 MB free in the data folder (below %2 MB)",
    ),
    (r"the database cannot be opened \((\w+)\)", "the database cannot be opened"),
    (r"database quick_check ok", "the database check found no damage"),
    (r"database quick_check found damage", "the database check found damage"),
    (r"audit chain intact, (\d+) entries", "the audit chain is intact, %1 entries"),
    (
        r"audit chain broken: (\d+) problem\(s\) at seq ([\d, ]+)",
        "the audit chain is broken: %1 problem(s), at entry %2",
    ),
    (r"printer configuration is wrong: .*", "the printer configuration is wrong"),
    (
        r"printer (\w+)(?: (.+))?, (\d+) receipt\(s\) waiting for reprint",
        "printer %1, receipts waiting for reprint: %3",
    ),
    (
        r"(\d+) pending \(oldest (none|[\d.]+ h)\), (\d+) rejected; queue paused \((\w+)\)",
        "%1 waiting (oldest %2), %3 rejected; sending paused (%4)",
    ),
    (
        r"(\d+) pending \(oldest (none|[\d.]+ h)\), (\d+) rejected",
        "%1 waiting (oldest %2), %3 rejected",
    ),
    (r"no application uploaded yet, (\d+) waiting", "no application uploaded yet, %1 waiting"),
    (
        r"no application uploaded yet \(none submitted\)",
        "no application uploaded yet (none submitted)",
    ),
    (r"last successful upload ([\d.]+) h ago", "last successful upload %1 h ago"),
    (r"the check crashed \((\w+)\)", "the check crashed (%1)"),
)
_DETAILS = [(re.compile(pattern + r"\Z"), template) for pattern, template in DETAILS]

# The hints the checks give (kiosk/doctor.py, camera/, sync/, printing/, kiosk/store/health.py
# and sync.errors.FIXES), word for word: the translation's source.
HINTS: tuple[str, ...] = (
    "Run `kiosk -v doctor` and send the output with `kiosk support-bundle`.",
    "Free disk space on the kiosk (old files, logs) or fit a larger disk; the queue of "
    "applications needs room.",
    "Check the camera cable and that camera.device (see `kiosk config show`) names it; "
    "`kiosk camera test` lists the cameras found.",
    "The camera is slow: use a USB 2/3 port of its own, more light, or a lower "
    "camera.width/camera.height.",
    "The face models did not load: reinstall the kiosk software (`./kiosk.sh demo` sets "
    "it up) and check mediapipe and face_recognition_models are installed.",
    "Fix the server check first.",
    "Check the network (cable, Wi-Fi, proxy) and that server.url in `kiosk config show` is the "
    "server's address; the kiosk keeps working offline and sends later.",
    "The server is busy or being updated; try again in a few minutes.",
    "This kiosk's enrollment was revoked by the server. Ask the MPP administrator "
    "for a new enrollment code and run `kiosk enroll` again.",
    "The server does not know this kiosk. Enroll it again with `kiosk enroll`.",
    "The kiosk's clock is too far from the server's. Set the correct date and time "
    "(enable NTP), then retry the queue.",
    "This kiosk is not enrolled yet. Run the `kiosk enroll ...` line that "
    "`server admin enroll-code` prints.",
    "An answer was signed by a key other than the pinned server key. Check "
    "that the kiosk talks to the right server (no interception); if the server's keys really "
    "changed, enroll again with --new-server.",
    "The server's TLS certificate could not be verified. Check server.url and server.ca_bundle.",
    "Set server.url to the server's https:// address (TLS terminated by "
    "the server or its reverse proxy); plain http:// is only for a server on this machine.",
    "The server refused the kiosk's requests; check the kiosk's enrollment and configuration.",
    "Start the newer kiosk version again or install it (`kiosk update status` lists the builds "
    "on this kiosk); the database was left untouched: do not delete it.",
    "Stop the kiosk and restore kiosk.sqlite3 from a backup, or call support with "
    "`kiosk support-bundle`; do not delete the database.",
    "The audit log was edited, cut or inserted into: do not reset the kiosk; run "
    "`kiosk audit verify` and report it to the MPP administrator.",
    "Set printer.kind and printer.target in kiosk.toml, then `kiosk printer test`.",
    "No printer is configured: set printer.kind and printer.target if this kiosk has one.",
    "Check paper and power, then print them with `kiosk printer reprint`.",
    "Fix what `kiosk queue status` names (enrollment, clock), then `kiosk queue drain`.",
    "Applications wait too long: check the network, then run `kiosk queue drain`.",
    "See `kiosk queue status` for why the server rejected them; `kiosk queue retry ID`.",
    "Check the network and the server address, then run `kiosk queue drain`.",
    "Nothing was uploaded for a long time while applications wait: check the network.",
)


NUMBER = re.compile(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?")


def _number(figure: str, language: str) -> str:
    """1,234.5 is written 1.234,5 in Indonesian."""
    if language != "id" or not NUMBER.fullmatch(figure):
        return figure
    return figure.translate(str.maketrans(",.", ".,"))


def _value(figure: str, language: str) -> str:
    """A figure carried into the translation; the few that are English words, translated."""
    words = {"video file": _t("video file"), "none": _t("none")}
    hours = re.fullmatch(r"([\d.]+) h", figure)
    if hours:
        return _t("%1 h").replace("%1", _number(hours.group(1), language))
    return words.get(figure) or _number(figure, language)


def detail_text(detail: str, language: str) -> str:
    """The detail in the screen's language, its figures kept."""
    for pattern, template in _DETAILS:
        found = pattern.match(detail)
        if found is None:
            continue
        text = _t(template)
        # highest number first, so %1 does not eat the 1 of %12
        for index in range(len(found.groups()), 0, -1):
            text = text.replace(f"%{index}", _value(found.group(index) or "", language))
        return text
    if language == "en":
        return detail
    return _t("Details are shown on the English screen (EN).")


def hint_text(hint: str, language: str) -> str:
    """The fix in the screen's language."""
    if not hint:
        return ""
    if hint in HINTS:
        return _t(hint)
    if language == "en":
        return hint
    return _t("See the fix on the English screen (EN), or run `kiosk doctor`.")

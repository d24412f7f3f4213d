"""What a receipt says, Qt-free: the same content feeds the screen, the thermal printer and the PDF.

A receipt carries the tracking code, the service, the expected processing time, the local date
and time in the kiosk's zone (WIB, WITA or WIT), a QR code of the public status address, the NIK
masked and never a name. Texts come in Indonesian and English; the citizen's language is printed.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk import regions
from kiosk.errors import KioskError
from kiosk.messages import codes, pair
from kiosk.messages import text as message_text
from kiosk.nik import mask_nik
from kiosk.ports import Receipt

log = logging.getLogger(__name__)

# Indonesia has three zones and no daylight saving, so a fixed offset is a safe fallback when the
# system has no time-zone database (install the `tzdata` package to silence the warning).
ZONES: dict[str, tuple[str, int]] = {
    "Asia/Jakarta": ("WIB", 7),
    "Asia/Pontianak": ("WIB", 7),
    "Asia/Makassar": ("WITA", 8),
    "Asia/Jayapura": ("WIT", 9),
}
FALLBACK_ZONE = "Asia/Jakarta"  # a kiosk that knows neither its zone nor its region
_warned_regions: set[str] = set()  # every receipt asks; the journal needs the warning once

# "id"/"en" -> the twelve month names, space-separated (message catalog, "date.months")
MONTHS = {lang: message_text("date.months", lang) for lang in ("id", "en")}

# key -> (Indonesian, English), from the message catalog (assets/messages/*.json, "receipt.*")
LABELS: dict[str, tuple[str, str]] = {key: pair(f"receipt.{key}") for key in codes("receipt")}

_FULL_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")


class ReceiptError(KioskError):
    pass


def label(key: str, language: str) -> str:
    return message_text(f"receipt.{key}", "en" if language == "en" else "id")


def zone_info(timezone: str) -> tuple[dt.tzinfo, str]:
    """(tzinfo, WIB/WITA/WIT) for an Indonesian zone name from config kiosk.timezone."""
    if timezone not in ZONES:
        known = ", ".join(ZONES)
        raise ReceiptError(
            f"kiosk.timezone {timezone!r} is not an Indonesian time zone; use one of {known}",
            f"Zona waktu {timezone!r} tidak dikenal; gunakan salah satu dari {known}",
        )
    abbreviation, hours = ZONES[timezone]
    try:
        return ZoneInfo(timezone), abbreviation
    except ZoneInfoNotFoundError:
        log.warning("no time-zone database for %s: using UTC+%d (install tzdata)", timezone, hours)
        return dt.timezone(dt.timedelta(hours=hours), abbreviation), abbreviation


def site_time_zone(config) -> str:
    """The kiosk's time zone: `kiosk.timezone` when set, else the zone of the site's region
    (`kiosk.region`, from enrollment). WIB only when neither is known (not yet enrolled)."""
    if config is None:
        return FALLBACK_ZONE
    if config.get("kiosk.timezone"):
        return str(config["kiosk.timezone"])
    region = str(config.get("kiosk.region") or "")
    zone = regions.time_zone(region)
    if zone is None:
        if region not in _warned_regions:
            _warned_regions.add(region)
            log.warning(
                "site region %r has no known time zone; showing times in %s (set kiosk.timezone)",
                region,
                FALLBACK_ZONE,
            )
        return FALLBACK_ZONE
    return zone


def local_time(when: dt.datetime, timezone: str) -> tuple[dt.datetime, str]:
    """`when` in the kiosk's zone; a naive datetime is taken as UTC (what servers store)."""
    tz, abbreviation = zone_info(timezone)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(tz), abbreviation


def format_local(when: dt.datetime, timezone: str, language: str) -> str:
    """e.g. "28 November 2026, 06.54 WIB" (Indonesian) / "28 November 2026, 06:54 WIB"."""
    local, abbreviation = local_time(when, timezone)
    month = MONTHS["en" if language == "en" else "id"].split()[local.month - 1]
    sep = ":" if language == "en" else "."  # Indonesian writes 06.54 (PUEBI)
    return f"{local.day} {month} {local.year}, {local:%H}{sep}{local:%M} {abbreviation}"


def status_address(status_url: str, tracking_code: str) -> str:
    """The public address encoded in the QR code: the status URL followed by the code."""
    base = status_url.strip() or "https://mpp.go.id/status/"
    if not base.endswith(("/", "=")):
        base += "/"
    return base + tracking_code


def tracking_code_from_address(text: str) -> str:
    """The tracking code in a scanned QR code: the reverse of status_address (the last part of
    the address, whatever the status URL), or the text itself when it is a bare code."""
    text = (text or "").strip()
    for sep in ("/", "=", "?", "#"):
        text = text.rstrip(sep)
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text


def safe_masked_nik(text: str) -> str:
    """Whatever the submitter put in Receipt.masked_nik, never print a full NIK."""
    text = (text or "").strip()
    if _FULL_NIK.search(text) or (text.isdigit() and len(text) == 16):
        return mask_nik(text)
    return text


def contains_full_nik(text: str) -> bool:
    return bool(_FULL_NIK.search(text))


@dataclass(frozen=True)
class ReceiptContent:
    """Everything printed or shown, already in the citizen's language."""

    language: str
    tracking_code: str
    service_name: str
    processing_time: str
    submitted_at: str
    masked_nik: str
    qr_data: str
    site: str = ""
    notes: tuple[str, ...] = ()
    rows: tuple[tuple[str, str], ...] = field(default=())

    def label(self, key: str) -> str:
        return label(key, self.language)

    def text_lines(self, width: int = 42) -> list[str]:
        """Plain text of the receipt (no QR), wrapped to `width` columns: printers, tests."""
        lines = [self.label("header"), self.label("title"), ""]
        for name, value in self.rows:
            lines += _wrap(f"{name}: {value}", width)
        lines.append("")
        for note in self.notes:
            lines += _wrap(note, width)
        lines += _wrap(self.label("scan"), width) + _wrap(self.qr_data, width)
        lines += _wrap(self.label("keep"), width) + _wrap(self.label("complaints"), width)
        return lines


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def build_receipt(
    receipt: Receipt,
    *,
    language: str = "id",
    timezone: str = FALLBACK_ZONE,
    status_url: str = "",
    service=None,
    site: str = "",
    now: dt.datetime | None = None,
) -> ReceiptContent:
    """The receipt's content. `service` is a kiosk.catalog.model.Service (or None: its id is
    shown); `now` is used when the receipt carries no submission time."""
    lang = "en" if language == "en" else "id"
    when = receipt.submitted_at or now or dt.datetime.now(dt.UTC)
    if service is not None:
        name = service.name_en if lang == "en" else service.name_id
        pt = service.processing_time
        processing = pt.text_en if lang == "en" else pt.text_id
    else:
        name, processing = receipt.service_id, "-"
    masked = safe_masked_nik(receipt.masked_nik)
    rows = [
        (label("tracking_code", lang), receipt.tracking_code),
        (label("service", lang), name),
        (label("processing_time", lang), processing),
        (label("submitted_at", lang), format_local(when, timezone, lang)),
    ]
    if masked:
        rows.append((label("nik", lang), masked))
    if site:
        rows.append((label("site", lang), site))
    note = receipt.verification_note
    notes = (note[1] if lang == "en" else note[0],) if note else ()
    return ReceiptContent(
        language=lang,
        tracking_code=receipt.tracking_code,
        service_name=name,
        processing_time=processing,
        submitted_at=rows[3][1],
        masked_nik=masked,
        qr_data=status_address(status_url, receipt.tracking_code),
        site=site,
        notes=notes,
        rows=tuple(rows),
    )


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR code's modules (True = dark), quiet zone excluded, for any renderer."""
    import segno

    qr = segno.make_qr(data, error="m")
    return [[bool(v) for v in row] for row in qr.matrix]


def kiosk_receipt(receipt: Receipt, config, catalog, language: str) -> ReceiptContent:
    """build_receipt with this kiosk's settings (zone, status address, site name) and the service
    named from its catalog: what the screen shows and the printer prints. config and catalog
    may be None (a kiosk part-way through starting)."""
    get = config.get if config is not None else (lambda key, default=None: default)
    return build_receipt(
        receipt,
        language=language,
        timezone=site_time_zone(config),
        status_url=get("server.status_url", ""),
        service=catalog.get(receipt.service_id) if catalog is not None else None,
        site=get("kiosk.site", ""),
    )

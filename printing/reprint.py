"""Receipts waiting for a printer: one small JSON file each, kept until printed.

A receipt holds no personal data beyond the masked NIK (tracking code, service, time), so it
can wait on disk in clear. Files are written atomically, so a power cut never leaves a
half-written entry; a damaged file is set aside (renamed *.bad) instead of blocking the queue.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.ports import PrinterUnavailable, Receipt
from kiosk.receipt import safe_masked_nik

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueuedReceipt:
    receipt: Receipt
    language: str
    queued_at: dt.datetime
    path: Path


class ReprintQueue:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def put(self, receipt: Receipt, language: str) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        record = {
            "tracking_code": receipt.tracking_code,
            "service_id": receipt.service_id,
            "verification_pending": receipt.verification_pending,
            "staff_verified": receipt.staff_verified,
            "masked_nik": safe_masked_nik(receipt.masked_nik),
            "submitted_at": receipt.submitted_at.isoformat() if receipt.submitted_at else None,
            "language": language,
            "queued_at": dt.datetime.now(dt.UTC).isoformat(),
        }
        path = self.directory / f"{receipt.tracking_code}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(tmp, path)
        log.info("receipt %s queued for reprint", receipt.tracking_code)
        return path

    def pending(self) -> list[QueuedReceipt]:
        """Queued receipts, oldest first."""
        if not self.directory.is_dir():
            return []
        items = []
        for path in self.directory.glob("*.json"):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                submitted = record.get("submitted_at")
                receipt = Receipt(
                    tracking_code=record["tracking_code"],
                    service_id=record["service_id"],
                    verification_pending=bool(record["verification_pending"]),
                    masked_nik=record.get("masked_nik", ""),
                    submitted_at=dt.datetime.fromisoformat(submitted) if submitted else None,
                    staff_verified=bool(record.get("staff_verified", False)),
                )
                queued = dt.datetime.fromisoformat(record["queued_at"])
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("reprint entry %s is damaged; set aside", path.name)
                path.replace(path.with_suffix(".bad"))
                continue
            items.append(QueuedReceipt(receipt, record.get("language", "id"), queued, path))
        return sorted(items, key=lambda item: item.queued_at)

    def __len__(self) -> int:
        return len(self.pending())

    def remove(self, item: QueuedReceipt) -> None:
        item.path.unlink(missing_ok=True)

    def discard(self, tracking_code: str) -> None:
        (self.directory / f"{tracking_code}.json").unlink(missing_ok=True)

    def drain(
        self, output: Callable[[Receipt, str], None], items: list[QueuedReceipt] | None = None
    ) -> tuple[list[QueuedReceipt], PrinterUnavailable | None]:
        """Print queued receipts (`items`, or all) in order with `output(receipt, language)`;
        stop at the first PrinterUnavailable (the printer is still not back). Returns what was
        printed and that error, if any."""
        printed = []
        for item in self.pending() if items is None else items:
            try:
                output(item.receipt, item.language)
            except PrinterUnavailable as exc:
                log.info("reprint stopped, printer still unavailable: %s", exc)
                return printed, exc
            self.remove(item)
            printed.append(item)
        return printed, None

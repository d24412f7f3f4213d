"""No NIK in a log line: every 16-digit number masked to its first 6 digits, at the handler.

`kiosk run`/`demo` write their logs as JSON lines (JsonLinesFormatter: one object a line with
ts, level, logger, message and exc when there is a traceback); the terminal gets plain lines
(MaskingFormatter). Both mask the finished line, so a NIK in the message, in its arguments or
in an exception's text never reaches a file or the terminal. The support bundle masks its
files with the same mask_niks.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

# A NIK (16 digits) anywhere in a line, not part of a longer number: keep the first 6 digits
# (province, regency, district), which say where, not who.
NIK_LIKE = re.compile(r"(?<!\d)(\d{6})\d{10}(?!\d)")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def mask_niks(text: str) -> str:
    return NIK_LIKE.sub(lambda m: m.group(1) + "*" * 10, text)


class MaskingFormatter(logging.Formatter):
    """A text formatter whose lines carry no NIK."""

    def __init__(self, fmt: str = TEXT_FORMAT, *args, **kwargs):
        super().__init__(fmt, *args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return mask_niks(super().format(record))


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per record: {"ts", "level", "logger", "message"[, "exc"][, "stack"]}.
    ts is UTC ISO 8601 with milliseconds. Newlines inside a traceback stay escaped in the
    string, so every record is exactly one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # digits are never escaped by json.dumps: masking the line masks every field
        return mask_niks(json.dumps(entry, ensure_ascii=False))

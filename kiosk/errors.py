"""Errors the core raises with a message for the operator (English) and the citizen (Indonesian)."""

from __future__ import annotations


class KioskError(Exception):
    """A problem the user can act on. `str()` is English for logs; `message_id` is for screens."""

    exit_code = 1

    def __init__(self, message: str, message_id: str | None = None):
        super().__init__(message)
        self.message_id = message_id or message

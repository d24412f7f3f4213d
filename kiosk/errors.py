"""Errors the core raises with a message for the operator (English) and the citizen (Indonesian)."""

from __future__ import annotations

from kiosk.messages import text


class ScreenWords:
    """Mixin: `message_id` (Indonesian) and the optional catalog `screen_code` it came from."""

    message_id: str
    screen_code: str | None = None

    def _set_words(self, message_id: str | None, screen_code: str | None, fallback: str) -> None:
        """`message_id` as given, else the catalog's Indonesian for `screen_code`, else
        `fallback` (English: better than nothing on a staff screen)."""
        self.screen_code = screen_code
        if screen_code is not None and message_id is None:
            message_id = text(screen_code, "id")
        self.message_id = message_id or fallback

    def screen_text(self, language: str = "id") -> str:
        """What a screen shows, in `language` when the text is in the catalog."""
        if self.screen_code is None:
            return self.message_id
        return text(self.screen_code, language)


class KioskError(ScreenWords, Exception):
    """A problem the user can act on. `str()` is English for logs (it may hold paths and
    commands for a technician); `message_id` is the Indonesian text for screens.

    `screen_code` names that screen text in the message catalog, so a screen can show it in
    the citizen's language (`screen_text`); errors built from free text have none."""

    exit_code = 1

    def __init__(
        self, message: str, message_id: str | None = None, *, screen_code: str | None = None
    ):
        super().__init__(message)
        self._set_words(message_id, screen_code, message)

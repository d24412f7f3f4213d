"""The words shown to people, in Bahasa Indonesia and English, from one catalog per language.

`assets/messages/id.json` and `assets/messages/en.json` are flat ``{"code": "text"}`` objects;
codes are namespaced by domain (``session.no_face``, ``nik.wrong_length``, ``catalog.required``).
Both files hold exactly the same codes with the same ``{placeholders}`` (tests/core check it).
A code missing in a language is an error (`MessageError`), never a silent fallback to the other
language. Qt-free: the core, the CLI and receipts use it; Qt widget strings keep their .ts files.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

LANGUAGES = ("id", "en")
CATALOG_DIR = Path(__file__).resolve().parent.parent / "assets" / "messages"


class MessageError(KeyError):
    """An unknown language or a code that the language's catalog lacks."""


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """The whole catalog of one language (cached; do not modify it)."""
    if language not in LANGUAGES:
        raise MessageError(f"unknown language {language!r}: expected one of {LANGUAGES}")
    path = CATALOG_DIR / f"{language}.json"
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise MessageError(f"{path}: expected a flat object of code -> text")
    return data


def text(code: str, language: str = "id", /, **params: object) -> str:
    """The text for `code` in `language`, with ``{placeholders}`` filled from `params`
    (`code` and `language` are positional-only, so a placeholder may be called ``{code}``)."""
    try:
        template = catalog(language)[code]
    except KeyError:
        raise MessageError(f"message {code!r} is missing from the {language!r} catalog") from None
    return template.format(**params) if params else template


def pair(code: str, /, **params: object) -> tuple[str, str]:
    """(Indonesian, English) for `code`: for objects that carry both texts."""
    return text(code, "id", **params), text(code, "en", **params)


def codes(namespace: str) -> tuple[str, ...]:
    """The codes under ``namespace.``, without the prefix, in catalog order."""
    prefix = namespace + "."
    return tuple(code[len(prefix) :] for code in catalog("id") if code.startswith(prefix))

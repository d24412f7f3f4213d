"""Tracking codes for applications: made by the kiosk, checkable by anyone, typeable by people.

A code is 10 random Crockford base32 symbols (50 bits from `secrets`) plus one check symbol:
a weighted sum over GF(32) with a different non-zero weight per position, so every single wrong
symbol and every swap of two different symbols (neighbours or not) changes the check,
shown as ``MPP-XXXX-XXXX-XXX``. Typing is forgiving: case, spaces, dashes, the ``MPP`` prefix
and the look-alikes I/L (for 1) and O (for 0) are accepted, as Crockford intends.
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from kiosk.messages import codes, pair

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
PREFIX = "MPP"
BODY_LENGTH = 10
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


class TrackingCodeError(ValueError):
    """`code` is one of wrong_length, bad_symbol, bad_check."""

    # code -> (Indonesian, English), from the message catalog (assets/messages/*.json)
    MESSAGES: ClassVar[dict[str, tuple[str, str]]] = {
        code: pair(f"tracking.{code}") for code in codes("tracking")
    }

    def __init__(self, code: str):
        self.code = code
        self.message_id, self.message_en = pair(f"tracking.{code}")
        super().__init__(self.message_en)


def _gf32_mul(a: int, b: int) -> int:
    """Multiplication in GF(2^5) modulo the primitive polynomial x^5 + x^2 + 1."""
    result = 0
    while b:
        if b & 1:
            result ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= 0b100101
    return result


def check_symbol(body: str) -> str:
    """Check symbol: sum of alpha^i * symbol over GF(32); the check itself has weight 1."""
    total, weight = 0, 1
    for ch in reversed(body):
        weight = _gf32_mul(weight, 2)  # alpha^1, alpha^2, ...: distinct for up to 30 symbols
        total ^= _gf32_mul(weight, _VALUE[ch])
    return ALPHABET[total]


def format_code(compact: str) -> str:
    """``ABCDEFGHJKC`` -> ``MPP-ABCD-EFGH-JKC``."""
    return f"{PREFIX}-{compact[:4]}-{compact[4:8]}-{compact[8:]}"


def new_code() -> str:
    """A fresh code, formatted for receipts."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return format_code(body + check_symbol(body))


def compact(text: str) -> str:
    """Strip the prefix and separators, fold case and look-alikes (no validation)."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if cleaned.startswith(PREFIX) and len(cleaned) == BODY_LENGTH + 1 + len(PREFIX):
        cleaned = cleaned[len(PREFIX) :]
    return cleaned.translate(_LOOKALIKES)


def normalize(text: str) -> str:
    """The canonical formatted code for what someone typed; raises TrackingCodeError."""
    code = compact(text)
    if len(code) != BODY_LENGTH + 1:
        raise TrackingCodeError("wrong_length")
    if any(ch not in _VALUE for ch in code):
        raise TrackingCodeError("bad_symbol")
    if check_symbol(code[:-1]) != code[-1]:
        raise TrackingCodeError("bad_check")
    return format_code(code)


def is_valid(text: str) -> bool:
    try:
        normalize(text)
    except TrackingCodeError:
        return False
    return True

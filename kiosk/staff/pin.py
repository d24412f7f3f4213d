"""Staff PINs: the rules for a new PIN and the Argon2id key behind each PIN.

One design serves the kiosk (which must check a PIN offline) and the server (which must later
check a supervisor's approval): per account a random salt, K = Argon2id(PIN, salt), V =
SHA-256(K). Kiosks get only V, the salt and the parameters (in the per-site signed staff
document); the server keeps K sealed with its data key. A kiosk derives K from the typed PIN,
accepts the PIN when SHA-256(K) == V, and keys the HMAC of a supervisor's approval with K, which
the server recomputes with its K. server/README.md ("Staff accounts and PINs") states the limits.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from kiosk.errors import KioskError

PIN_MIN_LENGTH, PIN_MAX_LENGTH = 6, 12
SALT_BYTES = 16
KEY_BYTES = 32
# PINs everybody tries first (beyond the repeated-digit and straight-run rules below).
COMMON_PINS = frozenset(
    {"121212", "112233", "123123", "111222", "101010", "123321", "654321", "696969", "159753"}
)


@dataclass(frozen=True)
class PinParams:
    """Argon2id cost. The default is OWASP's m=46 MiB, t=1, p=1 (about 60-90 ms on the
    reference 2-core machine, 2026-12): slow enough to make a stolen verifier expensive, quick
    enough for a PIN pad. Travels with each account, so the cost can rise without a new
    contract; `from_dict` bounds it, so a document cannot make a kiosk allocate gigabytes."""

    memory_kib: int = 47104
    iterations: int = 1
    lanes: int = 1

    def to_dict(self) -> dict:
        return {"kdf": "argon2id", **asdict(self)}

    @classmethod
    def from_dict(cls, value: Mapping) -> PinParams:
        if not isinstance(value, Mapping) or value.get("kdf") != "argon2id":
            raise ValueError("the PIN key derivation must be argon2id")
        params = cls(
            memory_kib=value.get("memory_kib"),
            iterations=value.get("iterations"),
            lanes=value.get("lanes"),
        )
        bounds = {"memory_kib": (8 * 1024, 512 * 1024), "iterations": (1, 10), "lanes": (1, 4)}
        for name, (low, high) in bounds.items():
            number = getattr(params, name)
            if not isinstance(number, int) or isinstance(number, bool) or not low <= number <= high:
                raise ValueError(f"the PIN parameter {name} must be between {low} and {high}")
        return params


DEFAULT_PARAMS = PinParams()


class PinError(KioskError):
    """A PIN refused when it is set (`code`: pin_format, pin_weak)."""

    def __init__(self, code: str, message: str):
        super().__init__(message, screen_code=f"staff.{code}")
        self.code = code


def check_new_pin(pin: str) -> str:
    """The PIN if it may be set: 6-12 ASCII digits, not one digit repeated, not a straight
    run up or down (123456, 987654), not a well-known pattern. PinError otherwise."""
    if (
        not isinstance(pin, str)
        or not PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH
        or not (pin.isascii() and pin.isdigit())
    ):
        raise PinError(
            "pin_format", f"a PIN is {PIN_MIN_LENGTH} to {PIN_MAX_LENGTH} digits (0-9) only"
        )
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if len(set(pin)) <= 2 or steps in ({1}, {9}) or pin in COMMON_PINS:
        raise PinError(
            "pin_weak",
            "the PIN is too easy to guess (repeated digits, a straight run or a "
            "well-known pattern); choose another",
        )
    return pin


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive_key(pin: str, salt: bytes, params: PinParams = DEFAULT_PARAMS) -> bytes:
    """K = Argon2id(PIN, salt) under `params` (32 bytes)."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    kdf = Argon2id(
        salt=bytes(salt),
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(pin.encode("ascii", "replace"))


def verifier_of(key: bytes) -> bytes:
    """V = SHA-256(K): what a kiosk may hold (it checks a PIN, it does not yield K)."""
    return hashlib.sha256(key).digest()


def key_if_pin_matches(
    pin: str, salt: bytes, verifier: bytes, params: PinParams = DEFAULT_PARAMS
) -> bytes | None:
    """K when `pin` is the account's PIN, else None. Input that cannot be a PIN is refused
    without running the key derivation (nothing to learn from its timing)."""
    if (
        not isinstance(pin, str)
        or not PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH
        or not (pin.isascii() and pin.isdigit())
    ):
        return None
    key = derive_key(pin, salt, params)
    return key if hmac.compare_digest(verifier_of(key), bytes(verifier)) else None

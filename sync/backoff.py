"""Retry timing: exponential backoff with full jitter, and the server's Retry-After."""

from __future__ import annotations

import datetime as dt
import random
from email.utils import parsedate_to_datetime

BASE_S = 0.5


def full_jitter(attempt: int, cap_s: float, base_s: float = BASE_S, rng=random) -> float:
    """Delay before retry number `attempt` (1 = first retry): uniform in [0, min(cap, base*2^n)].

    Full jitter (AWS architecture blog, "Exponential Backoff And Jitter") spreads kiosks that
    all lost the network at once, so they do not hammer the server in step when it returns.
    """
    attempt = max(1, int(attempt))
    ceiling = min(cap_s, base_s * (2 ** min(attempt - 1, 40)))
    return rng.uniform(0, ceiling)


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent
    or unreadable. A date in the past gives 0."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def next_delay(attempt: int, cap_s: float, retry_after: float | None = None, rng=random) -> float:
    """The jittered delay, but never sooner than the server asked (Retry-After wins over cap)."""
    delay = full_jitter(attempt, cap_s, rng=rng)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay

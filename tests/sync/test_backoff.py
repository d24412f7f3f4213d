"""Backoff with full jitter and Retry-After parsing."""

from __future__ import annotations

import datetime as dt
import random
from email.utils import format_datetime

from sync.backoff import full_jitter, next_delay, parse_retry_after


def test_full_jitter_grows_exponentially_and_respects_the_cap():
    rng = random.Random(1)
    for attempt in range(1, 30):
        ceiling = min(300.0, 0.5 * 2 ** (attempt - 1))
        delays = [full_jitter(attempt, 300.0, rng=rng) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        # full jitter: spread over the whole range, not bunched at the top
        assert min(delays) < ceiling * 0.1 and max(delays) > ceiling * 0.9


def test_retry_after_seconds_and_http_date():
    now = dt.datetime(2026, 11, 27, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120") == 120.0
    later = format_datetime(now + dt.timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(later, now=now) == 90.0
    earlier = format_datetime(now - dt.timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(earlier, now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_retry_after_wins_over_a_shorter_jitter_and_over_the_cap():
    rng = random.Random(2)
    assert all(next_delay(1, 1.0, retry_after=30, rng=rng) == 30 for _ in range(50))
    assert all(next_delay(12, 5.0, rng=rng) <= 5.0 for _ in range(50))

"""Timestamps in the contract: naive times read as UTC, far-off years refused."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator


def _sane_time(value: dt.datetime) -> dt.datetime:
    # Naive times are read as UTC; far-off years are refused before they reach a database.
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    if not 2000 <= value.year <= 2200:
        raise ValueError("the time must be between the years 2000 and 2200")
    return value


Timestamp = Annotated[dt.datetime, AfterValidator(_sane_time)]

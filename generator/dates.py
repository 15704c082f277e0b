"""Dates as the guide prints them: '24 November 2026' (UK order, no leading zero)."""

from __future__ import annotations

import datetime as dt


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"

"""Retry timing shared by API calls and transfers: exponential back-off with full jitter,
and the server's Retry-After when it sends one (429 / 503)."""

from __future__ import annotations

import email.utils
import random
import time

BASE_S = 1.0
CAP_S = 30.0
MAX_RETRY_AFTER_S = 120.0
ATTEMPTS = 8  # consecutive failures without progress before giving up
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


def delay(attempt: int, retry_after: str | None = None) -> float:
    """Seconds to wait before retry number `attempt` (1-based)."""
    if retry_after:
        seconds = parse_retry_after(retry_after)
        if seconds is not None:
            return min(seconds, MAX_RETRY_AFTER_S)
    return random.uniform(0, min(CAP_S, BASE_S * 2 ** (attempt - 1)))


def parse_retry_after(value: str) -> float | None:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

"""Numbers, sizes, dates and "3 hours ago" as the interface language writes them.

The engine's format_bytes is for logs and the CLI ("1.2 GB"); the desktop uses these, so a
Polish window says "1,2 GB" and a date follows the locale (QLocale.setDefault, see i18n).
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QDate, QLocale

from desktop.i18n import translate


def number(n: float, decimals: int = 0) -> str:
    """`n` with the locale's digit grouping and decimal sign."""
    loc = QLocale()
    return loc.toString(int(n)) if decimals == 0 else loc.toString(float(n), "f", decimals)


def size(n: float | None) -> str:
    """Bytes in SI units (as the Hub and file managers count them): "1,2 GB"."""
    if n is None:
        return "?"
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1000:
            return f"{number(n)} B" if unit == "B" else f"{number(n, 1)} {unit}"
        n /= 1000
    return f"{number(n, 1)} TB"


def count(n: int | None) -> str:
    """A short count for downloads and likes: 950, 1.2k, 3.4M."""
    if n is None:
        return ""
    if n >= 1_000_000:
        return f"{number(n / 1e6, 1)}M"
    if n >= 1000:
        return f"{number(n / 1e3, 1)}k"
    return number(n)


def date(value: Any) -> str:
    """A date (datetime, date or ISO text) in the locale's short form."""
    if not value:
        return ""
    if hasattr(value, "year"):
        d = QDate(value.year, value.month, value.day)
    else:
        d = QDate.fromString(str(value)[:10], "yyyy-MM-dd")
        if not d.isValid():
            return str(value)[:10]
    return QLocale().toString(d, QLocale.FormatType.ShortFormat)


def eta(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    s = int(seconds)
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def ago(ts: float | None, now: float | None = None) -> str:
    """ "just now", "5 minutes ago", "2 days ago" for a Unix time."""
    if not ts:
        return ""
    s = max(0.0, (time.time() if now is None else now) - ts)
    if s < 60:
        return translate("Formats", "just now")
    if s >= 86400:
        return translate("Formats", "%n days ago", "", int(s // 86400))
    if s >= 3600:
        return translate("Formats", "%n hours ago", "", int(s // 3600))
    return translate("Formats", "%n minutes ago", "", int(s // 60))

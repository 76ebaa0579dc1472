"""Long-running work: a cancel flag and progress reports.

Long functions take `progress=` (a callable receiving Progress) and `cancel=` (a CancelToken).
They call `cancel.raise_if_cancelled()` at safe points; the GUI polls progress at ~10 Hz,
so reporting often is cheap but never required.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from engine.errors import Cancelled


class CancelToken:
    """A thread-safe cancel flag shared between the caller and the worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True if cancelled meanwhile (for retry back-off)."""
        return self._event.wait(seconds)


@dataclass
class Progress:
    """One progress report. `total` is None when unknown."""

    done: float = 0
    total: float | None = None
    unit: str = ""
    message: str = ""
    rate: float | None = None  # units per second
    eta_s: float | None = None

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


ProgressFn = Callable[[Progress], None]


def no_progress(_: Progress) -> None:
    """Default progress sink."""


@dataclass
class RateMeter:
    """Turns (done, total) samples into a Progress with a rate over the last `window_s`
    seconds and an ETA. Call `restart` when the work changes phase (a download's body
    starts after re-reading its partial file, a retry): the rate is then measured from the
    next sample on, not across two phases that run at different speeds."""

    total: float | None = None
    unit: str = ""
    window_s: float = 5.0
    done: float | None = None  # the last sample's
    _samples: list[tuple[float, float]] = field(default_factory=list)

    def restart(self) -> None:
        self._samples.clear()

    def update(self, done: float, message: str = "") -> Progress:
        now = time.monotonic()
        self.done = done
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[0][0] > self.window_s:
            self._samples.pop(0)
        rate = None
        t0, d0 = self._samples[0]
        if now - t0 > 0.2 and done > d0:
            rate = (done - d0) / (now - t0)
        eta = None
        if rate and self.total is not None:
            eta = max(0.0, (self.total - done) / rate)
        return Progress(done, self.total, self.unit, message, rate, eta)


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(seconds)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def format_bytes(n: float | None) -> str:
    if n is None:
        return "?"
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"

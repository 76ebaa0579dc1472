"""The model lane the server shares, and the traffic it counts.

The loaded model lives on one thread. `hearth serve` alone gets a `ThreadLane`; inside the
app the server submits to the GUI's own model lane (desktop adapts it), so API requests
queue behind the chat the user is running, in order. `Traffic` bounds that queue: a request
that would wait behind `max_waiting` others is answered 503 at once.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol


class ModelLane(Protocol):
    def submit(self, fn: Callable[[], Any]) -> Future[Any]:
        """Run `fn` on the model's thread after the work already queued there."""
        ...


class ThreadLane:
    """One worker thread that owns the model (`hearth serve` without the app)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="hearth-model")

    def submit(self, fn: Callable[[], Any]) -> Future[Any]:
        return self._pool.submit(fn)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class TrafficSnapshot:
    requests: int  # answered since the server started
    active: int  # generating or waiting for the model now
    waiting: int
    rejected: int  # 503s: the queue was full
    queue_wait_p95_ms: float


class Traffic:
    """Counts requests for the UI (thread-safe); `listener` hears every change."""

    def __init__(self, max_waiting: int = 8) -> None:
        self.max_waiting = max_waiting
        self._lock = threading.Lock()
        self._requests = self._active = self._waiting = self._rejected = 0
        self._waits: deque[float] = deque(maxlen=500)
        self.listener: Callable[[TrafficSnapshot], None] | None = None

    def snapshot(self) -> TrafficSnapshot:
        with self._lock:
            waits = sorted(self._waits)
            p95 = waits[min(len(waits) - 1, int(len(waits) * 0.95))] if waits else 0.0
            return TrafficSnapshot(self._requests, self._active, self._waiting,
                                   self._rejected, p95)

    def _changed(self) -> None:
        if self.listener is not None:
            self.listener(self.snapshot())

    def counted(self) -> None:
        """A request that needs no model (models, health, embeddings) was answered."""
        with self._lock:
            self._requests += 1
        self._changed()

    def enter(self) -> bool:
        """A request wants the model: False (and counted as rejected) when the queue is full."""
        with self._lock:
            if self._waiting >= self.max_waiting:
                self._rejected += 1
                full = True
            else:
                self._active += 1
                self._waiting += 1
                full = False
        self._changed()
        return not full

    def started(self, queued_at: float) -> None:
        with self._lock:
            self._waiting -= 1
            self._waits.append((time.monotonic() - queued_at) * 1000)
        self._changed()

    def left(self, started: bool) -> None:
        with self._lock:
            self._active -= 1
            self._requests += 1
            if not started:
                self._waiting -= 1
        self._changed()

"""The one place the GUI starts threads (Anki's QueryOp pattern, adapted).

    handle = ctx.tasks.run(fn, lane="io", success=..., failure=..., progress=..., partial=...)

`fn(task)` runs on a worker of its lane and never touches a widget. It gets a TaskContext:
`task.cancel` (engine CancelToken, pass it to engine calls), `task.report(Progress)` (also
usable as an engine `progress=` callback) and `task.post(item)` for partial results such as
streamed tokens. Every callback runs on the GUI thread.

Nothing is signalled per token or per byte: a GUI-thread timer ticks every 40 ms while any
task is active, hands each task's posted items over as one list (~25 Hz), the latest
progress at most every 100 ms (~10 Hz), and the outcome once the body has returned, after its
last partial batch.

Lanes: "model" has one worker, because the loaded model must stay on one thread; "index"
has one, because a library has one writer; "store" has one, for the small reads and writes
of chats and settings, done in the order they were asked for; "io" has a few for downloads,
file reads, Hub calls and other short work. The GUI thread itself does no disk I/O.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from engine.errors import Cancelled
from engine.jobs import CancelToken, Progress

log = logging.getLogger(__name__)

LANE_WORKERS = {"model": 1, "index": 1, "store": 1, "io": 4}
# Background lanes run at a lower CPU priority (Linux: per-thread nice, inherited by the
# threads and processes they start — ONNX Runtime's pool, the parser processes). Indexing
# keeps both cores busy for minutes; at equal priority the GUI thread waits its turn behind
# them, at a lower one the kernel runs it as soon as it wakes. The model lane keeps the
# normal priority: a reply is what the user is waiting for.
LANE_NICE = {"index": 10, "io": 5}
JOINED_LANES = {"model", "index", "store"}
FLUSH_MS = 40  # partial results (tokens) reach the view at ~25 Hz
PROGRESS_S = 0.1  # progress reaches the view at ~10 Hz


class TaskContext:
    """What a task body sees: its cancel token, a progress sink and a partial-results sink."""

    def __init__(self, cancel: CancelToken) -> None:
        self.cancel = cancel
        self._lock = threading.Lock()
        self._items: list[Any] = []
        self._progress: Progress | None = None

    def report(self, progress: Progress) -> None:
        """Keep only the newest report; the GUI pulls it at ~10 Hz."""
        with self._lock:
            self._progress = progress

    __call__ = report  # so `progress=task` works where the engine wants a ProgressFn

    def post(self, item: Any) -> None:
        with self._lock:
            self._items.append(item)

    @property
    def cancelled(self) -> bool:
        return self.cancel.cancelled

    def _take(self) -> tuple[list[Any], Progress | None]:
        with self._lock:
            items, self._items = self._items, []
            progress, self._progress = self._progress, None
            return items, progress


class TaskHandle:
    """Returned by TaskRunner.run: cancel it, or ask whether it is still running."""

    def __init__(self, name: str, lane: str) -> None:
        self.name = name
        self.lane = lane
        self.token = CancelToken()
        self.context = TaskContext(self.token)
        self.done = False  # set on the GUI thread once the outcome callbacks ran
        self.started = False
        self._finished = threading.Event()  # set by the worker when the body returned
        self._result: Any = None
        self._error: BaseException | None = None
        self._trace = ""
        self._callbacks: dict[str, Callable[..., Any] | None] = {}
        self._owner: QObject | None = None
        self._last_progress = 0.0
        self.quiet = False  # not shown as busy (work done ahead of need)

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def __repr__(self) -> str:
        return f"<Task {self.name} lane={self.lane} done={self.done}>"


def lower_priority(nice: int) -> None:
    """Raise this thread's nice value by `nice` where the OS has per-thread priorities."""
    import os
    import sys

    if nice <= 0 or not sys.platform.startswith("linux"):
        return  # macOS/Windows: no per-thread nice through os.setpriority; run as is
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + nice)
    except OSError as e:  # e.g. a sandbox forbids it: only a little less smooth
        log.info("could not lower the priority of %s: %s", threading.current_thread().name, e)


class _Lane:
    """A queue and N daemon workers. Daemon, so a stuck network call never blocks quitting."""

    def __init__(self, name: str, workers: int) -> None:
        self.name = name
        self.queue: queue.Queue[tuple[TaskHandle, Callable[[TaskContext], Any]] | None] = (
            queue.Queue()
        )
        self.threads = [
            threading.Thread(target=self._work, name=f"hearth-{name}-{i}", daemon=True)
            for i in range(workers)
        ]
        for t in self.threads:
            t.start()

    def _work(self) -> None:
        lower_priority(LANE_NICE.get(self.name, 0))
        while True:
            job = self.queue.get()
            if job is None:
                return
            handle, fn = job
            handle.started = True
            try:
                if handle.token.cancelled:
                    raise Cancelled()
                handle._result = fn(handle.context)
            except BaseException as e:  # noqa: BLE001 - handed to the GUI thread: never lost
                handle._error = e
                handle._trace = traceback.format_exc()
            finally:
                handle._finished.set()

    def stop(self, timeout: float) -> bool:
        """Ask the workers to end; True once all have (within `timeout`)."""
        for _ in self.threads:
            self.queue.put(None)
        deadline = time.monotonic() + timeout
        for t in self.threads:
            t.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in self.threads)


class TaskRunner(QObject):
    """Owns the lanes and the GUI-thread timer that delivers results."""

    task_failed = Signal(object, str)  # (exception, traceback) for tasks without `failure`
    busy_changed = Signal(str, bool)  # (lane, busy)

    def __init__(self, parent: QObject | None = None,
                 on_error: Callable[[BaseException, str], None] | None = None) -> None:
        super().__init__(parent)
        self._lanes: dict[str, _Lane] = {}
        self._active: list[TaskHandle] = []
        self._on_error = on_error
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self._tick)
        self._closed = False

    @property
    def closed(self) -> bool:
        """Shut down (the app is closing): run() refuses new tasks."""
        return self._closed

    def run(
        self,
        fn: Callable[[TaskContext], Any],
        *,
        lane: str = "io",
        name: str = "",
        success: Callable[[Any], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
        progress: Callable[[Progress], None] | None = None,
        partial: Callable[[list[Any]], None] | None = None,
        cancelled: Callable[[], None] | None = None,
        finished: Callable[[], None] | None = None,
        owner: QObject | None = None,
        quiet: bool = False,
    ) -> TaskHandle:
        """Start `fn(task)` on `lane`. Callbacks run on the GUI thread:

        partial(items) with the items posted since the last batch; progress(Progress);
        then exactly one of success(result), failure(exc) or cancelled() (a Cancelled
        raised by the body; without `cancelled` nothing is shown), then finished().
        Without `failure`, errors go to the app's error bar. With `owner`, callbacks are
        dropped once that widget is deleted (stale results). A `quiet` task does not make
        its lane busy (the status bar's "Working").
        """
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        if lane not in LANE_WORKERS:
            raise ValueError(f"unknown lane {lane!r}; use one of {sorted(LANE_WORKERS)}")
        handle = TaskHandle(name or getattr(fn, "__name__", "task"), lane)
        handle._callbacks = dict(success=success, failure=failure, progress=progress,
                                 partial=partial, cancelled=cancelled, finished=finished)
        handle._owner = owner
        handle.quiet = quiet
        if lane not in self._lanes:
            self._lanes[lane] = _Lane(lane, LANE_WORKERS[lane])
        was_busy = self.lane_busy(lane)
        self._active.append(handle)
        self._lanes[lane].queue.put((handle, fn))
        if not self._timer.isActive():
            self._timer.start()
        if not was_busy and not quiet:
            self.busy_changed.emit(lane, True)
        return handle

    def lane_busy(self, lane: str) -> bool:
        return any(h.lane == lane and not h.quiet for h in self._active)

    @property
    def active(self) -> list[TaskHandle]:
        return list(self._active)

    def cancel_all(self, lane: str | None = None) -> None:
        for h in self._active:
            if lane is None or h.lane == lane:
                h.cancel()

    def shutdown(self, timeout: float = 20.0) -> bool:
        """Cancel everything; give the model and index lanes up to `timeout` seconds to stop
        (the model must stop generating before it is freed, and the reply's last words
        saved; the index writer must close cleanly). Cancelled work stops within a token or
        a batch, but a busy laptop can stretch that to seconds. "io" work holds nothing that
        needs closing: its daemon threads are not waited for. True if all joined lanes ended."""
        self._closed = True
        self.cancel_all()
        self._timer.stop()
        stopped = True
        for name, lane in self._lanes.items():
            if name in JOINED_LANES:
                stopped = lane.stop(timeout) and stopped
            else:
                lane.stop(0.0)
        self._lanes.clear()
        return stopped

    # GUI thread ---------------------------------------------------------------------
    def _tick(self) -> None:
        now = time.monotonic()
        for handle in list(self._active):
            finished = handle._finished.is_set()  # read first: every post before it counts
            self._deliver(handle, now, final=finished)
            if finished:
                self._active.remove(handle)
                handle.done = True
                self._finish(handle)
                if not handle.quiet and not self.lane_busy(handle.lane):
                    self.busy_changed.emit(handle.lane, False)
        if not self._active:
            self._timer.stop()

    def _alive(self, handle: TaskHandle) -> bool:
        if handle._owner is None:
            return True
        from shiboken6 import isValid

        return isValid(handle._owner)

    def _call(self, handle: TaskHandle, key: str, *args: Any) -> None:
        cb = handle._callbacks.get(key)
        if cb is None or not self._alive(handle):
            return
        try:
            cb(*args)
        except Exception as e:  # a bug in a callback: show it, keep the loop alive
            log.exception("task callback %s of %s failed", key, handle.name)
            self._report(e, traceback.format_exc())

    def _deliver(self, handle: TaskHandle, now: float, final: bool) -> None:
        items, prog = handle.context._take()
        if items:
            self._call(handle, "partial", items)
        if prog is not None:
            if final or now - handle._last_progress >= PROGRESS_S:
                handle._last_progress = now
                self._call(handle, "progress", prog)
            else:  # too soon: keep it for a later tick unless a newer one arrives
                with handle.context._lock:
                    if handle.context._progress is None:
                        handle.context._progress = prog

    def _finish(self, handle: TaskHandle) -> None:
        err = handle._error
        if err is None:
            self._call(handle, "success", handle._result)
        elif isinstance(err, Cancelled):
            self._call(handle, "cancelled")
        else:
            if handle._callbacks.get("failure") is not None:
                log.info("task %s failed: %s", handle.name, err)
                self._call(handle, "failure", err)
            elif self._alive(handle):
                self._report(err, handle._trace)
        self._call(handle, "finished")

    def _report(self, err: BaseException, trace: str) -> None:
        log.error("task failed: %s\n%s", err, trace)
        self.task_failed.emit(err, trace)
        if self._on_error is not None:
            self._on_error(err, trace)

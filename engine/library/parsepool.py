"""Parser worker processes with a time and a memory limit per file.

A hostile or corrupt document can hang a parser, exhaust memory or crash native code. Each
file is therefore parsed in a child process with RLIMIT_AS (where the OS has it) and a wall
clock deadline; a child that dies or overruns is killed and replaced, and only that file
fails. We drive the processes by hand instead of using concurrent.futures: its pool cannot
kill one task on timeout and breaks entirely when a worker dies.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from engine.jobs import CancelToken
from engine.library import reasons

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MEMORY_MB = 2048


def _worker_main(conn: Connection, memory_bytes: int) -> None:
    """Child process: parse paths until told to stop (None) or the parent goes away."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no RLIMIT_AS; the timeout still applies
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from engine.library.documents import read_and_parse

    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            result = read_and_parse(path)
        except MemoryError:
            result = {"state": "failed", "reason": reasons.OUT_OF_MEMORY, "hash": ""}
        try:
            conn.send(result)
        except MemoryError:
            conn.send({"state": "failed", "reason": reasons.PARSED_TOO_LARGE, "hash": ""})
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    path: str | None = None
    started: float = 0.0
    limit: float = 0.0


class ParsePool:
    def __init__(
        self,
        workers: int | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        memory_mb: int = DEFAULT_MEMORY_MB,
    ) -> None:
        # Embedding is the bottleneck and wants the cores; parsing needs a fraction of one.
        self.size = workers or max(1, min(4, (os.cpu_count() or 2) // 2))
        self.timeout_s = timeout_s
        self.memory_bytes = memory_mb * 2**20
        self._ctx = mp.get_context("spawn")  # fork after threads (ONNX, LanceDB) is unsafe
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(
            target=_worker_main, args=(child, self.memory_bytes), daemon=True, name="hearth-parser"
        )
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def _replace(self, w: _Worker) -> _Worker:
        try:
            w.proc.kill()
            w.proc.join(5)
        except (OSError, ValueError):
            pass
        w.conn.close()
        new = self._spawn()
        self._workers[self._workers.index(w)] = new
        return new

    def parse(
        self, paths: Iterable[str], cancel: CancelToken | None = None
    ) -> Iterator[tuple[str, dict]]:
        """Yield (path, result) as files finish, in completion order.

        result: {"state", "reason", "hash", "pages", "sections": [(page, heading, text)]}.
        """
        with self._lock:
            while len(self._workers) < self.size:
                self._workers.append(self._spawn())
            todo = deque(paths)
            try:
                yield from self._run(todo, cancel)
            finally:
                # Abandoned mid-way (cancel, error): busy workers hold stale jobs; replace them.
                for w in list(self._workers):
                    if w.path is not None:
                        w.path = None
                        self._replace(w)

    def _run(self, todo: deque[str], cancel: CancelToken | None) -> Iterator[tuple[str, dict]]:
        while todo or any(w.path is not None for w in self._workers):
            if cancel is not None:
                cancel.raise_if_cancelled()
            for w in self._workers:
                if w.path is None and todo:
                    job = todo.popleft()
                    try:
                        w.conn.send(job)
                    except (BrokenPipeError, OSError):
                        w = self._replace(w)
                        w.conn.send(job)
                    w.path, w.started = job, time.monotonic()
                    w.limit = self._limit_for(job)
            busy = [w for w in self._workers if w.path is not None]
            now = time.monotonic()
            deadline = min(w.started + w.limit for w in busy)
            ready = wait([w.conn for w in busy], timeout=max(0.0, min(0.5, deadline - now)))
            for w in busy:
                path = w.path
                assert path is not None
                if w.conn in ready:
                    try:
                        result = w.conn.recv()
                    except (EOFError, OSError):
                        w.proc.join(2)
                        code = w.proc.exitcode
                        w.path = None
                        self._replace(w)
                        yield path, _crashed(code)
                        continue
                    w.path = None
                    yield path, result
                elif time.monotonic() - w.started > self.timeout_s:
                    w.path = None
                    self._replace(w)
                    yield (
                        path,
                        {
                            "state": "failed",
                            "reason": reasons.PARSE_TIMEOUT.format(seconds=f"{self.timeout_s:.0f}"),
                            "hash": "",
                        },
                    )

    def _limit_for(self, path: str) -> float:
        """The time limit for one file: the base limit, more for big files (20 s per MB)."""
        try:
            size = os.stat(path).st_size
        except OSError:
            size = 0
        return max(self.timeout_s, size / 50_000)

    def close(self) -> None:
        with self._lock:
            for w in self._workers:
                try:
                    w.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass
            for w in self._workers:
                w.proc.join(2)
                if w.proc.is_alive():
                    w.proc.kill()
                    w.proc.join(2)
                w.conn.close()
            self._workers.clear()


def _crashed(exitcode: int | None) -> dict:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        reason = reasons.PARSER_KILLED.format(signal=name)
    else:
        reason = reasons.PARSER_EXITED.format(code=exitcode)
    return {"state": "failed", "reason": reason, "hash": ""}

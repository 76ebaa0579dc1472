"""Indexing in a separate, lower-priority process, for the desktop app.

In the app's own process the indexer's threads (embedding, LanceDB writes, their Python
code) compete with the GUI thread for Python's lock and, niced the same, for the cores: the
event loop stalled 60-160 ms on 2 cores while a library indexed (bench/gui_responsiveness).
Apart, the GUI process keeps its lock, and the indexer runs at a lower CPU priority.

The child opens the same data folder and runs the very `LibraryService.index`; the library's
cross-process write lock, its manifest (SQLite) and LanceDB make that safe, as they do for
`hearth library index` next to the app. Progress comes back ~10 times a second; cancel, or
the parent dying, stops the child at its next check; a killed child leaves what any
interrupted run leaves (resumed by the next one).
"""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import os
import queue
import threading
import time
from pathlib import Path
from typing import Any

from engine import errors
from engine.errors import Cancelled, HearthError
from engine.i18n import _, language, set_language
from engine.jobs import CancelToken, Progress, ProgressFn
from engine.library.meta import IndexReport

NICE = 10  # CFS gives a nice-10 process about a tenth of the CPU a nice-0 one asks for
REPORT_EVERY_S = 0.1


def index_in_process(home: Path, name: str, progress: ProgressFn | None = None,
                     cancel: CancelToken | None = None, reindex: bool = False) -> IndexReport:
    """`LibraryService.index(name, …)` run in a child process; the same report, errors and
    cancellation, with progress relayed."""
    ctx = mp.get_context("spawn")  # fork after threads (Qt, ONNX, LanceDB) is unsafe
    out: Any = ctx.Queue()
    # A pipe, not an Event: a child that exits inside Event.wait leaves its lock held and the
    # parent's set() hangs. Any byte, or the pipe closing (the parent gone), stops the child.
    stop_r, stop_w = ctx.Pipe(duplex=False)
    # A spawned child starts in English: it is told the language its errors are worded in.
    child = ctx.Process(target=_child, args=(str(home), name, reindex, out, stop_r, os.getpid(),
                                             language()),
                        name=f"hearth-index-{name}")
    child.start()
    stop_r.close()
    stopped = False

    def stop() -> None:
        nonlocal stopped
        if not stopped:
            stopped = True
            try:
                stop_w.send_bytes(b"stop")
            except OSError:  # the child has gone already
                pass

    try:
        while True:
            if cancel is not None and cancel.cancelled:
                stop()
            try:
                kind, payload = out.get(timeout=0.1)
            except queue.Empty:
                if not child.is_alive():
                    raise HearthError(
                        _("Indexing {name} stopped unexpectedly (exit code {code}).").format(
                            name=repr(name), code=child.exitcode),
                        _("What was indexed before is kept; index again to finish. If it "
                          "happens again, see the log in the data folder."),
                    ) from None
                continue
            if kind == "progress" and progress is not None:
                progress(Progress(**payload))
            elif kind == "done":
                return IndexReport(**payload)
            elif kind == "cancelled":
                raise Cancelled(_("Indexing {name} was stopped.").format(name=repr(name)))
            elif kind == "error":
                raise _error(payload)
    finally:
        stop()
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
            child.join()
        stop_w.close()
        out.close()


def _error(payload: dict[str, Any]) -> HearthError:
    cls = getattr(errors, payload["type"], HearthError)
    if not (isinstance(cls, type) and issubclass(cls, HearthError)):
        cls = HearthError
    try:
        return cls(payload["message"], payload["hint"], details=payload["details"])
    except TypeError:  # a subclass with its own constructor
        return HearthError(payload["message"], payload["hint"], details=payload["details"])


def _child(home: str, name: str, reindex: bool, out: Any, stop: Any, parent: int,
           lang: str = "en") -> None:
    set_language(lang)
    try:
        os.nice(NICE)
    except (AttributeError, OSError):  # Windows has no nice; a lower priority is a nicety
        pass
    from engine.api import Hearth

    token = CancelToken()

    def watch() -> None:
        while not token.cancelled:
            if stop.poll(0.2) or os.getppid() != parent:  # asked to stop, or orphaned
                token.cancel()

    threading.Thread(target=watch, name="hearth-index-watch", daemon=True).start()
    last = [0.0]

    def report(p: Progress) -> None:
        now = time.monotonic()
        if now - last[0] >= REPORT_EVERY_S or (p.total is not None and p.done >= p.total):
            last[0] = now
            out.put(("progress", dataclasses.asdict(p)))

    hearth = Hearth(Path(home))
    try:
        result = hearth.libraries.index(name, progress=report, cancel=token, reindex=reindex)
        out.put(("done", dataclasses.asdict(result)))
    except Cancelled:
        out.put(("cancelled", None))
    except HearthError as e:
        out.put(("error", {"type": type(e).__name__, "message": e.message, "hint": e.hint,
                           "details": e.details}))
    except Exception as e:  # noqa: BLE001 - the parent must hear of it, not wait forever
        import traceback

        out.put(("error", {"type": "HearthError",
                           "message": _("Indexing failed: {error}").format(error=e),
                           "hint": _("What was indexed before is kept; index again to finish."),
                           "details": traceback.format_exc()}))
    finally:
        hearth.close()
        out.close()
        out.join_thread()  # what was put reaches the parent before the process ends

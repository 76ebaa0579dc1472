"""The download queue the GUI drives: start, pause, resume, cancel, and a snapshot of every
download's state to poll (~10 Hz). At most `max_concurrent()` run at once; the rest wait
"queued". Each running download has its own thread and cancel token; pause and cancel both
stop the transfer at the next buffer — pause keeps the partial files, cancel deletes them.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from engine.errors import Cancelled, HearthError
from engine.i18n import _
from engine.jobs import CancelToken, Progress

log = logging.getLogger(__name__)

State = Literal["queued", "downloading", "paused", "verifying", "done", "failed", "cancelled"]


@dataclass
class DownloadState:
    id: str
    repo: str
    file: str
    state: State = "queued"
    bytes_done: int = 0
    bytes_total: int = 0
    rate: float | None = None  # bytes per second
    eta_s: float | None = None
    error: str = ""
    hint: str = ""
    message: str = ""
    model_name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# run(repo, file, progress, cancel, on_status) -> registered model name
Runner = Callable[..., str]


class DownloadQueue:
    def __init__(self, runner: Runner, max_concurrent: Callable[[], int],
                 discard: Callable[[str, str], None]) -> None:
        self._runner = runner
        self._max = max_concurrent
        self._discard = discard
        self._lock = threading.Lock()
        self._items: dict[str, DownloadState] = {}
        self._tokens: dict[str, CancelToken] = {}
        self._stop_reason: dict[str, str] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._ids = itertools.count(1)
        self._closed = False

    def start(self, repo: str, file: str, *, paused: bool = False, done: int = 0,
              total: int = 0) -> str:
        with self._lock:
            for s in self._items.values():  # the same download already listed: reuse it
                if s.repo == repo and s.file == file and s.state not in ("done", "cancelled", "failed"):
                    return s.id
            did = f"d{next(self._ids)}"
            self._items[did] = DownloadState(did, repo, file, "paused" if paused else "queued",
                                             bytes_done=done, bytes_total=total)
        self._pump()
        return did

    def pause(self, did: str) -> None:
        with self._lock:
            s = self._get(did)
            if s.state == "queued":
                s.state = "paused"
            elif s.state in ("downloading", "verifying"):
                self._stop_reason[did] = "pause"
                self._tokens[did].cancel()

    def resume(self, did: str) -> None:
        with self._lock:
            s = self._get(did)
            if s.state in ("paused", "failed"):
                s.state, s.error, s.hint = "queued", "", ""
        self._pump()

    def cancel(self, did: str) -> None:
        with self._lock:
            s = self._get(did)
            if s.state in ("downloading", "verifying"):
                self._stop_reason[did] = "cancel"
                self._tokens[did].cancel()
                return
            if s.state in ("done", "cancelled"):
                return
            s.state = "cancelled"
            repo, file = s.repo, s.file
        self._discard_quietly(repo, file)

    def list(self) -> list[DownloadState]:
        with self._lock:
            return [replace(s) for s in self._items.values()]

    def get(self, did: str) -> DownloadState:
        with self._lock:
            return replace(self._get(did))

    def close(self, timeout: float = 10.0) -> None:
        """Pause every running download (partial files stay for next time) and wait."""
        with self._lock:
            self._closed = True
            for did, tok in self._tokens.items():
                self._stop_reason[did] = "pause"
                tok.cancel()
            threads = list(self._threads.values())
        for t in threads:
            t.join(timeout)

    # internals ------------------------------------------------------------------------
    def _get(self, did: str) -> DownloadState:
        try:
            return self._items[did]
        except KeyError:
            raise HearthError(_("There is no download {id}.").format(id=repr(did))) from None

    def _pump(self) -> None:
        with self._lock:
            if self._closed:
                return
            running = sum(1 for s in self._items.values() if s.state in ("downloading", "verifying"))
            for s in self._items.values():
                if running >= max(1, self._max()):
                    break
                if s.state != "queued":
                    continue
                s.state = "downloading"
                tok = CancelToken()
                self._tokens[s.id] = tok
                self._stop_reason.pop(s.id, None)
                t = threading.Thread(target=self._work, args=(s.id, tok),
                                     name=f"hearth-download-{s.id}", daemon=True)
                self._threads[s.id] = t
                running += 1
                t.start()

    def _work(self, did: str, tok: CancelToken) -> None:
        with self._lock:
            s = self._items[did]
            repo, file = s.repo, s.file
            s.message = ""  # a new run: the last one's status is over

        def progress(p: Progress) -> None:
            with self._lock:
                s.bytes_done = int(p.done)
                s.bytes_total = int(p.total or s.bytes_total)
                s.rate, s.eta_s = p.rate, p.eta_s
                if p.message == "verified":
                    s.state = "verifying"

        def on_status(text: str) -> None:
            with self._lock:
                s.message = text

        discard = False
        try:
            name = self._runner(repo, file, progress=progress, cancel=tok, on_status=on_status)
            with self._lock:
                s.state, s.model_name, s.rate, s.eta_s = "done", name, None, 0.0
                s.bytes_done, s.message = s.bytes_total, ""
        except Cancelled:
            with self._lock:
                reason = self._stop_reason.pop(did, "pause")
                s.state = "cancelled" if reason == "cancel" else "paused"
                s.rate = s.eta_s = None
                s.message = ""
                discard = reason == "cancel"
        except HearthError as e:
            with self._lock:
                s.state, s.error, s.hint, s.rate, s.eta_s = "failed", e.message, e.hint, None, None
        except Exception as e:  # a bug must not kill the queue silently: show it on the row
            log.exception("download %s failed", did)
            with self._lock:
                s.state, s.error = "failed", f"Unexpected error: {e}"
        finally:
            with self._lock:
                self._tokens.pop(did, None)
                self._threads.pop(did, None)
        if discard:
            self._discard_quietly(repo, file)
        self._pump()

    def _discard_quietly(self, repo: str, file: str) -> None:
        try:
            self._discard(repo, file)
        except HearthError as e:
            log.warning("could not delete partial files of %s/%s: %s", repo, file, e)

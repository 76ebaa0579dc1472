"""Folder watching: changes under a library's sources trigger a debounced incremental index.

The re-index itself is the normal incremental `index` (unchanged files are skipped by size
and modification time), so a burst of events — a folder copied in, an editor saving
through a temp file — costs one short run once things have been quiet for `debounce_s`.

Who runs it is the caller's choice: `on_change(name)` hands the run to the GUI's index lane
(one writer, visible, cancellable); without it the watcher runs it on its own thread.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from engine.errors import HearthError
from engine.jobs import CancelToken

if TYPE_CHECKING:
    from engine.library.service import LibraryService

log = logging.getLogger(__name__)

DEBOUNCE_S = 2.0
OnChange = Callable[[str], Any]  # called with the library's id, from the watcher's thread


class LibraryWatcher:
    def __init__(
        self,
        service: LibraryService,
        library_id: str,
        on_change: OnChange | None = None,
        debounce_s: float = DEBOUNCE_S,
    ) -> None:
        self.service = service
        self.library_id = library_id
        self.on_change = on_change
        self.debounce_s = debounce_s
        self._observer: Any = None
        self._changed = threading.Event()
        self._cancel = CancelToken()
        self._thread: threading.Thread | None = None
        self.runs = 0

    def start(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return  # reads, not changes
                name = os.path.basename(str(event.src_path))
                if name.startswith("."):
                    return  # editor swap files, our own temp files
                watcher._changed.set()

        self._observer = Observer()
        handler = Handler()
        for src in self.service.meta(self.library_id).sources:
            folder = src if os.path.isdir(src) else os.path.dirname(src)
            if os.path.isdir(folder):
                self._observer.schedule(handler, folder, recursive=os.path.isdir(src))
        self._observer.daemon = True
        self._observer.start()
        # Catch up with changes made while nobody watched (Hearth closed, watch off).
        self._changed.set()
        self._thread = threading.Thread(target=self._loop, name="hearth-library-watch", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._cancel.cancelled:
            if not self._changed.wait(0.5):
                continue
            # Debounce: wait until no event arrived for debounce_s.
            while self._changed.is_set() and not self._cancel.cancelled:
                self._changed.clear()
                if self._cancel.wait(self.debounce_s):
                    return
            self._reindex()

    def _reindex(self) -> None:
        self.runs += 1
        if self.on_change is not None:
            self.on_change(self.library_id)
            return
        try:
            self.service.index(self.library_id, cancel=self._cancel)
        except HearthError as e:  # Cancelled included: stop() during a run
            if not self._cancel.cancelled:
                log.warning("watch re-index failed: %s", e)

    def stop(self) -> None:
        self._cancel.cancel()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(5)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(30)

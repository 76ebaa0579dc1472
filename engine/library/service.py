"""Document libraries: create, list, rename, delete, sources, indexing, status, watching.

A library lives in paths.libraries/<id>/: meta.json (name, sources, embedding model + dim),
files.sqlite3 (per-file state) and lancedb/ (the "chunks" table). Retrieval (search, ask,
context_for, batch) is implemented in sibling modules and reached through thin delegations.
"""

from __future__ import annotations

import builtins
import logging
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import LibraryError, NotFound
from engine.library.meta import IndexReport, LibraryInfo, LibraryMeta
from engine.library.store import VECTOR_INDEX_MIN_ROWS

if TYPE_CHECKING:
    from engine.backends.base import Sampling
    from engine.config import Settings
    from engine.jobs import CancelToken, ProgressFn
    from engine.library.ask import AskReply
    from engine.library.batch import BatchReport
    from engine.library.embed import Embedder
    from engine.library.grounding import GroundedContext
    from engine.library.manifest import FileState, Manifest
    from engine.library.parsepool import ParsePool
    from engine.library.search import SearchHit
    from engine.library.store import ChunkStore
    from engine.library.watch import LibraryWatcher, OnChange
    from engine.paths import Paths
    from engine.runner import ModelRunner

log = logging.getLogger(__name__)

_BAD_NAME = re.compile(r"[\x00-\x1f\x7f]")


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or _BAD_NAME.search(name):
        raise LibraryError(
            f"{name!r} is not a usable library name.",
            "Use 1 to 100 characters, without control characters.",
        )
    return name


def _resolve_sources(paths: Sequence[str | Path]) -> list[str]:
    resolved = []
    for p in paths:
        path = Path(p).expanduser().absolute()
        if not path.exists():
            raise NotFound(f"{path} does not exist.", "Check the path and try again.")
        resolved.append(str(path))
    return resolved


@contextmanager
def _process_lock(folder: Path, name: str) -> Iterator[None]:
    """One writer per library across processes (the GUI and a CLI run at once)."""
    try:
        import fcntl
    except ImportError:  # Windows: the in-process lock still holds
        yield
        return
    with open(folder / "write.lock", "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            raise LibraryError(
                f"Library {name!r} is being indexed or changed by another Hearth process.",
                "Wait for it to finish (or stop it there), then try again.",
            ) from e
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


class LibraryService:
    """Document libraries. Receives the data folder, the settings and the model runner (for
    grounded answers and batch jobs), never the facade."""

    def __init__(
        self,
        paths: Paths,
        settings: Callable[[], Settings],
        runner: Callable[[], ModelRunner],
    ) -> None:
        self.root = paths.libraries
        self.cache_dir = paths.cache
        self._settings = settings
        self._runner = runner
        self._lock = threading.RLock()
        self._write_locks: dict[str, threading.Lock] = {}
        self._stores: dict[str, ChunkStore] = {}
        self._manifests: dict[str, Manifest] = {}
        self._watchers: dict[str, LibraryWatcher] = {}
        self._embedder: Embedder | None = None
        self._embedder_key: tuple[str, str, bool] | None = None
        self._pool: ParsePool | None = None
        # Rows from which a library gets an ANN vector index (a parameter so tests can
        # cross it with a small library).
        self.vector_index_min_rows = VECTOR_INDEX_MIN_ROWS

    # lookup -----------------------------------------------------------------------------
    def _metas(self) -> builtins.list[tuple[Path, LibraryMeta]]:
        out: builtins.list[tuple[Path, LibraryMeta]] = []
        if not self.root.is_dir():
            return out
        for folder in sorted(self.root.iterdir()):
            if (folder / "meta.json").is_file():
                try:
                    out.append((folder, LibraryMeta.load(folder)))
                except LibraryError as e:
                    log.warning("%s", e)
        return out

    def _find(self, name: str) -> tuple[Path, LibraryMeta]:
        key = name.strip().casefold()
        metas = self._metas()
        for folder, meta in metas:
            if meta.name.casefold() == key or meta.id == name:
                return folder, meta
        known = ", ".join(m.name for _, m in metas) or "none yet"
        raise NotFound(
            f"No library named {name!r}.",
            f"Libraries: {known}. Create one with `hearth library create NAME`.",
        )

    def folder(self, name: str) -> Path:
        return self._find(name)[0]

    def meta(self, name: str) -> LibraryMeta:
        return self._find(name)[1]

    # embedder ---------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._settings()

    @property
    def runner(self) -> ModelRunner:
        return self._runner()

    @property
    def embedding_model(self) -> str:
        return self._settings().embedding_model

    @property
    def embedder(self) -> Embedder:
        """The embedder for the current settings (re-created when they change)."""
        from engine.library.embed import Embedder, resolve_model_path

        settings = self._settings()
        model_path = resolve_model_path(settings.embedding_model_path)
        key = (settings.embedding_model, str(model_path or ""), settings.offline)
        with self._lock:
            if self._embedder is None or self._embedder_key != key:
                self._embedder = Embedder(
                    settings.embedding_model,
                    model_path=model_path,
                    cache_dir=self.cache_dir / "fastembed",
                    threads=settings.threads or None,
                    offline=settings.offline,
                )
                self._embedder_key = key
            return self._embedder

    def _reindex_reason(self, meta: LibraryMeta) -> str:
        if meta.embedding_model and meta.embedding_model != self.embedding_model:
            return (
                f"indexed with {meta.embedding_model}, but the embedding model is now "
                f"{self.embedding_model}"
            )
        return ""

    def check_model(self, name: str) -> None:
        """Refuse to mix vectors of two embedding models in one library."""
        reason = self._reindex_reason(self.meta(name))
        if reason:
            raise LibraryError(
                f"Library {name!r} needs re-indexing: it was {reason}.",
                f"Run `hearth library index {name} --reindex` (or switch the model back).",
            )

    # per-library handles ----------------------------------------------------------------
    def store(self, name: str) -> ChunkStore:
        """The library's chunk table (search reads `.table`)."""
        from engine.library.store import ChunkStore

        folder, meta = self._find(name)
        with self._lock:
            store = self._stores.get(meta.id)
            dim = meta.dim or self.embedder.dim
            if store is None or store.dim != dim:
                store = ChunkStore(folder / "lancedb", dim, self.vector_index_min_rows)
                self._stores[meta.id] = store
            return store

    def manifest(self, name: str) -> Manifest:
        from engine.library.manifest import Manifest

        folder, meta = self._find(name)
        with self._lock:
            m = self._manifests.get(meta.id)
            if m is None:
                m = Manifest(folder / "files.sqlite3")
                self._manifests[meta.id] = m
            return m

    @contextmanager
    def writing(self, name: str) -> Iterator[None]:
        """Be the library's one writer: in this process and across processes. Every
        change to a library's index (index, prune, delete) runs inside this."""
        folder, meta = self._find(name)
        with self._lock:
            lock = self._write_locks.setdefault(meta.id, threading.Lock())
        if not lock.acquire(blocking=False):
            raise LibraryError(
                f"Library {meta.name!r} is being indexed or changed.",
                "Wait for it to finish (or stop it), then try again.",
            )
        try:
            with _process_lock(folder, meta.name):
                yield
        finally:
            lock.release()

    @property
    def pool(self) -> ParsePool:
        """Parser worker processes, started on first use and reused across files and jobs."""
        from engine.library.parsepool import ParsePool

        with self._lock:
            if self._pool is None:
                self._pool = ParsePool()
            return self._pool

    # CRUD -------------------------------------------------------------------------------
    def create(self, name: str, sources: Sequence[str | Path] | None = None) -> LibraryInfo:
        name = _check_name(name)
        resolved = _resolve_sources(sources or [])  # check before creating anything
        with self._lock:
            if any(m.name.casefold() == name.casefold() for _, m in self._metas()):
                raise LibraryError(
                    f"A library named {name!r} already exists.", "Pick another name."
                )
            lib_id = uuid.uuid4().hex[:12]
            folder = self.root / lib_id
            folder.mkdir(parents=True)
            LibraryMeta(id=lib_id, name=name, created=time.time()).save(folder)
        if resolved:
            self.add_sources(name, resolved)
        return self.get(name)

    def rename(self, old: str, new: str) -> LibraryInfo:
        new = _check_name(new)
        with self._lock:
            folder, meta = self._find(old)
            for _, m in self._metas():
                if m.id != meta.id and m.name.casefold() == new.casefold():
                    raise LibraryError(
                        f"A library named {new!r} already exists.", "Pick another name."
                    )
            meta.name = new
            meta.save(folder)
        return self.get(new)

    def delete(self, name: str) -> None:
        """Delete the library's index (never the documents themselves)."""
        folder, meta = self._find(name)
        self.watch(name, on=False)
        with self.writing(name), self._lock:
            self._forget(meta.id)
            # meta.json first: a half-deleted folder is never listed as a library again.
            (folder / "meta.json").unlink(missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)

    def _forget(self, lib_id: str) -> None:
        store = self._stores.pop(lib_id, None)
        if store is not None:
            store.close()
        manifest = self._manifests.pop(lib_id, None)
        if manifest is not None:
            manifest.close()

    def list(self) -> builtins.list[LibraryInfo]:
        return [self._info(folder, meta) for folder, meta in self._metas()]

    def get(self, name: str) -> LibraryInfo:
        folder, meta = self._find(name)
        return self._info(folder, meta)

    def _info(self, folder: Path, meta: LibraryMeta) -> LibraryInfo:
        states: dict[str, int] = {}
        chunks = 0
        if (folder / "files.sqlite3").exists():
            states, chunks = self.manifest(meta.id).summary()
        reason = self._reindex_reason(meta)
        return LibraryInfo(
            id=meta.id,
            name=meta.name,
            folder=str(folder),
            sources=list(meta.sources),
            embedding_model=meta.embedding_model or self.embedding_model,
            dim=meta.dim,
            created=meta.created,
            indexed_at=meta.indexed_at,
            files=sum(states.values()),
            chunks=chunks,
            states=states,
            needs_reindex=bool(reason),
            reindex_reason=reason,
            watching=meta.id in self._watchers,
        )

    # sources ----------------------------------------------------------------------------
    def add_sources(self, name: str, paths: Sequence[str | Path]) -> LibraryInfo:
        resolved = _resolve_sources(paths)
        with self._lock:
            folder, meta = self._find(name)
            for p in resolved:
                if p not in meta.sources:
                    meta.sources.append(p)
            meta.save(folder)
        self._restart_watch(name)
        return self.get(name)

    def remove_source(self, name: str, path: str | Path) -> LibraryInfo:
        """Stop indexing `path`; its chunks are removed now (documents stay untouched)."""
        target = str(Path(path).expanduser().absolute())
        with self._lock:
            folder, meta = self._find(name)
            if target not in meta.sources:
                raise NotFound(
                    f"{target} is not a source of library {meta.name!r}.",
                    "Sources: " + (", ".join(meta.sources) or "none"),
                )
            meta.sources.remove(target)
            meta.save(folder)
        from engine.library.indexer import prune

        with self.writing(name):
            prune(self, name)
        self._restart_watch(name)
        return self.get(name)

    # indexing ---------------------------------------------------------------------------
    def index(
        self,
        name: str,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
        reindex: bool = False,
    ) -> IndexReport:
        """Bring the library's index up to date with its sources (incremental, resumable)."""
        from engine.library.indexer import Indexer

        return Indexer(self, name).run(progress=progress, cancel=cancel, reindex=reindex)

    def status(self, name: str) -> builtins.list[FileState]:
        """One row per file: indexed, unsupported, no_text, failed (with reason) or pending."""
        from engine.library.indexer import pending_states

        states = self.manifest(name).all()
        for fs in pending_states(self, name, states):
            states[fs.path] = fs
        return sorted(states.values(), key=lambda s: s.path)

    # watching ---------------------------------------------------------------------------
    def watch(self, name: str, on: bool = True, on_change: OnChange | None = None) -> None:
        """Watch the library's sources while Hearth runs (debounced).

        `on_change(name)`, called from the watcher's thread, decides how the re-index runs
        (the GUI queues it on its index lane, visible and cancellable). Without it the
        watcher runs the incremental index itself (the CLI's case).
        """
        meta = self.meta(name)
        with self._lock:
            current = self._watchers.pop(meta.id, None)
        if current is not None:
            current.stop()
        if on:
            from engine.library.watch import LibraryWatcher

            watcher = LibraryWatcher(self, meta.id, on_change=on_change)
            watcher.start()
            with self._lock:
                self._watchers[meta.id] = watcher

    def _restart_watch(self, name: str) -> None:
        meta = self.meta(name)
        watcher = self._watchers.get(meta.id)
        if watcher is not None:
            self.watch(name, on=True, on_change=watcher.on_change)

    def close(self) -> None:
        with self._lock:
            watchers = list(self._watchers.values())
            self._watchers.clear()
        for w in watchers:
            w.stop()
        with self._lock:
            for lib_id in list(self._stores) + list(self._manifests):
                self._forget(lib_id)
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    # retrieval and answers (engine.library.search, grounding, ask, batch) ----------------
    def search(
        self,
        names: str | Sequence[str],
        query: str,
        k: int = 10,
        files: Sequence[str | Path] | None = None,
        rerank: bool | None = None,
        mode: str = "hybrid",
        fusion: str | None = None,
    ) -> builtins.list[SearchHit]:
        from engine.library import search

        return search.search(self, names, query, k, files, rerank, mode, fusion)

    def context_for(
        self,
        names: str | Sequence[str],
        question: str,
        budget_tokens: int,
        count_tokens: Callable[[str], int],
    ) -> GroundedContext:
        from engine.library import grounding

        return grounding.context_for(self, names, question, budget_tokens, count_tokens)

    def ask(
        self,
        names: str | Sequence[str],
        question: str,
        model: str | None = None,
        cancel: CancelToken | None = None,
        progress: ProgressFn | None = None,
        sampling: Sampling | None = None,
        context_tokens: int | None = None,
    ) -> AskReply:
        from engine.library import ask

        return ask.ask(self, self.runner, names, question, model, cancel, progress, sampling,
                       context_tokens)

    def batch(
        self,
        template: str,
        output: str | Path,
        library: str | None = None,
        csv_path: str | Path | None = None,
        model: str | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
        sampling: Sampling | None = None,
    ) -> BatchReport:
        from engine.library import batch

        return batch.run_batch(self, self.runner, template, output, library, csv_path, model,
                               progress, cancel, sampling)

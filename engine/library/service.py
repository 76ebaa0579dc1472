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

from engine.errors import HearthError, LibraryError, NotFound, StorageError
from engine.fsutil import storage_error
from engine.i18n import _
from engine.library.meta import (
    DESCRIPTION_UNREADABLE,
    INDEX_DISAGREES,
    INDEX_UNREADABLE,
    STORAGE_DAMAGED,
    IndexReport,
    LibraryInfo,
    LibraryMeta,
    problem_text,
    repair_hint,
)
from engine.library.store import VECTOR_INDEX_MIN_ROWS

if TYPE_CHECKING:
    from engine.backends.base import Sampling
    from engine.config import Settings
    from engine.jobs import CancelToken, ProgressFn
    from engine.library.ask import AskReply
    from engine.library.batch import BatchReport
    from engine.library.check import CheckReport
    from engine.library.embed import TextEmbedder
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
            _("{name} is not a usable library name.").format(name=repr(name)),
            _("Use 1 to 100 characters, without control characters."),
        )
    return name


def _resolve_sources(paths: Sequence[str | Path]) -> list[str]:
    resolved = []
    for p in paths:
        path = Path(p).expanduser().absolute()
        if not path.exists():
            raise NotFound(_("{path} does not exist.").format(path=path),
                           _("Check the path and try again."))
        resolved.append(str(path))
    return resolved


def _just_deleted(name: str) -> NotFound:
    return NotFound(_("Library {name} was just deleted.").format(name=repr(name)))


def _exists(name: str) -> LibraryError:
    return LibraryError(_("A library named {name} already exists.").format(name=repr(name)),
                        _("Pick another name."))


@contextmanager
def _process_lock(folder: Path, name: str) -> Iterator[None]:
    """One writer per library across processes (the GUI and a CLI run at once)."""
    try:
        import fcntl
    except ImportError:  # Windows: the in-process lock still holds
        yield
        return
    try:
        f = open(folder / "write.lock", "w")  # noqa: SIM115 - closed below, after the unlock
    except FileNotFoundError as e:
        raise _just_deleted(name) from e
    except OSError as e:  # a read-only or full disk: nothing can be changed here
        raise storage_error(e, folder / "write.lock") from e
    with f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            raise LibraryError(
                _("Library {name} is being indexed or changed by another Hearth process.").format(
                    name=repr(name)),
                _("Wait for it to finish (or stop it there), then try again."),
            ) from e
        if not (folder / "meta.json").exists():
            # Deleted by another process between finding it and locking it: writing now
            # would bring back a library without its file list.
            raise _just_deleted(name)
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
        self.home = paths.home
        self._settings = settings
        self._runner = runner
        self._lock = threading.RLock()
        self._write_locks: dict[str, threading.Lock] = {}
        self._stores: dict[str, ChunkStore] = {}
        self._manifests: dict[str, Manifest] = {}
        self._watchers: dict[str, LibraryWatcher] = {}
        self._embedders: dict[str, tuple[tuple[object, ...], TextEmbedder]] = {}
        self._pool: ParsePool | None = None
        self._verified: dict[str, tuple[tuple[int, int], str]] = {}
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
        damaged = self.root / name.strip()
        if name.strip() and damaged.parent == self.root and (damaged / "meta.json").exists():
            LibraryMeta.load(damaged)  # raises the reason and the `check` hint
        known = ", ".join(m.name for _f, m in metas) or _("none yet")
        raise NotFound(
            _("No library named {name}.").format(name=repr(name)),
            _("Libraries: {known}. Create one with `hearth library create NAME`.").format(
                known=known),
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
        """The default model, made concrete (for /v1/embeddings and libraries with no text)."""
        from engine.library.embedders import default_model, ui_language

        settings = self._settings()
        return default_model(settings.embedding_model, ui_language(settings.language))

    @property
    def embedder(self) -> TextEmbedder:
        """The default model's embedder."""
        return self.embedder_for(self.embedding_model)

    def embedder_for(self, model: str) -> TextEmbedder:
        """One embedder per model (re-created when the settings that shape it change)."""
        from engine.library.embed import Embedder, resolve_model_path
        from engine.library.use_embed import USE_MODEL, UseEmbedder

        settings = self._settings()
        model_path = resolve_model_path(settings.embedding_model_path, model,
                                        settings.embedding_model)
        key = (model, str(model_path or ""), settings.offline, settings.threads)
        with self._lock:
            found = self._embedders.get(model)
            if found is None or found[0] != key:
                if model == USE_MODEL:  # ships inside its package
                    made: TextEmbedder = UseEmbedder(threads=settings.threads or None)
                else:
                    made = Embedder(
                        model,
                        model_path=model_path,
                        cache_dir=self.cache_dir / "fastembed",
                        threads=settings.threads or None,
                        offline=settings.offline,
                    )
                found = self._embedders[model] = (key, made)
            return found[1]

    def model_of(self, name: str) -> str:
        """The model whose vectors library `name` holds (or will, once indexed)."""
        meta = self.meta(name)
        return meta.embedding_model or self._chosen(meta)

    def prompt_language(self, text: str) -> str:
        """The language of the instructions for a message (engine.library.prompts)."""
        from engine.library.language import ui_locale
        from engine.library.prompts import prompt_language

        return prompt_language(text, ui_locale(self._settings().language))

    def no_answer(self, question: str) -> str:
        from engine.library.language import ui_locale
        from engine.library.prompts import no_answer

        return no_answer(question, ui_locale(self._settings().language))

    def models_of(self, names: Sequence[str]) -> dict[str, str]:
        """Library name -> its embedding model."""
        return {name: self.model_of(name) for name in names}

    def embedder_of(self, name: str) -> TextEmbedder:
        return self.embedder_for(self.model_of(name))

    def _chosen(self, meta: LibraryMeta) -> str:
        """The library's chosen model, concrete ("auto" before its first index: the default)."""
        from engine.library.embedders import AUTO

        chosen = meta.chosen_model or meta.embedding_model
        return self.embedding_model if not chosen or chosen == AUTO else chosen

    def _dim_of(self, model: str) -> int:
        from engine.library.embedders import choice

        known = choice(model)
        return known.dim if known else self.embedder_for(model).dim

    def _reindex_reason(self, meta: LibraryMeta) -> str:
        from engine.library.embedders import AUTO

        chosen = meta.chosen_model
        if meta.embedding_model and chosen and chosen != AUTO and chosen != meta.embedding_model:
            return _("indexed with {old}, but its embedding model is now {new}").format(
                old=meta.embedding_model, new=chosen)
        return ""

    def check_model(self, name: str) -> str:
        """The library's model; refuses to mix vectors of two models in one library."""
        meta = self.meta(name)
        reason = self._reindex_reason(meta)
        if reason:
            raise LibraryError(
                _("Library {name} needs re-indexing: it was {reason}.").format(
                    name=repr(name), reason=reason),
                _("Run {command} (or switch the model back).").format(
                    command=f"`hearth library index {name} --reindex`"),
            )
        return meta.embedding_model or self._chosen(meta)

    def set_model(self, name: str, model: str) -> LibraryInfo:
        """Choose library `name`'s embedding model ("auto" or a model name). A model other
        than the one its vectors come from makes it need re-indexing (index --reindex)."""
        from engine.library.embedders import check_model_name

        model = check_model_name(model)
        with self._lock:
            folder, meta = self._find(name)
            meta.chosen_model = model
            meta.save(folder)
        return self.get(name)

    def resolve_auto(self, meta: LibraryMeta) -> str:
        """The model for a library about to be indexed for the first time."""
        from engine.library.embedders import AUTO, auto_model, ui_language

        chosen = meta.chosen_model or self._settings().embedding_model
        if chosen and chosen != AUTO:
            return chosen
        return auto_model(self._sample_texts(meta), ui_language(self._settings().language))

    def _sample_texts(self, meta: LibraryMeta, n: int = 6) -> builtins.list[str]:
        """Text from up to `n` files spread over the library's sources (parsed in the worker
        processes, like indexing, so a hostile file cannot take the app down)."""
        from engine.library.sources import scan

        files = [e.path for e in scan(meta.sources) if not e.problem]
        if len(files) > n:
            files = [files[i * len(files) // n] for i in range(n)]
        out = []
        for _path, result in self.pool.parse(files):
            text = " ".join(t for _, _, t in result.get("sections", []))
            if text.strip():
                out.append(text[:4000])
        return out

    # per-library handles ----------------------------------------------------------------
    def store(self, name: str) -> ChunkStore:
        """The library's chunk table (search reads `.table`)."""
        from engine.library.store import ChunkStore

        folder, meta = self._find(name)
        with self._lock:
            store = self._stores.get(meta.id)
            dim = meta.dim or self._dim_of(self._chosen(meta))
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
        with self._exclusive(folder, meta.name):
            yield

    @contextmanager
    def _exclusive(self, folder: Path, label: str) -> Iterator[None]:
        with self._lock:
            lock = self._write_locks.setdefault(folder.name, threading.Lock())
        if not lock.acquire(blocking=False):
            raise LibraryError(
                _("Library {name} is being indexed or changed.").format(name=repr(label)),
                _("Wait for it to finish (or stop it), then try again."),
            )
        try:
            with _process_lock(folder, label):
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
    def create(
        self, name: str, sources: Sequence[str | Path] | None = None, embedding_model: str = ""
    ) -> LibraryInfo:
        """A new library; `embedding_model` "" takes the setting (by default "auto")."""
        from engine.library.embedders import check_model_name

        name = _check_name(name)
        model = check_model_name(embedding_model or self._settings().embedding_model)
        resolved = _resolve_sources(sources or [])  # check before creating anything
        with self._lock:
            if any(m.name.casefold() == name.casefold() for _f, m in self._metas()):
                raise _exists(name)
            lib_id = uuid.uuid4().hex[:12]
            folder = self.root / lib_id
            try:
                folder.mkdir(parents=True)
            except OSError as e:
                raise storage_error(e, folder) from e
            LibraryMeta(id=lib_id, name=name, created=time.time(), chosen_model=model).save(folder)
        if resolved:
            self.add_sources(name, resolved)
        return self.get(name)

    def rename(self, old: str, new: str) -> LibraryInfo:
        new = _check_name(new)
        with self._lock:
            folder, meta = self._find(old)
            for _f, m in self._metas():
                if m.id != meta.id and m.name.casefold() == new.casefold():
                    raise _exists(new)
            meta.name = new
            meta.save(folder)
        return self.get(new)

    def delete(self, name: str) -> None:
        """Delete the library's index (never the documents themselves). `name` may be a
        damaged library's id."""
        folder = self._locate(name)
        if folder not in self._damaged_folders():
            self.watch(name, on=False)
        with self._exclusive(folder, name), self._lock:
            self._forget(folder.name)
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
        """Every library, the damaged ones too (marked with `problem`): one broken file
        never hides the others."""
        infos = [self._info(folder, meta) for folder, meta in self._metas()]
        for folder in self._damaged_folders():
            damage = _(DESCRIPTION_UNREADABLE)
            infos.append(LibraryInfo(
                id=folder.name, name=f"(damaged) {folder.name}", folder=str(folder), sources=[],
                embedding_model="", dim=0, created=0.0, indexed_at=None, readable=False,
                problem=f"{damage} {repair_hint(folder.name)}", damage=damage,
            ))
        return infos

    def warm_up(self) -> None:
        """Import LanceDB ahead of need when some library has an index. The import alone
        takes 2-3 s on a laptop (it builds hundreds of pydantic validators), which the first
        list of libraries (its check that each index reads) or the first grounded answer
        would otherwise wait for; without an index nothing needs it yet (~140 MB)."""
        if any(meta.dim for _folder, meta in self._metas()):
            import lancedb  # noqa: F401

    def _damaged_folders(self) -> builtins.list[Path]:
        if not self.root.is_dir():
            return []
        good = {folder for folder, _ in self._metas()}
        return [f for f in sorted(self.root.iterdir())
                if (f / "meta.json").is_file() and f not in good]

    def get(self, name: str) -> LibraryInfo:
        folder, meta = self._find(name)
        return self._info(folder, meta)

    def _info(self, folder: Path, meta: LibraryMeta) -> LibraryInfo:
        states: dict[str, int] = {}
        chunks = 0
        damage = ""  # in the interface language
        try:
            if (folder / "files.sqlite3").exists():
                states, chunks = self.manifest(meta.id).summary()
            if meta.dim:
                damage = problem_text(self._verify(meta.id, chunks))
        except Exception as e:  # noqa: BLE001 - any damage: this library is marked, the rest listed
            damage = getattr(e, "message", "") or _(STORAGE_DAMAGED)  # a HearthError's: translated
            log.info("library %s: %s", meta.name, e)
        reason = self._reindex_reason(meta)
        return LibraryInfo(
            id=meta.id,
            name=meta.name,
            folder=str(folder),
            sources=list(meta.sources),
            embedding_model=meta.embedding_model or meta.chosen_model or self.embedding_model,
            chosen_model=meta.chosen_model or meta.embedding_model,
            dim=meta.dim,
            created=meta.created,
            indexed_at=meta.indexed_at,
            files=sum(states.values()),
            chunks=chunks,
            states=states,
            needs_reindex=bool(reason),
            reindex_reason=reason,
            watching=meta.id in self._watchers,
            problem=f"{damage} {repair_hint(meta.name)}" if damage else "",
            damage=damage,
        )

    def _verify(self, lib_id: str, chunks: int) -> str:
        """Whether the table reads (its ids, from every data file) and holds `chunks` rows;
        looked at again only when the table's version or the file list's count changes.
        The problem is in English (kept while the language may change): see problem_text."""
        store = self.store(lib_id)
        try:
            key = (store.table.version if store.count() or chunks else 0, chunks)
            cached = self._verified.get(lib_id)
            if cached is not None and cached[0] == key:
                return cached[1]
            n = len(store.column("doc_id"))
            problem = "" if n == chunks else INDEX_DISAGREES
        except Exception as e:  # noqa: BLE001 - whatever LanceDB raises, the index is damaged
            from engine.library.check import unreadable_cause

            key, problem = (-1, chunks), INDEX_UNREADABLE.format(cause=unreadable_cause(e))
        self._verified[lib_id] = (key, problem)
        return problem

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
                    _("{path} is not a source of library {name}.").format(
                        path=target, name=repr(meta.name)),
                    _("Sources: {sources}").format(sources=", ".join(meta.sources) or _("none")),
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

    def index_apart(
        self,
        name: str,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
        reindex: bool = False,
    ) -> IndexReport:
        """`index` in a separate, lower-priority process (the desktop app: its GUI keeps
        Python's lock and the cores; see engine.library.index_process)."""
        from engine.library.index_process import index_in_process

        return index_in_process(self.home, name, progress, cancel, reindex)

    def check(
        self,
        name: str,
        repair: bool = True,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> CheckReport:
        """Compare description, file list and index; with `repair`, mend what is damaged and
        re-index only the files whose passages are missing. `name` may be a damaged
        library's id (its folder name) when its description is unreadable."""
        from engine.library.check import CheckReport

        folder = self._locate(name)
        report = CheckReport(library=name)
        with self._exclusive(folder, name):
            self.repair(folder, report, repair)
        if repair and (folder / "meta.json").exists():
            meta = LibraryMeta.load(folder)
            report.library = meta.name
            if meta.sources:
                index = self.index(meta.id, progress=progress, cancel=cancel)
                report.files_to_reindex = index.indexed + index.failed + index.no_text
        return report

    def _locate(self, name: str) -> Path:
        for folder in self._damaged_folders():
            if folder.name == name.strip():
                return folder
        return self._find(name)[0]

    def repair(self, folder: Path, report: CheckReport, repair: bool = True) -> None:
        """The checks (and with `repair`, the mending) of `check`; the caller holds the lock."""
        from engine.library import check
        from engine.library.manifest import Manifest

        lib_id = folder.name
        db = folder / "files.sqlite3"
        problem = check.manifest_problem(db)
        if problem:
            report.problems.append(problem)
            if not repair:
                return
            self._forget(lib_id)
            aside = db.with_name(f"files.sqlite3.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                db.replace(aside)
            except OSError as e:
                raise storage_error(e, db) from e
            for extra in ("-wal", "-shm"):
                db.with_name(db.name + extra).unlink(missing_ok=True)
            report.repaired.append(f"kept the damaged file list as {aside.name}; every file is indexed again")
        try:
            meta = LibraryMeta.load(folder)
        except LibraryError:
            report.problems.append("the library's description (meta.json) is unreadable")
            if not repair:
                return
            manifest = None if problem else Manifest(db)
            meta, how = check.restore_meta(folder, manifest)
            if manifest is not None:
                manifest.close()
            report.repaired.append(how)
        if problem or not meta.dim:
            # No file list to match the chunks against, or no record of the model that made
            # them: start the index over (the documents are all still there).
            from engine.library.manifest import Manifest
            from engine.library.store import ChunkStore

            self._forget(lib_id)
            if (folder / "lancedb").exists():
                ChunkStore(folder / "lancedb", meta.dim or 1).drop()
            if not problem and db.exists():
                manifest = Manifest(db)
                had = len(manifest.all())
                manifest.clear()
                manifest.close()
                if had:
                    report.problems.append("the index's embedding model is not recorded")
                    report.repaired.append(f"cleared the index; its {had} file(s) are indexed again")
            return
        store, manifest = self.store(meta.id), self.manifest(meta.id)
        problem = check.table_problem(store)
        if problem:
            report.problems.append(problem)
            if not repair:
                return
            version = check.restore_readable_version(store)
            if version is None:
                store.drop()
                report.repaired.append("cleared the unreadable index (no readable earlier version)")
            else:
                report.repaired.append(f"restored the index as it was at version {version}")
        found, n = check.reconcile(store, manifest, apply=repair)
        report.problems.extend(found)
        if repair and n:
            report.repaired.append(f"{n} file(s) will be indexed again")
        if repair and store.count():
            store.ensure_fts_index()

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

        try:
            return search.search(self, names, query, k, files, rerank, mode, fusion)
        except HearthError:
            raise
        except (RuntimeError, OSError, ValueError) as e:  # what LanceDB raises for damaged files
            which = names if isinstance(names, str) else ", ".join(names)
            raise StorageError(
                _("The index of {library} could not be read; it is probably damaged.").format(
                    library=which),
                _("Repair it with {command}: only the missing files are indexed again.").format(
                    command=f"`hearth library check {which}`"),
                details=str(e),
            ) from e

    def document_pages(self, name: str, path: str | Path) -> builtins.list[tuple[int, str]]:
        """A file's text as indexed, page by page ((0, text) for a file without pages): what
        a source preview shows around the cited passage, the same for every format."""
        from engine.library.search import document_chunks, merge_overlapping

        by_page: dict[int, builtins.list[str]] = {}
        for h in document_chunks(self, name, str(path)):
            by_page.setdefault(h.page, []).append(h.text)
        return [(page, merge_overlapping(texts)) for page, texts in sorted(by_page.items())]

    def context_for(
        self,
        names: str | Sequence[str],
        question: str,
        budget_tokens: int,
        count_tokens: Callable[[str], int],
        passages: tuple[int, int] | None = None,
    ) -> GroundedContext:
        from engine.library import grounding

        return grounding.context_for(self, names, question, budget_tokens, count_tokens, passages)

    def ask(
        self,
        names: str | Sequence[str],
        question: str,
        model: str | None = None,
        cancel: CancelToken | None = None,
        progress: ProgressFn | None = None,
        sampling: Sampling | None = None,
        context_tokens: int | None = None,
        more: bool | None = None,
    ) -> AskReply:
        from engine.library import ask

        return ask.ask(self, self.runner, names, question, model, cancel, progress, sampling,
                       context_tokens, more)

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

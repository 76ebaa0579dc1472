"""Indexing one library: parse → chunk → embed → write, overlapped, incremental, resumable.

Three stages run at once so the CPU-bound embedding never waits:
- a producer thread feeds files to the parser processes and chunks what comes back;
- the calling thread embeds batches of chunks (ONNX releases the GIL);
- a writer thread commits each embedded batch: old chunks of its files deleted, new ones
  added (each one atomic LanceDB commit), then the manifest rows — in that order, so a
  kill -9 at any point leaves nothing the next run cannot repair.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import Cancelled
from engine.jobs import CancelToken, ProgressFn, RateMeter
from engine.library import reasons
from engine.library.chunking import Chunk, Chunker, doc_id_for
from engine.library.manifest import FINAL, FileState
from engine.library.meta import IndexReport
from engine.library.pathkey import to_store
from engine.library.sources import Entry, scan, under
from engine.textnorm import fts_text

if TYPE_CHECKING:
    from engine.library.service import LibraryService

log = logging.getLogger(__name__)

# Chunks per embed + commit. The first batches are small so the first results are
# searchable (and committed) within seconds; they double up to the steady size, which is
# small enough to cancel and resume often and large enough to keep commits cheap.
FIRST_BATCH_CHUNKS = 16
BATCH_CHUNKS = 256
BATCH_SECONDS = 5.0  # commit at least this often when files are slow to parse
# One file's text at most: ~40k passages, about 20 minutes of embedding on a laptop. Beyond
# that (a 50 MB log on one line) the file is refused with the reason, not half-indexed.
MAX_TEXT_CHARS = 20_000_000


@dataclass
class _Doc:
    path: str
    entry: Entry
    state: str
    reason: str = ""
    hash: str = ""
    pages: int = 0
    chunks: list[Chunk] = field(default_factory=list)


@dataclass
class _Batch:
    docs: list[_Doc] = field(default_factory=list)
    vectors: Any = None
    started: float = field(default_factory=time.monotonic)

    @property
    def n_chunks(self) -> int:
        return sum(len(d.chunks) for d in self.docs)


class Indexer:
    def __init__(self, service: LibraryService, name: str) -> None:
        self.service = service
        self.name = name
        self.report = IndexReport(library=name)

    def run(
        self,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
        reindex: bool = False,
    ) -> IndexReport:
        cancel = cancel or CancelToken()
        started = time.monotonic()
        with self.service.writing(self.name):
            self._prepare(reindex)
            try:
                self._index(progress, cancel)
            finally:
                self.report.seconds = time.monotonic() - started
        return self.report

    # setup ------------------------------------------------------------------------------
    def _prepare(self, reindex: bool) -> None:
        svc = self.service
        folder, meta = svc._find(self.name)
        if reindex:
            svc.store(self.name).drop()
            svc.manifest(self.name).clear()
            meta.embedding_model, meta.dim, meta.indexed_at = "", 0, None
            meta.save(folder)
            svc._forget(meta.id)
        else:
            svc.check_model(self.name)
            self._check_storage(folder)
            meta = svc._find(self.name)[1]
        if not meta.embedding_model:
            embedder = svc.embedder_for(svc.resolve_auto(meta))
            meta.embedding_model, meta.dim = embedder.model_name, embedder.dim
            meta.chosen_model = meta.chosen_model or svc.settings.embedding_model
            meta.save(folder)
        else:
            embedder = svc.embedder_for(meta.embedding_model)
        self.meta, self.folder = meta, folder
        self.embedder = embedder
        self.store = svc.store(self.name)
        self.manifest = svc.manifest(self.name)
        self.chunker = Chunker(embedder.tokenizer, embedder.max_tokens)

    def _check_storage(self, folder: Path) -> None:
        """A cheap look before trusting "unchanged": the file list readable, the table's ids
        readable in every fragment, and as many passages as the list says. Damage found is
        repaired here (see check.py) and reported; its files are indexed below."""
        from engine.library.check import CheckReport, manifest_problem

        svc = self.service
        quick = manifest_problem(folder / "files.sqlite3")
        if not quick:
            try:
                _, chunks = svc.manifest(self.name).summary()
                store = svc.store(self.name)
                if len(store.column("doc_id")) != chunks:
                    quick = "the index and the file list disagree"
            except Exception as e:  # noqa: BLE001 - any error reading them is damage to repair
                quick = str(e)
        if not quick:
            return
        check = CheckReport(self.name)
        svc.repair(folder, check)
        self.report.repaired = check.problems + check.repaired
        log.warning("library %s was damaged: %s", self.name, "; ".join(self.report.repaired))

    # the job ----------------------------------------------------------------------------
    def _index(self, progress: ProgressFn | None, cancel: CancelToken) -> None:
        known = self.manifest.all()
        entries = scan(self.meta.sources)
        listed = {e.path for e in entries}
        missing_sources = [s for s in self.meta.sources if not os.path.exists(s)]
        self.report.files_total = len(entries)

        # Files gone from disk (or from the sources): remove their chunks and rows.
        gone = [p for p in known if p not in listed and not under(p, missing_sources)]
        gone = [p for p in gone if not os.path.lexists(p) or not under(p, self.meta.sources)]
        if gone:
            self._remove(gone, known)

        todo: list[Entry] = []
        direct: list[_Doc] = []  # files whose state is known without parsing
        for e in entries:
            old = known.get(e.path)
            if e.problem:
                if old is None or old.state != e.problem_state or old.reason != e.problem:
                    direct.append(_Doc(e.path, e, e.problem_state, e.problem))
                else:
                    self._count(old.state, unchanged=True)
            elif old and old.state in FINAL and old.size == e.size and old.mtime_ns == e.mtime_ns:
                self._count(old.state, unchanged=True)
            else:
                todo.append(e)

        self.meter = RateMeter(total=len(todo) + len(direct), unit="files")
        self.files_done = 0
        self.chunks_done = 0
        self.t0 = time.monotonic()
        self.progress = progress
        if direct:
            self._write(_Batch(docs=direct), known)
            self.files_done += len(direct)
        if todo:
            self._pipeline(todo, known, cancel)
        t = time.perf_counter()
        if self.report.chunks_added or self.report.chunks_removed:
            self.store.optimize()
        if self.store.count():
            self.store.ensure_fts_index()
            # Past ~10k chunks a flat scan costs more than the 50 ms search budget.
            self.store.ensure_vector_index()
        self._stage("optimize", t)
        self.meta.indexed_at = time.time()
        self.meta.save(self.folder)
        self._report_progress("done")

    def _pipeline(
        self, todo: list[Entry], known: dict[str, FileState], cancel: CancelToken
    ) -> None:
        docs: queue.Queue[_Doc | BaseException | None] = queue.Queue(maxsize=256)
        to_write: queue.Queue[_Batch | None] = queue.Queue(maxsize=2)
        stop = CancelToken()  # stops the producer when we end early (cancel or error)
        errors: list[BaseException] = []

        def produce() -> None:
            try:
                t = time.perf_counter()
                for d in self._parse(todo, known, stop):
                    self._stage("parse", t)
                    docs.put(d)
                    t = time.perf_counter()
                docs.put(None)
            except BaseException as e:  # noqa: BLE001 - handed to the consumer, re-raised there
                docs.put(e)

        def write() -> None:
            while (batch := to_write.get()) is not None:
                if errors:
                    continue  # drain without writing after a failure
                try:
                    t = time.perf_counter()
                    self._write(batch, known)
                    self._stage("write", t)
                    self.files_done += len(batch.docs)
                    self._report_progress("")
                except BaseException as e:  # noqa: BLE001 - re-raised by the consumer
                    errors.append(e)

        producer = threading.Thread(target=produce, name="hearth-index-parse", daemon=True)
        writer = threading.Thread(target=write, name="hearth-index-write", daemon=True)
        producer.start()
        writer.start()
        try:
            batch = _Batch()
            batch_chunks = FIRST_BATCH_CHUNKS
            while True:
                t = time.perf_counter()
                try:
                    item = docs.get(timeout=0.2)
                except queue.Empty:
                    item = "idle"  # type: ignore[assignment]
                self._stage("embed_waiting", t)
                if cancel.cancelled or errors:
                    break
                if isinstance(item, BaseException):
                    raise item
                if item is None:
                    break
                if item != "idle":
                    batch.docs.append(item)  # type: ignore[arg-type]
                if batch.docs and (
                    batch.n_chunks >= batch_chunks
                    or time.monotonic() - batch.started > BATCH_SECONDS
                ):
                    self._embed(batch)
                    t = time.perf_counter()
                    to_write.put(batch)
                    self._stage("embed_waiting", t)
                    batch = _Batch()
                    batch_chunks = min(BATCH_CHUNKS, batch_chunks * 2)
            if batch.docs and not cancel.cancelled and not errors:
                self._embed(batch)
                to_write.put(batch)
        finally:
            stop.cancel()
            to_write.put(None)
            writer.join()
            while producer.is_alive():  # unblock a producer stuck on a full queue
                try:
                    docs.get(timeout=0.1)
                except queue.Empty:
                    pass
            producer.join()
        if errors:
            raise errors[0]
        cancel.raise_if_cancelled()

    def _parse(
        self, todo: list[Entry], known: dict[str, FileState], stop: CancelToken
    ) -> Iterator[_Doc]:
        entries = {e.path: e for e in todo}
        try:
            for path, r in self.service.pool.parse(list(entries), cancel=stop):
                e = entries[path]
                old = known.get(path)
                if r["state"] == "gone":  # vanished between listing and reading
                    yield _Doc(path, e, "gone")
                    continue
                d = _Doc(
                    path, e, r["state"], r.get("reason", ""), r.get("hash", ""), r.get("pages", 0)
                )
                if old and old.state in FINAL and d.hash and old.hash == d.hash:
                    d.state = "same"  # touched, not changed: no re-embedding
                elif d.state == "indexed" and (size := _text_size(r["sections"])) > MAX_TEXT_CHARS:
                    d.state = "failed"
                    d.reason = reasons.TOO_MUCH_TEXT.format(
                        size=f"{size / 1e6:.1f}", limit=MAX_TEXT_CHARS // 1_000_000)
                elif d.state == "indexed":
                    d.chunks = self.chunker.chunk(path, r["sections"])
                    if not d.chunks:
                        d.state, d.reason = "no_text", reasons.NO_TEXT
                yield d
        except Cancelled:
            return

    def _embed(self, batch: _Batch) -> None:
        t = time.perf_counter()
        texts = [c.embed_text for d in batch.docs for c in d.chunks]
        batch.vectors = self.embedder.embed_documents(texts) if texts else None
        self._stage("embed", t)

    def _stage(self, name: str, since: float) -> None:
        stages = self.report.stages
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - since

    # writing ----------------------------------------------------------------------------
    def _write(self, batch: _Batch, known: dict[str, FileState]) -> None:
        """Commit one batch: delete old chunks, add new ones, then record the files."""
        docs = [d for d in batch.docs if d.state not in ("same", "gone")]
        gone = [d.path for d in batch.docs if d.state == "gone"]
        if gone:
            self._remove(gone, known)
        # Files with a row may have chunks (from an older version or a killed run): delete
        # those first. Files without one get a "pending" row before their chunks are added,
        # so a crash between the add and the final rows below is repaired by the next run.
        stale = [known[d.path].doc_id or doc_id_for(d.path) for d in docs if d.path in known]
        # Changed files too: a row never claims chunks that are being replaced (a kill
        # between the delete and the add leaves "pending", which the next run redoes).
        self.manifest.put_many(
            FileState(d.path, "pending", reasons.BEING_INDEXED, doc_id=doc_id_for(d.path))
            for d in docs
        )
        removed = self.store.count(_in("doc_id", stale)) if stale else 0
        self.store.delete_docs(stale)
        chunks = [c for d in docs for c in d.chunks]
        if chunks:
            self.store.add(
                {
                    "id": [c.id for c in chunks],
                    "doc_id": [c.doc_id for c in chunks],
                    "path": [to_store(c.path) for c in chunks],
                    "page": [c.page for c in chunks],
                    "heading": [c.heading for c in chunks],
                    "seq": [c.seq for c in chunks],
                    "text": [c.text for c in chunks],
                    "fts": [
                        fts_text(f"{c.heading}\n{c.text}" if c.heading else c.text) for c in chunks
                    ],
                },
                batch.vectors,
            )
        states = [
            FileState(
                d.path,
                d.state,
                d.reason,
                len(d.chunks),
                d.pages,
                d.entry.size,
                d.entry.mtime_ns,
                d.hash,
                doc_id_for(d.path),
            )
            for d in docs
        ]
        # Touched but unchanged files: new size/mtime, same everything else.
        for d in batch.docs:
            if d.state == "same":
                old = known[d.path]
                states.append(
                    FileState(
                        d.path,
                        old.state,
                        old.reason,
                        old.chunks,
                        old.pages,
                        d.entry.size,
                        d.entry.mtime_ns,
                        old.hash,
                        old.doc_id,
                    )
                )
                self._count(old.state, unchanged=True)
        self.manifest.put_many(states)
        for s in states:
            known[s.path] = s
        for d in docs:
            self._count(d.state)
            if d.chunks:
                self.report.embedded_files.append(d.path)
        self.report.chunks_added += len(chunks)
        self.report.chunks_removed += removed
        self.chunks_done += len(chunks)

    def _remove(self, paths: list[str], known: dict[str, FileState]) -> None:
        doc_ids = [known[p].doc_id if p in known else doc_id_for(p) for p in paths]
        self.report.chunks_removed += self.store.count(_in("doc_id", doc_ids)) if doc_ids else 0
        # "pending" first, so no row claims chunks while they go; then the rows.
        self.manifest.put_many(
            FileState(p, "pending", reasons.BEING_REMOVED, doc_id=d)
            for p, d in zip(paths, doc_ids, strict=True)
        )
        self.store.delete_docs(doc_ids)
        self.manifest.remove(paths)
        for p in paths:
            known.pop(p, None)
        self.report.removed += len(paths)

    # bookkeeping ------------------------------------------------------------------------
    def _count(self, state: str, unchanged: bool = False) -> None:
        if unchanged:
            self.report.unchanged += 1
        elif state == "indexed":
            self.report.indexed += 1
        elif state == "no_text":
            self.report.no_text += 1
        elif state == "unsupported":
            self.report.unsupported += 1
        elif state == "failed":
            self.report.failed += 1

    def _report_progress(self, message: str) -> None:
        if self.progress is None:
            return
        p = self.meter.update(self.files_done)
        elapsed = time.monotonic() - self.t0
        cps = self.chunks_done / elapsed if elapsed > 0 else 0.0
        p.message = message or f"{self.chunks_done} chunks, {cps:.0f} chunks/s"
        self.progress(p)


def _text_size(sections: list[tuple[int, str, str]]) -> int:
    return sum(len(t) for _, _, t in sections)


def _in(column: str, values: list[str]) -> str:
    from engine.library.store import in_filter

    return in_filter(column, values)


# helpers for the service ------------------------------------------------------------------
def prune(service: LibraryService, name: str) -> int:
    """Remove chunks and rows of files no longer under any source; returns files removed."""
    meta = service.meta(name)
    manifest = service.manifest(name)
    known = manifest.all()
    gone = [p for p in known if not under(p, meta.sources)]
    if gone:
        doc_ids = [known[p].doc_id or doc_id_for(p) for p in gone]
        if meta.dim:
            service.store(name).delete_docs(doc_ids)
        manifest.remove(gone)
    return len(gone)


def pending_states(
    service: LibraryService, name: str, known: dict[str, FileState]
) -> list[FileState]:
    """Files on disk that the next index run would (re)process, as "pending" rows."""
    out = []
    for e in scan(service.meta(name).sources):
        old = known.get(e.path)
        if e.problem:
            if old is None:
                out.append(FileState(e.path, e.problem_state, e.problem))
        elif old is None or old.size != e.size or old.mtime_ns != e.mtime_ns:
            out.append(
                FileState(
                    e.path,
                    "pending",
                    reasons.CHANGED if old else reasons.NOT_INDEXED_YET,
                    size=e.size,
                    mtime_ns=e.mtime_ns,
                )
            )
    return out

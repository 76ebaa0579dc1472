"""Checking a library's storage, and repairing it so that only what is missing is re-indexed.

Three things must agree: the file list (files.sqlite3), the chunk table (LanceDB) and the
description (meta.json). What can go wrong, and what repair does:

- meta.json unreadable: restored from meta.json.bak (written beside it on every save), or
  rebuilt from the file list (the sources are the folders its files are in).
- files.sqlite3 unreadable or malformed: kept aside, started empty; every file re-indexes.
- the table unreadable (a data file deleted or truncated): the newest readable version is
  restored (LanceDB keeps old versions for VERSIONS_KEPT); without one the table is dropped.
- table and file list disagree (chunks missing or doubled, or left from files no longer
  listed, e.g. after newer versions vanished): those files' chunks are deleted and the files
  are forgotten, so the next index embeds exactly them again.
Runs under the library's write lock; the caller re-indexes afterwards.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import LibraryError
from engine.fsutil import probe_write
from engine.library.manifest import FileState, Manifest
from engine.library.meta import CAUSES, META_FILE, LibraryMeta

if TYPE_CHECKING:
    from engine.library.store import ChunkStore

log = logging.getLogger(__name__)


@dataclass
class CheckReport:
    library: str
    problems: list[str] = field(default_factory=list)  # what was wrong, for people
    repaired: list[str] = field(default_factory=list)  # what was done about it
    files_to_reindex: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}


def manifest_problem(db_path: Path) -> str:
    """Why files.sqlite3 cannot be trusted ('' if it can): SQLite's own check, then every row."""
    if not db_path.exists():
        return ""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                return f"the file list is damaged ({result})"
            for row in conn.execute("SELECT path, state, chunks, doc_id FROM files"):
                if not (isinstance(row[0], str) and isinstance(row[1], str)
                        and isinstance(row[2], int) and isinstance(row[3], str)):
                    return f"the file list has a malformed row ({row[0]!r})"
        finally:
            conn.close()
    except sqlite3.Error as e:
        cause = probe_write(db_path.parent)
        if cause is not None:
            raise cause from e  # the disk, not the file: never "repair" a healthy list
        return f"the file list is unreadable ({e})"
    return ""


def table_problem(store: ChunkStore) -> str:
    """Why the chunk table cannot be read in full ('' if it can)."""
    try:
        store.column("id")
        store.column("doc_id")
        if store.count():
            store.table.search().select(["vector", "text", "fts"]).limit(None).to_arrow()
    except Exception as e:  # noqa: BLE001 - whatever LanceDB raises, the table is unreadable
        log.info("library table unreadable: %s", e)
        return f"the index cannot be read: {unreadable_cause(e)}"
    return ""


def unreadable_cause(e: BaseException) -> str:
    """What LanceDB's error means, in words (its text names Rust source files)."""
    text = str(e)
    missing, damaged = CAUSES  # English, as stored; shown translated (meta.problem_text)
    return missing if "Not found" in text or "No such file" in text else damaged


def restore_readable_version(store: ChunkStore) -> int | None:
    """Restore the newest version that reads in full; its number, or None if none does."""
    table = store.table
    versions = sorted((v["version"] for v in table.list_versions()), reverse=True)
    for v in versions[1:]:
        try:
            table.checkout(v)
            if not table_problem(store):
                table.restore(v)
                return v
        except Exception as e:  # noqa: BLE001 - an unreadable old version: try the next
            log.info("version %s unreadable: %s", v, e)
    table.checkout_latest()
    return None


def reconcile(store: ChunkStore, manifest: Manifest, apply: bool = True) -> tuple[list[str], int]:
    """Make table and file list agree (with `apply`); (problems found, files to re-index)."""
    states = manifest.all()
    ids = store.column("id")
    docs = store.column("doc_id")
    counts = Counter(docs)
    doubled = {d for (i, d), n in Counter(zip(ids, docs, strict=True)).items() if n > 1}
    listed = {s.doc_id for s in states.values() if s.state == "indexed"}
    bad: list[FileState] = []
    for s in states.values():
        if s.state == "indexed" and (counts.get(s.doc_id, 0) != s.chunks or s.doc_id in doubled):
            bad.append(s)
        elif s.state != "indexed" and s.doc_id in counts:
            bad.append(s)  # chunks of a file that was not (fully) indexed: a torn write
    orphans = [d for d in counts if d not in listed]
    problems = []
    if bad:
        missing = sum(max(0, s.chunks - counts.get(s.doc_id, 0)) for s in bad)
        problems.append(
            f"{len(bad)} file(s) do not match the index ({missing} passage(s) missing, "
            f"{len([s for s in bad if s.doc_id in doubled])} doubled)"
        )
    if orphans:
        problems.append(f"{len(orphans)} file(s) in the index are not in the file list")
    gone = {s.doc_id for s in bad} | set(orphans)
    if gone and apply:
        store.delete_docs(gone)
        manifest.remove([s.path for s in bad])
    return problems, len(bad)


def restore_meta(folder: Path, manifest: Manifest | None) -> tuple[LibraryMeta, str]:
    """meta.json back from its copy, or rebuilt; and how."""
    backup = folder / (META_FILE + ".bak")
    try:
        meta = LibraryMeta.load(folder, backup.name)
        meta.save(folder)
        return meta, "restored the library's description from its backup copy"
    except LibraryError:
        pass
    paths = list(manifest.all()) if manifest is not None else []
    meta = LibraryMeta(id=folder.name, name=f"Recovered {folder.name}",
                       sources=_common_folders(paths), created=time.time())
    meta.save(folder)
    return meta, f"rebuilt the library's description as {meta.name!r} (rename it as you like)"


def _common_folders(paths: list[str]) -> list[str]:
    """The fewest folders that hold every path (each file's folder, less those inside another)."""
    folders = sorted({os.path.dirname(p) for p in paths})
    out: list[str] = []
    for f in folders:
        if not any(f == o or f.startswith(o.rstrip(os.sep) + os.sep) for o in out):
            out.append(f)
    return out

"""Per-file state of one library (SQLite): what was indexed, from which content, and how it ended.

A row is written only after the file's chunks are committed to LanceDB, so after a crash
the manifest never claims chunks that are not there. Rows in state "writing" mark files
whose chunks may be partly in LanceDB; the indexer deletes those chunks before redoing them.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from engine.errors import StorageError
from engine.fsutil import disk_error, probe_write
from engine.i18n import _
from engine.library.meta import REPAIR
from engine.library.pathkey import from_store, to_store

STATES = ("indexed", "unsupported", "no_text", "failed", "pending")
# Final states: the file needs no more work until its content changes.
FINAL = {"indexed", "unsupported", "no_text", "failed"}


@dataclass
class FileState:
    path: str
    state: str  # indexed | unsupported | no_text | failed | pending
    reason: str = ""
    chunks: int = 0
    pages: int = 0
    size: int = 0
    mtime_ns: int = 0
    hash: str = ""
    doc_id: str = ""
    updated: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _open_error(e: sqlite3.Error, db_path: Path) -> StorageError:
    """Why the file list would not open. A full disk or an I/O error is not a damaged file,
    and SQLite says "unable to open" for all of them: a probe write finds which, if any."""
    known = disk_error(e, db_path)
    if known is not None:
        return known
    if (getattr(e, "sqlite_errorcode", 0) & 0xFF) in (11, 26):  # CORRUPT, NOTADB
        return StorageError(
            _("The library's file list {path} is unreadable.").format(path=db_path),
            _(REPAIR).format(command=f"`hearth library check {db_path.parent.name}`"),
            details=str(e),
        )
    return probe_write(db_path.parent) or StorageError(
        _("The library's file list {path} cannot be opened: {error}.").format(
            path=db_path, error=e),
        _("The folder can be written; try again, and check the disk if it happens again."),
    )


def _read_only(db_path: Path) -> sqlite3.Connection:
    # immutable=1: no -shm/-wal to create in a folder that cannot be written.
    return sqlite3.connect(f"file:{db_path}?mode=ro&immutable=1", uri=True,
                           check_same_thread=False, isolation_level=None)


def _state(row: tuple[Any, ...]) -> FileState:
    return FileState(from_store(row[0]), *row[1:])


_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    chunks INTEGER NOT NULL DEFAULT 0,
    pages INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL DEFAULT 0,
    mtime_ns INTEGER NOT NULL DEFAULT 0,
    hash TEXT NOT NULL DEFAULT '',
    updated REAL NOT NULL DEFAULT 0
);
"""
_COLUMNS = "path, state, reason, chunks, pages, size, mtime_ns, hash, doc_id, updated"


class Manifest:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        try:
            if db_path.exists() and not os.access(db_path.parent, os.W_OK):
                self._conn = _read_only(db_path)
            else:
                self._conn = sqlite3.connect(
                    str(db_path), check_same_thread=False, isolation_level=None
                )
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=FULL")
                self._conn.executescript(_SCHEMA)
        except sqlite3.Error as e:
            if db_path.exists() and ("readonly" in str(e) or "read-only" in str(e)):
                self._conn = _read_only(db_path)  # a read-only folder: reading still works
            else:
                raise _open_error(e, db_path) from e
        self._lock = threading.Lock()

    def all(self) -> dict[str, FileState]:
        rows = self._read(f"SELECT {_COLUMNS} FROM files ORDER BY path")
        states = (_state(r) for r in rows)
        return {s.path: s for s in states}

    def indexed_paths(self) -> list[str]:
        """The paths of the indexed files, without their states (every question reads them)."""
        return [from_store(r[0]) for r in self._read("SELECT path FROM files WHERE state='indexed'")]

    def summary(self) -> tuple[dict[str, int], int]:
        """(files per state, total chunks) without loading every row."""
        rows = self._read("SELECT state, COUNT(*), SUM(chunks) FROM files GROUP BY state")
        return {r[0]: r[1] for r in rows}, sum(r[2] or 0 for r in rows)

    def get(self, path: str) -> FileState | None:
        rows = self._read(f"SELECT {_COLUMNS} FROM files WHERE path=?", (to_store(path),))
        return _state(rows[0]) if rows else None

    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, args).fetchall()
            except sqlite3.Error as e:
                raise StorageError(
                    _("The library's file list {path} is damaged.").format(path=self.path),
                    _("Repair it with {command}; only the files it loses are indexed "
                      "again.").format(command=f"`hearth library check {self.path.parent.name}`"),
                    details=str(e),
                ) from e

    def put_many(self, states: Iterable[FileState]) -> None:
        """Insert or replace rows in one transaction."""
        now = time.time()
        rows = [
            (
                to_store(s.path),
                s.state,
                s.reason,
                s.chunks,
                s.pages,
                s.size,
                s.mtime_ns,
                s.hash,
                s.doc_id,
                now,
            )
            for s in states
        ]
        if not rows:
            return
        with self._lock:
            try:
                self._conn.execute("BEGIN")
                self._conn.executemany(
                    f"INSERT OR REPLACE INTO files ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)", rows
                )
                self._conn.execute("COMMIT")
            except sqlite3.Error as e:
                try:
                    self._conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite rolled back itself (a full disk does that)
                raise disk_error(e, self.path) or StorageError(
                    _("Could not save the library's file list."), details=str(e)
                ) from e

    def remove(self, paths: Iterable[str]) -> None:
        with self._lock:
            try:
                self._conn.execute("BEGIN")
                self._conn.executemany(
                    "DELETE FROM files WHERE path=?", [(to_store(p),) for p in paths]
                )
                self._conn.execute("COMMIT")
            except sqlite3.Error as e:
                try:
                    self._conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                raise disk_error(e, self.path) or StorageError(
                    _("Could not update the library's file list."), details=str(e)
                ) from e

    def clear(self) -> None:
        with self._lock:
            try:
                self._conn.execute("DELETE FROM files")
            except sqlite3.Error as e:
                raise disk_error(e, self.path) or StorageError(
                    _("Could not clear the library's file list."), details=str(e)
                ) from e

    def close(self) -> None:
        with self._lock:
            self._conn.close()

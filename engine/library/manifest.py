"""Per-file state of one library (SQLite): what was indexed, from which content, and how it ended.

A row is written only after the file's chunks are committed to LanceDB, so after a crash
the manifest never claims chunks that are not there. Rows in state "writing" mark files
whose chunks may be partly in LanceDB; the indexer deletes those chunks before redoing them.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from engine.errors import StorageError

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
        try:
            self._conn = sqlite3.connect(
                str(db_path), check_same_thread=False, isolation_level=None
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.executescript(_SCHEMA)
        except sqlite3.Error as e:
            raise StorageError(
                f"The library's file list {db_path} is unreadable.", details=str(e)
            ) from e
        self._lock = threading.Lock()

    def all(self) -> dict[str, FileState]:
        with self._lock:
            rows = self._conn.execute(f"SELECT {_COLUMNS} FROM files ORDER BY path").fetchall()
        return {r[0]: FileState(*r) for r in rows}

    def summary(self) -> tuple[dict[str, int], int]:
        """(files per state, total chunks) without loading every row."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT state, COUNT(*), SUM(chunks) FROM files GROUP BY state"
            ).fetchall()
        return {r[0]: r[1] for r in rows}, sum(r[2] or 0 for r in rows)

    def get(self, path: str) -> FileState | None:
        with self._lock:
            r = self._conn.execute(f"SELECT {_COLUMNS} FROM files WHERE path=?", (path,)).fetchone()
        return FileState(*r) if r else None

    def put_many(self, states: Iterable[FileState]) -> None:
        """Insert or replace rows in one transaction."""
        now = time.time()
        rows = [
            (
                s.path,
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
                self._conn.execute("ROLLBACK")
                raise StorageError("Could not save the library's file list.", details=str(e)) from e

    def remove(self, paths: Iterable[str]) -> None:
        with self._lock:
            self._conn.execute("BEGIN")
            self._conn.executemany("DELETE FROM files WHERE path=?", [(p,) for p in paths])
            self._conn.execute("COMMIT")

    def clear(self) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM files")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

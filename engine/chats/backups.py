"""Rolling backups of the chat database: at most one a day, the last seven kept.

Each is taken with SQLite's online backup API, from a connection of its own, in one step:
a consistent copy while chatting goes on (in WAL mode a reader never blocks the writer,
and a one-step copy is never restarted by a write the way a stepwise one is). It runs on a
thread of its own, so neither opening the chats nor a streaming reply waits for it; a
failure is logged and retried an hour later, never raised to the chat. A damaged database
is not backed up, so that bad copies never rotate the last good ones out.
"""

from __future__ import annotations

import builtins
import logging
import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engine.chats import dbfile
from engine.chats.dberrors import damaged

log = logging.getLogger(__name__)

KEEP = 7
EVERY_S = 24 * 3600
RETRY_S = 3600


@dataclass
class BackupInfo:
    path: Path
    taken: float  # when (its file's mtime)
    size: int
    chats: int | None  # None: unreadable
    messages: int | None


class Backups:
    """The backups/ folder next to the database: backups/chats-YYYYmmdd-HHMMSS.sqlite3."""

    def __init__(self, db_path: Path, keep: int = KEEP, every_s: float = EVERY_S) -> None:
        self.db_path = Path(db_path)
        self.folder = self.db_path.parent / "backups"
        self.keep = keep
        self.every_s = every_s
        stem, suffix = re.escape(self.db_path.stem), re.escape(self.db_path.suffix)
        self._name = re.compile(rf"{stem}-\d{{8}}-\d{{6}}(-[a-z0-9-]+)?{suffix}")
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._due_at: float | None = None  # None: not known yet (look at the folder)

    def list(self) -> list[Path]:
        """Newest first."""
        try:
            found = [p for p in self.folder.iterdir() if self._name.fullmatch(p.name)]
        except OSError:
            return []
        return sorted(found, key=_mtime, reverse=True)

    def describe(self) -> builtins.list[BackupInfo]:
        out = []
        for p in self.list():
            chats = messages = None
            try:
                db = dbfile.open_read_only(p)
                try:
                    chats = db.execute("SELECT count(*) FROM chats").fetchone()[0]
                    messages = db.execute("SELECT count(*) FROM messages").fetchone()[0]
                finally:
                    db.close()
            except sqlite3.DatabaseError as e:
                log.info("backup %s is unreadable: %s", p, e)
            out.append(BackupInfo(p, _mtime(p), _size(p), chats, messages))
        return out

    # taking them ------------------------------------------------------------------------
    def due(self) -> bool:
        """Whether a day has passed since the newest backup (cheap: the folder is read once)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return False
            if self._due_at is None:
                newest = self.list()[:1]
                self._due_at = _mtime(newest[0]) + self.every_s if newest else 0.0
            return time.time() >= self._due_at

    def start(self) -> None:
        """Take a backup on a thread of its own."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._due_at = time.time() + self.every_s
            self._thread = threading.Thread(target=self._run, name="chat-backup", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        """Until a backup under way is written (close() calls this)."""
        thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        try:
            self.take()
        except Exception as e:  # noqa: BLE001 - whatever fails here must never reach the chat
            log.warning("Could not back up the chats into %s (trying again in an hour): %s",
                        self.folder, e)
            with self._lock:
                self._due_at = time.time() + RETRY_S

    def take(self, label: str = "") -> Path:
        """A backup now, on this thread; returns its path. Raises on failure."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for n in range(1, 100):  # two in one second (a restore right after a backup)
            tail = "-".join(x for x in (label, str(n) if n > 1 else "") if x)
            name = f"{self.db_path.stem}-{stamp}{'-' + tail if tail else ''}{self.db_path.suffix}"
            target = self.folder / name
            if not target.exists():
                break
        tmp = self.folder / f".{name}.tmp"
        src = dbfile.connect(self.db_path)
        try:
            found = dbfile.problems(src)
            if found:
                raise damaged(self.db_path, found[0])
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)  # one step: a consistent snapshot
                # The copy says WAL, as its source does; make it one self-contained file.
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
            os.replace(tmp, target)
        except BaseException:
            remove_database(tmp)  # our own half-written temp file
            raise
        finally:
            src.close()
        self.prune()
        return target

    def prune(self) -> None:
        for tmp in self.folder.glob(f".{self.db_path.stem}-*.tmp"):
            if time.time() - _mtime(tmp) > RETRY_S:  # left by a process that died mid-backup
                remove_database(tmp)
        for old in self.list()[self.keep:]:
            try:
                old.unlink()
            except OSError as e:
                log.warning("Could not remove the old backup %s: %s", old, e)


def remove_database(path: Path) -> None:
    """Remove a database file Hearth made itself (a temp file), with its -wal/-shm/-journal."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(str(path) + suffix).unlink()
        except FileNotFoundError:
            continue
        except OSError as e:
            log.warning("Could not remove %s%s: %s", path, suffix, e)


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0

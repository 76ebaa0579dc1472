"""The chat database's failures as HearthErrors: a full disk, a read-only folder, damage.

sqlite3 reports them all as OperationalError or DatabaseError; what tells them apart is
the SQLite result code (Python 3.11+ `sqlite_errorcode`).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from engine.errors import NotEnoughSpace, ReadOnlyFolder, StorageError
from engine.fsutil import probe_write
from engine.i18n import _, decimal

# SQLite primary result codes (https://sqlite.org/rescode.html)
PERM, BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = 3, 5, 6, 8, 10, 11, 13, 14, 26


class ReadOnlyData(StorageError):
    """The data folder (or the chat database in it) cannot be written: reading still works."""


class DamagedDatabase(StorageError):
    """The chat database file is damaged and could not be recovered (yet)."""


def code(e: sqlite3.Error) -> int:
    return (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF


def is_damage(e: sqlite3.Error) -> bool:
    return code(e) in (CORRUPT, NOTADB)


def free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def disk_full(folder: Path) -> NotEnoughSpace:
    free = free_bytes(folder)
    amount = (_("{mb} MB free").format(mb=decimal(free / 1_000_000)) if free is not None
              else _("no space left"))
    return NotEnoughSpace(
        _("The disk is full: {amount} where Hearth keeps its chats ({folder}).").format(
            amount=amount, folder=folder),
        _("Free some disk space, then go on: everything saved so far is kept, "
          "a reply as far as it got."),
    )


def read_only(folder: Path) -> ReadOnlyData:
    return ReadOnlyData(
        _("The data folder is read-only ({folder}): chats can be read and exported, not "
          "changed.").format(folder=folder),
        _("Make the folder writable, or set HEARTH_HOME to a writable one, and open Hearth "
          "again."),
    )


def damaged(path: Path, e: sqlite3.Error | str) -> DamagedDatabase:
    return DamagedDatabase(
        _("The chat database {path} is damaged ({error}).").format(path=path, error=e),
        _("Open Hearth again: it then sets the damaged file aside, keeps it, and recovers every "
          "chat that can still be read (or see `hearth chats backups`)."),
    )


def busy() -> StorageError:
    return StorageError(_("The chat database is busy: another program is holding it."),
                        _("Try again in a moment."))


def _disk_cause(e: sqlite3.Error, folder: Path) -> StorageError | None:
    """A full disk or a read-only folder behind SQLite's error. SQLite reports a disk
    that refuses new data (also under a read, when it extends its -shm file) as a plain
    I/O error, so an I/O error is checked with a probe write."""
    c = code(e)
    free = free_bytes(folder)
    if c == FULL or (c == IOERR and free is not None and free < 1_000_000):
        return disk_full(folder)
    if c == IOERR:
        probe = probe_write(folder)
        if isinstance(probe, NotEnoughSpace):
            return disk_full(folder)
        if isinstance(probe, ReadOnlyFolder):
            return read_only(folder)
    if c in (READONLY, PERM):
        return read_only(folder)
    return None


def write_error(e: sqlite3.Error, path: Path) -> StorageError:
    """What a failed write means to the user."""
    c = code(e)
    cause = _disk_cause(e, path.parent)
    if cause is not None:
        return cause
    if c in (CORRUPT, NOTADB):
        return damaged(path, e)
    if c in (BUSY, LOCKED):
        return busy()
    return StorageError(_("Could not save to the chat database: {error}.").format(error=e),
                        _("Check free disk space and try again."))


def read_error(e: sqlite3.Error, path: Path) -> StorageError:
    c = code(e)
    if c in (CORRUPT, NOTADB):
        return damaged(path, e)
    if c in (BUSY, LOCKED):
        return busy()
    cause = _disk_cause(e, path.parent)
    if cause is not None:
        return cause
    return StorageError(_("Could not read the chat database: {error}.").format(error=e),
                        _("Check the disk (it may be failing or disconnected), then try again."))

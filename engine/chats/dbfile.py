"""Opening chat database files: lenient text, read-only URIs, and telling damage apart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engine.chats.dberrors import CANTOPEN, code
from engine.chats.records import decode_text

# quick_check also reports rows that break NOT NULL or CHECK. Those are damaged records,
# which the store reads leniently (engine.chats.records); only the rest is a damaged file.
_ROW_LEVEL = ("NULL value in ", "CHECK constraint failed")


def connect(target: Path | str, uri: bool = False) -> sqlite3.Connection:
    db = sqlite3.connect(target, uri=uri, check_same_thread=False, isolation_level=None,
                         timeout=5)
    db.row_factory = sqlite3.Row
    db.text_factory = decode_text
    return db


def read_only_uri(path: Path, immutable: bool = False) -> str:
    return path.absolute().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def open_read_only(path: Path, damaged: bool = False) -> sqlite3.Connection:
    """`path` opened for reading only, writing nothing next to it.

    A WAL database needs its -shm file to be read; in a read-only folder that file may be
    missing and impossible to create (SQLITE_CANTOPEN). Then the file is opened as
    immutable, which reads the main file alone: all of it after a clean shutdown (closing
    the last connection moves the WAL into it), the last commits missing after a crash.

    `damaged`: for salvage. A file shorter than its header says is refused as a whole
    unless the schema is "writable"; then the pages that are there can be read. And cells
    are size-checked, so that a damaged one fails instead of being misread.
    """
    try:
        return _open(path, False, damaged)
    except sqlite3.DatabaseError as e:
        if code(e) != CANTOPEN:
            raise
    return _open(path, True, damaged)


def _open(path: Path, immutable: bool, damaged: bool) -> sqlite3.Connection:
    db = connect(read_only_uri(path, immutable), uri=True)
    try:
        if damaged:
            db.execute("PRAGMA writable_schema = ON")
            db.execute("PRAGMA cell_size_check = ON")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens it: fails here
    except BaseException:
        db.close()
        raise
    return db


def problems(db: sqlite3.Connection) -> list[str]:
    """What PRAGMA quick_check finds wrong with the file itself (empty: it is sound).

    Raises sqlite3.DatabaseError when the file cannot even be checked (not a database).
    quick_check reads every page, as integrity_check does, but skips the costly index
    cross-checks: about 0.4 s for a 200 MB database, a few ms for a usual one.
    """
    rows = [str(r[0]) for r in db.execute("PRAGMA quick_check").fetchall()]
    return [r for r in rows if r != "ok" and not r.startswith(_ROW_LEVEL)]

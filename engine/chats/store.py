"""Chats and messages in SQLite (WAL): survives restarts and a kill -9 mid-reply.

A reply is written as an assistant message in state "streaming" before generation starts,
its partial text is flushed about once a second, and it is finalised with its stats. A
process killed mid-reply leaves that row "streaming"; the next open marks it "interrupted"
and keeps the partial text. WAL with synchronous=NORMAL never corrupts the file on a crash
(a power cut may lose the last second), and keeps commits cheap on the reply's hot path.

Nothing is lost when the file or the disk misbehaves:
- a damaged row is read as far as it can be (engine.chats.records);
- a damaged file (PRAGMA quick_check on every open) is set aside and kept, and every row
  that can still be read goes into a new one (engine.chats.salvage), or the newest sound
  backup when nothing can be read;
- a backup is taken once a day, the last seven kept (engine.chats.backups);
- a read-only data folder (or one on a full disk) still opens, for reading; writes then
  say why they cannot be saved (engine.chats.dberrors).
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.backends.base import ReplyStats, Sampling
from engine.chats import dberrors, dbfile
from engine.chats.backups import BackupInfo, Backups
from engine.chats.dberrors import DamagedDatabase
from engine.chats.records import (
    STATES,
    Chat,
    Message,
    chat_from_row,
    message_from_row,
    stored_versions,
    version_time,
)
from engine.chats.salvage import Recovery, salvage_file
from engine.errors import NoPermission, NotEnoughSpace, NotFound, ReadOnlyFolder, StorageError
from engine.fsutil import json_text, probe_write
from engine.i18n import _
from engine.textnorm import fts_terms, fts_text

__all__ = ["SCHEMA_VERSION", "STATES", "Chat", "ChatStore", "Message", "Recovery", "iso"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3

# AUTOINCREMENT: ids of deleted chats/messages are never handed out again (the GUI holds ids).
# writer_pid: the process streaming a reply, so that opening the database elsewhere (the CLI
# while the GUI streams) only marks replies of dead processes as interrupted.
_SCHEMA = """
CREATE TABLE chats (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    updated REAL NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    system_prompt TEXT NOT NULL DEFAULT '',
    sampling TEXT NOT NULL DEFAULT '{}',
    few_shot TEXT NOT NULL DEFAULT '[]',
    chain_of_thought INTEGER NOT NULL DEFAULT 0,
    libraries TEXT NOT NULL DEFAULT '[]',
    n_ctx INTEGER
);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    sampling TEXT,
    stats TEXT,
    state TEXT NOT NULL DEFAULT 'complete'
        CHECK (state IN ('complete', 'streaming', 'interrupted', 'error')),
    sources TEXT NOT NULL DEFAULT '[]',
    writer_pid INTEGER,
    versions TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX messages_by_chat ON messages(chat_id, id);
CREATE INDEX chats_by_updated ON chats(updated);
"""

# Chat search: an FTS5 index over each message's text as engine.textnorm writes it (NFKC,
# case-folded words, CJK runs as bigrams), so it finds Chinese and Polish as well as English
# and never scans every message. rowid = messages.id; kept in step by the store's writes.
_SEARCH_SCHEMA = (
    "CREATE VIRTUAL TABLE message_search USING fts5(body, tokenize='unicode61 remove_diacritics 0')"
)
# Schema 1 -> 2: "citations" held the sources given to the model (not those it cited).
_MIGRATE_2 = "ALTER TABLE messages RENAME COLUMN citations TO sources"
# Schema 2 -> 3: a regenerated reply keeps the replies it replaced (see `replace_reply`).
_MIGRATE_3 = "ALTER TABLE messages ADD COLUMN versions TEXT NOT NULL DEFAULT '[]'"
# What a version holds: the reply's own fields, swapped in and out of the row as a whole.
_VERSION_FIELDS = ("content", "created", "model", "stats", "state", "sources", "sampling")

_CHAT_FIELDS = {
    "title", "model", "system_prompt", "sampling", "few_shot", "chain_of_thought",
    "libraries", "n_ctx",
}


class _Damaged(Exception):
    """quick_check found the file damaged (raised and handled inside ChatStore)."""


def _create_schema(db: sqlite3.Connection) -> None:
    for stmt in _SCHEMA.split(";"):
        if stmt.strip():
            db.execute(stmt)
    db.execute(_SEARCH_SCHEMA)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _newer(version: int) -> StorageError:
    return StorageError(
        _("The chat database was written by a newer Hearth (schema {version}).").format(
            version=version),
        _("Update Hearth to open these chats."))


def _no_chat(chat_id: int) -> NotFound:
    return NotFound(_("No chat with id {id}.").format(id=chat_id),
                    _("See `hearth chats list`."))


def _no_message(message_id: int) -> NotFound:
    return NotFound(_("No message with id {id}.").format(id=message_id))


def _str(v: Any) -> str:
    return v if isinstance(v, str) else ""


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def as_sampling(v: Sampling | dict[str, Any] | None) -> Sampling:
    return v if isinstance(v, Sampling) else Sampling.from_dict(v)


def _dumps(obj: Any) -> str:
    return json_text(obj)  # a cited file's undecodable name stays lossless, valid UTF-8


class ChatStore:
    """All chats in one SQLite file. Thread-safe (one connection behind a lock).

    `recovery` says what opening a damaged file did (None: it was sound); `read_only` is
    the error every write raises when the data folder cannot be written (None: it can).
    """

    def __init__(self, db_path: Path | str) -> None:
        self.path = Path(db_path)
        self._lock = threading.RLock()
        self.read_only: StorageError | None = None
        self.recovery: Recovery | None = None
        self.backups = Backups(self.path)
        self._open = False
        self._db = self._connect()
        self._open = True
        self._maybe_backup()

    # opening ----------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        refused = self._unwritable()
        if refused is None:
            try:
                return self._connect_writable()
            except _Damaged as e:
                problem = str(e)
            except DamagedDatabase as e:  # found by a read or write while opening
                problem = e.message
            except sqlite3.DatabaseError as e:
                problem = str(e)
                if not dberrors.is_damage(e):
                    refused = self._refusal(e)
            if refused is None:
                self._salvage(problem)
                try:  # the new file opens like any other
                    return self._connect_writable()
                except (sqlite3.DatabaseError, _Damaged) as e:
                    raise dberrors.damaged(self.path, str(e)) from e
        self.read_only = refused
        log.info("opening %s read-only: %s", self.path, refused.message)
        return self._connect_read_only()

    def _refusal(self, e: sqlite3.DatabaseError) -> StorageError:
        """Why a file that is not damaged cannot be opened for writing, if it can still be
        read; else raises."""
        if dberrors.code(e) in (dberrors.READONLY, dberrors.PERM, dberrors.CANTOPEN):
            # SQLite says "unable to open" for a read-only folder, a full disk and a failing
            # one alike: find out which by writing a byte there ourselves.
            cause = probe_write(self.path.parent)
            if cause is None:
                raise StorageError(
                    _("The chat database {path} cannot be opened: {error}.").format(
                        path=self.path, error=e),
                    _("The folder can be written; try again, and check the disk if it happens "
                      "again.")) from e
            if isinstance(cause, NotEnoughSpace):
                return dberrors.disk_full(self.path.parent)  # reading still works
            if isinstance(cause, ReadOnlyFolder | NoPermission):
                return dberrors.read_only(self.path.parent)
            raise cause from e  # the device failed
        if dberrors.code(e) == dberrors.FULL:
            return dberrors.disk_full(self.path.parent)
        cause = probe_write(self.path.parent)  # an I/O error: a full disk, or a failing one?
        if isinstance(cause, NotEnoughSpace):
            return dberrors.disk_full(self.path.parent)
        raise cause or StorageError(
            _("The chat database {path} cannot be opened: {error}.").format(
                path=self.path, error=e),
            _("Check the file and its folder, then try again.")) from e

    def _unwritable(self) -> StorageError | None:
        """Why the database cannot be written here, before trying (None: it can)."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            if e.errno == errno.ENOSPC:
                return dberrors.disk_full(folder)
            if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                return dberrors.read_only(folder)
            raise StorageError(_("Hearth cannot create {folder}: {error}.").format(
                folder=folder, error=e.strerror or e)) from e
        # -wal and -shm files are made next to the database: the folder must be writable.
        if not os.access(folder, os.W_OK) or (self.path.exists() and not os.access(self.path, os.W_OK)):
            return dberrors.read_only(folder)
        return None

    def _connect_writable(self) -> sqlite3.Connection:
        self._db = db = dbfile.connect(self.path)
        try:
            db.create_function("fold", 1, _fold, deterministic=True)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            found = dbfile.problems(db)
            if found:
                raise _Damaged("; ".join(found[:2]))
            self._migrate()
            self._recover()
        except BaseException:
            db.close()
            raise
        return db

    def _connect_read_only(self) -> sqlite3.Connection:
        if not self.path.exists():  # nothing saved yet, and nothing can be: an empty store
            self._db = db = dbfile.connect(":memory:")
            _create_schema(db)
        else:
            try:
                self._db = db = dbfile.open_read_only(self.path)
                version = db.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.DatabaseError as e:
                raise dberrors.read_error(e, self.path) from e
            if version > SCHEMA_VERSION:
                db.close()
                raise _newer(version)
        db.create_function("fold", 1, _fold, deterministic=True)
        return db

    def _salvage(self, problem: str) -> None:
        log.info("salvaging %s (%s)", self.path, problem)
        self.recovery = salvage_file(self.path, problem, self.backups, _create_schema, fts_text)
        log.info("%s", self.recovery.message)

    # schema -----------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise _newer(version)
        if version == 0:
            with self._tx() as db:
                _create_schema(db)
            return
        if version < 2:
            with self._tx() as db:
                db.execute(_MIGRATE_2)
                db.execute(_SEARCH_SCHEMA)
                rows = db.execute("SELECT id, content FROM messages").fetchall()
                db.executemany("INSERT INTO message_search (rowid, body) VALUES (?, ?)",
                               [(r["id"], fts_text(_str(r["content"]))) for r in rows])
                db.execute("PRAGMA user_version = 2")
        if version < 3:
            with self._tx() as db:
                db.execute(_MIGRATE_3)
                db.execute("PRAGMA user_version = 3")

    def _recover(self) -> None:
        """Replies that were streaming when their process died are interrupted."""
        rows = self._rows("SELECT id, writer_pid FROM messages WHERE state = 'streaming'")
        dead = [r["id"] for r in rows if not _alive(r["writer_pid"])]
        if not dead:
            return
        try:
            with self._tx() as db:
                db.executemany("UPDATE messages SET state = 'interrupted' WHERE id = ?",
                               [(i,) for i in dead])
        except DamagedDatabase:
            raise
        except StorageError as e:  # a full disk: they stay "streaming" until the next open
            log.warning("could not mark interrupted replies: %s", e.message)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self.read_only is not None:
                raise type(self.read_only)(self.read_only.message, self.read_only.hint)
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                    db.execute("COMMIT")
                except BaseException:
                    # A full disk can make SQLite roll back by itself: then there is nothing
                    # to roll back, and trying would bury the real error under another.
                    if db.in_transaction:
                        try:
                            db.execute("ROLLBACK")
                        except sqlite3.Error as e:
                            log.debug("rollback failed: %s", e)
                    raise
            except sqlite3.DatabaseError as e:
                raise dberrors.write_error(e, self.path) from e
        self._maybe_backup()

    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.DatabaseError as e:
                raise dberrors.read_error(e, self.path) from e

    # backups ----------------------------------------------------------------------------
    def _maybe_backup(self) -> None:
        """Start the daily backup if it is due (cheap: called after every write)."""
        if not self._open or self.read_only is not None or not self.backups.due():
            return
        try:
            if not self._rows("SELECT 1 FROM chats LIMIT 1"):
                return  # nothing to keep yet
        except StorageError as e:  # the write before went through: never fail it for this
            log.info("no backup now: %s", e.message)
            return
        self.backups.start()

    def list_backups(self) -> list[BackupInfo]:
        return self.backups.describe()

    def restore(self, backup: Path) -> Path:
        """Replace every chat with those in `backup`; returns where the chats it replaced
        were backed up first. The file stays in place (through SQLite's backup API), so
        another Hearth process that has it open sees the restored chats."""
        if self.read_only is not None:
            raise type(self.read_only)(self.read_only.message, self.read_only.hint)
        try:
            src = dbfile.open_read_only(Path(backup))
        except sqlite3.DatabaseError as e:
            raise StorageError(_("{backup} cannot be read as a chat database: {error}.").format(
                backup=backup, error=e)) from e
        try:
            try:
                found = dbfile.problems(src)
                version = src.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.DatabaseError as e:
                found, version = [str(e)], 0
            if found:
                raise DamagedDatabase(
                    _("{backup} is damaged ({problem}).").format(backup=backup, problem=found[0]),
                    _("Choose another backup: see `hearth chats backups`."))
            if version > SCHEMA_VERSION:
                raise _newer(version)
            with self._lock:
                self.backups.wait()
                try:
                    saved = self.backups.take("before-restore")
                    src.backup(self._db)
                except sqlite3.DatabaseError as e:
                    raise dberrors.write_error(e, self.path) from e
                except OSError as e:
                    raise StorageError(
                        _("Could not back up the chats in use first: {error}.").format(error=e),
                        _("Nothing was changed.")) from e
                self._migrate()
                self._recover()
        finally:
            src.close()
        return saved

    # chats ------------------------------------------------------------------------------
    def create_chat(
        self,
        title: str = "",
        model: str = "",
        system_prompt: str = "",
        sampling: Sampling | dict[str, Any] | None = None,
        few_shot: list[list[str]] | None = None,
        chain_of_thought: bool = False,
        libraries: list[str] | None = None,
        n_ctx: int | None = None,
    ) -> Chat:
        now = time.time()
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO chats (title, created, updated, model, system_prompt, sampling,"
                " few_shot, chain_of_thought, libraries, n_ctx) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (title, now, now, model, system_prompt,
                 _dumps(as_sampling(sampling).to_dict()), _dumps(few_shot or []),
                 int(chain_of_thought), _dumps(libraries or []), n_ctx),
            )
            chat_id = int(cur.lastrowid or 0)
        return self.get_chat(chat_id)

    def get_chat(self, chat_id: int) -> Chat:
        rows = self._rows("SELECT * FROM chats WHERE id = ?", (int(chat_id),))
        if not rows:
            raise _no_chat(chat_id)
        return self._chat(rows[0])

    def list_chats(self, search: str | None = None) -> list[Chat]:
        """Newest first; `search` matches titles and message text, any script, any case.

        Messages are searched through the FTS5 index (each word a prefix, all must occur),
        titles by a case-folded substring (a few hundred short rows).
        """
        query = _match_query(search or "")
        if search and not query:
            return []
        if query:
            rows = self._rows(
                # As bytes: a title that is not UTF-8 would fail the whole query as text.
                "SELECT * FROM chats WHERE instr(fold(CAST(title AS BLOB)), fold(?)) > 0 OR id IN"
                " (SELECT chat_id FROM messages WHERE id IN"
                "  (SELECT rowid FROM message_search WHERE message_search MATCH ?))"
                " ORDER BY updated DESC, id DESC",
                (search, query),
            )
        else:
            rows = self._rows("SELECT * FROM chats ORDER BY updated DESC, id DESC")
        return [self._chat(r) for r in rows]

    def update_chat(self, chat_id: int, **fields: Any) -> Chat:
        unknown = set(fields) - _CHAT_FIELDS
        if unknown:
            raise ValueError(f"unknown chat fields: {sorted(unknown)}")
        if not fields:
            return self.get_chat(chat_id)
        values: dict[str, Any] = {}
        for k, v in fields.items():
            if k == "sampling":
                v = _dumps(as_sampling(v).to_dict())
            elif k in ("few_shot", "libraries"):
                v = _dumps(list(v or []))
            elif k == "chain_of_thought":
                v = int(bool(v))
            values[k] = v
        values["updated"] = time.time()
        sets = ", ".join(f"{k} = ?" for k in values)
        with self._tx() as db:
            cur = db.execute(f"UPDATE chats SET {sets} WHERE id = ?", (*values.values(), int(chat_id)))
            if cur.rowcount == 0:
                raise _no_chat(chat_id)
        return self.get_chat(chat_id)

    def rename(self, chat_id: int, title: str) -> Chat:
        return self.update_chat(chat_id, title=title.strip())

    def delete(self, chat_id: int) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM message_search WHERE rowid IN"
                       " (SELECT id FROM messages WHERE chat_id = ?)", (int(chat_id),))
            if db.execute("DELETE FROM chats WHERE id = ?", (int(chat_id),)).rowcount == 0:
                raise _no_chat(chat_id)

    def name_if_untitled(self, chat_id: int, title: str) -> None:
        """Give an untitled chat its first title; one named meanwhile (by another window or
        process) keeps its name."""
        with self._tx() as db:
            db.execute("UPDATE chats SET title = ?, updated = ? WHERE id = ? AND title = ''",
                       (title.strip(), time.time(), int(chat_id)))

    def retitle(self, chat_id: int, old: str, new: str) -> None:
        """Change a title that is still `old` (the one made from the first message); a
        chat the user renamed keeps its name."""
        with self._tx() as db:
            db.execute("UPDATE chats SET title = ?, updated = ? WHERE id = ? AND title = ?",
                       (new.strip(), time.time(), int(chat_id), old.strip()))

    _chat = staticmethod(chat_from_row)

    # messages ---------------------------------------------------------------------------
    def messages(self, chat_id: int) -> list[Message]:
        return [self._message(r) for r in
                self._rows("SELECT * FROM messages WHERE chat_id = ? ORDER BY id", (int(chat_id),))]

    def get_message(self, message_id: int) -> Message:
        rows = self._rows("SELECT * FROM messages WHERE id = ?", (int(message_id),))
        if not rows:
            raise _no_message(message_id)
        return self._message(rows[0])

    def add_message(
        self,
        chat_id: int,
        role: str,
        content: str,
        model: str = "",
        state: str = "complete",
        stats: ReplyStats | None = None,
        sampling: Sampling | None = None,
        sources: list[dict[str, Any]] | None = None,
    ) -> int:
        with self._tx() as db:
            return self._insert(db, chat_id, role, content, model, state, stats, sampling, sources)

    def add_exchange(
        self, chat_id: int, user_text: str | None, model: str, sampling: Sampling,
        sources: list[dict[str, Any]] | None = None,
    ) -> tuple[int | None, int]:
        """In one transaction: the user's message (if any) and an empty streaming reply."""
        with self._tx() as db:
            user_id = None
            if user_text is not None:
                user_id = self._insert(db, chat_id, "user", user_text, "", "complete", None, None, None)
            reply_id = self._insert(db, chat_id, "assistant", "", model, "streaming", None,
                                    sampling, sources)
            return user_id, reply_id

    def replace_reply(
        self, chat_id: int, after: int, through: int, model: str, sampling: Sampling,
        sources: list[dict[str, Any]] | None = None,
    ) -> int:
        """Regenerate's write, in one transaction: the replies after message `after` up to
        `through` make way for an empty streaming reply that keeps them as its earlier
        versions (their own earlier versions too, oldest first); returns the new reply's id."""
        args = (int(chat_id), int(after), int(through))
        with self._tx() as db:
            old = db.execute("SELECT * FROM messages WHERE chat_id = ? AND id > ? AND id <= ?"
                             " ORDER BY id", args).fetchall()
            versions: list[dict[str, Any]] = []
            for row in old:
                if row["role"] == "assistant" and row["state"] != "streaming":
                    versions += _versions(row) + [_version(row)]
            versions.sort(key=version_time)
            _delete_range(db, "chat_id = ? AND id > ? AND id <= ?", args)
            return self._insert(db, chat_id, "assistant", "", model, "streaming", None,
                                sampling, sources, versions)

    def show_version(self, message_id: int, index: int) -> Message:
        """Show the reply's earlier version number `index` (0-based, oldest first, among all
        its versions); the one shown until now becomes a version. Returns the message."""
        with self._tx() as db:
            rows = db.execute("SELECT * FROM messages WHERE id = ?", (int(message_id),)).fetchall()
            if not rows:
                raise _no_message(message_id)
            row = rows[0]
            if row["state"] == "streaming":
                raise ValueError("a reply being written has no other version to show yet")
            every = sorted(_versions(row) + [_version(row)], key=version_time)
            if not 0 <= index < len(every):
                raise NotFound(_("Message {id} has no version {n}.").format(
                    id=message_id, n=index + 1))
            chosen = every.pop(index)
            db.execute(
                "UPDATE messages SET " + ", ".join(f"{k} = ?" for k in _VERSION_FIELDS)
                + ", versions = ? WHERE id = ?",
                (*(chosen.get(k) for k in _VERSION_FIELDS), _dumps(every), int(message_id)),
            )
            _reindex(db, message_id, str(chosen.get("content") or ""))
        return self.get_message(message_id)

    def _insert(
        self, db: sqlite3.Connection, chat_id: int, role: str, content: str, model: str,
        state: str, stats: ReplyStats | None, sampling: Sampling | None,
        sources: list[dict[str, Any]] | None, versions: list[dict[str, Any]] | None = None,
    ) -> int:
        now = time.time()
        try:
            cur = db.execute(
                "INSERT INTO messages (chat_id, role, content, created, model, sampling, stats,"
                " state, sources, writer_pid, versions) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (int(chat_id), role, content, now, model,
                 _dumps(sampling.to_dict()) if sampling else None,
                 _dumps(stats.to_dict()) if stats else None, state, _dumps(sources or []),
                 os.getpid() if state == "streaming" else None, _dumps(versions or [])),
            )
        except sqlite3.IntegrityError as e:
            raise _no_chat(chat_id) from e
        message_id = int(cur.lastrowid or 0)
        db.execute("UPDATE chats SET updated = ? WHERE id = ?", (now, int(chat_id)))
        db.execute("INSERT INTO message_search (rowid, body) VALUES (?, ?)",
                   (message_id, fts_text(content)))
        return message_id

    def save_partial(self, message_id: int, content: str) -> None:
        """The text so far of a streaming reply (cheap: one row, no fsync)."""
        with self._tx() as db:
            db.execute("UPDATE messages SET content = ? WHERE id = ?", (content, int(message_id)))
            _reindex(db, message_id, content)

    def finish_message(
        self, message_id: int, content: str, state: str, stats: ReplyStats | None = None,
        sources: list[dict[str, Any]] | None = None,
    ) -> None:
        if state not in STATES:
            raise ValueError(f"bad message state {state!r}")
        with self._tx() as db:
            db.execute(
                "UPDATE messages SET content = ?, state = ?, stats = ?,"
                " sources = COALESCE(?, sources) WHERE id = ?",
                (content, state, _dumps(stats.to_dict()) if stats else None,
                 _dumps(sources) if sources is not None else None, int(message_id)),
            )
            _reindex(db, message_id, content)

    def edit_message(self, message_id: int, content: str) -> None:
        with self._tx() as db:
            if db.execute("UPDATE messages SET content = ? WHERE id = ?",
                          (content, int(message_id))).rowcount == 0:
                raise _no_message(message_id)
            _reindex(db, message_id, content)

    def delete_messages_after(
        self, chat_id: int, message_id: int, inclusive: bool = False, through: int | None = None
    ) -> int:
        """Remove the messages after `message_id` (and it too if `inclusive`), up to and
        including `through` if given (the last one the caller saw: a turn written since, by
        another process, stays); returns how many."""
        op = ">=" if inclusive else ">"
        where = f"chat_id = ? AND id {op} ? AND id <= ?"
        args = (int(chat_id), int(message_id), int(through) if through is not None else 2**63 - 1)
        with self._tx() as db:
            return _delete_range(db, where, args)

    _message = staticmethod(message_from_row)

    # export -----------------------------------------------------------------------------
    def export_json(self, chat_id: int) -> dict[str, Any]:
        chat = self.get_chat(chat_id)
        data = chat.to_dict()
        data["created_iso"], data["updated_iso"] = iso(chat.created), iso(chat.updated)
        data["messages"] = [m.to_dict() | {"created_iso": iso(m.created)}
                            for m in self.messages(chat_id)]
        data["format"] = "hearth-chat"
        data["schema_version"] = SCHEMA_VERSION
        return data

    def export_markdown(self, chat_id: int) -> str:
        chat = self.get_chat(chat_id)
        lines = [f"# {chat.title or 'Untitled chat'}", ""]
        meta = [f"- Created: {iso(chat.created)}"]
        if chat.model:
            meta.append(f"- Model: {chat.model}")
        if chat.system_prompt:
            meta.append(f"- System prompt: {chat.system_prompt}")
        if chat.damaged:
            meta.append(f"- Damaged, could not be read: {', '.join(chat.damaged)}")
        lines += [*meta, ""]
        for m in self.messages(chat_id):
            who = {"user": "You", "assistant": "Assistant", "system": "System"}.get(m.role, m.role)
            note = "" if m.state == "complete" else f" ({m.state})"
            lines += [f"## {who}{note}", ""]
            if m.damaged:
                lines += [f"*Message {m.id} is damaged; could not be read: {', '.join(m.damaged)}.*", ""]
            lines += [m.content, ""]
            for c in m.sources:
                page = f", page {c['page']}" if c.get("page") else ""
                lines.append(f"[{c.get('n', '?')}] {c.get('path', '')}{page}")
            if m.sources:
                lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def close(self) -> None:
        self.backups.wait()
        with self._lock:
            self._db.close()


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _fold(text: str | bytes | None) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return (text or "").casefold()


def _delete_range(db: sqlite3.Connection, where: str, args: tuple[int, ...]) -> int:
    """Delete the messages `where` selects, and their search entries; returns how many."""
    db.execute(f"DELETE FROM message_search WHERE rowid IN (SELECT id FROM messages"
               f" WHERE {where})", args)
    return int(db.execute(f"DELETE FROM messages WHERE {where}", args).rowcount)


def _version(row: sqlite3.Row) -> dict[str, Any]:
    """A reply row's own fields, as they are stored, to keep as one of its versions."""
    return {k: row[k] for k in _VERSION_FIELDS}


def _versions(row: sqlite3.Row) -> list[dict[str, Any]]:
    """A row's other versions; unreadable ones are dropped (the reply shown is kept)."""
    return stored_versions(row["versions"]) or []


def _reindex(db: sqlite3.Connection, message_id: int, content: str) -> None:
    db.execute("DELETE FROM message_search WHERE rowid = ?", (int(message_id),))
    db.execute("INSERT INTO message_search (rowid, body) VALUES (?, ?)",
               (int(message_id), fts_text(content)))


def _match_query(search: str) -> str:
    """An FTS5 query: every term of `search` (as the index writes terms), each a prefix."""
    terms = fts_terms(search)
    return " ".join('"' + t.replace('"', '""') + '"*' for t in terms)

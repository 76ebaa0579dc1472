"""Chats and messages in SQLite (WAL): survives restarts and a kill -9 mid-reply.

A reply is written as an assistant message in state "streaming" before generation starts,
its partial text is flushed about once a second, and it is finalised with its stats. A
process killed mid-reply leaves that row "streaming"; the next open marks it "interrupted"
and keeps the partial text. WAL with synchronous=NORMAL never corrupts the file on a crash
(a power cut may lose the last second), and keeps commits cheap on the reply's hot path.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.backends.base import ReplyStats, Sampling
from engine.errors import NotFound, StorageError
from engine.textnorm import fts_terms, fts_text

SCHEMA_VERSION = 2
STATES = ("complete", "streaming", "interrupted", "error")

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
    writer_pid INTEGER
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

_CHAT_FIELDS = {
    "title", "model", "system_prompt", "sampling", "few_shot", "chain_of_thought",
    "libraries", "n_ctx",
}


@dataclass
class Chat:
    id: int
    title: str
    created: float
    updated: float
    model: str = ""
    system_prompt: str = ""
    sampling: Sampling = field(default_factory=Sampling)
    few_shot: list[list[str]] = field(default_factory=list)
    chain_of_thought: bool = False
    libraries: list[str] = field(default_factory=list)
    n_ctx: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Message:
    id: int
    chat_id: int
    role: str
    content: str
    created: float
    model: str = ""
    stats: ReplyStats | None = None
    state: str = "complete"
    sources: list[dict[str, Any]] = field(default_factory=list)
    sampling: Sampling | None = None  # the settings this reply was generated with

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def _stats(text: str | None) -> ReplyStats | None:
    if not text:
        return None
    d = json.loads(text)
    known = {k: v for k, v in d.items() if k in ReplyStats.__dataclass_fields__}
    return ReplyStats(**known)


def as_sampling(v: Sampling | dict[str, Any] | None) -> Sampling:
    return v if isinstance(v, Sampling) else Sampling.from_dict(v)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


class ChatStore:
    """All chats in one SQLite file. Thread-safe (one connection behind a lock)."""

    def __init__(self, db_path: Path | str) -> None:
        self.path = Path(db_path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.create_function("fold", 1, _fold, deterministic=True)
            self._db.execute("PRAGMA busy_timeout = 5000")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
            self._recover()
        except sqlite3.DatabaseError as e:
            raise StorageError(
                f"The chat database {self.path} cannot be opened: {e}.",
                "If the file is damaged, move it away (Hearth then starts a new one) "
                "and keep it for recovery.",
            ) from e

    # schema -----------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"The chat database was written by a newer Hearth (schema {version}).",
                "Update Hearth to open these chats.",
            )
        if version == 0:
            with self._tx():
                for stmt in _SCHEMA.split(";"):
                    if stmt.strip():
                        self._db.execute(stmt)
                self._db.execute(_SEARCH_SCHEMA)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return
        if version < 2:
            with self._tx() as db:
                db.execute(_MIGRATE_2)
                db.execute(_SEARCH_SCHEMA)
                rows = db.execute("SELECT id, content FROM messages").fetchall()
                db.executemany("INSERT INTO message_search (rowid, body) VALUES (?, ?)",
                               [(r["id"], fts_text(r["content"])) for r in rows])
                db.execute("PRAGMA user_version = 2")

    def _recover(self) -> None:
        """Replies that were streaming when their process died are interrupted."""
        rows = self._rows("SELECT id, writer_pid FROM messages WHERE state = 'streaming'")
        dead = [r["id"] for r in rows if not _alive(r["writer_pid"])]
        if dead:
            with self._tx() as db:
                db.executemany("UPDATE messages SET state = 'interrupted' WHERE id = ?",
                               [(i,) for i in dead])

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.OperationalError as e:
                self._db.execute("ROLLBACK")
                raise StorageError(f"Could not save to the chat database: {e}.",
                                   "Check free disk space and try again.") from e

    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

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
            raise NotFound(f"No chat with id {chat_id}.", "See `hearth chats list`.")
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
                "SELECT * FROM chats WHERE instr(fold(title), fold(?)) > 0 OR id IN"
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
                raise NotFound(f"No chat with id {chat_id}.", "See `hearth chats list`.")
        return self.get_chat(chat_id)

    def rename(self, chat_id: int, title: str) -> Chat:
        return self.update_chat(chat_id, title=title.strip())

    def delete(self, chat_id: int) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM message_search WHERE rowid IN"
                       " (SELECT id FROM messages WHERE chat_id = ?)", (int(chat_id),))
            if db.execute("DELETE FROM chats WHERE id = ?", (int(chat_id),)).rowcount == 0:
                raise NotFound(f"No chat with id {chat_id}.", "See `hearth chats list`.")

    @staticmethod
    def _chat(r: sqlite3.Row) -> Chat:
        return Chat(
            id=r["id"], title=r["title"], created=r["created"], updated=r["updated"],
            model=r["model"], system_prompt=r["system_prompt"],
            sampling=Sampling.from_dict(json.loads(r["sampling"] or "{}")),
            few_shot=[list(p) for p in json.loads(r["few_shot"] or "[]")],
            chain_of_thought=bool(r["chain_of_thought"]),
            libraries=list(json.loads(r["libraries"] or "[]")), n_ctx=r["n_ctx"],
        )

    # messages ---------------------------------------------------------------------------
    def messages(self, chat_id: int) -> list[Message]:
        return [self._message(r) for r in
                self._rows("SELECT * FROM messages WHERE chat_id = ? ORDER BY id", (int(chat_id),))]

    def get_message(self, message_id: int) -> Message:
        rows = self._rows("SELECT * FROM messages WHERE id = ?", (int(message_id),))
        if not rows:
            raise NotFound(f"No message with id {message_id}.")
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

    def _insert(
        self, db: sqlite3.Connection, chat_id: int, role: str, content: str, model: str,
        state: str, stats: ReplyStats | None, sampling: Sampling | None,
        sources: list[dict[str, Any]] | None,
    ) -> int:
        now = time.time()
        try:
            cur = db.execute(
                "INSERT INTO messages (chat_id, role, content, created, model, sampling, stats,"
                " state, sources, writer_pid) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (int(chat_id), role, content, now, model,
                 _dumps(sampling.to_dict()) if sampling else None,
                 _dumps(stats.to_dict()) if stats else None, state, _dumps(sources or []),
                 os.getpid() if state == "streaming" else None),
            )
        except sqlite3.IntegrityError as e:
            raise NotFound(f"No chat with id {chat_id}.", "See `hearth chats list`.") from e
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
                raise NotFound(f"No message with id {message_id}.")
            _reindex(db, message_id, content)

    def delete_messages_after(self, chat_id: int, message_id: int, inclusive: bool = False) -> int:
        """Remove the messages after `message_id` (and it too if `inclusive`); returns how many."""
        op = ">=" if inclusive else ">"
        with self._tx() as db:
            db.execute(f"DELETE FROM message_search WHERE rowid IN (SELECT id FROM messages"
                       f" WHERE chat_id = ? AND id {op} ?)", (int(chat_id), int(message_id)))
            cur = db.execute(f"DELETE FROM messages WHERE chat_id = ? AND id {op} ?",
                             (int(chat_id), int(message_id)))
            return cur.rowcount

    @staticmethod
    def _message(r: sqlite3.Row) -> Message:
        return Message(
            id=r["id"], chat_id=r["chat_id"], role=r["role"], content=r["content"],
            created=r["created"], model=r["model"], stats=_stats(r["stats"]), state=r["state"],
            sources=list(json.loads(r["sources"] or "[]")),
            sampling=Sampling.from_dict(json.loads(r["sampling"])) if r["sampling"] else None,
        )

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
        lines += [*meta, ""]
        for m in self.messages(chat_id):
            who = {"user": "You", "assistant": "Assistant", "system": "System"}.get(m.role, m.role)
            note = "" if m.state == "complete" else f" ({m.state})"
            lines += [f"## {who}{note}", "", m.content, ""]
            for c in m.sources:
                page = f", page {c['page']}" if c.get("page") else ""
                lines.append(f"[{c.get('n', '?')}] {c.get('path', '')}{page}")
            if m.sources:
                lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def close(self) -> None:
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


def _fold(text: str | None) -> str:
    return (text or "").casefold()


def _reindex(db: sqlite3.Connection, message_id: int, content: str) -> None:
    db.execute("DELETE FROM message_search WHERE rowid = ?", (int(message_id),))
    db.execute("INSERT INTO message_search (rowid, body) VALUES (?, ?)",
               (int(message_id), fts_text(content)))


def _match_query(search: str) -> str:
    """An FTS5 query: every term of `search` (as the index writes terms), each a prefix."""
    terms = fts_terms(search)
    return " ".join('"' + t.replace('"', '""') + '"*' for t in terms)

"""Salvage: every row that can still be read from a damaged chat database, into a new one.

SQLite keeps rows in b-tree pages. Garbage over a page, or a truncated file, makes the rows
on the pages hit unreadable, and a query that walks into one fails as a whole. So tables
are read by rowid ranges, and a range that fails is read again one rowid at a time: only
the rows on damaged pages are lost. (A damaged interior page also hides the intact leaves
below it; only a scan of the raw pages could find those.)
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engine.chats import dberrors, dbfile
from engine.chats.backups import Backups, remove_database
from engine.i18n import _, ngettext, number

log = logging.getLogger(__name__)

CHUNK = 200


@dataclass
class Recovery:
    """What opening a damaged chat database did, to tell the user once."""

    damaged: Path  # the damaged file, set aside and kept
    problem: str
    chats: int  # in the new database
    messages: int
    untitled: int = 0  # chats made up for messages whose chat row was unreadable
    unreadable: int = 0  # message ids that could not be read (some may have been deleted)
    backup: Path | None = None  # used because nothing at all could be read

    @property
    def message(self) -> str:
        head = _("The chat database was damaged ({problem})").format(problem=self.problem)
        kept = _("The damaged file is kept as {path}.").format(path=self.damaged)
        chats = ngettext("{n} chat", "{n} chats", self.chats).format(n=number(self.chats))
        messages = ngettext("{n} message", "{n} messages", self.messages).format(
            n=number(self.messages))
        if self.backup is not None:
            when = datetime.fromtimestamp(self.backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            return _("{head} and nothing could be read from it: restored the newest sound "
                     "backup, of {when} ({chats}, {messages}). {kept}").format(
                head=head, when=when, chats=chats, messages=messages, kept=kept)
        if not self.chats and not self.messages:
            return _("{head} and nothing could be read from it; Hearth starts a new one. "
                     "{kept}").format(head=head, kept=kept)
        if self.untitled:
            chats = ngettext("{chats} ({n} of them without their titles)",
                             "{chats} ({n} of them without their titles)",
                             self.untitled).format(chats=chats, n=number(self.untitled))
        if not self.unreadable:
            text = _("{head}. Recovered {chats} and {messages} into a new database.").format(
                head=head, chats=chats, messages=messages)
        else:
            text = ngettext("{head}. Recovered {chats} and {messages} into a new database; up "
                            "to {n} more could not be read.",
                            "{head}. Recovered {chats} and {messages} into a new database; up "
                            "to {n} more could not be read.", self.unreadable).format(
                head=head, chats=chats, messages=messages, n=number(self.unreadable))
        return f"{text} {kept}"

    @property
    def hint(self) -> str:
        return _("`hearth chats backups` lists the daily backups and `hearth chats restore N` "
                 "brings one back (the chats in use now are backed up first).")


def salvage_file(
    path: Path,
    problem: str,
    backups: Backups,
    create_schema: Callable[[sqlite3.Connection], None],
    index_text: Callable[[str], str],
) -> Recovery:
    """Set the damaged `path` aside (kept, never deleted) and put a new file in its place,
    holding every row that can still be read, or else the newest sound backup.

    The new file is built beside it first and moved in last: if this is cut short, the
    damaged file is still where it was and the next open tries again.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 1
    while kept.exists():  # never over an earlier damaged file
        n += 1
        kept = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
    fresh = path.with_name(f".{path.name}.salvage")
    try:
        remove_database(fresh)  # a salvage cut short before: ours to redo
        new = dbfile.connect(fresh)
        try:
            new.execute("BEGIN")
            create_schema(new)
            got = _read_damaged(path, new, index_text)
            new.execute("COMMIT")
            if got is not None and (got.chats or got.messages):
                recovery = Recovery(kept, problem, got.chats + got.untitled, got.messages,
                                    got.untitled, got.unreadable)
            else:
                recovery = _from_backup(new, backups, kept, problem)
        finally:
            new.close()
        # The -wal holds part of the damaged data and must never meet the new file: it goes
        # first, then the file itself.
        for suffix in ("-wal", "-shm", ""):
            if Path(str(path) + suffix).exists():
                os.replace(str(path) + suffix, str(kept) + suffix)
        os.replace(fresh, path)
    except (OSError, sqlite3.Error) as e:
        remove_database(fresh)
        err = dberrors.damaged(path, problem)
        err.hint = _("Hearth could not recover it ({error}); free some disk space or make the "
                     "folder writable, then open Hearth again. The file is left as it is.").format(
            error=e)
        raise err from e
    return recovery


def _read_damaged(
    path: Path, new: sqlite3.Connection, index_text: Callable[[str], str]
) -> Salvaged | None:
    try:
        old = dbfile.open_read_only(path, damaged=True)
    except sqlite3.DatabaseError as e:
        log.info("nothing can be read from %s: %s", path, e)
        return None
    try:
        return copy_readable(old, new, index_text)
    finally:
        old.close()


def _from_backup(new: sqlite3.Connection, backups: Backups, kept: Path, problem: str) -> Recovery:
    """Nothing could be read: the newest sound backup, copied into `new`."""
    for backup in backups.list():
        try:
            src = dbfile.open_read_only(backup)
            try:
                if dbfile.problems(src):
                    continue
                src.backup(new)
            finally:
                src.close()
        except sqlite3.DatabaseError as e:
            log.info("backup %s is unusable: %s", backup, e)
            continue
        chats = new.execute("SELECT count(*) FROM chats").fetchone()[0]
        messages = new.execute("SELECT count(*) FROM messages").fetchone()[0]
        return Recovery(kept, problem, chats, messages, backup=backup)
    return Recovery(kept, problem, 0, 0)


@dataclass
class Salvaged:
    chats: int = 0  # chat rows read
    messages: int = 0
    untitled: int = 0
    unreadable: int = 0


def readable_rows(db: sqlite3.Connection, table: str) -> tuple[list[sqlite3.Row], int]:
    """Every row of `table` that can be read, by rowid; and how many rowids could not be."""
    rows: list[sqlite3.Row] = []
    unreadable = 0
    top = _top_rowid(db, table)
    for start in range(1, top + 1, CHUNK):
        end = min(start + CHUNK - 1, top)
        try:
            rows += db.execute(f"SELECT * FROM {table} WHERE rowid BETWEEN ? AND ?"
                               " ORDER BY rowid", (start, end)).fetchall()
            continue
        except sqlite3.DatabaseError:
            pass  # a damaged page in this range: read it row by row
        for rowid in range(start, end + 1):
            try:
                row = db.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
            except sqlite3.DatabaseError:
                unreadable += 1
                continue
            if row is not None:
                rows.append(row)
    return rows, unreadable


def _top_rowid(db: sqlite3.Connection, table: str) -> int:
    """The highest rowid `table` can hold: from sqlite_sequence (ids are AUTOINCREMENT) or
    max(rowid); when both are unreadable, as many as its pages could hold."""
    found, failed = 0, 0
    for sql, args in (("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)),
                      (f"SELECT max(rowid) FROM {table}", ())):
        try:
            row = db.execute(sql, args).fetchone()
        except sqlite3.DatabaseError:
            failed += 1
            continue
        if row is not None and isinstance(row[0], int):
            found = max(found, row[0])
    if found or failed < 2:
        return found
    try:
        pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    except sqlite3.DatabaseError:
        pages = 10_000
    return pages * 40  # a 4 KiB page holds at most a few dozen chat rows


def copy_readable(
    src: sqlite3.Connection, dst: sqlite3.Connection, index_text: Callable[[str], str]
) -> Salvaged:
    """Copy the readable chats and messages of `src` into `dst` (the current schema, empty,
    in a transaction), with a new search index; `index_text` is what the index stores."""
    got = Salvaged()
    chats, _skipped = readable_rows(src, "chats")
    messages, got.unreadable = readable_rows(src, "messages")
    got.chats, got.messages = len(chats), len(messages)
    # Values are copied as they are, damaged ones too (the store reads them leniently);
    # only a NULL that the new schema refuses is replaced by the column's default.
    columns = {t: {c["name"]: c for c in dst.execute(f"PRAGMA table_info({t})").fetchall()}
               for t in ("chats", "messages")}
    dst.execute("PRAGMA ignore_check_constraints = ON")
    try:
        for r in chats:
            _insert(dst, "chats", columns["chats"], dict(zip(r.keys(), r, strict=True)))
        have = {r["id"] for r in chats}
        orphans: int | None = None
        for r in messages:
            row = dict(zip(r.keys(), r, strict=True))
            if "citations" in row and "sources" not in row:  # a schema 1 file
                row["sources"] = row.pop("citations")
            chat_id = row.get("chat_id")
            if not isinstance(chat_id, int):
                if orphans is None:
                    orphans = _untitled_chat(dst, None, row.get("created"))
                    got.untitled += 1
                chat_id = row["chat_id"] = orphans
            if chat_id not in have:
                _untitled_chat(dst, chat_id, row.get("created"))
                have.add(chat_id)
                got.untitled += 1
            _insert(dst, "messages", columns["messages"], row)
            content = row.get("content")
            dst.execute("INSERT INTO message_search (rowid, body) VALUES (?, ?)",
                        (row["id"], index_text(content if isinstance(content, str) else "")))
    finally:
        dst.execute("PRAGMA ignore_check_constraints = OFF")
    _keep_sequence(src, dst)
    return got


def _insert(
    dst: sqlite3.Connection, table: str, columns: dict[str, sqlite3.Row], row: dict[str, object]
) -> None:
    values = {k: v for k, v in row.items() if k in columns}
    for name, v in values.items():
        col = columns[name]
        if v is None and col["notnull"]:
            values[name] = _default(col["dflt_value"], col["type"])
    names = ", ".join(values)
    dst.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(values))})",
                tuple(values.values()))


def _default(literal: str | None, kind: str) -> object:
    if literal is None:
        return "" if kind == "TEXT" else 0
    if literal.startswith("'"):
        return literal[1:-1].replace("''", "'")
    return int(literal)


def _untitled_chat(dst: sqlite3.Connection, chat_id: int | None, created: object) -> int:
    """A chat for messages whose chat row could not be read."""
    when = created if isinstance(created, int | float) else time.time()
    cur = dst.execute("INSERT INTO chats (id, title, created, updated) VALUES (?, '', ?, ?)",
                      (chat_id, when, when))
    new_id = int(cur.lastrowid or 0)
    dst.execute("UPDATE chats SET title = ? WHERE id = ?", (f"Recovered chat {new_id}", new_id))
    return new_id


def _keep_sequence(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """Ids are never handed out twice (the GUI holds ids): carry the old high-water marks."""
    try:
        old = dict(src.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    except sqlite3.DatabaseError:
        return
    for table in ("chats", "messages"):
        seq = old.get(table)
        if not isinstance(seq, int):
            continue
        if dst.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?",
                       (seq, table)).rowcount == 0:
            dst.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, seq))

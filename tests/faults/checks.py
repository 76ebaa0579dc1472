"""Integrity checks on a data folder (always a copy: see harness.inspect_copy).

Each check returns Problems; an empty list means the folder is sound. Snapshots record what
was committed at one moment, so that a later check can tell whether any of it was lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.faults.harness import Problem


def rel(path: Path, home: Path) -> str:
    try:
        return str(path.relative_to(home))
    except ValueError:
        return str(path)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            h.update(chunk)
    return h.hexdigest()


# SQLite ---------------------------------------------------------------------------------
def check_sqlite(home: Path) -> list[Problem]:
    """PRAGMA integrity_check on every .sqlite3 under the folder."""
    problems = []
    for db in sorted(home.rglob("*.sqlite3")):
        try:
            with closing(sqlite3.connect(db)) as conn:
                rows = conn.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as e:
            problems.append(Problem("corrupt", f"{rel(db, home)}: {e}"))
            continue
        if rows != [("ok",)]:
            problems.append(Problem("corrupt", f"{rel(db, home)}: {rows[:3]}"))
    return problems


def temp_litter(home: Path) -> list[str]:
    """Temp files an interrupted write left behind (harmless, but never cleaned up)."""
    return sorted(rel(p, home) for p in home.rglob(".*.tmp") if p.is_file())


# chats ----------------------------------------------------------------------------------
@dataclass
class ChatSnapshot:
    chats: dict[int, str] = field(default_factory=dict)  # id -> title
    messages: dict[int, tuple[int, str, str, str]] = field(default_factory=dict)
    # id -> (chat_id, role, content, state)


def chat_snapshot(home: Path) -> ChatSnapshot:
    db = home / "chats.sqlite3"
    snap = ChatSnapshot()
    if not db.exists():
        return snap
    with closing(sqlite3.connect(db)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "chats" not in tables:
            return snap
        snap.chats = dict(conn.execute("SELECT id, title FROM chats"))
        for mid, chat_id, role, content, state in conn.execute(
            "SELECT id, chat_id, role, content, state FROM messages"
        ):
            snap.messages[mid] = (chat_id, role, content, state)
    return snap


def check_chats(home: Path, before: ChatSnapshot, recovered: bool) -> list[Problem]:
    """The chat database: sound, its search index in step with the messages, nothing of
    `before` lost or changed, no message duplicated, no reply left "streaming" once the
    next run opened it."""
    from engine.textnorm import fts_text

    db = home / "chats.sqlite3"
    if not db.exists():
        return [Problem("lost", "chats.sqlite3 is gone")] if before.messages else []
    problems = check_sqlite(home)
    if problems:
        return problems
    try:
        now = chat_snapshot(home)
    except sqlite3.DatabaseError as e:
        return [Problem("corrupt", f"chats.sqlite3 unreadable: {e}")]
    with closing(sqlite3.connect(db)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "message_search" in tables:
            try:
                conn.execute("INSERT INTO message_search(message_search) VALUES('integrity-check')")
            except sqlite3.DatabaseError as e:
                problems.append(Problem("corrupt", f"message_search index: {e}"))
            rows = conn.execute("SELECT rowid, body FROM message_search").fetchall()
            counts = Counter(r[0] for r in rows)
            doubled = [i for i, n in counts.items() if n > 1]
            if doubled:
                problems.append(Problem("duplicated", f"search rows twice for messages {doubled}"))
            bodies = dict(rows)
            for mid, (_, _, content, _) in now.messages.items():
                if mid not in bodies:
                    problems.append(Problem("inconsistent", f"message {mid} missing from search"))
                elif bodies[mid] != fts_text(content):
                    problems.append(
                        Problem("inconsistent", f"message {mid}: search text differs from content")
                    )
            stray = set(bodies) - set(now.messages)
            if stray:
                problems.append(Problem("inconsistent",
                                        f"search rows of no message: {sorted(stray)}"))
    for cid, title in before.chats.items():
        if cid not in now.chats:
            problems.append(Problem("lost", f"chat {cid} is gone"))
        elif title and now.chats[cid] != title:
            problems.append(Problem("lost",
                                    f"chat {cid} title {title!r} became {now.chats[cid]!r}"))
    for mid, (chat_id, role, content, state) in before.messages.items():
        got = now.messages.get(mid)
        if got is None:
            problems.append(Problem("lost", f"message {mid} ({role}, {state}) is gone"))
            continue
        if got[:3] != (chat_id, role, content):
            problems.append(Problem("lost", f"message {mid} ({role}) changed: {got[2][:60]!r}"))
        if got[3] != state and not (state == "streaming" and got[3] in ("interrupted", "error")):
            problems.append(Problem("lost", f"message {mid} went from {state} to {got[3]}"))
    by_chat: dict[int, list[tuple[int, str, str]]] = {}
    for mid, (chat_id, role, _, state) in sorted(now.messages.items()):
        by_chat.setdefault(chat_id, []).append((mid, role, state))
        if recovered and state == "streaming":
            problems.append(Problem("inconsistent",
                                    f"message {mid} still streaming after a restart"))
    for chat_id, msgs in by_chat.items():
        for (m1, r1, _), (m2, r2, _) in zip(msgs, msgs[1:], strict=False):
            if r1 == r2:
                problems.append(Problem("duplicated",
                                        f"chat {chat_id}: {r1} messages {m1}, {m2} in a row"))
        if msgs and msgs[-1][1] == "user":
            problems.append(Problem("inconsistent",
                                    f"chat {chat_id}: message {msgs[-1][0]} has no reply row"))
    return problems


# libraries ------------------------------------------------------------------------------
@dataclass
class LibrarySnapshot:
    """One library: manifest rows and chunk ids per doc_id."""

    rows: dict[str, tuple[str, int, str, int, int]] = field(default_factory=dict)
    # path -> (state, chunks, doc_id, size, mtime_ns)
    chunks: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> chunk ids
    problems: list[Problem] = field(default_factory=list)  # found while reading


def library_snapshots(home: Path) -> dict[str, LibrarySnapshot]:
    out = {}
    root = home / "libraries"
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if (folder / "meta.json").exists():
            out[folder.name] = read_library(folder, home)
    return out


def read_library(folder: Path, home: Path) -> LibrarySnapshot:
    snap = LibrarySnapshot()
    try:
        json.loads((folder / "meta.json").read_text("utf-8"))
    except (OSError, ValueError) as e:
        snap.problems.append(Problem("corrupt", f"{rel(folder, home)}/meta.json: {e}"))
    manifest = folder / "files.sqlite3"
    if manifest.exists():
        try:
            with closing(sqlite3.connect(manifest)) as conn:
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
                if "files" in tables:
                    for path, state, chunks, doc_id, size, mtime in conn.execute(
                        "SELECT path, state, chunks, doc_id, size, mtime_ns FROM files"
                    ):
                        snap.rows[path] = (state, chunks, doc_id, size, mtime)
        except sqlite3.DatabaseError as e:
            snap.problems.append(Problem("corrupt", f"{rel(manifest, home)}: {e}"))
    db = folder / "lancedb"
    if db.is_dir():
        try:
            import lancedb

            conn = lancedb.connect(str(db))
            if "chunks" in conn.list_tables().tables:
                data = conn.open_table("chunks").to_arrow()  # every column: all readable
                ids = data.column("id").to_pylist()
                for doc_id, cid in zip(data.column("doc_id").to_pylist(), ids, strict=True):
                    snap.chunks.setdefault(doc_id, []).append(cid)
                vectors = data.column("vector")
                if vectors.null_count:
                    snap.problems.append(Problem("corrupt", f"{vectors.null_count} null vectors"))
        except Exception as e:  # any failure to read the table is the finding
            what = f"LanceDB table unreadable: {type(e).__name__}: {e}"
            snap.problems.append(Problem("corrupt", what[:300]))
    return snap


def _on_disk(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def check_library(
    home: Path,
    before: dict[str, LibrarySnapshot],
    recovered: bool,
    reference: LibrarySnapshot | None = None,
) -> list[Problem]:
    """Each library: its table readable with no chunk id twice; the manifest agreeing with
    the table (an "indexed" row has exactly its chunks, other rows none, no chunk of a file
    the manifest does not know); files committed in `before` and unchanged on disk still
    indexed with the same chunks. With `recovered`, no row may be pending, and the library
    must equal `reference` (a clean index of the same files): same states, same chunk ids."""
    problems = check_sqlite(home)
    now = library_snapshots(home)
    for lib_id in before:
        if lib_id not in now:
            problems.append(Problem("lost", f"library {lib_id} is gone"))
    for lib_id, snap in now.items():
        problems += snap.problems
        all_ids = [c for ids in snap.chunks.values() for c in ids]
        twice = [c for c, n in Counter(all_ids).items() if n > 1]
        if twice:
            problems.append(Problem("duplicated", f"{len(twice)} chunk ids twice in the table"))
        known = {row[2]: path for path, row in snap.rows.items()}
        orphans = set(snap.chunks) - set(known)
        if orphans:
            n = sum(len(snap.chunks[d]) for d in orphans)
            problems.append(Problem("inconsistent",
                                    f"{n} chunks of {len(orphans)} files the manifest lacks"))
        for path, (state, chunks, doc_id, size, mtime) in snap.rows.items():
            have = len(snap.chunks.get(doc_id, []))
            name = os.path.basename(path)
            if state == "pending":
                if recovered:
                    problems.append(Problem("inconsistent",
                                            f"{name} still pending after a full run"))
                continue
            want = chunks if state == "indexed" else 0
            if have > want:
                problems.append(Problem("duplicated",
                                        f"{name}: {have} chunks in the table, manifest: {want}"))
            elif have < want:
                unchanged = _on_disk(path) == (size, mtime)
                what = "lost" if unchanged else "inconsistent"
                problems.append(Problem(what, f"{name}: manifest says {state} with {want} chunks, "
                                              f"the table has {have}"
                                              + ("" if unchanged else " (file changed since)")))
        old = before.get(lib_id)
        for path, row in (old.rows if old else {}).items():
            if row[0] == "pending" or _on_disk(path) != (row[3], row[4]):
                continue  # not committed, or the file changed since: it may be redone
            name = os.path.basename(path)
            got = snap.rows.get(path)
            if got is None or got[:3] != row[:3]:
                now_row = got and got[:2]
                problems.append(Problem("lost",
                                        f"{name}: was {row[0]} ({row[1]} chunks), now {now_row}"))
            elif old.problems:
                continue  # its table could not be read: which chunks it held is unknown
            elif sorted(snap.chunks.get(row[2], [])) != sorted(old.chunks.get(row[2], [])):
                problems.append(Problem("lost", f"{name}: its committed chunks changed"))
        if recovered and reference is not None:
            problems += compare_library(snap, reference)
    return problems


def compare_library(snap: LibrarySnapshot, ref: LibrarySnapshot) -> list[Problem]:
    problems = []
    for path in sorted(set(ref.rows) | set(snap.rows)):
        name = os.path.basename(path)
        a, b = snap.rows.get(path), ref.rows.get(path)
        if a is None:
            problems.append(Problem("lost", f"{name} is not in the manifest"))
        elif b is None:
            problems.append(Problem("inconsistent", f"{name} is listed but is not a source file"))
        elif a[:2] != b[:2]:
            problems.append(Problem("inconsistent", f"{name}: {a[:2]}, a clean index says {b[:2]}"))
    mine = {c for ids in snap.chunks.values() for c in ids}
    theirs = {c for ids in ref.chunks.values() for c in ids}
    if theirs - mine:
        problems.append(Problem("lost",
                                f"{len(theirs - mine)} chunks of a clean index are missing"))
    if mine - theirs:
        problems.append(Problem("inconsistent",
                                f"{len(mine - theirs)} chunks a clean index does not have"))
    return problems


# downloads ------------------------------------------------------------------------------
@dataclass
class ModelsSnapshot:
    files: dict[str, str] = field(default_factory=dict)  # models/<file> -> sha256
    index: dict[str, Any] = field(default_factory=dict)  # models/index.json "models"


def models_snapshot(home: Path) -> ModelsSnapshot:
    snap = ModelsSnapshot()
    folder = home / "models"
    for p in sorted(folder.glob("*.gguf")) if folder.is_dir() else []:
        snap.files[p.name] = sha256(p)
    try:
        snap.index = json.loads((folder / "index.json").read_text("utf-8")).get("models", {})
    except (OSError, ValueError, AttributeError):
        snap.index = {}
    return snap


def check_downloads(
    home: Path,
    expected: dict[str, tuple[int, str, Path]],  # file name -> (size, sha256, source)
    before: ModelsSnapshot,
    recovered: bool,
) -> list[Problem]:
    """Each model file is absent or exactly the published file; a partial download is a
    prefix of it; models/index.json parses; models of `before` are still installed. With
    `recovered`: every expected file installed once, nothing left in downloads/."""
    problems = []
    models = home / "models"
    index_file = models / "index.json"
    if index_file.exists():
        try:
            json.loads(index_file.read_text("utf-8"))
        except ValueError as e:
            problems.append(Problem("corrupt", f"models/index.json: {e}"))
    now = models_snapshot(home)
    for name, digest in now.files.items():
        if name in expected and digest != expected[name][1]:
            size = (models / name).stat().st_size
            problems.append(Problem("corrupt", f"models/{name} is installed with wrong bytes "
                                    f"({size} of {expected[name][0]} bytes, sha {digest[:12]}…)"))
    for name, digest in before.files.items():
        if now.files.get(name) != digest:
            problems.append(Problem("lost", f"models/{name} (installed before) is gone or changed"))
    for name, entry in before.index.items():
        if name not in now.index and (models / Path(entry.get("path", "")).name).exists():
            problems.append(Problem("lost", f"index.json forgot the installed model {name}"))
    for part in sorted((home / "downloads").rglob("*.part")):
        name = part.name[: -len(".part")]
        if name not in expected:
            continue
        size, _, source = expected[name]
        have = part.stat().st_size
        if have > size:
            problems.append(Problem("corrupt", f"{part.name} holds {have} bytes of {size}"))
        elif not _is_prefix(part, source):
            problems.append(Problem("corrupt",
                                    f"{part.name}: its {have} bytes are not the file's first"))
    if recovered:
        for name, (_, digest, _) in expected.items():
            if now.files.get(name) != digest:
                problems.append(Problem("lost", f"models/{name} is not installed after a full run"))
        stem_names = {Path(n).stem for n in expected}
        listed = set(now.index)
        if stem_names - listed:
            problems.append(Problem("inconsistent",
                                    f"index.json lacks {sorted(stem_names - listed)}"))
        left = [rel(p, home) for p in (home / "downloads").rglob("*") if p.is_file()]
        if left:
            problems.append(Problem("inconsistent", f"left in downloads/: {left[:4]}"))
    return problems


def _is_prefix(part: Path, source: Path) -> bool:
    with open(part, "rb") as a, open(source, "rb") as b:
        while chunk := a.read(8 << 20):
            if b.read(len(chunk)) != chunk:
                return False
    return True


# settings -------------------------------------------------------------------------------
def read_settings(home: Path) -> dict[str, Any] | None:
    try:
        return dict(json.loads((home / "settings.json").read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def check_settings(
    home: Path, old: dict[str, Any], new: dict[str, Any], recovered: bool
) -> list[Problem]:
    """settings.json is whole and is either the old or the new settings; never set aside."""
    from engine.config import Settings

    path = home / "settings.json"
    problems = []
    if (home / "settings.json.bad").exists():
        problems.append(Problem("lost",
                                "settings.json was set aside as unreadable (defaults in use)"))
    if not path.exists():
        return [*problems, Problem("lost", "settings.json is gone")]
    now = read_settings(home)
    if now is None:
        size = path.stat().st_size
        return [*problems, Problem("corrupt", f"settings.json does not parse ({size} bytes)")]
    try:
        Settings.from_dict(now)
    except Exception as e:  # anything from_dict raises means a load would reset them
        problems.append(Problem("corrupt", f"settings.json is not valid settings: {e}"))
    if recovered and now != new:
        problems.append(Problem("lost", "the new settings are not saved after a full run"))
    elif now not in (old, new):
        problems.append(Problem("corrupt", "settings.json is neither the old nor the new settings"))
    return problems

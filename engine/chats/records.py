"""What a chat and a message are, read from rows that may be damaged.

A row can hold what its schema forbids: a NULL where text belongs, a number where JSON
belongs, text that is not UTF-8, JSON that does not parse (a bit flipped on disk, another
tool writing the file). Such a row is read as far as it can be: each unreadable field takes
its default and is named in `damaged`, so the chat still opens, lists and exports, and the
user is told which records were damaged instead of getting a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from engine.backends.base import ReplyStats, Sampling

ROLES = ("system", "user", "assistant")
STATES = ("complete", "streaming", "interrupted", "error")


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
    damaged: list[str] = field(default_factory=list)  # fields that could not be read

    def to_dict(self) -> dict[str, Any]:
        return _without_empty_damage(asdict(self))


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
    damaged: list[str] = field(default_factory=list)  # fields that could not be read
    # A regenerated reply's other versions, oldest first, each as stored: "content",
    # "created", "model", "state" and the JSON text of "stats", "sources", "sampling".
    versions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def version(self) -> int:
        """Which of its 1 + len(versions) versions this is (0-based, by time written)."""
        return sum(1 for v in self.versions if version_time(v) < self.created)

    def to_dict(self) -> dict[str, Any]:
        d = _without_empty_damage(asdict(self))
        if not d["versions"]:
            del d["versions"]
        return d


def version_time(version: dict[str, Any]) -> float:
    """When a stored version was written: what orders them."""
    return float(version.get("created") or 0)


def stored_versions(raw: Any) -> list[dict[str, Any]] | None:
    """The versions column read leniently (None: unreadable; the reply shown is kept)."""
    try:
        got = json.loads(raw) if isinstance(raw, str) and not isinstance(raw, Garbled) else None
    except ValueError:
        got = None
    if not isinstance(got, list):
        return None
    return [v for v in got if isinstance(v, dict) and isinstance(v.get("content"), str)]


def _without_empty_damage(d: dict[str, Any]) -> dict[str, Any]:
    if not d["damaged"]:
        del d["damaged"]
    return d


class Garbled(str):
    """Text from the database that was not valid UTF-8 (decoded with replacements)."""


def decode_text(raw: bytes) -> str:
    """The connections' text_factory: bad UTF-8 no longer aborts a whole query."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return Garbled(raw.decode("utf-8", "replace"))


class _Fields:
    """One row's fields, read leniently; what could not be read is listed in `damaged`."""

    def __init__(self, row: sqlite3.Row) -> None:
        self.row = row
        self.keys = set(row.keys())
        self.damaged: list[str] = []

    def bad(self, key: str) -> None:
        if key not in self.damaged:
            self.damaged.append(key)

    def text(self, key: str, default: str = "") -> str:
        if key not in self.keys:  # an older schema: not damage
            return default
        v = self.row[key]
        if isinstance(v, str) and not isinstance(v, Garbled):
            return v
        self.bad(key)
        if isinstance(v, str):
            return str(v)
        if isinstance(v, bytes):
            return v.decode("utf-8", "replace")
        return default if v is None else str(v)

    def number(self, key: str) -> float:
        v = self.row[key] if key in self.keys else None
        if isinstance(v, int | float) and not isinstance(v, bool):
            return float(v)
        self.bad(key)
        try:
            return float(v)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return 0.0

    def integer(self, key: str) -> int | None:
        """A nullable integer."""
        v = self.row[key] if key in self.keys else None
        if v is None or (isinstance(v, int) and not isinstance(v, bool)):
            return v
        self.bad(key)
        return None

    def json(self, key: str, kind: type, nullable: bool = False) -> Any:
        """Parsed JSON of type `kind`; None for NULL or '' (if `nullable`), else kind()."""
        v = self.row[key] if key in self.keys else None
        if v is None or v == "":
            if v is None and not nullable and key in self.keys:
                self.bad(key)
            return None if nullable else kind()
        try:
            value = json.loads(v) if isinstance(v, str) and not isinstance(v, Garbled) else None
        except ValueError:
            value = None
        if isinstance(value, kind):
            return value
        self.bad(key)
        return None if nullable else kind()

    def settings(self, key: str, cls: type, nullable: bool = False) -> Any:
        """A Sampling or ReplyStats from JSON; a field of the wrong type is dropped."""
        d = self.json(key, dict, nullable)
        if d is None:
            return None
        names = {f.name for f in dataclasses.fields(cls)}
        good = {k: v for k, v in d.items() if k in names}
        fine = {k: v for k, v in good.items() if _fits(cls, k, v)}
        if len(fine) < len(good):
            self.bad(key)
        return cls(**fine)


def _fits(cls: type, name: str, value: Any) -> bool:
    """Whether `value` has the type of the field's default (floats take ints, too)."""
    f = next(f for f in dataclasses.fields(cls) if f.name == name)
    default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc,operator]
    if isinstance(value, bool) and not isinstance(default, bool):
        return False
    if default is None:
        return value is None or isinstance(value, int)
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(x, str) for x in value)
    if isinstance(default, float):
        return isinstance(value, int | float)
    if name == "finish_reason":
        return value in ("stop", "length", "cancelled", "error")
    return isinstance(value, type(default))


def chat_from_row(r: sqlite3.Row) -> Chat:
    f = _Fields(r)
    few_shot = f.json("few_shot", list)
    pairs = [list(p) for p in few_shot if isinstance(p, list) and all(isinstance(x, str) for x in p)]
    if len(pairs) < len(few_shot):
        f.bad("few_shot")
    libraries = f.json("libraries", list)
    names = [x for x in libraries if isinstance(x, str)]
    if len(names) < len(libraries):
        f.bad("libraries")
    cot = f.integer("chain_of_thought") or 0
    return Chat(
        id=r["id"], title=f.text("title"), created=f.number("created"),
        updated=f.number("updated"), model=f.text("model"),
        system_prompt=f.text("system_prompt"), sampling=f.settings("sampling", Sampling),
        few_shot=pairs, chain_of_thought=bool(cot), libraries=names, n_ctx=f.integer("n_ctx"),
        damaged=f.damaged,
    )


def message_from_row(r: sqlite3.Row) -> Message:
    f = _Fields(r)
    role = f.text("role", "system")
    if role not in ROLES:
        f.bad("role")  # kept as read; only user and assistant turns ever reach a model
    state = f.text("state", "complete")
    if state not in STATES:
        f.bad("state")
        state = "interrupted"
    sources = f.json("sources", list)
    good_sources = [s for s in sources if isinstance(s, dict)]
    if len(good_sources) < len(sources):
        f.bad("sources")
    return Message(
        id=r["id"], chat_id=f.integer("chat_id") or 0, role=role, content=f.text("content"),
        created=f.number("created"), model=f.text("model"),
        stats=f.settings("stats", ReplyStats, nullable=True), state=state,
        sources=good_sources, sampling=f.settings("sampling", Sampling, nullable=True),
        damaged=f.damaged, versions=_versions_field(f),
    )


def _versions_field(f: _Fields) -> list[dict[str, Any]]:
    if "versions" not in f.keys:  # an older schema
        return []
    got = stored_versions(f.row["versions"])
    if got is None:
        f.bad("versions")
        return []
    return sorted(got, key=version_time)


def damage_note(chat: Chat, messages: list[Message]) -> tuple[str, str]:
    """What is damaged in a chat, for the user, and what to do; ("", "") when nothing is."""
    parts = []
    if chat.damaged:
        parts.append(f"the chat's {', '.join(chat.damaged)}")
    parts += [f"message {m.id} ({', '.join(m.damaged)})" for m in messages if m.damaged]
    if not parts:
        return "", ""
    return (
        f"Chat {chat.id} has damaged records, shown as far as they can be read: "
        f"{'; '.join(parts)}.",
        f"Keep what can be read with `hearth chats export {chat.id} -o FILE`; an older copy "
        "may be whole: see `hearth chats backups`.",
    )

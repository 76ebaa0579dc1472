"""Regenerate keeps the replies it replaces as versions; showing one makes it the reply.

Real SQLite; the model is the scripted stand-in of test_chats_trust (these tests are about
what is stored and what reaches the prompt, not what a model says).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from engine.chats.service import ChatService
from engine.chats.store import SCHEMA_VERSION, ChatStore
from engine.errors import NotFound
from tests.engine.test_chats_trust import ScriptedRunner, make_service


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "chats.sqlite3"


def one_turn(db: Path, words: list[str]) -> tuple[ScriptedRunner, ChatService, int]:
    """A chat with one question answered with `words`: (runner, service, chat id)."""
    runner = ScriptedRunner(words)
    chats = make_service(db, runner)
    chat = chats.new_chat()
    _ = chats.send(chat.id, "Q").text
    return runner, chats, chat.id


def test_regenerate_keeps_each_earlier_reply_as_a_version_and_shows_any_of_them(db: Path) -> None:
    runner = ScriptedRunner(["Paryż", "."])
    chats = make_service(db, runner)
    chat = chats.new_chat()
    first = chats.send(chat.id, "Stolica Francji?")
    _ = first.text
    for words in (["巴黎", "。"], ["Paris", "."]):
        runner.chunks = words
        _ = chats.regenerate(chat.id).text

    user, reply = chats.messages(chat.id)
    assert (user.role, reply.role) == ("user", "assistant")  # still one turn
    assert reply.content == "Paris." and reply.version == 2
    assert [v["content"] for v in reply.versions] == ["Paryż.", "巴黎。"]
    assert all(v["state"] == "complete" for v in reply.versions)

    # Show the first version: it is the reply now, in the prompt and in search ...
    shown = chats.show_version(reply.id, 0)
    assert shown.id == reply.id and shown.content == "Paryż." and shown.version == 0
    assert [v["content"] for v in shown.versions] == ["巴黎。", "Paris."]
    assert shown.stats is not None and shown.stats.completion_tokens == 2
    assert [c.id for c in chats.list("Paryż")] == [chat.id]
    assert chats.list("Paris") == []
    _ = chats.send(chat.id, "A Polski?").text
    assert runner.prompts[-1][-2:] == [("assistant", "Paryż."), ("user", "A Polski?")]

    # ... and stepping through keeps every version, in the order they were written.
    again = chats.show_version(reply.id, 1)
    assert again.content == "巴黎。" and again.version == 1
    assert sorted([again.content, *(v["content"] for v in again.versions)]) == sorted(
        ["Paryż.", "巴黎。", "Paris."])
    with pytest.raises(NotFound):
        chats.show_version(reply.id, 3)
    # The JSON export keeps them too: nothing regenerated away is lost.
    exported = chats.store.export_json(chat.id)["messages"]
    assert [v["content"] for v in exported[1]["versions"]] == ["Paryż.", "Paris."]
    chats.close()


def test_regenerating_a_shown_older_version_keeps_all_of_them(db: Path) -> None:
    runner, chats, chat_id = one_turn(db, ["one"])
    runner.chunks = ["two"]
    _ = chats.regenerate(chat_id).text
    reply = chats.messages(chat_id)[-1]
    chats.show_version(reply.id, 0)
    runner.chunks = ["three"]
    _ = chats.regenerate(chat_id).text
    last = chats.messages(chat_id)[-1]
    assert last.content == "three" and last.version == 2
    assert [v["content"] for v in last.versions] == ["one", "two"]
    chats.close()


def test_a_failed_or_stopped_reply_is_kept_as_a_version_with_its_state(db: Path) -> None:
    runner, chats, chat_id = one_turn(db, ["half"])
    reply = chats.messages(chat_id)[-1]
    chats.store.finish_message(reply.id, "half", "interrupted")
    runner.chunks = ["whole"]
    _ = chats.regenerate(chat_id).text
    last = chats.messages(chat_id)[-1]
    assert [(v["content"], v["state"]) for v in last.versions] == [("half", "interrupted")]
    assert chats.show_version(last.id, 0).state == "interrupted"
    chats.close()


def test_a_schema_2_database_gains_versions_and_keeps_its_replies(db: Path) -> None:
    store = ChatStore(db)
    chat = store.create_chat(title="old")
    store.add_message(chat.id, "user", "Q")
    store.add_message(chat.id, "assistant", "A")
    store.close()
    con = sqlite3.connect(db)  # back to how schema 2 looked
    con.execute("ALTER TABLE messages DROP COLUMN versions")
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()

    store = ChatStore(db)
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert [(m.content, m.versions) for m in store.messages(chat.id)] == [("Q", []), ("A", [])]
    store.close()


def test_an_unreadable_versions_field_is_reported_and_the_reply_still_shows(db: Path) -> None:
    store = ChatStore(db)
    chat = store.create_chat()
    store.add_message(chat.id, "user", "Q")
    mid = store.add_message(chat.id, "assistant", "A")
    store._db.execute("UPDATE messages SET versions = '{broken' WHERE id = ?", (mid,))
    store._db.commit()
    msg = store.get_message(mid)
    assert msg.content == "A" and msg.versions == [] and msg.damaged == ["versions"]
    store.close()

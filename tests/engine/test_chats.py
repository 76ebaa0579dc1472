"""ChatStore: SQLite persistence, search, export, schema versioning, crash recovery."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from engine.backends.base import ReplyStats, Sampling
from engine.chats.store import SCHEMA_VERSION, ChatStore
from engine.errors import NotFound, StorageError

CHINESE = "北京是中国的首都，长城很长。"
POLISH = "Zażółć gęślą jaźń — Łódź i Kraków."


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "chats.sqlite3"


def test_chat_settings_round_trip_and_survive_restart(db: Path) -> None:
    store = ChatStore(db)
    chat = store.create_chat(
        title="Trip", model="SmolLM2", system_prompt="Be brief.",
        sampling=Sampling(temperature=0.2, stop=["###"], seed=7),
        few_shot=[["2+2?", "4"]], chain_of_thought=True, libraries=["notes"], n_ctx=1024,
    )
    uid = store.add_message(chat.id, "user", CHINESE)
    rid = store.add_message(chat.id, "assistant", POLISH, model="SmolLM2",
                            stats=ReplyStats(prompt_tokens=5, completion_tokens=9, finish_reason="stop"),
                            sampling=chat.sampling,
                            sources=[{"n": 1, "path": "/d/a.pdf", "page": 2, "chunk_id": "c1", "text": "x"}])
    store.close()

    again = ChatStore(db)  # a restart
    got = again.get_chat(chat.id)
    assert got.to_dict() | {"updated": 0} == chat.to_dict() | {"updated": 0}
    assert got.sampling.stop == ["###"] and got.few_shot == [["2+2?", "4"]]
    msgs = again.messages(chat.id)
    assert [m.id for m in msgs] == [uid, rid]
    assert msgs[0].content == CHINESE and msgs[1].content == POLISH
    assert msgs[1].stats is not None and msgs[1].stats.completion_tokens == 9
    assert msgs[1].sources[0]["page"] == 2
    assert msgs[1].sampling is not None and msgs[1].sampling.seed == 7
    again.close()


def test_list_search_rename_delete(db: Path) -> None:
    store = ChatStore(db)
    a = store.create_chat(title="Kraków trip")
    b = store.create_chat(title="Recipes")
    store.add_message(b.id, "user", CHINESE)
    assert [c.id for c in store.list_chats()] == [b.id, a.id]  # most recently updated first
    assert [c.id for c in store.list_chats("KRAKÓW")] == [a.id]  # case folding beyond ASCII
    assert [c.id for c in store.list_chats("长城")] == [b.id]  # message text, Chinese
    store.rename(a.id, "Łódź trip")
    assert store.get_chat(a.id).title == "Łódź trip"
    store.delete(b.id)
    with pytest.raises(NotFound):
        store.get_chat(b.id)
    assert store.messages(b.id) == []  # cascaded
    with pytest.raises(NotFound):
        store.delete(b.id)
    with pytest.raises(NotFound):
        store.add_message(b.id, "user", "orphan")
    store.close()


def test_streaming_reply_left_by_a_dead_process_becomes_interrupted(db: Path) -> None:
    store = ChatStore(db)
    chat = store.create_chat()
    _, rid = store.add_exchange(chat.id, "Tell me a story", "m", Sampling())
    store.save_partial(rid, "Once upon a")
    # Our own process is alive, so another store opening the file leaves the reply alone.
    assert ChatStore(db).get_message(rid).state == "streaming"
    # Say the reply belonged to a process that has exited without finishing it.
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    con = sqlite3.connect(db)
    con.execute("UPDATE messages SET writer_pid = ? WHERE id = ?", (int(done.stdout), rid))
    con.commit()
    con.close()
    recovered = ChatStore(db)
    msg = recovered.get_message(rid)
    assert msg.state == "interrupted" and msg.content == "Once upon a"
    recovered.close()
    store.close()


def test_export_markdown_and_json(db: Path) -> None:
    store = ChatStore(db)
    chat = store.create_chat(title="导出 test", model="SmolLM2", system_prompt="Be kind.")
    store.add_message(chat.id, "user", POLISH)
    store.add_message(chat.id, "assistant", CHINESE, state="interrupted",
                      sources=[{"n": 1, "path": "/docs/a.pdf", "page": 3}])
    md = store.export_markdown(chat.id)
    assert md.startswith("# 导出 test\n")
    assert POLISH in md and CHINESE in md and "(interrupted)" in md
    assert "[1] /docs/a.pdf, page 3" in md
    data = json.loads(json.dumps(store.export_json(chat.id), ensure_ascii=False))
    assert data["title"] == "导出 test"
    assert [m["content"] for m in data["messages"]] == [POLISH, CHINESE]
    assert data["schema_version"] == SCHEMA_VERSION
    store.close()


def test_schema_is_versioned_and_newer_files_are_refused(db: Path) -> None:
    ChatStore(db).close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(StorageError) as err:
        ChatStore(db)
    assert "newer Hearth" in err.value.message


def test_corrupt_file_is_kept_and_a_new_database_opens(db: Path) -> None:
    # More on damaged files in test_chats_trust.py: this one has nothing readable, no backup.
    db.write_bytes(b"this is not a database" * 100)
    store = ChatStore(db)
    assert store.recovery is not None and store.recovery.hint
    assert "nothing could be read" in store.recovery.message
    assert store.recovery.damaged.read_bytes().startswith(b"this is not")  # kept for recovery
    assert store.list_chats() == []
    store.create_chat(title="new")
    store.close()


def test_search_is_an_fts_query_over_every_script(db: Path) -> None:
    store = ChatStore(db)
    zh, pl, en = (store.create_chat() for _ in range(3))
    store.add_message(zh.id, "user", "我想买面包和牛奶。")
    store.add_message(pl.id, "user", "Gdzie kupię świeży chleb w Łodzi?")
    reply = store.add_message(en.id, "assistant", "", state="streaming")
    store.save_partial(reply, "Sourdough starters need daily feeding")
    assert [c.id for c in store.list_chats("面包")] == [zh.id]
    assert [c.id for c in store.list_chats("面")] == [zh.id]  # a prefix of a bigram
    assert [c.id for c in store.list_chats("ŁÓDŹ")] == []  # whole words, not substrings...
    assert [c.id for c in store.list_chats("łodz")] == [pl.id]  # ...but any case, as a prefix
    assert [c.id for c in store.list_chats("świeży chleb")] == [pl.id]
    assert [c.id for c in store.list_chats("sourdough feed")] == [en.id]  # partial text too
    store.finish_message(reply, "Rye bread keeps longer", "complete")
    assert store.list_chats("sourdough") == []  # the index follows the final text
    assert [c.id for c in store.list_chats("rye")] == [en.id]
    store.delete_messages_after(en.id, 0)
    assert store.list_chats("rye") == []
    store.delete(pl.id)
    assert store.list_chats("chleb") == [] and store.list_chats('"') == []
    plan = store._db.execute(
        "EXPLAIN QUERY PLAN SELECT rowid FROM message_search WHERE message_search MATCH 'x'"
    ).fetchall()
    assert any("VIRTUAL TABLE INDEX" in str(tuple(r)) for r in plan)  # not a scan of messages
    store.close()


def test_a_schema_1_database_is_migrated_with_its_search_index(db: Path) -> None:
    con = sqlite3.connect(db)
    con.executescript("""
        CREATE TABLE chats (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL DEFAULT '',
            created REAL NOT NULL, updated REAL NOT NULL, model TEXT NOT NULL DEFAULT '',
            system_prompt TEXT NOT NULL DEFAULT '', sampling TEXT NOT NULL DEFAULT '{}',
            few_shot TEXT NOT NULL DEFAULT '[]', chain_of_thought INTEGER NOT NULL DEFAULT 0,
            libraries TEXT NOT NULL DEFAULT '[]', n_ctx INTEGER);
        CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT,
            chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
            role TEXT NOT NULL, content TEXT NOT NULL DEFAULT '', created REAL NOT NULL,
            model TEXT NOT NULL DEFAULT '', sampling TEXT, stats TEXT,
            state TEXT NOT NULL DEFAULT 'complete', citations TEXT NOT NULL DEFAULT '[]',
            writer_pid INTEGER);
        INSERT INTO chats (title, created, updated) VALUES ('old', 1, 1);
        INSERT INTO messages (chat_id, role, content, created, citations)
            VALUES (1, 'assistant', '长城很长', 1, '[{"n": 1, "path": "/a.md"}]');
        PRAGMA user_version = 1;
    """)
    con.close()
    store = ChatStore(db)
    [msg] = store.messages(1)
    assert msg.sources == [{"n": 1, "path": "/a.md"}]
    assert [c.id for c in store.list_chats("长城")] == [1]
    store.close()

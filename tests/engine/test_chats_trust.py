"""Trust: nothing is lost. Damaged records, a corrupt file, backups, a full disk, a read-only
data folder, and two processes writing to one chat.

Real SQLite files and real damage throughout: rows the schema forbids, bytes overwritten,
files truncated, a tmpfs that fills up and a read-only bind mount (both in a private mount
namespace when we are root; chmod when we are not). The model is a scripted stand-in: these
tests are about what is stored and what reaches the prompt, not what a model says.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from engine.backends.base import Reply, ReplyStats, Sampling
from engine.chats.service import ChatService
from engine.chats.store import ChatStore
from engine.config import Settings

REPO = Path(__file__).resolve().parents[2]
CHINESE = "北京是中国的首都，长城很长。"
POLISH = "Zażółć gęślą jaźń — Łódź i Kraków."


# helpers --------------------------------------------------------------------------------
class ScriptedRunner:
    """Stands in for the loaded model (plumbing only): records each prompt it is given,
    replies with `chunks`, calls `on_load` where a real model would load (that takes
    seconds) and `between(i)` before chunk i."""

    def __init__(
        self,
        chunks: list[str] | None = None,
        on_load: Callable[[], None] | None = None,
        between: Callable[[int], Any] | None = None,
    ) -> None:
        self.chunks = chunks or ["Fine", "."]
        self.on_load = on_load
        self.between = between
        self.prompts: list[list[tuple[str, str]]] = []

    def ensure(self, name: str | None = None, n_ctx: int | None = None, cancel: Any = None) -> Any:
        if self.on_load is not None:
            hook, self.on_load = self.on_load, None
            hook()
        return SimpleNamespace(name="scripted")

    def chat(self, messages: list[Any], sampling: Sampling, cancel: Any = None,
             keep_head: int | None = None, reading: Any = None) -> Reply:
        self.prompts.append([(m.role, m.content) for m in messages])
        return Reply(self._gen())

    def _gen(self) -> Iterator[str]:
        for i, chunk in enumerate(self.chunks):
            if self.between is not None:
                self.between(i)
            yield chunk
        return ReplyStats(completion_tokens=len(self.chunks), finish_reason="stop")


def make_service(db: Path, runner: ScriptedRunner) -> ChatService:
    return ChatService(ChatStore(db), runner, lambda: Settings(system_prompt=""), lambda: None)  # type: ignore[arg-type]


def cli(home: Path, *commands: list[str], wrap: list[str] | None = None) -> list[tuple[int, str, str]]:
    """Run `hearth` commands in one fresh process (rc, stdout, stderr each); a traceback
    anywhere fails the test."""
    driver = (
        "import contextlib, io, json, sys\n"
        "from engine.cli.main import main\n"
        "out = []\n"
        "for argv in json.loads(sys.argv[1]):\n"
        "    o, e = io.StringIO(), io.StringIO()\n"
        "    with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):\n"
        "        rc = main(argv)\n"
        "    out.append([rc, o.getvalue(), e.getvalue()])\n"
        "print(json.dumps(out))\n"
    )
    env = {**os.environ, "HEARTH_HOME": str(home), "PYTHONPATH": str(REPO)}
    r = subprocess.run([*(wrap or []), sys.executable, "-c", driver, json.dumps(commands)],
                       capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    return [tuple(x) for x in json.loads(r.stdout)]  # type: ignore[misc]


def tamper(db: Path, *statements: str) -> None:
    """Write rows the schema forbids, as a damaged file holds them: NOT NULL is lifted from
    the stored schema for the writes (CHECK ignored), then the schema is put back."""
    con = sqlite3.connect(db, isolation_level=None)
    schema = dict(con.execute(
        "SELECT name, sql FROM sqlite_master WHERE name IN ('chats', 'messages')").fetchall())

    def set_schema(sqls: dict[str, str]) -> None:
        con.execute("PRAGMA writable_schema = ON")
        for name, sql in sqls.items():
            con.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql, name))
        con.execute("PRAGMA writable_schema = RESET")

    set_schema({n: s.replace("NOT NULL", "") for n, s in schema.items()})
    con.execute("PRAGMA ignore_check_constraints = ON")
    for statement in statements:
        con.execute(statement)
    set_schema(schema)
    con.close()


def fill(store: ChatStore, chats: int = 12, per_chat: int = 14) -> dict[int, tuple[int, str]]:
    """Chats whose messages span many pages: {message id: (chat id, content)}. Each content
    holds a marker like <<M7>> that only the messages table stores (the search index keeps
    words without the brackets), so a test can find the page a message is on."""
    out = {}
    for c in range(chats):
        chat = store.create_chat(title=f"<<C{c}>> chat {c}")
        for i in range(per_chat):
            n = len(out)
            text = f"<<M{n}>> " + (POLISH if i % 2 else CHINESE) + f" message {n}. " + "lorem " * 60
            mid = store.add_message(chat.id, "user" if i % 2 == 0 else "assistant", text)
            out[mid] = (chat.id, text)
    return out


def page_size(data: bytes) -> int:
    size = int.from_bytes(data[16:18], "big")
    return 65536 if size == 1 else size


def overwrite_page_with(data: bytearray, marker: bytes) -> bytes:
    """Garbage over the whole page holding `marker`; returns that page as it was."""
    size = page_size(data)
    start = data.index(marker) // size * size
    before = bytes(data[start:start + size])
    data[start:start + size] = b"\xde\xad\xbe\xef" * (size // 4)
    return before


def all_messages(store: ChatStore) -> dict[int, tuple[int, str]]:
    return {m.id: (m.chat_id, m.content) for c in store.list_chats() for m in store.messages(c.id)}


def backups_of(db: Path) -> list[Path]:
    return sorted((db.parent / "backups").glob("chats-*.sqlite3"), key=lambda p: p.stat().st_mtime)


def age(path: Path, days: float) -> None:
    t = time.time() - days * 86400
    os.utime(path, (t, t))


def fresh_backup(db: Path) -> Path:
    """Make every backup look old, so that the next open takes one of everything now."""
    for p in backups_of(db):
        age(p, 2)
    ChatStore(db).close()
    return backups_of(db)[-1]


def can_unshare() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("mount"):
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


def private_mount(setup: str) -> list[str]:
    """A command prefix: run in a private mount namespace after `setup` (shell, as root);
    what it mounts is never seen by the rest of the machine and goes away with it."""
    return ["unshare", "-m", "sh", "-c", setup + ' && exec "$@"', "sh"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "chats.sqlite3"


# 1. a damaged record ---------------------------------------------------------------------
def damage_a_chat(db: Path) -> dict[str, int]:
    store = ChatStore(db)
    good = store.create_chat(title="Fine")
    bad = store.create_chat(title="Broken settings", system_prompt="Be brief.")
    user = store.add_message(bad.id, "user", "Hello " + CHINESE)
    reply = store.add_message(bad.id, "assistant", "Hi! " + POLISH, stats=ReplyStats(completion_tokens=2),
                              sources=[{"n": 1, "path": "/a.md"}])
    gone = store.add_message(bad.id, "assistant", "soon NULL")
    garbled = store.create_chat(title="soon not UTF-8")
    store.close()
    tamper(
        db,
        f"UPDATE chats SET title = CAST(x'fffe41' AS TEXT) WHERE id = {garbled.id}",
        f"UPDATE chats SET sampling = '{{not json', few_shot = 42, created = 'yesterday' WHERE id = {bad.id}",
        f"UPDATE messages SET stats = '[1,', sources = 'null?', role = 'robot' WHERE id = {reply}",
        f"UPDATE messages SET content = NULL WHERE id = {gone}",
        f"UPDATE messages SET model = CAST(x'fffe41' AS TEXT) WHERE id = {user}",  # not UTF-8
    )
    return {"good": good.id, "bad": bad.id, "user": user, "reply": reply, "gone": gone,
            "garbled": garbled.id}


def test_damaged_records_are_read_as_far_as_they_can_be(db: Path) -> None:
    ids = damage_a_chat(db)
    store = ChatStore(db)
    assert store.recovery is None  # bad values in a row are not a damaged file
    assert {c.id for c in store.list_chats()} == {ids["good"], ids["bad"], ids["garbled"]}
    title = store.get_chat(ids["garbled"])
    assert title.title == "\ufffd\ufffdA" and title.damaged == ["title"]
    chat = store.get_chat(ids["bad"])
    assert chat.title == "Broken settings" and chat.system_prompt == "Be brief."
    assert sorted(chat.damaged) == ["created", "few_shot", "sampling"]
    assert chat.sampling == Sampling() and chat.few_shot == []
    assert store.get_chat(ids["good"]).damaged == []
    user, reply, gone = store.messages(ids["bad"])
    assert user.content == "Hello " + CHINESE and user.damaged == ["model"]
    assert reply.content == "Hi! " + POLISH and reply.stats is None and reply.sources == []
    assert sorted(reply.damaged) == ["role", "sources", "stats"]
    assert gone.content == "" and gone.damaged == ["content"]
    assert [c.id for c in store.list_chats("北京")] == [ids["bad"]]  # search still works
    md = store.export_markdown(ids["bad"])
    assert CHINESE in md and POLISH in md and "damaged" in md
    data = json.loads(json.dumps(store.export_json(ids["bad"]), ensure_ascii=False))
    assert data["damaged"] == chat.damaged and data["messages"][1]["damaged"] == reply.damaged
    store.close()


def test_cli_shows_a_damaged_chat_and_names_the_damaged_records(hearth_home: Path) -> None:
    ids = damage_a_chat(hearth_home / "chats.sqlite3")
    bad = str(ids["bad"])
    listed, shown, as_json, exported = cli(
        hearth_home, ["chats", "list"], ["chats", "show", bad], ["chats", "show", bad, "--json"],
        ["chats", "export", bad])
    assert all(rc == 0 for rc, _, _ in (listed, shown, as_json, exported))
    assert "Broken settings" in listed[1] and "Fine" in listed[1]
    assert CHINESE in shown[1] and POLISH in shown[1]
    for _, _, err in (shown, exported):
        assert f"message {ids['reply']}" in err and f"message {ids['gone']}" in err
        assert "damaged" in err and f"hearth chats export {bad}" in err  # what to do
    assert json.loads(as_json[1])["messages"][2]["damaged"] == ["content"]
    assert CHINESE in exported[1]


# 2. a corrupt file -----------------------------------------------------------------------
def test_garbage_over_pages_is_salvaged_into_a_fresh_database(db: Path) -> None:
    store = ChatStore(db)
    written = fill(store)
    store.close()
    data = bytearray(db.read_bytes())
    lost = set()
    for marker in (b"<<M40>>", b"<<M120>>"):
        page = overwrite_page_with(data, marker)
        lost |= {mid for mid, (_, text) in written.items() if text.split()[0].encode() in page}
    db.write_bytes(data)

    store = ChatStore(db)
    rec = store.recovery
    assert rec is not None and rec.backup is None  # read from the damaged file
    assert rec.damaged.read_bytes() == bytes(data)  # kept, untouched
    assert rec.damaged.parent == db.parent and rec.damaged.name.startswith("chats.damaged-")
    got = all_messages(store)
    assert 0 < len(lost) < 30 and set(got) == set(written) - lost
    assert all(got[mid] == written[mid] for mid in got)  # whole and in their own chats
    assert (rec.chats, rec.messages) == (12, len(got))
    assert "Recovered 12 chats" in rec.message and str(rec.damaged) in rec.message
    assert "hearth chats restore" in rec.hint
    indexed = store._db.execute(
        "SELECT count(*) FROM message_search WHERE message_search MATCH 'lorem'").fetchone()[0]
    assert indexed == len(got)  # the search index is rebuilt
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    new = store.create_chat(title="after")
    assert new.id > max(c.id for c in store.list_chats() if c.id != new.id)  # ids never reused
    store.close()
    assert ChatStore(db).recovery is None  # the fresh file is sound


def test_messages_of_an_unreadable_chat_row_land_in_a_recovered_chat(db: Path) -> None:
    store = ChatStore(db)
    written = fill(store, chats=3, per_chat=4)
    store.close()
    data = bytearray(db.read_bytes())
    overwrite_page_with(data, b"<<C0>>")  # the one page that holds every chat row
    db.write_bytes(data)
    store = ChatStore(db)
    assert store.recovery is not None and store.recovery.backup is None
    assert all_messages(store) == written  # every message, still in its chat
    assert all(c.title.startswith("Recovered chat") for c in store.list_chats())
    store.close()


def test_a_truncated_file_is_salvaged(db: Path) -> None:
    store = ChatStore(db)
    written = fill(store)
    store.close()
    data = db.read_bytes()
    db.write_bytes(data[: len(data) * 6 // 10 + 123])
    store = ChatStore(db)
    assert store.recovery is not None and store.recovery.backup is None  # read from the file
    got = all_messages(store)
    assert 0 < len(got) < len(written) and all(written[mid] == got[mid] for mid in got)
    assert store.recovery.damaged.stat().st_size == len(data) * 6 // 10 + 123
    store.close()


def test_a_file_that_is_not_a_database_is_kept_and_the_newest_backup_used(hearth_home: Path) -> None:
    db = hearth_home / "chats.sqlite3"
    store = ChatStore(db)
    written = fill(store, chats=2, per_chat=3)
    store.close()
    backup = fresh_backup(db)
    db.write_bytes(b"this is not a database" * 200)
    [(rc, out, err)] = cli(hearth_home, ["chats", "list"])
    assert rc == 0 and "<<C1>> chat 1" in out
    assert "damaged" in err and "backup" in err and "chats.damaged-" in err
    store = ChatStore(db)
    assert all_messages(store) == written
    [kept] = db.parent.glob("chats.damaged-*.sqlite3")
    assert kept.read_bytes().startswith(b"this is not a database")
    assert backup.exists()
    store.close()


# 3. rolling backups ----------------------------------------------------------------------
def test_a_backup_a_day_and_the_last_seven_kept(db: Path) -> None:
    ChatStore(db).close()
    assert backups_of(db) == []  # nothing to back up yet
    store = ChatStore(db)
    chat = store.create_chat(title="Kept " + POLISH)
    store.add_message(chat.id, "user", CHINESE)
    store.close()
    [first] = backups_of(db)
    con = sqlite3.connect(f"file:{first}?mode=ro", uri=True)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    assert con.execute("SELECT title FROM chats").fetchall() == [("Kept " + POLISH,)]
    con.close()
    ChatStore(db).close()
    assert backups_of(db) == [first]  # at most once a day
    for day in range(8, 0, -1):  # eight older ones
        old = first.with_name(f"chats-2020010{day}-120000.sqlite3")
        shutil.copy(first, old)
        age(old, 30 + day)
    age(first, 1.5)
    ChatStore(db).close()
    kept = backups_of(db)
    assert len(kept) == 7 and first in kept and kept[-1] != first  # a new one, the newest
    assert not first.with_name("chats-20200108-120000.sqlite3").exists()  # the oldest went


def test_a_failed_backup_is_logged_and_chatting_goes_on(db: Path, caplog: pytest.LogCaptureFixture) -> None:
    (db.parent / "backups").write_text("a file where the backups folder should be")
    store = ChatStore(db)
    chat = store.create_chat()
    store.add_message(chat.id, "user", POLISH)
    store.close()
    assert "back up" in caplog.text
    store = ChatStore(db)
    assert [m.content for m in store.messages(chat.id)] == [POLISH]
    store.close()


def test_restore_brings_a_backup_back_and_keeps_the_chats_it_replaces(hearth_home: Path) -> None:
    db = hearth_home / "chats.sqlite3"
    store = ChatStore(db)
    before = store.create_chat(title="Before")
    store.add_message(before.id, "user", CHINESE)
    store.close()
    fresh_backup(db)
    store = ChatStore(db)
    store.delete(before.id)
    after = store.create_chat(title="After")
    store.close()
    listed, restored = cli(hearth_home, ["chats", "backups"], ["chats", "restore", "1"])
    assert listed[0] == 0 and "1 chat" in listed[1], listed
    assert restored[0] == 0, restored
    store = ChatStore(db)
    assert [c.title for c in store.list_chats()] == ["Before"]
    assert [m.content for m in store.messages(before.id)] == [CHINESE]
    assert [c.title for c in store.list_chats("北京")] == ["Before"]  # its search index too
    saved = [p for p in backups_of(db) if "before-restore" in p.name]
    assert len(saved) == 1 and str(saved[0]) in restored[1] + restored[2]
    con = sqlite3.connect(f"file:{saved[0]}?mode=ro", uri=True)
    assert con.execute("SELECT id, title FROM chats").fetchall() == [(after.id, "After")]
    con.close()
    store.close()


# 4. a full disk, a read-only data folder -----------------------------------------------
def fill_disk(path: Path) -> None:
    """Write `path` until the file system has no byte left."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 20, 1 << 16, 4096, 512, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as e:
                    assert e.errno == errno.ENOSPC
                    break
    finally:
        os.close(fd)


DISK_FULL_CHILD = """
import json, shutil, sys
from pathlib import Path
import engine.chats.service as service
from engine.errors import HearthError
from tests.engine.test_chats_trust import ScriptedRunner, fill_disk, make_service
service.FLUSH_S = 0.0  # every chunk is saved
home, out = Path(sys.argv[1]), Path(sys.argv[2])
runner = ScriptedRunner(["word " * 600] * 100, between=lambda i: i == 6 and fill_disk(home / "filler"))
chats = make_service(home / "chats.sqlite3", runner)
chat = chats.new_chat()
chats.store.backups.wait()  # a backup takes space: done before the disk fills
reply = chats.send(chat.id, "Tell me a long story")
got, error = [], None
try:
    for chunk in reply:
        got.append(chunk)
except HearthError as e:
    error = e
saved = chats.get_message(reply.message_id)  # reading works on a full disk
print(json.dumps({"error": type(error).__name__, "message": error and error.message,
                  "hint": error and error.hint, "got": "".join(got), "saved": saved.content}))
chats.close()
for p in home.glob("chats.sqlite3*"):
    shutil.copy(p, out / p.name)
"""


@pytest.mark.skipif(not can_unshare(), reason="needs root and unshare for a small tmpfs")
def test_full_disk_while_a_reply_streams_is_one_clear_error_and_keeps_the_reply(tmp_path: Path) -> None:
    home, out = tmp_path / "small-disk", tmp_path / "out"
    home.mkdir()
    out.mkdir()
    r = subprocess.run(
        [*private_mount(f"mount -t tmpfs -o size=2m tmpfs '{home}'"), sys.executable, "-c",
         DISK_FULL_CHILD, str(home), str(out)],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "rollback" not in r.stderr, r.stderr
    result = json.loads(r.stdout)
    assert result["error"] == "NotEnoughSpace"
    assert result["message"].startswith("The disk is full: ") and " MB free" in result["message"]
    assert result["hint"]
    assert len(result["saved"]) >= 6 * len("word " * 600)  # what was written before it filled
    assert result["got"].startswith(result["saved"])
    store = ChatStore(out / "chats.sqlite3")  # that process has gone: the reply is interrupted
    [_, reply] = store.messages(1)
    assert reply.state == "interrupted" and reply.content == result["saved"]
    store.close()


def read_only(folder: Path) -> Iterator[list[str]]:
    """Yield a command prefix under which `folder` is read-only: a read-only bind mount in
    a private namespace as root, else chmod (which root would ignore)."""
    if os.geteuid() != 0:
        paths = [folder, *folder.rglob("*")]
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(modes[p] & ~0o222)
        try:
            yield []
        finally:
            for p in reversed(paths):
                p.chmod(modes[p])
    elif can_unshare():
        yield private_mount(f"mount --bind '{folder}' '{folder}' && "
                            f"mount -o remount,bind,ro '{folder}'")
    else:
        pytest.skip("root without unshare: no way to make a folder read-only")


LEAVE_WAL = """
import os, sys
from engine.chats.store import ChatStore
store = ChatStore(sys.argv[1])
store.add_message(1, "user", sys.argv[2])
os._exit(0)  # killed: the -wal and -shm stay, and hold the last message
"""


@pytest.mark.parametrize("after_a_crash", [False, True])
def test_a_read_only_data_folder_can_still_be_read(hearth_home: Path, after_a_crash: bool) -> None:
    from engine.api import Hearth

    Hearth(hearth_home).close()  # the folders a data folder has
    db = hearth_home / "chats.sqlite3"
    store = ChatStore(db)
    chat = store.create_chat(title="Readable " + POLISH)
    store.add_message(chat.id, "user", CHINESE)
    store.close()
    if after_a_crash:
        subprocess.run([sys.executable, "-c", LEAVE_WAL, str(db), "last words"], check=True,
                       cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert (hearth_home / "chats.sqlite3-wal").stat().st_size > 0
    before = {p.name: p.read_bytes() for p in hearth_home.rglob("*") if p.is_file()}
    for wrap in read_only(hearth_home):
        listed, shown, exported, renamed, deleted = cli(
            hearth_home, ["chats", "list", "--json"], ["chats", "show", str(chat.id)],
            ["chats", "export", str(chat.id), "--format", "json"],
            ["chats", "rename", str(chat.id), "New"], ["chats", "delete", str(chat.id)], wrap=wrap)
    assert [c["title"] for c in json.loads(listed[1])] == ["Readable " + POLISH]
    assert shown[0] == 0 and CHINESE in shown[1]
    assert exported[0] == 0
    contents = [m["content"] for m in json.loads(exported[1])["messages"]]
    assert contents == [CHINESE, "last words"] if after_a_crash else [CHINESE]
    for rc, _, err in (renamed, deleted):
        assert rc != 0 and "The data folder is read-only" in err, err
        assert len(err.strip().splitlines()) == 2  # the message and a hint, nothing else
    after = {p.name: p.read_bytes() for p in hearth_home.rglob("*") if p.is_file()}
    assert after == before


# 5. two processes, one chat --------------------------------------------------------------
WRITE_TURN = """
import sys
from engine.chats.store import ChatStore
store = ChatStore(sys.argv[1])
chat_id = int(sys.argv[2])
if sys.argv[3] == "title":
    store.rename(chat_id, sys.argv[4])
else:
    store.add_message(chat_id, "user", sys.argv[3])
    store.add_message(chat_id, "assistant", sys.argv[4])
store.close()
"""


def another_process(db: Path, chat_id: int, *args: str) -> None:
    subprocess.run([sys.executable, "-c", WRITE_TURN, str(db), str(chat_id), *args], check=True,
                   cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)


def test_send_includes_what_another_process_wrote_while_the_model_loaded(db: Path) -> None:
    runner = ScriptedRunner()
    chats = make_service(db, runner)
    chat = chats.new_chat()
    chats.store.add_message(chat.id, "user", "Hi")
    chats.store.add_message(chat.id, "assistant", "Hello")

    def meanwhile() -> None:
        another_process(db, chat.id, "I am Zofia.", "Hello Zofia.")
        another_process(db, chat.id, "title", "Named elsewhere")

    runner.on_load = meanwhile
    _ = chats.send(chat.id, "What is my name?").text
    assert runner.prompts[-1] == [("user", "Hi"), ("assistant", "Hello"), ("user", "I am Zofia."),
                                  ("assistant", "Hello Zofia."), ("user", "What is my name?")]
    assert [m.content for m in chats.messages(chat.id)] == [
        "Hi", "Hello", "I am Zofia.", "Hello Zofia.", "What is my name?", "Fine."]
    assert chats.get(chat.id).title == "Named elsewhere"  # not overwritten with ours
    chats.close()


def test_regenerate_never_deletes_a_turn_another_process_wrote(db: Path) -> None:
    runner = ScriptedRunner()
    chats = make_service(db, runner)
    chat = chats.new_chat()
    chats.store.add_message(chat.id, "user", "Q1")
    chats.store.add_message(chat.id, "assistant", "A1")
    runner.on_load = lambda: another_process(db, chat.id, "Q2", "A2")
    _ = chats.regenerate(chat.id).text
    # The last reply is now the other process's: that one is regenerated, nothing else goes.
    assert runner.prompts[-1] == [("user", "Q1"), ("assistant", "A1"), ("user", "Q2")]
    assert [m.content for m in chats.messages(chat.id)] == ["Q1", "A1", "Q2", "Fine."]
    chats.close()


def test_two_services_on_one_file_see_each_others_turns(db: Path) -> None:
    a_runner, b_runner = ScriptedRunner(["from A"]), ScriptedRunner(["from B"])
    a, b = make_service(db, a_runner), make_service(db, b_runner)
    chat = a.new_chat()
    _ = a.send(chat.id, "one").text
    _ = b.send(chat.id, "two").text
    _ = a.send(chat.id, "three").text
    assert a_runner.prompts[-1] == [("user", "one"), ("assistant", "from A"), ("user", "two"),
                                    ("assistant", "from B"), ("user", "three")]
    assert [m.content for m in b.messages(chat.id)][-2:] == ["three", "from A"]
    a.close()
    b.close()

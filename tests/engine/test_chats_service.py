"""ChatService with the real SmolLM2: send, regenerate, edit, cancel, kill -9 mid-reply."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from engine.api import Hearth
from engine.backends.base import ChatMessage, Sampling
from engine.chats.store import ChatStore
from engine.errors import GenerationError
from engine.jobs import CancelToken
from tests.reference import raw_chat, raw_llama

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
GREEDY = {"temperature": 0.0, "seed": 1, "max_tokens": 40}


@pytest.fixture(scope="module")
def hearth(smollm2: Path, tmp_path_factory: pytest.TempPathFactory):
    h = Hearth(tmp_path_factory.mktemp("chats-home"))
    h.runner.load(h.models.get(str(smollm2)), n_ctx=1024)
    yield h
    h.close()


@pytest.fixture(scope="module")
def raw(smollm2: Path, hearth: Hearth):
    plan = hearth.runner.plan
    assert plan is not None
    llm = raw_llama(smollm2, plan.n_ctx, plan.threads or None)
    yield llm
    llm.close()


def prompt_of(hearth: Hearth, chat_id: int) -> list[ChatMessage]:
    """The messages the last reply answered: the system prompt and all before that reply."""
    chat = hearth.chats.get(chat_id)
    stored = hearth.chats.messages(chat_id)[:-1]
    return [ChatMessage("system", chat.system_prompt),
            *(ChatMessage(m.role, m.content) for m in stored)]  # type: ignore[arg-type]


def assert_raw_reply(hearth: Hearth, raw, chat_id: int, text: str) -> None:
    """The saved reply is what raw llama-cpp-python says to the same prompt."""
    assert text.strip()
    assert text == raw_chat(raw, prompt_of(hearth, chat_id), Sampling.from_dict(GREEDY))[0]


@pytest.fixture
def chat(hearth: Hearth, smollm2: Path):
    return hearth.chats.new_chat(model=str(smollm2), system_prompt="You are a helpful assistant.",
                                 sampling=GREEDY)


def test_send_saves_both_messages_with_stats(hearth: Hearth, chat, raw) -> None:
    hearth.runner.backend.reset()
    reply = hearth.chats.send(chat.id, "What is the capital of France?")
    chunks = list(reply)
    assert len(chunks) > 3
    assert_raw_reply(hearth, raw, chat.id, reply.text)
    msgs = hearth.chats.messages(chat.id)
    assert [m.role for m in msgs] == ["user", "assistant"]
    assert msgs[1].id == reply.message_id and msgs[0].id == reply.user_message_id
    assert msgs[1].content == reply.text and msgs[1].state == "complete"
    assert msgs[1].stats == reply.stats and msgs[1].stats is not None
    assert msgs[1].stats.finish_reason in ("stop", "length")
    assert msgs[1].model and msgs[1].sampling is not None
    assert hearth.chats.get(chat.id).title == "What is the capital of France?"


def test_follow_up_sees_the_conversation(hearth: Hearth, chat) -> None:
    _ = hearth.chats.send(chat.id, "My name is Zofia.").text
    reply = hearth.chats.send(chat.id, "What is my name?")
    _ = reply.text
    assert reply.stats is not None and reply.stats.prompt_tokens > 30
    assert len(hearth.chats.messages(chat.id)) == 4


def test_regenerate_replaces_the_last_reply(hearth: Hearth, chat) -> None:
    _ = hearth.chats.send(chat.id, "What is the capital of France?").text
    first = hearth.chats.messages(chat.id)
    hearth.chats.update(chat.id, sampling={**GREEDY, "temperature": 0.9, "seed": 11})
    again = hearth.chats.regenerate(chat.id)
    _ = again.text
    msgs = hearth.chats.messages(chat.id)
    assert [m.role for m in msgs] == ["user", "assistant"]
    assert msgs[0].id == first[0].id and msgs[1].id == again.message_id != first[1].id


def test_edit_and_resend_continues_from_the_edit(hearth: Hearth, chat, raw) -> None:
    _ = hearth.chats.send(chat.id, "What is the capital of Germany?").text
    _ = hearth.chats.send(chat.id, "And its population?").text
    first_user = hearth.chats.messages(chat.id)[0]
    hearth.runner.backend.reset()
    reply = hearth.chats.edit_and_resend(first_user.id, "What is the capital of France?")
    assert_raw_reply(hearth, raw, chat.id, reply.text)
    msgs = hearth.chats.messages(chat.id)
    assert [(m.role, m.id) for m in msgs] == [("user", first_user.id), ("assistant", reply.message_id)]
    assert msgs[0].content == "What is the capital of France?"
    # The title was made from the first message: it follows the edit ...
    assert hearth.chats.get(chat.id).title == "What is the capital of France?"
    # ... unless the user named the chat.
    hearth.chats.rename(chat.id, "Stolice")
    _ = hearth.chats.edit_and_resend(first_user.id, "Jaka jest stolica Polski?").text
    assert hearth.chats.get(chat.id).title == "Stolice"


def test_cancel_keeps_the_partial_reply(hearth: Hearth, chat, raw) -> None:
    hearth.chats.update(chat.id, sampling={**GREEDY, "max_tokens": 300})
    cancel = CancelToken()
    reply = hearth.chats.send(chat.id, "Write a long story about a dragon.", cancel=cancel)
    got = []
    for chunk in reply:
        got.append(chunk)
        if len(got) == 4:
            cancel.cancel()
    assert reply.stats is not None and reply.stats.finish_reason == "cancelled"
    saved = hearth.chats.get_message(reply.message_id)
    assert saved.content == reply.text == "".join(got) and saved.state == "interrupted"
    assert saved.stats is not None and saved.stats.finish_reason == "cancelled"
    # The chat goes on: the next reply answers the whole conversation, the partial one too.
    hearth.chats.update(chat.id, sampling=GREEDY)
    hearth.runner.backend.reset()
    after = hearth.chats.send(chat.id, "What is the capital of France?").text
    assert [m.role for m in prompt_of(hearth, chat.id)] == ["system", "user", "assistant", "user"]
    assert_raw_reply(hearth, raw, chat.id, after)


def test_abandoned_reply_is_saved_as_interrupted(hearth: Hearth, chat) -> None:
    reply = hearth.chats.send(chat.id, "Write a long story about a dragon.")
    it = iter(reply)
    next(it)
    reply.close()
    saved = hearth.chats.get_message(reply.message_id)
    assert saved.state == "interrupted" and saved.content


def test_partial_text_is_flushed_while_streaming(hearth: Hearth, chat, monkeypatch) -> None:
    import engine.chats.service as service

    monkeypatch.setattr(service, "FLUSH_S", 0.0)
    hearth.chats.update(chat.id, sampling={**GREEDY, "max_tokens": 30})
    reply = hearth.chats.send(chat.id, "Write a long story about a dragon.")
    reader = ChatStore(hearth.paths.chats_db)  # another connection, as another process sees it
    seen = []
    for _ in reply:
        m = reader.get_message(reply.message_id)
        seen.append((m.state, m.content))
    reader.close()
    assert all(state == "streaming" for state, _ in seen)
    assert any(content for _, content in seen)


def test_refused_message_changes_nothing(hearth: Hearth, chat) -> None:
    with pytest.raises(GenerationError):
        hearth.chats.send(chat.id, "ocean " * 3000)
    with pytest.raises(GenerationError):
        hearth.chats.send(chat.id, "   ")
    assert hearth.chats.messages(chat.id) == []


def test_few_shot_and_chain_of_thought_reach_the_prompt(hearth: Hearth, chat) -> None:
    hearth.chats.update(chat.id, few_shot=[["Capital of Italy?", "Rome."]],
                                  chain_of_thought=True)
    reply = hearth.chats.send(chat.id, "Capital of France?")
    _ = reply.text
    plain = hearth.chats.new_chat(model=chat.model, system_prompt=chat.system_prompt,
                                  sampling=GREEDY)
    base = hearth.chats.send(plain.id, "Capital of France?")
    _ = base.text
    assert reply.stats is not None and base.stats is not None
    assert reply.stats.prompt_tokens > base.stats.prompt_tokens + 20


KILL_SCRIPT = textwrap.dedent(
    """
    import sys
    import engine.chats.service as service
    from engine.api import Hearth
    service.FLUSH_S = 0.1
    h = Hearth(sys.argv[1])
    chat = h.chats.new_chat(model=sys.argv[2], sampling={"max_tokens": 4000, "seed": 3})
    for chunk in h.chats.send(chat.id, "Write a very long story about a dragon, 北京 and Łódź."):
        pass
    """
)


def test_kill_9_mid_reply_leaves_the_database_intact(tmp_path: Path, smollm2: Path) -> None:
    home = tmp_path / "home"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(home), str(smollm2)],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    db = home / "chats.sqlite3"
    partial = ""
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
                    row = con.execute("SELECT content FROM messages WHERE state = 'streaming'"
                                      " AND length(content) > 20").fetchone()
                    con.close()
                except sqlite3.OperationalError:
                    row = None
                if row:
                    partial = row[0]
                    break
            time.sleep(0.1)
        assert partial, "the child never streamed a reply"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    store = ChatStore(db)  # the next open
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    [chat] = store.list_chats()
    user, reply = store.messages(chat.id)
    assert user.content.endswith("北京 and Łódź.")
    assert reply.state == "interrupted"
    assert reply.content.startswith(partial)
    store.close()

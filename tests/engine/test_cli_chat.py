"""`hearth chat` and `hearth chats` as a user runs them: subprocesses, real model, UTF-8."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.backends.base import ChatMessage
from engine.chats.store import ChatStore
from tests.reference import raw_chat, raw_llama

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CHINESE = "请用一句话介绍北京。"
POLISH = "Napisz jedno zdanie o Łodzi i Krakowie. Zażółć gęślą jaźń."


def cli_env(home: Path, encoding: str = "") -> dict[str, str]:
    # A C locale (and optionally a legacy stdio encoding): the CLI itself must speak UTF-8.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    env.update(HEARTH_HOME=str(home), LC_ALL="C", LANG="C", PYTHONPATH=str(REPO))
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    return env


def hearth(
    home: Path, *args: str, stdin: str | None = None, encoding: str = ""
) -> subprocess.CompletedProcess[bytes]:
    env = cli_env(home, encoding)
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        input=stdin.encode("utf-8") if stdin is not None else None,
        capture_output=True, env=env, cwd=REPO, timeout=300,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, smollm2: Path) -> Path:
    from engine.api import Hearth

    path = tmp_path_factory.mktemp("cli-home")
    h = Hearth(path)
    h.models.import_file(smollm2, link=True)
    h.close()
    return path


def assert_raw_reply(home: Path, smollm2: Path, out: dict) -> None:
    """The CLI's reply is what raw llama-cpp-python says to the same prompt and sampling."""
    store = ChatStore(home / "chats.sqlite3")
    chat = store.get_chat(out["chat_id"])
    *before, reply = store.messages(chat.id)
    store.close()
    assert reply.id == out["message_id"] and reply.sampling is not None
    messages = [ChatMessage("system", chat.system_prompt)] if chat.system_prompt else []
    messages += [ChatMessage(m.role, m.content) for m in before]  # type: ignore[arg-type]
    llm = raw_llama(smollm2, out["plan"]["n_ctx"], out["plan"]["threads"] or None)
    try:
        text, tokens = raw_chat(llm, messages, reply.sampling)
    finally:
        llm.close()
    assert out["text"].strip() and out["text"] == text
    assert out["stats"]["completion_tokens"] == tokens


def test_json_answer_with_stats(home: Path, smollm2: Path) -> None:
    r = hearth(home, "chat", "--json", "--temperature", "0", "--seed", "1", "--max-tokens", "48",
               "--system", "You are a helpful assistant.", "What is the capital of France?")
    assert r.returncode == 0, r.stderr.decode()
    out = json.loads(r.stdout.decode("utf-8"))
    assert_raw_reply(home, smollm2, out)
    assert out["stats"]["completion_tokens"] > 0
    assert out["stats"]["finish_reason"] in ("stop", "length")
    assert out["stats"]["ttft_ms"] > 0 and out["chat_id"] and out["message_id"]
    assert out["model"].startswith("SmolLM2")
    assert out["plan"]["backend"] == "llama.cpp"


def test_stdin_chinese_round_trips_and_chat_continues(home: Path) -> None:
    r = hearth(home, "chat", "--json", "--max-tokens", "20", "-", stdin=CHINESE + "\n")
    assert r.returncode == 0, r.stderr.decode()
    first = json.loads(r.stdout.decode("utf-8"))
    r = hearth(home, "chat", "--chat", str(first["chat_id"]), "--max-tokens", "12",
               "--stop", "。", "--stop", "\n\n", POLISH, encoding="cp1252")
    assert r.returncode == 0, r.stderr.decode()
    streamed = r.stdout.decode("utf-8")  # strict: no mojibake, no replacement escapes
    store = ChatStore(home / "chats.sqlite3")
    msgs = store.messages(first["chat_id"])
    store.close()
    assert [m.content for m in msgs if m.role == "user"] == [CHINESE, POLISH]
    assert msgs[-1].content == streamed.rstrip("\n")
    assert "。" not in msgs[-1].content
    assert msgs[-1].sampling is not None and msgs[-1].sampling.stop == ["。", "\n\n"]

    shown = hearth(home, "chats", "show", str(first["chat_id"]), encoding="cp1252")
    assert shown.returncode == 0
    text = shown.stdout.decode("utf-8")
    assert CHINESE in text and POLISH in text


def test_chats_list_rename_export_delete(home: Path, tmp_path: Path) -> None:
    r = hearth(home, "chat", "--json", "--max-tokens", "5", "Hello there")
    chat_id = json.loads(r.stdout)["chat_id"]
    listed = json.loads(hearth(home, "chats", "list", "--json").stdout.decode("utf-8"))
    assert chat_id in [c["id"] for c in listed]
    assert hearth(home, "chats", "rename", str(chat_id), "Powitanie 你好").returncode == 0
    found = json.loads(hearth(home, "chats", "list", "--json", "--search", "你好").stdout)
    assert [c["id"] for c in found] == [chat_id]
    md_file = tmp_path / "chat.md"
    assert hearth(home, "chats", "export", str(chat_id), "-o", str(md_file)).returncode == 0
    md = md_file.read_text("utf-8")
    assert md.startswith("# Powitanie 你好") and "Hello there" in md
    exported = json.loads(hearth(home, "chats", "export", str(chat_id), "--format", "json").stdout)
    assert exported["messages"][0]["content"] == "Hello there"
    assert hearth(home, "chats", "delete", str(chat_id)).returncode == 0
    gone = hearth(home, "chats", "show", str(chat_id))
    assert gone.returncode != 0 and b"No chat" in gone.stderr


def test_unknown_model_lists_installed_ones(home: Path) -> None:
    r = hearth(home, "chat", "--model", "no-such-model", "hi")
    assert r.returncode != 0
    err = r.stderr.decode("utf-8")
    assert "no-such-model" in err and "SmolLM2" in err
    assert r.stdout == b""


def test_no_model_installed_says_what_to_do(tmp_path: Path) -> None:
    r = hearth(tmp_path / "empty", "chat", "hi")
    assert r.returncode != 0
    assert b"No model is installed" in r.stderr and b"hearth models import" in r.stderr


def test_bad_flag_values_are_refused(home: Path) -> None:
    r = hearth(home, "chat", "--top-p", "3", "hi")
    assert r.returncode != 0 and b"--top-p" in r.stderr
    # Below the smallest context a plan uses, --ctx would be raised without a word: refuse it.
    r = hearth(home, "chat", "--ctx", "128", "hi")
    assert r.returncode != 0 and b"--ctx must be at least 512" in r.stderr


def test_reply_cut_by_max_tokens_says_so(home: Path) -> None:
    r = hearth(home, "chat", "--max-tokens", "3", "Write a long story about a dragon.")
    assert r.returncode == 0, r.stderr.decode()
    assert b"cut off at 3 tokens" in r.stderr and b"--max-tokens" in r.stderr


def test_ctrl_c_stops_the_reply_keeps_it_and_the_chat_goes_on(home: Path, smollm2: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "engine", "chat", "--max-tokens", "400", "--temperature", "0",
         "Write a long story about a dragon."],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env(home), cwd=REPO,
    )
    assert proc.stdout is not None
    first = os.read(proc.stdout.fileno(), 64)  # the reply has started streaming
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert first and b"Stopped." in err and b"Traceback" not in err
    store = ChatStore(home / "chats.sqlite3")
    chat = store.list_chats()[0]
    reply = store.messages(chat.id)[-1]
    store.close()
    assert reply.role == "assistant" and reply.state == "interrupted"
    # Saved as far as it was printed (a chunk may land between generation and printing).
    assert reply.content.startswith((first + rest).decode("utf-8").rstrip("\n"))
    assert reply.stats is None or reply.stats.completion_tokens < 400
    r = hearth(home, "chat", "--json", "--chat", str(chat.id), "--temperature", "0",
               "--seed", "1", "--max-tokens", "32", "What is the capital of France?")
    assert r.returncode == 0, r.stderr.decode()
    assert_raw_reply(home, smollm2, json.loads(r.stdout))


def test_ctrl_c_during_prompt_processing_stops_cleanly(home: Path, tmp_path: Path) -> None:
    # llama.cpp calls back into Python while it evaluates the prompt; a KeyboardInterrupt
    # raised there used to be swallowed by ctypes and end as "llama_decode returned 2".
    store = ChatStore(home / "chats.sqlite3")
    before = {c.id for c in store.list_chats()}
    prompt = tmp_path / "long.txt"
    prompt.write_text("Summarise: " + "The quick brown fox jumps over the lazy dog. " * 200)
    with open(prompt, "rb") as stdin:
        proc = subprocess.Popen(
            [sys.executable, "-m", "engine", "chat", "--max-tokens", "20", "-"],
            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env(home),
            cwd=REPO,
        )
    reply = None
    while reply is None and proc.poll() is None:  # the reply row exists once the prompt is ready
        time.sleep(0.01)
        new = [c.id for c in store.list_chats() if c.id not in before]
        msgs = store.messages(new[0]) if new else []
        reply = msgs[-1] if msgs and msgs[-1].role == "assistant" else None
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert b"Stopped." in err and b"Traceback" not in err and b"Exception ignored" not in err
    assert reply is not None
    saved = store.get_message(reply.id)
    store.close()
    assert saved.state == "interrupted" and saved.content == out.decode("utf-8").strip("\n")


def test_notes_say_why_the_reply_ran_elsewhere_or_ended(capsys: pytest.CaptureFixture[str]) -> None:
    from engine.backends.base import LoadPlan, ReplyStats
    from engine.cli.chat import print_notes

    plan = LoadPlan("llama.cpp", "cpu", 0, 512, 2, "test",
                    fallback_reason="Loading on cuda:0 failed (out of memory); running on the CPU.")
    print_notes(ReplyStats(completion_tokens=7, finish_reason="length", dropped_messages=2), 7, plan)
    err = capsys.readouterr().err
    assert "running on the CPU" in err and "cut off at 7 tokens" in err and "left out 2" in err
    print_notes(ReplyStats(completion_tokens=3, finish_reason="stop"), 100, None)
    assert capsys.readouterr().err == ""

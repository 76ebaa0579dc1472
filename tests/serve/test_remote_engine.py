"""Remote engines: Hearth chatting with a model on another OpenAI-compatible server.

The servers: llama-cpp-python's own `llama_cpp.server` (a server nobody here wrote) serving
SmolLM2, and `hearth serve` itself. Everything is on loopback."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from engine.api import Hearth
from engine.errors import NetworkError, NotFound, OfflineError
from tests.serve.conftest import MODEL, Served, free_port, hearth, start_server, stop_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def llama_server(smollm2: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = (tmp_path_factory.mktemp("llama-server") / "log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2),
                             "--model_alias", "smollm2", "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", "4096"], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while True:
        assert proc.poll() is None, "llama_cpp.server exited"
        try:
            if httpx.get(url + "/models", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            assert time.monotonic() < deadline, "llama_cpp.server did not start"
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def home(serve_home, tmp_path: Path) -> tuple[dict[str, str], Path]:  # type: ignore[no-untyped-def]
    env, _ = serve_home
    home = tmp_path / "client-home"
    return {**env, "HEARTH_HOME": str(home)}, home


def add(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return hearth(env, "remote", "add", *args)


def test_a_chat_runs_on_llama_cpp_server(home, llama_server: str) -> None:  # type: ignore[no-untyped-def]
    env, path = home
    r = add(env, "box", llama_server.removesuffix("/v1"), "--context", "4096")
    assert r.returncode == 0 and "box:smollm2" in r.stdout, r.stderr
    assert "leaves this computer" in r.stdout
    h = Hearth(path)
    try:
        assert "box:smollm2" in [m.name for m in h.models.list_all()]
        assert h.models.list() == []  # nothing installed here: the model is remote
        chat = h.chats.new_chat(model="box:smollm2")
        reply = h.chats.send(chat.id, "What is the capital of France? Answer in one word.")
        chunks = list(reply)
        assert "".join(chunks).strip() and len(chunks) > 1  # streamed, not in one piece
        assert h.load_plan is not None and h.load_plan.backend == "remote"
        assert "sent to that server" in h.load_plan.reason
        saved = h.chats.messages(chat.id)
        assert [m.role for m in saved] == ["user", "assistant"]
        assert saved[-1].content == reply.text
        assert reply.stats is not None and reply.stats.completion_tokens > 0
    finally:
        h.close()


def test_stop_and_a_grounded_answer_on_llama_cpp_server(home, llama_server: str,  # type: ignore[no-untyped-def]
                                                      serve_home) -> None:
    from engine.backends.base import ChatMessage, Sampling
    from engine.jobs import CancelToken

    env, path = home
    _, docs = serve_home
    assert add(env, "box", llama_server).returncode == 0
    for args in (("library", "create", "Docs", str(docs)), ("library", "index", "Docs")):
        assert hearth(env, *args).returncode == 0
    r = hearth(env, "library", "ask", "Docs", "Where do the river otters gather?",
               "--model", "box:smollm2")
    assert r.returncode == 0 and r.stdout.strip(), r.stderr
    assert "otters.txt" in r.stdout  # its sources, from this machine's library
    h = Hearth(path)
    try:
        h.runner.ensure("box:smollm2")
        cancel = CancelToken()
        reply = h.runner.chat([ChatMessage("user", "Tell me a long story about a fox.")],
                              Sampling(max_tokens=2000, temperature=0.8, seed=3), cancel=cancel)
        got = []
        for chunk in reply:
            got.append(chunk)
            if len(got) == 3:
                cancel.cancel()
        assert reply.stats is not None
        assert reply.stats.finish_reason == "cancelled" or len(got) < 3  # a reply under 3 chunks
        assert len(got) <= 5
    finally:
        h.close()


def test_stop_closes_the_stream_and_the_server_stops(home, served: Served) -> None:  # type: ignore[no-untyped-def]
    from engine.backends.base import ChatMessage, Sampling
    from engine.jobs import CancelToken

    env, path = home
    assert add(env, "self", served.url).returncode == 0
    h = Hearth(path)
    try:
        h.runner.ensure(f"self:{MODEL}")
        cancel = CancelToken()
        reply = h.runner.chat([ChatMessage("user", "Count to a thousand.")],
                              Sampling(max_tokens=3000, ignore_eos=True, temperature=0.0),
                              cancel=cancel)
        got = []
        for chunk in reply:
            got.append(chunk)
            if len(got) == 5:
                cancel.cancel()
        assert reply.stats is not None and reply.stats.finish_reason == "cancelled"
        assert len(got) <= 7  # stopped within a chunk or two
    finally:
        h.close()
    deadline = time.monotonic() + 15
    while "cancelled" not in served.log_text():
        assert time.monotonic() < deadline, "hearth serve kept generating after Stop"
        time.sleep(0.1)
    assert httpx.get(served.base + "/health").json()["active"] == 0


def test_a_hearth_server_with_a_key(home, serve_home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env, path = home
    server_env, _ = serve_home
    s = start_server(server_env, tmp_path / "keyed.log", "--api-key", "k3y")
    try:
        r = add(env, "keyed", s.url, "--api-key", "wrong")
        assert r.returncode == 1 and "refused the request (401)" in r.stderr
        assert "keyed" not in hearth(env, "remote", "list").stdout  # nothing half-added
        r = add(env, "keyed", s.url, "--api-key", "k3y")
        assert r.returncode == 0 and f"keyed:{MODEL}" in r.stdout
        assert "k3y" not in (path / "remotes.json").read_text()  # the key is kept apart
        r = hearth(env, "chat", "-m", f"keyed:{MODEL}", "--max-tokens", "8", "Hello")
        assert r.returncode == 0 and r.stdout.strip(), r.stderr
    finally:
        stop_server(s)


def _hearth_with(path: Path, url: str, models: list[str]) -> Hearth:
    from engine.remote.store import RemoteEngine

    h = Hearth(path)
    h.remotes.save(RemoteEngine("lab", url, models=models))
    return h


def test_failures_say_what_to_do(home, served: Served) -> None:  # type: ignore[no-untyped-def]
    _, path = home
    cases: list[tuple[str, list[str], str, type[Exception], str]] = [
        (f"http://127.0.0.1:{free_port()}/v1", ["m"], "lab:m", NetworkError, "Cannot reach lab"),
        (served.url, ["gpt-4o"], "lab:gpt-4o", NotFound, "does not serve 'gpt-4o'"),
    ]
    for url, models, name, error, words in cases:
        h = _hearth_with(path, url, models)
        try:
            with pytest.raises(error) as err:
                h.runner.ensure(name)
            assert words in err.value.message and err.value.hint
        finally:
            h.close()


def test_offline_mode_never_contacts_a_remote_engine(home, served: Served) -> None:  # type: ignore[no-untyped-def]
    _, path = home
    h = _hearth_with(path, served.url, [MODEL])
    try:
        h.use_settings(dataclasses.replace(h.settings, offline=True))
        before = httpx.get(served.base + "/health").json()["requests"]
        with pytest.raises(OfflineError):
            h.runner.ensure(f"lab:{MODEL}")
        assert httpx.get(served.base + "/health").json()["requests"] == before
    finally:
        h.close()


def test_a_key_never_travels_unencrypted_beyond_loopback(home) -> None:  # type: ignore[no-untyped-def]
    env, _ = home
    r = add(env, "far", "http://192.0.2.1:8080", "--api-key", "secret")  # TEST-NET-1
    assert r.returncode == 1 and "unencrypted" in r.stderr

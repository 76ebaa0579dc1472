"""`hearth serve`'s guards and its one model lane, seen from clients on loopback: the key
beyond loopback, DNS rebinding, web origins, body limits, the bounded queue, and a client
that goes away cancelling its generation."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.serve.conftest import MODEL, Served, hearth, start_server, stop_server

pytestmark = pytest.mark.slow

# A long generation: llama-server's ignore_eos keeps it going to max_tokens on any CPU.
COUNTING = {"model": MODEL, "prompt": "Counting: 1, 2, 3, 4, 5, 6,", "max_tokens": 3000,
            "temperature": 0.0, "stream": True, "ignore_eos": True}


def wait_idle(served: Served, timeout: float = 30) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while True:
        health = httpx.get(served.base + "/health").json()
        if health["active"] == 0 or time.monotonic() > deadline:
            return health
        time.sleep(0.1)


def test_the_sse_wire_format(served: Served) -> None:
    body = {"model": MODEL, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 6,
            "stream": True}
    with httpx.stream("POST", served.url + "/chat/completions", json=body, timeout=60) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [line for line in r.iter_lines() if line]
    assert all(e.startswith("data: ") for e in events)
    assert events[-1] == "data: [DONE]"
    chunks = [json.loads(e[6:]) for e in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert "usage" not in chunks[0]  # only with stream_options.include_usage
    assert chunks[-1]["choices"][0]["finish_reason"] in ("stop", "length")


def test_a_client_that_goes_away_cancels_its_generation(served: Served) -> None:
    with httpx.stream("POST", served.url + "/completions", json=COUNTING, timeout=60) as r:
        lines = r.iter_lines()
        got = [next(lines) for _ in range(6)]  # a few tokens, then hang up
    assert any(line.startswith("data: {") for line in got)
    health = wait_idle(served, timeout=15)
    assert health["active"] == 0, "the generation went on after its client left"
    deadline = time.monotonic() + 10
    while "cancelled" not in served.log_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "cancelled" in served.log_text()


def test_dns_rebinding_and_web_pages_are_refused(served: Served) -> None:
    r = httpx.get(served.url + "/models", headers={"Host": "attacker.example"})
    assert r.status_code == 421 and r.json()["error"]["code"] == "bad_host"
    r = httpx.post(served.url + "/chat/completions", headers={"Origin": "https://evil.example"},
                   json={"model": MODEL, "messages": [{"role": "user", "content": "x"}]})
    assert r.status_code == 403 and r.json()["error"]["code"] == "origin_not_allowed"
    # A cross-site form posts text/plain (no CORS preflight): refused before any work.
    r = httpx.post(served.url + "/chat/completions", content=b"{}",
                   headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_a_huge_body_is_refused_unread(served: Served) -> None:
    r = httpx.post(served.url + "/chat/completions", content=b"{" + b" " * (9 << 20) + b"}",
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "at most" in r.json()["error"]["message"]


def test_a_full_queue_answers_503_with_retry_after(serve_home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env, _ = serve_home
    s = start_server(env, tmp_path / "serve.log", "--max-queue", "1")
    try:
        with httpx.stream("POST", s.url + "/completions", json=COUNTING, timeout=60) as first:
            lines = first.iter_lines()  # kept: dropping it would close the stream
            next(lines)  # generating: the model lane is taken
            queued: dict[str, int] = {}

            def second() -> None:
                body = {**COUNTING, "stream": False, "max_tokens": 2}
                queued["status"] = httpx.post(s.url + "/completions", json=body,
                                              timeout=120).status_code

            t = threading.Thread(target=second)
            t.start()
            deadline = time.monotonic() + 10
            while httpx.get(s.base + "/health").json()["waiting"] < 1:
                assert time.monotonic() < deadline, "the second request never queued"
                time.sleep(0.05)
            third = httpx.post(s.url + "/completions", json={**COUNTING, "stream": False},
                               timeout=30)
            assert third.status_code == 503
            assert third.headers["retry-after"].isdigit()
            assert third.json()["error"]["code"] == "queue_full"
        t.join(120)
        assert queued["status"] == 200  # the queued one ran once the first one's client left
    finally:
        stop_server(s)


def test_beyond_loopback_needs_a_key(serve_home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openai

    env, _ = serve_home
    r = hearth(env, "serve", "--host", "0.0.0.0", "--port", "1")
    assert r.returncode == 1 and "needs an API key" in r.stderr
    s = start_server(env, tmp_path / "serve.log", "--api-key", "s3cret-key", host="0.0.0.0")
    try:
        anonymous = openai.OpenAI(base_url=s.url, api_key="wrong", max_retries=0)
        with pytest.raises(openai.AuthenticationError) as err:
            anonymous.models.list()
        assert err.value.status_code == 401 and err.value.body["code"] == "invalid_api_key"
        assert httpx.get(s.url + "/models").status_code == 401  # no key at all
        keyed = openai.OpenAI(base_url=s.url, api_key="s3cret-key", max_retries=0)
        assert MODEL in {m.id for m in keyed.models.list().data}
        assert httpx.get(s.base + "/health").status_code == 200  # open, as llama-server's
        assert "s3cret-key" not in s.log_text()
    finally:
        stop_server(s)


def test_listed_origins_get_cors_headers(serve_home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env, _ = serve_home
    s = start_server(env, tmp_path / "serve.log", "--cors", "http://localhost:3000")
    try:
        pre = httpx.options(s.url + "/chat/completions", headers={
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert pre.status_code == 200
        assert pre.headers["access-control-allow-origin"] == "http://localhost:3000"
        r = httpx.get(s.url + "/models", headers={"Origin": "http://localhost:3000"})
        assert r.status_code == 200
        assert r.headers["access-control-allow-origin"] == "http://localhost:3000"
        assert httpx.get(s.url + "/models", headers={"Origin": "http://other:1"}).status_code == 403
    finally:
        stop_server(s)


def test_requests_are_logged_without_their_content(served: Served) -> None:
    secret = "my-private-question-4711"
    r = httpx.post(served.url + "/chat/completions", timeout=60, json={
        "model": MODEL, "max_tokens": 2, "messages": [{"role": "user", "content": secret}]})
    assert r.status_code == 200
    log = served.log_text()
    assert "POST /v1/chat/completions 200" in log
    assert secret not in log


def test_an_idle_model_is_unloaded_after_the_ttl(serve_home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env, _ = serve_home
    s = start_server(env, tmp_path / "serve.log", "--idle-unload", "1")
    try:
        r = httpx.post(s.url + "/completions", timeout=60,
                       json={"model": MODEL, "prompt": "Hi", "max_tokens": 2})
        assert r.status_code == 200
        deadline = time.monotonic() + 15
        while f"unloaded {MODEL}" not in s.log_text():
            assert time.monotonic() < deadline, s.log_text()
            time.sleep(0.2)
        r = httpx.post(s.url + "/completions", timeout=60,  # loaded again on demand
                       json={"model": MODEL, "prompt": "Hi", "max_tokens": 2})
        assert r.status_code == 200
    finally:
        stop_server(s)


def curl(*args: str) -> str:
    import shutil
    import subprocess

    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    r = subprocess.run(["curl", "-sS", "--fail-with-body", *args], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def test_curl_uses_every_endpoint(served: Served) -> None:
    from tests.serve.conftest import EMBEDDING

    json_h = ["-H", "Content-Type: application/json"]
    assert json.loads(curl(served.base + "/health"))["status"] == "ok"
    ids = {m["id"] for m in json.loads(curl(served.url + "/models"))["data"]}
    assert {MODEL, "library:Docs", EMBEDDING} <= ids
    chat = {"model": MODEL, "max_tokens": 6, "messages": [{"role": "user", "content": "Hi"}]}
    out = json.loads(curl(served.url + "/chat/completions", *json_h, "-d", json.dumps(chat)))
    assert out["choices"][0]["message"]["content"]
    streamed = curl("-N", served.url + "/chat/completions", *json_h, "-d",
                    json.dumps({**chat, "stream": True}))
    assert streamed.rstrip().endswith("data: [DONE]")
    text = {"model": MODEL, "max_tokens": 6, "prompt": "Once upon a time"}
    assert json.loads(curl(served.url + "/completions", *json_h, "-d",
                           json.dumps(text)))["choices"][0]["text"]
    emb = json.loads(curl(served.url + "/embeddings", *json_h, "-d",
                          json.dumps({"model": EMBEDDING, "input": "otters"})))
    assert len(emb["data"][0]["embedding"]) == 384

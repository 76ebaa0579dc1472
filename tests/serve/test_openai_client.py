"""The official `openai` client against `hearth serve`: every endpoint, streaming and not.

Replies are checked against raw llama-cpp-python on this machine (tests/reference.py), never
against one model's words; `cache_prompt: false` makes the server evaluate each prompt from
an empty cache, as the reference does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.backends.base import ChatMessage, Sampling
from tests.reference import raw_chat, raw_llama
from tests.serve.conftest import EMBEDDING, MODEL, Served

pytestmark = pytest.mark.slow

SAMPLING = dict(temperature=0.0, top_p=0.95, seed=7, max_tokens=24)
EXTRA = dict(top_k=40, min_p=0.05, repeat_penalty=1.1, cache_prompt=False)
QUESTION = [ChatMessage("system", "You are a helpful assistant."),
            ChatMessage("user", "Name three colours of the rainbow.")]


@pytest.fixture(scope="module")
def raw(smollm2: Path) -> Any:
    return raw_llama(smollm2, 8192)


def reference_sampling(**over: Any) -> Sampling:
    base: dict[str, Any] = dict(temperature=0.0, top_p=0.95, top_k=40, min_p=0.05,
                                repeat_penalty=1.1, max_tokens=24, seed=7)
    return Sampling(**{**base, **over})


def as_json(messages: list[ChatMessage]) -> list[dict[str, str]]:
    return [{"role": m.role, "content": m.content} for m in messages]


def test_models_lists_the_model_the_library_and_the_embedder(client) -> None:  # type: ignore[no-untyped-def]
    ids = {m.id: m for m in client.models.list().data}
    assert MODEL in ids and "library:Docs" in ids and EMBEDDING in ids
    assert ids["library:Docs"].model_extra["hearth"]["kind"] == "library"


def test_chat_equals_raw_llama_cpp(client, raw) -> None:  # type: ignore[no-untyped-def]
    resp = client.chat.completions.create(model=MODEL, messages=as_json(QUESTION),
                                          extra_body=EXTRA, **SAMPLING)
    text, tokens = raw_chat(raw, QUESTION, reference_sampling())
    choice = resp.choices[0]
    assert choice.message.role == "assistant"
    assert choice.message.content == text
    assert resp.usage.completion_tokens == tokens
    assert resp.usage.total_tokens == resp.usage.prompt_tokens + tokens
    assert choice.finish_reason == ("length" if tokens == 24 else "stop")


def test_stop_sequence_ends_the_reply_like_raw(client, raw) -> None:  # type: ignore[no-untyped-def]
    text, _ = raw_chat(raw, QUESTION, reference_sampling())
    stop = text.split()[2] if len(text.split()) > 3 else "."  # a word the reply really has
    resp = client.chat.completions.create(model=MODEL, messages=as_json(QUESTION), stop=[stop],
                                          extra_body=EXTRA, **SAMPLING)
    want, _ = raw_chat(raw, QUESTION, reference_sampling(stop=[stop]))
    assert resp.choices[0].message.content == want
    assert stop not in resp.choices[0].message.content
    assert resp.choices[0].finish_reason == "stop"


def test_streaming_chunks_follow_openai(client, raw) -> None:  # type: ignore[no-untyped-def]
    stream = client.chat.completions.create(model=MODEL, messages=as_json(QUESTION),
                                            stream=True, stream_options={"include_usage": True},
                                            extra_body=EXTRA, **SAMPLING)
    chunks = list(stream)
    assert len({c.id for c in chunks}) == 1  # one id across the stream
    first, *middle, finish, usage = chunks
    assert first.choices[0].delta.role == "assistant"
    assert all(c.choices[0].delta.role is None for c in [*middle, finish])  # role only once
    assert all(c.choices[0].finish_reason is None for c in [first, *middle])
    assert finish.choices[0].finish_reason in ("stop", "length")
    assert usage.choices == [] and usage.usage is not None
    text = "".join(c.choices[0].delta.content or "" for c in middle)
    want, tokens = raw_chat(raw, QUESTION, reference_sampling())
    assert text == want
    assert usage.usage.completion_tokens == tokens
    assert (finish.choices[0].finish_reason == "length") == (tokens == 24)


def test_completion_equals_raw_llama_cpp(client, raw) -> None:  # type: ignore[no-untyped-def]
    prompt = "The three primary colours are"
    resp = client.completions.create(model=MODEL, prompt=prompt, extra_body=EXTRA, **SAMPLING)
    raw.reset()
    out = raw.create_completion(prompt, temperature=0.0, top_p=0.95, top_k=40, min_p=0.05,
                                repeat_penalty=1.1, max_tokens=24, seed=7)
    assert resp.choices[0].text == out["choices"][0]["text"]
    assert resp.usage.completion_tokens == out["usage"]["completion_tokens"]
    assert resp.usage.prompt_tokens == out["usage"]["prompt_tokens"]


def test_embeddings_equal_fastembed(client, minilm: Path) -> None:  # type: ignore[no-untyped-def]
    from fastembed import TextEmbedding

    texts = ["The otters gather near the mill.", "Wydry zbierają się przy młynie.", "水獺在磨坊附近"]
    resp = client.embeddings.create(model=EMBEDDING, input=texts)
    got = np.array([d.embedding for d in sorted(resp.data, key=lambda d: d.index)])
    model = TextEmbedding(EMBEDDING, specific_model_path=str(minilm))
    want = np.array(list(model.embed(texts)))
    assert got.shape == want.shape == (3, 384)
    cos = (got * want).sum(1) / np.linalg.norm(got, axis=1) / np.linalg.norm(want, axis=1)
    assert cos.min() > 0.9999
    assert resp.usage.prompt_tokens > len(texts)


def test_a_library_model_answers_with_its_sources(client, served: Served) -> None:  # type: ignore[no-untyped-def]
    resp = client.chat.completions.create(
        model="library:Docs", max_tokens=64,
        messages=[{"role": "user", "content": "Where do the river otters gather in spring?"}])
    sources = resp.model_extra["sources"]
    assert resp.choices[0].message.content.strip()
    assert sources and all({"n", "path", "text"} <= set(s) for s in sources)
    assert any("otters" in Path(s["path"]).name for s in sources)
    assert all(Path(s["path"]).is_relative_to(served.docs) for s in sources)


def test_a_library_model_with_nothing_relevant_cites_nothing(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.chat.completions.create(
        model="library:Docs",
        messages=[{"role": "user", "content": "What is the airspeed of an unladen swallow?"}])
    assert resp.model_extra["sources"] == []
    assert resp.choices[0].message.content.strip()


def test_a_prompt_over_the_context_is_refused_with_its_size(client) -> None:  # type: ignore[no-untyped-def]
    import openai

    with pytest.raises(openai.BadRequestError) as err:
        client.chat.completions.create(model=MODEL, messages=[
            {"role": "user", "content": "word " * 20_000}])
    body = err.value.body
    assert body["code"] == "context_length_exceeded"
    assert body["n_ctx"] == 8192 and body["n_prompt_tokens"] > 8192


@pytest.mark.parametrize("extra, param", [
    ({"n": 2}, "n"),
    ({"temperature": 9}, "temperature"),
    ({"tools": [{"type": "function", "function": {"name": "f"}}]}, "tools"),
    ({"logprobs": True}, "logprobs"),
])
def test_what_hearth_cannot_honour_is_refused(client, extra: dict[str, Any], param: str) -> None:  # type: ignore[no-untyped-def]
    import openai

    with pytest.raises(openai.BadRequestError) as err:
        client.chat.completions.create(model=MODEL, messages=as_json(QUESTION), max_tokens=4,
                                       extra_body=extra)
    assert err.value.body["param"] == param


def test_an_unknown_model_is_a_404(client) -> None:  # type: ignore[no-untyped-def]
    import openai

    with pytest.raises(openai.NotFoundError) as err:
        client.chat.completions.create(model="gpt-4o", messages=as_json(QUESTION))
    assert err.value.body["code"] == "model_not_found"
    assert MODEL in err.value.body["message"]  # says what is installed

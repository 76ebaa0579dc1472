"""The llama.cpp backend with the real SmolLM2-135M-Instruct GGUF (loaded once per module)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.backends.base import ChatMessage, LoadPlan, Sampling
from engine.backends.llamacpp import LlamaCppBackend, StopMatcher
from engine.errors import Cancelled, GenerationError, ModelLoadError
from engine.jobs import CancelToken

pytestmark = pytest.mark.slow

FRANCE = [
    ChatMessage("system", "You are a helpful assistant."),
    ChatMessage("user", "What is the capital of France?"),
]
STORY = [ChatMessage("user", "Write a long story about a brave dragon and a little village.")]
GREEDY = Sampling(temperature=0.0, seed=1, max_tokens=48)


def fresh(backend: LlamaCppBackend, messages: list[ChatMessage], sampling: Sampling):
    """A reply from the same KV-cache state every time.

    Follow-up prompts reuse the cached prefix, and evaluating a prompt in different batch
    splits changes logits in the last bits, so reproducibility is only promised from the
    same starting state: we put one fixed short exchange in the cache first.
    """
    _ = backend.chat([ChatMessage("user", "Hi")], Sampling(temperature=0.0, max_tokens=1)).text
    return backend.chat(messages, sampling)


def plan(n_ctx: int = 2048) -> LoadPlan:
    return LoadPlan("llama.cpp", "cpu", 0, n_ctx, 2, "test: CPU")


@pytest.fixture(scope="module")
def backend(smollm2: Path):
    b = LlamaCppBackend()
    b.load(smollm2, plan())
    yield b
    b.unload()


def test_greedy_answer_names_paris_and_reports_stats(backend: LlamaCppBackend) -> None:
    reply = backend.chat(FRANCE, GREEDY)
    assert "Paris" in reply.text
    s = reply.stats
    assert s is not None
    assert s.finish_reason == "stop"
    assert s.prompt_tokens == backend.count_prompt_tokens(FRANCE) > 10
    assert 0 < s.completion_tokens < GREEDY.max_tokens
    assert s.ttft_ms > 0 and s.tokens_per_s > 0 and s.total_ms >= s.ttft_ms


def test_same_seed_same_reply(backend: LlamaCppBackend) -> None:
    sampling = Sampling(temperature=0.8, seed=42, max_tokens=24)
    assert fresh(backend, STORY, sampling).text == fresh(backend, STORY, sampling).text


def test_streams_many_chunks_and_honours_max_tokens(backend: LlamaCppBackend) -> None:
    reply = backend.chat(STORY, Sampling(seed=3, max_tokens=40))
    chunks = list(reply)
    assert len(chunks) >= 20
    assert "".join(chunks) == reply.text
    assert reply.stats is not None
    assert reply.stats.finish_reason == "length"
    assert reply.stats.completion_tokens == 40


def test_cancel_mid_reply_stops_promptly_and_model_stays_usable(backend: LlamaCppBackend) -> None:
    cancel = CancelToken()
    reply = backend.chat(STORY, Sampling(seed=5, max_tokens=300), cancel=cancel)
    got = []
    for chunk in reply:
        got.append(chunk)
        if len(got) == 3:
            cancel.cancel()
    assert reply.stats is not None
    assert reply.stats.finish_reason == "cancelled"
    assert reply.stats.completion_tokens <= 5
    assert len(got) <= 5
    # The next message works and is not polluted by the cancelled one.
    assert "Paris" in backend.chat(FRANCE, GREEDY).text


def test_cancel_during_prompt_processing(backend: LlamaCppBackend) -> None:
    long_prompt = [ChatMessage("user", "Summarise this: " + "the quick brown fox jumps. " * 150)]
    cancel = CancelToken()
    cancel.cancel()  # already cancelled: the abort callback stops the prompt's llama_decode
    reply = backend.chat(long_prompt, Sampling(max_tokens=50), cancel=cancel)
    assert reply.text == ""
    assert reply.stats is not None
    assert reply.stats.finish_reason == "cancelled"
    assert reply.stats.completion_tokens == 0
    assert "Paris" in backend.chat(FRANCE, GREEDY).text


def test_stop_sequence_is_honoured_and_not_emitted(backend: LlamaCppBackend) -> None:
    sampling = Sampling(temperature=0.0, seed=1, max_tokens=60)
    full = fresh(backend, STORY, sampling).text
    words = full.split()
    assert len(words) > 12
    stop = words[8]
    expected = full[: full.index(stop)]
    sampling.stop = [stop, "<never appears>"]
    reply = fresh(backend, STORY, sampling)
    assert reply.text == expected.lstrip(" ")
    assert stop not in reply.text
    assert reply.stats is not None and reply.stats.finish_reason == "stop"


def test_prompt_larger_than_context_is_refused(backend: LlamaCppBackend) -> None:
    huge = [ChatMessage("user", "word " * 3000)]
    with pytest.raises(GenerationError) as err:
        backend.chat(huge, GREEDY)
    assert "context" in err.value.message
    assert "Paris" in backend.chat(FRANCE, GREEDY).text


def test_chinese_and_polish_text_round_trip(backend: LlamaCppBackend) -> None:
    for text in ("中国的首都是北京。", "Zażółć gęślą jaźń"):
        assert backend.count_tokens(text) > 0
        rendered = backend.render([ChatMessage("user", text)])
        assert text in rendered
    reply = backend.chat([ChatMessage("user", "请用中文写一句话。")], Sampling(seed=2, max_tokens=30))
    reply.text.encode("utf-8")  # always valid text, even when a character spans tokens
    assert "\ufffd" not in reply.text


def test_junk_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\xff" * 4096)
    with pytest.raises(ModelLoadError) as err:
        LlamaCppBackend().load(junk, plan())
    assert err.value.hint


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError):
        LlamaCppBackend().load(tmp_path / "nope.gguf", plan())


def test_cancelled_load(smollm2: Path) -> None:
    cancel = CancelToken()
    cancel.cancel()
    b = LlamaCppBackend()
    with pytest.raises(Cancelled):
        b.load(smollm2, plan(), cancel=cancel)
    assert not b.loaded


def test_unload_frees_the_model(smollm2: Path) -> None:
    b = LlamaCppBackend()
    b.load(smollm2, plan(512))
    assert b.loaded and b.n_ctx == 512
    b.unload()
    assert not b.loaded
    with pytest.raises(GenerationError):
        b.chat(FRANCE, GREEDY)


@pytest.mark.parametrize(
    ("stops", "pieces", "expected"),
    [
        (["END"], ["Hello E", "N", "D more"], "Hello "),
        (["END"], ["no stop ", "here"], "no stop here"),
        (["。"], ["你好", "。再见"], "你好"),
        (["\n\n"], ["a\n", "\nb"], "a"),
        ([], ["x", "y"], "xy"),
    ],
)
def test_stop_matcher(stops: list[str], pieces: list[str], expected: str) -> None:
    m = StopMatcher(stops)
    out = ""
    for p in pieces:
        out += m.feed(p)
        if m.hit:
            break
    if not m.hit:
        out += m.flush()
    assert out == expected

"""The llama.cpp backend with the real SmolLM2-135M-Instruct GGUF (loaded once per module).

No test asserts the model's exact words: those depend on the CPU's kernels (see
tests/reference.py). They assert that Hearth's path gives what raw llama-cpp-python gives
for the same prompt and sampling on this machine, and that the model is sane where it
matters, by its next-token ranking.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.backends.base import ChatMessage, LoadPlan, Sampling
from engine.backends.llamacpp import LlamaCppBackend, StopMatcher
from engine.errors import Cancelled, GenerationError, ModelLoadError
from engine.jobs import CancelToken
from tests.reference import CAPITALS, capital_question, raw_chat, raw_llama, top_candidates

pytestmark = pytest.mark.slow

FRANCE = capital_question("France")
STORY = [ChatMessage("user", "Write a long story about a brave dragon and a little village.")]
GREEDY = Sampling(temperature=0.0, seed=1, max_tokens=48)
N_CTX = 2048


def fresh(backend: LlamaCppBackend, messages: list[ChatMessage], sampling: Sampling):
    """A reply from an empty KV cache (see LlamaCppBackend.reset)."""
    backend.reset()
    return backend.chat(messages, sampling)


def plan(n_ctx: int = N_CTX) -> LoadPlan:
    return LoadPlan("llama.cpp", "cpu", 0, n_ctx, 2, "test: CPU")


@pytest.fixture(scope="module")
def backend(smollm2: Path):
    b = LlamaCppBackend()
    b.load(smollm2, plan())
    yield b
    b.unload()


@pytest.fixture(scope="module")
def raw(smollm2: Path):
    llm = raw_llama(smollm2, N_CTX, threads=2)
    yield llm
    llm.close()


def assert_same_as_raw(backend: LlamaCppBackend, raw, messages, sampling: Sampling) -> None:
    reply = fresh(backend, messages, sampling)
    text, completion_tokens = raw_chat(raw, messages, sampling)
    assert reply.text == text
    assert reply.stats is not None and reply.stats.completion_tokens == completion_tokens


def test_greedy_reply_is_raw_llama_cpps_and_reports_stats(backend: LlamaCppBackend, raw) -> None:
    reply = fresh(backend, FRANCE, GREEDY)
    text, completion_tokens = raw_chat(raw, FRANCE, GREEDY)
    assert reply.text == text and reply.text.strip()
    s = reply.stats
    assert s is not None
    assert s.completion_tokens == completion_tokens
    assert s.finish_reason in ("stop", "length")
    assert s.prompt_tokens == backend.count_prompt_tokens(FRANCE) > 10
    assert 0 < s.completion_tokens <= GREEDY.max_tokens
    assert (s.finish_reason == "length") == (s.completion_tokens == GREEDY.max_tokens)
    assert s.ttft_ms > 0 and s.tokens_per_s > 0 and s.total_ms >= s.ttft_ms


@pytest.mark.parametrize(
    "sampling",
    [
        Sampling(temperature=0.8, seed=42, max_tokens=40),
        Sampling(temperature=1.0, top_k=10, top_p=0.8, min_p=0.1, repeat_penalty=1.3, seed=7,
                 max_tokens=40),
    ],
    ids=["seeded", "every-knob"],
)
def test_sampled_reply_is_raw_llama_cpps(backend: LlamaCppBackend, raw, sampling) -> None:
    assert_same_as_raw(backend, raw, STORY, sampling)


def test_chinese_prompt_reply_is_raw_llama_cpps(backend: LlamaCppBackend, raw) -> None:
    messages = [ChatMessage("user", "请用中文写一句话。")]
    assert_same_as_raw(backend, raw, messages, Sampling(seed=2, max_tokens=30))


def test_the_prompt_hearth_builds_ranks_the_right_answer_near_the_top(
    backend: LlamaCppBackend, raw
) -> None:
    """The model is sane through Hearth's template: each capital ranks in the top 3."""
    for country, capital in CAPITALS:
        prompt = backend.prompt_tokens(capital_question(country))
        ranked = top_candidates(raw, prompt, f"The capital of {country} is", k=3)
        assert capital in ranked, (country, ranked)


def test_same_seed_same_reply(backend: LlamaCppBackend) -> None:
    sampling = Sampling(temperature=0.8, seed=42, max_tokens=24)
    assert fresh(backend, STORY, sampling).text == fresh(backend, STORY, sampling).text
    other = Sampling(temperature=0.8, seed=43, max_tokens=24)
    assert fresh(backend, STORY, other).text != fresh(backend, STORY, sampling).text


def test_streams_many_chunks_and_honours_max_tokens(backend: LlamaCppBackend) -> None:
    reply = backend.chat(STORY, Sampling(seed=3, max_tokens=40))
    chunks = list(reply)
    assert len(chunks) >= 20
    assert "".join(chunks) == reply.text
    assert reply.stats is not None
    assert reply.stats.finish_reason == "length"
    assert reply.stats.completion_tokens == 40


def test_cancel_mid_reply_stops_promptly_and_model_stays_usable(backend: LlamaCppBackend, raw) -> None:
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
    # The next message works and is not polluted by the cancelled one: it is what a fresh
    # start gives (same tokens, nothing of the story left in the prompt).
    after = backend.chat(FRANCE, GREEDY)
    assert after.text.strip()
    assert after.stats is not None and after.stats.prompt_tokens == backend.count_prompt_tokens(FRANCE)
    assert_same_as_raw(backend, raw, FRANCE, GREEDY)


def test_cancel_during_prompt_processing(backend: LlamaCppBackend, raw) -> None:
    long_prompt = [ChatMessage("user", "Summarise this: " + "the quick brown fox jumps. " * 150)]
    cancel = CancelToken()
    cancel.cancel()  # already cancelled: the abort callback stops the prompt's llama_decode
    reply = backend.chat(long_prompt, Sampling(max_tokens=50), cancel=cancel)
    assert reply.text == ""
    assert reply.stats is not None
    assert reply.stats.finish_reason == "cancelled"
    assert reply.stats.completion_tokens == 0
    assert backend.chat(FRANCE, GREEDY).text.strip()
    assert_same_as_raw(backend, raw, FRANCE, GREEDY)


def test_prompt_speed_is_measured_on_prompts_of_an_answers_length(backend, monkeypatch) -> None:
    """A prompt longer than the band reads slower per token (a "more context" answer); it
    must not change the speed the next answer's sources are sized from."""
    from engine.backends import llamacpp

    monkeypatch.setattr(llamacpp, "MEASURE_MAX_TOKENS", 200)
    one = Sampling(temperature=0.0, max_tokens=1)
    backend.prompt_speed = None
    _ = fresh(backend, [ChatMessage("user", "Summarise: " + "the quick brown fox. " * 80)], one).text
    assert backend.prompt_speed is None  # ~400 tokens: past the band
    _ = fresh(backend, [ChatMessage("user", "Summarise: " + "the quick brown fox. " * 20)], one).text
    assert backend.prompt_speed is not None and backend.prompt_speed > 0  # ~100 tokens


def test_stop_sequence_is_honoured_and_not_emitted(backend: LlamaCppBackend, raw) -> None:
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
    assert reply.text == raw_chat(raw, STORY, sampling)[0]


def test_prompt_larger_than_context_is_refused(backend: LlamaCppBackend, raw) -> None:
    huge = [ChatMessage("user", "word " * 3000)]
    with pytest.raises(GenerationError) as err:
        backend.chat(huge, GREEDY)
    assert "context" in err.value.message
    assert_same_as_raw(backend, raw, FRANCE, GREEDY)


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

"""ModelRunner: plans, CPU fallback, and the context budget, with the real SmolLM2."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from engine.api import Hearth
from engine.backends.base import ChatMessage, LoadPlan, Sampling
from engine.backends.llamacpp import LlamaCppBackend
from engine.chats.prompt import ContextOverflow, build_messages, reply_reserve
from engine.errors import ModelLoadError
from engine.runner import ModelRunner
from tests.reference import capital_question, raw_chat, raw_llama

pytestmark = pytest.mark.slow

SMALL = Sampling(temperature=0.0, seed=1, max_tokens=32)
FRANCE = capital_question("France")


@pytest.fixture(scope="module")
def hearth(smollm2: Path, tmp_path_factory: pytest.TempPathFactory):
    h = Hearth(tmp_path_factory.mktemp("runner-home"))
    h.runner.load(h.models.get(str(smollm2)), n_ctx=512)
    yield h
    h.close()


@pytest.fixture(scope="module")
def raw(smollm2: Path, hearth: Hearth):
    """Raw llama-cpp-python with the runner's context and threads."""
    plan = hearth.runner.plan
    assert plan is not None
    llm = raw_llama(smollm2, plan.n_ctx, plan.threads or None)
    yield llm
    llm.close()


def assert_raw_reply(runner: ModelRunner, raw, messages: list[ChatMessage]) -> None:
    """The runner's reply, from an empty cache, is raw llama-cpp-python's."""
    runner.backend.reset()
    reply = runner.chat(messages, SMALL)
    assert reply.text.strip() and reply.text == raw_chat(raw, messages, SMALL)[0]
    assert reply.stats is not None and reply.stats.dropped_messages == 0


def long_conversation(turns: int) -> list[ChatMessage]:
    history = []
    for i in range(turns):
        history.append(ChatMessage("user", f"Tell me fact number {i} about the ocean and its many creatures."))
        history.append(ChatMessage("assistant", f"Fact {i}: the ocean covers most of the planet and is home to countless fish, whales and corals."))
    return history


def test_load_uses_the_plan_and_is_idempotent(hearth: Hearth, smollm2: Path) -> None:
    runner = hearth.runner
    assert runner.plan is not None and runner.loaded is not None
    assert runner.plan.backend == "llama.cpp"
    assert runner.n_ctx == runner.plan.n_ctx == 512
    same = runner.load(hearth.models.get(str(smollm2)), n_ctx=512)
    assert same is runner.plan
    assert runner.count_tokens("Hello world") > 0


def test_long_conversation_drops_oldest_turns_and_reports_it(hearth: Hearth) -> None:
    runner = hearth.runner
    messages, keep = build_messages("You are terse.", long_conversation(12), "What is fact 11?",
                                    few_shot=[["Say hi", "Hi!"]])
    assert runner.count_prompt_tokens(messages) > runner.n_ctx
    fitted = runner.fit(messages, SMALL, keep)
    assert fitted.dropped > 0 and fitted.dropped % 2 == 0  # whole turns
    assert fitted.messages[:keep] == messages[:keep]  # system prompt and few-shot kept
    assert fitted.messages[-1] == messages[-1]  # the new message kept
    assert fitted.tokens <= runner.n_ctx - reply_reserve(runner.n_ctx, SMALL.max_tokens)

    reply = runner.chat(messages, SMALL, keep_head=keep)
    assert reply.text.strip()
    assert reply.stats is not None
    assert reply.stats.dropped_messages == fitted.dropped
    assert reply.stats.prompt_tokens == fitted.tokens


def test_short_conversation_drops_nothing(hearth: Hearth, raw) -> None:
    assert_raw_reply(hearth.runner, raw, FRANCE)


def test_oversized_message_is_refused_clearly_and_model_stays_usable(hearth: Hearth, raw) -> None:
    runner = hearth.runner
    messages, keep = build_messages("You are terse.", long_conversation(2), "ocean " * 2000)
    with pytest.raises(ContextOverflow) as err:
        runner.chat(messages, SMALL, keep_head=keep)
    assert "too long" in err.value.message and err.value.hint
    assert_raw_reply(runner, raw, FRANCE)


def test_oversized_system_prompt_is_named(hearth: Hearth) -> None:
    messages, keep = build_messages("rule " * 2000, [], "Hi")
    with pytest.raises(ContextOverflow) as err:
        hearth.runner.fit(messages, SMALL, keep)
    assert "system prompt" in err.value.message


def test_a_20_mb_message_is_refused_without_tokenizing_it(hearth: Hearth) -> None:
    runner = hearth.runner
    calls = []
    real = runner.backend.count_prompt_tokens
    runner.backend.count_prompt_tokens = lambda m: calls.append(1) or real(m)  # type: ignore[method-assign]
    try:
        messages, keep = build_messages("You are terse.", [], "x" * 20_000_000)
        with pytest.raises(ContextOverflow) as err:
            runner.fit(messages, SMALL, keep)
    finally:
        del runner.backend.count_prompt_tokens
    assert "too long" in err.value.message
    # Only the short head (system prompt + an empty message) was tokenized to word the error.
    assert len(calls) <= 2


def test_a_reply_cut_mid_character_keeps_no_broken_character(hearth: Hearth) -> None:
    # Byte-level tokens: a Chinese character can take several; a limit may fall inside one.
    messages = [ChatMessage("user", "请用中文写一首关于长城和繁體字的诗。")]
    seen_partial = False
    for n in range(1, 13):
        hearth.runner.backend.reset()
        reply = hearth.runner.chat(messages, Sampling(temperature=0, max_tokens=n, seed=1))
        text = reply.text
        assert not text.endswith("\ufffd"), (n, text)  # what the cut can cause (any CPU)
        seen_partial |= reply.stats is not None and reply.stats.completion_tokens == n
    assert seen_partial


def test_gpu_load_failure_falls_back_to_cpu(
    smollm2: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw
) -> None:
    h = Hearth(tmp_path / "home")
    model = h.models.get(str(smollm2))
    cpu_plan = h.plan_load(model, n_ctx=512)
    gpu_plan = dataclasses.replace(cpu_plan, device="cuda:0", gpu_layers=-1, reason="test GPU")
    monkeypatch.setattr(h, "plan_load", lambda m, n_ctx=None: gpu_plan)
    real_load = LlamaCppBackend.load

    def load(self: LlamaCppBackend, path: Path, plan: LoadPlan, cancel=None, progress=None) -> None:
        if plan.gpu_layers:  # this machine has no GPU: simulate the driver refusing
            raise ModelLoadError("CUDA out of memory", "smaller model")
        real_load(self, path, plan, cancel, progress)

    monkeypatch.setattr(LlamaCppBackend, "load", load)
    try:
        plan = h.runner.load(model, n_ctx=512)
        assert plan.device == "cpu" and plan.gpu_layers == 0
        assert "CUDA out of memory" in plan.fallback_reason
        assert_raw_reply(h.runner, raw, FRANCE)
    finally:
        h.close()
    assert h.runner.loaded is None

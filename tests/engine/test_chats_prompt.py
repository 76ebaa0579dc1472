"""Prompt building, the context budget policy and sandboxed chat templates (no model needed)."""

from __future__ import annotations

import pytest

from engine.backends.base import ChatMessage
from engine.chats.prompt import (
    CHAIN_OF_THOUGHT,
    ContextOverflow,
    build_messages,
    fit_messages,
    reply_reserve,
)
from engine.chats.template import CHATML, ChatTemplate, TemplateError


def words(messages: list[ChatMessage]) -> int:
    """A stand-in tokenizer for the policy: one token per word plus 4 per message."""
    return sum(len(m.content.split()) + 4 for m in messages)


def turns(n: int) -> list[ChatMessage]:
    out = []
    for i in range(n):
        out += [ChatMessage("user", f"question {i} " * 5), ChatMessage("assistant", f"answer {i} " * 5)]
    return out


def test_build_messages_orders_system_few_shot_history_and_new_message() -> None:
    msgs, keep = build_messages("Be brief.", turns(1), "Now?", few_shot=[["Q1", "A1"], ["Q2", "A2"]],
                                chain_of_thought=True, grounding="Sources: [1] ...")
    assert keep == 5
    assert msgs[0].role == "system"
    assert msgs[0].content.startswith("Be brief.") and "Sources: [1]" in msgs[0].content
    assert msgs[0].content.endswith(CHAIN_OF_THOUGHT)
    assert [(m.role, m.content) for m in msgs[1:5]] == [
        ("user", "Q1"), ("assistant", "A1"), ("user", "Q2"), ("assistant", "A2")]
    assert msgs[-1] == ChatMessage("user", "Now?")
    bare, keep = build_messages("", [], "Hi")
    assert keep == 0 and bare == [ChatMessage("user", "Hi")]


def test_fit_drops_oldest_whole_turns_only_as_needed() -> None:
    msgs, keep = build_messages("sys", turns(10), "last question", few_shot=[["q", "a"]])
    total = words(msgs)
    fitted = fit_messages(msgs, keep, total - 1, words)
    assert fitted.dropped == 2  # one turn: the least that fits
    assert fitted.messages == msgs[:keep] + msgs[keep + 2:]
    assert fitted.tokens == words(fitted.messages) <= total - 1
    tight = fit_messages(msgs, keep, words(msgs[:keep] + msgs[-1:]), words)
    assert tight.messages == msgs[:keep] + msgs[-1:] and tight.dropped == 20
    assert fit_messages(msgs, keep, total, words).dropped == 0


def test_fit_refuses_what_cannot_fit_with_a_clear_reason() -> None:
    msgs, keep = build_messages("sys", turns(2), "word " * 500)
    with pytest.raises(ContextOverflow) as err:
        fit_messages(msgs, keep, 100, words)
    assert "too long" in err.value.message and err.value.hint
    msgs, keep = build_messages("rule " * 500, turns(2), "hi")
    with pytest.raises(ContextOverflow) as err:
        fit_messages(msgs, keep, 100, words)
    assert "system prompt" in err.value.message


def test_reply_reserve() -> None:
    assert reply_reserve(8192, 1024) == 1024
    assert reply_reserve(512, 1024) == 128
    assert reply_reserve(2048, 0) == 512


def test_chatml_default_and_multilingual_render() -> None:
    t = ChatTemplate(None)
    assert t.is_default and t.source == CHATML
    text = t.render([ChatMessage("system", "Bądź miły."), ChatMessage("user", "你好")])
    assert text == ("<|im_start|>system\nBądź miły.<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n"
                    "<|im_start|>assistant\n")


def test_template_gets_bos_and_eos_tokens() -> None:
    t = ChatTemplate("{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{{ eos_token }}{% endfor %}",
                     bos_token="<s>", eos_token="</s>")
    assert t.render([ChatMessage("user", "hi")]) == "<s>[user]hi</s>"


def test_template_is_sandboxed() -> None:
    evil = ChatTemplate("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError):
        evil.render([ChatMessage("user", "hi")])
    mutate = ChatTemplate("{% set _ = messages.append({'role': 'user', 'content': 'x'}) %}ok")
    with pytest.raises(TemplateError):
        mutate.render([ChatMessage("user", "hi")])


def test_raise_exception_and_system_role_fallback() -> None:
    no_system = ChatTemplate(
        "{% for m in messages %}{% if m.role == 'system' %}"
        "{{ raise_exception('System role not supported') }}{% endif %}"
        "<{{ m.role }}>{{ m.content }}{% endfor %}"
    )
    text = no_system.render([ChatMessage("system", "Be brief."), ChatMessage("user", "Hi")])
    assert text == "<user>Be brief.\n\nHi"
    with pytest.raises(TemplateError) as err:
        no_system.render([ChatMessage("system", "only system")])
    assert "System role not supported" in err.value.message


def test_broken_template_is_a_clear_error() -> None:
    with pytest.raises(TemplateError) as err:
        ChatTemplate("{% for m in messages %}")
    assert err.value.hint

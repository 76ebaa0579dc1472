"""Hostile chat templates (a GGUF's Jinja is untrusted code) end fast, small and cancellable."""

from __future__ import annotations

import resource
import threading
import time

import pytest

from engine.backends.base import ChatMessage
from engine.chats.template import CHATML, ChatTemplate
from engine.chats.template_limits import RENDER_SECONDS, TemplateLimit
from engine.jobs import CancelToken

MESSAGES = [ChatMessage("system", "Be brief."), ChatMessage("user", "你好, cześć, hello")]

HOSTILE = {
    "nested loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "loops printing": "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "string times": "{{ 'A' * 2000000000 }}",
    "times string": "{{ 2000000000 * 'A' }}",
    "list times": "{% set x = [0] * 1000000000 %}{{ x|length }}",
    "doubling": "{% set ns = namespace(s='AA') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "doubling plus": "{% set ns = namespace(s='AA') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "doubling vars": "{% set a = 'A' * 1000000 %}{% set b = a ~ a ~ a ~ a %}{% set c = b ~ b ~ b ~ b %}{% set d = c ~ c ~ c ~ c %}{{ d|length }}",
    "center": "{{ 'x'|center(2000000000) }}",
    "center method": "{{ 'x'.center(2000000000) }}",
    "format filter": "{{ '%2000000000s'|format(1) }}",
    "percent": "{{ '%2000000000s' % 1 }}",
    "str format": "{{ '{:>2000000000}'.format(1) }}",
    "power": "{{ 10 ** 100000000 }}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "list of range": "{{ (range(100000)|list|length) * 0 }}{% for i in range(100000) %}{{ range(100000)|list|length }}{% endfor %}",
    "indent": "{{ 'a\nb'|indent(2000000000) }}",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_template_stops_fast_and_small(name: str) -> None:
    template = ChatTemplate(HOSTILE[name])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.monotonic()
    with pytest.raises(TemplateLimit):
        template.render(MESSAGES)
    took = time.monotonic() - t
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert took < RENDER_SECONDS + 1.5, f"{name}: {took:.1f} s"
    assert grown_mb < 300, f"{name}: grew {grown_mb:.0f} MB"


def test_cancel_stops_a_render() -> None:
    template = ChatTemplate(HOSTILE["nested loops"])
    cancel = CancelToken()
    threading.Timer(0.2, cancel.cancel).start()
    t = time.monotonic()
    with pytest.raises(TemplateLimit, match="Stopped"):
        template.render(MESSAGES, cancel=cancel)
    assert time.monotonic() - t < 1.0


def test_real_templates_still_render() -> None:
    text = ChatTemplate(CHATML).render(MESSAGES)
    assert text.endswith("<|im_start|>assistant\n") and "你好, cześć" in text
    # A long conversation (real prompts reach hundreds of thousands of characters) is fine.
    long = [ChatMessage("user", "słowo " * 100_000)]
    assert len(ChatTemplate(None).render(long)) > 600_000
    loop = "{% for m in messages %}{{ m.role }}:{{ m.content|trim }} {% endfor %}{{ range(3)|list|length }}"
    assert ChatTemplate(loop).render(MESSAGES).endswith("3")


def test_a_chat_with_a_hostile_template_fails_fast_and_the_model_stays_usable(hearth, smollm2) -> None:
    from engine.backends.base import Sampling

    hearth.runner.load(hearth.models.get(str(smollm2)), n_ctx=512)
    backend = hearth.runner.backend
    good = backend.template
    backend.template = ChatTemplate(HOSTILE["nested loops"])
    chat = hearth.chats.new_chat(model=str(smollm2), sampling=Sampling(max_tokens=4).to_dict())
    t = time.monotonic()
    with pytest.raises(TemplateLimit):
        _ = hearth.chats.send(chat.id, "Hello").text
    assert time.monotonic() - t < RENDER_SECONDS * 3 + 2  # fitting renders a few times at most
    backend.template = good
    reply = hearth.chats.send(chat.id, "Hello")
    assert reply.text and reply.stats is not None

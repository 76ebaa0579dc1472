"""Chat templates from GGUF metadata, rendered in a sandboxed Jinja environment.

A GGUF carries its chat template as Jinja source written by whoever made the file, so it is
untrusted code: it runs in jinja2's ImmutableSandboxedEnvironment (no attribute tricks, no
mutation of our objects). llama-cpp-python's own formatter is sandboxed too, but it is tied
to its create_chat_completion pipeline; we render ourselves so the same prompt text is used
for counting tokens (context budget) and for generation, and so a template that rejects a
system message can be retried with the system text folded into the first user turn.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from engine.backends.base import ChatMessage
from engine.chats.template_limits import BROKEN_HINT, TemplateLimit
from engine.errors import GenerationError
from engine.i18n import _
from engine.jobs import CancelToken

# Used when a GGUF has no template: ChatML is what most current instruct models expect.
CHATML = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


class TemplateError(GenerationError):
    """The model's chat template refused the conversation or is broken."""


def _raise_exception(message: str) -> None:
    raise TemplateError(
        _("The model's chat template refused this conversation: {message}").format(
            message=message))


def _tojson(x: Any, ensure_ascii: bool = False, indent: int | None = None, **kw: Any) -> str:
    # Hugging Face templates expect tojson without ASCII escaping (keeps Chinese readable).
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, sort_keys=kw.get("sort_keys", False))


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


class ChatTemplate:
    """A compiled chat template; `render(messages)` gives the prompt text."""

    def __init__(self, source: str | None, bos_token: str = "", eos_token: str = "") -> None:
        import jinja2

        from engine.chats.template_limits import BoundedEnvironment

        self.source = source or CHATML
        self.is_default = not source
        self.bos_token = bos_token
        self.eos_token = eos_token
        self._env = env = BoundedEnvironment(
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.loopcontrols"],
        )
        env.filters["tojson"] = _tojson
        env.globals["raise_exception"] = _raise_exception
        env.globals["strftime_now"] = _strftime_now
        try:
            self._template = env.from_string(self.source)
        except jinja2.TemplateError as e:
            raise TemplateError(
                _("The model's chat template is broken: {error}").format(error=e),
                _("Use another build of this model (the GGUF's tokenizer.chat_template is "
                  "invalid)."),
            ) from e

    def render(
        self,
        messages: list[ChatMessage],
        add_generation_prompt: bool = True,
        cancel: CancelToken | None = None,
    ) -> str:
        """The prompt text. Bounded in time and size (TemplateLimit), stopped by `cancel`."""
        try:
            return self._render(messages, add_generation_prompt, cancel)
        except TemplateError:
            # Some templates (Gemma, Mistral v1) reject the system role: fold it into the
            # first user message instead of failing the chat.
            if not messages or messages[0].role != "system" or len(messages) < 2:
                raise
            return self._render(fold_system(messages), add_generation_prompt, cancel)

    def _render(
        self, messages: list[ChatMessage], add_generation_prompt: bool, cancel: CancelToken | None
    ) -> str:
        import jinja2

        from engine.chats.template_limits import render_bounded

        clock = self._env.start(cancel)
        try:
            stream = self._template.generate(
                messages=[{"role": m.role, "content": m.content} for m in messages],
                bos_token=self.bos_token,
                eos_token=self.eos_token,
                add_generation_prompt=add_generation_prompt,
            )
            return render_bounded(stream, clock)
        except (TemplateError, TemplateLimit):
            raise
        except (RecursionError, MemoryError) as e:
            raise TemplateLimit(
                _("The model's chat template ran out of depth.") if isinstance(e, RecursionError)
                else _("The model's chat template ran out of memory."),
                _(BROKEN_HINT),
            ) from e
        except (jinja2.TemplateError, TypeError, ValueError, KeyError, IndexError, AttributeError) as e:
            raise TemplateError(
                _("The model's chat template failed: {error}").format(error=e),
                _("Try another build of this model."),
            ) from e


def fold_system(messages: list[ChatMessage]) -> list[ChatMessage]:
    """The system text prepended to the first user message (for templates without a system role)."""
    system, rest = messages[0], list(messages[1:])
    for i, m in enumerate(rest):
        if m.role == "user":
            rest[i] = ChatMessage("user", f"{system.content}\n\n{m.content}")
            return rest
    return rest

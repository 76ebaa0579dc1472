"""Prompt building: system prompt, prompt techniques, and fitting the context window.

The message list a model sees is

    system  (system prompt + optional step-by-step instruction + grounded document context)
    few-shot example pairs (user, assistant), before the conversation
    the conversation so far
    the new user message

When that outgrows the context (minus room for the reply), the oldest conversation turns are
dropped, whole turns at a time, and the caller is told how many messages were left out. The
system prompt, the examples and the new message are never dropped; if they alone do not fit,
that is a clear error, not a silent cut.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine.backends.base import ChatMessage
from engine.errors import GenerationError
from engine.i18n import _, number

CHAIN_OF_THOUGHT = (  # = engine.library.prompts' English "steps"
    "Think through the problem step by step before giving the final answer, "
    "then state the answer clearly."
)


class ContextOverflow(GenerationError):
    """What must be kept in the prompt does not fit the model's context."""


def build_messages(
    system_prompt: str,
    history: Sequence[ChatMessage],
    user_text: str,
    few_shot: Sequence[Sequence[str]] = (),
    chain_of_thought: bool = False,
    grounding: str = "",
    lang: str = "en",
) -> tuple[list[ChatMessage], int]:
    """The full message list and how many leading messages must never be dropped.

    `lang` (engine.library.prompts) words the step-by-step instruction, and the default
    system prompt when the chat still has it; a prompt the user wrote is kept as written.
    """
    from engine.library.prompts import is_default_system_prompt, wording

    if is_default_system_prompt(system_prompt):
        system_prompt = wording("system", lang)
    system_parts = [p for p in (system_prompt.strip(), grounding.strip()) if p]
    if chain_of_thought:
        system_parts.append(wording("steps", lang))
    head: list[ChatMessage] = []
    if system_parts:
        head.append(ChatMessage("system", "\n\n".join(system_parts)))
    for pair in few_shot:
        if len(pair) >= 2 and (pair[0] or pair[1]):
            head.append(ChatMessage("user", pair[0]))
            head.append(ChatMessage("assistant", pair[1]))
    return [*head, *history, ChatMessage("user", user_text)], len(head)


def reply_reserve(n_ctx: int, max_tokens: int) -> int:
    """Tokens kept free for the reply: max_tokens, but never more than a quarter of the context."""
    quarter = max(16, n_ctx // 4)
    return min(max_tokens, quarter) if max_tokens > 0 else quarter


@dataclass
class FittedPrompt:
    messages: list[ChatMessage]
    dropped: int  # conversation messages left out
    tokens: int  # prompt tokens of `messages`


def fit_messages(
    messages: list[ChatMessage],
    keep_head: int,
    budget: int,
    measure: Callable[[list[ChatMessage]], int],
) -> FittedPrompt:
    """Drop the oldest whole turns until `measure(messages) <= budget`.

    `keep_head` leading messages (system, few-shot) and the last message are always kept.
    Raises ContextOverflow when even those do not fit.
    """
    total = measure(messages)
    if total <= budget:
        return FittedPrompt(messages, 0, total)
    head, body, last = messages[:keep_head], messages[keep_head:-1], messages[-1:]
    # A turn starts at a user message; dropping stops at turn starts so roles keep alternating.
    cuts = [i for i, m in enumerate(body) if m.role == "user" and i > 0] + [len(body)]

    def candidate(cut: int) -> list[ChatMessage]:
        return [*head, *body[cut:], *last]

    # Fewer kept turns never take more tokens, so binary search for the first cut that fits.
    lo, hi = 0, len(cuts) - 1
    best: tuple[int, int] | None = None
    while lo <= hi:
        mid = (lo + hi) // 2
        n = measure(candidate(cuts[mid]))
        if n <= budget:
            best, hi = (cuts[mid], n), mid - 1
        else:
            lo = mid + 1
    if best is not None:
        cut, n = best
        return FittedPrompt(candidate(cut), cut, n)
    raise _overflow(head, last, budget, measure)


def _overflow(
    head: list[ChatMessage],
    last: list[ChatMessage],
    budget: int,
    measure: Callable[[list[ChatMessage]], int],
) -> ContextOverflow:
    fixed = measure([*head, ChatMessage("user", "")])
    if fixed > budget:
        return ContextOverflow(
            _("The system prompt and examples alone take about {fixed} tokens, "
              "but this model's context leaves room for {budget}.").format(
                fixed=number(fixed), budget=number(budget)),
            _("Shorten the system prompt or the few-shot examples, or use a larger context."),
        )
    message = measure([*head, *last]) - fixed
    return ContextOverflow(
        _("The message is too long for this model: about {message} tokens, "
          "and the context leaves room for {budget}.").format(
            message=number(message), budget=number(budget - fixed)),
        _("Shorten the message or split it up, or load the model with a larger context "
          "(hearth chat --ctx N, or the chat's context setting)."),
    )

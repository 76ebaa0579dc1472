"""Sending messages: prompt building, the loaded model, grounding, and saving as it streams.

Each reply is saved as it is produced: the user's message and an empty "streaming" reply
are inserted before generation, the partial text is flushed about once a second, and the
reply is finalised with its stats ("complete", "error", or "interrupted" when it was
cancelled or the consumer stopped iterating). Everything that can refuse a message (unknown
model, a message too long for the context) happens before the database is touched, so a
refusal changes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.backends.base import ChatMessage, Reply, ReplyStats
from engine.chats.prompt import build_messages, reply_reserve
from engine.chats.store import Chat, ChatStore, Message
from engine.errors import GenerationError, HearthError, NotFound

if TYPE_CHECKING:
    from engine.api import Hearth
    from engine.jobs import CancelToken
    from engine.models.registry import ModelInfo

log = logging.getLogger(__name__)

FLUSH_S = 1.0  # how often a streaming reply's partial text is written to the database
TITLE_CHARS = 60


class ChatReply(Reply):
    """A streaming reply that is being saved: iterate for chunks; `.stats` when done."""

    def __init__(
        self,
        gen: Iterator[str],
        chat_id: int,
        message_id: int,
        user_message_id: int | None,
        citations: list[dict[str, Any]],
        model: str,
    ) -> None:
        super().__init__(gen)
        self.chat_id = chat_id
        self.message_id = message_id
        self.user_message_id = user_message_id
        self.citations = citations
        self.model = model

    def close(self) -> None:
        """Stop early: the reply is saved as it stands, marked interrupted."""
        close = getattr(self._gen, "close", None)
        if close is not None and not self.done:
            close()


def default_model(hearth: Hearth) -> ModelInfo:
    """settings.default_model, else the only or most recently added installed model."""
    if hearth.settings.default_model:
        return hearth.models.get(hearth.settings.default_model)
    models = hearth.models.list()
    if not models:
        raise NotFound(
            "No model is installed yet.",
            "Import a .gguf with `hearth models import PATH`, or download one with "
            "`hearth hub download REPO`.",
        )
    return max(models, key=lambda m: m.added_at or "")


def make_title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


def history_of(messages: list[Message]) -> list[ChatMessage]:
    """Stored messages as model context: failed and empty replies are left out."""
    out = []
    for m in messages:
        if m.role == "assistant" and (m.state == "error" or not m.content.strip()):
            continue
        if m.role in ("user", "assistant"):
            out.append(ChatMessage(m.role, m.content))  # type: ignore[arg-type]
    return out


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).expanduser().resolve() == Path(b).resolve()
    except OSError:
        return False


class ChatService:
    def __init__(self, hearth: Hearth) -> None:
        self.hearth = hearth

    @property
    def store(self) -> ChatStore:
        return self.hearth.chat_store

    def new_chat(self, model: str | None = None, **fields: Any) -> Chat:
        """A chat with the user's default system prompt and sampling, unless given."""
        settings = self.hearth.settings
        fields.setdefault("system_prompt", settings.system_prompt)
        fields.setdefault("sampling", settings.sampling)
        return self.store.create_chat(model=model or "", **fields)

    # the three ways to get a reply ------------------------------------------------------
    def send(self, chat_id: int, text: str, cancel: CancelToken | None = None) -> ChatReply:
        if not text.strip():
            raise GenerationError("The message is empty.", "Type something to send.")
        chat = self.store.get_chat(chat_id)
        history = history_of(self.store.messages(chat_id))

        def commit() -> None:
            if not chat.title:
                self.store.rename(chat.id, make_title(text))

        return self._reply(chat, history, text, save_user=True, commit=commit, cancel=cancel)

    def regenerate(self, chat_id: int, cancel: CancelToken | None = None) -> ChatReply:
        """Replace the replies after the last user message with a new one."""
        chat = self.store.get_chat(chat_id)
        messages = self.store.messages(chat_id)
        users = [i for i, m in enumerate(messages) if m.role == "user"]
        if not users:
            raise GenerationError("There is no message to answer yet.", "Send a message first.")
        last = messages[users[-1]]

        def commit() -> None:
            self.store.delete_messages_after(chat_id, last.id)

        return self._reply(chat, history_of(messages[: users[-1]]), last.content,
                           save_user=False, commit=commit, cancel=cancel)

    def edit_and_resend(self, message_id: int, text: str, cancel: CancelToken | None = None) -> ChatReply:
        """Change an earlier user message, drop everything after it, and answer it anew."""
        if not text.strip():
            raise GenerationError("The message is empty.", "Type something to send.")
        edited = self.store.get_message(message_id)
        if edited.role != "user":
            raise GenerationError("Only your own messages can be edited.")
        chat = self.store.get_chat(edited.chat_id)
        messages = self.store.messages(chat.id)
        before = [m for m in messages if m.id < edited.id]

        def commit() -> None:
            self.store.edit_message(edited.id, text)
            self.store.delete_messages_after(chat.id, edited.id)

        return self._reply(chat, history_of(before), text, save_user=False, commit=commit,
                           cancel=cancel)

    # internals --------------------------------------------------------------------------
    def ensure_model(self, chat: Chat, cancel: CancelToken | None = None) -> ModelInfo:
        """Load the chat's model unless it is the one already loaded."""
        runner = self.hearth.runner
        loaded = runner.loaded
        # The common case - the chat's model is already loaded - must not re-read the model
        # file's header (tens of ms for a large tokenizer) before every message.
        if loaded is not None and chat.model and runner.is_loaded(loaded, chat.n_ctx) and (
            chat.model in (loaded.name, loaded.path) or _same_file(chat.model, loaded.path)
        ):
            return loaded
        model = self.hearth.models.get(chat.model) if chat.model else default_model(self.hearth)
        if not runner.is_loaded(model, chat.n_ctx):
            runner.load(model, n_ctx=chat.n_ctx, cancel=cancel)
        return model

    def _reply(
        self,
        chat: Chat,
        history: list[ChatMessage],
        text: str,
        save_user: bool,
        commit: Callable[[], None],
        cancel: CancelToken | None,
    ) -> ChatReply:
        model = self.ensure_model(chat, cancel)
        runner = self.hearth.runner
        grounding, citations = self._grounding(chat, text)
        messages, keep = build_messages(
            chat.system_prompt, history, text, chat.few_shot, chat.chain_of_thought, grounding
        )
        # Fits the context (or raises) and tokenizes now; generation starts on iteration.
        reply = runner.chat(messages, chat.sampling, cancel=cancel, keep_head=keep)
        commit()
        user_id, reply_id = self.store.add_exchange(
            chat.id, text if save_user else None, model.name, chat.sampling, citations
        )
        gen = self._stream(reply, reply_id)
        return ChatReply(gen, chat.id, reply_id, user_id, citations, model.name)

    def _grounding(self, chat: Chat, question: str) -> tuple[str, list[dict[str, Any]]]:
        if not chat.libraries:
            return "", []
        runner = self.hearth.runner
        base, _ = build_messages(chat.system_prompt, [], question, chat.few_shot,
                                 chat.chain_of_thought)
        room = runner.n_ctx - reply_reserve(runner.n_ctx, chat.sampling.max_tokens)
        # Sources may take most of what is left; some stays for the recent conversation.
        budget = max(0, (room - runner.count_prompt_tokens(base)) * 3 // 4)
        grounded = self.hearth.libraries.context_for(
            chat.libraries, question, budget, runner.count_tokens
        )
        return grounded.system_text, list(grounded.sources)

    def _stream(self, reply: Reply, message_id: int) -> Generator[str, None, ReplyStats | None]:
        store = self.store
        parts: list[str] = []
        state = "error"
        stats: ReplyStats | None = None
        last_flush = time.monotonic()
        try:
            for chunk in reply:
                parts.append(chunk)
                yield chunk
                now = time.monotonic()
                if now - last_flush >= FLUSH_S:
                    store.save_partial(message_id, "".join(parts))
                    last_flush = now
            stats = reply.stats
            # A reply the user stopped is kept, and marked so everywhere it is shown or exported.
            cancelled = stats is not None and stats.finish_reason == "cancelled"
            state = "interrupted" if cancelled else "complete"
            return stats
        except (GeneratorExit, KeyboardInterrupt):
            state = "interrupted"  # the consumer stopped iterating
            raise
        except HearthError:
            stats = ReplyStats(finish_reason="error")
            raise
        finally:
            try:
                store.finish_message(message_id, "".join(parts), state, stats)
            except HearthError:
                log.exception("could not save the final reply %s", message_id)

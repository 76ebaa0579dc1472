"""Sending messages: prompt building, the loaded model, grounding, and saving as it streams.

Each reply is saved as it is produced: the user's message and an empty "streaming" reply
are inserted before generation, the partial text is flushed about once a second, and the
reply is finalised with its stats ("complete", "error", or "interrupted" when it was
cancelled or the consumer stopped iterating). Everything that can refuse a message (unknown
model, a message too long for the context) happens before the database is touched, so a
refusal changes nothing.

Another process (the CLI while the GUI chats) may write to the same chat. So the chat's
messages are read from the store right before the prompt is built, after the model has
loaded (which takes seconds), never kept from earlier; and regenerate or edit delete only
the messages they saw.
"""

from __future__ import annotations

import builtins
import logging
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.backends.base import ChatMessage, ReadingFn, Reply, ReplyStats
from engine.chats.backups import BackupInfo
from engine.chats.prompt import build_messages
from engine.chats.salvage import Recovery
from engine.chats.store import Chat, ChatStore, Message
from engine.errors import GenerationError, HearthError, StorageError
from engine.fsutil import json_text
from engine.i18n import _

if TYPE_CHECKING:
    from engine.config import Settings
    from engine.jobs import CancelToken
    from engine.library.service import LibraryService
    from engine.models.registry import ModelInfo
    from engine.runner import ModelRunner

log = logging.getLogger(__name__)

Ids = tuple[int | None, int]  # the user message saved (None: none was), the reply
Commit = Callable[[str, list[dict[str, Any]]], Ids]  # (model name, sources) -> Ids

FLUSH_S = 1.0  # how often a streaming reply's partial text is written to the database
TITLE_CHARS = 60


class ChatReply(Reply):
    """A streaming reply that is being saved: iterate for chunks; `.stats` when done.

    `sources`: the numbered passages of the chat's libraries the model was given.
    """

    def __init__(
        self,
        gen: Iterator[str],
        chat_id: int,
        message_id: int,
        user_message_id: int | None,
        sources: list[dict[str, Any]],
        model: str,
    ) -> None:
        super().__init__(gen)
        self.chat_id = chat_id
        self.message_id = message_id
        self.user_message_id = user_message_id
        self.sources = sources
        self.model = model

    def close(self) -> None:
        """Stop early: the reply is saved as it stands, marked interrupted."""
        close = getattr(self._gen, "close", None)
        if close is not None and not self.done:
            close()


def make_title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


def _empty() -> GenerationError:
    return GenerationError(_("The message is empty."), _("Type something to send."))


def _nothing_to_answer() -> GenerationError:
    return GenerationError(_("There is no message to answer yet."), _("Send a message first."))


def history_of(messages: list[Message]) -> list[ChatMessage]:
    """Stored messages as model context: failed and empty replies are left out."""
    out = []
    for m in messages:
        if m.role == "assistant" and (m.state == "error" or not m.content.strip()):
            continue
        if m.role in ("user", "assistant"):
            out.append(ChatMessage(m.role, m.content))  # type: ignore[arg-type]
    return out


class ChatService:
    """Chats: the saved conversations (ChatStore) and replies from the loaded model."""

    def __init__(
        self,
        store: ChatStore,
        runner: ModelRunner,
        settings: Callable[[], Settings],
        libraries: Callable[[], LibraryService],
    ) -> None:
        self.store = store
        self.runner = runner
        self._settings = settings
        self._libraries = libraries

    # the saved chats --------------------------------------------------------------------
    def new_chat(self, model: str | None = None, **fields: Any) -> Chat:
        """A chat with the user's default system prompt and sampling, unless given."""
        settings = self._settings()
        fields.setdefault("system_prompt", settings.system_prompt)
        fields.setdefault("sampling", settings.sampling)
        return self.store.create_chat(model=model or "", **fields)

    def list(self, search: str | None = None) -> builtins.list[Chat]:
        return self.store.list_chats(search)

    def get(self, chat_id: int) -> Chat:
        return self.store.get_chat(chat_id)

    def messages(self, chat_id: int) -> builtins.list[Message]:
        return self.store.messages(chat_id)

    def get_message(self, message_id: int) -> Message:
        return self.store.get_message(message_id)

    def show_version(self, message_id: int, index: int) -> Message:
        """Show version `index` (0-based, oldest first) of a regenerated reply instead of
        the one shown; the next message is answered from the version shown."""
        return self.store.show_version(message_id, index)

    def update(self, chat_id: int, **fields: Any) -> Chat:
        return self.store.update_chat(chat_id, **fields)

    def rename(self, chat_id: int, title: str) -> Chat:
        return self.store.rename(chat_id, title)

    def delete(self, chat_id: int) -> None:
        self.store.delete(chat_id)

    def export(self, chat_id: int, fmt: str = "md", path: Path | None = None) -> str:
        """The chat as Markdown ("md") or JSON ("json") text; written to `path` if given
        (atomically: a failed export never leaves half a file)."""
        if fmt == "json":

            text = json_text(self.store.export_json(chat_id), indent=2)
        else:
            text = self.store.export_markdown(chat_id)
        if path is not None:
            from engine.fsutil import atomic_write_bytes

            atomic_write_bytes(Path(path).expanduser(), text.encode("utf-8"))
        return text

    @property
    def recovery(self) -> Recovery | None:
        """What opening a damaged chat database recovered (None: it was sound): show once."""
        return self.store.recovery

    @property
    def read_only(self) -> StorageError | None:
        """Why chats can be read but not saved here (None: they can be saved)."""
        return self.store.read_only

    def backups(self) -> builtins.list[BackupInfo]:
        """The daily backups, newest first."""
        return self.store.list_backups()

    def restore(self, backup: Path) -> Path:
        """Replace every chat with those in `backup`; returns the backup of those replaced."""
        return self.store.restore(backup)

    def close(self) -> None:
        self.store.close()

    # the three ways to get a reply ------------------------------------------------------
    # Each passes a `prepare` that reads the messages as they are when the prompt is built:
    # it returns the text to answer, the history before it, and the writes to make once
    # the prompt has been accepted (they return the user message's and the reply's ids).
    def send(self, chat_id: int, text: str, cancel: CancelToken | None = None,
             reading: ReadingFn | None = None) -> ChatReply:
        if not text.strip():
            raise _empty()
        chat = self.store.get_chat(chat_id)

        def prepare() -> tuple[str, builtins.list[ChatMessage], Commit]:
            def commit(model: str, sources: builtins.list[dict[str, Any]]) -> Ids:
                self.store.name_if_untitled(chat.id, make_title(text))
                return self.store.add_exchange(chat.id, text, model, chat.sampling, sources)

            return text, history_of(self.store.messages(chat_id)), commit

        return self._reply(chat, prepare, cancel=cancel, reading=reading)

    def regenerate(self, chat_id: int, cancel: CancelToken | None = None,
                   reading: ReadingFn | None = None) -> ChatReply:
        """Replace the replies after the last user message with a new one, which keeps them
        as its earlier versions (see ChatStore.show_version)."""
        chat = self.store.get_chat(chat_id)
        if not any(m.role == "user" for m in self.store.messages(chat_id)):
            raise _nothing_to_answer()

        def prepare() -> tuple[str, builtins.list[ChatMessage], Commit]:
            messages = self.store.messages(chat_id)
            users = [i for i, m in enumerate(messages) if m.role == "user"]
            if not users:
                raise _nothing_to_answer()
            last, seen = messages[users[-1]], messages[-1].id

            def commit(model: str, sources: builtins.list[dict[str, Any]]) -> Ids:
                return None, self.store.replace_reply(chat_id, last.id, seen, model,
                                                      chat.sampling, sources)

            return last.content, history_of(messages[: users[-1]]), commit

        return self._reply(chat, prepare, cancel=cancel, reading=reading)

    def edit_and_resend(self, message_id: int, text: str, cancel: CancelToken | None = None,
                        reading: ReadingFn | None = None) -> ChatReply:
        """Change an earlier user message, drop everything after it, and answer it anew."""
        if not text.strip():
            raise _empty()
        edited = self.store.get_message(message_id)
        if edited.role != "user":
            raise GenerationError(_("Only your own messages can be edited."))
        chat = self.store.get_chat(edited.chat_id)

        def prepare() -> tuple[str, builtins.list[ChatMessage], Commit]:
            messages = self.store.messages(chat.id)
            before = [m for m in messages if m.id < edited.id]
            seen = messages[-1].id if messages else edited.id
            first = not any(m.role == "user" for m in before)

            def commit(model: str, sources: builtins.list[dict[str, Any]]) -> Ids:
                self.store.edit_message(edited.id, text)
                self.store.delete_messages_after(chat.id, edited.id, through=seen)
                if first:  # the title was made from this message: it follows the edit
                    self.store.retitle(chat.id, make_title(edited.content), make_title(text))
                return self.store.add_exchange(chat.id, None, model, chat.sampling, sources)

            return text, history_of(before), commit

        return self._reply(chat, prepare, cancel=cancel, reading=reading)

    # internals --------------------------------------------------------------------------
    def ensure_model(self, chat: Chat, cancel: CancelToken | None = None) -> ModelInfo:
        """The chat's model (or the default one), loaded unless it already is."""
        return self.runner.ensure(chat.model or None, chat.n_ctx, cancel)

    def _reply(
        self,
        chat: Chat,
        prepare: Callable[[], tuple[str, builtins.list[ChatMessage], Commit]],
        cancel: CancelToken | None,
        reading: ReadingFn | None = None,
    ) -> ChatReply:
        model = self.ensure_model(chat, cancel)
        runner = self.runner
        text, history, commit = prepare()  # after the load: what was written meanwhile counts
        grounding, sources = self._grounding(chat, text)
        messages, keep = build_messages(
            chat.system_prompt, history, text, chat.few_shot, chat.chain_of_thought, grounding,
            self._prompt_language(text),
        )
        # Fits the context (or raises) and tokenizes now; generation starts on iteration.
        reply = runner.chat(messages, chat.sampling, cancel=cancel, keep_head=keep, reading=reading)
        user_id, reply_id = commit(model.name, sources)
        gen = self._stream(reply, reply_id, self._citer(chat, sources))
        return ChatReply(gen, chat.id, reply_id, user_id, sources, model.name)

    def _citer(self, chat: Chat, sources: builtins.list[dict[str, Any]]
               ) -> Callable[[str], builtins.list[dict[str, Any]]] | None:
        """Marks, when the reply ends, which of `sources` it cites or restates (in place:
        the ChatReply and the stored message get the marks)."""
        if not sources:
            return None
        libs = self._libraries()

        def cite(text: str) -> builtins.list[dict[str, Any]]:
            from engine.library.citations import mark_sources

            # Inferred citations are matched with the first library's own embedder.
            sources[:] = mark_sources(text, sources, libs.embedder_of(chat.libraries[0]))
            return sources

        return cite

    def _prompt_language(self, text: str) -> str:
        libs = self._libraries()
        if libs is not None:
            return str(libs.prompt_language(text))
        from engine.library.prompts import prompt_language

        return prompt_language(text)

    def _grounding(self, chat: Chat, question: str) -> tuple[str, builtins.list[dict[str, Any]]]:
        if not chat.libraries:
            return "", []
        from engine.library.grounding import sources_budget  # LanceDB: only when needed

        runner = self.runner
        base, _cut = build_messages(chat.system_prompt, [], question, chat.few_shot,
                                 chat.chain_of_thought, lang=self._prompt_language(question))
        # Sources may take most of what is left; some stays for the recent conversation.
        budget = max(0, runner.room(base, chat.sampling) * 3 // 4)
        # Retrieved passages: as many as this machine reads in a few seconds, unless the
        # user asked for more context.
        passages = sources_budget(budget, runner.prompt_speed(), self._settings().more_context)
        grounded = self._libraries().context_for(
            chat.libraries, question, budget, runner.count_tokens, passages
        )
        return grounded.system_text, list(grounded.sources)

    def _stream(
        self, reply: Reply, message_id: int,
        cite: Callable[[str], builtins.list[dict[str, Any]]] | None = None,
    ) -> Generator[str, None, ReplyStats | None]:
        store = self.store
        parts: builtins.list[str] = []
        state = "error"
        stats: ReplyStats | None = None
        failing = False  # an error is on its way to the consumer already
        stopped = False  # the consumer stopped: nobody to raise to
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
            stopped = True
            raise
        except StorageError:
            # The reply could not be saved (a full disk): it stops, and what was saved of it
            # stays, as an interrupted reply, not a failed one.
            state = "interrupted"
            failing = True
            raise
        except HearthError:
            stats = ReplyStats(finish_reason="error")
            failing = True
            raise
        finally:
            text = "".join(parts)
            marked = None
            if cite is not None and not failing and text.strip():
                try:
                    marked = cite(text)
                except Exception as e:  # noqa: BLE001 - the reply matters more than its marks
                    log.warning("could not mark the citations of reply %s: %s", message_id, e)
            try:
                store.finish_message(message_id, text, state, stats, sources=marked)
            except HearthError as e:
                # Said once: when an error is already on its way (most likely this same full
                # disk), this one is only logged; else the consumer learns the end was not saved.
                if stopped:
                    log.warning("The reply so far could not be saved: %s", e.message)
                elif failing:
                    log.info("could not save the end of reply %s: %s", message_id, e.message)
                else:
                    raise

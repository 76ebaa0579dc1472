"""Getting replies on the Chats page: send, regenerate, edit and resend, stop.

A reply is generated on the "model" lane: the task body iterates the engine's ChatReply and
posts chunks; the task runner hands them to `_partial` in ~40 ms batches and only the
streaming bubble is updated. Stop sets the task's cancel token (the engine stops at the
next token). Mixed into ChatPage, whose widgets (view, composer, chat list) it uses.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from desktop.formats import number
from desktop.i18n import translate
from desktop.tasks import TaskContext
from desktop.widgets.message_view import MessageWidget

# Starts a reply on the model lane: (cancel token, reading callback) -> the engine's ChatReply.
Starter = Callable[[Any, Any], Any]
# Below this many prompt tokens reading is too quick to be worth a message.
READING_SHOWN_FROM = 256


def shown_state(m: Any) -> str:
    """A reply the user stopped is shown as stopped, however the store labels it."""
    if m.state == "complete" and getattr(m.stats, "finish_reason", "") == "cancelled":
        return "interrupted"
    return str(m.state)


class ReplyActions:
    """Send / regenerate / edit / stop for ChatPage (see the module docstring)."""

    ctx: Any
    chat_id: Any
    handle: Any
    stream_bubble: MessageWidget | None
    editing: MessageWidget | None
    _reading_since: tuple[float, int] | None = None

    def send(self) -> None:
        text = self.composer.text().strip()
        if not text or self.busy:
            return
        model = self.current_model()
        if not model:
            self.ctx.show_error(
                translate("ChatPage", "No model to answer with."),
                translate("ChatPage", "Install one on the Models page, or import a GGUF file."))
            return
        pending = self.flush_settings()
        hearth = self.ctx.hearth  # the chat service is built on the model lane, not here
        if self.editing is not None and self.editing.message_id:
            index = self.view.messages.index(self.editing)
            message_id = self.editing.message_id
            self.view.remove_from(index)
            self.cancel_edit()
            self.view.add(MessageWidget("user", text))
            self._start(self._saved_first(pending, lambda cancel, reading: hearth.chats.edit_and_resend(
                message_id, text, cancel=cancel, reading=reading)))
        elif self.chat_id is None:  # a new chat: saved now, with its first message
            self.cancel_edit()
            self.view.add(MessageWidget("user", text))
            fields = self.new_chat_fields()

            def first(cancel: Any, reading: Any) -> Any:
                chat = hearth.chats.new_chat(**fields)
                return hearth.chats.send(chat.id, text, cancel=cancel, reading=reading)

            self._start(first)
        else:
            self.cancel_edit()
            self.view.add(MessageWidget("user", text))
            chat_id = self.chat_id
            self._start(self._saved_first(pending, lambda cancel, reading: hearth.chats.send(
                chat_id, text, cancel=cancel, reading=reading)))
        self.composer.clear()

    def regenerate(self) -> None:
        if self.busy or self.chat_id is None or not self.view.messages:
            return
        pending = self.flush_settings()
        if self.view.messages[-1].role == "assistant":
            self.view.remove_from(len(self.view.messages) - 1)
        chat_id = self.chat_id
        chats = self.ctx.hearth.chats
        self._start(self._saved_first(pending, lambda cancel, reading: chats.regenerate(
            chat_id, cancel=cancel, reading=reading)))

    def _saved_first(self, pending: dict | None, starter: Starter) -> Starter:
        """`starter`, after saving the settings just edited: their save runs on the store
        lane, the reply on the model lane, and the reply must see them (a library checked
        a moment before Enter answers this question)."""
        chat_id = self.chat_id
        if not pending or chat_id is None:
            return starter
        chats = self.ctx.hearth.chats

        def run(cancel: Any, reading: Any) -> Any:
            chats.update(chat_id, **pending)
            return starter(cancel, reading)

        return run

    def stop(self) -> None:
        if self.busy and self.handle is not None:
            self.handle.cancel()
        elif self.editing is not None:
            self.cancel_edit()

    def start_edit(self, bubble: MessageWidget) -> None:
        if self.busy:
            return
        self.editing = bubble
        self.composer.set_text(bubble.text)
        self.composer.set_editing(True)
        self.composer.edit.setFocus()

    def cancel_edit(self) -> None:
        if self.editing is not None:
            self.editing = None
            self.composer.set_editing(False)
            self.composer.clear()

    def _start(self, starter: Starter) -> None:
        model = self.current_model()
        bubble = self.view.add(MessageWidget("assistant", "", author=model))
        bubble.start_stream()
        loaded = self.ctx.loaded_model
        if loaded is None or loaded.name != model:
            bubble.set_waiting(translate("ChatPage", "Loading {model}…").format(model=model))
        elif self.settings_panel.checked_libraries():
            bubble.set_waiting(translate("ChatPage", "Looking through your libraries…"))
        self.stream_bubble = bubble
        self._reply_chat = self.chat_id
        self._reading_since = None

        def body(task: TaskContext) -> dict:
            def reading(done: int, total: int) -> None:
                task.post(("reading", done, total, time.monotonic()))

            reply = starter(task.cancel, reading)
            task.post(("chat", reply.chat_id))
            sources = list(reply.sources)
            if sources:
                task.post(("sources", sources))
            for chunk in reply:
                task.post(chunk)
            # Marked now with which sources the answer cites or restates.
            return {"chat_id": reply.chat_id, "message_id": reply.message_id,
                    "stats": reply.stats, "sources": list(reply.sources)}

        self.handle = self.ctx.tasks.run(
            body, lane="model", name="reply", partial=self._partial, success=self._done,
            failure=self._failed, cancelled=self._cancelled, finished=self._finished, owner=self)
        self.composer.set_busy(True)
        self.view.set_busy(True)

    def _partial(self, items: list) -> None:
        bubble = self.stream_bubble
        if bubble is None:
            return
        text = []
        for item in items:
            if isinstance(item, tuple) and item[0] == "reading":
                self._show_reading(bubble, *item[1:])
            elif isinstance(item, tuple) and item[0] == "sources":
                bubble.sources = item[1]
            elif isinstance(item, tuple) and item[0] == "chat":
                self._chat_saved(item[1])
            else:
                text.append(item)
        if text:
            if not bubble.text:  # the model is loaded now: let the status bar say which
                self.ctx.model_state_changed.emit()
            bubble.append("".join(text))

    def _show_reading(self, bubble: MessageWidget, done: int, total: int, at: float) -> None:
        """"Reading 1,200 of 1,800 tokens", with the time left once the rate is known: a
        long prompt (sources, a long chat) takes seconds before the first word."""
        if bubble.text or total < READING_SHOWN_FROM:
            return
        if self._reading_since is None:
            self._reading_since = (at, done)
        text = translate("ChatPage", "Reading {done} of {total} tokens…").format(
            done=number(done), total=number(total))
        t0, d0 = self._reading_since
        if done > d0 and at > t0 and done < total:
            left = (total - done) * (at - t0) / (done - d0)
            text += " " + translate("ChatPage", "about {seconds} s left").format(
                seconds=number(max(1, round(left))))
        bubble.set_waiting(text)

    def _done(self, result: dict) -> None:
        bubble = self.stream_bubble
        if bubble is None:
            return
        stats = result.get("stats")
        state = "interrupted" if getattr(stats, "finish_reason", "") == "cancelled" else "complete"
        bubble.finish(result.get("message_id"), stats, result.get("sources"), state)

    def _cancelled(self) -> None:
        if self.stream_bubble is not None:
            self.stream_bubble.finish(None, None, None, "interrupted")

    def _failed(self, e: BaseException) -> None:
        if self.stream_bubble is not None:
            self.stream_bubble.finish(None, None, None, "error")
        self.ctx.show_error(e)

    def _chat_saved(self, chat_id: Any) -> None:
        """The reply's chat exists in the store (a new chat was just created for it)."""
        self._reply_chat = chat_id
        if self.chat_id is None:
            self.chat_id = chat_id
            self.chat_list.reload(select=chat_id)

    def _finished(self) -> None:
        self.stream_bubble = None
        self.composer.set_busy(False)
        self.view.set_busy(False)
        self.ctx.model_state_changed.emit()  # the reply may have loaded another model
        if self._reply_chat is not None and self._reply_chat == self.chat_id:
            self._sync_with_store()
        self._show_sources_of_last()

    def _sync_with_store(self) -> None:
        """Give the bubbles their stored ids and states; rebuild only if they differ."""
        chat_id = self.chat_id
        chats = self.ctx.hearth.chats

        def fetch(_t: TaskContext) -> tuple[Any, list[Any]]:
            return chats.get(chat_id), [m for m in chats.messages(chat_id) if m.role != "system"]

        def apply(result: tuple[Any, list[Any]]) -> None:
            if chat_id != self.chat_id or self.busy:
                return  # another chat is open now, or a new reply started
            chat, stored = result
            self._chat = chat
            untitled = translate("ChatPage", "New chat")
            self.title.setText(chat.title or untitled)
            self.chat_list.set_title(chat.id, chat.title or untitled)
            self.chat_list.reload(select=chat_id)
            if [m.role for m in stored] != [b.role for b in self.view.messages]:
                self._show_chat(chat, stored)
                self.synced.emit(chat_id)
                return
            for m, bubble in zip(stored, self.view.messages, strict=True):
                bubble.message_id = m.id
                bubble.set_versions(m.version, 1 + len(m.versions))
                state = shown_state(m)
                if m.role == "assistant" and bubble.state != state and state != "streaming":
                    bubble.finish(m.id, m.stats, m.sources, state)
            self.synced.emit(chat_id)

        self.ctx.tasks.run(fetch, lane="store", name="sync chat", success=apply,
                           failure=self.ctx.show_error, owner=self)

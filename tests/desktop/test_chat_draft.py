"""A new chat is a draft until its first message: nothing is saved before, and a message
sent at once (before the chat list has even loaded) gets the user's default settings."""

from __future__ import annotations


def test_a_draft_has_the_default_settings_and_saves_nothing(qtbot, ctx) -> None:
    from desktop.views.chat_page import ChatPage

    page = ChatPage(ctx)
    qtbot.addWidget(page)
    fields = page.new_chat_fields()
    defaults = ctx.settings
    assert fields["sampling"] == defaults.sampling
    assert fields["system_prompt"] == defaults.system_prompt
    assert fields["libraries"] == [] and fields["n_ctx"] is None
    page.new_chat()
    assert page.chat_id is None
    assert ctx.hearth.chats.list() == []  # no "(untitled)" chat left behind

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


def test_the_settings_form_is_built_on_first_use_and_shows_the_open_chat(qtbot, ctx) -> None:
    """The side panels are not part of the page's build (a cold start waits for it); a
    chat opened before the form exists is what the form shows once it is built."""
    from desktop.views.chat_page import ChatPage

    chat = ctx.hearth.chats.new_chat("m", system_prompt="Answer in Polish.", title="Polish")
    page = ChatPage(ctx)
    qtbot.addWidget(page)
    assert page._settings_panel is None and page._sources_panel is None
    page.open_chat(chat.id)
    qtbot.waitUntil(lambda: page.chat_id == chat.id and page.title.text() != "New chat")
    page._toggle_side(page.settings_panel)  # the Settings button
    assert page.settings_panel.system_prompt.toPlainText() == "Answer in Polish."
    assert page.side.currentWidget() is page.settings_panel
    page.settings_panel.system_prompt.setPlainText("Answer in Chinese.")
    page.save_state(ctx.qsettings(), "test")  # what closing the window does: edits saved
    assert ctx.hearth.chats.get(chat.id).system_prompt == "Answer in Chinese."

"""Reaching a library from where people look for it: "Chat with this library" on the
Libraries page, and the Libraries menu in the chat header."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def window(qtbot, ctx, minilm: Path, smollm2: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
           monkeypatch: pytest.MonkeyPatch):
    from desktop.app import build_window

    monkeypatch.setenv("HEARTH_EMBEDDING_MODEL_PATH", str(minilm))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "bread.md").write_text("# Bread\n\nThe starter is fed twice a day.\n", "utf-8")
    ctx.hearth.libraries.create("Kitchen", [docs])
    ctx.hearth.libraries.index("Kitchen")
    ctx.hearth.models.import_file(smollm2, link=True)  # else the welcome page shows
    win = build_window(ctx, "libraries")
    qtbot.addWidget(win)
    win.show()
    return win


def test_chat_with_this_library_opens_a_chat_that_answers_from_it(qtbot, ctx, window) -> None:  # type: ignore[no-untyped-def]
    libraries = window.page("libraries")
    qtbot.waitUntil(lambda: libraries.detail.name == "Kitchen"
                    and libraries.detail.chat_button.isEnabled(), timeout=15000)
    libraries.detail.chat_button.click()
    assert window.current == "chats"
    qtbot.waitUntil(lambda: "chats" in window.pages
                    and window.current_widget() is window.pages["chats"], timeout=10000)
    chats = window.pages["chats"]
    qtbot.waitUntil(lambda: chats.settings_panel.checked_libraries() == ["Kitchen"], timeout=5000)
    assert chats.chat_id is None  # a new chat (saved on its first message)
    assert chats.libraries_label.isVisibleTo(chats) and "Kitchen" in chats.libraries_label.text()
    qtbot.wait(500)  # the page's own start-up loading does not take the library away
    assert chats.settings_panel.checked_libraries() == ["Kitchen"]
    assert chats.new_chat_fields()["libraries"] == ["Kitchen"]

    chats._fill_libraries_menu()  # the header menu: Kitchen checked; detach it there
    (action,) = [a for a in chats.libraries_menu.actions() if a.text() == "Kitchen"]
    assert action.isCheckable() and action.isChecked()
    action.setChecked(False)
    assert chats.settings_panel.checked_libraries() == []
    assert not chats.libraries_label.isVisibleTo(chats)

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


def _pierogi_library(ctx, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """Library "Kuchnia": one long Polish note with the pierogi passage in its middle."""
    docs = tmp_path / "docs"
    docs.mkdir()
    filler = " ".join(f"Zdanie numer {i} o kuchni i chlebie." for i in range(120))
    (docs / "pierogi.md").write_text(
        f"# Pierogi\n\n{filler}\n\nPierogi ruskie gotuje się w osolonej wodzie\n"
        "przez 2–3 minuty od wypłynięcia.\n\n" + filler, "utf-8")
    ctx.hearth.libraries.create("Kuchnia", [docs],
                                embedding_model="sentence-transformers/all-MiniLM-L6-v2")
    ctx.hearth.libraries.index("Kuchnia")
    return docs


def test_a_cited_text_file_opens_in_the_app_at_its_passage(qtbot, ctx, minilm: Path,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtGui import QGuiApplication

    from desktop.widgets import source_preview
    from desktop.widgets.sources import open_source

    monkeypatch.setenv("HEARTH_EMBEDDING_MODEL_PATH", str(minilm))
    docs = _pierogi_library(ctx, tmp_path)
    hearth = ctx.hearth
    hits = hearth.libraries.search(["Kuchnia"], "Pierogi ruskie w osolonej wodzie 2–3 minuty")
    src = next({"n": 1, "library": h.library, "path": h.path, "page": h.page, "text": h.text}
               for h in hits if "osolonej" in h.text)
    window = open_source(src, None, ctx)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: getattr(window, "found", False), timeout=15000)
    shown = window.view.toPlainText()
    assert "przez 2–3 minuty od wypłynięcia" in shown and "Zdanie numer 119" in shown
    # The passage is scrolled into view, not left at the top of a long file.
    qtbot.waitUntil(lambda: window.view.verticalScrollBar().value() > 0, timeout=5000)
    # No app for .md files (a bare desktop): the window says so and offers the path.
    monkeypatch.setattr(source_preview, "open_externally", lambda _p: False)
    window.bar.open_button.click()
    assert window.bar.problem.isVisibleTo(window) and "pierogi.md" in window.bar.problem.text()
    window.bar.copy_button.click()
    assert QGuiApplication.clipboard().text() == str(docs / "pierogi.md")
    # No taller than the screen, and Esc closes it as it does the app's other overlays.
    area = window.screen().availableGeometry()
    assert window.height() <= area.height() and window.width() <= area.width()
    window.show()
    window.activateWindow()
    window.view.setFocus()
    from PySide6.QtCore import Qt

    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it after
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_a_source_cut_for_a_slow_model_still_opens_at_its_passage(qtbot, ctx, minilm: Path,  # type: ignore[no-untyped-def]
                                                                  tmp_path: Path, monkeypatch) -> None:
    from desktop.widgets.sources import open_source

    monkeypatch.setenv("HEARTH_EMBEDDING_MODEL_PATH", str(minilm))
    docs = _pierogi_library(ctx, tmp_path)
    # As engine.library.focus leaves it: the kept sentences, "…" where text was left out.
    cut = ("… Zdanie numer 3 o kuchni i chlebie. … Pierogi ruskie gotuje się w osolonej "
           "wodzie przez 2–3 minuty od wypłynięcia. …")
    window = open_source({"n": 1, "library": "Kuchnia", "path": str(docs / "pierogi.md"),
                          "page": 0, "text": cut}, None, ctx)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: getattr(window, "found", False), timeout=15000)
    assert "osolonej" in window.view.textCursor().document().toPlainText()

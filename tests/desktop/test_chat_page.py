"""The Chats page with the real SmolLM2: streaming, Stop, Regenerate, Edit and resend,
the chat list, and the dropped-turns note. One window and one loaded model per module."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from desktop.app import build_window
from desktop.context import AppContext
from desktop.views.chat_page import ChatPage

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app_window(qapp, tmp_path_factory, smollm2, minilm):
    from engine.api import Hearth

    home = tmp_path_factory.mktemp("chat-home")
    hearth = Hearth(home)
    settings = hearth.settings
    settings.embedding_model_path = str(minilm)
    settings.language = "en"  # the labels asserted below, whatever the machine's locale
    settings.sampling.max_tokens = 24
    settings.sampling.temperature = 0.2
    hearth.save_settings(settings)
    hearth.models.import_file(smollm2, link=True)
    ctx = AppContext(hearth)
    win = build_window(ctx, "chats")
    win.resize(1200, 800)
    win.show()
    yield ctx, win
    win.close()
    ctx.close()


@pytest.fixture
def page(app_window, qtbot) -> ChatPage:
    ctx, win = app_window
    win.show_page("chats")
    # The first time, the window looks on the io lane whether any model is installed.
    qtbot.waitUntil(lambda: isinstance(win.current_widget(), ChatPage), timeout=20_000)
    p = win.current_widget()
    qtbot.waitUntil(lambda: p.current_model() != "", timeout=20_000)
    qtbot.waitUntil(lambda: not p.busy, timeout=60_000)
    p.new_chat()
    return p


def send(qtbot, page: ChatPage, text: str, timeout: int = 120_000):
    """Send, wait for the reply and for the view to match the store."""
    with qtbot.waitSignal(page.synced, timeout=timeout):
        page.composer.set_text(text)
        page.send()
        assert page.busy
    assert not page.busy
    return page.view.messages[-1]


def stored(page: ChatPage):
    return page.ctx.hearth.chats.messages(page.chat_id)


def test_send_streams_reply_into_view(qtbot, page):
    batches: list[int] = []
    original = page._partial

    def counting(items):
        batches.append(len(items))
        original(items)

    page._partial = counting  # the task captured the bound method at start: patch first
    reply = send(qtbot, page, "Name three colours of the rainbow.")
    assert reply.role == "assistant" and reply.state == "complete"
    assert len(reply.text.strip()) > 0
    assert len(batches) >= 2, "the reply should arrive in several flushes, not at once"
    assert "tok/s" in reply.stats_label.text() and "first token" in reply.stats_label.text()
    msgs = stored(page)
    assert [m.role for m in msgs if m.role != "system"] == ["user", "assistant"]
    assert msgs[-1].content == reply.text
    assert reply.message_id == msgs[-1].id
    # the chat is named after its first message, in the list and the header
    assert page.chat_list.list.currentItem().text() == "Name three colours of the rainbow."
    assert page.title.text() == "Name three colours of the rainbow."
    assert page.ctx.loaded_model is not None  # loaded on the model lane, status bar knows
    assert "smollm2" in page.window().status.model_label.text().lower()


def test_stop_mid_reply(qtbot, page):
    assert page.chat_id is None  # a new chat is saved with its first message
    page.settings_panel.max_tokens.setValue(600)  # the new chat's settings, in its form
    page.composer.set_text("Write a very long story about a lighthouse keeper and the sea.")
    page.send()
    bubble = page.view.messages[-1]
    qtbot.waitUntil(lambda: len(bubble.text) > 40, timeout=120_000)
    page.stop()
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)
    assert bubble.state == "interrupted"
    last = stored(page)[-1]
    assert last.role == "assistant"
    assert last.state == "interrupted" or last.stats.finish_reason == "cancelled"
    assert last.content.strip() and last.content == bubble.text
    assert last.stats is None or last.stats.completion_tokens < 600


def test_regenerate_replaces_last_reply(qtbot, page):
    first = send(qtbot, page, "Say hello in French.")
    before = stored(page)
    page.regenerate()
    assert page.busy
    qtbot.waitUntil(lambda: not page.busy, timeout=120_000)
    after = stored(page)
    assert len(after) == len(before)  # replaced, not appended
    assert len(page.view.messages) == 2
    new = page.view.messages[-1]
    assert new is not first and new.state == "complete" and new.text.strip()
    assert after[-1].content == new.text
    # The first reply was kept: ‹ 2 / 2 › steps back to it, and the store shows it too.
    qtbot.waitUntil(lambda: new.version_label.isVisible(), timeout=10_000)
    assert new.version_label.text() == "2 / 2" and not new.next_button.isEnabled()
    assert after[-1].versions[0]["content"] == before[-1].content
    qtbot.mouseClick(new.prev_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: new.version_label.text() == "1 / 2", timeout=10_000)
    assert new.text == before[-1].content and stored(page)[-1].content == before[-1].content
    assert new.next_button.isEnabled() and not new.prev_button.isEnabled()


def test_edit_and_resend(qtbot, page):
    send(qtbot, page, "What is 2 + 2?")
    user_bubble = page.view.messages[0]
    page.start_edit(user_bubble)
    assert page.composer.text() == "What is 2 + 2?" and not page.composer.banner.isHidden()
    send(qtbot, page, "What is the capital of France?")
    msgs = [m for m in stored(page) if m.role != "system"]
    assert [m.role for m in msgs] == ["user", "assistant"]
    assert msgs[0].content == "What is the capital of France?"
    assert page.view.messages[0].text == "What is the capital of France?"
    assert page.composer.banner.isHidden()


def test_chat_list_rename_search_export_delete(qtbot, page, tmp_path):
    send(qtbot, page, "Tell me about bread, 面包 and chleb.")
    chat_id = page.chat_id
    panel = page.chat_list
    with qtbot.waitSignal(panel.renamed, timeout=5000):  # saved on the store lane
        panel.rename(chat_id, "Piekarnia 面包")
    assert page.title.text() == "Piekarnia 面包"
    assert page.ctx.hearth.chats.get(chat_id).title == "Piekarnia 面包"
    panel.search.setText("面包")
    qtbot.waitUntil(lambda: panel.list.count() >= 1 and panel.list.item(0).text() == "Piekarnia 面包",
                    timeout=5000)
    md, js = tmp_path / "chat.md", tmp_path / "chat.json"
    for path, fmt in ((md, "md"), (js, "json")):
        with qtbot.waitSignal(panel.exported, timeout=5000):
            panel.export(chat_id, fmt, str(path))
    assert "chleb" in md.read_text("utf-8")
    assert json.loads(js.read_text("utf-8"))
    panel.search.clear()
    with qtbot.waitSignal(panel.chat_deleted, timeout=5000):
        panel.delete(chat_id, confirm=False)
    ids = [c.id for c in page.ctx.hearth.chats.list()]
    assert chat_id not in ids
    qtbot.waitUntil(lambda: page.chat_id is None and not page.view.messages, timeout=5000)


def test_dropped_turns_note(qtbot, page):
    page.settings_panel.max_tokens.setValue(16)
    page.settings_panel.n_ctx.setValue(256)
    filler = "Please remember this list: " + ", ".join(f"item {i}" for i in range(45))
    for _ in range(3):
        reply = send(qtbot, page, filler)
    assert not reply.note.isHidden()
    assert "left out" in reply.note.text()


def test_new_chat_shortcut_and_escape_stop(qtbot, app_window, page):
    from PySide6.QtCore import Qt

    ctx, win = app_window
    send(qtbot, page, "Hi!")
    old = page.chat_id
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)  # shortcuts need an active window
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.chat_id != old and not page.view.messages
    page.composer.set_text("Write a long poem about autumn leaves.")
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.busy
    bubble = page.view.messages[-1]
    qtbot.waitUntil(lambda: len(bubble.text) > 10, timeout=120_000)
    qtbot.keyClick(win, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)
    assert bubble.state in ("interrupted", "complete")


def library_item(panel, name: str):
    """The settings panel's check item of library `name`, or None while it is not listed."""
    for i in range(panel.libraries.count()):
        if panel.libraries.item(i).text() == name:
            return panel.libraries.item(i)
    return None


def write_pdf(path, pages: list[str]) -> None:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    painter = QPainter(writer)
    for i, text in enumerate(pages):
        if i:
            writer.newPage()
        painter.drawText(QRectF(0, 0, writer.width(), writer.height()),
                         int(Qt.TextFlag.TextWordWrap), text)
    painter.end()


def test_library_answer_shows_citations_and_opens_pdf_page(qtbot, page, tmp_path):
    from PySide6.QtCore import Qt

    from desktop.widgets.sources import PdfWindow

    hearth = page.ctx.hearth
    docs = tmp_path / "kitchen"
    docs.mkdir()
    write_pdf(docs / "oven-manual.pdf", [
        "Oven manual. Chapter 1: Safety. Keep children away from the hot oven door.",
        "Chapter 2: Bread. Preheat the oven to 230 degrees Celsius with the baking stone "
        "inside for 45 minutes, then bake loaves for 40 minutes.",
        "Chapter 3: Cleaning. Run the pyrolytic cleaning cycle once a month.",
    ])
    (docs / "pierogi.txt").write_text(
        "Pierogi ruskie: ciasto z mąki i wody, farsz z ziemniaków, twarogu i cebuli.", "utf-8")
    # A plumbing test (citations shown, the PDF opened at its page): the model is fixed, not
    # left to the automatic choice (tests/engine/library/test_embedding_choice.py). With
    # "auto" (USE, for the Polish file) it failed once on a CI machine and never here,
    # whatever the locale, load or timing; the message below says what retrieval saw.
    hearth.libraries.create("Kitchen", [docs],
                            embedding_model="sentence-transformers/all-MiniLM-L6-v2")
    hearth.libraries.index("Kitchen")
    page.ctx.libraries_changed.emit()
    panel = page.settings_panel

    qtbot.waitUntil(lambda: library_item(panel, "Kitchen") is not None, timeout=20_000)
    library_item(panel, "Kitchen").setCheckState(Qt.CheckState.Checked)
    panel.flush()
    reply = send(qtbot, page, "How hot should the oven be to bake bread?")
    assert hearth.chats.get(page.chat_id).libraries == ["Kitchen"]
    found = hearth.libraries.search(["Kitchen"], "How hot should the oven be to bake bread?")
    assert reply.sources, (
        "an answer from an attached library carries its sources; reply "
        f"{reply.state!r}: {reply.text[:300]!r}; library model "
        f"{hearth.libraries.models_of(['Kitchen'])}; hits "
        f"{[(round(h.similarity, 3), h.path.rsplit('/', 1)[-1]) for h in found]}")
    stored_reply = stored(page)[-1]
    assert stored_reply.sources == reply.sources
    labels = page.sources_panel.labels()
    assert any("oven-manual.pdf · p. 2" in label for label in labels)
    assert page.side.isVisible() and page.side.currentWidget() is page.sources_panel
    assert not page.sources_button.isHidden()

    index = next(i for i, s in enumerate(page.sources_panel.sources)
                 if s["path"].endswith("oven-manual.pdf") and int(s["page"]) == 2)
    page.sources_panel.activate(index)
    window = page._windows[-1]
    assert isinstance(window, PdfWindow) and window.page == 1  # opened at the cited page
    qtbot.waitUntil(lambda: window.view.pageNavigator().currentPage() == 1, timeout=5000)
    window.close()


def test_library_checked_just_before_send_answers_that_question(qtbot, page, tmp_path):
    """The settings' save (store lane) may still be queued when the reply (model lane)
    starts: the reply must see the library checked a moment before Enter."""
    import threading

    from PySide6.QtCore import Qt

    hearth = page.ctx.hearth
    docs = tmp_path / "garden"
    docs.mkdir()
    (docs / "roses.txt").write_text(
        "Rose care: prune the roses in early spring, just as the buds swell, and feed them "
        "with compost in May.", "utf-8")
    hearth.libraries.create("Garden", [docs],
                            embedding_model="sentence-transformers/all-MiniLM-L6-v2")
    hearth.libraries.index("Garden")
    send(qtbot, page, "Hello!")  # an existing chat, without libraries
    assert page.chat_id is not None and not stored(page)[-1].sources
    page.ctx.libraries_changed.emit()
    panel = page.settings_panel

    qtbot.waitUntil(lambda: library_item(panel, "Garden") is not None, timeout=20_000)
    release = threading.Event()
    # Hold the store lane, as a slow disk would, so the settings' own save waits behind it.
    page.ctx.tasks.run(lambda _t: release.wait(30), lane="store", name="slow disk")
    library_item(panel, "Garden").setCheckState(Qt.CheckState.Checked)
    page.composer.set_text("When should I prune the roses?")
    page.send()
    qtbot.waitUntil(lambda: bool(page.view.messages[-1].sources) or not page.busy,
                    timeout=120_000)
    release.set()
    qtbot.waitUntil(lambda: not page.busy, timeout=120_000)
    reply = page.view.messages[-1]
    assert any(s["path"].endswith("roses.txt") for s in reply.sources)
    qtbot.waitUntil(lambda: hearth.chats.get(page.chat_id).libraries == ["Garden"],
                    timeout=10_000)


def test_new_chat_is_not_taken_back_by_a_late_list_reload(qtbot, page):
    """A chat-list reload asked for before New chat (e.g. by the last reply's sync) answers
    after it: the page must stay on the new chat, not reopen the old one."""
    send(qtbot, page, "Name a colour.")
    old = page.chat_id
    assert old is not None
    page.chat_list.reload(select=old)  # answered on the store lane, after the next line
    page.new_chat()
    qtbot.waitUntil(lambda: not page.ctx.tasks.active, timeout=10_000)
    qtbot.wait(100)
    assert page.chat_id is None and not page.view.messages
    assert page.chat_list.current_id() is None

"""Every page at the smallest window (800x560) and at 1920x1080: nothing runs off the
window, no two widgets overlap, no button or label cuts its text (tests/desktop/layout_check)."""

from __future__ import annotations

import pytest

from desktop.app import build_window
from desktop.context import AppContext
from tests.desktop.layout_check import layout_problems

SIZES = [(800, 560), (1100, 700), (1920, 1080)]
VIEWS = ["chats", "chats+settings", "models", "models+discover", "models+downloads",
         "libraries", "settings"]


@pytest.fixture(scope="module")
def window(qapp, tmp_path_factory, smollm2, minilm):
    from engine.api import Hearth

    home = tmp_path_factory.mktemp("layout-home")
    docs = home / "Recipes and kitchen notes with a long folder name"
    docs.mkdir()
    (docs / "pierogi_ruskie_z_cebulką_i_twarogiem.txt").write_text(
        "Pierogi ruskie: ciasto z mąki, wody i oleju; farsz z ziemniaków i twarogu.", "utf-8")
    hearth = Hearth(home)
    settings = hearth.settings
    settings.embedding_model_path = str(minilm)
    settings.language = "en"
    hearth.save_settings(settings)
    hearth.models.import_file(smollm2, link=True)
    hearth.libraries.create("Kitchen notes", sources=[docs])
    hearth.libraries.index("Kitchen notes")  # its buttons then read "Update index", longer
    ctx = AppContext(hearth)
    win = build_window(ctx, "chats")
    win.show()
    yield ctx, win
    win.close()
    ctx.close()


def show(qtbot, ctx, win, view: str, size: tuple[int, int]) -> None:
    page, _, part = view.partition("+")
    win.resize(*size)
    win.show_page(page)
    qtbot.waitUntil(lambda: not ctx.tasks.active, timeout=30_000)
    if page == "chats":  # a blank page while the app looks for models, then the chat
        qtbot.waitUntil(lambda: hasattr(win.current_widget(), "side"), timeout=30_000)
    widget = win.current_widget()
    if page == "chats":
        side = widget.side
        if part == "settings" and not side.isVisible():
            widget.settings_button.click()
        elif not part and side.isVisible():
            side.hide()
    if page == "models":
        widget.tabs.setCurrentIndex({"": 0, "discover": 1, "downloads": 2}[part])
    qtbot.wait(150)  # layouts settle
    qtbot.waitUntil(lambda: not ctx.tasks.active, timeout=30_000)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", VIEWS)
def test_page_holds_its_layout(window, qtbot, view, size) -> None:
    ctx, win = window
    show(qtbot, ctx, win, view, size)
    assert (win.width(), win.height()) == size
    problems = layout_problems(win)
    assert not problems, f"{view} at {size[0]}x{size[1]}:\n" + "\n".join(problems)


@pytest.mark.parametrize("size", [(800, 560), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_settings_hints_are_as_tall_as_their_text(window, qtbot, size) -> None:
    """A form row is sized from its hint's size hint, the wrap at the hint's minimum width:
    without the fix a two-line hint sat above a blank two lines more."""
    from PySide6.QtWidgets import QLabel

    ctx, win = window
    show(qtbot, ctx, win, "settings", size)
    hints = [lab for lab in win.current_widget().findChildren(QLabel)
             if lab.property("subtle") and lab.wordWrap() and lab.isVisible()]
    assert len(hints) >= 4
    for lab in hints:
        assert lab.height() == lab.heightForWidth(lab.width()), lab.text()


def test_window_cannot_be_smaller_than_the_smallest_supported(window) -> None:
    _, win = window
    assert (win.minimumWidth(), win.minimumHeight()) == (800, 560)


def test_narrow_chat_page_floats_its_panels_and_esc_closes_them(window, qtbot) -> None:
    from PySide6.QtCore import Qt

    ctx, win = window
    show(qtbot, ctx, win, "chats+settings", (800, 560))
    page = win.current_widget()
    assert page.compact and page.list_button.isVisible()
    assert page.side.isVisible() and page.side.property("overlay")
    side = page.side.geometry()
    assert side.right() < page.width() and side.width() < page.width() * 0.6
    qtbot.keyClick(win, Qt.Key.Key_Escape)
    assert not page.side.isVisible()
    page.list_button.click()  # the chat list opens over the conversation, Esc closes it
    assert page.chat_list.isVisible() and page.chat_list.property("overlay")
    qtbot.keyClick(win, Qt.Key.Key_Escape)
    assert not page.chat_list.isVisible()
    show(qtbot, ctx, win, "chats", (1920, 1080))  # wide again: docked in the splitter
    assert not page.compact and not page.list_button.isVisible()
    assert page.chat_list.isVisible() and page.chat_list.parent() is page.splitter


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_run_page_holds_its_layout(qapp, qtbot, tmp_path, size) -> None:
    # No model yet: the welcome page with its starter cards, which ran off the right edge
    # at 900 px (three columns whatever the width).
    from engine.api import Hearth

    hearth = Hearth(tmp_path / "home")
    settings = hearth.settings
    settings.language = "en"
    hearth.save_settings(settings)
    ctx = AppContext(hearth)
    win = build_window(ctx, "chats")
    try:
        win.resize(*size)
        win.show()
        qtbot.waitUntil(lambda: bool(getattr(win.current_widget(), "cards", None)), timeout=30_000)
        qtbot.wait(150)
        page = win.current_widget()
        if size[0] >= 1920:
            assert page.columns == 3
        problems = layout_problems(win)
        assert not problems, f"first run at {size[0]}x{size[1]}:\n" + "\n".join(problems)
    finally:
        win.close()
        ctx.close()

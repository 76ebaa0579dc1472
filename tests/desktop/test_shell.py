"""The shell: pages, settings that survive a restart, first run, screenshots, errors."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop.app import SCREENSHOT_SIZE, build_window
from desktop.context import AppContext
from tests.fakehub import fakehub  # noqa: F401  (fixture)

REPO = Path(__file__).resolve().parents[2]


def open_window(qtbot, home: Path, page: str | None = None):
    from engine.api import Hearth

    ctx = AppContext(Hearth(home))
    win = build_window(ctx, page)
    qtbot.addWidget(win)
    win.show()
    return ctx, win


def test_settings_persist_across_restart(qtbot, hearth_home):
    from desktop import theme

    ctx, win = open_window(qtbot, hearth_home, "settings")
    page = win.current_widget()
    page.theme.setCurrentIndex(page.theme.findData("dark"))
    page.threads.setValue(3)
    page.threads.editingFinished.emit()
    page.offline.setChecked(True)
    page.backend.setCurrentIndex(page.backend.findData("cpu"))
    assert theme.current_scheme() == "dark"  # applied at once
    # The system prompt saves itself (no Save button), even when the window closes at once.
    page.system_prompt.setPlainText("Odpowiadaj po polsku. 请用中文回答。")
    win.resize(1010, 705)
    win.close()
    ctx.close()

    ctx2, win2 = open_window(qtbot, hearth_home, "settings")
    page2 = win2.current_widget()
    assert page2.theme.currentData() == "dark"
    assert page2.threads.value() == 3
    assert page2.offline.isChecked()
    assert page2.backend.currentData() == "cpu"
    assert not page2.gpu_layers.isEnabled()
    assert ctx2.settings.threads == 3 and ctx2.settings.offline
    assert ctx2.settings.system_prompt == "Odpowiadaj po polsku. 请用中文回答。"
    assert page2.system_prompt.toPlainText() == ctx2.settings.system_prompt
    assert theme.current_scheme() == "dark"
    assert (win2.width(), win2.height()) == (1010, 705)  # window geometry via QSettings
    win2.close()
    ctx2.close()


def test_bad_setting_is_reported_not_saved(qtbot, hearth_home):
    ctx, win = open_window(qtbot, hearth_home, "settings")
    errors = []
    ctx.errors.error.connect(errors.append)
    win.current_widget()._save(max_concurrent_downloads=99)
    assert errors and "between 1 and 8" in errors[0].message
    assert win.error_bar.isVisible()
    assert ctx.settings.max_concurrent_downloads != 99
    ctx.close()


def test_navigation_and_shortcuts(qtbot, hearth_home):
    from PySide6.QtCore import Qt

    ctx, win = open_window(qtbot, hearth_home, "settings")
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)  # shortcuts need an active window
    qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert win.current == "libraries"
    qtbot.keyClick(win, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert win.current == "settings"
    ctx.navigate("models")
    assert win.current == "models" and win.nav_buttons["models"].isChecked()
    qtbot.keyClick(win, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # preferences
    assert win.current == "settings"
    qtbot.keyClick(win, Qt.Key.Key_F1)  # help: the shortcut list, the app still running
    from PySide6.QtWidgets import QMessageBox

    box = win.findChild(QMessageBox, "shortcutsDialog")
    assert box is not None and box.isVisible() and "Ctrl+Q" in box.text()
    box.close()
    qtbot.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # quit
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=5000)
    ctx.close()


def test_first_run_shows_starters_then_import_goes_to_chat(qtbot, hearth_home, smollm2):
    from desktop.views.chat_page import ChatPage
    from desktop.views.first_run import FirstRunPage

    ctx, win = open_window(qtbot, hearth_home, "chats")
    qtbot.waitUntil(lambda: isinstance(win.current_widget(), FirstRunPage), timeout=20_000)
    page = win.current_widget()
    qtbot.waitUntil(lambda: len(page.cards) > 0, timeout=20_000)
    assert all(c.badge.text() for c in page.cards)
    # The fit comes from the hub's catalog (layer shapes, KV cache), and its one recommended
    # starter is shown first with a badge and the only primary button.
    expected = {e.name: e for e in ctx.hearth.hub.catalog(fit=True)}
    for card in page.cards:
        assert card.entry.fit.label == expected[card.entry.name].fit.label
        # The fit's reason first, then where the tokens/s on the badge comes from.
        assert card.badge.toolTip().startswith(expected[card.entry.name].fit.text + "\n")
        assert "tok/s" in card.badge.text()
    best = [e for e in expected.values() if e.recommended]
    assert len(best) == 1 and page.cards[0].entry.name == best[0].name
    assert page.cards[0].recommended is not None
    assert page.cards[0].recommended.text() == "Recommended"
    assert all(c.recommended is None for c in page.cards[1:])
    assert [c.button.property("primary") for c in page.cards].count(True) == 1
    assert "RAM" in page.hardware.text()
    # The welcome page is no page of the sidebar: none is highlighted.
    assert not any(b.isChecked() for b in win.nav_buttons.values())

    page.import_file(str(smollm2))
    qtbot.waitUntil(lambda: isinstance(win.current_widget(), ChatPage), timeout=60_000)
    chat = win.current_widget()
    qtbot.waitUntil(lambda: chat.current_model() != "", timeout=10_000)
    assert "smollm2" in chat.current_model().lower()
    assert win.nav_buttons["chats"].isChecked()
    ctx.close()


def test_a_model_installed_from_another_page_opens_chats_next(qtbot, hearth_home, smollm2):
    # Walk at 900x600: the welcome page, then a download on Models -> Discover; Chats
    # still showed the welcome page (the "no models" answer was kept).
    from desktop.views.chat_page import ChatPage
    from desktop.views.first_run import FirstRunPage

    ctx, win = open_window(qtbot, hearth_home, "chats")
    qtbot.waitUntil(lambda: isinstance(win.current_widget(), FirstRunPage), timeout=20_000)
    win.show_page("models")
    ctx.hearth.models.import_file(smollm2, link=True)
    ctx.models_changed.emit()  # what a finished download or an import sends
    assert win.current == "models"  # the user stays where they are
    win.show_page("chats")
    qtbot.waitUntil(lambda: isinstance(win.current_widget(), ChatPage), timeout=20_000)
    assert win.nav_buttons["chats"].isChecked()
    ctx.close()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_worker_exception_is_logged_and_shown(qtbot, hearth_home):
    ctx, win = open_window(qtbot, hearth_home, "settings")

    def crash():
        raise RuntimeError("worker blew up")

    with qtbot.waitSignal(ctx.errors.error, timeout=5000) as blocker:
        t = threading.Thread(target=crash)
        t.start()
        t.join()
    assert "worker blew up" in blocker.args[0].message
    qtbot.waitUntil(win.error_bar.isVisible, timeout=2000)
    assert "worker blew up" in win.error_bar.info.details
    log = hearth_home / "logs" / "hearth.log"
    assert "worker blew up" in log.read_text("utf-8")
    win.error_bar.copy_details()
    from PySide6.QtGui import QGuiApplication

    assert "worker blew up" in QGuiApplication.clipboard().text()
    ctx.close()


@pytest.mark.parametrize("page", ["chats", "settings"])
def test_gui_screenshot_cli_writes_png(tmp_path, hearth_home, page):
    out = tmp_path / f"{page}.png"
    env = {**os.environ, "HEARTH_HOME": str(hearth_home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "engine", "gui", "--page", page, "--screenshot", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 10_000
    from PySide6.QtGui import QImage

    img = QImage(str(out))
    assert (img.width(), img.height()) == SCREENSHOT_SIZE


def test_first_run_download_from_catalog_opens_a_chat(qtbot, hearth_home, smollm2, fakehub):  # noqa: F811
    """Download a starter model (served by the loopback fake Hub) → straight to a chat."""
    from PySide6.QtCore import Qt

    from desktop.views.chat_page import ChatPage
    from desktop.views.first_run import FirstRunPage

    ctx, win = open_window(qtbot, hearth_home, "chats")
    qtbot.waitUntil(lambda: isinstance(win.current_widget(), FirstRunPage), timeout=20_000)
    page = win.current_widget()
    qtbot.waitUntil(lambda: len(page.cards) > 0, timeout=20_000)
    card = page.cards[0]
    # The fake Hub serves the real SmolLM2 bytes under this catalog entry's repo and name.
    fakehub.add_repo(card.entry.repo, {card.entry.file: smollm2})
    qtbot.mouseClick(card.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(win.current_widget(), ChatPage), timeout=120_000)
    assert card.button.text() == "Installed"
    names = [m.name for m in ctx.hearth.models.list()]
    assert len(names) == 1
    ctx.close()


def test_settings_token_status_and_data_folder(qtbot, hearth_home, monkeypatch):
    monkeypatch.setenv("HEARTH_NO_KEYRING", "1")
    monkeypatch.setenv("HF_HOME", str(hearth_home / "hf-home"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    ctx, win = open_window(qtbot, hearth_home, "settings")
    page = win.current_widget()
    assert page.data_folder.text() == str(hearth_home.resolve())
    qtbot.waitUntil(lambda: page.token_status.text().startswith("Not set"), timeout=10_000)
    page.token.setText("hf_abcdefghijklmnopqrstuvwxyz0123")
    page._save_token()
    qtbot.waitUntil(lambda: page.token_status.text().startswith("Set ("), timeout=10_000)
    assert "hf_abcdefghijklmnopqrstuvwxyz0123" not in page.token_status.text()  # only a preview
    assert page.token.text() == ""
    page._clear_token()
    qtbot.waitUntil(lambda: page.token_status.text().startswith("Not set"), timeout=10_000)
    qtbot.waitUntil(lambda: "RAM" in page.hardware_text.text(), timeout=20_000)
    page._show_licenses()
    assert "PySide6" in page.licenses.toPlainText()
    ctx.close()


def test_a_known_model_opens_the_chats_page_at_once_and_the_check_still_decides(
        qtbot, hearth_home, tmp_path, smollm2):
    """With a model listed last time the first frame is the Chats page (no blank frame while
    the io lane looks); when that model is gone by now, the check brings the welcome page."""
    import shutil

    from desktop.views.chat_page import ChatPage
    from desktop.views.first_run import FirstRunPage
    from engine.api import Hearth

    copy = tmp_path / "SmolLM2-135M-Instruct.Q4_1.gguf"
    shutil.copy(smollm2, copy)
    h = Hearth(hearth_home)
    h.models.import_file(copy, link=True)
    h.close()
    ctx, win = open_window(qtbot, hearth_home)
    try:
        assert isinstance(win.current_widget(), ChatPage)  # before any event is processed
        qtbot.waitUntil(lambda: win._has_models is True, timeout=20_000)
        assert isinstance(win.current_widget(), ChatPage)
    finally:
        win.close()
        ctx.close()
    copy.unlink()  # deleted by hand: the index still names it
    ctx, win = open_window(qtbot, hearth_home)
    try:
        assert isinstance(win.current_widget(), ChatPage)
        qtbot.waitUntil(lambda: isinstance(win.current_widget(), FirstRunPage), timeout=20_000)
    finally:
        win.close()
        ctx.close()

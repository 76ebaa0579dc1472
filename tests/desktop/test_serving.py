"""The API server switch in Settings: it starts `hearth serve` inside the app on the app's
own model lane, shows the address and the traffic, and stops."""

from __future__ import annotations

import dataclasses
import threading

import httpx
import pytest

from tests.serve.conftest import free_port


@pytest.fixture
def page(qtbot, ctx):  # type: ignore[no-untyped-def]
    from desktop.views.settings_page import SettingsPage

    ctx.hearth.use_settings(dataclasses.replace(ctx.settings, serve_port=free_port()))
    p = SettingsPage(ctx)
    qtbot.addWidget(p)
    return p


def test_the_switch_serves_and_stops(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    assert page.serve_url.text() == "Not serving" and not page.serve_copy.isEnabled()
    page.serve.setChecked(True)
    qtbot.waitUntil(lambda: ctx.api.running, timeout=15000)
    url = page.serve_url.text()
    assert url == f"http://127.0.0.1:{ctx.settings.serve_port}/v1"
    assert ctx.settings.serve_enabled and page.serve_copy.isEnabled()

    r = httpx.get(url + "/models", timeout=10)
    assert r.status_code == 200 and r.json()["object"] == "list"
    # A generation request goes through the app's model lane (handed over on the GUI
    # thread, so the request runs on another thread while this one spins the event loop):
    # here it finds no such model.
    answers: list[httpx.Response] = []
    asking = threading.Thread(target=lambda: answers.append(httpx.post(
        url + "/chat/completions", timeout=30,
        json={"model": "missing", "messages": [{"role": "user", "content": "hi"}]})))
    asking.start()
    qtbot.waitUntil(lambda: bool(answers), timeout=30000)
    assert answers[0].status_code == 404
    assert answers[0].json()["error"]["code"] == "model_not_found"
    qtbot.waitUntil(lambda: page.serve_traffic.text().startswith("2 requests"), timeout=5000)

    page.serve_copy.click()
    from PySide6.QtWidgets import QApplication

    assert QApplication.clipboard().text() == url

    page.serve.setChecked(False)
    qtbot.waitUntil(lambda: not ctx.api.running, timeout=5000)
    assert not ctx.settings.serve_enabled
    with pytest.raises(httpx.ConnectError):
        qtbot.waitUntil(lambda: httpx.get(url + "/models", timeout=1) is None, timeout=5000)


def test_a_port_in_use_is_said_in_the_address_field(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", ctx.settings.serve_port))
        taken.listen(1)
        page.serve.setChecked(True)
        qtbot.waitUntil(lambda: ctx.api.error != "", timeout=15000)
    assert "Cannot listen on 127.0.0.1" in page.serve_url.text()
    assert not ctx.api.running


def test_a_remote_engine_added_in_settings_is_offered_and_marked(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Settings asks the server for its models; the chat page offers them and says the
    chat leaves the machine. The server: `hearth serve` over an empty data folder (it
    serves its embedding model, enough for the plumbing)."""
    from desktop.views.chat_page import ChatPage
    from desktop.views.settings_page import SettingsPage
    from tests.serve.conftest import hearth_env, start_server, stop_server

    served = start_server(hearth_env(tmp_path / "server-home", tmp_path), tmp_path / "log")
    try:
        settings = SettingsPage(ctx)
        chats = ChatPage(ctx)
        qtbot.addWidget(settings)
        qtbot.addWidget(chats)
        settings.remote_name.setText("lab")
        settings.remote_url.setText(served.base)  # /v1 is added
        settings.remote_add.click()
        qtbot.waitUntil(lambda: settings.remote_list.text().startswith("lab — "), timeout=15000)
        assert f"{served.url} (" in settings.remote_list.text()
        name = f"lab:{ctx.hearth.libraries.embedding_model}"
        qtbot.waitUntil(lambda: chats.model_picker.findText(name) >= 0, timeout=10000)
        chats.model_picker.setCurrentIndex(chats.model_picker.findText(name))
        assert chats.remote_badge.isVisibleTo(chats)
        assert served.base.removeprefix("http://") in chats.remote_badge.text()
        assert "sent there" in chats.remote_badge.toolTip()
        assert "nothing leaves" not in chats.view.empty.text()
    finally:
        stop_server(served)

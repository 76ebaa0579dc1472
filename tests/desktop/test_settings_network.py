"""Settings → Network: the Hub address (a mirror) is set where the README and the error
bar say, and a wrong one is refused without being saved."""

from __future__ import annotations


def test_the_hub_address_is_saved_and_checked(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from desktop.views.settings_page import SettingsPage

    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.hf_endpoint.setText("https://hf-mirror.example/")
    page.hf_endpoint.editingFinished.emit()
    assert ctx.settings.hf_endpoint == "https://hf-mirror.example"
    assert ctx.hearth.hub.endpoint == "https://hf-mirror.example"

    shown: list[str] = []
    ctx.errors.report = lambda message, hint="": shown.append(message)  # type: ignore[method-assign]
    page.hf_endpoint.setText("hf-mirror")
    page.hf_endpoint.editingFinished.emit()
    assert shown and "not a web address" in shown[0]
    assert ctx.settings.hf_endpoint == "https://hf-mirror.example"  # kept
    assert page.hf_endpoint.text() == "https://hf-mirror.example"

    page.hf_endpoint.setText("")
    page.hf_endpoint.editingFinished.emit()
    assert ctx.settings.hf_endpoint == ""

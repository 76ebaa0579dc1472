"""The error bar's "Copy details" and the first-run download errors say each thing once,
with the engine's own advice."""

from __future__ import annotations

from types import SimpleNamespace

from desktop.widgets.errors import ErrorInfo
from engine.errors import NotEnoughSpace


def test_copy_details_says_message_and_hint_once() -> None:
    err = NotEnoughSpace("The disk is full.", "Free 2 GB and retry.", details="ENOSPC at write")
    text = ErrorInfo.from_exception(err, "Traceback: ...").full_text()
    assert text.count("The disk is full.") == 1 and text.count("Free 2 GB and retry.") == 1
    assert text.splitlines() == ["The disk is full.", "Free 2 GB and retry.", "",
                                 "ENOSPC at write", "Traceback: ..."]
    assert ErrorInfo("Only a message").full_text() == "Only a message"


def test_failed_first_run_download_keeps_its_own_hint(qtbot, ctx, monkeypatch) -> None:
    from desktop.views.first_run import FirstRunPage

    page = FirstRunPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: len(page.cards) > 0, timeout=20_000)
    card = page.cards[0]
    failed = SimpleNamespace(id="d1", state="failed", error="not enough space",
                             hint="Free 1.2 GB on the disk of the data folder, then retry.",
                             bytes_done=0, bytes_total=10)
    monkeypatch.setattr(type(ctx.hearth.hub), "downloads", lambda self: [failed])
    page._downloads["d1"] = card
    with qtbot.waitSignal(ctx.errors.error, timeout=5000) as shown:
        page._check_downloads()
    info = shown.args[0]
    assert "not enough space" in info.message
    assert info.hint == "Free 1.2 GB on the disk of the data folder, then retry."

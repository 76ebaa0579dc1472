"""Discover + Downloads against a loopback fake Hub serving the real SmolLM2 GGUF:
search → repo files with fit and the recommended file → download with progress, pause,
resume → the model is installed and listed. A corrupted transfer fails on its row."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.qtmodels.models_rows import VALUE_ROLE
from tests.fakehub import SMOLLM2_FILE, SMOLLM2_REPO, FakeHub, add_smollm2, fakehub  # noqa: F401

WAIT_MS = 60_000


@pytest.fixture
def hub(fakehub: FakeHub, smollm2: Path) -> FakeHub:  # noqa: F811
    add_smollm2(fakehub, smollm2)
    return fakehub


@pytest.fixture
def page(qtbot, ctx, hub: FakeHub):
    settings = ctx.hearth.settings
    settings.hf_endpoint = hub.url
    ctx.hearth.save_settings(settings)
    from desktop.views.models_page import ModelsPage

    p = ModelsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    yield p
    ctx.tasks.shutdown()


def download_row(page):
    rows = page.downloads.model.rows()
    return rows[0] if rows else None


def open_smollm2_files(qtbot, page) -> None:
    d = page.discover
    page.tabs.setCurrentWidget(d)
    d.query.setText("SmolLM2")
    d.search()
    qtbot.waitUntil(lambda: d.repos.rowCount() == 1 and d._list_model() is d.repos,
                    timeout=WAIT_MS)
    assert d.repos.row_at(0).repo == SMOLLM2_REPO
    d.repo_view.selectRow(0)
    qtbot.waitUntil(lambda: d.files.rowCount() == 1, timeout=WAIT_MS)


def test_download_shows_progress_pauses_resumes_and_completes(qtbot, page, ctx,
                                                              hub: FakeHub) -> None:
    d = page.discover
    open_smollm2_files(qtbot, page)
    f = d.files.row_at(0)
    assert f.name == SMOLLM2_FILE and f.quant == "Q4_1"
    assert d.files.index(0, 3).data(VALUE_ROLE) in ("gpu", "partial", "cpu")  # 98 MB fits
    assert f.recommended and d.files.index(0, 0).data().startswith("★ ")
    assert d.selected_file() is f  # the recommended file is preselected
    assert d.download_button.isEnabled() and "MB" in d.download_button.text()

    hub.fail(SMOLLM2_FILE, "slow", times=10, rate=20e6)  # ~5 s: progress is observable
    qtbot.mouseClick(d.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: download_row(page) is not None, timeout=10_000)
    tab = page.tabs.indexOf(page.downloads)

    def moving() -> bool:
        row = download_row(page)
        frac = page.downloads.model.index(0, 1).data(VALUE_ROLE)
        return row.state == "downloading" and frac is not None and 0 < frac < 1
    qtbot.waitUntil(moving, timeout=WAIT_MS)
    assert page.tabs.tabText(tab) == "Downloads (1)"
    assert "of 98" in page.downloads.model.index(0, 1).data()  # "12.0 MB of 98.4 MB"
    page.tabs.setCurrentWidget(page.downloads)
    page.downloads.table.selectRow(0)
    page.downloads.table.viewport().grab()  # paints the progress bar delegate
    qtbot.waitUntil(lambda: page.downloads.model.index(0, 2).data().endswith("/s"),
                    timeout=WAIT_MS)

    assert page.downloads.pause_button.isEnabled()
    qtbot.mouseClick(page.downloads.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: download_row(page).state == "paused", timeout=WAIT_MS)
    paused_at = download_row(page).bytes_done
    assert 0 < paused_at < download_row(page).bytes_total
    assert page.downloads.resume_button.isEnabled()
    assert page.tabs.tabText(tab) == "Downloads (1)"  # paused, not done: still counted

    with qtbot.waitSignal(page.downloads.model_downloaded, timeout=WAIT_MS) as done:
        qtbot.mouseClick(page.downloads.resume_button, Qt.MouseButton.LeftButton)
    row = download_row(page)
    assert row.state == "done" and row.bytes_done == row.bytes_total
    assert done.args == [row.model_name]
    assert page.downloads.model.index(0, 1).data(VALUE_ROLE) == 1.0
    assert page.downloads.model.index(0, 4).data().startswith("Done")
    # Registered at once: listed on the Installed tab with its metadata.
    installed = page.installed
    qtbot.waitUntil(lambda: installed.model.rowCount() == 1, timeout=WAIT_MS)
    info = installed.model.row_at(0).info
    assert info.name == row.model_name and info.quantization == "Q4_1"
    assert info.source and SMOLLM2_REPO in info.source
    # Discover now marks the file as installed.
    qtbot.waitUntil(lambda: d.files.index(0, 0).data().endswith("✓ installed"), timeout=10_000)
    assert not d.download_button.isEnabled() and "Installed" in d.download_button.text()
    # Double-clicking the finished row shows the model on the Installed tab.
    page.downloads.table.selectRow(0)
    page.downloads.table.doubleClicked.emit(page.downloads.proxy.index(0, 0))
    assert page.tabs.currentWidget() is installed
    assert installed.selected() is not None and installed.selected().info.name == info.name


def test_corrupt_download_fails_on_its_row(qtbot, page, ctx, hub: FakeHub) -> None:
    open_smollm2_files(qtbot, page)
    hub.fail(SMOLLM2_FILE, "corrupt", after=5_000)
    page.discover.download_selected()
    qtbot.waitUntil(lambda: download_row(page) is not None
                    and download_row(page).state == "failed", timeout=WAIT_MS)
    row = download_row(page)
    status = page.downloads.model.index(0, 4).data()
    assert status.startswith("Failed: ") and "checksum" in status
    assert row.error in page.downloads.model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert page.downloads.model.index(0, 4).data(Qt.ItemDataRole.ForegroundRole) is not None
    page.downloads.table.selectRow(0)
    assert page.downloads.retry_button.isEnabled()
    assert not page.downloads.pause_button.isEnabled()
    assert ctx.hearth.models.list() == []  # nothing registered from bad bytes
    assert ctx.errors.history == []  # a failed download is row state, not an error popup


def test_catalog_without_search_and_missing_repo_note(qtbot, page, ctx) -> None:
    d = page.discover
    page.tabs.setCurrentWidget(d)  # first show lists the curated catalog (no network)
    qtbot.waitUntil(lambda: d.catalog.rowCount() >= 5, timeout=10_000)
    assert d._list_model() is d.catalog
    names = [d.catalog.index(i, 0).data() for i in range(d.catalog.rowCount())]
    assert all(names)
    # Each starter has its fit for this computer (local, from the hub's catalog) and one is
    # marked recommended, as on the first-run screen.
    fits = {e.name: e for e in ctx.hearth.hub.catalog(fit=True)}
    for i in range(d.catalog.rowCount()):
        entry = d.catalog.row_at(i)
        assert d.catalog.index(i, 3).data() and entry.fit.label == fits[entry.name].fit.label
    starred = [n for n in names if n.startswith("★ ")]
    assert starred == ["★ " + next(e.name for e in fits.values() if e.recommended)]
    # The fake Hub does not have the catalog's repos: the reason shows in the panel.
    d.repo_view.selectRow(0)
    qtbot.waitUntil(lambda: "Reading" not in d.fit_note.text() and d.fit_note.text() != "",
                    timeout=WAIT_MS)
    assert d.files.rowCount() == 0 and not d.download_button.isEnabled()
    assert ctx.errors.history == []


# per-row actions, counts, Discover's progress ---------------------------------------------
def click_row_button(qtbot, panel, row: int, key: str) -> None:
    """Click the button `key` painted on row `row`, as a person would (no selection)."""
    from desktop.qtmodels.downloads_table import ACTIONS_COLUMN, action_text
    from desktop.widgets.row_buttons import button_rects

    index = panel.proxy.index(row, ACTIONS_COLUMN)
    rect = panel.table.visualRect(index)
    rects = dict(button_rects(rect, index.data(VALUE_ROLE), action_text,
                              panel.table.fontMetrics()))
    assert key in rects, f"row {row} has {list(rects)}, not {key!r}"
    assert panel.table.viewport().rect().contains(rects[key])  # not clipped
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=rects[key].center())


def row_buttons(panel, row: int = 0) -> tuple[str, ...]:
    from desktop.qtmodels.downloads_table import ACTIONS_COLUMN

    return tuple(panel.proxy.index(row, ACTIONS_COLUMN).data(VALUE_ROLE) or ())


def test_row_buttons_act_on_their_row_without_selecting(qtbot, page, ctx, hub: FakeHub) -> None:
    d = page.discover
    open_smollm2_files(qtbot, page)
    hub.fail(SMOLLM2_FILE, "slow", times=10, rate=20e6)
    d.download_selected()
    panel = page.downloads
    qtbot.waitUntil(lambda: download_row(page) is not None
                    and download_row(page).bytes_done > 2_000_000, timeout=WAIT_MS)
    # Discover, where it was started, shows the download's progress.
    qtbot.waitUntil(lambda: d.download_button.text().startswith("Downloading "), timeout=5_000)
    assert d.download_button.text().endswith(" %") and not d.download_button.isEnabled()
    assert not d.download_bar.isHidden() and 0 <= d.download_bar.value() < 1000

    page.tabs.setCurrentWidget(panel)
    qtbot.wait(50)
    assert panel.table.selectionModel().selectedRows() == []
    assert not panel.pause_button.isEnabled()  # the toolbar needs a selection...
    assert row_buttons(panel) == ("pause", "cancel")  # ...the row's own buttons do not
    panel.table.viewport().grab()  # paints the buttons
    click_row_button(qtbot, panel, 0, "pause")
    qtbot.waitUntil(lambda: download_row(page).state == "paused", timeout=WAIT_MS)
    assert panel.table.selectionModel().selectedRows() == []  # the click did not select
    # Paused, still counted on the tab and in the summary; nothing moves, so no polling.
    tab = page.tabs.indexOf(panel)
    assert page.tabs.tabText(tab) == "Downloads (1)"
    assert panel.summary.text() == "1 paused"
    assert not panel._timer.isActive()
    assert row_buttons(panel) == ("resume", "cancel")
    assert d.download_button.text().startswith("Resume (") and d.download_button.isEnabled()
    paused_at = download_row(page).bytes_done

    click_row_button(qtbot, panel, 0, "resume")
    qtbot.waitUntil(lambda: download_row(page).state == "downloading"
                    and download_row(page).bytes_done > paused_at, timeout=WAIT_MS)
    assert row_buttons(panel) == ("pause", "cancel")
    qtbot.waitUntil(lambda: download_row(page).state == "done", timeout=WAIT_MS)
    assert row_buttons(panel) == ("show",)
    qtbot.waitUntil(lambda: d.download_button.text() == "Installed ✓", timeout=10_000)
    assert d.download_bar.isHidden()
    name = download_row(page).model_name
    qtbot.waitUntil(lambda: page.installed.model.find_row(name) >= 0, timeout=WAIT_MS)
    click_row_button(qtbot, panel, 0, "show")
    assert page.tabs.currentWidget() is page.installed
    assert page.installed.selected().info.name == name
    assert ctx.errors.history == []


def test_context_menu_offers_the_rows_actions(qtbot, ctx) -> None:
    from PySide6.QtWidgets import QMenu

    from desktop.views.downloads_panel import DownloadsPanel
    from engine.hub.download_queue import DownloadState

    panel = DownloadsPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    panel._show([DownloadState("d1", "a/b", "b.gguf", "failed", 5, 10, error="gone"),
                 DownloadState("d2", "a/c", "c.gguf", "paused", 5, 10)])
    acted = []
    panel.act_on = lambda row, key: acted.append((row.id, key))  # type: ignore[method-assign]
    rect = panel.table.visualRect(panel.proxy.index(1, 0))
    panel._context_menu(rect.center())
    menu = panel.findChild(QMenu)
    assert [a.text() for a in menu.actions()] == ["Resume", "Cancel"]
    assert panel.selected().id == "d2"  # the toolbar follows the row asked about
    menu.actions()[0].trigger()
    assert acted == [("d2", "resume")]
    menu.close()


def test_summary_and_count_include_paused(qtbot, ctx) -> None:
    from desktop.views.downloads_panel import DownloadsPanel
    from engine.hub.download_queue import DownloadState

    panel = DownloadsPanel(ctx)
    qtbot.addWidget(panel)
    panel._opened = True  # the snapshots below stand in for the hub's
    ctx.hearth.hub.downloads = lambda: []  # polling finds nothing new
    counts = []
    panel.unfinished_count_changed.connect(counts.append)
    moving = DownloadState("d1", "a/b", "b.gguf", "downloading", 5, 10, rate=1.5e6)
    paused = DownloadState("d2", "a/c", "c.gguf", "paused", 5, 10)
    panel._show([moving, paused])
    assert panel.summary.text() == "1 downloading · 1 paused · 1.5 MB/s"
    assert counts == [2] and panel._timer.isActive()
    panel._show([paused, DownloadState("d3", "a/d", "d.gguf", "failed", error="x")])
    assert panel.summary.text() == "1 paused · 1 failed"
    assert counts == [2, 1] and not panel._timer.isActive()  # paused: nothing to poll


def test_narrow_panel_folds_speed_and_eta_into_progress(qtbot, ctx) -> None:
    from desktop.views.downloads_panel import ETA, SPEED, DownloadsPanel

    panel = DownloadsPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1000, 400)
    panel.show()
    qtbot.waitUntil(lambda: panel.width() == 1000)
    assert not panel.table.isColumnHidden(SPEED) and not panel.progress.with_speed
    panel.resize(600, 400)  # the Downloads tab at the smallest window
    qtbot.waitUntil(lambda: panel.table.isColumnHidden(SPEED))
    assert panel.table.isColumnHidden(ETA) and panel.progress.with_speed

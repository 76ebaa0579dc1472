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
    assert page.tabs.tabText(tab) == "Downloads"

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

"""Fit badges by speed (green fast, amber slow, red won't fit) with a tokens/s estimate;
one RAM figure on the first-run page; distinct, right-elided starter names in Discover;
Settings' free RAM read again while the page shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from desktop.formats import size as format_bytes
from desktop.qtmodels.models_hub import HubFileTableModel
from desktop.qtmodels.models_rows import theme_color
from desktop.widgets.fit_badge import CLASS_COLORS, MARGIN, FitBadgeDelegate
from engine.hub.files import ModelFile
from engine.models.speed_estimate import estimate
from engine.selection import fit, gpu_target
from tests.engine.test_selection import cpu_only_8gb

GB = 10**9


def cpu_file(name: str, size: int) -> ModelFile:
    hw = cpu_only_8gb()
    f = ModelFile(name, [name], size, "Q4_K_M", "gguf")
    f.fit = fit(hw, size, 28, 8, 128, 4096)
    f.speed = estimate(f.fit, size, 28, name, None, gpu_target(hw))
    return f


def test_badges_are_coloured_by_speed_and_say_it(qtbot) -> None:
    files = [cpu_file("small-Q4_K_M.gguf", GB // 2), cpu_file("middling-Q4_K_M.gguf", 3 * GB),
             cpu_file("huge-Q4_K_M.gguf", 40 * GB)]
    model = HubFileTableModel()
    model.set_rows(files)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegateForColumn(3, FitBadgeDelegate(view))
    view.resize(900, 300)
    view.show()
    view.resizeColumnsToContents()
    qtbot.waitExposed(view)
    texts = [model.index(i, 3).data() for i in range(3)]
    assert texts[0].startswith("~") and texts[0].endswith(" tok/s · CPU")
    assert texts[1].startswith("~") and texts[1].endswith(" tok/s · CPU")
    assert texts[2] == "Won't fit"
    # The smaller file is estimated faster.
    assert float(texts[0][1:].split()[0]) > float(texts[1][1:].split()[0])
    tip = model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Runs on CPU") and "Estimated: each token reads the whole file" in tip
    # The whole badge fits its column (sized to its contents).
    assert view.columnWidth(3) >= view.fontMetrics().horizontalAdvance(texts[0]) + 2 * MARGIN
    image = view.viewport().grab().toImage()
    colours = []
    for i in range(3):
        rect = view.visualRect(model.index(i, 3))
        colours.append(image.pixelColor(rect.left() + MARGIN + 3, rect.center().y()).name())
    expected = [theme_color(*CLASS_COLORS[k]).name() for k in ("fast", "slow", "no")]
    assert colours == expected and len(set(colours)) == 3


def test_first_run_shows_one_ram_figure(qtbot, ctx, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.views.first_run import FirstRunPage

    hw = cpu_only_8gb()  # every starter on the CPU: the cards name the RAM
    monkeypatch.setattr(ctx.hearth, "hardware", lambda refresh=False, memory=False: hw)
    page = FirstRunPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitUntil(lambda: len(page.cards) > 0, timeout=20_000)
    ram = format_bytes(hw.ram_total)
    assert f"{ram} RAM" in page.hardware.text()
    for card in page.cards:
        facts = [lbl.text() for lbl in card.findChildren(type(card.badge)) if "needs" in lbl.text()]
        assert facts and f"of {ram} RAM" in facts[0], facts
        assert card.badge.text().startswith(("Runs on CPU", "Won't fit"))
        assert card.badge.property("badge") in ("gpu", "partial", "no")


def test_starter_names_are_distinct_and_elided_at_the_end(qtbot, ctx) -> None:
    from desktop.views.models_page import ModelsPage

    page = ModelsPage(ctx)
    qtbot.addWidget(page)
    page.resize(900 - 180, 600 - 40)  # the Models page in a 900x600 window, sidebar aside
    page.show()
    d = page.discover
    page.tabs.setCurrentWidget(d)
    qtbot.waitUntil(lambda: d.catalog.rowCount() >= 5, timeout=10_000)
    qtbot.wait(100)  # the columns settle
    view = d.repo_view
    assert view.textElideMode() == Qt.TextElideMode.ElideRight
    assert d.file_view.textElideMode() == Qt.TextElideMode.ElideRight
    width = view.columnWidth(0) - 16  # the cells' side padding (library_ui.setup_table)
    proxy = view.model()
    shown, full = [], []
    for r in range(proxy.rowCount()):
        index = proxy.index(r, 0)
        text = index.data()
        full.append(text)
        shown.append(view.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width))
        assert text.removeprefix("★ ") in index.data(Qt.ItemDataRole.ToolTipRole)
    assert len(set(shown)) == len(shown), shown
    # Cut, if at all, at the end: each shown name starts as the full one does.
    for s, f in zip(shown, full, strict=True):
        assert f.startswith(s.removesuffix("…"))


def test_settings_reads_free_ram_again_while_shown(qtbot, ctx, monkeypatch) -> None:
    from desktop.views.settings_page import SettingsPage
    from engine import hardware

    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: "RAM" in page.hardware_text.text(), timeout=20_000)
    monkeypatch.setattr(hardware, "_ram", lambda: (16 * GB, 3_210_000_000))
    page.hide()
    page.show()  # showing the page again reads the RAM now
    qtbot.waitUntil(lambda: "3.2 GB free" in page.hardware_text.text(), timeout=10_000)
    assert page._memory_timer.isActive()
    monkeypatch.setattr(hardware, "_ram", lambda: (16 * GB, 4_560_000_000))
    page._memory_timer.setInterval(50)  # the slow timer, sped up
    qtbot.waitUntil(lambda: "4.6 GB free" in page.hardware_text.text(), timeout=10_000)
    page.hide()
    assert not page._memory_timer.isActive()

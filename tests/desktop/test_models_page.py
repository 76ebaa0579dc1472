"""Models page with the real registry, planner and llama.cpp: import by drop, list, load,
unload, delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import QApplication

WAIT_MS = 60_000


@pytest.fixture
def page(qtbot, ctx):
    from desktop.views.models_page import ModelsPage

    p = ModelsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    yield p
    ctx.tasks.shutdown()


def drag(widget, paths: list[Path], drop: bool = True) -> tuple[bool, bool]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    if not drop:
        return enter.isAccepted(), False
    ev = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)
    return enter.isAccepted(), ev.isAccepted()


def test_dropped_gguf_is_imported_and_listed(qtbot, page, ctx, smollm2: Path) -> None:
    panel = page.installed
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.empty, timeout=10_000)

    # Not a model: the drag is refused.
    other = smollm2.parent / "notes.txt"
    other.write_text("not a model", "utf-8")
    assert drag(panel, [other], drop=False)[0] is False

    with qtbot.waitSignal(ctx.models_changed, timeout=WAIT_MS):
        assert drag(panel, [smollm2]) == (True, True)
        assert panel.importing
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and not panel.importing,
                    timeout=WAIT_MS)
    row = panel.model.row_at(0)
    # The copy is in Hearth's models folder, the original untouched.
    assert Path(row.info.path).parent == ctx.hearth.paths.models
    assert smollm2.exists()
    cells = [panel.model.index(0, c).data() for c in range(panel.model.columnCount())]
    name, size, quant, context, arch, runs_on = cells
    assert name == row.info.name and "SmolLM2" in name
    assert size.endswith("MB") and quant == "Q4_1" and context == "8K" and arch == "llama"
    qtbot.waitUntil(lambda: panel.model.row_at(0).runs_on != "", timeout=10_000)
    plan = ctx.hearth.plan_load(row.info)
    assert panel.model.row_at(0).runs_on.startswith(plan.backend)
    assert panel.model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) == plan.reason
    assert panel.stack.currentWidget() is panel.table
    assert panel.selected() is not None  # the new model is selected, its details shown
    assert plan.reason in panel.details.text()
    assert not panel.import_strip.isVisible()


def test_load_unload_and_delete_loaded_model(qtbot, page, ctx, smollm2: Path) -> None:
    # Registered in place (no copy): quick, and delete only forgets it.
    info = ctx.hearth.models.import_file(smollm2, link=True)
    panel = page.installed
    ctx.models_changed.emit()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    panel.select_name(info.name)
    assert panel.load_button.isEnabled() and not panel.unload_button.isEnabled()

    with qtbot.waitSignal(ctx.model_state_changed, timeout=WAIT_MS):
        panel.load_selected()
        assert not panel.load_button.isEnabled()  # one load at a time
    assert ctx.loaded_model is not None and ctx.loaded_model.name == info.name
    assert panel.model.row_at(0).loaded
    assert panel.model.index(0, 0).data().startswith("● ")
    font = panel.model.index(0, 0).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert panel.unload_button.isEnabled() and not panel.load_button.isEnabled()

    with qtbot.waitSignal(ctx.model_state_changed, timeout=WAIT_MS):
        panel.unload()
    assert ctx.loaded_model is None and not panel.model.row_at(0).loaded

    # Deleting the loaded model unloads it first.
    with qtbot.waitSignal(ctx.model_state_changed, timeout=WAIT_MS):
        panel.load_selected()
    with qtbot.waitSignal(ctx.models_changed, timeout=WAIT_MS):
        panel.delete_model(info.name)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=10_000)
    assert ctx.loaded_model is None
    assert ctx.hearth.models.list() == []
    assert smollm2.exists()  # a linked model is forgotten, never deleted


def test_bad_file_import_is_a_clear_error(qtbot, page, ctx, tmp_path: Path) -> None:
    junk = tmp_path / "broken.gguf"
    junk.write_bytes(b"GGUF" + b"\x00" * 20)
    page.installed.import_files([junk])
    qtbot.waitUntil(lambda: len(ctx.errors.history) == 1 and not page.installed.importing,
                    timeout=10_000)
    err = ctx.errors.history[0]
    assert "broken.gguf" in err.message or "GGUF" in err.message
    assert page.installed.model.rowCount() == 0
    assert list(ctx.hearth.paths.models.glob("*.gguf")) == []


def test_broken_file_in_models_folder_is_a_row_with_its_reason(qtbot, ctx, tmp_path: Path,
                                                                qapp) -> None:
    bad = ctx.hearth.paths.models / "half-downloaded.gguf"
    bad.write_bytes(b"not a gguf at all" * 100)
    from desktop.views.models_page import ModelsPage

    page = ModelsPage(ctx)
    qtbot.addWidget(page)
    panel = page.installed
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    row = panel.model.row_at(0)
    assert row.problem and "GGUF" in row.problem
    assert panel.model.index(0, 5).data() == "Can't be used"
    assert panel.model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) == row.problem
    panel.select_name(row.info.name)
    assert not panel.load_button.isEnabled() and panel.delete_button.isEnabled()
    assert row.problem in panel.details.text()
    panel.delete_model(row.info.name)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=10_000)
    assert not bad.exists()
    assert ctx.errors.history == []
    ctx.tasks.shutdown()


def test_cancelled_import_leaves_nothing(qtbot, page, ctx, smollm2: Path) -> None:
    panel = page.installed
    panel.import_files([smollm2])
    assert panel.import_strip.isVisible() and panel.import_strip.cancel_button.isEnabled()
    qtbot.mouseClick(panel.import_strip.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.importing, timeout=WAIT_MS)
    assert not panel.import_strip.isVisible()
    assert ctx.hearth.models.list() == []
    assert [p.name for p in ctx.hearth.paths.models.iterdir()] == []  # no partial copy
    assert ctx.errors.history == []  # cancelling is not an error

"""Libraries page with the real engine: LanceDB, the real MiniLM ONNX, real files.

create a library → add a folder (as a drop) → it indexes → the per-file status table fills
with each file's final state → the quick search box finds the right passage. Plus rename
and delete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.qtmodels.models_rows import ROW_ROLE

WAIT_MS = 90_000  # indexing on 2 shared cores, parser processes starting cold


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A tiny mixed folder: three languages, an empty file and binary junk."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notes.md").write_text(
        "# Kitchen notes\n\nThe kettle boils water at 100 degrees Celsius at sea level.\n\n"
        "## Bread\n\nSourdough needs a starter fed with flour and water.\n", "utf-8")
    (folder / "polski.txt").write_text(
        "Kraków leży nad Wisłą i był dawniej stolicą Polski. Zażółć gęślą jaźń.\n", "utf-8")
    (folder / "长城.txt").write_text("长城是中国古代的军事防御工程，全长两万多公里。\n", "utf-8")
    (folder / "empty.txt").write_text("", "utf-8")
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 8)
    return folder


@pytest.fixture
def page(qtbot, ctx, minilm: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HEARTH_EMBEDDING_MODEL_PATH", str(minilm))
    from desktop.views.libraries_page import LibrariesPage

    p = LibrariesPage(ctx)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    yield p
    ctx.tasks.shutdown()


def drop_paths(widget, paths: list[Path]) -> tuple[bool, bool]:
    """Deliver a real drag-enter and drop of local files; (enter accepted, drop accepted)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(10, 10), actions, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(QPointF(10, 10), actions, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop.isAccepted()


def states_by_name(page) -> dict[str, Any]:
    model = page.detail.files
    return {Path(model.row_at(i).path).name: model.row_at(i) for i in range(model.rowCount())}


def create(qtbot, page, name: str) -> None:
    page.create_library(name)
    qtbot.waitUntil(lambda: page.detail.name == name and page.libraries.find(name) >= 0,
                    timeout=10_000)


def test_create_add_folder_index_fills_status_table(qtbot, page, ctx, docs: Path) -> None:
    create(qtbot, page, "Kitchen notes")
    assert page.stack.currentWidget() is page.detail
    assert page.detail.index_button.isEnabled() is False  # nothing to index yet

    entered, dropped = drop_paths(page.detail, [docs])
    assert entered and dropped
    # Adding a folder starts indexing by itself; wait for the job to run and end.
    qtbot.waitUntil(lambda: page.detail.indexing, timeout=10_000)
    qtbot.waitUntil(lambda: not page.detail.indexing and page.detail.files.rowCount() == 5
                    and all(f.state != "pending" for f in page.detail.files.rows()),
                    timeout=WAIT_MS)

    states = states_by_name(page)
    assert {n: s.state for n, s in states.items()} == {
        "notes.md": "indexed", "polski.txt": "indexed", "长城.txt": "indexed",
        "empty.txt": "no_text", "junk.bin": "unsupported",
    }
    assert states["notes.md"].chunks >= 1
    assert states["junk.bin"].reason  # unsupported says why
    # What the table shows, cell by cell, for a failed-ish row.
    model = page.detail.files
    row = next(i for i in range(model.rowCount()) if model.row_at(i).path.endswith("empty.txt"))
    assert model.index(row, 1).data() == "No text"
    assert model.index(row, 2).data()  # the reason column is filled
    assert model.index(row, 0).data() == "empty.txt"  # one source folder: its name is left out
    # The outcome stays visible, and the list's library now has chunks.
    assert page.detail.progress_strip.isVisible()
    assert "3 files indexed" in page.detail.progress_label.text()
    qtbot.waitUntil(lambda: page.detail.info.chunks >= 3, timeout=10_000)
    assert page.detail.index_button.text() == "Update index"

    # Filter: only the no-text file.
    page.detail.filter_box.setCurrentIndex(page.detail.filter_box.findData("no_text"))
    assert page.detail.file_proxy.rowCount() == 1
    only = page.detail.file_proxy.index(0, 0).data(ROW_ROLE)
    assert only.state == "no_text"

    # Quick search: ranked hits with file, page, score and snippet.
    panel = page.detail.search_panel
    panel.query.setText("what temperature does the kettle boil water at")
    panel.search()
    qtbot.waitUntil(lambda: panel.hits.rowCount() > 0, timeout=30_000)
    top = panel.hits.row_at(0)
    assert top.rank == 1 and Path(top.hit.path).name == "notes.md"
    snippets = [panel.hits.index(i, 4).data() for i in range(panel.hits.rowCount())]
    assert any("kettle" in text.lower() for text in snippets)  # the passage, shown
    assert float(panel.hits.index(0, 3).data()) > 0
    assert "notes.md" in panel.preview.toPlainText()

    panel.query.setText("stolica Polski Kraków")
    panel.search()
    qtbot.waitUntil(lambda: panel.hits.rowCount() > 0
                    and Path(panel.hits.row_at(0).hit.path).name == "polski.txt",
                    timeout=30_000)

    # Watch on: a new file in the folder is picked up and shows up indexed.
    page.detail.filter_box.setCurrentIndex(0)
    page.detail.watch_box.setChecked(True)
    qtbot.waitUntil(lambda: ctx.hearth.libraries.get("Kitchen notes").watching, timeout=10_000)
    (docs / "nowy.md").write_text("# Zupa\n\nŻurek gotuje się na zakwasie.\n", "utf-8")
    qtbot.waitUntil(lambda: "nowy.md" in states_by_name(page)
                    and states_by_name(page)["nowy.md"].state == "indexed", timeout=WAIT_MS)
    page.detail.watch_box.setChecked(False)
    qtbot.waitUntil(lambda: not ctx.hearth.libraries.get("Kitchen notes").watching,
                    timeout=10_000)
    # The file's row says "indexed" before its job ends; Remove waits for the job.
    qtbot.waitUntil(lambda: not page.detail.indexing, timeout=WAIT_MS)

    # Remove the folder from the library: its files and chunks leave the index.
    sources = page.detail.sources_panel
    assert [sources.list.item(i).text() for i in range(sources.list.count())] == [str(docs)]
    sources.list.setCurrentRow(0)
    assert sources.remove_button.isEnabled()
    qtbot.mouseClick(sources.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail.info.sources == [] and page.detail.files.rowCount() == 0,
                    timeout=WAIT_MS)
    assert ctx.hearth.libraries.get("Kitchen notes").chunks == 0
    assert page.detail.files_panel.stack.currentWidget() is page.detail.files_panel.drop_zone


def test_drop_rejects_nothing_useful_and_rename_delete(qtbot, page, docs: Path, ctx) -> None:
    create(qtbot, page, "Alpha")
    # A drag without local files is refused.
    empty = QMimeData()
    empty.setText("just text")
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, empty,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page.detail, enter)
    assert not enter.isAccepted()

    page.rename_library("Alpha", "Źródła 文档")
    qtbot.waitUntil(lambda: page.detail.name == "Źródła 文档"
                    and page.libraries.find("Alpha") < 0, timeout=10_000)
    assert page.libraries.find("Źródła 文档") >= 0
    assert [i.name for i in ctx.hearth.libraries.list()] == ["Źródła 文档"]

    # Renaming onto an existing name fails with a clear error, nothing lost.
    create(qtbot, page, "Beta")
    errors_before = len(ctx.errors.history)
    page.rename_library("Beta", "źródła 文档")
    qtbot.waitUntil(lambda: len(ctx.errors.history) > errors_before, timeout=10_000)
    assert "already exists" in ctx.errors.history[-1].message
    assert sorted(i.name for i in ctx.hearth.libraries.list()) == ["Beta", "Źródła 文档"]

    page.delete_library("Beta")
    page.delete_library("Źródła 文档")
    qtbot.waitUntil(lambda: page.libraries.rowCount() == 0, timeout=10_000)
    assert page.stack.currentWidget() is page.empty
    assert ctx.hearth.libraries.list() == []
    assert docs.exists() and (docs / "notes.md").exists()  # documents are never touched


def test_cancel_indexing_keeps_going_next_time(qtbot, page, ctx, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        (folder / f"note-{i:02d}.md").write_text(
            f"# Note {i}\n\nItem number {i} is about topic {i % 7}.\n", "utf-8")
    create(qtbot, page, "Many")
    page.detail.add_paths([folder], index=False)
    qtbot.waitUntil(lambda: page.detail.info.sources == [str(folder)], timeout=10_000)
    page.detail.start_index()
    page.detail.cancel_index()  # at once: the job stops at its first safe point
    qtbot.waitUntil(lambda: not page.detail.indexing, timeout=WAIT_MS)
    assert "cancelled" in page.detail.progress_label.text()
    assert page.detail.progress_strip.isVisible()
    qtbot.waitUntil(lambda: page.detail.files.rowCount() == 30, timeout=10_000)
    states = [f.state for f in page.detail.files.rows()]
    assert "pending" in states  # not everything was indexed

    page.detail.start_index()  # "Update index" continues
    qtbot.waitUntil(lambda: not page.detail.indexing
                    and all(f.state == "indexed" for f in page.detail.files.rows())
                    and page.detail.files.rowCount() == 30, timeout=WAIT_MS)
    assert "indexed" in page.detail.progress_label.text()
    assert ctx.errors.history == []


def test_a_damaged_library_is_marked_and_repaired_from_the_page(qtbot, page, ctx, docs: Path) -> None:
    hearth = ctx.hearth
    hearth.libraries.create("Damaged", [docs])
    hearth.libraries.index("Damaged")
    before = sorted(hearth.libraries.store("Damaged").column("id"))
    data = sorted((hearth.libraries.folder("Damaged") / "lancedb").rglob("data/*.lance"),
                  key=lambda p: p.stat().st_mtime_ns)
    data[-1].unlink()  # a data file lost (a disk error, a sync tool)
    page._want = "Damaged"
    page.refresh()
    qtbot.waitUntil(lambda: page.detail.repair_button.isVisible(), timeout=10_000)
    assert "Repair" in page.detail.notice.text() and "hearth library" not in page.detail.notice.text()
    page.detail.repair_button.click()
    qtbot.waitUntil(lambda: not page.detail.indexing and "Repaired" in page.detail.progress_label.text(),
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not page.detail.repair_button.isVisible(), timeout=10_000)
    assert sorted(hearth.libraries.store("Damaged").column("id")) == before


def test_the_embedding_model_is_shown_and_changed_with_a_re_embed(
    qtbot, page, ctx, docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    create(qtbot, page, "Models")
    picker = page.detail.model_picker
    assert picker.current_model() == "auto"
    page.detail.add_paths([docs])
    qtbot.waitUntil(lambda: page.detail.info.chunks >= 3 and not page.detail.indexing,
                    timeout=WAIT_MS)
    # Chinese and Polish files: Automatic chose the multilingual model, and says so.
    assert ctx.hearth.libraries.get("Models").embedding_model.startswith("google/universal")
    assert "USE v3" in picker.itemText(0) and picker.current_model() == "auto"

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Ok)
    picker.setCurrentIndex(picker.findData("sentence-transformers/all-MiniLM-L6-v2"))
    picker.activated.emit(picker.currentIndex())
    qtbot.waitUntil(lambda: page.detail.indexing, timeout=10_000)
    assert asked and "Models" in asked[0]
    assert not picker.isEnabled()  # no second change while it re-embeds
    qtbot.waitUntil(lambda: not page.detail.indexing
                    and page.detail.info.embedding_model.endswith("all-MiniLM-L6-v2"),
                    timeout=WAIT_MS)
    info = ctx.hearth.libraries.get("Models")
    assert info.dim == 384 and not info.needs_reindex and info.chunks >= 3
    assert picker.current_model().endswith("all-MiniLM-L6-v2") and picker.isEnabled()

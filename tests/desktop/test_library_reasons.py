"""The Libraries page in Polish: a file's reason (stored in English by the engine) and a
damaged library's notice are shown in Polish, with no command to type."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.desktop.test_libraries_page import page  # noqa: F401 (the page, real engine)


@pytest.fixture
def polish(qapp):
    """The interface in Polish for one test, then English and the app's locale again."""
    from PySide6.QtCore import QLocale

    from desktop import i18n

    font = qapp.font()
    i18n.install(qapp, "pl")
    yield
    i18n.install(qapp, "en")
    QLocale.setDefault(QLocale.system())
    qapp.setFont(font)


def test_the_details_column_speaks_polish(qtbot, polish, page, ctx, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "film.mkv").write_bytes(b"\x1aE\xdf\xa3 not really a film")
    (folder / "notatki.txt").write_text("Pierogi gotuje się w osolonej wodzie.\n", "utf-8")
    ctx.hearth.libraries.create("Powody", [folder])  # listed, not indexed: no model needed
    page._want = "Powody"
    page.refresh()
    model = page.detail.files
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=20_000)
    rows = {Path(model.row_at(i).path).name: i for i in range(model.rowCount())}
    film, notes = rows["film.mkv"], rows["notatki.txt"]
    assert model.row_at(film).reason == "unsupported file type .mkv"  # stored in English
    assert model.index(film, 1).data() == "Nieobsługiwany"
    assert model.index(film, 2).data() == "nieobsługiwany typ pliku .mkv"
    assert model.index(notes, 2).data() == "jeszcze niezaindeksowany"
    assert model.index(film, 2).data(Qt.ItemDataRole.ToolTipRole) == "nieobsługiwany typ pliku .mkv"


def test_a_damaged_library_notice_speaks_polish(qtbot, polish, page, ctx) -> None:  # noqa: F811
    folder = ctx.hearth.libraries.root / "zepsuta"
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text('{"id": "zep', "utf-8")
    page.refresh()
    qtbot.waitUntil(lambda: page.detail.repair_button.isVisible(), timeout=20_000)
    assert page.detail.notice.text() == (
        "⚠ Jej opisu (meta.json) nie da się odczytać. Naciśnij Napraw, aby to naprawić.")


def test_the_details_column_is_in_view_when_a_file_has_one(qtbot, page, ctx,  # noqa: F811
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "film.mkv").write_bytes(b"\x1aE\xdf\xa3 not really a film")
    ctx.hearth.libraries.create("Films", [folder])
    page._want = "Films"
    page.refresh()
    view = page.detail.files_panel.view
    qtbot.waitUntil(lambda: page.detail.files.rowCount() == 1, timeout=20_000)
    qtbot.waitUntil(lambda: not view.isColumnHidden(2), timeout=5_000)
    header = view.horizontalHeader()
    # Not past the right edge: the names had kept the whole width they had while stretched.
    assert header.sectionViewportPosition(2) + 40 < view.viewport().width()
    assert header.sectionSize(0) <= view.viewport().width() // 2

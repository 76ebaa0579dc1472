"""A library's files: the per-file status table (indexed, no text, failed + reason,
unsupported, pending) with a state filter and counts, a drop zone while the library has no
sources yet, and the list of sources (folders and files) with Remove."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import translate
from desktop.qtmodels.library_tables import FileStatusTableModel, reason_text, state_count
from desktop.qtmodels.models_rows import VALUE_ROLE
from desktop.views.library_ui import HintTableView, setup_table, sorted_proxy

FILTERS = [(QT_TRANSLATE_NOOP("FileState", "All files"), None),
           (QT_TRANSLATE_NOOP("FileState", "Indexed"), "indexed"),
           (QT_TRANSLATE_NOOP("FileState", "Failed"), "failed"),
           (QT_TRANSLATE_NOOP("FileState", "No text"), "no_text"),
           (QT_TRANSLATE_NOOP("FileState", "Unsupported"), "unsupported"),
           (QT_TRANSLATE_NOOP("FileState", "Pending"), "pending")]


class LibraryFilesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FileStatusTableModel(self)
        self.proxy = sorted_proxy(self.model, self)
        self.proxy.setFilterKeyColumn(1)
        self.proxy.setFilterRole(VALUE_ROLE)  # filter on the state name, not its label
        self.view = HintTableView(self.tr("Drop more folders or files here to add them"))
        self.view.setModel(self.proxy)
        setup_table(self.view)
        self._details_shown: bool | None = None
        self._fit_columns()  # again in set_states: once per refresh, not per changed range

        self.filter_box = QComboBox()
        for text, value in FILTERS:
            self.filter_box.addItem(translate("FileState", text), value)
        self.filter_box.currentIndexChanged.connect(self._apply_filter)
        self.counts = QLabel()
        self.counts.setProperty("subtle", True)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.filter_box)
        table_box = QWidget()
        tl = QVBoxLayout(table_box)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addLayout(top)
        tl.addWidget(self.view, 1)

        self.drop_zone = QLabel(self.tr(
            "<p style='font-size:13pt'>Drop folders or files here</p>"
            "<p>PDF, Word, Markdown, text, HTML, EPUB and source code.<br>"
            "Hearth keeps your files where they are; only an index is stored.</p>"))
        self.drop_zone.setObjectName("dropZone")
        self.drop_zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_zone.setProperty("subtle", True)
        self.drop_zone.setStyleSheet(
            "#dropZone { border: 2px dashed palette(mid); border-radius: 12px; }")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.drop_zone)
        self.stack.addWidget(table_box)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 10, 0, 0)
        lay.addWidget(self.stack)

    def _fit_columns(self) -> None:
        """The widest column goes to the details when a file has any (why it failed), else
        to the file names: an empty Details column took the width the names needed."""
        rows = self.model.rows()
        # Pages only when some file has them (PDFs): a library of notes needs no such column.
        self.view.setColumnHidden(3, not any(f.pages for f in rows))
        shown = any(reason_text(f) for f in rows)
        if shown == self._details_shown:
            return
        self._details_shown = shown
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive if shown
                                    else QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch if shown
                                    else QHeaderView.ResizeMode.ResizeToContents)
        # No details at all: no column for them (its title alone took ~110 px of names).
        self.view.setColumnHidden(2, not shown)
        if shown:
            # An Interactive column keeps the width it had while stretched (the whole
            # table), which pushed the details past the right edge: the names get what they
            # need, at most about half the table, and the details the rest.
            self.view.resizeColumnToContents(0)
            half = max(160, self.view.viewport().width() * 45 // 100)
            header.resizeSection(0, min(header.sectionSize(0), half))

    def show_table(self, has_sources: bool) -> None:
        self.stack.setCurrentIndex(1 if has_sources else 0)

    def set_states(self, states: list[Any]) -> None:
        self.model.set_rows(states)
        self._fit_columns()
        counts = self.model.counts()
        total = sum(counts.values())
        bits = [translate("Libraries", "%n files", "", total)]
        if counts.get("indexed"):
            bits.append(state_count("indexed", counts["indexed"]))
        bits += [state_count(s, n) for s, n in sorted(counts.items()) if s != "indexed" and n]
        self.counts.setText(" · ".join(bits))

    def _apply_filter(self) -> None:
        state = self.filter_box.currentData()
        # anchored: one state name must never match inside another
        self.proxy.setFilterRegularExpression(f"^{state}$" if state else "")


class LibrarySourcesPanel(QWidget):
    remove_requested = Signal(str)  # the source path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.itemSelectionChanged.connect(self._update)
        self.remove_button = QPushButton(self.tr("Remove from library"))
        self.remove_button.setToolTip(self.tr(
            "Stop indexing this folder or file (the documents themselves are not touched)"))
        self.remove_button.clicked.connect(self._remove)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 10, 0, 0)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)
        self._update()

    def set_sources(self, sources: list[str]) -> None:
        self.list.clear()
        style = self.style()
        for src in sources:
            # One stat per source on the GUI thread (never a walk): picks the icon.
            kind = QStyle.StandardPixmap.SP_DirIcon if Path(src).is_dir() \
                else QStyle.StandardPixmap.SP_FileIcon
            QListWidgetItem(style.standardIcon(kind), src, self.list)
        self._update()

    def set_busy(self, busy: bool) -> None:
        """No removing while an index job runs (removal deletes chunks too)."""
        self._busy = busy
        self._update()

    def _update(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()) and not self._busy)

    def _remove(self) -> None:
        items = self.list.selectedItems()
        if items:
            self.remove_requested.emit(items[0].text())

"""Quick search: try retrieval on one library and see the ranked hits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.qtmodels.library_tables import SearchHitTableModel
from desktop.views.library_ui import TableView, esc, primary, setup_table, sorted_proxy
from engine.api import shown_path

K = 10


class LibrarySearchPanel(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.library = ""
        self._serial = 0

        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Ask something your documents answer…"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        self.button = primary(QPushButton(self.tr("Search")))
        self.button.clicked.connect(self.search)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.button)

        self.hits = SearchHitTableModel(self)
        self.view = TableView()
        self.proxy = sorted_proxy(self.hits, self)
        self.view.setModel(self.proxy)
        setup_table(self.view)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(1, 200)
        self.view.selectionModel().selectionChanged.connect(self._show_selected)

        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setPlaceholderText(self.tr("Select a hit to read the whole passage."))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        split.setHandleWidth(6)

        self.note = QLabel(self.tr("Hybrid search: meaning (embeddings) and words (BM25), fused."))
        self.note.setProperty("subtle", True)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 10, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.note)
        lay.addWidget(split, 1)

    def set_library(self, name: str) -> None:
        if name != self.library:
            self.library = name
            self._serial += 1
            self.hits.set_rows([])
            self.preview.clear()

    def search(self) -> None:
        text = self.query.text().strip()
        if not text or not self.library:
            return
        self._serial += 1
        serial = self._serial
        name = self.library
        hearth = self.ctx.hearth  # services are opened on the worker, not here
        self.note.setText(self.tr("Searching {library}…").format(library=name))

        def body(task: Any) -> list[Any]:
            return list(hearth.libraries.search([name], text, k=K))

        def done(hits: list[Any]) -> None:
            if serial != self._serial:
                return
            self.hits.set_hits(hits)
            self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            self.note.setText(self.tr("%n best passages for “{query}”", "", len(hits)).format(
                query=text) if hits else self.tr("Nothing in {library} matches “{query}”.").format(
                library=name, query=text))
            if hits:
                self.view.selectRow(0)

        def failed(exc: BaseException) -> None:
            if serial == self._serial:
                self.note.setText(self.tr("Search failed."))
                self.ctx.show_error(exc)

        # io lane: a search only reads, so it never waits behind a long indexing job.
        self.ctx.tasks.run(body, lane="io", name="library search", success=done,
                           failure=failed, owner=self)

    def _show_selected(self, *_: Any) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.preview.clear()
            return
        r = self.hits.row_at(self.proxy.mapToSource(rows[0]).row())
        h = r.hit
        where = esc(shown_path(h.path)) + (
            ", " + self.tr("page {page}").format(page=h.page) if h.page else "")
        title = h.heading or ""
        # chunks often begin with their heading: show it once
        heading = f"<p><i>{esc(title)}</i></p>" if title and not h.text.lstrip().startswith(
            title) else ""
        body = esc(h.text).replace("\n", "<br>")
        score = self.tr("score {score}").format(score=f"{h.score:.3f}")
        self.preview.setHtml(f"<p><b>#{r.rank}</b> · {where} · {score}</p>"
                             f"{heading}<p>{body}</p>")

"""One library: its sources, indexing with progress and cancel, per-file states, search.

Indexing runs on the "index" lane (a library has one writer); everything else that reads
disk goes through "io". While an index job runs, the file table is re-read about once a
second so files move from pending to their final state as the job goes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.qtmodels.library_tables import STATE_TEXT, FileStatusTableModel, library_summary
from desktop.views.library_search import LibrarySearchPanel
from desktop.views.library_ui import primary, setup_table, sorted_proxy
from engine.jobs import Progress, format_eta

STATUS_REFRESH_MS = 1000
FILTERS = [("All files", None), ("Indexed", "indexed"), ("Failed", "failed"),
           ("No text", "no_text"), ("Unsupported", "unsupported"), ("Pending", "pending")]


def local_paths(mime: QMimeData) -> list[Path]:
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def progress_text(p: Progress) -> str:
    """"12 / 40 files · 85 chunks/s · 00:12 left" from the indexer's Progress."""
    bits = []
    if p.total:
        bits.append(f"{int(p.done)} / {int(p.total)} {p.unit or 'files'}")
    elif p.done:
        bits.append(f"{int(p.done)} {p.unit or 'files'}")
    if p.message:
        bits.append(p.message)
    if p.rate and not p.message:  # the indexer's message already says chunks/s
        bits.append(f"{p.rate:.0f} {p.unit or 'files'}/s")
    if p.eta_s is not None:
        bits.append(f"{format_eta(p.eta_s)} left")
    return " · ".join(bits) or "Starting…"


def report_text(r: Any) -> str:
    """"✓ 3 files indexed · 4 chunks in 3.7 s · 1 no text" from an IndexReport."""
    bits = [f"✓ {r.indexed} file{'s' if r.indexed != 1 else ''} indexed"]
    if r.chunks_added:
        bits.append(f"{r.chunks_added:,} chunks in {r.seconds:.1f} s "
                    f"({r.chunks_per_s:.0f}/s)")
    for label, n in (("unchanged", r.unchanged), ("failed", r.failed),
                     ("no text", r.no_text), ("unsupported", r.unsupported),
                     ("removed", r.removed)):
        if n:
            bits.append(f"{n} {label}")
    return " · ".join(bits)


class LibraryDetail(QWidget):
    changed = Signal()  # sources, states or watching changed: the page refreshes its list
    indexing_changed = Signal(bool)
    _watch_indexed = Signal()  # from the watcher's thread, queued onto the GUI thread

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.name = ""
        self.info: Any = None
        self._index_task: Any = None
        self._index_name = ""
        self._index_again = ""
        self._status_busy = False
        self._status_serial = 0
        self.setAcceptDrops(True)
        self._watch_indexed.connect(self._after_watch_index)

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")  # beats the app's 10pt
        self.summary = QLabel()
        self.summary.setProperty("subtle", True)
        self.add_folder_button = QPushButton("Add folder…")
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.add_files_button = QPushButton("Add files…")
        self.add_files_button.clicked.connect(self.choose_files)
        self.index_button = primary(QPushButton("Index"))
        self.index_button.setToolTip("Index new and changed files (unchanged ones are kept)")
        self.index_button.clicked.connect(lambda: self.start_index(reindex=False))
        self.reindex_button = QPushButton("Re-index all")
        self.reindex_button.setToolTip("Rebuild the whole index from the documents")
        self.reindex_button.clicked.connect(lambda: self.start_index(reindex=True))
        self.watch_box = QCheckBox("Watch for changes")
        self.watch_box.setToolTip("Pick up new, edited and deleted files while Hearth runs")
        self.watch_box.toggled.connect(self.set_watch)
        actions = QHBoxLayout()
        actions.addWidget(self.add_folder_button)
        actions.addWidget(self.add_files_button)
        actions.addStretch(1)
        actions.addWidget(self.watch_box)
        actions.addWidget(self.reindex_button)
        actions.addWidget(self.index_button)

        self.notice = QLabel()
        self.notice.setObjectName("noteLabel")  # the theme's note colours
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.progress_strip = QFrame()
        strip = QHBoxLayout(self.progress_strip)
        strip.setContentsMargins(0, 0, 0, 0)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_index)
        strip.addWidget(self.progress_label)
        strip.addWidget(self.progress_bar, 1)
        strip.addWidget(self.cancel_button)
        self.dismiss_button = QToolButton()
        self.dismiss_button.setText("✕")
        self.dismiss_button.setToolTip("Dismiss")
        self.dismiss_button.clicked.connect(self.progress_strip.hide)
        strip.addWidget(self.dismiss_button)
        self.progress_strip.hide()

        # Files tab: the per-file state table with a filter.
        self.files = FileStatusTableModel(self)
        self.file_view = QTableView()
        self.file_proxy = sorted_proxy(self.files, self)
        self.file_proxy.setFilterKeyColumn(1)
        self.file_proxy.setFilterRole(Qt.ItemDataRole.UserRole + 3)  # VALUE_ROLE: the state
        self.file_view.setModel(self.file_proxy)
        setup_table(self.file_view)
        self.file_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.filter_box = QComboBox()
        for text, value in FILTERS:
            self.filter_box.addItem(text, value)
        self.filter_box.currentIndexChanged.connect(self._apply_filter)
        self.counts = QLabel()
        self.counts.setProperty("subtle", True)
        frow = QHBoxLayout()
        frow.addWidget(self.counts, 1)
        frow.addWidget(self.filter_box)
        files_tab = QWidget()
        fl = QVBoxLayout(files_tab)
        fl.setContentsMargins(0, 10, 0, 0)
        fl.addLayout(frow)
        fl.addWidget(self.file_view, 1)

        # Sources tab.
        self.sources = QListWidget()
        self.sources.setAlternatingRowColors(True)
        self.remove_source_button = QPushButton("Remove from library")
        self.remove_source_button.setToolTip(
            "Stop indexing this folder or file (the documents themselves are not touched)")
        self.remove_source_button.clicked.connect(self.remove_selected_source)
        self.sources.itemSelectionChanged.connect(self._update_actions)
        sources_tab = QWidget()
        sl = QVBoxLayout(sources_tab)
        sl.setContentsMargins(0, 10, 0, 0)
        sl.addWidget(self.sources, 1)
        srow = QHBoxLayout()
        srow.addStretch(1)
        srow.addWidget(self.remove_source_button)
        sl.addLayout(srow)

        self.search_panel = LibrarySearchPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(files_tab, "Files")
        self.tabs.addTab(sources_tab, "Sources")
        self.tabs.addTab(self.search_panel, "Search")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.summary)
        lay.addSpacing(6)
        lay.addLayout(actions)
        lay.addWidget(self.notice)
        lay.addWidget(self.progress_strip)
        lay.addWidget(self.tabs, 1)

        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self.refresh_status)
        self._update_actions()

    # showing a library ----------------------------------------------------------------
    def set_info(self, info: Any) -> None:
        """Show `info` (a LibraryInfo); a different library reloads its file table."""
        switched = info.name != self.name
        self.info = info
        self.name = info.name
        self.title.setText(info.name)
        self.summary.setText(library_summary(info))
        self.files.roots = list(info.sources)
        self.search_panel.set_library(info.name)
        self.sources.clear()
        self.sources.addItems(info.sources)
        self.watch_box.blockSignals(True)
        self.watch_box.setChecked(info.watching)
        self.watch_box.blockSignals(False)
        if info.needs_reindex:
            self.notice.setText(f"⚠ This library was {info.reindex_reason}. "
                                "Press Re-index all to rebuild it with the current model.")
            self.notice.show()
        elif not info.sources:
            self.notice.setText("Add folders or files — or drop them here — and Hearth "
                                "indexes them so chats can search and cite them.")
            self.notice.show()
        else:
            self.notice.hide()
        if switched:
            if not self.indexing:  # a running job stays visible: it is still this page's
                self.progress_strip.hide()
            self.files.set_rows([])
            self.refresh_status()
        self._update_actions()

    @property
    def indexing(self) -> bool:
        return self._index_task is not None

    def _update_actions(self) -> None:
        has = self.info is not None
        sources = bool(has and self.info.sources)
        self.add_folder_button.setEnabled(has)
        self.add_files_button.setEnabled(has)
        self.index_button.setEnabled(sources and not self.indexing)
        self.reindex_button.setEnabled(sources and not self.indexing)
        self.watch_box.setEnabled(sources)
        self.remove_source_button.setEnabled(bool(self.sources.selectedItems())
                                             and not self.indexing)
        if has:
            self.index_button.setText("Update index" if self.info.indexed_at else "Index")

    # per-file status ------------------------------------------------------------------
    def refresh_status(self) -> None:
        if not self.name or self._status_busy:
            return
        self._status_busy = True
        self._status_serial += 1
        serial, name = self._status_serial, self.name
        libraries = self.ctx.hearth.libraries

        def done(states: list[Any]) -> None:
            if serial == self._status_serial and name == self.name:
                self.files.set_rows(states)
                self._show_counts()

        def finished() -> None:
            self._status_busy = False

        self.ctx.tasks.run(lambda t: libraries.status(name), lane="io", name="library status",
                           success=done, failure=self._status_failed, finished=finished,
                           owner=self)

    def _status_failed(self, exc: BaseException) -> None:
        if not self.indexing:  # mid-job reads may race the writer; the next tick retries
            self.ctx.show_error(exc)

    def _show_counts(self) -> None:
        counts = self.files.counts()
        total = sum(counts.values())
        bits = [f"{total} file{'s' if total != 1 else ''}"]
        bits += [f"{n} {STATE_TEXT.get(s, s).lower()}" for s, n in sorted(counts.items())
                 if s != "indexed" and n]
        if counts.get("indexed"):
            bits.insert(1, f"{counts['indexed']} indexed")
        self.counts.setText(" · ".join(bits))

    def _apply_filter(self) -> None:
        state = self.filter_box.currentData()
        # anchored: one state name must never match inside another
        self.file_proxy.setFilterRegularExpression(f"^{state}$" if state else "")

    # sources ---------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder", str(Path.home()))
        if folder:
            self.add_paths([Path(folder)])

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Add files", str(Path.home()),
            "Documents (*.pdf *.docx *.md *.markdown *.txt *.html *.htm *.epub *.rst *.csv "
            "*.py *.js *.ts *.java *.c *.cpp *.h *.go *.rs);;All files (*)")
        if files:
            self.add_paths([Path(f) for f in files])

    def add_paths(self, paths: list[Path], index: bool = True) -> None:
        """Add sources, then index them (the reason one adds them)."""
        if not self.name or not paths:
            return
        name = self.name
        libraries = self.ctx.hearth.libraries

        def done(info: Any) -> None:
            if name == self.name:
                self.set_info(info)
                self.refresh_status()
            self.changed.emit()
            if index and name == self.name:
                self.start_index()

        self.ctx.tasks.run(lambda t: libraries.add_sources(name, [str(p) for p in paths]),
                           lane="io", name="add sources", success=done,
                           failure=self.ctx.show_error, owner=self)

    def remove_selected_source(self) -> None:
        items = self.sources.selectedItems()
        if not items or not self.name:
            return
        path, name = items[0].text(), self.name
        libraries = self.ctx.hearth.libraries

        def done(info: Any) -> None:
            if name == self.name:
                self.set_info(info)
                self.refresh_status()
            self.changed.emit()

        # "index" lane: removing a source deletes its chunks, so it queues behind a job.
        self.ctx.tasks.run(lambda t: libraries.remove_source(name, path), lane="index",
                           name="remove source", success=done, failure=self.ctx.show_error,
                           owner=self)

    # indexing --------------------------------------------------------------------------
    def start_index(self, reindex: bool = False) -> None:
        if not self.name:
            return
        if self.indexing:  # e.g. files added mid-job: run once more when this one ends
            self._index_again = self.name
            return
        name = self.name
        libraries = self.ctx.hearth.libraries

        def body(task: Any) -> Any:
            return libraries.index(name, progress=task, cancel=task.cancel, reindex=reindex)

        def done(report: Any) -> None:
            self.last_report = report
            self._show_outcome(report_text(report))

        def cancelled() -> None:
            self._show_outcome("Indexing cancelled. Files finished so far are kept; "
                               "Update index continues from there.")

        def finished() -> None:
            self._index_task = None
            self._status_timer.stop()
            if self.progress_bar.isVisible() or self.cancel_button.isVisible():
                self.progress_strip.hide()  # failed: the error bar says why
            self.cancel_button.setEnabled(True)
            self.indexing_changed.emit(False)
            self._update_actions()
            self.refresh_status()
            self.ctx.libraries_changed.emit()
            again, self._index_again = self._index_again, ""
            if again and again == self.name:
                self.start_index()

        self._index_name = name
        self.progress_label.setText(f"Indexing {name}: looking for files…")
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.cancel_button.show()
        self.dismiss_button.hide()
        self.progress_strip.show()
        self._index_task = self.ctx.tasks.run(
            body, lane="index", name=f"index {name}", success=done,
            failure=self.ctx.show_error, progress=self._index_progress, cancelled=cancelled,
            finished=finished, owner=self)
        self._status_timer.start()
        self.indexing_changed.emit(True)
        self._update_actions()

    def _show_outcome(self, text: str) -> None:
        """Leave the strip up with the outcome (dismissable) instead of vanishing."""
        self.progress_bar.hide()
        self.cancel_button.hide()
        self.dismiss_button.show()
        self.progress_label.setText(text)

    def _index_progress(self, p: Progress) -> None:
        if p.fraction is not None:
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(int(p.fraction * 1000))
        self.progress_label.setText(f"Indexing {self._index_name}: " + progress_text(p))

    def cancel_index(self) -> None:
        if self._index_task is not None:
            self._index_task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText("Cancelling — finishing the current file…")

    # watching --------------------------------------------------------------------------
    def set_watch(self, on: bool) -> None:
        if not self.name:
            return
        name = self.name
        libraries = self.ctx.hearth.libraries
        # The watcher calls back on its own thread; a signal hops onto the GUI thread.
        signal = self._watch_indexed

        def notify(*_: Any) -> None:
            try:
                signal.emit()
            except RuntimeError:  # the page is gone (quitting): nothing to refresh
                pass

        def failed(exc: BaseException) -> None:
            self.watch_box.blockSignals(True)
            self.watch_box.setChecked(not on)
            self.watch_box.blockSignals(False)
            self.ctx.show_error(exc)

        self.ctx.tasks.run(lambda t: libraries.watch(name, on=on, on_indexed=notify),
                           lane="io", name="watch library", success=lambda _: self.changed.emit(),
                           failure=failed, owner=self)

    def _after_watch_index(self, *_: Any) -> None:
        self.refresh_status()
        self.changed.emit()

    # drag and drop ------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.name and local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    dragMoveEvent = dragEnterEvent  # type: ignore[assignment]

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_paths(paths)

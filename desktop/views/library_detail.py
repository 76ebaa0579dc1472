"""One library: its sources, indexing with progress and cancel, per-file states, search.

Indexing runs on the "index" lane (a library has one writer); everything else that reads
disk goes through "io". While an index job runs, the file table is re-read about once a
second so files move from pending to their final state as the job goes.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import formats
from desktop.formats import eta as format_eta
from desktop.i18n import translate
from desktop.qtmodels.library_tables import library_summary, state_count
from desktop.views.library_files import LibraryFilesPanel, LibrarySourcesPanel
from desktop.views.library_search import LibrarySearchPanel
from desktop.views.library_ui import ProgressStrip, primary
from desktop.widgets.embedding_picker import EmbeddingPicker, model_label
from engine.jobs import Progress

STATUS_REFRESH_MS = 1000


def local_paths(mime: QMimeData) -> list[Path]:
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def progress_text(p: Progress) -> str:
    """"12 / 40 files · 85 chunks/s · 00:12 left" from the indexer's Progress."""
    # The unit and the message come from the engine: shown as they are.
    unit = p.unit or translate("LibraryDetail", "files")
    bits = []
    if p.total:
        bits.append(f"{int(p.done)} / {int(p.total)} {unit}")
    elif p.done:
        bits.append(f"{int(p.done)} {unit}")
    if p.message:
        bits.append(p.message)
    if p.rate and not p.message:  # the indexer's message already says chunks/s
        bits.append(f"{p.rate:.0f} {unit}/s")
    if p.eta_s is not None:
        bits.append(translate("LibraryDetail", "{time} left").format(time=format_eta(p.eta_s)))
    return " · ".join(bits) or translate("LibraryDetail", "Starting…")


def document_filter() -> str:
    """The file dialog's filter, from the formats the parsers actually read."""
    from engine.api import document_extensions

    exts = document_extensions()
    patterns = " ".join(f"*{e}" for e in sorted(exts) if e)
    return translate("LibraryDetail", "Documents ({patterns});;All files (*)").format(
        patterns=patterns)


ago = formats.ago


def detail_summary(info: Any) -> str:
    text = library_summary(info)
    if info.indexed_at:
        text += " · " + translate("LibraryDetail", "indexed {when}").format(
            when=ago(info.indexed_at))
    return text


def report_text(r: Any) -> str:
    """"✓ 3 files indexed · 4 chunks in 3.7 s · 1 no text" from an IndexReport."""
    bits = ["✓ " + translate("LibraryDetail", "%n files indexed", "", r.indexed)]
    if r.chunks_added:
        bits.append(translate("LibraryDetail", "%Ln chunks in {seconds} s ({rate}/s)", "",
                              r.chunks_added).format(seconds=formats.number(r.seconds, 1),
                                                     rate=formats.number(r.chunks_per_s)))
    if r.unchanged:
        bits.append(translate("LibraryDetail", "%n unchanged", "", r.unchanged))
    for state, n in (("failed", r.failed), ("no_text", r.no_text),
                     ("unsupported", r.unsupported)):
        if n:
            bits.append(state_count(state, n))
    if r.removed:
        bits.append(translate("LibraryDetail", "%n removed", "", r.removed))
    return " · ".join(bits)


class LibraryDetail(QWidget):
    changed = Signal()  # sources, states or watching changed: the page refreshes its list
    indexing_changed = Signal(bool)
    _watch_changed = Signal(str)  # from the watcher's thread, queued onto the GUI thread

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
        self._status_next = 0.0  # monotonic time before which the timer skips a re-read
        self.setAcceptDrops(True)
        self._watch_changed.connect(self._watched_change)

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")  # beats the app's 10pt
        self.summary = QLabel()
        self.summary.setProperty("subtle", True)
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.add_files_button = QPushButton(self.tr("Add files…"))
        self.add_files_button.clicked.connect(self.choose_files)
        self.index_button = primary(QPushButton(self.tr("Index")))
        self.index_button.setToolTip(self.tr("Index new and changed files (unchanged ones are "
                                             "kept)"))
        self.index_button.clicked.connect(lambda: self.start_index(reindex=False))
        self.reindex_button = QPushButton(self.tr("Re-index all"))
        self.reindex_button.setToolTip(self.tr("Rebuild the whole index from the documents"))
        self.reindex_button.clicked.connect(lambda: self.start_index(reindex=True))
        self.watch_box = QCheckBox(self.tr("Watch for changes"))
        self.watch_box.setToolTip(self.tr("Pick up new, edited and deleted files while Hearth "
                                          "runs"))
        self.watch_box.toggled.connect(self.set_watch)
        self.chat_button = QPushButton(self.tr("Chat with this library"))
        self.chat_button.setToolTip(self.tr("A new chat whose answers come from these documents, "
                                            "with citations"))
        self.chat_button.clicked.connect(self._chat_with)
        self.model_picker = EmbeddingPicker()
        self.model_picker.setToolTip(self.tr("The model that turns passages into meaning for "
                                             "search; a change re-embeds every file"))
        self.model_picker.activated.connect(self._model_chosen)
        model_row = QHBoxLayout()
        model_label = QLabel(self.tr("Embedding model:"))
        model_label.setBuddy(self.model_picker)
        model_row.addWidget(model_label)
        # Takes the row's room (its labels are long: "Automatic: chose multilingual USE v3"),
        # up to a readable width.
        self.model_picker.setMaximumWidth(520)
        model_row.addWidget(self.model_picker, 1)
        model_row.addStretch(0)
        # One row when there is room, two on a narrow window (resizeEvent).
        actions = QHBoxLayout()
        actions.addWidget(self.add_folder_button)
        actions.addWidget(self.add_files_button)
        actions.addStretch(1)
        self._index_row = QHBoxLayout()
        self._index_row.addWidget(self.watch_box)
        self._index_row.addWidget(self.reindex_button)
        self._index_row.addWidget(self.index_button)
        actions.addLayout(self._index_row)
        self._actions_row, self._second_row = actions, QHBoxLayout()
        self._second_row.addStretch(1)  # the index controls keep to the right

        self.notice = QLabel()
        self.notice.setObjectName("noteLabel")  # the theme's note colours
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.repair_button = QPushButton(self.tr("Repair"))
        self.repair_button.setToolTip(self.tr("Check the library's storage and mend it; only "
                                              "files whose passages are missing are indexed "
                                              "again"))
        self.repair_button.clicked.connect(lambda: self.start_index(repair=True))
        self.repair_button.hide()
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.repair_button)

        self.progress_strip = ProgressStrip()
        self.progress_strip.cancel_requested.connect(self.cancel_index)
        self.progress_label = self.progress_strip.label

        self.files_panel = LibraryFilesPanel()
        self.files = self.files_panel.model
        self.file_proxy = self.files_panel.proxy
        self.filter_box = self.files_panel.filter_box
        files_tab = self.files_panel

        # Sources tab.
        self.sources_panel = LibrarySourcesPanel()
        self.sources_panel.remove_requested.connect(self.remove_source)
        sources_tab = self.sources_panel

        self.search_panel = LibrarySearchPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)  # Fusion's base line is too bright in dark mode
        self.tabs.addTab(files_tab, self.tr("Files"))
        self.tabs.addTab(sources_tab, self.tr("Sources"))
        self.tabs.addTab(self.search_panel, self.tr("Search"))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.chat_button)
        lay.addLayout(head)
        lay.addWidget(self.summary)
        lay.addLayout(model_row)
        lay.addSpacing(6)
        lay.addLayout(actions)
        lay.addLayout(self._second_row)
        self._watch_row = QHBoxLayout()  # the check box alone, on a narrow window
        self._watch_row.addStretch(1)
        lay.addLayout(self._watch_row)
        lay.addLayout(notice_row)
        lay.addWidget(self.progress_strip)
        lay.addWidget(self.tabs, 1)

        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self._tick_status)
        self._update_actions()

    def _model_chosen(self, _i: int) -> None:
        model, info = self.model_picker.current_model(), self.info
        if info is None or model == (info.chosen_model or info.embedding_model):
            return
        indexed = bool(info.indexed_at and info.chunks)
        if indexed and model != info.embedding_model and QMessageBox.question(
            self, self.tr("Change the embedding model"),
            self.tr("Every file of {name} is embedded again with {model}. Search finds only "
                    "the files done so far until it finishes; you can stop it and resume "
                    "later with Update index.").format(name=info.name, model=model_label(model)),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        ) != QMessageBox.StandardButton.Ok:
            self.set_info(info)  # back to the model it has
            return
        hearth, name = self.ctx.hearth, info.name

        def done(new: Any) -> None:
            self.set_info(new)
            if new.needs_reindex:
                self.start_index(reindex=True)

        self.ctx.tasks.run(lambda t: hearth.libraries.set_model(name, model), lane="io",
                           name="set embedding model", success=done,
                           failure=self.ctx.show_error, owner=self)

    def _chat_with(self) -> None:
        if self.name:
            self.ctx.chat_with_library_requested.emit(self.name)

    # showing a library ----------------------------------------------------------------
    def set_info(self, info: Any) -> None:
        """Show `info` (a LibraryInfo); a different library reloads its file table."""
        switched = info.name != self.name
        self.info = info
        self.name = info.name
        self.title.setText(info.name)
        self.summary.setText(detail_summary(info))
        self.files.roots = list(info.sources)  # paths shown relative to their source
        self.search_panel.set_library(info.name)
        self.sources_panel.set_sources(info.sources)
        chosen = info.chosen_model or info.embedding_model
        self.model_picker.show_model(chosen, info.embedding_model if info.indexed_at else "")
        self.watch_box.blockSignals(True)
        self.watch_box.setChecked(info.watching)
        self.watch_box.blockSignals(False)
        self.files_panel.show_table(bool(info.sources))
        problem = getattr(info, "problem", "")
        if problem:
            # `problem` names the command to type; here the button is the way.
            self.notice.setText("⚠ " + getattr(info, "damage", "") + " "
                                + self.tr("Press Repair to mend it."))
            self.notice.show()
        elif info.needs_reindex:
            self.notice.setText("⚠ " + self.tr("This library was {reason}. Press Re-index all "
                                               "to rebuild it with the current model.").format(
                                                   reason=info.reindex_reason))
            self.notice.show()
        else:
            self.notice.hide()
        self.repair_button.setVisible(bool(problem))
        if switched:
            if not self.indexing:  # a running job stays visible: it is still this page's
                self.progress_strip.hide()
            self.files.set_rows([])
            if info.readable:
                self.refresh_status()
        self._update_actions()

    @property
    def indexing(self) -> bool:
        return self._index_task is not None

    def _update_actions(self) -> None:
        has = self.info is not None and self.info.readable  # a damaged one can only be repaired
        sources = bool(has and self.info.sources)
        self.add_folder_button.setEnabled(has)
        self.add_files_button.setEnabled(has)
        self.index_button.setEnabled(sources and not self.indexing)
        self.reindex_button.setEnabled(sources and not self.indexing)
        self.watch_box.setEnabled(sources)
        self.model_picker.setEnabled(has and not self.indexing)
        self.chat_button.setEnabled(bool(has and self.info.indexed_at))
        self.sources_panel.set_busy(self.indexing)
        if has:
            self.index_button.setText(self.tr("Update index") if self.info.indexed_at
                                      else self.tr("Index"))

    # per-file status ------------------------------------------------------------------
    def _tick_status(self) -> None:
        """While indexing: re-read the states, unless the last read is still running or
        was slow (a big library: listing walks its folders), so reads take at most ~20% of
        the io lane."""
        if not self.isVisible():
            return  # nobody is looking (e.g. on the Chats page): showEvent catches up
        if not self._status_busy and time.monotonic() >= self._status_next:
            self.refresh_status()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.indexing and not self._status_busy:
            self.refresh_status()

    def refresh_status(self) -> None:
        if not self.name or (self.info is not None and not self.info.readable):
            return
        self._status_busy = True
        started = time.monotonic()
        self._status_serial += 1
        serial, name = self._status_serial, self.name
        hearth = self.ctx.hearth  # services are opened on the worker, not here

        def done(states: list[Any]) -> None:
            if serial == self._status_serial and name == self.name:
                self.files_panel.set_states(states)

        def finished() -> None:
            self._status_busy = False
            self._status_next = time.monotonic() + 4 * (time.monotonic() - started)

        self.ctx.tasks.run(lambda t: hearth.libraries.status(name), lane="io",
                           name="library status",
                           success=done, failure=self._status_failed, finished=finished,
                           owner=self)

    def _status_failed(self, exc: BaseException) -> None:
        if not self.indexing:  # mid-job reads may race the writer; the next tick retries
            self.ctx.show_error(exc)

    # sources ---------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder"),
                                                  str(Path.home()))
        if folder:
            self.add_paths([Path(folder)])

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add files"), str(Path.home()), document_filter())
        if files:
            self.add_paths([Path(f) for f in files])

    def add_paths(self, paths: list[Path], index: bool = True) -> None:
        """Add sources, then index them (the reason one adds them)."""
        if not self.name or not paths:
            return
        name = self.name
        hearth = self.ctx.hearth

        def done(info: Any) -> None:
            if name == self.name:
                self.set_info(info)
                self.refresh_status()
            self.changed.emit()
            if index and name == self.name:
                self.start_index()

        self.ctx.tasks.run(lambda t: hearth.libraries.add_sources(name, [str(p) for p in paths]),
                           lane="io", name="add sources", success=done,
                           failure=self.ctx.show_error, owner=self)

    def remove_source(self, path: str) -> None:
        if not self.name:
            return
        name = self.name
        hearth = self.ctx.hearth

        def done(info: Any) -> None:
            if name == self.name:
                self.set_info(info)
                self.refresh_status()
            self.changed.emit()

        # "index" lane: removing a source deletes its chunks, so it queues behind a job.
        self.ctx.tasks.run(lambda t: hearth.libraries.remove_source(name, path), lane="index",
                           name="remove source", success=done, failure=self.ctx.show_error,
                           owner=self)

    # indexing --------------------------------------------------------------------------
    def start_index(self, reindex: bool = False, repair: bool = False) -> None:
        if not self.name:
            return
        if self.indexing:  # e.g. files added mid-job: run once more when this one ends
            self._index_again = self.name
            return
        name = self.name
        lib_id = self.info.id if self.info is not None else name
        hearth = self.ctx.hearth

        def body(task: Any) -> Any:
            if repair:  # by id: a library whose description is damaged has no name yet
                return hearth.libraries.check(lib_id, progress=task, cancel=task.cancel)
            # Its own lower-priority process: the GUI keeps Python's lock and the cores.
            return hearth.libraries.index_apart(name, progress=task, cancel=task.cancel,
                                                reindex=reindex)

        def done(report: Any) -> None:
            self.last_report = report
            if repair:
                mended = "; ".join(report.repaired) or self.tr("nothing needed mending")
                self.progress_strip.finish("✓ " + self.tr("Repaired: {what}.").format(what=mended))
                return
            self.progress_strip.finish(report_text(report))

        def cancelled() -> None:
            self.progress_strip.finish(self.tr(
                "Indexing cancelled. Files finished so far are kept; Update index continues "
                "from there."))

        def finished() -> None:
            self._index_task = None
            self._status_timer.stop()
            if self.progress_strip.running:
                self.progress_strip.finish()  # failed: the error bar says why
            self.indexing_changed.emit(False)
            self._update_actions()
            self.refresh_status()
            self.ctx.libraries_changed.emit()
            again, self._index_again = self._index_again, ""
            if again and again == self.name:
                self.start_index()

        self._index_name = name
        self.progress_strip.start(self.tr("Indexing {library}: looking for files…").format(
            library=name))
        self._index_task = self.ctx.tasks.run(
            body, lane="index", name=f"index {name}", success=done,
            failure=self.ctx.show_error, progress=self._index_progress, cancelled=cancelled,
            finished=finished, owner=self)
        self._status_timer.start()
        self.indexing_changed.emit(True)
        self._update_actions()

    def _index_progress(self, p: Progress) -> None:
        self.progress_strip.update(self.tr("Indexing {library}: {progress}").format(
            library=self._index_name, progress=progress_text(p)), p.fraction)

    def cancel_index(self) -> None:
        if self._index_task is not None:
            self._index_task.cancel()
            self.progress_strip.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Cancelling — finishing the current file…"))

    # watching --------------------------------------------------------------------------
    def set_watch(self, on: bool) -> None:
        if not self.name:
            return
        name = self.name
        hearth = self.ctx.hearth
        # The watcher calls back on its own thread; a signal hops onto the GUI thread,
        # where the re-index is queued on the index lane like any other (one writer,
        # shown in the progress strip, cancellable).
        signal = self._watch_changed

        def changed(library_id: str) -> None:
            try:
                signal.emit(library_id)
            except RuntimeError:  # the page is gone (quitting): nothing to index now
                pass

        def failed(exc: BaseException) -> None:
            self.watch_box.blockSignals(True)
            self.watch_box.setChecked(not on)
            self.watch_box.blockSignals(False)
            self.ctx.show_error(exc)

        self.ctx.tasks.run(lambda t: hearth.libraries.watch(name, on=on, on_change=changed),
                           lane="io", name="watch library", success=lambda _: self.changed.emit(),
                           failure=failed, owner=self)

    def _watched_change(self, library_id: str) -> None:
        """Files of a watched library changed: index it on the index lane."""
        if self.info is not None and library_id == self.info.id:
            self.start_index()  # the library on screen: its progress strip shows the run
            return
        hearth = self.ctx.hearth

        def done(report: Any) -> None:
            self.ctx.libraries_changed.emit()

        self.ctx.tasks.run(lambda t: hearth.libraries.index_apart(library_id, progress=t,
                                                                  cancel=t.cancel),
                           lane="index", name=f"index {library_id} (watched)", success=done,
                           failure=self.ctx.show_error, owner=self)

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

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        # Preferred widths: the layout hands out no less, and a shortfall came out of the
        # check box's text ("Watch for cha" in DejaVu Sans at 800 px).
        spacing = max(self._actions_row.spacing(), 6)

        def room(*widgets: QWidget) -> int:
            return sum(w.sizeHint().width() for w in widgets) + spacing * len(widgets) + 40

        width = event.size().width()
        index = (self.watch_box, self.reindex_button, self.index_button)
        one_row = room(self.add_folder_button, self.add_files_button, *index)
        target = self._second_row if width < one_row else self._actions_row
        if self._index_row.parent() is not target:
            self._index_row.parent().removeItem(self._index_row)
            target.addLayout(self._index_row)
        # Narrower still: the check box gets a line of its own, under the buttons.
        rows = (self._index_row, self._watch_row)
        new, old = rows if width >= room(*index) else rows[::-1]
        if new.indexOf(self.watch_box) < 0:
            old.removeWidget(self.watch_box)
            new.insertWidget(0, self.watch_box)

"""Discover: search the Hub, look at a repository's files with fit badges, download one.

Hub calls (search, files) go through the io lane; each request carries a serial number so
a slow answer for an older query or repo never replaces a newer one. With an empty search
box the list shows the curated catalog, which needs no network. A file being downloaded
shows its progress here too, from the snapshots the Downloads tab polls (`show_downloads`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.formats import size as format_bytes
from desktop.i18n import translate
from desktop.qtmodels.downloads_table import MOVING, UNFINISHED, fraction
from desktop.qtmodels.models_hub import (
    CatalogTableModel,
    HubFileTableModel,
    HubRepoTableModel,
    format_count,
    format_date,
    speed_reason,
    speed_words,
)
from desktop.views.library_ui import TableView, esc, primary, setup_table, sorted_proxy
from desktop.widgets.common import selected_row
from desktop.widgets.fit_badge import FitBadgeDelegate
from engine.errors import HearthError

NARROW_TABLE = 480  # pixels: below this a table drops a column (_fit_list_columns)
CATALOG_LICENSE = 2  # CatalogTableModel's License column
FILE_QUANT = 1  # HubFileTableModel's Quantization column
SORTS = [(QT_TRANSLATE_NOOP("DiscoverPanel", "Most downloaded"), "downloads"),
         (QT_TRANSLATE_NOOP("DiscoverPanel", "Most liked"), "likes"),
         (QT_TRANSLATE_NOOP("DiscoverPanel", "Recently updated"), "updated")]
FORMATS = [("GGUF", "gguf"), ("MLC", "mlc"),
           (QT_TRANSLATE_NOOP("DiscoverPanel", "All formats"), None)]


class DiscoverPanel(QWidget):
    download_started = Signal(str)  # download id

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._search_serial = 0
        self._files_serial = 0
        self._repo: Any = None
        self._loaded_once = False
        self._downloads: dict[tuple[str, str], Any] = {}  # (repo, file) -> its download

        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Search Hugging Face — e.g. qwen2.5 instruct"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        self.format_box = QComboBox()
        for text, value in FORMATS:
            self.format_box.addItem(translate("DiscoverPanel", text), value)
        self.sort_box = QComboBox()
        for text, value in SORTS:
            self.sort_box.addItem(translate("DiscoverPanel", text), value)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.format_box.currentIndexChanged.connect(self._research)
        self.sort_box.currentIndexChanged.connect(self._research)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.format_box)
        top.addWidget(self.sort_box)
        top.addWidget(self.search_button)

        self.repos = HubRepoTableModel(self)
        self.catalog = CatalogTableModel(self)
        self.repo_view = TableView()
        self.repo_proxy = sorted_proxy(self.catalog, self)
        self.repo_view.setModel(self.repo_proxy)
        setup_table(self.repo_view)
        # The Hub's order is the chosen sort; a header click re-sorts what was found.
        self.repo_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.repo_proxy.sort(-1)
        self.repo_view.selectionModel().selectionChanged.connect(self._repo_selected)
        # The catalog's Fit column (search results have no fourth column).
        self.repo_view.setItemDelegateForColumn(3, FitBadgeDelegate(self.repo_view))
        self.list_label = QLabel()
        self.list_label.setProperty("subtle", True)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list_label)
        ll.addWidget(self.repo_view, 1)

        self.repo_title = QLabel(self.tr("Choose a model to see its files"))
        font = self.repo_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.repo_title.setFont(font)
        self.repo_title.setWordWrap(True)
        self.repo_meta = QLabel()
        self.repo_meta.setWordWrap(True)
        self.repo_meta.setTextFormat(Qt.TextFormat.RichText)
        self.repo_meta.setOpenExternalLinks(False)
        self.files = HubFileTableModel(self)
        self.file_view = TableView()
        self.file_proxy = sorted_proxy(self.files, self)
        self.file_view.setModel(self.file_proxy)
        setup_table(self.file_view)
        self.file_view.setItemDelegateForColumn(3, FitBadgeDelegate(self.file_view))
        self.file_view.selectionModel().selectionChanged.connect(self._update_download_button)
        self.file_view.doubleClicked.connect(lambda _: self.download_selected())
        self.fit_note = QLabel()
        self.fit_note.setWordWrap(True)
        self.fit_note.setTextFormat(Qt.TextFormat.RichText)
        self.fit_note.setProperty("subtle", True)
        self.download_button = primary(QPushButton(self.tr("Download")))
        self.download_button.clicked.connect(self.download_selected)
        self.download_button.setEnabled(False)
        self.download_bar = QProgressBar()  # the selected file's download, while unfinished
        self.download_bar.setTextVisible(False)
        self.download_bar.setMaximumHeight(6)
        self.download_bar.setRange(0, 1000)
        self.download_bar.hide()
        # The note on its own line, the button under it on the right: beside the button
        # a long note wrapped into a column a few words wide at 900 px.
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.download_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(12, 0, 0, 0)
        rl.addWidget(self.repo_title)
        rl.addWidget(self.repo_meta)
        rl.addWidget(self.file_view, 1)
        rl.addWidget(self.download_bar)
        rl.addWidget(self.fit_note)
        rl.addLayout(bottom)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        split.setHandleWidth(1)
        split.setSizes([480, 580])

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 10, 0, 0)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        for view in (self.repo_view, self.file_view):  # their widths decide some columns
            view.installEventFilter(self)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.show_catalog()

    # the repo list ---------------------------------------------------------------------
    def show_catalog(self) -> None:
        """The curated starter models: local data, no network needed."""
        self._search_serial += 1
        serial = self._search_serial
        hub = self.ctx.hearth

        def done(entries: list[Any]) -> None:
            if serial == self._search_serial:
                self.list_label.setText(
                    self.tr("Recommended starter models — or search the Hub above"))
                self.catalog.set_rows(entries)
                self._use_list(self.catalog)

        self.ctx.tasks.run(lambda t: hub.hub.catalog(fit=True), lane="io", name="hub catalog",
                           success=done, failure=self.ctx.show_error, owner=self)

    def _research(self) -> None:
        if self.query.text().strip():
            self.search()

    def search(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.show_catalog()
            return
        self._search_serial += 1
        serial = self._search_serial
        fmt = self.format_box.currentData()
        sort = self.sort_box.currentData()
        hearth = self.ctx.hearth
        self.list_label.setText(self.tr("Searching for “{query}”…").format(query=text))
        self.search_button.setEnabled(False)

        def body(task: Any) -> list[Any]:
            return list(hearth.hub.search(text, fmt=fmt, sort=sort, limit=50))

        def done(results: list[Any]) -> None:
            if serial != self._search_serial:
                return
            n = len(results)
            self.list_label.setText(self.tr("%n results for “{query}”", "", n).format(query=text)
                                    if n else self.tr("Nothing found for “{query}”").format(
                                        query=text))
            self.repos.set_rows(results)
            self._use_list(self.repos)

        def failed(exc: BaseException) -> None:
            if serial == self._search_serial:
                self.list_label.setText(self.tr("Search failed"))
                self.ctx.show_error(exc)

        self.ctx.tasks.run(body, lane="io", name="hub search", success=done, failure=failed,
                           finished=lambda: self.search_button.setEnabled(True), owner=self)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 (Qt's name)
        if watched in (self.repo_view, self.file_view) and event.type() == QEvent.Type.Resize:
            self._fit_list_columns()
        return super().eventFilter(watched, event)

    def _fit_list_columns(self) -> None:
        """In a narrow table a column that repeats what is said elsewhere goes, so the names
        keep room to tell rows apart: the starters' License (in the row's tooltip and the
        details above the files) and a file's Quantization (in its name)."""
        narrow = self.repo_view.width() < NARROW_TABLE
        self.repo_view.setColumnHidden(CATALOG_LICENSE, narrow and self._list_model() is self.catalog)
        self.file_view.setColumnHidden(FILE_QUANT, self.file_view.width() < NARROW_TABLE)

    def _use_list(self, model: Any) -> None:
        """Show the catalog or the search results in the one list view."""
        if self.repo_proxy.sourceModel() is not model:
            self.repo_proxy.setSourceModel(model)
        self._fit_list_columns()
        self.repo_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.repo_proxy.sort(-1)  # new results come in the Hub's order

    def _list_model(self) -> Any:
        return self.repo_proxy.sourceModel()

    def _repo_selected(self, *_: Any) -> None:
        rows = self.repo_view.selectionModel().selectedRows()
        if rows:
            model = self._list_model()
            self.show_repo(model.row_at(self.repo_proxy.mapToSource(rows[0]).row()))

    # one repo ------------------------------------------------------------------------
    def show_repo(self, repo: Any) -> None:
        self._repo = repo
        self._files_serial += 1
        serial = self._files_serial
        name = repo.repo
        hearth = self.ctx.hearth
        self.repo_title.setText(name)
        self.files.repo = name
        self.repo_meta.setText(self._meta_html(repo))
        self.files.set_rows([])
        self.fit_note.setText(self.tr("Reading the files and their headers…"))
        self._update_download_button()

        def done(files: list[Any]) -> None:
            if serial != self._files_serial:
                return
            self.files.set_rows(files)
            self.file_view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
            best = self.files.recommended_row()
            wanted = getattr(repo, "file", "")  # a catalog entry names its curated file
            if wanted and self.files.find_row(wanted) >= 0:
                best = self.files.find_row(wanted)
            if best >= 0:
                self.fit_note.setText("")
                self.file_view.selectRow(self.file_proxy.mapFromSource(
                    self.files.index(best, 0)).row())  # its fit line shows below
            elif files:
                self.fit_note.setText(self.tr("None of these files fits this computer's memory."))
            else:
                self.fit_note.setText(self.tr("This repository has no GGUF or MLC model files."))

        def failed(exc: BaseException) -> None:
            if serial != self._files_serial:
                return
            if isinstance(exc, HearthError):  # gated, missing, offline: say it right here
                self.fit_note.setText(f"<b>{esc(exc.message)}</b><br>{esc(exc.hint)}")
            else:
                self.fit_note.setText(self.tr("Could not read this repository's files."))
                self.ctx.show_error(exc)

        self.ctx.tasks.run(lambda t: list(hearth.hub.files(name)), lane="io",
                           name="hub files", success=done, failure=failed, owner=self)

    def _meta_html(self, repo: Any) -> str:
        """Facts about a RepoSummary (search) or a CatalogEntry (starters): each has some."""
        bits = []
        if getattr(repo, "description", ""):
            bits.append(esc(repo.description))
        facts = []
        if getattr(repo, "downloads", None) is not None:
            facts.append(self.tr("{n} downloads").format(n=format_count(repo.downloads)))
        if getattr(repo, "likes", None) is not None:
            facts.append(self.tr("{n} likes").format(n=format_count(repo.likes)))
        if getattr(repo, "updated", None):
            facts.append(self.tr("updated {date}").format(date=format_date(repo.updated)))
        if getattr(repo, "license", ""):
            facts.append(self.tr("license {license}").format(license=esc(str(repo.license))))
        if getattr(repo, "gated", False):
            facts.append(self.tr("<b>gated</b>: needs a Hugging Face token (Settings)"))
        if getattr(repo, "file", ""):
            facts.append(self.tr("suggested file {file}").format(file=esc(repo.file)))
        if facts:
            bits.append(" · ".join(facts))
        color = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return f"<span style='color:{color.name()}'>" + "<br>".join(bits) + "</span>"

    def selected_file(self) -> Any:
        return selected_row(self.file_view, self.file_proxy, self.files)

    def _update_download_button(self, *_: Any) -> None:
        f = self.selected_file()
        if f is not None and f.fit is not None and f.fit.text:
            note = esc(f.fit.text)
            if f.speed is not None:
                note += f"<br>{esc(speed_words(f))} — {esc(speed_reason(f.speed))}"
            self.fit_note.setText(note)
        self._show_download_state()

    def _download_of(self, f: Any) -> Any:
        if f is None or self._repo is None:
            return None
        return self._downloads.get((self._repo.repo, f.name))

    def _show_download_state(self) -> None:
        """The button says what the selected file's download is doing; a bar shows how far."""
        f = self.selected_file()
        d = self._download_of(f)
        state = d.state if d is not None else ""
        frac = fraction(d) if d is not None else None
        percent = int((frac or 0) * 100)  # rounded down: 100 % only when it is all there
        enabled = f is not None and self._repo is not None
        if f is not None and (self.files.is_installed(f) or state == "done"):
            enabled, text = False, self.tr("Installed ✓")
        elif state == "downloading":
            enabled, text = False, self.tr("Downloading {percent} %").format(percent=percent)
        elif state == "queued":
            enabled, text = False, self.tr("Queued…")
        elif state == "verifying":
            enabled, text = False, self.tr("Verifying…")
        elif state == "paused":
            text = self.tr("Resume ({percent} %)").format(percent=percent)
        elif state == "failed":
            text = self.tr("Retry download")
        elif f is not None:
            label = self.tr("Download") if f.fit is None or f.fit.label != "no" \
                else self.tr("Download anyway")
            text = f"{label} ({format_bytes(f.size)})"
        else:
            text = self.tr("Download")
        self.download_button.setEnabled(enabled)
        self.download_button.setText(text)
        self.download_button.setToolTip(
            self.tr("Pause or cancel it on the Downloads tab") if state in UNFINISHED else "")
        self.download_bar.setVisible(state in UNFINISHED)
        if state in UNFINISHED:
            self.download_bar.setValue(int((frac or 0) * 1000))

    def show_downloads(self, downloads: list[Any]) -> None:
        """The hub's download snapshot (polled by the Downloads tab, ~10 Hz while one
        moves): the selected file's download shows here, where it was started."""
        self._downloads = {(d.repo, d.file): d for d in downloads}  # the newest one wins
        self._show_download_state()

    def set_installed(self, sources: set[str]) -> None:
        """Mark files already installed from the Hub (ModelInfo.source "hf://repo/file")."""
        self.files.installed_sources = sources
        self.files.set_rows(self.files.rows())  # repaint the titles
        self._update_download_button()

    def download_selected(self) -> None:
        f = self.selected_file()
        if f is None or self._repo is None:
            return
        d = self._download_of(f)
        if d is not None and d.state in MOVING:
            return  # already on its way (a double-click on the file)
        if d is not None and d.state in ("paused", "failed"):
            self.resume_download(d.id)  # from its partial file, on the same row
            return
        self.start_download(self._repo.repo, f.name)

    def resume_download(self, download_id: str) -> None:
        hearth = self.ctx.hearth
        self.ctx.tasks.run(lambda t: hearth.hub.resume(download_id), lane="io",
                           name="resume download",
                           success=lambda _: self.download_started.emit(download_id),
                           failure=self.ctx.show_error, owner=self)

    def start_download(self, repo: str, file: str) -> None:
        hearth = self.ctx.hearth
        self.ctx.tasks.run(lambda t: hearth.hub.start(repo, file), lane="io",
                           name="start download", success=self.download_started.emit,
                           failure=self.ctx.show_error, owner=self)



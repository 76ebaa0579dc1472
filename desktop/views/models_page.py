"""Models page: installed models (load, unload, delete, import), Discover and Downloads.

Every engine call that touches disk, network or a model runs through ctx.tasks: listing
and planning on "io", import on "io" with progress, load/unload/delete on "model" (the
loaded model lives there, and a file that is loaded must be unloaded before deletion).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.formats import eta as format_eta
from desktop.formats import number
from desktop.formats import size as format_bytes
from desktop.i18n import translate
from desktop.qtmodels.models_rows import theme_color
from desktop.qtmodels.models_table import (
    InstalledModelTableModel,
    ModelRow,
    describe_plan,
    format_params,
)
from desktop.views.discover_panel import DiscoverPanel
from desktop.views.downloads_panel import DownloadsPanel
from desktop.views.library_ui import (
    HintTableView,
    ProgressStrip,
    card,
    esc,
    page_header,
    primary,
    setup_table,
    sorted_proxy,
)
from desktop.widgets.common import confirm_delete, selected_row
from engine.errors import HearthError
from engine.jobs import Progress

log = logging.getLogger(__name__)

MODEL_SUFFIXES = (".gguf",)


def model_paths_from_mime(mime: QMimeData) -> tuple[list[Path], list[Path]]:
    """(model files, other files) among the local files in a drag."""
    models: list[Path] = []
    others: list[Path] = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        (models if path.suffix.lower() in MODEL_SUFFIXES else others).append(path)
    return models, others


def broken_row(name: str, path: str, why: str) -> ModelRow:
    """A row for a model file that cannot be used: shown with the reason, deletable."""
    from engine.models.registry import ModelInfo

    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0
    info = ModelInfo(name=name, path=path, format="gguf", size_bytes=size)
    return ModelRow(info, runs_on=translate("InstalledPanel", "Can't be used"), reason=why,
                    problem=why)


class InstalledPanel(QWidget):
    """The installed models table with its actions, an import strip and a drop target."""

    listed = Signal(list)  # the ModelRows shown, after each refresh

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = InstalledModelTableModel(self)
        self._import_task: Any = None
        self._refresh_serial = 0
        self._select_after_refresh = ""
        self.setAcceptDrops(True)

        self.import_button = primary(QPushButton(self.tr("Import GGUF…")))
        self.import_button.setToolTip(
            self.tr("Copy a .gguf model file into Hearth (or drop files here)"))
        self.import_button.clicked.connect(self.choose_files)
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.clicked.connect(self.load_selected)
        self.unload_button = QPushButton(self.tr("Unload"))
        self.unload_button.clicked.connect(self.unload)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.clicked.connect(self.delete_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.import_button)
        bar.addStretch(1)
        for b in (self.load_button, self.unload_button, self.delete_button):
            bar.addWidget(b)

        # Import progress: shown only while a copy runs.
        self.import_strip = ProgressStrip()
        self.import_strip.cancel_requested.connect(self.cancel_import)

        self.table = HintTableView(self.tr("Drop .gguf files here to import them"))
        self.proxy = sorted_proxy(self.model, self)
        self.table.setModel(self.proxy)
        setup_table(self.table)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _: self.load_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        self.empty = QLabel(self.tr(
            "<h3>No models yet</h3>"
            "<p>Drop a <b>.gguf</b> file here, choose <b>Import GGUF…</b>,<br>"
            "or find one on the <b>Discover</b> tab.</p>"))
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        self.details = QLabel()
        self.details.setObjectName("modelDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(54)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 10, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.import_strip)
        lay.addWidget(self.stack, 1)
        self.details_card = card(self.details)
        lay.addWidget(self.details_card)

        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.models_changed.connect(self.refresh)
        ctx.model_state_changed.connect(self._mark_loaded)
        ctx.model_loading.connect(self._update_actions)
        self._update_actions()

    # listing --------------------------------------------------------------------------
    def refresh(self) -> None:
        """List models and plan each on the io lane; newer refreshes win over older ones."""
        self._refresh_serial += 1
        serial = self._refresh_serial
        hearth = self.ctx.hearth

        def body(task: Any) -> list[ModelRow]:
            rows = []
            for info in hearth.models.list():
                task.cancel.raise_if_cancelled()
                row = ModelRow(info)
                try:
                    plan = hearth.plan_load(info)
                    row.runs_on, row.reason = describe_plan(plan), plan.reason
                except HearthError as e:  # one odd model must not hide the others
                    row.runs_on, row.reason = translate("InstalledPanel", "can't run here"), str(e)
                rows.append(row)
            for name, path, why in hearth.models.problems():  # broken files: state on a row
                rows.append(broken_row(name, path, why))
            return rows

        def done(rows: list[ModelRow]) -> None:
            if serial == self._refresh_serial:
                self._show_rows(rows)

        self.ctx.tasks.run(body, lane="io", name="list models", success=done, owner=self)

    def _show_rows(self, rows: list[ModelRow]) -> None:
        loaded = self.ctx.loaded_model
        for r in rows:
            r.loaded = loaded is not None and r.info.name == loaded.name
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self.listed.emit(rows)
        if self._select_after_refresh:
            self.select_name(self._select_after_refresh)
            self._select_after_refresh = ""
        elif rows and self.selected() is None:
            self.table.selectRow(0)  # something is always described below
        self._update_actions()

    def _mark_loaded(self) -> None:
        self._show_rows(self.model.rows())

    def selected(self) -> ModelRow | None:
        return selected_row(self.table, self.proxy, self.model)

    def select_name(self, name: str) -> None:
        row = self.model.find_row(name)
        if row >= 0:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())

    def _update_actions(self, *_: Any) -> None:
        row = self.selected()
        busy = bool(self.ctx.loading_model)
        self.load_button.setEnabled(row is not None and not row.loaded and not busy
                                    and not row.problem)
        self.unload_button.setEnabled(self.ctx.loaded_model is not None and not busy)
        self.delete_button.setEnabled(row is not None and not busy)
        self.load_button.setText(self.tr("Loading {model}…").format(model=self.ctx.loading_model)
                                 if busy else self.tr("Load"))
        self.details.setText(self._details_html(row) if row else "")
        self.details_card.setVisible(row is not None)

    def _details_html(self, row: ModelRow) -> str:
        i = row.info
        muted = theme_color("muted", "#6b6d75").name()
        bits = [f"<b>{esc(i.name)}</b>"]
        if i.parameter_count:
            bits.append(self.tr("{n} parameters").format(n=format_params(i.parameter_count)))
        if i.n_layers:
            bits.append(self.tr("%n layers", "", i.n_layers))
        bits.append(format_bytes(i.size_bytes))
        if i.source and i.source.startswith("hf:"):
            bits.append(self.tr("from {source}").format(source=esc(i.source[3:])))
        text = " · ".join(bits)
        text += f"<br><span style='color:{muted}'>{esc(str(i.path))}</span>"
        if row.problem:
            bad = theme_color("bad", "#c0392b").name()
            text += (f"<br><span style='color:{bad}'>"
                     + self.tr("Can't be used: {problem}").format(problem=esc(row.problem))
                     + "</span> — " + self.tr("Delete removes the file."))
        elif row.loaded and self.ctx.load_plan is not None:
            plan = self.ctx.load_plan  # what the load really used (after any fallback)
            good = theme_color("good", "#1f8a4c").name()
            text += (f"<br><span style='color:{good}'>●</span> "
                     + self.tr("Loaded on <b>{where}</b> with a {n}-token context").format(
                         where=esc(describe_plan(plan)), n=number(plan.n_ctx)))
            if plan.fallback_reason:
                text += f" — {esc(plan.fallback_reason)}"
        elif row.reason:
            text += "<br>" + self.tr("Runs on <b>{where}</b>: {reason}").format(
                where=esc(row.runs_on), reason=esc(row.reason))
        return text

    # load / unload / delete -------------------------------------------------------------
    def load_selected(self) -> None:
        row = self.selected()
        if row is None or row.loaded or row.problem or self.ctx.loading_model:
            return
        self.ctx.load_model(row.info.name, failure=self.ctx.show_error)
        self._update_actions()

    def unload(self) -> None:
        self.ctx.unload_model()

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if confirm_delete(self, self.tr("Delete model"),
                          self.tr("Delete {model} ({size})?\n\nThe file is removed from "
                                  "Hearth's models folder.").format(
                              model=row.info.name, size=format_bytes(row.info.size_bytes))):
            self.delete_model(row.info.name)

    def delete_model(self, name: str) -> None:
        """Unload it first if it is the loaded one, then remove; on the model lane."""
        hearth = self.ctx.hearth
        was_loaded = self.ctx.loaded_model is not None and self.ctx.loaded_model.name == name

        def body(task: Any) -> None:
            hearth.remove_model(name)

        def done(_: Any) -> None:
            if was_loaded:
                self.ctx.model_state_changed.emit()
            self.ctx.models_changed.emit()

        self.ctx.tasks.run(body, lane="model", name=f"delete {name}", success=done,
                           failure=self.ctx.show_error)

    # import -------------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import models"), str(Path.home()),
            self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if files:
            self.import_files([Path(f) for f in files])

    def import_files(self, paths: list[Path]) -> None:
        """Import one after another on the io lane, with progress and cancel."""
        if self._import_task is not None or not paths:
            return
        hearth = self.ctx.hearth  # services are opened on the worker, not here

        def body(task: Any) -> list[Any]:
            imported = []
            for n, path in enumerate(paths, 1):
                def step(p: Progress, n: int = n, path: Path = path) -> None:
                    prefix = f"{n}/{len(paths)} " if len(paths) > 1 else ""
                    task.report(Progress(p.done, p.total, p.unit, f"{prefix}{path.name}",
                                         p.rate, p.eta_s))
                task.report(Progress(0, None, "B", path.name))
                imported.append(hearth.models.import_file(path, progress=step, cancel=task.cancel))
            return imported

        def done(infos: list[Any]) -> None:
            self.ctx.models_changed.emit()
            if infos:
                self._select_after_refresh = infos[-1].name

        def finished() -> None:
            self._import_task = None
            self.import_strip.finish()
            self.import_button.setEnabled(True)

        self.import_strip.start(self.tr("Importing {file}…").format(file=paths[0].name))
        self.import_button.setEnabled(False)
        self._import_task = self.ctx.tasks.run(
            body, lane="io", name="import models", success=done, failure=self.ctx.show_error,
            progress=self._import_progress, finished=finished, owner=self)

    def _import_progress(self, p: Progress) -> None:
        text = self.tr("Importing {file}").format(file=p.message)
        if p.fraction is not None:
            text += " — " + self.tr("{done} of {total}").format(
                done=format_bytes(p.done), total=format_bytes(p.total))
            if p.eta_s is not None:
                text += ", " + self.tr("{time} left").format(time=format_eta(p.eta_s))
        self.import_strip.update(text, p.fraction)

    def cancel_import(self) -> None:
        if self._import_task is not None:
            self._import_task.cancel()

    @property
    def importing(self) -> bool:
        return self._import_task is not None

    # drag and drop -----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        models, _ = model_paths_from_mime(event.mimeData())
        if models and not self.importing:
            event.acceptProposedAction()
        else:
            event.ignore()

    dragMoveEvent = dragEnterEvent  # type: ignore[assignment]

    def dropEvent(self, event: QDropEvent) -> None:
        models, others = model_paths_from_mime(event.mimeData())
        if not models:
            event.ignore()
            return
        event.acceptProposedAction()
        if others:
            self.ctx.show_error(
                self.tr("Skipped %n files that are not GGUF models.", "", len(others)),
                self.tr("Only .gguf files can be imported; MLC models come from the Hub."))
        self.import_files(models)


class ModelsPage(QWidget):
    """Installed | Discover | Downloads, in tabs under one header."""

    downloads_active = Signal(int)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.installed = InstalledPanel(ctx)
        self.downloads = DownloadsPanel(ctx)
        self.discover = DiscoverPanel(ctx)
        self.discover.download_started.connect(self._download_started)
        self.downloads.unfinished_count_changed.connect(self._update_downloads_tab)
        self.downloads.downloads_listed.connect(self.discover.show_downloads)
        self.downloads.model_downloaded.connect(self._model_downloaded)
        self.downloads.show_model_requested.connect(self.show_model)
        self.installed.listed.connect(
            lambda rows: self.discover.set_installed({r.info.source for r in rows
                                                      if r.info.source}))

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)  # Fusion's base line is too bright in dark mode
        self.tabs.addTab(self.installed, self.tr("Installed"))
        self.tabs.addTab(self.discover, self.tr("Discover"))
        self.tabs.addTab(self.downloads, self.tr("Downloads"))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 20, 24, 16)
        lay.addWidget(page_header(
            self.tr("Models"),
            self.tr("Models on this computer, and more from Hugging Face sized for it.")))
        lay.addWidget(self.tabs, 1)
        self.page_activated()

    # hooks the main window calls -----------------------------------------------------
    def page_activated(self) -> None:
        self.installed.refresh()
        self.downloads.refresh()

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.discover)
        self.discover.query.setFocus()

    def show_tab(self, name: str) -> None:
        tab = {"installed": self.installed, "discover": self.discover,
               "downloads": self.downloads}[name]
        self.tabs.setCurrentWidget(tab)

    def show_model(self, name: str) -> None:
        """The Installed tab with `name` selected (e.g. from a finished download)."""
        self.tabs.setCurrentWidget(self.installed)
        self.installed.select_name(name)

    def _download_started(self, _id: str) -> None:
        self.downloads.refresh()

    def _update_downloads_tab(self, unfinished: int) -> None:
        """The count includes paused downloads: they are not done and wait for you."""
        index = self.tabs.indexOf(self.downloads)
        self.tabs.setTabText(index, self.tr("Downloads ({n})").format(n=unfinished)
                             if unfinished else self.tr("Downloads"))
        self.downloads_active.emit(unfinished)

    def _model_downloaded(self, name: str) -> None:
        self.ctx.models_changed.emit()

"""The download queue: progress bars, speed, ETA, pause / resume / cancel / retry.

The hub runs transfers on its own threads and keeps their state; this panel *pulls*
`hub.downloads()` (an in-memory snapshot) every 100 ms while something is moving, instead
of receiving a signal per chunk. A failed download stays on its row with the reason.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.qtmodels.downloads_table import ACTIVE, DownloadTableModel
from desktop.qtmodels.models_rows import ROW_ROLE, VALUE_ROLE, theme_color
from desktop.views.library_ui import setup_table, sorted_proxy
from desktop.widgets.common import selected_row

POLL_MS = 100


class ProgressDelegate(QStyledItemDelegate):
    """A slim bar under the "x of y" text; green when done, red when failed."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        row = index.data(ROW_ROLE)
        frac = index.data(VALUE_ROLE)
        rect = option.rect.adjusted(8, 4, -8, -5)
        bar_h = 6
        text_rect = QRect(rect.left(), rect.top(), rect.width(), rect.height() - bar_h - 2)
        bar = QRect(rect.left(), rect.bottom() - bar_h + 1, rect.width(), bar_h)
        pal = option.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pal.color(QPalette.ColorRole.Text))  # the theme keeps text on selection
        font = option.font
        font.setPointSizeF(font.pointSizeF() * 0.9)
        painter.setFont(font)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         text)
        track = theme_color("border", pal.color(QPalette.ColorRole.Mid).name())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, bar_h / 2, bar_h / 2)
        state = row.state if row is not None else ""
        if state == "failed":
            fill = theme_color("bad", "#c0392b")
        elif state == "done":
            fill = theme_color("good", "#1f8a4c")
        elif state in ("paused", "cancelled"):
            fill = theme_color("muted", "#6b6d75")
        else:
            fill = theme_color("accent", pal.color(QPalette.ColorRole.Highlight).name())
        if frac is not None and frac > 0:
            done = QRect(bar.left(), bar.top(), max(bar_h, int(bar.width() * frac)), bar_h)
            painter.setBrush(fill)
            painter.drawRoundedRect(done, bar_h / 2, bar_h / 2)
        painter.restore()


class DownloadsPanel(QWidget):
    active_count_changed = Signal(int)
    model_downloaded = Signal(str)  # the registered model's name
    show_model_requested = Signal(str)  # double-click on a finished download

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = DownloadTableModel(self)
        self._announced: set[str] = set()  # ids whose "done" was already announced
        self._seen_done_before_start: set[str] | None = None
        self._active = -1
        self._opened = False  # the hub's queue was opened (on the io lane)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

        self.table = QTableView()
        self.proxy = sorted_proxy(self.model, self)
        self.table.setModel(self.proxy)
        setup_table(self.table)
        self.table.setSortingEnabled(False)  # queue order
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.setItemDelegateForColumn(1, ProgressDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, header.ResizeMode.Fixed)
        header.setSectionResizeMode(4, header.ResizeMode.Stretch)  # room for a failure's reason
        self.table.setColumnWidth(1, 240)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.doubleClicked.connect(self._open_selected)

        self.empty = QLabel(self.tr("<h3>No downloads</h3><p>Pick a model on the <b>Discover</b> "
                                    "tab and press <b>Download</b>.<br>Interrupted downloads "
                                    "resume where they stopped.</p>"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyState")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        self.pause_button = QPushButton(self.tr("Pause"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.retry_button = QPushButton(self.tr("Retry"))
        self.pause_button.clicked.connect(lambda: self._act("pause"))
        self.resume_button.clicked.connect(lambda: self._act("resume"))
        self.cancel_button.clicked.connect(lambda: self._act("cancel"))
        self.retry_button.clicked.connect(self.retry_selected)
        self.summary = QLabel()
        self.summary.setProperty("subtle", True)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        for b in (self.pause_button, self.resume_button, self.cancel_button, self.retry_button):
            bar.addWidget(b)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 10, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.stack, 1)
        self._update_actions()

    # polling ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Start polling. The first call runs off the GUI thread: it may create the hub
        service and read the queue left by an earlier session from disk."""
        if self._opened:
            self.poll()
            return
        hearth = self.ctx.hearth

        def opened(downloads: list[Any]) -> None:
            self._opened = True
            self._show(downloads)

        self.ctx.tasks.run(lambda t: hearth.hub.downloads(), lane="io", name="open hub",
                           success=opened, failure=self.ctx.show_error, owner=self)

    def poll(self) -> None:
        if not self._opened:
            self._timer.stop()
            return
        self._show(self.ctx.hearth.hub.downloads())  # an in-memory snapshot: cheap

    def _show(self, downloads: list[Any]) -> None:
        downloads = list(downloads)
        if self._seen_done_before_start is None:  # finished in an earlier session
            self._seen_done_before_start = {d.id for d in downloads if d.state == "done"}
            self._announced |= self._seen_done_before_start
        self.model.set_rows(downloads)
        self.stack.setCurrentWidget(self.table if downloads else self.empty)
        for d in downloads:
            if d.state == "done" and d.id not in self._announced:
                self._announced.add(d.id)
                self.model_downloaded.emit(d.model_name or "")
        active = sum(1 for d in downloads if d.state in ACTIVE)
        if active != self._active:
            self._active = active
            self.active_count_changed.emit(active)
        if active and not self._timer.isActive():
            self._timer.start()
        elif not active and self._timer.isActive():
            self._timer.stop()
        self._update_summary(downloads)
        self._update_actions()

    def _update_summary(self, downloads: list[Any]) -> None:
        from desktop.formats import size as format_bytes

        moving = [d for d in downloads if d.state == "downloading"]
        if moving:
            rate = sum(d.rate or 0 for d in moving)
            self.summary.setText(self.tr("%n downloading", "", len(moving))
                                 + f" · {format_bytes(rate)}/s")
        else:
            failed = sum(1 for d in downloads if d.state == "failed")
            self.summary.setText(self.tr("%n failed", "", failed) if failed else "")

    # actions --------------------------------------------------------------------------
    def selected(self) -> Any:
        return selected_row(self.table, self.proxy, self.model)

    def _update_actions(self, *_: Any) -> None:
        d = self.selected()
        state = d.state if d is not None else ""
        self.pause_button.setEnabled(state in ("queued", "downloading"))
        self.resume_button.setEnabled(state == "paused")
        self.cancel_button.setEnabled(state in ("queued", "downloading", "paused", "verifying"))
        self.retry_button.setEnabled(state in ("failed", "cancelled"))

    def _open_selected(self, *_: Any) -> None:
        d = self.selected()
        if d is not None and d.state == "done" and d.model_name:
            self.show_model_requested.emit(d.model_name)

    def _act(self, action: str) -> None:
        d = self.selected()
        if d is None:
            return
        hearth = self.ctx.hearth  # services are opened on the worker, not here
        self.ctx.tasks.run(lambda t: getattr(hearth.hub, action)(d.id), lane="io",
                           name=f"{action} download", success=lambda _: self.refresh(),
                           failure=self.ctx.show_error, owner=self)

    def retry_selected(self) -> None:
        """A failed download resumes from its partial file; a cancelled one starts over."""
        d = self.selected()
        if d is None:
            return
        hearth = self.ctx.hearth
        if d.state == "failed":
            def body(t: Any) -> Any:
                return hearth.hub.resume(d.id)
        else:
            def body(t: Any) -> Any:
                return hearth.hub.start(d.repo, d.file)
        self.ctx.tasks.run(body, lane="io", name="retry download",
                           success=lambda _: self.refresh(), failure=self.ctx.show_error,
                           owner=self)

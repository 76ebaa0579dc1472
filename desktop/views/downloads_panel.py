"""The download queue: progress bars, speed, ETA, pause / resume / cancel / retry.

The hub runs transfers on its own threads and keeps their state; this panel *pulls*
`hub.downloads()` (an in-memory snapshot) every 100 ms while something is moving, instead
of receiving a signal per chunk. A failed download stays on its row with the reason.
Each row has its own buttons for what its state allows; the toolbar and the context menu
act on the selected row, for the keyboard.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.qtmodels.downloads_table import (
    ACTION_SETS,
    ACTIONS_COLUMN,
    MOVING,
    UNFINISHED,
    DownloadTableModel,
    action_text,
    eta_text,
    row_actions,
    speed_text,
)
from desktop.qtmodels.models_rows import ROW_ROLE, VALUE_ROLE, theme_color
from desktop.views.library_ui import TableView, setup_table, sorted_proxy
from desktop.widgets.common import selected_row
from desktop.widgets.row_buttons import RowButtonsDelegate, buttons_width

POLL_MS = 100
NARROW = 760  # below this panel width the speed and ETA go into the progress cell
SPEED, ETA = 2, 3  # their columns


class ProgressDelegate(QStyledItemDelegate):
    """A slim bar under the "x of y" text; green when done, red when failed. In a narrow
    window the speed and ETA columns are hidden and their text joins this one."""

    with_speed = False

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        row = index.data(ROW_ROLE)
        if self.with_speed and row is not None:
            text = " · ".join(t for t in (text, speed_text(row), eta_text(row)) if t)
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
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
        text = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                text_rect.width())
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
    unfinished_count_changed = Signal(int)  # moving or paused: the tab's count
    downloads_listed = Signal(list)  # each snapshot shown (Discover shows its file's progress)
    model_downloaded = Signal(str)  # the registered model's name
    show_model_requested = Signal(str)  # double-click or Show on a finished download

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = DownloadTableModel(self)
        self._announced: set[str] = set()  # ids whose "done" was already announced
        self._seen_done_before_start: set[str] | None = None
        self._unfinished = -1
        self._opened = False  # the hub's queue was opened (on the io lane)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

        self.table = TableView()
        self.proxy = sorted_proxy(self.model, self)
        self.table.setModel(self.proxy)
        setup_table(self.table)
        self.table.setSortingEnabled(False)  # queue order
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.progress = ProgressDelegate(self.table)
        self.table.setItemDelegateForColumn(1, self.progress)
        self.row_buttons = RowButtonsDelegate(action_text, lambda d: d.id, self.table)
        self.row_buttons.clicked.connect(self.act_on)
        self.table.setItemDelegateForColumn(ACTIONS_COLUMN, self.row_buttons)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, header.ResizeMode.Fixed)
        header.setSectionResizeMode(4, header.ResizeMode.Stretch)  # room for a failure's reason
        # As wide as the widest set of buttons, so a row's buttons never shift or clip
        # when its state changes.
        header.setSectionResizeMode(ACTIONS_COLUMN, header.ResizeMode.Fixed)
        self.table.setColumnWidth(ACTIONS_COLUMN, buttons_width(
            ACTION_SETS, action_text, self.table.fontMetrics()) + 4)
        self.table.setColumnWidth(1, 240)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.doubleClicked.connect(self._open_selected)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

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

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # At the smallest window the two extra columns would leave the model's name a few
        # letters; their text moves into the progress cell instead.
        narrow = self.width() < NARROW
        if narrow != self.progress.with_speed:
            self.progress.with_speed = narrow
            self.table.setColumnHidden(SPEED, narrow)
            self.table.setColumnHidden(ETA, narrow)
            self.table.setColumnWidth(1, 220 if narrow else 240)
            self.table.viewport().update()

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
        unfinished = sum(1 for d in downloads if d.state in UNFINISHED)
        if unfinished != self._unfinished:
            self._unfinished = unfinished
            self.unfinished_count_changed.emit(unfinished)
        moving = any(d.state in MOVING for d in downloads)  # a paused one needs no polling
        if moving and not self._timer.isActive():
            self._timer.start()
        elif not moving and self._timer.isActive():
            self._timer.stop()
        self._update_summary(downloads)
        self._update_actions()
        self.downloads_listed.emit(downloads)

    def _update_summary(self, downloads: list[Any]) -> None:
        """E.g. "1 downloading · 1 paused · 1.5 MB/s"."""
        from desktop.formats import size as format_bytes

        def count(*states: str) -> int:
            return sum(1 for d in downloads if d.state in states)

        bits = []
        if n := count("downloading", "verifying"):
            bits.append(self.tr("%n downloading", "", n))
        if n := count("queued"):
            bits.append(self.tr("%n queued", "", n))
        if n := count("paused"):
            bits.append(self.tr("%n paused", "", n))
        if n := count("failed"):
            bits.append(self.tr("%n failed", "", n))
        rate = sum(d.rate or 0 for d in downloads if d.state == "downloading")
        if rate:
            bits.append(f"{format_bytes(rate)}/s")
        self.summary.setText(" · ".join(bits))

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
        if d is not None:
            self.act_on(d, "show")

    def _context_menu(self, pos: QPoint) -> None:
        """The row's actions; from the menu key, the current row's."""
        index = self.table.indexAt(pos)
        if not index.isValid():
            index = self.table.currentIndex()
            pos = self.table.visualRect(index).center()
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        d = index.data(ROW_ROLE)
        keys = row_actions(d) if d is not None else ()
        if not keys:
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for key in keys:
            action = menu.addAction(action_text(key))
            action.triggered.connect(lambda *_, key=key: self.act_on(d, key))
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def act_on(self, d: Any, action: str) -> None:
        """One row's action, from its button, the toolbar or the context menu."""
        if action == "show":
            if d.state == "done" and d.model_name:
                self.show_model_requested.emit(d.model_name)
        elif action == "retry":
            self.retry(d)
        else:
            self._run(d, action)

    def _act(self, action: str) -> None:
        d = self.selected()
        if d is not None:
            self._run(d, action)

    def _run(self, d: Any, action: str) -> None:
        hearth = self.ctx.hearth  # services are opened on the worker, not here
        self.ctx.tasks.run(lambda t: getattr(hearth.hub, action)(d.id), lane="io",
                           name=f"{action} download", success=lambda _: self.refresh(),
                           failure=self.ctx.show_error, owner=self)

    def retry_selected(self) -> None:
        d = self.selected()
        if d is not None:
            self.retry(d)

    def retry(self, d: Any) -> None:
        """A failed download resumes from its partial file; a cancelled one starts over."""
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

"""Libraries page: the list of libraries (create, rename, delete) beside the chosen one.

Listing reads every library's manifest, so it runs on the io lane; create/rename are quick
metadata writes (io); delete waits on the index lane behind any running job, which it
cancels first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QPainter, QPalette, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import translate
from desktop.qtmodels.library_tables import LibraryListModel, library_summary
from desktop.qtmodels.models_rows import ROW_ROLE, theme_color
from desktop.views.library_detail import LibraryDetail
from desktop.views.library_ui import page_header, primary
from desktop.widgets.common import confirm_delete


class LibraryItemDelegate(QStyledItemDelegate):
    """Two lines per library: the name, and "12 files · 340 chunks" in the muted colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        info = index.data(ROW_ROLE)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        r = option.rect.adjusted(12, 6, -10, -6)
        half = r.height() // 2
        painter.save()
        font = QFont(option.font)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        fm = QFontMetrics(font)
        painter.drawText(r.adjusted(0, 0, 0, -half), Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(info.name, Qt.TextElideMode.ElideRight, r.width()))
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        painter.setFont(small)
        painter.setPen(theme_color("muted", "#6b6d75"))
        watching = " · " + translate("LibrariesPage", "watching") if info.watching else ""
        summary = library_summary(info) + watching
        if getattr(info, "problem", ""):
            summary = "⚠ " + translate("LibrariesPage", "damaged: select it to repair")
        painter.drawText(r.adjusted(0, half, 0, 0), Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(small).elidedText(summary, Qt.TextElideMode.ElideRight,
                                                        r.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, QFontMetrics(option.font).height() * 2 + 16)


class LibrariesPage(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._serial = 0
        self._want = ""  # library to select after the next refresh

        self.libraries = LibraryListModel(self)
        self.list_view = QListView()
        self.list_view.setObjectName("libraryList")
        self.list_view.setModel(self.libraries)
        self.list_view.setUniformItemSizes(True)
        self.list_view.setItemDelegate(LibraryItemDelegate(self.list_view))
        self.list_view.setSpacing(1)
        # Names elide in the delegate; a horizontal bar under one short name was only noise.
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.selectionModel().currentChanged.connect(self._current_changed)
        self.list_view.doubleClicked.connect(lambda _: self.rename_selected())
        self.new_button = primary(QPushButton(self.tr("New library…")))
        self.new_button.clicked.connect(self.ask_new_library)
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.clicked.connect(self.delete_selected)
        side = QFrame()
        side.setObjectName("librarySide")
        # A quarter of the page, within these bounds: a narrow window keeps room for the
        # library's own buttons.
        side.setMinimumWidth(190)
        side.setMaximumWidth(260)
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.new_button)
        sl.addWidget(self.list_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        sl.addLayout(row)

        self.detail = LibraryDetail(ctx)
        self.detail.changed.connect(self.refresh)
        self.detail.indexing_changed.connect(lambda _: self._update_actions())
        self.empty = QLabel(self.tr(
            "<h3>No libraries yet</h3><p>A library is a set of folders and files that Hearth "
            "indexes on this computer,<br>so chats can search them and cite the page an "
            "answer came from.</p><p>Press <b>New library…</b> to start.</p>"))
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.detail)

        body = QHBoxLayout()
        body.setSpacing(18)
        body.addWidget(side, 1)
        body.addWidget(self.stack, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 20, 24, 16)
        lay.addWidget(page_header(
            self.tr("Libraries"),
            self.tr("Your documents, indexed on this computer for grounded answers.")))
        lay.addSpacing(8)
        lay.addLayout(body, 1)

        QShortcut(QKeySequence.StandardKey.Delete, self.list_view, self.delete_selected,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("F2"), self.list_view, self.rename_selected,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.libraries_changed.connect(self.refresh)
        self._update_actions()
        self.refresh()

    # hooks the main window calls -----------------------------------------------------
    def page_activated(self) -> None:
        self.refresh()

    def focus_search(self) -> None:
        if self.detail.name:
            self.detail.tabs.setCurrentWidget(self.detail.search_panel)
            self.detail.search_panel.query.setFocus()

    # list -----------------------------------------------------------------------------
    def refresh(self) -> None:
        self._serial += 1
        serial = self._serial
        hearth = self.ctx.hearth

        def body(task: Any) -> list[Any]:
            infos = hearth.libraries.list()  # the first call opens the service here
            return sorted(infos, key=lambda i: i.name.casefold())

        def done(infos: list[Any]) -> None:
            if serial == self._serial:
                self._show(infos)

        self.ctx.tasks.run(body, lane="io", name="list libraries", success=done,
                           failure=self.ctx.show_error, owner=self)

    def _show(self, infos: list[Any]) -> None:
        current = self._want or self.detail.name
        self._want = ""
        self.libraries.set_rows(infos)
        row = self.libraries.find(current) if current else -1
        if row < 0 and infos:
            row = 0
        if row >= 0:
            index = self.libraries.index(row)
            self.list_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.detail.set_info(infos[row])  # fresh numbers even when already current
            self.stack.setCurrentWidget(self.detail)
        else:
            self.stack.setCurrentWidget(self.empty)
        self._update_actions()

    def _current_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.detail.set_info(self.libraries.row_at(current.row()))
            self.stack.setCurrentWidget(self.detail)
        self._update_actions()

    def selected_name(self) -> str:
        index = self.list_view.currentIndex()
        return self.libraries.row_at(index.row()).name if index.isValid() else ""

    def _update_actions(self) -> None:
        has = bool(self.selected_name())
        # The running job refers to the library by name: no renaming under it.
        readable = self.detail.info is None or self.detail.info.readable
        self.rename_button.setEnabled(has and readable and not self.detail.indexing)
        self.delete_button.setEnabled(has)

    # create / rename / delete ------------------------------------------------------------
    def ask_new_library(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New library"), self.tr("Name:"))
        if ok and name.strip():
            self.create_library(name.strip())

    def create_library(self, name: str) -> None:
        hearth = self.ctx.hearth  # services are opened on the worker, not here

        def done(info: Any) -> None:
            self._want = info.name
            self.ctx.libraries_changed.emit()

        self.ctx.tasks.run(lambda t: hearth.libraries.create(name), lane="io",
                           name="create library",
                           success=done, failure=self.ctx.show_error, owner=self)

    def rename_selected(self) -> None:
        old = self.selected_name()
        if not old:
            return
        new, ok = QInputDialog.getText(self, self.tr("Rename library"), self.tr("New name:"),
                                       text=old)
        if ok and new.strip() and new.strip() != old:
            self.rename_library(old, new.strip())

    def rename_library(self, old: str, new: str) -> None:
        if self.detail.indexing:
            return
        hearth = self.ctx.hearth

        def done(info: Any) -> None:
            self._want = info.name
            if self.detail.name == old:
                self.detail.set_info(info)
            self.ctx.libraries_changed.emit()

        self.ctx.tasks.run(lambda t: hearth.libraries.rename(old, new), lane="io",
                           name="rename library", success=done, failure=self.ctx.show_error,
                           owner=self)

    def delete_selected(self) -> None:
        name = self.selected_name()
        if not name:
            return
        if confirm_delete(self, self.tr("Delete library"),
                          self.tr("Delete the library “{name}”?\n\nIts index is removed; your "
                                  "documents are not touched.").format(name=name)):
            self.delete_library(name)

    def delete_library(self, name: str) -> None:
        if self.detail.name == name:
            self.detail.cancel_index()
        hearth = self.ctx.hearth

        def done(_: Any) -> None:
            if self.detail.name == name:
                self.detail.name = ""
                self.detail.info = None
            self.ctx.libraries_changed.emit()

        info = self.detail.info if self.detail.name == name else None
        key = info.id if info is not None and not info.readable else name  # damaged: by id
        self.ctx.tasks.run(lambda t: hearth.libraries.delete(key), lane="index",
                           name="delete library", success=done, failure=self.ctx.show_error,
                           owner=self)

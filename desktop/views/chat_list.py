"""The chat list: search, new chat, and per-chat rename / delete / export (context menu)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.widgets.common import confirm_delete

log = logging.getLogger(__name__)
ID_ROLE = Qt.ItemDataRole.UserRole


class ChatListPanel(QFrame):
    chat_selected = Signal(object)  # chat id (an int), None when the selection went away
    new_chat_requested = Signal()
    chat_deleted = Signal(object)
    reloaded = Signal()  # the list was refilled
    renamed = Signal(object, str)  # chat id, title (saved)
    exported = Signal(str)  # the file written

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("panel")
        self.setMinimumWidth(180)
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 14, 8, 12)
        col.setSpacing(8)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search chats"))
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip(self.tr("New chat (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_chat_requested)
        top.addWidget(self.new_button)
        col.addLayout(top)
        self.list = QListWidget()
        self.list.setObjectName("chatList")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setUniformItemSizes(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemDoubleClicked.connect(lambda item: self.rename(item.data(ID_ROLE)))
        col.addWidget(self.list, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self._quiet = False
        self._serial = 0
        self._after_delete: int | None = None

    @property
    def chats(self) -> Any:
        return self.ctx.hearth.chats

    def reload(self, select: Any = None, announce: bool = False) -> None:
        """Refill from the store (an indexed query on the store lane), keeping or setting
        the selection. Only the newest request's answer is shown.

        The selection it restores is not announced (no chat_selected) unless `announce`:
        the answer can come late, and a stale "open chat 3" would take the page back to
        a chat the user has left (New chat pressed meanwhile)."""
        keep = select if select is not None else self.current_id()
        search = self.search.text().strip() or None
        self._serial += 1
        serial = self._serial

        def fill(chats: list[Any]) -> None:
            if serial == self._serial:
                self._fill(chats, keep, announce)

        self.ctx.tasks.run(lambda _t: self.chats.list(search), lane="store", name="list chats",
                           success=fill, failure=self.ctx.show_error, owner=self)

    def _fill(self, chats: list[Any], keep: Any, announce: bool = False) -> None:
        self._quiet = True
        self.list.clear()
        current = None
        for chat in chats:
            item = QListWidgetItem(chat.title or self.tr("New chat"))
            item.setData(ID_ROLE, chat.id)
            item.setToolTip(f"{chat.title}\n{chat.model or self.tr('no model chosen')}")
            self.list.addItem(item)
            if chat.id == keep:
                current = item
        self._quiet = False
        if current is not None:
            self._quiet = not announce
            self.list.setCurrentItem(current)
            self._quiet = False
        elif self._after_delete is not None and self.list.count():
            self.list.setCurrentRow(min(self._after_delete, self.list.count() - 1))
        self._after_delete = None
        self.reloaded.emit()

    def current_id(self) -> Any:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def select(self, chat_id: Any) -> None:
        """Select (and so open) `chat_id`; None clears the selection quietly (a new chat)."""
        if chat_id is None:
            self._serial += 1  # a reload on its way must not bring the old selection back
            self._quiet = True
            self.list.setCurrentItem(None)  # type: ignore[arg-type]
            self.list.clearSelection()
            self._quiet = False
            self.reload()
            return
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == chat_id:
                self.list.setCurrentRow(i)
                return
        self.reload(select=chat_id, announce=True)

    def set_title(self, chat_id: Any, title: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(ID_ROLE) == chat_id:
                item.setText(title)

    def _current_changed(self, current: QListWidgetItem | None, _prev: Any) -> None:
        if not self._quiet:
            self.chat_selected.emit(current.data(ID_ROLE) if current is not None else None)

    # context menu actions --------------------------------------------------------------
    def _menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        chat_id = item.data(ID_ROLE)
        menu = QMenu(self)
        menu.addAction(self.tr("Rename…"), lambda: self.rename(chat_id))
        menu.addAction(self.tr("Export as Markdown…"), lambda: self.export(chat_id, "md"))
        menu.addAction(self.tr("Export as JSON…"), lambda: self.export(chat_id, "json"))
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), lambda: self.delete(chat_id))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def _title_of(self, chat_id: Any) -> str:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(ID_ROLE) == chat_id:
                return str(item.text())
        return ""

    def rename(self, chat_id: Any, title: str | None = None) -> None:
        if title is None:
            title, ok = QInputDialog.getText(self, self.tr("Rename chat"), self.tr("Title:"),
                                             text=self._title_of(chat_id))
            if not ok:
                return
        title = title.strip()
        if not title:
            return
        self.set_title(chat_id, title)
        self.ctx.tasks.run(lambda _t: self.chats.rename(chat_id, title), lane="store",
                           name="rename chat", success=lambda _c: self.renamed.emit(chat_id, title),
                           failure=self._failed, owner=self)

    def delete(self, chat_id: Any, confirm: bool = True) -> None:
        if confirm and not confirm_delete(
            self, self.tr("Delete chat"),
            self.tr("Delete “{title}” and all its messages?").format(title=self._title_of(chat_id))
        ):
            return
        row = self.list.currentRow()

        def done(_: Any) -> None:
            self.chat_deleted.emit(chat_id)
            self._after_delete = row
            self.reload()

        self.ctx.tasks.run(lambda _t: self.chats.delete(chat_id), lane="store",
                           name="delete chat", success=done, failure=self._failed, owner=self)

    def _failed(self, e: BaseException) -> None:
        self.ctx.show_error(e)
        self.reload()

    def export(self, chat_id: Any, fmt: str, path: str | None = None) -> None:
        if path is None:
            title = self._title_of(chat_id)
            safe = "".join(c for c in title if c.isalnum() or c in " -_").strip() or "chat"
            filt = self.tr("Markdown (*.md)") if fmt == "md" else self.tr("JSON (*.json)")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export chat"), f"{safe}.{fmt}",
                                                  filt)
            if not path:
                return
        target = Path(path)

        self.ctx.tasks.run(lambda _t: self.chats.export(chat_id, fmt, target), lane="store", name="export chat",
                           success=lambda _: self.exported.emit(str(target)),
                           failure=self.ctx.show_error, owner=self)
